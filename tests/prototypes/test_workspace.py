"""The team workspace: who sees it, what it shows, and what it costs."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from courses.models import Role
from prototypes.models import TeamMember
from tests.factories import UserFactory, enrol, make_programme, make_team, make_team_world

pytestmark = pytest.mark.django_db

PERSONAS = {
    # persona: expected answer for the workspace of team "De Wijkkeuken"
    "member": 200,
    "team_mate": 200,
    "other_team_member": 404,
    "coach": 200,
    "other_coach": 404,
    "coordinator": 200,
    "other_coordinator": 404,
    "former_member": 404,
    "anonymous": "login",
}


@pytest.fixture
def world():
    """The team world of tests/factories.py, plus a member who has left the team."""
    world = make_team_world()
    team = world["team"]
    team.neighbourhood_question = "Hoe eten buren vaker samen?"
    team.save(update_fields=["neighbourhood_question"])
    former = UserFactory(display_name="Former Member")
    enrol(former, world["a"], Role.STUDENT)
    TeamMember.objects.create(
        team=team,
        user=former,
        role=Role.STUDENT,
        joined_on=datetime.date(2027, 2, 1),
        left_on=datetime.date(2027, 2, 15),
    )
    world["people"]["former_member"] = former
    return world


def workspace(team):
    return reverse("prototypes:team_workspace", args=[team.pk])


@pytest.mark.parametrize("persona,expected", PERSONAS.items())
def test_only_members_coaches_and_coordinators_see_the_workspace(client, world, persona, expected):
    person = world["people"][persona]
    if person is not None:
        client.force_login(person)

    response = client.get(workspace(world["team"]))

    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(
    ("joined_on", "left_on", "member"),
    [
        ("2027-03-10", None, True),
        ("2027-03-10", "2027-03-20", True),  # leaves today: still in the team today
        ("2027-03-10", "2027-03-31", True),  # leaving later
        ("2027-03-10", "2027-03-19", False),  # left yesterday
        ("2027-03-21", None, False),  # joins tomorrow
    ],
)
def test_the_team_and_its_sessions_open_for_the_same_days_of_membership(
    client, world, joined_on, left_on, member
):
    person = UserFactory()
    enrol(person, world["a"], Role.STUDENT)
    TeamMember.objects.create(
        team=world["team"], user=person, role=Role.STUDENT, joined_on=joined_on, left_on=left_on
    )
    pages = [
        workspace(world["team"]),
        reverse("prototypes:session_list", args=[world["team"].pk]),
        reverse("prototypes:team_dashboard", args=[world["team"].pk]),
    ]
    with time_machine.travel(datetime.datetime(2027, 3, 20, 12, 0, tzinfo=datetime.UTC)):
        client.force_login(person)
        codes = {page: client.get(page).status_code for page in pages}
    assert codes == dict.fromkeys(pages, 200 if member else 404)


def test_a_team_that_does_not_exist_is_a_404(client, world):
    client.force_login(world["people"]["coordinator"])

    assert client.get(reverse("prototypes:team_workspace", args=[999999])).status_code == 404


def test_the_workspace_shows_members_coaches_question_and_phase(client, world):
    client.force_login(world["people"]["member"])

    html = client.get(workspace(world["team"])).content.decode()

    assert "Member" in html and "Team Mate" in html
    assert "Coach" in html
    assert "Hoe eten buren vaker samen?" in html
    # Someone who left the team is no longer listed; another team's coach is not either.
    assert "Former Member" not in html
    assert "Other Coach" not in html


def test_the_next_steps_follow_the_teams_work(client, world):
    client.force_login(world["people"]["member"])
    url = workspace(world["team"])

    first = client.get(url).context["next_steps"]
    prototype = world["team"].prototype
    for name in prototype.CANVAS_FIELDS:
        setattr(prototype, name, "ingevuld")
    prototype.save()
    second = client.get(url).context["next_steps"]

    assert len(first) == 2  # the canvas and the first iteration
    assert len(second) == 1  # only the first iteration remains
    assert str(second[0]) == str(first[1])


def test_my_programme_links_to_the_persons_team(client, world):
    client.force_login(world["people"]["member"])

    html = client.get(reverse("courses:my_programme")).content.decode()

    assert f'href="{workspace(world["team"])}"' in html
    assert workspace(world["other_team"]) not in html


def test_the_workspace_costs_the_same_queries_for_1_and_20_members_coaches_and_iterations(
    client, django_assert_num_queries
):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    programme = make_programme(modules=1)
    coordinator = UserFactory()
    enrol(coordinator, programme, Role.COORDINATOR)

    def team_with(count, name):
        people = [UserFactory() for _ in range(count)]
        coaches = [UserFactory() for _ in range(count)]
        team = make_team(
            programme,
            name=name,
            members=[(person, Role.STUDENT) for person in people],
            coaches=coaches,
        )
        for _ in range(count):
            team.prototype.start_iteration(by=people[0]).submit(by=people[0])
        return team

    small, large = team_with(1, "Klein"), team_with(20, "Groot")
    client.force_login(coordinator)
    client.get(workspace(small))  # Warm the caches (site root paths) as an earlier page would.
    reset_queries()
    with CaptureQueriesContext(connection) as one:
        assert client.get(workspace(small)).status_code == 200
    queries_for_one = len(one)

    with django_assert_num_queries(queries_for_one):
        assert client.get(workspace(large)).status_code == 200
