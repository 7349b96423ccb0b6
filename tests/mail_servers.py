"""Mail servers that fail in the ways real ones do, as email backends for tests: built on
Django's in-memory backend, so what they accept lands in `mail.outbox`."""

import smtplib

from django.core import mail
from django.core.mail.backends import locmem

# Address -> SMTP code that RefusingBackend answers for it; tests fill it and clear it.
REFUSED: dict[str, int] = {}


class RefusingBackend(locmem.EmailBackend):
    """Refuses the addresses in REFUSED with their code (5xx: for good, 4xx: for now), as
    a server answers RCPT TO; accepts the rest."""

    def send_messages(self, messages):
        for message in messages:
            refused = {address: REFUSED[address] for address in message.to if address in REFUSED}
            if refused:
                raise smtplib.SMTPRecipientsRefused(
                    {address: (code, b"Refused") for address, code in refused.items()}
                )
        return super().send_messages(messages)


class GoneAfterOne(locmem.EmailBackend):
    """Takes one email, then fails as a mail server that went away."""

    def send_messages(self, messages):
        if mail.outbox:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
