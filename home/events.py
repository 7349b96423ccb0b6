"""Registering for events: taking a place or a place on the waiting list, cancelling
through a signed link, promoting the next person, and their emails with an .ics.

Registering and cancelling lock the event's rows (every translation, in key order), so
two people asking for the last place at once are served one after the other: one
gets the place, the other the waiting list. Emails go out from Celery once the
transaction has committed.
"""

import datetime

from django.conf import settings
from django.core import mail, signing
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event
from wagtail.signals import page_published

from home.models import EventPage, EventRegistration
from learninglab.pagecache import purge_on_commit
from prototypes.calendar import UID_DOMAIN

CANCEL_SALT = "home.events.cancel"
REGISTERED_SALT = "home.events.registered"
RATE_LIMIT_ACTION = "event_registration"
PRODID = "-//Learning Lab//Events//EN"


class Refused(Exception):
    """Why a registration was not taken: ALREADY, FULL or CLOSED."""

    ALREADY = "already"
    FULL = "full"
    CLOSED = "closed"

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class InvalidToken(Exception):
    """A cancel or confirmation link that was changed, or is for another event."""


# --- Tokens ----------------------------------------------------------------------------


def make_token(registration, salt=CANCEL_SALT) -> str:
    """The registration's id and its signature as two path segments ("12/abc…"): page
    routes take letters, digits, "-" and "_" only, so not the signer's own ":"."""
    return signing.Signer(salt=salt).sign(str(registration.pk)).replace(":", "/")


def registration_for_token(event, pk, signature, salt=CANCEL_SALT) -> EventRegistration:
    """The registration a token stands for, if it is one of this event's (any
    translation). One query. Raises InvalidToken."""
    try:
        signing.Signer(salt=salt).unsign(f"{pk}:{signature}")
    except signing.BadSignature as error:
        raise InvalidToken from error
    registration = (
        EventRegistration.objects.select_related("event")
        .filter(pk=pk, event__translation_key=event.translation_key)
        .first()
    )
    if registration is None:
        raise InvalidToken
    return registration


# --- Registering and cancelling ----------------------------------------------------------


def _lock(event) -> EventPage:
    """Lock every translation of the event; returns `event` as it is now in the database."""
    pages = list(
        EventPage.objects.select_for_update(of=("self",))
        .filter(translation_key=event.translation_key)
        .order_by("pk")
    )
    return next(page for page in pages if page.pk == event.pk)


def register(event, *, name, email, remarks="", user=None, now=None) -> EventRegistration:
    """Take a place at `event` (or one on its waiting list) for this person.

    Raises Refused when registration is closed, the email address already has an
    active registration for the event (in any language), or the event is full
    without a waiting list. Sends the confirmation or waiting-list email after commit.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock(event)
        if event.registration_state(now) != "open":
            raise Refused(Refused.CLOSED)
        registrations = event.registrations_of_event()
        if registrations.active().filter(email__iexact=email).exists():
            raise Refused(Refused.ALREADY)
        if event.capacity is None or registrations.confirmed().count() < event.capacity:
            status = EventRegistration.Status.CONFIRMED
        elif event.waiting_list:
            status = EventRegistration.Status.WAITING
        else:
            raise Refused(Refused.FULL)
        try:
            # The database's constraint is the last word on doubles within a page.
            with transaction.atomic():
                registration = EventRegistration.objects.create(
                    event=event,
                    user=user if user is not None and user.is_authenticated else None,
                    name=name,
                    email=email,
                    remarks=remarks,
                    status=status,
                    created_at=now,
                )
        except IntegrityError as error:
            raise Refused(Refused.ALREADY) from error
        _send_on_commit(registration, status)
        # Pages show how many places are left.
        purge_on_commit()
    return registration


def cancel(registration, now=None) -> bool:
    """Cancel a registration and give a freed place to the first on the waiting list.

    Returns False when it was cancelled already (a link used twice).
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock(registration.event)
        registration = EventRegistration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == EventRegistration.Status.CANCELLED:
            return False
        registration.status = EventRegistration.Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        promote(event, now)
        purge_on_commit()
    return True


