from .availability import AvailabilityException, AvailabilityWindow
from .canvas import DraftExistsError, Prototype
from .coaching import ActionItem, CalendarFeed, CoachingSession, SessionParticipant
from .feedback import FeedbackAnswer, FeedbackLink
from .iterations import Evidence, FrozenIterationError, Iteration
from .phases import TeamInvitation, TeamPhaseChange
from .preferences import Delivery, NotificationKind, NotificationPreference, QuietHours
from .quotes import Quote
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
    "Delivery",
    "DraftExistsError",
    "Evidence",
    "FeedbackAnswer",
    "FeedbackLink",
    "FrozenIterationError",
    "Iteration",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "Prototype",
    "QuietHours",
    "Quote",
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
    "TeamInvitation",
    "TeamMember",
    "TeamPhaseChange",
]
