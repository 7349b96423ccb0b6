"""Background work for team work: telling everyone in a session that it moved or was
cancelled, and sending reminders (prototypes.reminders)."""

import datetime

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from prototypes import delivery, digests, reminders
from prototypes.models import CoachingSession, NotificationKind


@shared_task
def send_session_change(session_id, change, previous_starts_at):
    """Email the members invited to the session and its coach that it was "moved" or
    "cancelled", each in their preferred language. `previous_starts_at` is the old
    start as an ISO 8601 string. Sends nothing if the session was deleted meanwhile."""
    session = (
        CoachingSession.objects.select_related("team__programme", "coach")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        return
    previous = datetime.datetime.fromisoformat(previous_starts_at)
    people = [p.user for p in session.participants.select_related("user")]
    if session.coach is not None and session.coach not in people:
        people.append(session.coach)
    # Sent at once, as a change is news now; only "off" holds it back.
    preferences = delivery.Preferences(person.pk for person in people)
    now = timezone.now()
    for person in people:
        decision = preferences.decide(person.pk, NotificationKind.SESSION_CHANGED, now)
        if decision != delivery.OFF:
            send_session_change_email(session, change, previous, person)


def send_session_change_email(session, change, previous, person) -> None:
    """One email (plain text and HTML) to one person, in their language. The one place
    that says how a session change reaches someone."""
    with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
        zone = session.team.programme.zone
        context = {
            "session": session,
            "team": session.team,
            "person": person,
            # The coach gave the new time; only members are asked to answer again.
            "asks_answer": person.pk != session.coach_id,
            "change": change,
            "starts_at": timezone.localtime(session.starts_at, zone),
            "ends_at": timezone.localtime(session.ends_at, zone),
            "previous": timezone.localtime(previous, zone),
            "zone": zone,
            "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
            + reverse("prototypes:session_detail", args=[session.team_id, session.pk]),
            **delivery.email_links(person, NotificationKind.SESSION_CHANGED),
        }
        subject = render_to_string("prototypes/email/session_change_subject.txt", context)
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string("prototypes/email/session_change.txt", context),
            to=[person.email],
            reply_to=[session.coach.email] if session.coach else None,
            headers=delivery.unsubscribe_headers(context),
        )
        message.attach_alternative(
            render_to_string("prototypes/email/session_change.html", context), "text/html"
        )
        message.send()


@shared_task
def scan_reminders():
    """Beat's minute: record the reminders that are due and hand them to the workers."""
    reminders.scan()


@shared_task
def send_digests():
    """Beat's minute: send the daily and weekly digests that are due (one email per
    person, prototypes.digests)."""
    digests.send_due()


@shared_task
def send_reminders(reminder_ids):
    """Send one batch of reminders that are still pending (prototypes.reminders.deliver).
    Safe to run twice or at once with another: each row is claimed before it is sent."""
    reminders.deliver(reminder_ids)
