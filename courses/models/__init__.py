from .memberships import Invitation, Membership, ModuleProgress, Role
from .pages import ContactMoment, ModulePage, OasisStep, ProgrammeIndexPage, ProgrammePage

__all__ = [
    "ContactMoment",
    "Invitation",
    "Membership",
    "ModulePage",
    "ModuleProgress",
    "OasisStep",
    "ProgrammeIndexPage",
    "ProgrammePage",
    "Role",
]
