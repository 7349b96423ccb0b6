from .canvas import DraftExistsError, Prototype
from .feedback import FeedbackAnswer, FeedbackLink
from .iterations import Evidence, FrozenIterationError, Iteration
from .teams import Team, TeamMember

__all__ = [
    "DraftExistsError",
    "Evidence",
    "FeedbackAnswer",
    "FeedbackLink",
    "FrozenIterationError",
    "Iteration",
    "Prototype",
    "Team",
    "TeamMember",
]
