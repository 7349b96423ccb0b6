"""Reminders, sent exactly once: the database is the source of truth, Redis only carries
ids to the workers.

Every minute Celery beat runs `scan()` (prototypes.tasks.scan_reminders), which

1. finds the occurrences that are due now (for each kind) and records each as a ledger
   row (`Reminder`) under its unique key, so finding it again creates nothing; an
   occurrence that is already stale when first found (the scan was down) is recorded
   as dropped, and logged;
2. hands out, in batches, the rows no worker has yet, or whose worker has held them
   longer than the lease (REMINDER_LEASE_SECONDS) without sending them: a worker that
   was killed, or a message Redis lost. It enqueues their ids once the transaction
   commits; nothing is ever scheduled ahead with an ETA.

The send task (`deliver()`) claims its rows atomically, drops those that no longer hold
(the session was cancelled, moved, or is about to start), and sends the others one by
one, each marked sent right after its email went out. A worker killed mid-batch leaves
at most the message it was handing to the mail server unmarked; the next worker sends
that one again, with the same Message-ID, and everything after it once.
"""

import dataclasses
import datetime
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from prototypes import delivery
from prototypes.models import CoachingSession, Notification, Reminder, SessionParticipant
from prototypes.models.reminders import message_id_for

logger = logging.getLogger(__name__)


# --- Kinds ----------------------------------------------------------------------------


class SessionComing:
    """A coaching session coming: a day and two hours before it starts, to the members
    who have not declined and to the coach. Not for cancelled or held sessions."""

    kind = Reminder.Kind.SESSION_COMING
    # Lead times, the longest first: an occurrence is due at `starts_at - lead`, and worth
    # sending only while the session is further away than the next shorter lead.
    leads = {"24h": datetime.timedelta(hours=24), "2h": datetime.timedelta(hours=2)}
    # A scan after downtime still records (as dropped) what it missed this long ago.
    lookback = datetime.timedelta(days=1)

    def still_due(self, lead, starts_at, now):
        """Why an occurrence should not be sent at `now`, or None if it should."""
        if starts_at <= now:
            return "started"
        shorter = [delta for delta in self.leads.values() if delta < self.leads[lead]]
        if shorter and starts_at - now <= max(shorter):
            return "superseded"
        return None

    def occurrences(self, now):
        """Every occurrence due by `now`, as unsaved Reminder rows. Two queries (sessions,
        then their members), whatever the number of sessions."""
        open_statuses = [CoachingSession.Status.PROPOSED, CoachingSession.Status.CONFIRMED]
        sessions = list(
            CoachingSession.objects.filter(
                status__in=open_statuses,
                starts_at__gt=now - self.lookback,
                starts_at__lte=now + max(self.leads.values()),
            ).values(
                "pk",
                "uid",
                "sequence",
                "starts_at",
                "team_id",
                "coach_id",
                "coach__preferred_language",
            )
        )
        if not sessions:
            return []
        # Who, in which language (for the link), per session: the coach and the members.
        recipients = {session["pk"]: {} for session in sessions}
        for session in sessions:
            if session["coach_id"]:
                coach_language = session["coach__preferred_language"]
                recipients[session["pk"]][session["coach_id"]] = coach_language
        invited = (
            SessionParticipant.objects.filter(session_id__in=recipients)
            .exclude(answer=SessionParticipant.Answer.DECLINED)
            .values_list("session_id", "user_id", "user__preferred_language")
        )
        for session_id, user_id, language in invited:
            recipients[session_id][user_id] = language
        content_type = ContentType.objects.get_for_model(CoachingSession)
        rows = []
        for session in sessions:
            for lead, delta in self.leads.items():
                due_at = session["starts_at"] - delta
                if due_at > now:
                    continue
                for user_id, language in recipients[session["pk"]].items():
                    key = f"{self.kind}:{lead}:{session['uid']}:{user_id}:{session['sequence']}"
                    rows.append(
                        Reminder(
                            key=key,
                            kind=self.kind,
                            recipient_id=user_id,
                            due_at=due_at,
                            message_id=message_id_for(key),
                            content_type=content_type,
                            object_id=session["pk"],
                            link=_path(language, session["team_id"], session["pk"]),
                            data={
                                "lead": lead,
                                "sequence": session["sequence"],
                                "starts_at": session["starts_at"].isoformat(),
                            },
                        )
                    )
        return rows

    def stale_reason(self, row, now):
        """Why a row found by the scan is already not worth sending, or None."""
        starts_at = datetime.datetime.fromisoformat(row.data["starts_at"])
        return self.still_due(row.data["lead"], starts_at, now)

    def load(self, rows):
        """What drop_reason() and context() need for these rows (two queries)."""
        sessions = CoachingSession.objects.select_related("team__programme", "coach").in_bulk(
            {row.object_id for row in rows}
        )
        declined = set(
            SessionParticipant.objects.filter(
                session_id__in=sessions, answer=SessionParticipant.Answer.DECLINED
            ).values_list("session_id", "user_id")
        )
        return {"sessions": sessions, "declined": declined}

    def drop_reason(self, row, loaded, now):
        """Why a claimed row should not be sent after all, or None."""
        session = loaded["sessions"].get(row.object_id)
        if session is None or not session.is_open:
            return "cancelled"
        if session.sequence != row.data["sequence"]:
            return "moved"
        if (session.pk, row.recipient_id) in loaded["declined"]:
            return "declined"
        return self.still_due(row.data["lead"], session.starts_at, now)

    def context(self, row, loaded, now):
        session = loaded["sessions"][row.object_id]
        zone = session.team.programme.zone
        starts_at = timezone.localtime(session.starts_at, zone)
        # Said as the recipient's calendar has it: two hours before 01:00 is yesterday.
        days = (starts_at.date() - timezone.localtime(now, zone).date()).days
        return {
            "session": session,
            "team": session.team,
            "day": {0: "today", 1: "tomorrow"}.get(days, "later"),
            # Members who have not said yet are asked to; the coach is not.
            "asks_answer": row.recipient_id != session.coach_id,
            "starts_at": starts_at,
            "ends_at": timezone.localtime(session.ends_at, zone),
            "zone": zone,
        }


