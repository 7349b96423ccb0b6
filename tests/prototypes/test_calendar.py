"""Calendars: a session's .ics file and each person's private feed, read back with two
independent parsers (icalendar and vobject): stable UIDs, rising SEQUENCE, cancelled
sessions marked so that subscribed calendars remove them, and exactly the person's own
sessions, contact moments and due dates."""

import datetime

import icalendar
import pytest
import time_machine
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import ContactMoment
from prototypes.models import CalendarFeed, CoachingSession
from tests.factories import TEAM_PERSONAS, add_module, make_team_world

pytestmark = pytest.mark.django_db

SEES = {"member", "team_mate", "coach", "coordinator"}
NOW = datetime.datetime(2027, 2, 1, 9, 0, tzinfo=datetime.UTC)
# Thursday 4 February 2027, 15:00 in Amsterdam (CET, UTC+1).
STARTS = datetime.datetime(2027, 2, 4, 14, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def early_february_2027():
    with time_machine.travel(NOW, tick=True):
        yield


def deliverable(title):
    return (
        "deliverable",
        {
            "title": title,
            "description": "<p>Lever dit in.</p>",
            "due_day": "4",
            "completed_by": "iteration",
        },
    )


def contact_moment(programme, title):
    """A contact moment on Tuesday of week 1, 19:00–21:00 where the programme runs."""
    module = programme.get_children().specific().get()
    ContactMoment.objects.create(
        module=module,
        title=title,
        weekday="1",
        start_time=datetime.time(19),
        end_time=datetime.time(21),
        place="Buurthuis",
    )


@pytest.fixture
def world():
    world = make_team_world()
    contact_moment(world["a"], "Intervisie Overvecht")
    contact_moment(world["b"], "Intervisie Kanaleneiland")
    add_module(world["a"], 2, title="Eerste test", body=[deliverable("Eerste iteratie")])
    add_module(world["b"], 2, title="Eerste test", body=[deliverable("Iteratie Kanaleneiland")])
    people = world["people"]
    world["session"] = CoachingSession.plan(
        team=world["team"],
        coach=people["coach"],
        starts_at=STARTS,
        place="Buurthuis De Boog",
        agenda="Plan the tasting evening.",
    )
    world["other_session"] = CoachingSession.plan(
        team=world["other_team"],
        coach=people["other_coach"],
        starts_at=STARTS,
        place="Repair Café Overvecht",
    )
    return world


def login(client, world, persona):
    person = world["people"][persona]
    if person is not None:
        client.force_login(person)
    return person


def ics_url(session):
    return reverse("prototypes:session_ics", args=[session.team_id, session.pk])


def parse_both(data: bytes):
    """The events as read by each parser: {uid: (summary, dtstart, sequence, status)}."""
    first = {
        str(event["UID"]): (
            str(event["SUMMARY"]),
            event.decoded("DTSTART"),
            int(event.get("SEQUENCE", 0)),
            str(event.get("STATUS", "")),
        )
        for event in icalendar.Calendar.from_ical(data).walk("VEVENT")
    }
    calendar = vobject.readOne(data.decode())
    second = {
        event.uid.value: (
            event.summary.value,
            event.dtstart.value,
            int(event.sequence.value) if hasattr(event, "sequence") else 0,
            event.status.value if hasattr(event, "status") else "",
        )
        for event in calendar.vevent_list
    }
    assert first == second
    for event in icalendar.Calendar.from_ical(data).walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "SEQUENCE", "URL"):
            assert required in event, required
    return first


# A session's .ics file


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_the_ics_file_is_for_those_who_see_the_session(client, world, persona):
    login(client, world, persona)

    response = client.get(ics_url(world["session"]))

    if persona == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif persona in SEES:
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        assert response["Content-Disposition"].startswith("attachment;")
        assert len(parse_both(response.content)) == 1
    else:
        assert response.status_code == 404


def test_a_created_moved_and_cancelled_session_reads_the_same_in_both_parsers(
    client, world, english_interface
):
    session, coach = world["session"], world["people"]["coach"]
    client.force_login(world["people"]["member"])

    created = parse_both(client.get(ics_url(session)).content)
    session.move(datetime.datetime(2027, 4, 1, 8, 30, tzinfo=datetime.UTC), by=coach)
    moved = parse_both(client.get(ics_url(session)).content)
    session.cancel(by=coach)
    cancelled = parse_both(client.get(ics_url(session)).content)

    [uid] = created
    assert list(moved) == list(cancelled) == [uid]
    assert uid == f"session-{session.uid}@learninglab"
    summary, start, sequence, status = created[uid]
    assert summary == "Coaching session: De Wijkkeuken"
    assert start == STARTS
    assert (sequence, status) == (0, "TENTATIVE")
    # 10:30 in Amsterdam on 1 April, summer time.
    assert moved[uid][1] == datetime.datetime(2027, 4, 1, 8, 30, tzinfo=datetime.UTC)
    assert moved[uid][2] == 1
    assert cancelled[uid][1:] == (moved[uid][1], 2, "CANCELLED")


