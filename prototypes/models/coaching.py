"""Coaching sessions of a team with its coach: when and where, who comes, what was said
and what was agreed, and each person's private calendar feed.

A session is planned by a coach (status "proposed"); members confirm or decline; after
it has been held the coach records attendance, notes the team sees, notes only the coach
sees, and action items that members tick off. Moving or cancelling a session raises its
`sequence`, so calendar apps that subscribed to it replace the old event.

Status: a session is "proposed" until every invited member has answered and at least one
of them comes; then it is "confirmed" (and back to "proposed" if answers change so that
no longer holds). Moving it asks everyone again, so it is "proposed" once more.
Cancelling makes it "cancelled" and recording it afterwards "held"; both are final.
"""

import datetime
import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models, transaction
from django.db.models import DurationField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SessionChangeError(ValueError):
    """Why a session cannot be answered, moved, cancelled or recorded; the message is
    shown to the person."""


class CoachingSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The sessions of the teams the person may see (prototypes.rules); anything
        else is a 404."""
        from prototypes.rules import visible_teams_filter

        from .teams import Team

        return self.filter(team__in=Team.objects.filter(visible_teams_filter(user)))

    def of_person(self, user):
        """The sessions the person is in: invited as a member, or giving as the coach."""
        invited = SessionParticipant.objects.filter(session=OuterRef("pk"), user=user)
        return self.filter(Q(coach=user) | Exists(invited))

    def with_end(self):
        """Each session with `end`, its end as the database computes it."""
        if connection.vendor == "sqlite":
            # SQLite keeps a duration as microseconds and cannot multiply one; the
            # development database is SQLite, production and the tests PostgreSQL.
            minutes = F("duration_minutes") * 60_000_000
        else:
            minutes = F("duration_minutes") * datetime.timedelta(minutes=1)
        duration = ExpressionWrapper(minutes, output_field=DurationField())
        return self.annotate(end=F("starts_at") + duration)

    def upcoming(self, now=None):
        """Sessions that have not ended yet, soonest first."""
        return self.with_end().filter(end__gt=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        """Sessions that have ended, latest first."""
        return self.with_end().filter(end__lte=now or timezone.now()).order_by("-starts_at", "-pk")


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

    objects = CoachingSessionQuerySet.as_manager()

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
        """Propose a session to the team: every member still in it on the day is asked
        to answer."""
        session = cls.objects.create(
            team=team,
            coach=coach,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            place=place,
            video_url=video_url,
            agenda=agenda,
        )
        members = team.members.current().values_list("user_id", "left_on")
        SessionParticipant.objects.bulk_create(
            SessionParticipant(session=session, user_id=user_id)
            for user_id in _in_the_team_on_the_day(members, starts_at)
        )
        return session

    # --- What happens to a session ---------------------------------------------------

    @property
    def is_open(self) -> bool:
        """Still to happen as planned: neither cancelled nor held."""
        return self.status in (self.Status.PROPOSED, self.Status.CONFIRMED)

    def has_started(self, now=None) -> bool:
        return self.starts_at <= (now or timezone.now())

    def _lock(self):
        """This session's row, locked until the transaction ends, so two changes at once
        (a member answering while the coach moves it) happen one after the other."""
        return type(self).objects.select_for_update().get(pk=self.pk)

    def _refresh_from(self, locked):
        for field in ("starts_at", "duration_minutes", "status", "sequence"):
            setattr(self, field, getattr(locked, field))

    def _status_from_answers(self):
        answers = set(self.participants.values_list("answer", flat=True))
        if SessionParticipant.Answer.CONFIRMED in answers and (
            SessionParticipant.Answer.PENDING not in answers
        ):
            return self.Status.CONFIRMED
        return self.Status.PROPOSED

    @transaction.atomic
    def respond(self, user, answer):
        """A member says whether they come. Raises SessionChangeError once the session
        has started, was cancelled or held; SessionParticipant.DoesNotExist for anyone
        who was not invited."""
        locked = self._lock()
        if not locked.is_open or locked.has_started():
            raise SessionChangeError(_("This session can no longer be answered."))
        participant = locked.participants.get(user=user)
        participant.answer = answer
        participant.answered_at = timezone.now()
        participant.save(update_fields=["answer", "answered_at"])
        locked.status = locked._status_from_answers()
        locked.save(update_fields=["status", "updated_at"])
        self._refresh_from(locked)
        return participant

    @transaction.atomic
    def move(self, starts_at, by, duration_minutes=None):
        """Give the session a new time: every answer goes back to "not answered", the
        calendar event's sequence rises, and everyone is told by email."""
        locked = self._lock()
        if not locked.is_open:
            raise SessionChangeError(_("A cancelled or held session cannot be moved."))
        if starts_at <= timezone.now():
            raise SessionChangeError(_("Choose a time in the future."))
        previous = locked.starts_at
        locked.starts_at = starts_at
        if duration_minutes:
            locked.duration_minutes = duration_minutes
        locked.sequence += 1
        locked.status = self.Status.PROPOSED
        locked.save()
        locked.participants.update(answer=SessionParticipant.Answer.PENDING, answered_at=None)
        self._refresh_from(locked)
        _tell_everyone(self, "moved", previous)

    @transaction.atomic
    def cancel(self, by):
        """Call the session off: subscribed calendars remove it, everyone is told."""
        locked = self._lock()
        if not locked.is_open:
            raise SessionChangeError(_("This session was already cancelled or held."))
        locked.status = self.Status.CANCELLED
        locked.sequence += 1
        locked.save(update_fields=["status", "sequence", "updated_at"])
        self._refresh_from(locked)
        _tell_everyone(self, "cancelled", locked.starts_at)

    @transaction.atomic
    def record(self, by, *, attended_user_ids, shared_notes, private_notes):
        """After the session: who came, what the team may read and what only the coach
        may read. The session becomes "held"; recording again corrects it."""
        locked = self._lock()
        if locked.status == self.Status.CANCELLED:
            raise SessionChangeError(_("A cancelled session cannot be recorded."))
        if not locked.has_started():
            raise SessionChangeError(_("A session can be recorded once it has started."))
        attended = set(attended_user_ids)
        participants = list(locked.participants.all())
        for participant in participants:
            participant.attended = participant.user_id in attended
        SessionParticipant.objects.bulk_update(participants, ["attended"])
        locked.shared_notes = shared_notes
        locked.private_notes = private_notes
        locked.status = self.Status.HELD
        locked.save(update_fields=["shared_notes", "private_notes", "status", "updated_at"])
        self._refresh_from(locked)
        self.shared_notes, self.private_notes = shared_notes, private_notes