def _path(language, team_id, session_id):
    with translation.override(language or settings.LANGUAGE_CODE):
        return reverse("prototypes:session_detail", args=[team_id, session_id])


KINDS = {kind.kind: kind for kind in [SessionComing()]}


# --- The scan ------------------------------------------------------------------------


@dataclasses.dataclass
class ScanResult:
    """What one scan did: rows recorded (dropped ones among them), and rows handed out."""

    created: int = 0
    dropped: int = 0
    handed_out: int = 0


def lease():
    return datetime.timedelta(seconds=settings.REMINDER_LEASE_SECONDS)


def scan(now=None) -> ScanResult:
    """Record the occurrences due by `now` and hand out what no live worker holds.

    A fixed number of queries per kind plus one insert per thousand new rows; two scans
    at once record and hand out each row once.
    """
    now = now or timezone.now()
    result = ScanResult()
    for kind in KINDS.values():
        record(kind, now, result)
    result.handed_out = hand_out(now)
    return result


def record(kind, now, result):
    rows = kind.occurrences(now)
    existing = set(
        Reminder.objects.filter(key__in=[row.key for row in rows]).values_list("key", flat=True)
    )
    new = [row for row in rows if row.key not in existing]
    for row in new:
        reason = kind.stale_reason(row, now)
        if reason:
            row.state, row.dropped_reason = Reminder.State.DROPPED, reason
            result.dropped += 1
            logger.info("Reminder %s dropped when found: %s", row.key, reason)
    # Another scan may insert the same keys meanwhile; the unique key keeps one of each.
    Reminder.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    result.created += len(new)


