"""Comparing two iterations side by side, the changed fields marked in words."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prototypes.models import Iteration, Prototype
from tests.factories import TEAM_PERSONAS, make_team_world

pytestmark = pytest.mark.django_db

SEES = {"member", "team_mate", "coach", "coordinator"}
CHANGED_ROW = re.compile(r'compare__row--changed" aria-labelledby="compare-(\w+)"')


@pytest.fixture
def world():
    world = make_team_world()
    member = world["people"]["member"]
    prototype = Prototype.objects.for_team(world["team"])
    first = prototype.start_iteration(by=member)
    first.edit({name: f"{name} in ronde 1" for name in Iteration.CONTENT_FIELDS}, by=member)
    first.submit(by=member)
    second = prototype.start_iteration(by=member)
    second.edit(
        {"we_believe": "Buren betalen voor een maaltijd", "therefore_we_will": "Vaker koken"},
        by=member,
    )
    return world


def compare_url(team, query=""):
    return reverse("prototypes:iteration_compare", args=[team.pk]) + query


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_compare_by_persona(client, world, persona):
    person = world["people"][persona]
    if person is not None:
        client.force_login(person)

    response = client.get(compare_url(world["team"], "?a=1&b=2"))

    if persona == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif persona in SEES:
        assert response.status_code == 200
        assert "Buren betalen voor een maaltijd" in response.content.decode()
    else:
        assert response.status_code == 404
        assert "Buren betalen" not in response.content.decode()


def test_exactly_the_changed_fields_are_marked_in_words(client, world, english_interface):
    client.force_login(world["people"]["coach"])

    html = client.get(compare_url(world["team"], "?a=1&b=2")).content.decode()

    assert set(CHANGED_ROW.findall(html)) == {"we_believe", "therefore_we_will"}
    assert html.count(">changed</span>") == 2
    assert html.count(">unchanged</span>") == len(Iteration.CONTENT_FIELDS) - 2
    assert "2 parts changed between iteration 1 and iteration 2." in html
    assert "we_believe in ronde 1" in html and "Buren betalen voor een maaltijd" in html


def test_comparing_an_iteration_with_itself_marks_nothing(client, world, english_interface):
    client.force_login(world["people"]["member"])

    html = client.get(compare_url(world["team"], "?a=2&b=2")).content.decode()

    assert CHANGED_ROW.findall(html) == []
    assert "0 parts changed" in html


def test_changed_fields_compares_content_only(world):
    first, second = Iteration.objects.for_team(world["team"]).order_by("number")

    assert first.changed_fields(second) == {"we_believe", "therefore_we_will"}
    assert second.changed_fields(first) == {"we_believe", "therefore_we_will"}


def test_without_numbers_the_latest_two_are_offered(client, world):
    client.force_login(world["people"]["member"])

    response = client.get(compare_url(world["team"]))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="1" selected>' in html
    assert '<option value="2" selected>' in html


@pytest.mark.parametrize("query", ["?a=één&b=2", "?a=1", "?b=2", "?a=&b="])
def test_bad_numbers_get_a_clear_message(client, world, english_interface, query):
    client.force_login(world["people"]["member"])

    response = client.get(compare_url(world["team"], query))

    assert response.status_code == 400
    assert "Choose two iterations to compare, by their numbers." in response.content.decode()


def test_a_number_the_team_does_not_have_is_named(client, world, english_interface):
    client.force_login(world["people"]["member"])

    response = client.get(compare_url(world["team"], "?a=1&b=9"))

    assert response.status_code == 404
    assert "This team has no iteration 9." in response.content.decode()


def test_another_teams_iterations_are_not_found(client, world):
    other = Prototype.objects.for_team(world["other_team"])
    other.start_iteration(by=None).submit(by=None)
    other.start_iteration(by=None)
    client.force_login(world["people"]["member"])

    response = client.get(compare_url(world["other_team"], "?a=1&b=2"))

    assert response.status_code == 404


def test_comparison_costs_the_same_for_2_and_50_iterations(client, world):
    prototype = Prototype.objects.for_team(world["other_team"])
    Iteration.objects.bulk_create(
        Iteration(
            prototype=prototype,
            number=number,
            we_believe=f"Aanname {number}",
            status=Iteration.Status.SUBMITTED,
        )
        for number in range(1, 51)
    )
    counts = []
    for team, persona, query in [
        (world["team"], "member", "?a=1&b=2"),
        (world["other_team"], "other_team_member", "?a=1&b=50"),
    ]:
        client.force_login(world["people"][persona])
        client.get(compare_url(team, query))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(compare_url(team, query))
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
