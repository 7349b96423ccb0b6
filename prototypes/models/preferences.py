"""How each person wants to hear from the platform: per kind of reminder or notice a
delivery mode (at once, in a daily or weekly digest, or not by email), and quiet hours
in which no email goes out.

Nothing is stored until a person changes something: `mode_for()` answers the defaults
for the kinds without a row, so a new account and a person who never opened the
preferences page are treated alike. prototypes.delivery applies all of this when a
reminder is sent.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """Every kind of reminder and notice the platform sends, named once: the choices of
    `NotificationPreference.kind` and of `Reminder.kind` (as `Reminder.Kind`), the
    `Notification.kind` values, and the names of their email templates
    (prototypes/email/<kind>*.html)."""

    SESSION_COMING = "session_coming", _("Coaching session coming")
    REFLECTION_DUE = "reflection_due", _("Reflection due")
    DELIVERABLE_DUE = "deliverable_due", _("Deliverable due")
    REVIEW_WAITING = "review_waiting", _("Iteration waiting for your review")
    TEAM_INACTIVE = "team_inactive", _("Team inactive")
    WEEKLY_DIGEST = "weekly_digest", _("Weekly overview")
    # Notices: recorded when what they tell of happens, and sent straight away.
    SESSION_CHANGED = "session_changed", _("Coaching session moved or cancelled")
    REVIEW_RECEIVED = "review_received", _("Review received")
    FEEDBACK_RECEIVED = "feedback_received", _("Stakeholder feedback received")


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("In a daily digest")
    WEEKLY = "weekly", _("In a weekly digest")
    OFF = "off", _("Not by email")


# The weekly overview is a digest itself: it goes out on its day, or not at all.
DEFAULT_MODES = {NotificationKind.WEEKLY_DIGEST: Delivery.WEEKLY}


def modes_for(kind) -> list[tuple[str, str]]:
    """The delivery modes a person may choose for `kind`."""
    if kind == NotificationKind.WEEKLY_DIGEST:
        return [(Delivery.WEEKLY, Delivery.WEEKLY.label), (Delivery.OFF, Delivery.OFF.label)]
    return Delivery.choices


class NotificationPreferenceQuerySet(models.QuerySet):
    def modes(self, user_ids) -> dict[tuple[int, str], str]:
        """{(user id, kind): mode} for the rows these people stored (one query); the kinds
        missing take their default (`mode_for`)."""
        rows = self.filter(user_id__in=user_ids).values_list("user_id", "kind", "mode")
        return {(user_id, kind): mode for user_id, kind, mode in rows}


def mode_for(stored: dict, user_id: int, kind: str) -> str:
    """A person's mode for a kind, from `modes()`, or the default when none is stored."""
    return stored.get((user_id, kind), DEFAULT_MODES.get(kind, Delivery.IMMEDIATELY))


class NotificationPreference(models.Model):
    """How one person wants one kind of reminder or notice by email."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    mode = models.CharField(_("delivery"), max_length=20, choices=Delivery.choices)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = NotificationPreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
        ]

    def __str__(self):
        return f"{self.user} – {self.kind}: {self.mode}"

    @classmethod
    def set(cls, user, kind, mode):
        """Store a person's mode for a kind (idempotent)."""
        cls.objects.update_or_create(user=user, kind=kind, defaults={"mode": mode})


class QuietHours(models.Model):
    """The wall-clock hours in which a person gets no email, read in their programme's
    time zone; what falls in them goes out when they end. May span midnight
    (21:00–08:00). No row: no quiet hours."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiet_hours",
        verbose_name=_("person"),
    )
    starts_at = models.TimeField(_("quiet from"))
    ends_at = models.TimeField(_("quiet until"))

    class Meta:
        verbose_name = _("quiet hours")
        verbose_name_plural = _("quiet hours")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(starts_at=models.F("ends_at")), name="quiet_hours_not_empty"
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def contains(self, wall: datetime.time) -> bool:
        """Whether a wall-clock time falls in the quiet hours (start included, end not)."""
        if self.starts_at < self.ends_at:
            return self.starts_at <= wall < self.ends_at
        return wall >= self.starts_at or wall < self.ends_at
