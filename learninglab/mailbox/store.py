"""Reading what Django's file-based email backend wrote, for the development mailbox."""

import datetime
import email
import email.policy
import os
import re
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

# Django's file backend names files "<date>-<time>-<number>.log" and ends every
# message in a file with a line of 79 dashes.
FILE_NAME = re.compile(r"[0-9A-Za-z_-]+\.log")
SEPARATOR = b"\n" + b"-" * 79 + b"\n"


@dataclass(frozen=True)
class MailboxMessage:
    """One message from the mailbox: where it is stored and what it says."""

    file_name: str
    index: int
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message.get("Subject", ""))

    @property
    def to(self) -> str:
        return str(self.message.get("To", ""))

    @property
    def date(self) -> datetime.datetime | None:
        moment = getattr(self.message.get("Date"), "datetime", None)
        if moment is not None and moment.tzinfo is None:
            # Django writes "-0000" (UTC, zone not stated), which parses as naive.
            moment = moment.replace(tzinfo=datetime.UTC)
        return moment

    @property
    def headers(self) -> list[tuple[str, str]]:
        return [(name, str(value)) for name, value in self.message.items()]

    def _body(self, subtype: str) -> str:
        part = self.message.get_body(preferencelist=(subtype,))
        if part is None or part.get_content_subtype() != subtype:
            return ""
        return part.get_content()

    @property
    def text(self) -> str:
        return self._body("plain")

    @property
    def html(self) -> str:
        return self._body("html")

    @property
    def attachments(self) -> list[str]:
        return [part.get_filename() or "" for part in self.message.iter_attachments()]

    def sort_key(self):
        moment = self.date or datetime.datetime.min.replace(tzinfo=datetime.UTC)
        return (moment, self.file_name, self.index)


class Mailbox:
    """The messages in one folder written by `django.core.mail.backends.filebased`.

    Reads and parses every file on each call: meant for a developer's handful of
    messages, never for production.
    """

    def __init__(self, directory):
        self.directory = Path(directory)

    def file_names(self) -> set[str]:
        """Only names the backend could have written; nothing from outside the folder."""
        try:
            names = os.listdir(self.directory)
        except FileNotFoundError:
            return set()
        return {
            name
            for name in names
            if FILE_NAME.fullmatch(name) and (self.directory / name).is_file()
        }

    def _messages_in(self, name: str) -> list[MailboxMessage]:
        data = (self.directory / name).read_bytes()
        chunks = [chunk for chunk in data.split(SEPARATOR) if chunk.strip()]
        return [
            MailboxMessage(
                name,
                index,
                email.message_from_bytes(chunk, policy=email.policy.default),
            )
            for index, chunk in enumerate(chunks)
        ]

    def messages(self) -> list[MailboxMessage]:
        """Every message, newest first."""
        found = [m for name in self.file_names() for m in self._messages_in(name)]
        return sorted(found, key=MailboxMessage.sort_key, reverse=True)

    def get(self, name: str, index: int) -> MailboxMessage | None:
        # The name must be one the folder listing gave, so no path can be smuggled in.
        if name not in self.file_names():
            return None
        messages = self._messages_in(name)
        if not 0 <= index < len(messages):
            return None
        return messages[index]
