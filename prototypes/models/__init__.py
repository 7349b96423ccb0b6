from .canvas import DraftExistsError, Prototype
from .feedback import FeedbackAnswer, FeedbackLink
from .iterations import Evidence, FrozenIterationError, Iteration
from .reviews import Review, ReviewNotEditableError, Rubric, RubricCriterion
from .teams import Team, TeamMember

__all__ = [
    "DraftExistsError",
    "Evidence",
    "FeedbackAnswer",
    "FeedbackLink",
    "FrozenIterationError",
    "Iteration",
    "Prototype",
    "Review",
    "ReviewNotEditableError",
    "Rubric",
    "RubricCriterion",
    "Team",
    "TeamMember",
]
