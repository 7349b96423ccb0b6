from .admin_groups import SITE_EDITORS, CoordinatorGroup
from .memberships import Invitation, Membership, ModuleProgress, Role
from .pages import ContactMoment, ModulePage, OasisStep, ProgrammeIndexPage, ProgrammePage

__all__ = [
    "SITE_EDITORS",
    "ContactMoment",
    "CoordinatorGroup",
    "Invitation",
    "Membership",
    "ModulePage",
    "ModuleProgress",
    "OasisStep",
    "ProgrammeIndexPage",
    "ProgrammePage",
    "Role",
]
