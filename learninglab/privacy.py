"""The personal-data registry: what each app holds about a person, and how to export
and erase it.

Each app declares its part in a `privacy.py` module (found at start-up, like admin.py):

    from learninglab import privacy

    privacy.register(
        "courses.memberships",
        models=[Membership],
        export=lambda user: [...],   # JSON-serialisable
        erase=lambda user: ...,      # removes or anonymises, never fails if nothing is there
        files=lambda user: [...],    # optional: (name in the download, storage, name there)
        warn=lambda user: [...],     # optional: what the person should know before erasing
    )

A person's download of their data (`learninglab.accounts.personal_data`) and the
erasure of their account walk this registry, so a new feature plugs in by registering,
without touching the others. Erase functions run in one transaction, before the account
entry anonymises the user row; files go once it commits (say so with
`transaction.on_commit`, or let a post_delete receiver do it). A test checks that every
model pointing at the user model is covered by some entry.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

# A file an entry holds about a person, for their download: its name in the download,
# the storage it is in, and its name there.
PersonFile = tuple[str, Storage, str]


@dataclass(frozen=True)
class PersonalData:
    name: str
    models: tuple[type[models.Model], ...]
    export: Callable[[Any], Any]
    erase: Callable[[Any], None]
    files: Callable[[Any], Iterable[PersonFile]] | None = None
    warn: Callable[[Any], Iterable[str]] | None = None


_registry: dict[str, PersonalData] = {}


def register(
    name: str,
    *,
    models: Iterable[type[models.Model]],
    export: Callable[[Any], Any],
    erase: Callable[[Any], None],
    files: Callable[[Any], Iterable[PersonFile]] | None = None,
    warn: Callable[[Any], Iterable[str]] | None = None,
) -> None:
    if name in _registry:
        raise ValueError(f"Personal data {name!r} is registered twice.")
    _registry[name] = PersonalData(name, tuple(models), export, erase, files, warn)


def entries() -> list[PersonalData]:
    return list(_registry.values())


def covered_models() -> set[type[models.Model]]:
    return {model for entry in _registry.values() for model in entry.models}


def export_person(user) -> dict[str, Any]:
    """Everything the registry knows about `user`, by entry name. Costs queries per entry."""
    return {entry.name: entry.export(user) for entry in _registry.values()}


def person_files(user) -> list[tuple[str, PersonFile]]:
    """The files entries hold about `user`, as (entry name, file), for their download."""
    return [
        (entry.name, file)
        for entry in _registry.values()
        if entry.files is not None
        for file in entry.files(user)
    ]


def warnings_before_erasure(user) -> list[str]:
    """What erasing `user` would leave others without (say, a programme without its
    coordinator), for the confirmation page."""
    return [
        str(warning)
        for entry in _registry.values()
        if entry.warn is not None
        for warning in entry.warn(user)
    ]


@transaction.atomic
def erase_person(user) -> None:
    """Erase `user`'s personal data in every app. The account entry runs last."""
    for entry in sorted(_registry.values(), key=lambda entry: entry.name == "accounts.user"):
        entry.erase(user)


# What an erased person is called wherever their name was, in the team's history too.
FORMER_MEMBER = _("former member")


def identifiers(user) -> list[str]:
    """How `user` may have been written down elsewhere (their name, their addresses), as
    erase functions look for it in text copied from the account: log entries, messages
    sent to others. One query, for the addresses allauth knows."""
    from allauth.account.models import EmailAddress

    found = {user.display_name.strip(), user.email}
    found.update(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    # The longest first, so a name inside an address is not replaced on its own.
    return sorted((text for text in found if text), key=len, reverse=True)


def redact(value, words: list[str]):
    """`value` (text, or JSON-like lists and dicts of it) with every whole occurrence of
    one of `words` replaced by "former member" in the site's language, the language of
    stored history. Anything else is returned as it is."""
    if not words:
        return value
    if isinstance(value, str):
        with translation.override(settings.LANGUAGE_CODE):
            replacement = str(FORMER_MEMBER)
        pattern = "|".join(re.escape(word) for word in words)
        return re.sub(rf"(?<!\w)(?:{pattern})(?!\w)", replacement, value, flags=re.IGNORECASE)
    if isinstance(value, list):
        return [redact(item, words) for item in value]
    if isinstance(value, dict):
        return {key: redact(item, words) for key, item in value.items()}
    return value


def redact_rows(queryset, fields: list[str], words: list[str]) -> None:
    """Redact `words` (see `redact`) in `fields` of the rows of `queryset` that hold one
    of them: one query to find them (a scan of the table), one UPDATE per row found."""
    mentions = models.Q()
    for word in words:
        for field in fields:
            mentions |= models.Q(**{f"{field}__icontains": word})
    if not mentions:
        return
    for row in queryset.filter(mentions):
        for field in fields:
            setattr(row, field, redact(getattr(row, field), words))
        row.save(update_fields=fields)


# This app's own part, declared here as other apps do in their privacy.py.
from learninglab import consent  # noqa: E402

register(
    "learninglab.consents",
    models=[consent.Consent],
    export=consent.export_consents,
    erase=consent.erase_consents,
)
