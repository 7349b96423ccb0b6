"""The reminder benchmark's email backend: builds every message as SMTP would send it,
then drops it, so the benchmark measures the worker and not a disk or a mail server."""

from django.core.mail.backends.base import BaseEmailBackend


class DiscardingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            # What the SMTP backend does to each message before handing it over.
            message.message().as_bytes(linesep="\r\n")
        return len(email_messages)