def hand_out(now) -> int:
    """Enqueue, in batches, the due rows that are not sent and that no worker holds within
    its lease. Returns how many. Rows another scan is handing out are skipped."""
    expired = now - lease()
    with transaction.atomic():
        rows = list(
            Reminder.objects.filter(
                Q(state=Reminder.State.PENDING, enqueued_at__isnull=True)
                | Q(state=Reminder.State.PENDING, enqueued_at__lt=expired)
                | Q(state=Reminder.State.CLAIMED, claimed_at__lt=expired),
                due_at__lte=now,
            )
            .order_by("due_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", "attempts", "key", "enqueued_at")
        )
        given_up = {pk for pk, attempts, *_ in rows if attempts >= settings.REMINDER_MAX_ATTEMPTS}
        if given_up:
            Reminder.objects.filter(pk__in=given_up).update(
                state=Reminder.State.DROPPED, dropped_reason="failed"
            )
        ids = []
        for pk, attempts, key, enqueued_at in rows:
            if pk in given_up:
                logger.error("Reminder %s dropped after %s attempts", key, attempts)
                continue
            if enqueued_at is not None:
                # Its worker died, or the broker lost the message: the lease ran out.
                logger.warning("Reminder %s was not sent in time; handing it out again", key)
            ids.append(pk)
        Reminder.objects.filter(pk__in=ids).update(state=Reminder.State.PENDING, enqueued_at=now)
        from prototypes.tasks import send_reminders

        size = settings.REMINDER_BATCH_SIZE
        for start in range(0, len(ids), size):
            send_reminders.delay_on_commit(ids[start : start + size])
    return len(ids)


# --- Sending -------------------------------------------------------------------------


def deliver(ids, now=None) -> int:
    """Send the reminders `ids` that are still pending; returns how many were sent.

    Claims them first (a row another worker claimed is skipped), drops those that no
    longer hold, records their notifications, then sends each email and marks its row
    sent before the next. Queries: a fixed handful per batch, plus one update per email.
    A mail server that fails raises out of the batch: its unsent rows stay claimed until
    the lease runs out, and are tried again, up to REMINDER_MAX_ATTEMPTS.
    """
    now = now or timezone.now()
    with transaction.atomic():
        claimed = list(
            Reminder.objects.filter(pk__in=ids, state=Reminder.State.PENDING)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        Reminder.objects.filter(pk__in=claimed).update(
            state=Reminder.State.CLAIMED, claimed_at=now, attempts=F("attempts") + 1
        )
    if not claimed:
        return 0
    rows = list(Reminder.objects.filter(pk__in=claimed).select_related("recipient"))
    # Every update below holds only while this worker's claim does: a row whose lease
    # ran out and that another worker took is left to that worker.
    mine = Reminder.objects.filter(state=Reminder.State.CLAIMED, claimed_at=now)
    messages = []
    for kind_name in {row.kind for row in rows}:
        kind = KINDS[kind_name]
        of_kind = [row for row in rows if row.kind == kind_name]
        loaded = kind.load(of_kind)
        dropped = {}
        for row in of_kind:
            reason = kind.drop_reason(row, loaded, now)
            if reason:
                dropped.setdefault(reason, []).append(row.pk)
                logger.info("Reminder %s dropped when sending: %s", row.key, reason)
            else:
                messages.append(compose(row, kind.context(row, loaded, now)))
        for reason, pks in dropped.items():
            mine.filter(pk__in=pks).update(state=Reminder.State.DROPPED, dropped_reason=reason)
    # One notification per reminder, however often the row is sent.
    Notification.objects.bulk_create(
        [notification for _row, _email, notification in messages], ignore_conflicts=True
    )
    # Preferences hold back emails that are off, in quiet hours or for a digest.
    messages = delivery.hold_back(messages, mine, now)
    sent = 0
    with mail.get_connection() as connection:
        for row, email, _notification in messages:
            connection.send_messages([email])
            if not mine.filter(pk=row.pk).update(state=Reminder.State.SENT, sent_at=timezone.now()):
                logger.warning("Reminder %s was taken by another worker; stopping", row.key)
                break
            sent += 1
    return sent


def compose(row, context):
    """The email and the notification of one reminder, in the recipient's language."""
    person = row.recipient
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {**context, "person": person, "url": base + row.link}
    with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
        context.update(delivery.email_links(person, row.kind))
        template = f"prototypes/email/{row.kind}"
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        email = mail.EmailMultiAlternatives(
            subject=subject,
            body=render_to_string(f"{template}.txt", context),
            to=[person.email],
            headers={
                "Message-ID": row.message_id,
                "Auto-Submitted": "auto-generated",
                **delivery.unsubscribe_headers(context),
            },
        )
        email.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
        notification = Notification(
            recipient=person,
            kind=row.kind,
            title=subject,
            body=" ".join(render_to_string(f"{template}_notice.txt", context).split()),
            link=row.link,
            reminder=row,
        )
    return row, email, notification