def promote(event, now) -> list[EventRegistration]:
    """Give free places to the waiting list in order, and email each person promoted.

    Call with the event locked. Nobody is promoted once the event has started.
    """
    if now >= event.starts_at:
        return []
    registrations = event.registrations_of_event()
    free = (
        None
        if event.capacity is None
        else max(event.capacity - registrations.confirmed().count(), 0)
    )
    waiting = registrations.waiting().select_for_update()
    promoted = list(waiting if free is None else waiting[:free])
    for registration in promoted:
        registration.status = EventRegistration.Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        _send_on_commit(registration, "promoted")
    return promoted


@receiver(page_published, sender=EventPage)
def _give_new_places_to_the_waiting_list(sender, instance, **kwargs):
    """An editor who raises the capacity (or removes it) moves the waiting list up."""
    with transaction.atomic():
        promote(_lock(instance), timezone.now())


def _send_on_commit(registration, kind):
    from home import tasks

    tasks.send_event_registration_email.delay_on_commit(registration.pk, kind)


# --- Emails and the calendar file ---------------------------------------------------------


def _absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def cancel_url(registration) -> str:
    event = registration.event
    return _absolute(f"{event.url}cancel/{make_token(registration)}/")


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def event_calendar(registration) -> bytes:
    """The event as an .ics file, in the registration's language.

    Its UID is the same in every language, so a calendar does not add it twice.
    """
    event = registration.event.specific
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    item = Event()
    item.add("uid", f"event-{event.translation_key}@{UID_DOMAIN}")
    item.add("dtstamp", _utc(timezone.now()))
    item.add("dtstart", _utc(event.starts_at))
    item.add("dtend", _utc(event.ends_at))
    item.add("summary", event.title)
    location = ", ".join(part for part in (event.place, event.address) if part)
    if location or event.online_url:
        item.add("location", location or event.online_url)
    url = _absolute(event.url)
    item.add("url", url)
    description = [event.summary]
    if event.online_url:
        description.append(_("Online: %(url)s") % {"url": event.online_url})
    description.append(url)
    item.add("description", "\n\n".join(description))
    item.add("status", "CONFIRMED")
    cal.add_component(item)
    return cal.to_ical()


def send_registration_email(registration, kind) -> bool:
    """Email the person about their registration, in the language they registered in.

    `kind` is "confirmed", "waiting" or "promoted"; a confirmed place comes with the
    event as an .ics attachment and every email with the cancel link. Sends nothing
    once the registration has been cancelled or no longer matches `kind`. One mail,
    a few queries (the event, its time zone, the waiting list).
    """
    status = registration.status
    expected = (
        EventRegistration.Status.WAITING
        if kind == "waiting"
        else EventRegistration.Status.CONFIRMED
    )
    if status != expected:
        return False
    event = registration.event.specific
    with translation.override(event.locale.language_code), timezone.override(event.zone):
        context = {
            "registration": registration,
            "event": event,
            "kind": kind,
            "position": registration.waiting_position(),
            "person": registration.name,
            "url": _absolute(event.url),
            "cancel_url": cancel_url(registration),
            "starts_at": timezone.localtime(event.starts_at),
            "ends_at": timezone.localtime(event.ends_at),
            "zone": event.zone,
        }
        subject = render_to_string("home/email/event_registration_subject.txt", context)
        message = mail.EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string("home/email/event_registration.txt", context),
            to=[registration.email],
        )
        message.attach_alternative(
            render_to_string("home/email/event_registration.html", context), "text/html"
        )
        if status == EventRegistration.Status.CONFIRMED:
            message.attach(
                f"{event.slug}.ics", event_calendar(registration), "text/calendar; method=PUBLISH"
            )
        message.send()
    return True
