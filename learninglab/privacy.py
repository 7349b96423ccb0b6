"""The personal-data registry: what each app holds about a person, and how to export
and erase it.

Each app declares its part in a `privacy.py` module (found at start-up, like admin.py):

    from learninglab import privacy

    privacy.register(
        "courses.memberships",
        models=[Membership],
        export=lambda user: [...],   # JSON-serialisable
        erase=lambda user: ...,      # removes or anonymises, never fails if nothing is there
    )

Export and erasure of a whole account (a later feature) walk this registry, so a new
feature plugs in by registering, without touching the others. A test checks that every
model pointing at the user model is covered by some entry.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction


@dataclass(frozen=True)
class PersonalData:
    name: str
    models: tuple[type[models.Model], ...]
    export: Callable[[Any], Any]
    erase: Callable[[Any], None]


_registry: dict[str, PersonalData] = {}


def register(
    name: str,
    *,
    models: Iterable[type[models.Model]],
    export: Callable[[Any], Any],
    erase: Callable[[Any], None],
) -> None:
    if name in _registry:
        raise ValueError(f"Personal data {name!r} is registered twice.")
    _registry[name] = PersonalData(name, tuple(models), export, erase)


def entries() -> list[PersonalData]:
    return list(_registry.values())


def covered_models() -> set[type[models.Model]]:
    return {model for entry in _registry.values() for model in entry.models}


def export_person(user) -> dict[str, Any]:
    """Everything the registry knows about `user`, by entry name. Costs queries per entry."""
    return {entry.name: entry.export(user) for entry in _registry.values()}


@transaction.atomic
def erase_person(user) -> None:
    """Erase `user`'s personal data in every app. The account entry runs last."""
    for entry in sorted(_registry.values(), key=lambda entry: entry.name == "accounts.user"):
        entry.erase(user)


# This app's own part, declared here as other apps do in their privacy.py.
from learninglab import consent  # noqa: E402

register(
    "learninglab.consents",
    models=[consent.Consent],
    export=consent.export_consents,
    erase=consent.erase_consents,
)