def invite_current_members(team, now=None):
    """Keep the invitations of the team's open sessions in step with who is in the team:
    someone who joins is asked to answer too, someone who left (or leaves before the
    session's day) is no longer invited, whatever they answered. The record that matters
    is of sessions held; a leaver's answer to a coming one records nothing, and would
    keep sending them reminders and notices of a team they can no longer open. Sessions
    that have started are left as they were. A few queries, however many sessions."""
    now = now or timezone.now()
    sessions = dict(
        CoachingSession.objects.filter(
            team=team,
            status__in=[CoachingSession.Status.PROPOSED, CoachingSession.Status.CONFIRMED],
            starts_at__gt=now,
        ).values_list("pk", "starts_at")
    )
    if not sessions:
        return
    members = list(team.members.current().values_list("user_id", "left_on"))
    invited = {
        session_id: _in_the_team_on_the_day(members, starts_at)
        for session_id, starts_at in sessions.items()
    }
    gone = [
        pk
        for pk, session_id, user_id in SessionParticipant.objects.filter(
            session__in=sessions
        ).values_list("pk", "session_id", "user_id")
        if user_id not in invited[session_id]
    ]
    SessionParticipant.objects.filter(pk__in=gone).delete()
    SessionParticipant.objects.bulk_create(
        [
            SessionParticipant(session_id=session_id, user_id=user_id)
            for session_id, user_ids in invited.items()
            for user_id in user_ids
        ],
        ignore_conflicts=True,
    )
    for session in CoachingSession.objects.filter(pk__in=sessions):
        status = session._status_from_answers()
        if status != session.status:
            session.status = status
            session.save(update_fields=["status", "updated_at"])


def _in_the_team_on_the_day(members, starts_at):
    """Who of the team's current members, as (user id, left on), is still in the team on
    the day the session starts: a member is in the team on the day they leave, so who
    leaves today is asked to today's sessions but not to tomorrow's."""
    day = timezone.localdate(starts_at)
    return [user_id for user_id, left_on in members if left_on is None or left_on >= day]


def _tell_everyone(session, change, previous_starts_at):
    """Tell the members and the coach about a move or cancellation: notices recorded in
    this transaction and sent once it commits (prototypes.reminders)."""
    from prototypes.reminders import notify_session_changed

    notify_session_changed(session, change, previous_starts_at)


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

    def tick(self, by, done=True):
        """Mark the item done (recording who and when) or not done again."""
        self.done_at = timezone.now() if done else None
        self.done_by = by if done else None
        self.save(update_fields=["done_at", "done_by"])


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

    @classmethod
    def for_user(cls, user):
        feed, _created = cls.objects.get_or_create(user=user)
        return feed

    def reset(self):
        """A new secret: the old URL stops working at once."""
        self.token = new_feed_token()
        self.created_at = timezone.now()
        self.save(update_fields=["token", "created_at"])
