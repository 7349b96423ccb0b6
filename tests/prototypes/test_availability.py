"""Availability pages (each person's own weekly windows and exceptions) and the coach's
page to plan a session at a suggested slot or another time."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Role
from prototypes.models import (
    AvailabilityException,
    AvailabilityWindow,
    CoachingSession,
    SessionParticipant,
    TeamMember,
)
from tests.factories import TEAM_PERSONAS, UserFactory, make_team_world

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
# Monday 19 October 2026, 08:00 in Amsterdam; the clocks go back on Sunday the 25th.
NOW = datetime.datetime(2026, 10, 19, 6, 0, tzinfo=datetime.UTC)
TUESDAY = 1
MAY_KEEP_AVAILABILITY = {"member", "team_mate", "other_team_member", "coach", "other_coach"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world():
    return make_team_world()


def login(client, world, persona):
    person = world["people"][persona]
    if person is not None:
        client.force_login(person)
    return person


def window_for(person, weekday=TUESDAY, start="09:00", end="12:00", note=""):
    return AvailabilityWindow.objects.create(
        user=person,
        weekday=weekday,
        starts_at=datetime.time.fromisoformat(start),
        ends_at=datetime.time.fromisoformat(end),
        note=note,
    )


def assert_needs_login(response):
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Who keeps availability


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_participants_and_coaches_keep_their_availability(client, world, persona):
    login(client, world, persona)
    for url in [
        reverse("prototypes:availability"),
        reverse("prototypes:window_add"),
        reverse("prototypes:exception_add"),
    ]:
        response = client.get(url)
        if persona == "anonymous":
            assert_needs_login(response)
        elif persona in MAY_KEEP_AVAILABILITY:
            assert response.status_code == 200
        else:
            assert response.status_code == 404


def test_a_team_member_without_a_programme_role_keeps_availability(client, world):
    newcomer = UserFactory()
    TeamMember.objects.create(team=world["team"], user=newcomer, role=Role.RESIDENT)
    client.force_login(newcomer)
    assert client.get(reverse("prototypes:availability")).status_code == 200


@pytest.mark.parametrize("persona", ["team_mate", "coach", "other_team_member"])
def test_someone_elses_window_and_exception_are_404(client, world, persona):
    owner = world["people"]["member"]
    window = window_for(owner, note="werk")
    exception = AvailabilityException.objects.create(user=owner, date=datetime.date(2026, 10, 21))
    login(client, world, persona)

    for url in [
        reverse("prototypes:window_edit", args=[window.pk]),
        reverse("prototypes:window_delete", args=[window.pk]),
        reverse("prototypes:exception_edit", args=[exception.pk]),
        reverse("prototypes:exception_delete", args=[exception.pk]),
    ]:
        assert client.get(url).status_code == 404
        assert (
            client.post(url, {"weekday": 2, "starts_at": "10:00", "ends_at": "11:00"}).status_code
            == 404
        )
    window.refresh_from_db()
    assert (window.weekday, window.note) == (TUESDAY, "werk")
    assert AvailabilityException.objects.filter(pk=exception.pk).exists()
    assert "werk" not in client.get(reverse("prototypes:availability")).content.decode()


# Weekly windows


def test_a_resident_adds_changes_and_deletes_a_weekly_time(client, world, english_interface):
    resident = login(client, world, "team_mate")
    form = client.get(reverse("prototypes:window_add")).content.decode()
    for label in ["Day", "From", "Until", "Note"]:
        assert re.search(rf"<label for=\"id_\w+\">{label}:?</label>", form), label
    assert 'type="time"' in form

    response = client.post(
        reverse("prototypes:window_add"),
        {
            "weekday": TUESDAY,
            "starts_at": "09:00",
            "ends_at": "14:45",
            "note": "school pick-up 15:00",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "prototypes:availability"
    )
    window = AvailabilityWindow.objects.get(user=resident)
    assert (window.starts_at, window.ends_at) == (datetime.time(9), datetime.time(14, 45))

    page = client.get(reverse("prototypes:availability")).content.decode()
    assert "Tuesday" in page and "09:00–14:45" in page and "school pick-up 15:00" in page

    client.post(
        reverse("prototypes:window_edit", args=[window.pk]),
        {"weekday": 3, "starts_at": "10:00", "ends_at": "12:00", "note": ""},
    )
    window.refresh_from_db()
    assert (window.weekday, window.starts_at) == (3, datetime.time(10))

    assert (
        "Delete your weekly time on Thursday 10:00–12:00?"
        in client.get(reverse("prototypes:window_delete", args=[window.pk])).content.decode()
    )
    client.post(reverse("prototypes:window_delete", args=[window.pk]))
    assert not AvailabilityWindow.objects.filter(user=resident).exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"starts_at": "12:00", "ends_at": "10:00"}, "The window must end after it starts."),
        ({"starts_at": "10:00", "ends_at": "10:00"}, "The window must end after it starts."),
        ({"starts_at": "10:00", "ends_at": ""}, "Give the time you are free until."),
        ({"starts_at": "", "ends_at": "10:00"}, "Give the time you are free from."),
        ({"starts_at": "25:00", "ends_at": "10:00"}, "Enter a valid time."),
    ],
)
def test_a_wrong_weekly_time_is_explained_and_kept(client, world, english_interface, data, message):
    login(client, world, "team_mate")
    response = client.post(
        reverse("prototypes:window_add"), {"weekday": TUESDAY, "note": "na het werk", **data}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please check what you entered" in page and message in page
    assert 'value="na het werk"' in page
    for value in data.values():
        if value:
            assert f'value="{value}"' in page
    assert not AvailabilityWindow.objects.exists()


# Exceptions


def exception_data(**changes):
    return {
        "date": "2026-10-21",
        "situation": "away_hours",
        "starts_at": "10:00",
        "ends_at": "12:00",
        "note": "tandarts",
        **changes,
    }


@pytest.mark.parametrize(
    "situation, times, kind",
    [
        ("away_day", (None, None), "away"),
        ("away_hours", (datetime.time(10), datetime.time(12)), "away"),
        ("free_hours", (datetime.time(10), datetime.time(12)), "free"),
    ],
)
def test_an_exception_is_saved_as_chosen(client, world, situation, times, kind):
    person = login(client, world, "member")
    response = client.post(reverse("prototypes:exception_add"), exception_data(situation=situation))
    assert response.status_code == 302
    exception = AvailabilityException.objects.get(user=person)
    assert (exception.kind, exception.starts_at, exception.ends_at) == (kind, *times)
    assert exception.date == datetime.date(2026, 10, 21) and exception.note == "tandarts"

    # Editing shows the same choice again.
    form = client.get(reverse("prototypes:exception_edit", args=[exception.pk])).content.decode()
    assert re.search(rf'value="{situation}"[^>]*checked', form)


def test_the_list_shows_exceptions_from_today_and_deletes_them(client, world, english_interface):
    person = login(client, world, "member")
    AvailabilityException.objects.create(user=person, date=datetime.date(2026, 10, 10), note="oud")
    exception = AvailabilityException.objects.create(
        user=person,
        date=datetime.date(2026, 10, 22),
        kind="free",
        starts_at=datetime.time(18),
        ends_at=datetime.time(20),
        note="extra avond",
    )
    page = client.get(reverse("prototypes:availability")).content.decode()
    assert "available 18:00–20:00" in page and "extra avond" in page
    assert "oud" not in page

    client.post(reverse("prototypes:exception_delete", args=[exception.pk]))
    assert not AvailabilityException.objects.filter(pk=exception.pk).exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"ends_at": ""}, "Give the time this ends."),
        ({"starts_at": ""}, "Give the time this starts."),
        ({"situation": "free_hours", "starts_at": "", "ends_at": ""}, "Give the time this starts."),
        ({"starts_at": "13:00"}, "The time must end after it starts."),
        ({"date": "2026-10-18"}, "Choose today or a later date."),
        ({"date": ""}, "Give the date."),
        ({"situation": ""}, "This field is required."),
    ],
)
def test_a_wrong_exception_is_explained_and_kept(
    client, world, english_interface, changes, message
):
    login(client, world, "member")
    data = exception_data(**changes)
    response = client.post(reverse("prototypes:exception_add"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'value="tandarts"' in page
    for field in ["date", "starts_at", "ends_at"]:
        if data[field]:
            assert f'value="{data[field]}"' in page
    assert not AvailabilityException.objects.exists()


def test_away_all_day_drops_times_typed_before(client, world):
    person = login(client, world, "member")
    client.post(
        reverse("prototypes:exception_add"), exception_data(situation="away_day", ends_at="")
    )
    exception = AvailabilityException.objects.get(user=person)
    assert exception.whole_day and exception.ends_at is None


def test_the_availability_page_costs_the_same_queries_for_one_and_many_entries(client, world):
    person = login(client, world, "member")
    window_for(person)
    AvailabilityException.objects.create(user=person, date=datetime.date(2026, 10, 21))
    url = reverse("prototypes:availability")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for weekday in range(7):
        window_for(person, weekday=weekday, start="18:00", end="21:00", note="avond")
    for day in range(22, 30):
        AvailabilityException.objects.create(user=person, date=datetime.date(2026, 10, day))
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(one.captured_queries)


# Planning a session


def plan_url(team):
    return reverse("prototypes:session_plan", args=[team.pk])


def plan_data(**changes):
    return {
        "slot": "other",
        "starts_at": "2026-10-27T09:00",
        "duration_minutes": "60",
        "place": "Buurthuis De Boog",
        "video_url": "",
        "agenda": "Wat leerden we van de test?",
        **changes,
    }


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_only_a_coach_of_the_team_plans_a_session(client, world, persona):
    login(client, world, persona)
    get = client.get(plan_url(world["team"]))
    post = client.post(plan_url(world["team"]), plan_data())
    if persona == "anonymous":
        assert_needs_login(get)
        assert_needs_login(post)
    elif persona == "coach":
        assert get.status_code == 200
        assert post.status_code == 302
    else:
        assert get.status_code == 404
        assert post.status_code == 404
    assert CoachingSession.objects.count() == (1 if persona == "coach" else 0)


@pytest.fixture
def availability(world):
    """The coach and the member free on Tuesdays 09:00–12:00, the team mate from 11:00."""
    people = world["people"]
    window_for(people["coach"])
    window_for(people["member"])
    window_for(people["team_mate"], start="11:00", end="12:00")
    return people


def test_the_coach_sees_the_best_slots_in_the_programme_time_zone(
    client, world, availability, english_interface
):
    client.force_login(availability["coach"])
    page = client.get(plan_url(world["team"])).content.decode()

    labels = re.findall(r'<label for="id_slot_\d+">([^<]*)</label>', page)
    assert labels[0] == "Tuesday 20 October, 11:00–12:00 · everyone is free"
    # After the clocks went back, 11:00 is still 11:00 on the wall clock.
    assert labels[1] == "Tuesday 27 October, 11:00–12:00 · everyone is free"
    assert labels[2] == "Tuesday 20 October, 09:00–10:00 · missing: Team Mate"
    assert labels[-1] == "Another time"
    for label in ["Date and time", "Duration (minutes)", "Place", "Video link", "Agenda"]:
        assert f">{label}:</label>" in page or f">{label}</label>" in page, label


def test_the_coach_plans_at_a_suggested_slot(client, world, availability, english_interface):
    client.force_login(availability["coach"])
    page = client.get(plan_url(world["team"])).content.decode()
    value = re.search(r'name="slot" value="([^"]+)"', page).group(1)

    response = client.post(plan_url(world["team"]), plan_data(slot=value, starts_at=""))

    session = CoachingSession.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(f"/en/teams/{world['team'].pk}/sessions/")
    assert session.starts_at == datetime.datetime(2026, 10, 20, 9, 0, tzinfo=datetime.UTC)
    assert session.coach == availability["coach"] and session.team == world["team"]
    assert session.place == "Buurthuis De Boog" and session.video_url == ""
    assert set(SessionParticipant.objects.values_list("user", flat=True)) == {
        availability["member"].pk,
        availability["team_mate"].pk,
    }


def test_another_time_is_read_in_the_programme_time_zone(client, world, availability):
    client.force_login(availability["coach"])
    client.post(
        plan_url(world["team"]),
        plan_data(
            starts_at="2026-10-27T09:00",
            duration_minutes="90",
            place="",
            video_url="https://meet.example.org/wijkkeuken",
        ),
    )
    session = CoachingSession.objects.get()
    # 09:00 in Amsterdam after the clocks went back is 08:00 UTC.
    assert session.starts_at == datetime.datetime(2026, 10, 27, 8, 0, tzinfo=datetime.UTC)
    assert session.duration_minutes == 90 and session.place == ""
    assert session.video_url == "https://meet.example.org/wijkkeuken"


def test_a_longer_session_gets_slots_that_fit_it(client, world, availability, english_interface):
    client.force_login(availability["coach"])
    page = client.get(plan_url(world["team"]) + "?duration=180").content.decode()
    labels = re.findall(r'<label for="id_slot_\d+">([^<]*)</label>', page)
    assert labels[0] == "Tuesday 20 October, 09:00–12:00 · missing: Team Mate"
    assert 'name="duration_minutes" value="180"' in page or 'value="180"' in page


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"starts_at": "2026-10-19T07:00"}, "This time has passed: choose a time in the future."),
        ({"starts_at": ""}, "Give the date and time of the session."),
        ({"starts_at": "morgen"}, "Enter a valid date/time."),
        ({"slot": ""}, "Choose one of the suggested times or “Another time”."),
        (
            {"slot": "2026-10-20T05:00:00+00:00"},
            "That time is no longer among the suggestions",
        ),
        ({"video_url": "niet een link"}, "Enter a valid URL."),
        ({"duration_minutes": "5"}, "Ensure this value is greater than or equal to 15."),
    ],
)
def test_a_wrong_plan_is_explained_and_kept(
    client, world, availability, english_interface, changes, message
):
    client.force_login(availability["coach"])
    data = plan_data(**changes)
    response = client.post(plan_url(world["team"]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Wat leerden we van de test?" in page and 'value="Buurthuis De Boog"' in page
    if data["starts_at"]:
        assert f'value="{data["starts_at"]}"' in page
    assert not CoachingSession.objects.exists()


@pytest.mark.parametrize("typed", ["2027-03-28T02:30", "2026-10-25T02:30"])
def test_a_time_the_clock_skips_or_shows_twice_is_refused(
    client, world, availability, english_interface, typed
):
    client.force_login(availability["coach"])
    page = client.post(plan_url(world["team"]), plan_data(starts_at=typed)).content.decode()
    assert "couldn’t be interpreted in time zone Europe/Amsterdam" in page
    assert f'value="{typed}"' in page
    assert not CoachingSession.objects.exists()


def test_the_plan_page_reads_in_dutch(client, world, availability):
    client.force_login(availability["coach"])
    page = client.get(plan_url(world["team"])).content.decode()
    assert "/nl/teams/" in page
    assert "dinsdag 20 oktober, 11:00–12:00" in page


def test_without_availability_the_coach_is_offered_another_time(client, world, english_interface):
    client.force_login(world["people"]["coach"])
    page = client.get(plan_url(world["team"])).content.decode()
    assert "No suggestions" in page
    assert re.search(r'value="other"[^>]*checked', page)


def test_the_plan_page_costs_the_same_queries_for_one_and_many_members(client, world):
    team, coach = world["team"], world["people"]["coach"]
    client.force_login(coach)
    window_for(coach)
    TeamMember.objects.filter(team=team, user=world["people"]["team_mate"]).delete()
    client.get(plan_url(team))
    with CaptureQueriesContext(connection) as one:
        assert client.get(plan_url(team)).status_code == 200
    for index in range(6):
        person = UserFactory()
        TeamMember.objects.create(team=team, user=person, role=Role.RESIDENT)
        for weekday in range(7):
            window_for(person, weekday=weekday, start="08:00", end="18:00")
        AvailabilityException.objects.create(user=person, date=datetime.date(2026, 10, 20 + index))
    with CaptureQueriesContext(connection) as many:
        assert client.get(plan_url(team)).status_code == 200
    assert len(many.captured_queries) == len(one.captured_queries)


def test_the_workspace_links_to_availability_and_to_planning(client, world):
    client.force_login(world["people"]["coach"])
    page = client.get(
        reverse("prototypes:team_workspace", args=[world["team"].pk])
    ).content.decode()
    assert plan_url(world["team"]) in page and reverse("prototypes:availability") in page
    client.force_login(world["people"]["member"])
    page = client.get(
        reverse("prototypes:team_workspace", args=[world["team"].pk])
    ).content.decode()
    assert plan_url(world["team"]) not in page and reverse("prototypes:availability") in page
