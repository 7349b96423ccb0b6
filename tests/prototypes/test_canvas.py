"""The prototype canvas: members edit it, coaches and coordinators read it, others get a 404."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from prototypes.forms import MAX_TEXT_LENGTH
from prototypes.models import Prototype, Team
from tests.factories import TEAM_PERSONAS, make_team_world

pytestmark = pytest.mark.django_db

READS = {
    "member": "form",
    "team_mate": "form",
    "other_team_member": 404,
    "coach": "read-only",
    "other_coach": 404,
    "coordinator": "read-only",
    "other_coordinator": 404,
    "anonymous": "login",
}
MAY_SAVE = {"member", "team_mate"}
NOW = datetime.datetime(2027, 3, 1, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def world():
    return make_team_world()


def canvas_url(team):
    return reverse("prototypes:canvas", args=[team.pk])


def login(client, world, persona):
    person = world["people"][persona]
    if person is not None:
        client.force_login(person)
    return person


def test_every_persona_is_covered():
    assert set(READS) == set(TEAM_PERSONAS)


@pytest.mark.parametrize("persona,expected", READS.items())
def test_canvas_page_by_persona(client, world, persona, expected):
    Prototype.objects.filter(team=world["team"]).update(beneficiaries="Ouderen in Overvecht")
    login(client, world, persona)

    response = client.get(canvas_url(world["team"]))

    if expected == "login":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif expected == 404:
        assert response.status_code == 404
        assert "Ouderen in Overvecht" not in response.content.decode()
    else:
        assert response.status_code == 200
        html = response.content.decode()
        assert "Ouderen in Overvecht" in html
        assert ('class="canvas-form' in html) is (expected == "form")
        assert ("<textarea" in html) is (expected == "form")


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_only_members_can_save_the_canvas(client, world, persona):
    login(client, world, persona)

    response = client.post(canvas_url(world["team"]), {"beneficiaries": "Alleenstaande ouderen"})

    stored = Prototype.objects.get(team=world["team"]).beneficiaries
    if persona in MAY_SAVE:
        assert response.status_code == 302
        assert stored == "Alleenstaande ouderen"
    elif persona == "anonymous":
        assert "/accounts/login/" in response["Location"]
        assert stored == ""
    else:
        assert response.status_code == 404
        assert stored == ""


def test_saving_records_who_when_and_the_teams_activity(client, world, english_interface):
    with time_machine.travel(NOW, tick=False):
        member = login(client, world, "member")
        response = client.post(
            canvas_url(world["team"]),
            {"social_value_proposition": "Samen koken", "impact_who": "Buren"},
            follow=True,
        )

    assert response.redirect_chain == [(canvas_url(world["team"]), 302)]
    assert "The canvas is saved." in response.content.decode()
    prototype = Prototype.objects.get(team=world["team"])
    assert prototype.social_value_proposition == "Samen koken"
    assert prototype.impact_who == "Buren"
    assert prototype.updated_by == member
    assert prototype.updated_at == NOW
    assert Team.objects.get(pk=world["team"].pk).last_activity_at == NOW


def test_too_long_text_is_refused_and_everything_typed_is_kept(client, world, english_interface):
    login(client, world, "member")
    too_long = "x" * (MAX_TEXT_LENGTH + 1)

    response = client.post(
        canvas_url(world["team"]),
        {"channels": too_long, "customers": "Het buurthuis"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Please check what you entered" in html
    assert 'id="id_channels_error"' in html
    assert 'aria-describedby="id_channels_error"' in html
    assert too_long in html
    assert "Het buurthuis" in html
    prototype = Prototype.objects.get(team=world["team"])
    assert prototype.channels == "" and prototype.customers == ""


def test_canvas_is_a_grid_of_every_block_for_screen_and_print(client, world):
    login(client, world, "coach")

    html = client.get(canvas_url(world["team"])).content.decode()

    for name in Prototype.CANVAS_FIELDS:
        assert f"canvas__cell--{name}" in html


def test_a_team_without_a_prototype_gets_an_empty_canvas(client, world):
    Prototype.objects.filter(team=world["team"]).delete()
    login(client, world, "member")

    response = client.get(canvas_url(world["team"]))

    assert response.status_code == 200
    assert Prototype.objects.filter(team=world["team"]).count() == 1
