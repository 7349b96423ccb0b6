"""The impact dashboards: their figures, who sees them, what private reflections may
show, and what they cost."""

import datetime
import re

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import Role
from prototypes import dashboard
from prototypes.models import (
    CoachingSession,
    FeedbackAnswer,
    FeedbackLink,
    Iteration,
    Reflection,
    ReflectionScale,
    ReflectionScore,
    TeamMember,
)
from tests.factories import (
    TEAM_PERSONAS,
    UserFactory,
    enrol,
    make_programme,
    make_team,
    make_team_world,
    translate,
)

pytestmark = pytest.mark.django_db

Kind, Visibility = Reflection.Kind, Reflection.Visibility

ACCESS = {
    # persona: expected answer for the dashboard of team "De Wijkkeuken", of programme A
    "member": (200, 404),
    "team_mate": (200, 404),
    "other_team_member": (404, 404),
    "coach": (200, 200),
    "other_coach": (404, 200),
    "coordinator": (200, 200),
    "other_coordinator": (404, 404),
    "anonymous": ("login", "login"),
}


def team_url(team):
    return reverse("prototypes:team_dashboard", args=[team.pk])


def programme_url(programme):
    return reverse("prototypes:programme_dashboard", args=[programme.pk])


def reflect(author, team, period, scores, *, kind=Kind.WEEKLY, visibility=Visibility.COACH):
    """A reflection with its scores: {scale: value}."""
    reflection = Reflection.objects.create(
        author=author, team=team, kind=kind, period=period, visibility=visibility
    )
    for scale, value in scores.items():
        ReflectionScore.objects.create(reflection=reflection, scale=scale, value=value)
    return reflection


def hold_session(team, coach, starts_at, came):
    """A session planned for the team and held, with `came` the people who attended."""
    session = CoachingSession.plan(team=team, coach=coach, starts_at=starts_at)
    CoachingSession.objects.filter(pk=session.pk).update(status=CoachingSession.Status.HELD)
    session.participants.filter(user__in=came).update(attended=True)
    session.participants.exclude(user__in=came).update(attended=False)
    return session


def answer(iteration, count=1):
    link = FeedbackLink.objects.create(iteration=iteration)
    for _ in range(count):
        FeedbackAnswer.objects.create(
            link=link,
            real_need=4,
            would_use="yes",
            would_pay="maybe",
            would_partner="no",
            consented_at=timezone.now(),
        )


@pytest.fixture
def world():
    """The team world: team "De Wijkkeuken" with the member (student), the team mate
    (resident) and two more students, two scales, reflections over four weeks, a mid-term
    and a continuation period, two iterations with feedback and two sessions held."""
    world = make_team_world()
    team, people = world["team"], world["people"]
    a = world["a"]
    second, third = UserFactory(display_name="Second Student"), UserFactory()
    for person in (second, third):
        enrol(person, a, Role.STUDENT)
        TeamMember.objects.create(team=team, user=person, role=Role.STUDENT)
    confidence = ReflectionScale.objects.create(programme=a, name="Confidence", sort_order=1)
    connection_ = ReflectionScale.objects.create(programme=a, name="Connection", sort_order=2)
    member, mate = people["member"], people["team_mate"]
    # The member: confidence 2 → 5 (latest is the mid-term of week 6), connection 3 → 3.
    reflect(member, team, 1, {confidence: 2, connection_: 3})
    reflect(member, team, 3, {confidence: 4, connection_: 3}, visibility=Visibility.TEAM)
    reflect(member, team, 6, {confidence: 5, connection_: 3}, kind=Kind.MIDTERM)
    # The second student: confidence 3 → 4, connection 2 → 4.
    reflect(second, team, 1, {confidence: 3, connection_: 2})
    reflect(second, team, 2, {confidence: 4, connection_: 4})
    # The third student wrote once: no change to show.
    reflect(third, team, 1, {confidence: 1, connection_: 1})
    # The resident: confidence 1 → 2 among shared reflections; 5 in a private one.
    reflect(mate, team, 1, {confidence: 1, connection_: 2})
    reflect(mate, team, 2, {confidence: 2, connection_: 2})
    reflect(mate, team, 4, {confidence: 5, connection_: 5}, visibility=Visibility.PRIVATE)
    reflect(mate, team, 1, {}, kind=Kind.CONTINUATION)
    # The other team's reflections never count in this team's figures.
    reflect(people["other_team_member"], world["other_team"], 1, {confidence: 5})
    reflect(people["other_team_member"], world["other_team"], 2, {confidence: 1})

    first, second_iteration = (
        Iteration.objects.create(prototype=team.prototype, number=1, status="accepted"),
        Iteration.objects.create(prototype=team.prototype, number=2, status="submitted"),
    )
    answer(first, 3)
    answer(second_iteration, 1)
    start = timezone.make_aware(datetime.datetime(2027, 2, 3, 16))
    hold_session(team, people["coach"], start, came=[member, mate, second])
    hold_session(team, people["coach"], start + datetime.timedelta(weeks=1), came=[member])
    # Planned but not held: not counted.
    CoachingSession.plan(
        team=team, coach=people["coach"], starts_at=start + datetime.timedelta(weeks=2)
    )
    world.update(confidence=confidence, connection=connection_, second=second, third=third)
    return world


