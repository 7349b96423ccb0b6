"""Coaching sessions of a team with its coach: when and where, who comes, what was said
and what was agreed, and each person's private calendar feed.

A session is planned by a coach (status "proposed"); members confirm or decline; after
it has been held the coach records attendance, notes the team sees, notes only the coach
sees, and action items that members tick off. Moving or cancelling a session raises its
`sequence`, so calendar apps that subscribed to it replace the old event.
"""

import datetime
import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CoachingSession(models.Model):
    """A meeting of a team with one of its coaches."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")
        HELD = "held", _("Held")

    team = models.ForeignKey(
        "prototypes.Team",
        on_delete=models.CASCADE,
        related_name="coaching_sessions",
        verbose_name=_("team"),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="coaching_sessions_given",
        verbose_name=_("coach"),
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=60,
        validators=[MinValueValidator(15), MaxValueValidator(480)],
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    shared_notes = models.TextField(
        _("notes for the team"), blank=True, help_text=_("The team sees these notes.")
    )
    private_notes = models.TextField(
        _("private notes"), blank=True, help_text=_("Only you see these notes.")
    )
    # The calendar event's identity and version (RFC 5545 UID and SEQUENCE).
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return f"{self.team} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @classmethod
    @transaction.atomic
    def plan(
        cls, *, team, coach, starts_at, duration_minutes=60, place="", video_url="", agenda=""
    ):
        """Propose a session to the team: every current member is asked to answer."""
        session = cls.objects.create(
            team=team,
            coach=coach,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            place=place,
            video_url=video_url,
            agenda=agenda,
        )
        SessionParticipant.objects.bulk_create(
            SessionParticipant(session=session, user_id=user_id)
            for user_id in team.members.current().values_list("user_id", flat=True)
        )
        return session


class SessionParticipant(models.Model):
    """A team member invited to a session: their answer, and afterwards whether they came."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("Not answered")
        CONFIRMED = "confirmed", _("Coming")
        DECLINED = "declined", _("Not coming")

    session = models.ForeignKey(
        CoachingSession,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("session"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coaching_invitations",
        verbose_name=_("person"),
    )
    answer = models.CharField(
        _("answer"), max_length=20, choices=Answer.choices, default=Answer.PENDING
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("session participant")
        verbose_name_plural = _("session participants")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_answer_per_person"),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_answer_display()})"


class ActionItem(models.Model):
    """Something agreed in a session, with who does it and by when."""

    session = models.ForeignKey(
        CoachingSession,
        on_delete=models.CASCADE,
        related_name="action_items",
        verbose_name=_("session"),
    )
    description = models.CharField(_("what"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
        verbose_name=_("who"),
    )
    due_on = models.DateField(_("by when"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("done by"),
    )

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.description

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private calendar feed: a secret token in a URL that calendar apps
    subscribe to. Resetting it makes every old URL a 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("person"),
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)
