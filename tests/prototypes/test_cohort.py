"""The cohort overview: each team's figures, sorting and filtering on the server, who
may see it, and a cost that does not grow with the number of teams."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Role
from prototypes import cohort
from prototypes.models import CoachingSession, Iteration, Reflection, Team, TeamMember
from tests.factories import TEAM_PERSONAS, UserFactory, add_module, make_team, make_team_world

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
# Saturday of week 3 of programme A (it starts on Monday 1 February 2027).
NOW = datetime.datetime(2027, 2, 20, 12, 0, tzinfo=AMSTERDAM)
JOINED = datetime.date(2027, 2, 1)


def url(programme, **query):
    base = reverse("prototypes:cohort_overview", args=[programme.pk])
    return base + (
        "?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else ""
    )


def deliverable(title, completed_by, due_day="4"):
    return (
        "deliverable",
        {
            "title": title,
            "description": "<p>x</p>",
            "due_day": due_day,
            "completed_by": completed_by,
        },
    )


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(clock):
    """Programme A with a week-1 module asking for an iteration by Friday 5 February.
    "De Wijkkeuken": a student and a resident, one accepted iteration and one submitted
    three days ago (its review is late), a session held, three of four reflections due.
    "Repair Café": a student, nothing handed in, quiet for three weeks."""
    world = make_team_world()
    a, team, other = world["a"], world["team"], world["other_team"]
    people = world["people"]
    add_module(a, 1, title="Eerste test", body=[deliverable("Eerste iteratie", "iteration")])
    TeamMember.objects.update(joined_on=JOINED)
    Iteration.objects.create(
        prototype=team.prototype,
        number=1,
        status=Iteration.Status.ACCEPTED,
        submitted_at=NOW - datetime.timedelta(days=16),
    )
    Iteration.objects.create(
        prototype=team.prototype,
        number=2,
        status=Iteration.Status.SUBMITTED,
        submitted_at=NOW - datetime.timedelta(days=3),
    )
    session = CoachingSession.plan(
        team=team, coach=people["coach"], starts_at=NOW - datetime.timedelta(days=4)
    )
    CoachingSession.objects.filter(pk=session.pk).update(status=CoachingSession.Status.HELD)
    for author, week in [(people["member"], 1), (people["member"], 2), (people["team_mate"], 1)]:
        Reflection.objects.create(author=author, team=team, kind="weekly", period=week)
    Team.objects.filter(pk=team.pk).update(last_activity_at=NOW - datetime.timedelta(days=1))
    Team.objects.filter(pk=other.pk).update(last_activity_at=NOW - datetime.timedelta(days=21))
    return world


def rows_by_name(programme, **filters):
    return {row.team.name: row for row in cohort.overview(programme, cohort.Filters(**filters))}


def test_each_teams_figures(world):
    rows = rows_by_name(world["a"])
    kitchen, repair = rows["De Wijkkeuken"], rows["Repair Café"]

    assert (kitchen.counts.students, kitchen.counts.residents) == (1, 1)
    assert kitchen.counts.iterations == 2
    assert [(status, count) for status, _label, count in kitchen.statuses] == [
        ("submitted", 1),
        ("accepted", 1),
    ]
    assert kitchen.waiting == 1 and kitchen.review_late
    assert kitchen.counts.held == 1
    # Weeks 1 and 2 have ended: two reflections asked of each of the two members.
    assert (kitchen.written, kitchen.expected, kitchen.rate) == (3, 4, 75)
    assert kitchen.overdue_deliverables == 0  # the iteration came in time
    assert not kitchen.inactive
    assert kitchen.is_overdue  # the review

    assert (repair.counts.students, repair.counts.residents) == (1, 0)
    assert repair.waiting == 0 and not repair.review_late
    assert (repair.written, repair.expected, repair.rate) == (0, 2, 0)
    assert repair.overdue_deliverables == 1
    assert repair.inactive


def test_a_review_waiting_two_days_or_less_is_not_overdue(world):
    Iteration.objects.filter(number=2).update(submitted_at=NOW - datetime.timedelta(days=1))
    kitchen = rows_by_name(world["a"])["De Wijkkeuken"]
    assert kitchen.waiting == 1
    assert not kitchen.review_late
    assert not kitchen.is_overdue


def test_teams_after_the_programme_have_no_overdue_deliverables_and_stopped_ones_rest(world):
    Team.objects.filter(pk=world["other_team"].pk).update(phase=Team.Phase.STOPPED)
    repair = rows_by_name(world["a"])["Repair Café"]
    assert repair.overdue_deliverables == 0
    assert not repair.inactive
    assert not repair.is_overdue


def test_the_page_shows_the_table_to_the_coordinator(client, world, english_interface):
    client.force_login(world["people"]["coordinator"])
    response = client.get(url(world["a"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<caption id="cohort-caption">2 teams' in html
    assert 'role="region" aria-labelledby="cohort-caption" tabindex="0"' in html
    assert '<th scope="col" aria-sort="ascending"><a href="?dir=desc">Team' in html
    assert "75% <span" in html
    assert "1 deliverable past due" in html
    assert "Inactive over 14 days" in html
    assert "Review waiting over 2 days" in html
    assert reverse("prototypes:cohort_export", args=[world["a"].pk]) in html
    assert reverse("prototypes:team_phase", args=[world["team"].pk]) in html


@pytest.mark.parametrize(
    "query, names",
    [
        ({}, ["De Wijkkeuken", "Repair Café"]),
        ({"sort": "team", "dir": "desc"}, ["Repair Café", "De Wijkkeuken"]),
        ({"sort": "reflections"}, ["Repair Café", "De Wijkkeuken"]),
        ({"sort": "activity", "dir": "desc"}, ["De Wijkkeuken", "Repair Café"]),
        ({"sort": "overdue", "dir": "desc"}, ["Repair Café", "De Wijkkeuken"]),
        ({"q": "repair"}, ["Repair Café"]),
        ({"phase": "continuation"}, []),
        ({"sort": "nonsense", "phase": "nonsense"}, ["De Wijkkeuken", "Repair Café"]),
    ],
)
def test_sorting_and_filtering_through_the_query_string(client, world, query, names):
    client.force_login(world["people"]["coordinator"])
    response = client.get(url(world["a"], **query))
    assert response.status_code == 200
    assert [row.team.name for row in response.context["rows"]] == names


def test_overdue_only(client, world):
    Iteration.objects.filter(number=2).update(submitted_at=NOW - datetime.timedelta(days=1))
    client.force_login(world["people"]["coordinator"])
    response = client.get(url(world["a"], overdue="1"))
    assert [row.team.name for row in response.context["rows"]] == ["Repair Café"]
    assert 'name="overdue" value="1" checked' in response.content.decode()


def test_the_sorted_column_says_so_to_assistive_technology(client, world):
    client.force_login(world["people"]["coordinator"])
    html = client.get(url(world["a"], sort="sessions", dir="desc")).content.decode()
    assert html.count("aria-sort=") == 1
    assert 'aria-sort="descending"><a href="?sort=sessions">' in html


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_only_the_programmes_coordinators_see_it(client, world, persona):
    person = world["people"][persona]
    if person is not None:
        client.force_login(person)
    response = client.get(url(world["a"]))
    if persona == "coordinator":
        assert response.status_code == 200
    elif persona == "anonymous":
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    else:
        assert response.status_code == 404


def test_a_superuser_sees_it_and_another_page_is_404(client, world):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(url(world["a"])).status_code == 200
    module = world["a"].get_children().first()
    assert client.get(url(module)).status_code == 404


def test_my_programme_and_the_dashboard_link_it_for_coordinators_only(client, world):
    cohort_url = url(world["a"])
    client.force_login(world["people"]["coordinator"])
    assert cohort_url in client.get(reverse("courses:my_programme")).content.decode()
    dashboard = reverse("prototypes:programme_dashboard", args=[world["a"].pk])
    assert cohort_url in client.get(dashboard).content.decode()
    client.force_login(world["people"]["coach"])
    assert cohort_url not in client.get(reverse("courses:my_programme")).content.decode()
    assert cohort_url not in client.get(dashboard).content.decode()


def add_teams(programme, count, start=0):
    """`count` teams with a student, a resident, an iteration, a reflection and a
    session each."""
    coach = UserFactory()
    for number in range(start, start + count):
        student, resident = UserFactory(), UserFactory()
        team = make_team(
            programme,
            name=f"Team {number:03}",
            members=[(student, Role.STUDENT), (resident, Role.RESIDENT)],
        )
        Iteration.objects.create(
            prototype=team.prototype,
            number=1,
            status=Iteration.Status.SUBMITTED,
            submitted_at=NOW - datetime.timedelta(days=number % 5),
        )
        Reflection.objects.create(author=student, team=team, kind="weekly", period=1)
        CoachingSession.objects.create(
            team=team,
            coach=coach,
            starts_at=NOW - datetime.timedelta(days=2),
            status=CoachingSession.Status.HELD,
        )


def count_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries), len(response.context["rows"])


def test_the_query_count_is_the_same_for_5_and_200_teams(client, clock):
    world = make_team_world()
    a = world["a"]
    add_module(a, 1, title="Eerste test", body=[deliverable("Eerste iteratie", "iteration")])
    Team.objects.all().delete()
    client.force_login(world["people"]["coordinator"])
    client.get(url(a))  # the site's and the header's first-request caches
    add_teams(a, 5)
    few, shown = count_queries(client, url(a, sort="reflections"))
    assert shown == 5
    add_teams(a, 195, start=5)
    many, shown = count_queries(client, url(a, sort="reflections"))
    assert shown == 200
    assert few == many