def group(figures, scale, role):
    change = next(change for change in figures.scales if change.scale == scale)
    return next(group for group in change.groups if group.role == role)


# --- Figures ------------------------------------------------------------------------


def test_reflections_written_are_counted_per_week_then_per_continuation_period(
    world, english_interface
):
    figures = dashboard.for_team(world["team"], world["people"]["coach"])

    totals = {period.label: period.total for period in figures.periods}
    assert [period.label for period in figures.periods][:2] == ["Week 1", "Week 2"]
    assert len(figures.periods) == 12 + 1  # the programme's weeks, then one period after
    assert totals["Week 1"] == 4
    assert totals["Week 2"] == 2
    assert totals["Week 3"] == 1
    # A private reflection counts as written: that someone wrote is not what they wrote.
    assert totals["Week 4"] == 1
    assert figures.periods[5].midterm == 1
    assert totals["Continuation 1"] == 1
    assert figures.reflections == 10


def test_the_scale_change_runs_from_each_persons_first_to_latest_reflection_per_role(world):
    coach, confidence, connection_ = (
        world["people"]["coach"],
        world["confidence"],
        world["connection"],
    )

    figures = dashboard.for_team(world["team"], coach)

    students = group(figures, confidence, Role.STUDENT)
    # The member 2 → 5, the second student 3 → 4; the third wrote once and is left out.
    assert (students.people, students.first, students.latest, students.change) == (
        2,
        2.5,
        4.5,
        2.0,
    )
    residents = group(figures, confidence, Role.RESIDENT)
    assert (residents.people, residents.first, residents.latest, residents.change) == (
        1,
        1.0,
        2.0,
        1.0,
    )
    assert group(figures, connection_, Role.STUDENT).change == 1.0  # (0 + 2) / 2


def test_a_private_reflections_scores_never_change_what_the_coach_sees(world):
    coach, mate, confidence = (
        world["people"]["coach"],
        world["people"]["team_mate"],
        world["confidence"],
    )
    before = group(dashboard.for_team(world["team"], coach), confidence, Role.RESIDENT)

    reflect(mate, world["team"], 5, {confidence: 1}, visibility=Visibility.PRIVATE)
    after = group(dashboard.for_team(world["team"], coach), confidence, Role.RESIDENT)

    assert after == before
    assert after.latest == 2.0  # not the private 5 of week 4, nor the private 1 of week 5


def test_groups_smaller_than_five_are_hidden_from_the_coordinator(world):
    figures = dashboard.for_team(world["team"], world["people"]["coordinator"])

    students = group(figures, world["confidence"], Role.STUDENT)
    assert students.people == 2
    assert not students.shown
    assert students.first is None and students.latest is None and students.change is None


def test_members_see_figures_of_the_reflections_shared_with_the_team_only(world):
    team, people, confidence = world["team"], world["people"], world["confidence"]
    reflect(world["second"], team, 5, {confidence: 2}, visibility=Visibility.TEAM)
    reflect(world["second"], team, 7, {confidence: 5}, visibility=Visibility.TEAM)

    figures = dashboard.for_team(team, people["team_mate"])

    # The second student's two reflections shared with the team: 2 → 5. The member shared
    # one reflection with the team, so has no change; the rest was for the coach only.
    students = group(figures, confidence, Role.STUDENT)
    assert (students.shown, students.people, students.first, students.latest) == (
        True,
        1,
        2.0,
        5.0,
    )
    assert students.change == 3.0
    # The team mate's own reflections were for the coach (and for themselves) only.
    assert group(figures, confidence, Role.RESIDENT).people == 0


