from .availability import AvailabilityException, AvailabilityWindow
from .canvas import DraftExistsError, Prototype
from .coaching import ActionItem, CalendarFeed, CoachingSession, SessionParticipant
from .feedback import FeedbackAnswer, FeedbackLink
from .iterations import Evidence, FrozenIterationError, Iteration
from .reflections import Reflection, ReflectionScale, ReflectionScore
from .reminders import Notification, Reminder
from .reviews import Review, ReviewNotEditableError, Rubric, RubricCriterion
from .teams import Team, TeamMember

__all__ = [
    "ActionItem",
    "AvailabilityException",
    "AvailabilityWindow",
    "CalendarFeed",
    "CoachingSession",
    "DraftExistsError",
    "Evidence",
    "FeedbackAnswer",
    "FeedbackLink",
    "FrozenIterationError",
    "Iteration",
    "Notification",
    "Prototype",
    "Reflection",
    "ReflectionScale",
    "ReflectionScore",
    "Reminder",
    "Review",
    "ReviewNotEditableError",
    "Rubric",
    "RubricCriterion",
    "SessionParticipant",
    "Team",
    "TeamMember",
]
