"""Coaching sessions: who sees a session and its list, who answers, moves, cancels and
records it, private notes that only the session's coach reads, action items members
tick off, and the emails that tell everyone about a move or cancellation."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from prototypes.models import CoachingSession
from tests.factories import TEAM_PERSONAS, make_team_world

pytestmark = pytest.mark.django_db

SEES = {"member", "team_mate", "coach", "coordinator"}
MEMBERS = {"member", "team_mate"}
RUNS = {"coach"}
NOW = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)
# Thursday 4 March 2027, 15:00 in Amsterdam (CET, UTC+1).
STARTS = datetime.datetime(2027, 3, 4, 14, 0, tzinfo=datetime.UTC)
PRIVATE = "Member seems tired; ask about the childcare."


@pytest.fixture(autouse=True)
def early_march_2027():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def world():
    world = make_team_world()
    world["session"] = CoachingSession.plan(
        team=world["team"],
        coach=world["people"]["coach"],
        starts_at=STARTS,
        place="Buurthuis De Boog",
        agenda="Plan the tasting evening.",
    )
    return world


def login(client, world, persona):
    person = world["people"][persona]
    if person is not None:
        client.force_login(person)
    return person


def url(name, session, *extra):
    return reverse(f"prototypes:{name}", args=[session.team_id, session.pk, *extra])


def assert_allowed(response, persona, allowed, ok=(200,)):
    if persona == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif persona in allowed:
        assert response.status_code in ok
    else:
        assert response.status_code == 404


def hold(world, private_notes=PRIVATE):
    """The session took place: travel past it and record it as the coach."""
    session = world["session"]
    session.record(
        world["people"]["coach"],
        attended_user_ids=[world["people"]["member"].pk],
        shared_notes="We chose the menu.",
        private_notes=private_notes,
    )
    return session


# The session page


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_the_session_page_is_for_those_who_see_the_team(client, world, persona):
    login(client, world, persona)

    response = client.get(url("session_detail", world["session"]))

    assert_allowed(response, persona, SEES)
    if persona in SEES:
        page = response.content.decode()
        assert "Buurthuis De Boog" in page
        assert "Plan the tasting evening." in page
