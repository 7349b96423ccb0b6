"""The coach's way to the review queue: a link in the header and on My programme, with
the number of iterations waiting, for people who coach a team and no one else."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prototypes.models import Prototype, Review
from tests.factories import TEAM_PERSONAS, make_team, make_team_world

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 3, 10, 10, 0, tzinfo=datetime.UTC)
MY_PROGRAMME = "/en/my-programme/"
QUEUE = "/en/reviews/"


@pytest.fixture
def world():
    return make_team_world()


def submit_iteration(team, by):
    prototype = Prototype.objects.get(team=team)
    with time_machine.travel(NOW, tick=False):
        iteration = prototype.start_iteration(by=by)
        iteration.edit({"we_believe": "Buren willen samen koken."}, by=by)
        iteration.submit(by=by)
    return iteration


def queue_links(html):
    return html.count(f'href="{QUEUE}"')


def coaching_queries(queries):
    """The queries that ask whom the person coaches."""
    return [query for query in queries if 'AS "waiting"' in query["sql"]]


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_only_coaches_are_shown_the_way_to_their_queue(client, world, persona):
    person = world["people"][persona]
    if person is not None:
        client.force_login(person)

    html = client.get(MY_PROGRAMME, follow=True).content.decode()

    # Header and My programme both link; no one else sees a link.
    assert queue_links(html) == (2 if persona in {"coach", "other_coach"} else 0)


def test_the_links_show_how_many_iterations_wait_and_drop_once_reviewed(client, world):
    coach, member = world["people"]["coach"], world["people"]["member"]
    iteration = submit_iteration(world["team"], member)
    client.force_login(coach)

    html = client.get(MY_PROGRAMME).content.decode()

    assert '<span class="badge">1<span class="visually-hidden"> waiting</span></span>' in html
    assert '<span class="badge">1 waiting</span>' in html

    Review.objects.create(iteration=iteration, coach=coach, decision=Review.Decision.ACCEPTED)
    html = client.get(MY_PROGRAMME).content.decode()

    assert queue_links(html) == 2
    assert "waiting</span>" not in html


def test_a_coach_without_waiting_work_is_shown_the_link_without_a_number(client, world):
    client.force_login(world["people"]["coach"])

    html = client.get("/en/").content.decode()

    assert f'<a href="{QUEUE}">Reviews</a>' in html


def test_the_queue_marks_its_own_link_as_the_current_page(client, world):
    client.force_login(world["people"]["coach"])

    html = client.get(QUEUE).content.decode()

    assert f'<a href="{QUEUE}" aria-current="page">Reviews</a>' in html


def test_header_and_page_ask_once_however_many_teams_and_iterations_wait(client, world):
    coach, member = world["people"]["coach"], world["people"]["member"]
    client.force_login(coach)
    submit_iteration(world["team"], member)
    with CaptureQueriesContext(connection) as one:
        client.get(MY_PROGRAMME)

    for number in range(5):
        team = make_team(world["a"], name=f"Team {number}", coaches=[coach])
        submit_iteration(team, member)
    with CaptureQueriesContext(connection) as six:
        html = client.get(MY_PROGRAMME).content.decode()

    assert len(coaching_queries(one)) == len(coaching_queries(six)) == 1
    assert '<span class="badge">6 waiting</span>' in html


def test_visitors_cost_no_query_for_it(client, world):
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/")

    assert coaching_queries(queries) == []
