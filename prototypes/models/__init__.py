from .canvas import DraftExistsError, Prototype
from .iterations import Evidence, FrozenIterationError, Iteration
from .teams import Team, TeamMember

__all__ = [
    "DraftExistsError",
    "Evidence",
    "FrozenIterationError",
    "Iteration",
    "Prototype",
    "Team",
    "TeamMember",
]
