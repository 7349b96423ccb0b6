"""Iterations: members start, edit and submit them; each new one starts as a copy of the last."""

import datetime

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse

from prototypes.models import DraftExistsError, Evidence, Iteration, Prototype, Team
from tests.factories import TEAM_PERSONAS, make_team_world

pytestmark = pytest.mark.django_db

SEES = {"member", "team_mate", "coach", "coordinator"}
CHANGES = {"member", "team_mate"}
NOW = datetime.datetime(2027, 3, 1, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def world():
    return make_team_world()


def prototype_of(team):
    return Prototype.objects.get(team=team)


def login(client, world, persona):
    person = world["people"][persona]
    if person is not None:
        client.force_login(person)
    return person


def expect(response, persona, allowed, status=200):
    if persona == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    elif persona in allowed:
        assert response.status_code == status
    else:
        assert response.status_code == 404


def url(name, team, *args):
    return reverse(f"prototypes:{name}", args=[team.pk, *args])


# Access, persona by persona


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_only_members_start_an_iteration(client, world, persona):
    login(client, world, persona)

    response = client.post(url("iteration_start", world["team"]))

    expect(response, persona, CHANGES, status=302)
    started = Iteration.objects.for_team(world["team"]).count()
    assert started == (1 if persona in CHANGES else 0)


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_members_coaches_and_coordinators_read_an_iteration(client, world, persona):
    prototype_of(world["team"]).start_iteration(by=world["people"]["member"])
    Iteration.objects.filter(number=1).update(we_believe="Buren koken graag samen")
    login(client, world, persona)

    response = client.get(url("iteration_detail", world["team"], 1))

    expect(response, persona, SEES)
    assert ("Buren koken graag samen" in response.content.decode()) is (persona in SEES)


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_only_members_edit_a_draft(client, world, persona):
    prototype_of(world["team"]).start_iteration(by=world["people"]["member"])
    login(client, world, persona)

    page = client.get(url("iteration_edit", world["team"], 1))
    saved = client.post(url("iteration_edit", world["team"], 1), {"we_believe": "Iets nieuws"})

    expect(page, persona, CHANGES)
    expect(saved, persona, CHANGES, status=302)
    stored = Iteration.objects.for_team(world["team"]).get(number=1).we_believe
    assert stored == ("Iets nieuws" if persona in CHANGES else "")


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_only_members_submit(client, world, persona):
    prototype_of(world["team"]).start_iteration(by=world["people"]["member"])
    login(client, world, persona)

    page = client.get(url("iteration_submit", world["team"], 1))
    submitted = client.post(url("iteration_submit", world["team"], 1))

    expect(page, persona, CHANGES)
    expect(submitted, persona, CHANGES, status=302)
    status = Iteration.objects.for_team(world["team"]).get(number=1).status
    assert status == (Iteration.Status.SUBMITTED if persona in CHANGES else Iteration.Status.DRAFT)


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_iteration_list_by_persona(client, world, persona):
    login(client, world, persona)

    response = client.get(url("iterations", world["team"]))

    expect(response, persona, SEES)


def test_another_teams_iteration_is_not_found_through_this_team(client, world):
    other = prototype_of(world["other_team"]).start_iteration(by=None)
    login(client, world, "member")

    assert client.get(url("iteration_detail", world["team"], other.number)).status_code == 404
    assert client.get(url("iteration_detail", world["other_team"], 1)).status_code == 404


# The life of an iteration


def test_a_member_drafts_and_submits_an_iteration(client, world, english_interface):
    member = login(client, world, "member")
    team = world["team"]

    started = client.post(url("iteration_start", team))
    assert started["Location"] == url("iteration_edit", team, 1)

    saved = client.post(
        url("iteration_edit", team, 1),
        {"we_believe": "Buren willen samen eten", "we_learned": "Vrijdag werkt het best"},
    )
    assert saved["Location"] == url("iteration_detail", team, 1)

    confirm = client.get(url("iteration_submit", team, 1)).content.decode()
    assert "can no longer be changed" in confirm
    assert '<form method="post"' in confirm

    with time_machine.travel(NOW, tick=False):
        client.force_login(member)
        client.post(url("iteration_submit", team, 1))

    iteration = Iteration.objects.for_team(team).get(number=1)
    assert iteration.status == Iteration.Status.SUBMITTED
    assert iteration.submitted_by == member
    assert iteration.submitted_at == NOW
    assert iteration.we_learned == "Vrijdag werkt het best"
    detail = client.get(url("iteration_detail", team, 1)).content.decode()
    assert "Submitted" in detail
    assert "Edit this draft" not in detail


def test_bad_input_keeps_what_was_typed(client, world, english_interface):
    prototype_of(world["team"]).start_iteration(by=None)
    login(client, world, "member")

    response = client.post(
        url("iteration_edit", world["team"], 1),
        {"we_believe": "Dit blijft staan", "we_observed": "x" * 6000},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Please check what you entered" in html
    assert "Dit blijft staan" in html
    assert 'aria-describedby="id_we_observed_error"' in html
    assert Iteration.objects.get().we_believe == ""


def test_new_iteration_starts_as_a_copy_of_the_last(world):
    prototype = prototype_of(world["team"])
    member = world["people"]["member"]
    first = prototype.start_iteration(by=member)
    first.edit({name: f"{name} van 1" for name in Iteration.CONTENT_FIELDS}, by=member)
    Evidence.objects.create(
        iteration=first,
        kind=Evidence.Kind.DOCUMENT,
        file=ContentFile(b"%PDF-1.4", name="verslag.pdf"),
        original_name="verslag.pdf",
        content_type="application/pdf",
        size=8,
    )
    first.submit(by=member)

    second = prototype.start_iteration(by=member)

    assert second.number == 2
    assert second.status == Iteration.Status.DRAFT
    assert second.created_by == member
    for name in Iteration.CONTENT_FIELDS:
        assert getattr(second, name) == f"{name} van 1"
    # Evidence belongs to the test that produced it: it is not copied.
    assert second.evidence.count() == 0
    assert first.evidence.count() == 1


def test_first_iteration_starts_empty_and_numbers_follow(world):
    prototype = prototype_of(world["team"])
    numbers = []
    for _ in range(3):
        iteration = prototype.start_iteration(by=None)
        numbers.append(iteration.number)
        iteration.submit(by=None)

    assert numbers == [1, 2, 3]
    assert all(
        getattr(Iteration.objects.get(number=1), name) == "" for name in Iteration.CONTENT_FIELDS
    )


def test_numbering_is_per_prototype(world):
    prototype_of(world["team"]).start_iteration(by=None).submit(by=None)
    prototype_of(world["team"]).start_iteration(by=None)

    assert prototype_of(world["other_team"]).start_iteration(by=None).number == 1


def test_no_second_draft_while_one_exists(client, world, english_interface):
    prototype = prototype_of(world["team"])
    prototype.start_iteration(by=None)

    with pytest.raises(DraftExistsError):
        prototype.start_iteration(by=None)

    login(client, world, "member")
    response = client.post(url("iteration_start", world["team"]), follow=True)
    assert response.redirect_chain[-1][0] == url("iteration_edit", world["team"], 1)
    assert "still a draft" in response.content.decode()
    assert Iteration.objects.count() == 1


def test_each_change_moves_the_teams_last_activity(world):
    prototype = prototype_of(world["team"])
    member = world["people"]["member"]

    def last_activity():
        return Team.objects.get(pk=world["team"].pk).last_activity_at

    with time_machine.travel(NOW, tick=False) as traveller:
        prototype.save_canvas({"channels": "Flyers"}, by=member)
        assert last_activity() == NOW

        traveller.shift(datetime.timedelta(hours=1))
        iteration = prototype.start_iteration(by=member)
        assert last_activity() == NOW + datetime.timedelta(hours=1)

        traveller.shift(datetime.timedelta(hours=1))
        iteration.edit({"we_believe": "Samen eten verbindt"}, by=member)
        assert last_activity() == NOW + datetime.timedelta(hours=2)

        traveller.shift(datetime.timedelta(hours=1))
        iteration.submit(by=member)
        assert last_activity() == NOW + datetime.timedelta(hours=3)


# Cost


def make_iterations(team, count):
    prototype = prototype_of(team)
    Iteration.objects.bulk_create(
        Iteration(
            prototype=prototype,
            number=number,
            we_believe=f"Aanname {number}",
            status=Iteration.Status.SUBMITTED if number < count else Iteration.Status.DRAFT,
        )
        for number in range(1, count + 1)
    )


@pytest.mark.parametrize("page", ["iterations", "workspace"])
def test_timeline_costs_the_same_for_1_and_50_iterations(client, world, page, english_interface):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, world, "member")
    make_iterations(world["team"], 1)
    make_iterations(world["other_team"], 50)
    path_for = {
        "iterations": lambda team: url("iterations", team),
        "workspace": lambda team: reverse("prototypes:team_workspace", args=[team.pk]),
    }[page]

    counts = []
    for team, persona in [(world["team"], "member"), (world["other_team"], "other_team_member")]:
        client.force_login(world["people"][persona])
        client.get(path_for(team))  # Warm the session and caches alike for both.
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path_for(team))
        assert response.status_code == 200
        counts.append(len(queries))
        assert "Iteration 1" in response.content.decode()

    assert counts[0] == counts[1]
