"""iCalendar (RFC 5545) output: one session as an .ics file, and each person's private
feed with their coaching sessions, their programmes' contact moments and their teams'
deliverable due dates.

Every event has a stable UID, so a calendar app that subscribed replaces an event
instead of adding a second one; a session's SEQUENCE rises when it is moved or
cancelled, and a cancelled session stays in the feed with STATUS:CANCELLED so that
subscribed calendars remove it. Times are written in UTC.
"""

import datetime

from django.conf import settings
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from courses.models import ContactMoment, Membership, ModulePage
from prototypes.models import CoachingSession, Team

PRODID = "-//Learning Lab//Coaching sessions//EN"


# The right-hand side of every UID: fixed, so that an event keeps its identity whatever
# address the site is served from.
UID_DOMAIN = "learninglab"


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    return cal


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def session_event(session: CoachingSession) -> Event:
    """The session as an event; `session.team` (with its programme) should be loaded."""
    event = Event()
    event.add("uid", f"session-{session.uid}@{UID_DOMAIN}")
    event.add("dtstamp", _utc(session.updated_at))
    event.add("sequence", session.sequence)
    event.add("dtstart", _utc(session.starts_at))
    event.add("dtend", _utc(session.ends_at))
    event.add("summary", _("Coaching session: %(team)s") % {"team": session.team.name})
    if session.place or session.video_url:
        event.add("location", session.place or session.video_url)
    url = _absolute(reverse("prototypes:session_detail", args=[session.team_id, session.pk]))
    event.add("url", url)
    description = [session.agenda] if session.agenda else []
    if session.video_url:
        description.append(_("Video link: %(url)s") % {"url": session.video_url})
    description.append(url)
    event.add("description", "\n\n".join(description))
    if session.status == CoachingSession.Status.CANCELLED:
        event.add("status", "CANCELLED")
    elif session.status == CoachingSession.Status.PROPOSED:
        event.add("status", "TENTATIVE")
    else:
        event.add("status", "CONFIRMED")
    return event


def session_calendar(session: CoachingSession) -> bytes:
    """One session as a whole .ics file."""
    cal = _calendar(_("Coaching session: %(team)s") % {"team": session.team.name})
    cal.add_component(session_event(session))
    return cal.to_ical()


def _contact_moment_event(moment, module, programme, stamp) -> Event:
    event = Event()
    event.add("uid", f"contact-moment-{moment.pk}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("sequence", 0)
    event.add("dtstart", _utc(moment.starts_at(programme)))
    event.add("dtend", _utc(moment.ends_at(programme)))
    event.add("summary", f"{moment.title} ({programme.title})")
    if moment.place:
        event.add("location", moment.place)
    event.add("url", _absolute(module.url or "/"))
    return event


def _deliverable_event(block, due, module, programme, stamp) -> Event:
    event = Event()
    event.add("uid", f"deliverable-{module.pk}-{block.id}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("sequence", 0)
    # A due date is a whole day where the programme runs, not an instant.
    event.add("dtstart", due)
    event.add("dtend", due + datetime.timedelta(days=1))
    event.add("summary", _("Due: %(title)s") % {"title": block.value["title"]})
    event.add("transp", "TRANSPARENT")
    event.add("url", _absolute(module.url or "/"))
    event.add("location", programme.title)
    return event


def feed_calendar(user) -> bytes:
    """The person's private feed, in their preferred language.

    Queries: their sessions (one), their programmes (one), their teams (one), and per
    programme its modules with their contact moments (two) — the same however many
    sessions, moments or deliverables.
    """
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        cal = _calendar(_("Learning Lab"))
        sessions = (
            CoachingSession.objects.of_person(user)
            .select_related("team")
            .order_by("starts_at", "pk")
        )
        for session in sessions:
            cal.add_component(session_event(session))

        stamp = _utc(timezone.now())
        programmes = {
            m.programme_id: m.programme
            for m in Membership.objects.filter(user=user).select_related("programme")
        }
        team_programmes = {
            team.programme_id: team.programme
            for team in Team.objects.filter(
                Q(members__user=user, members__left_on__isnull=True) | Q(coaches=user)
            )
            .select_related("programme")
            .distinct()
        }
        for programme_id in sorted(programmes.keys() | team_programmes.keys()):
            programme = programmes.get(programme_id) or team_programmes[programme_id]
            modules = list(
                ModulePage.objects.child_of(programme)
                .live()
                .order_by("week", "path")
                .prefetch_related(
                    Prefetch(
                        "contact_moments", queryset=ContactMoment.objects.order_by("sort_order")
                    )
                )
            )
            for module in modules:
                module.programme = programme
                if programme_id in programmes:
                    for moment in module.contact_moments.all():
                        cal.add_component(_contact_moment_event(moment, module, programme, stamp))
                if programme_id in team_programmes:
                    for block, due in module.body_with_due_dates():
                        if due is not None:
                            cal.add_component(
                                _deliverable_event(block, due, module, programme, stamp)
                            )
        return cal.to_ical()
