"""Coaching from availability to reflection, in Chromium.

A resident keeps her availability on her phone; the coach, on a laptop, plans a session
at a suggested time; she confirms it and downloads it for her calendar; after the
session she ticks off her action item and writes a reflection that only the coach reads.
"""

import datetime

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from courses.models import ProgrammePage
from prototypes.models import AvailabilityWindow, CoachingSession, Reflection
from tests.browser import assert_no_horizontal_scroll, follow, visit
from tests.browser.test_team_work import sign_in
from tests.factories import make_team_world


@pytest.fixture
def browser_locale():
    # The flow is followed through English pages, whose wording is the source text.
    return "en-GB"


def programme_in_its_second_week(programme):
    """Move the programme's start so that today falls in its second week."""
    today = timezone.now().astimezone(programme.zone).date()
    start = today - datetime.timedelta(days=today.weekday(), weeks=1)
    ProgrammePage.objects.filter(pk=programme.pk).update(start_date=start)
    return today


def free_every_day(*people):
    AvailabilityWindow.objects.bulk_create(
        AvailabilityWindow(
            user=person, weekday=day, starts_at=datetime.time(8), ends_at=datetime.time(20)
        )
        for person in people
        for day in range(7)
    )


def test_a_resident_is_coached_at_a_time_that_suits_her_and_reflects_for_her_coach(
    page, desktop_page, live_server, tmp_path
):
    world = make_team_world()
    team, people = world["team"], world["people"]
    resident, student, coach = people["team_mate"], people["member"], people["coach"]
    today = programme_in_its_second_week(world["a"])
    free_every_day(student, coach)
    # A weekday two days from now: both of its next dates lie ahead, within two weeks.
    day = (today + datetime.timedelta(days=2)).strftime("%A")

    # The resident, on her phone, gives the one morning she is free every week.
    sign_in(page, resident, live_server)
    visit(page, f"/en/teams/{team.pk}/")
    follow(page, page.get_by_role("link", name="My availability: when I can meet"))
    assert page.get_by_role("heading", level=1).inner_text() == "My availability"
    follow(page, page.get_by_role("link", name="Add a weekly time"))
    page.get_by_label("Day").select_option(label=day)
    page.get_by_label("From").fill("09:00")
    page.get_by_label("Until").fill("11:30")
    page.get_by_label("Note").fill("After the school run")
    assert_no_horizontal_scroll(page)
    follow(page, page.get_by_role("button", name="Save"))
    assert page.get_by_role("heading", level=1).inner_text() == "My availability"
    assert page.get_by_text(f"{day} 09:00–11:30", exact=True).is_visible()
    assert page.get_by_text("After the school run").is_visible()
    assert_no_horizontal_scroll(page)

    # The coach, on a laptop, plans a session at the best suggested time.
    sign_in(desktop_page, coach, live_server)
    visit(desktop_page, f"/en/teams/{team.pk}/")
    follow(desktop_page, desktop_page.get_by_role("link", name="Plan a session"))
    assert desktop_page.get_by_role("heading", level=1).inner_text() == "Plan a session"
    best = desktop_page.get_by_role("group", name="When").get_by_role("radio").first
    best_label = desktop_page.locator(f"label[for='{best.get_attribute('id')}']").inner_text()
    assert day in best_label and "09:00" in best_label
    assert "everyone" in best_label.lower()
    best.check()
    desktop_page.get_by_label("Place").fill("Community room, Overvecht market")
    desktop_page.get_by_label("Agenda").fill("What did the neighbours tell you?")
    follow(desktop_page, desktop_page.get_by_role("button", name="Plan the session"))
    assert desktop_page.get_by_role("heading", level=1).inner_text() == "Coaching session"
    session = CoachingSession.objects.get(team=team)
    local_start = session.starts_at.astimezone(world["a"].zone)
    assert (local_start.strftime("%A"), local_start.time()) == (day, datetime.time(9))
    session_path = f"/en/teams/{team.pk}/sessions/{session.pk}/"

    # The resident confirms on her phone and downloads the session for her calendar.
    visit(page, session_path)
    assert page.get_by_text("Community room, Overvecht market").is_visible()
    follow(page, page.get_by_role("button", name="I am coming"))
    coming = page.locator("section", has=page.get_by_role("heading", name="Who comes"))
    assert "Team Mate" in coming.inner_text()
    assert_no_horizontal_scroll(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download for your calendar (.ics)").click()
    path = tmp_path / "session.ics"
    download_info.value.save_as(path)
    event = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")[0]
    assert event.decoded("dtstart") == session.starts_at
    assert str(session.uid) in str(event["uid"])
    assert "Community room, Overvecht market" in str(event["location"])

    # The session is held (its time now lies behind us); the coach records it and
    # agrees an action item with the resident.
    CoachingSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2)
    )
    visit(desktop_page, session_path)
    follow(desktop_page, desktop_page.get_by_role("link", name="Record the session"))
    desktop_page.get_by_role("group", name="Who came").get_by_label("Team Mate").check()
    desktop_page.get_by_label("Notes for the team").fill("Ten neighbours came to the tasting.")
    desktop_page.get_by_label("Private notes").fill("Ask how she combines it with work.")
    follow(desktop_page, desktop_page.get_by_role("button", name="Save: the session was held"))
    desktop_page.get_by_role("textbox", name="Action item").fill(
        "Ask the market for a stall in June"
    )
    desktop_page.get_by_label("Who does it").select_option(label="Team Mate")
    follow(desktop_page, desktop_page.get_by_role("button", name="Add the action item"))
    assert desktop_page.get_by_text("Ask the market for a stall in June", exact=True).is_visible()

    # She reads the shared notes, not the private ones, and ticks off her action item.
    visit(page, session_path)
    assert page.get_by_text("Ten neighbours came to the tasting.").is_visible()
    assert not page.get_by_text("Ask how she combines it with work.").count()
    follow(
        page,
        page.get_by_role("button", name="Mark “Ask the market for a stall in June” as done"),
    )
    item = page.locator(".action-items__item", has_text="Ask the market for a stall in June")
    assert item.locator(".badge").inner_text() == "Done"
    assert_no_horizontal_scroll(page)

    # She writes this week's reflection, for her coach's eyes only.
    visit(page, f"/en/teams/{team.pk}/")
    follow(
        page,
        page.get_by_role(
            "link", name="Your reflections: write this week’s and read what you wrote"
        ),
    )
    follow(page, page.get_by_role("link", name="Write: Week 2"))
    answer = page.locator(".reflection-form textarea").first
    answer.fill("I dared to ask the market manager myself.")
    for scale in page.locator("fieldset.reflection-scale").all():
        scale.get_by_label("4", exact=True).check()
    page.get_by_role("group", name="Who may read this reflection?").get_by_label(
        "Me and my coach"
    ).check()
    assert_no_horizontal_scroll(page)
    follow(page, page.get_by_role("button", name="Save the reflection"))
    reflection = Reflection.objects.get(author=resident)
    assert reflection.visibility == Reflection.Visibility.COACH

    # The coach reads it among the reflections shared with them; her team mate cannot.
    visit(desktop_page, f"/en/teams/{team.pk}/reflections/shared/")
    assert desktop_page.get_by_text("I dared to ask the market manager myself.").is_visible()
    team_mate = Client()
    team_mate.force_login(student)
    shared = team_mate.get(f"/en/teams/{team.pk}/reflections/shared/")
    assert shared.status_code == 200
    assert "I dared to ask the market manager myself." not in shared.content.decode()