def test_a_group_of_five_is_shown_to_the_coordinator(world):
    team, a, confidence = world["team"], world["a"], world["confidence"]
    for _ in range(3):
        student = UserFactory()
        enrol(student, a, Role.STUDENT)
        TeamMember.objects.create(team=team, user=student, role=Role.STUDENT)
        reflect(student, team, 1, {confidence: 3})
        reflect(student, team, 2, {confidence: 3})

    students = group(
        dashboard.for_team(team, world["people"]["coordinator"]), confidence, Role.STUDENT
    )

    assert students.shown and students.people == 5
    assert students.change == 0.8  # (3 + 1 + 0 + 0 + 0) / 5


def test_iterations_feedback_and_sessions(world):
    figures = dashboard.for_team(world["team"], world["people"]["member"])

    counts = {status.status: status.count for status in figures.statuses}
    assert counts == {"draft": 0, "submitted": 1, "accepted": 1, "revise": 0}
    assert [(i.number, i.answers) for i in figures.iterations] == [(1, 3), (2, 1)]
    assert figures.feedback == 4
    # Two sessions held with four invited each; three came, then one.
    assert figures.held == 2
    assert (figures.invited, figures.attended, figures.attendance) == (8, 4, 50)
    assert (figures.students, figures.residents) == (3, 1)


def test_the_programme_figures_add_up_every_team_and_list_the_teams_the_person_sees(world):
    people = world["people"]

    as_coordinator = dashboard.for_programme(world["a"], people["coordinator"])
    as_coach = dashboard.for_programme(world["a"], people["coach"])

    assert as_coordinator.teams == 2
    assert as_coordinator.figures.reflections == 12
    assert [row.team.name for row in as_coordinator.rows] == ["De Wijkkeuken", "Repair Café"]
    kitchen = as_coordinator.rows[0]
    assert (kitchen.members, kitchen.reflections, kitchen.iterations, kitchen.accepted) == (
        4,
        10,
        2,
        1,
    )
    assert (kitchen.feedback, kitchen.held, kitchen.attendance) == (4, 2, 50)
    # A coach sees the run's figures, and a row only for the teams they coach.
    assert as_coach.figures.reflections == 12
    assert [row.team.name for row in as_coach.rows] == ["De Wijkkeuken"]
    # The run's groups are small too: a coach of one team sees none of their figures.
    assert not group(as_coach.figures, world["confidence"], Role.STUDENT).shown


# --- Pages and access -----------------------------------------------------------------


def test_every_persona_is_covered():
    assert set(ACCESS) == set(TEAM_PERSONAS)


@pytest.mark.parametrize("persona", ACCESS)
@pytest.mark.parametrize("which", ["team", "programme"])
def test_who_sees_the_team_dashboard_and_the_programme_dashboard(client, world, persona, which):
    person = world["people"][persona]
    if person is not None:
        client.force_login(person)
    url = team_url(world["team"]) if which == "team" else programme_url(world["a"])
    expected = ACCESS[persona][which == "programme"]

    response = client.get(url)

    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected


def test_a_coach_enrolled_in_the_programme_without_a_team_does_not_see_its_dashboard(client, world):
    coach = UserFactory()
    enrol(coach, world["a"], Role.COACH)
    client.force_login(coach)

    assert client.get(programme_url(world["a"])).status_code == 404


def test_unknown_teams_and_programmes_and_pages_that_are_no_programme_are_404(client, world):
    client.force_login(world["people"]["coordinator"])
    module = world["a"].get_children().first()

    assert client.get(reverse("prototypes:team_dashboard", args=[999999])).status_code == 404
    assert client.get(reverse("prototypes:programme_dashboard", args=[999999])).status_code == 404
    assert client.get(programme_url(module)).status_code == 404
    assert client.get(programme_url(world["a"].get_parent())).status_code == 404


def test_the_programme_dashboard_answers_for_a_translation_of_the_programme(
    client, world, english_interface
):
    english = translate(world["a"], "en")
    client.force_login(world["people"]["coordinator"])

    response = client.get(programme_url(english))

    assert response.status_code == 200
    assert response.context["figures"].reflections == 12


def test_the_team_dashboard_draws_each_chart_with_a_table_behind_it(
    client, world, english_interface
):
    client.force_login(world["people"]["coach"])

    html = client.get(team_url(world["team"])).content.decode()

    assert html.count('role="img"') >= 5  # reflections, 2 scales, states, feedback, sessions
    assert html.count("<table") >= 5
    assert "Show as table" in html
    assert "style=" not in html  # the content security policy refuses style attributes
    assert "+3.0" not in html and "+2.0" in html  # the students' average confidence change


