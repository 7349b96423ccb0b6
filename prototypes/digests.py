"""The daily and weekly digest emails: the reminders a person wants in a digest, and on
Mondays their weekly overview, sent together in one email when the digest is due.

prototypes.delivery puts such a reminder in the state "digest", due at the digest's
time (08:00 on the person's wall clock; Mondays for the weekly one); the scan records
the weekly overview (prototypes.reminders.WeeklyOverview) in that state from the start,
due at the same Monday 08:00, so a person who chose a weekly digest gets one Monday
email. Every minute beat runs `send_due()`, which for each person with digest rows due:

1. locks their rows (rows another run holds are skipped, so two runs never send the
   same digest), and drops those whose email failed REMINDER_MAX_ATTEMPTS times;
2. drops the rows whose kind they have since turned off, and the ones their kind no
   longer finds worth sending (a session that started, a reflection written, an
   overview with nothing to tell or a week late); the overview leaves its notification
   whatever the person's mode, as every reminder does when it is due;
3. waits for the end of their quiet hours, if the digest's time falls in them;
4. sends one email and marks the rows sent, in the same transaction.

A worker killed while the mail server takes the email leaves the rows as they were, and
the next run sends the digest again with the same Message-ID (derived from the rows),
so mail clients fold the two; nothing is sent twice otherwise, and nothing is lost. A
mail server that refuses the email leaves them too, with one attempt more counted.
"""

import logging

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from prototypes import delivery
from prototypes.models import Delivery, Notification, Reminder
from prototypes.models.preferences import mode_for
from prototypes.models.reminders import message_id_for

logger = logging.getLogger(__name__)


def send_due(now=None) -> int:
    """Send every digest due by `now`; returns how many emails went out. One query to
    find who has one, then a handful per person."""
    now = now or timezone.now()
    people = (
        Reminder.objects.filter(state=Reminder.State.DIGEST, due_at__lte=now)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    return sum(send_digest(person_id, now) for person_id in list(people))


def send_digest(person_id, now) -> int:
    """Send one person's due digest rows as one email; returns 1 if an email went out.

    A mail server that fails leaves the rows for the next run, which tries again up to
    REMINDER_MAX_ATTEMPTS times in all; then they are dropped, and logged."""
    from prototypes.reminders import KINDS

    failure = None
    with transaction.atomic():
        rows = list(
            Reminder.objects.filter(
                recipient_id=person_id, state=Reminder.State.DIGEST, due_at__lte=now
            )
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .order_by("due_at", "pk")
        )
        rows = give_up_on_failed(rows)
        if not rows:
            return 0
        preferences = delivery.Preferences([person_id])
        dropped, keep, sections, notifications = {}, [], {}, []
        for kind_name in dict.fromkeys(row.kind for row in rows):
            of_kind = [row for row in rows if row.kind == kind_name]
            kind = KINDS.get(kind_name)
            off = mode_for(preferences.modes, person_id, kind_name) == Delivery.OFF
            # A kind that waits for the digest from the start (the weekly overview) leaves
            # its notification here, when it is due, whatever the person's mode.
            own_notification = hasattr(kind, "notification")
            if off and not own_notification:
                dropped.setdefault("off", []).extend(row.pk for row in of_kind)
                continue
            loaded = kind.load(of_kind) if kind else None
            for row in of_kind:
                reason = kind.drop_reason(row, loaded, now) if kind else None
                if reason:
                    dropped.setdefault(reason, []).append(row.pk)
                    continue
                if own_notification:
                    notifications.append(kind.notification(row, loaded, now))
                if off:
                    dropped.setdefault("off", []).append(row.pk)
                    continue
                keep.append(row)
                if own_notification:
                    sections[row.pk] = kind.context(row, loaded, now)
        Notification.objects.bulk_create(notifications, ignore_conflicts=True)
        for reason, pks in dropped.items():
            logger.info(
                "Digest of person %s: %s reminders dropped: %s", person_id, len(pks), reason
            )
            Reminder.objects.filter(pk__in=pks).update(
                state=Reminder.State.DROPPED, dropped_reason=reason
            )
        if not keep:
            return 0
        until = preferences.quiet_until(person_id, now)
        if until is not None:
            Reminder.objects.filter(pk__in=[row.pk for row in keep]).update(due_at=until)
            return 0
        keep.sort(key=lambda row: (row.due_at, row.pk))
        pks = [row.pk for row in keep]
        # The mail server is reached before an attempt is counted: while it is down,
        # this raises and the transaction rolls back, so an outage of any length gives
        # up on no digest.
        mail_connection = mail.get_connection()
        mail_connection.open()
        # Counted in this transaction, which commits even when the mail server fails.
        Reminder.objects.filter(pk__in=pks).update(attempts=F("attempts") + 1)
        try:
            mail_connection.send_messages([compose(keep, sections)])
        except Exception as error:
            failure = error
        else:
            Reminder.objects.filter(pk__in=pks).update(
                state=Reminder.State.SENT, sent_at=timezone.now()
            )
        finally:
            mail_connection.close()
    if failure is not None:
        raise failure
    return 1


def give_up_on_failed(rows):
    """Drop the rows whose digest failed REMINDER_MAX_ATTEMPTS times, and log them;
    returns the others."""
    limit = settings.REMINDER_MAX_ATTEMPTS
    failed = [row for row in rows if row.attempts >= limit]
    for row in failed:
        logger.error("Reminder %s dropped from its digest after %s attempts", row.key, limit)
    if failed:
        Reminder.objects.filter(pk__in=[row.pk for row in failed]).update(
            state=Reminder.State.DROPPED, dropped_reason="failed"
        )
    return [row for row in rows if row.attempts < limit]


def compose(rows, sections=None):
    """One digest email of `rows` (all to the same person), in their language: the
    weekly overview's teams (`sections`, {row id: context} of the rows that are an
    overview), then each other reminder as its notification says it, with its link."""
    sections = sections or {}
    person = rows[0].recipient
    items = [row for row in rows if row.pk not in sections]
    notifications = {
        notification.reminder_id: notification
        for notification in Notification.objects.filter(reminder__in=items)
    }
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    key = f"digest:{person.pk}:" + ",".join(str(row.pk) for row in rows)
    kinds = list(dict.fromkeys(row.kind for row in rows))
    with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "person": person,
            "weeks": [week for section in sections.values() for week in section["weeks"]],
            "items": [
                {
                    "title": notifications[row.pk].title if row.pk in notifications else "",
                    "body": notifications[row.pk].body if row.pk in notifications else "",
                    "url": base + row.link,
                }
                for row in items
            ],
            **delivery.email_links(person, kinds),
        }
        subject = " ".join(render_to_string("prototypes/email/digest_subject.txt", context).split())
        email = mail.EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("prototypes/email/digest.txt", context),
            to=[person.email],
            headers={
                "Message-ID": message_id_for(key),
                "Auto-Submitted": "auto-generated",
                **delivery.unsubscribe_headers(context),
            },
        )
        email.attach_alternative(
            render_to_string("prototypes/email/digest.html", context), "text/html"
        )
    return email