def test_the_ics_file_says_where_and_links_the_session(client, world):
    client.force_login(world["people"]["member"])

    data = client.get(ics_url(world["session"])).content
    [event] = icalendar.Calendar.from_ical(data).walk("VEVENT")

    assert str(event["LOCATION"]) == "Buurthuis De Boog"
    assert str(event["URL"]).endswith(f"/teams/{world['team'].pk}/sessions/{world['session'].pk}/")
    assert "Plan the tasting evening." in str(event["DESCRIPTION"])
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(hours=1)
    assert b"DTSTART:20270204T140000Z" in data


# The private feed


def feed_of(client, person):
    token = CalendarFeed.for_user(person).token
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return parse_both(response.content)


def summaries(events):
    return sorted(summary for summary, *_rest in events.values())


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        (
            "member",
            [
                "Coaching session: De Wijkkeuken",
                "Due: Eerste iteratie",
                "Intervisie Overvecht (Overvecht, voorjaar 2027)",
            ],
        ),
        (
            "coach",
            [
                "Coaching session: De Wijkkeuken",
                "Due: Eerste iteratie",
                "Intervisie Overvecht (Overvecht, voorjaar 2027)",
            ],
        ),
        (
            "other_team_member",
            [
                "Coaching session: Repair Café",
                "Due: Eerste iteratie",
                "Intervisie Overvecht (Overvecht, voorjaar 2027)",
            ],
        ),
        ("coordinator", ["Intervisie Overvecht (Overvecht, voorjaar 2027)"]),
        ("other_coordinator", ["Intervisie Kanaleneiland (Kanaleneiland, voorjaar 2027)"]),
    ],
)
def test_the_feed_holds_exactly_the_persons_items(
    client, world, english_interface, persona, expected
):
    person = world["people"][persona]
    person.preferred_language = "en"
    person.save()

    events = feed_of(client, person)

    assert summaries(events) == expected


def test_feed_times_are_the_right_instants_and_due_dates_whole_days(client, world):
    events = feed_of(client, world["people"]["member"])

    starts = {summary: start for summary, start, *_rest in events.values()}
    # Tuesday 2 February 2027, 19:00 in Amsterdam is 18:00 UTC.
    assert starts["Intervisie Overvecht (Overvecht, voorjaar 2027)"] == datetime.datetime(
        2027, 2, 2, 18, 0, tzinfo=datetime.UTC
    )
    # Week 2's Friday: 12 February.
    due = next(start for summary, start in starts.items() if "Eerste iteratie" in summary)
    assert due == datetime.date(2027, 2, 12)


def test_a_cancelled_session_stays_in_the_feed_to_be_removed(client, world):
    session = world["session"]
    session.cancel(by=world["people"]["coach"])

    events = feed_of(client, world["people"]["team_mate"])

    uid = next(uid for uid in events if str(session.uid) in uid)
    assert events[uid][2:] == (1, "CANCELLED")


def test_a_wrong_token_finds_no_feed(client, world):
    CalendarFeed.for_user(world["people"]["member"])

    assert client.get("/calendar/not-the-token.ics").status_code == 404
    assert client.get("/calendar/.ics").status_code == 404


def test_resetting_the_link_makes_the_old_url_a_404(client, world, english_interface):
    member = world["people"]["member"]
    old = CalendarFeed.for_user(member).token
    client.force_login(member)

    page = client.get(reverse("prototypes:calendar"))
    assert f"http://testserver/calendar/{old}.ics" in page.content.decode()
    response = client.post(reverse("prototypes:calendar_reset"), follow=True)

    new = CalendarFeed.objects.get(user=member).token
    assert new != old
    assert f"http://testserver/calendar/{new}.ics" in response.content.decode()
    assert "The old link no longer works" in response.content.decode()
    client.logout()
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200


def test_the_calendar_page_and_reset_need_an_account(client):
    for response in (
        client.get(reverse("prototypes:calendar")),
        client.post(reverse("prototypes:calendar_reset")),
    ):
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    assert client.get(reverse("prototypes:calendar_reset")).status_code in (302, 405)


def test_each_person_sees_only_their_own_link(client, world):
    member, mate = world["people"]["member"], world["people"]["team_mate"]
    mine = CalendarFeed.for_user(member).token
    client.force_login(mate)

    page = client.get(reverse("prototypes:calendar")).content.decode()

    assert mine not in page
    assert CalendarFeed.for_user(mate).token in page


def test_the_feed_costs_the_same_queries_for_1_and_12_sessions(client, world, english_interface):
    coach = world["people"]["coach"]
    coach.preferred_language = "en"  # the feed speaks its owner's language
    coach.save()
    token = CalendarFeed.for_user(coach).token
    client.get(f"/calendar/{token}.ics")  # warm the caches of a first visit
    with CaptureQueriesContext(connection) as one:
        client.get(f"/calendar/{token}.ics")
    for week in range(1, 12):
        CoachingSession.plan(
            team=world["team"], coach=coach, starts_at=STARTS + datetime.timedelta(weeks=week)
        )

    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/calendar/{token}.ics")

    assert len(many) == len(one)
    assert sum("Coaching session" in s for s in summaries(parse_both(response.content))) == 12