def test_chart_coordinates_stay_numbers_a_browser_reads_in_dutch(client, world):
    client.force_login(world["people"]["coach"])

    html = client.get(team_url(world["team"])).content.decode()

    assert "<svg" in html
    assert not re.search(r' (x|x1|x2|cx|y|width)="[^"]*,', html)


def test_the_page_tells_a_coordinator_why_small_groups_are_hidden(client, world, english_interface):
    client.force_login(world["people"]["coordinator"])

    html = client.get(team_url(world["team"])).content.decode()

    assert "hidden: fewer than 5 people" in html
    assert "Hidden: fewer than 5 people" in html


def test_the_workspace_and_my_programme_link_to_the_dashboards(client, world):
    people, team, a = world["people"], world["team"], world["a"]
    workspace = reverse("prototypes:team_workspace", args=[team.pk])

    client.force_login(people["member"])
    member_workspace = client.get(workspace).content.decode()
    member_programme = client.get(reverse("courses:my_programme")).content.decode()
    client.force_login(people["coach"])
    coach_workspace = client.get(workspace).content.decode()
    coach_programme = client.get(reverse("courses:my_programme")).content.decode()

    assert team_url(team) in member_workspace
    assert programme_url(a) not in member_workspace + member_programme
    assert team_url(team) in coach_workspace
    assert programme_url(a) in coach_workspace
    assert programme_url(a) in coach_programme


# --- Query counts ---------------------------------------------------------------------


def busy_programme(title, teams, weeks):
    """A programme with `teams` teams of a student and a resident who each reflect for
    `weeks` weeks, with an iteration, feedback and a held session per team."""
    programme = make_programme(title=title, modules=1)
    coordinator = UserFactory()
    enrol(coordinator, programme, Role.COORDINATOR)
    coach = UserFactory()
    enrol(coach, programme, Role.COACH)
    scale = ReflectionScale.objects.create(programme=programme, name="Confidence")
    start = timezone.make_aware(datetime.datetime(2027, 2, 3, 16))
    made = []
    for number in range(teams):
        student, resident = UserFactory(), UserFactory()
        team = make_team(
            programme,
            name=f"Team {number}",
            members=[(student, Role.STUDENT), (resident, Role.RESIDENT)],
            coaches=[coach],
        )
        for week in range(1, weeks + 1):
            reflect(student, team, week, {scale: 1 + week % 5})
            reflect(resident, team, week, {scale: 1 + week % 5}, visibility=Visibility.PRIVATE)
        answer(Iteration.objects.create(prototype=team.prototype, number=1, status="accepted"))
        hold_session(team, coach, start, came=[student])
        made.append(team)
    return programme, coordinator, coach, made


def queries_for(client, user, url) -> int:
    client.force_login(user)
    client.get(url)  # Warm the caches (site root paths) as an earlier page would.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["coordinator", "coach"])
def test_the_programme_dashboard_costs_the_same_for_5_and_50_teams(client, persona):
    small = busy_programme("Klein", teams=5, weeks=1)
    large = busy_programme("Groot", teams=50, weeks=1)
    index = 1 if persona == "coordinator" else 2

    assert queries_for(client, small[index], programme_url(small[0])) == queries_for(
        client, large[index], programme_url(large[0])
    )


def test_the_dashboards_cost_the_same_for_1_and_12_weeks_of_reflections(client):
    short = busy_programme("Kort", teams=2, weeks=1)
    long = busy_programme("Lang", teams=2, weeks=12)

    for url_of, subject in [(programme_url, 0), (lambda made: team_url(made[0]), 3)]:
        assert queries_for(client, short[2], url_of(short[subject])) == queries_for(
            client, long[2], url_of(long[subject])
        )


def test_the_team_dashboard_costs_the_same_in_a_run_of_5_and_50_teams(client):
    small = busy_programme("Klein", teams=5, weeks=2)
    large = busy_programme("Groot", teams=50, weeks=2)

    assert queries_for(client, small[1], team_url(small[3][0])) == queries_for(
        client, large[1], team_url(large[3][-1])
    )


def test_a_coach_of_every_team_of_the_run_sees_its_small_groups(world):
    other_team, coach = world["other_team"], world["people"]["coach"]
    other_team.coaches.add(coach)
    other_team.save()  # a parental many-to-many is written when the team is saved

    figures = dashboard.for_programme(world["a"], coach).figures

    students = group(figures, world["confidence"], Role.STUDENT)
    # The other team's student: 5 → 1; the member 2 → 5; the second student 3 → 4.
    assert (students.shown, students.people) == (True, 3)
    assert (students.first, students.latest, students.change) == (3.3, 3.3, 0.0)
