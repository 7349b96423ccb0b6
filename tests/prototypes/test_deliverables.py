"""A team's deliverables: their due dates, what completes each, and what they cost."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from courses.models import Role
from prototypes.deliverables import DeliverableState, deliverables_for, next_deliverable
from prototypes.models import Evidence, FeedbackAnswer, FeedbackLink, Reflection, Team, TeamMember
from prototypes.models.reflections import find_period
from tests.factories import (
    UserFactory,
    add_module,
    enrol,
    make_programme,
    make_team,
    translate,
)

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
# The programme starts on Monday 1 February 2027; week 2 starts on Monday 8 February.
START = datetime.date(2027, 2, 1)


def at(day, hour=12, minute=0):
    """A moment in Amsterdam, where the programme runs."""
    return datetime.datetime(2027, 2, day, hour, minute, tzinfo=AMSTERDAM)


def deliverable(title, completed_by, due_day="4"):
    return (
        "deliverable",
        {
            "title": title,
            "description": "<p>Lever dit in.</p>",
            "due_day": due_day,
            "completed_by": completed_by,
        },
    )


@pytest.fixture
def world():
    """A programme whose week 2 module asks for one deliverable of each kind, all due on
    Friday 12 February, and a team with one member."""
    programme = make_programme(modules=0, start_date=START)
    add_module(programme, 1, title="Kennismaken")
    add_module(
        programme,
        2,
        title="Eerste test",
        body=[
            deliverable("Eerste iteratie", "iteration"),
            deliverable("Canvas", "canvas"),
            deliverable("Foto van de test", "file"),
            deliverable("Reflectie", "reflection"),
        ],
    )
    member = UserFactory(display_name="Member")
    enrol(member, programme, Role.STUDENT)
    team = make_team(programme, members=[(member, Role.STUDENT)])
    return {"programme": programme, "team": team, "member": member}


def states(team):
    team = Team.objects.select_related("programme", "prototype").get(pk=team.pk)
    return {item.title: item.state for item in deliverables_for(team)}


def fill_canvas(prototype):
    for name in prototype.CANVAS_FIELDS:
        setattr(prototype, name, "ingevuld")
    prototype.save()


def upload_evidence(iteration, by):
    return Evidence.objects.create(
        iteration=iteration,
        kind=Evidence.Kind.DOCUMENT,
        file=SimpleUploadedFile("verslag.pdf", b"%PDF-1.4\n%%EOF\n"),
        original_name="verslag.pdf",
        content_type="application/pdf",
        size=15,
        uploaded_by=by,
    )


def test_each_deliverable_is_due_on_its_day_of_the_modules_week(world):
    with time_machine.travel(at(3), tick=False):
        items = deliverables_for(world["team"])

    assert [(item.title, item.due_date) for item in items] == [
        ("Eerste iteratie", datetime.date(2027, 2, 12)),
        ("Canvas", datetime.date(2027, 2, 12)),
        ("Foto van de test", datetime.date(2027, 2, 12)),
        ("Reflectie", datetime.date(2027, 2, 12)),
    ]
    assert {item.module.week for item in items} == {2}


def test_deliverables_are_open_until_the_due_day_ends_in_the_programmes_time_zone(world):
    with time_machine.travel(at(12, 23, 59), tick=False):
        on_the_day = states(world["team"])
    # 23:30 UTC on the 12th is already the 13th in Amsterdam.
    with time_machine.travel(
        datetime.datetime(2027, 2, 12, 23, 30, tzinfo=datetime.UTC), tick=False
    ):
        the_day_after = states(world["team"])

    assert on_the_day == {
        "Eerste iteratie": DeliverableState.OPEN,
        "Canvas": DeliverableState.OPEN,
        "Foto van de test": DeliverableState.OPEN,
        "Reflectie": DeliverableState.OPEN,
    }
    assert the_day_after == {
        "Eerste iteratie": DeliverableState.OVERDUE,
        "Canvas": DeliverableState.OVERDUE,
        "Foto van de test": DeliverableState.OVERDUE,
        "Reflectie": DeliverableState.OVERDUE,
    }


def test_titles_come_from_the_translation_in_the_active_language(world):
    module = world["programme"].modules()[1]
    english = translate(module, "en")
    for block in english.body:
        if block.value["title"] == "Eerste iteratie":
            block.value["title"] = "First iteration"
    english.save_revision().publish()

    with time_machine.travel(at(3), tick=False), translation.override("en"):
        items = deliverables_for(world["team"])
    with time_machine.travel(at(3), tick=False):
        dutch = deliverables_for(world["team"])

    assert items[0].title == "First iteration" and items[0].page.pk == english.pk
    assert items[1].title == "Canvas"  # not translated: the source's title
    assert dutch[0].title == "Eerste iteratie" and dutch[0].page.pk == module.pk


def test_an_iteration_submitted_before_the_module_began_does_not_complete_it(world):
    member, prototype = world["member"], world["team"].prototype
    with time_machine.travel(at(5), tick=False):  # in week 1
        prototype.start_iteration(by=member).submit(by=member)
    with time_machine.travel(at(10), tick=False):
        assert states(world["team"])["Eerste iteratie"] == DeliverableState.OPEN


def test_an_iteration_submitted_since_the_module_began_completes_it_even_late(world):
    member, prototype = world["member"], world["team"].prototype
    with time_machine.travel(at(8, 0, 1), tick=False):  # just after week 2 began
        iteration = prototype.start_iteration(by=member)
    with time_machine.travel(at(15), tick=False):  # three days after the due date
        assert states(world["team"])["Eerste iteratie"] == DeliverableState.OVERDUE
        iteration.submit(by=member)
        assert states(world["team"])["Eerste iteratie"] == DeliverableState.DONE


def test_a_draft_iteration_does_not_complete_it(world):
    member, prototype = world["member"], world["team"].prototype
    with time_machine.travel(at(9), tick=False):
        prototype.start_iteration(by=member)
        assert states(world["team"])["Eerste iteratie"] == DeliverableState.OPEN


def test_the_filled_canvas_completes_it_whenever_it_was_filled(world):
    with time_machine.travel(at(2), tick=False):  # in week 1
        prototype = world["team"].prototype
        for name in prototype.CANVAS_FIELDS[:-1]:
            setattr(prototype, name, "ingevuld")
        prototype.save()
    with time_machine.travel(at(13), tick=False):
        assert states(world["team"])["Canvas"] == DeliverableState.OVERDUE  # one block empty
        fill_canvas(prototype)
        assert states(world["team"])["Canvas"] == DeliverableState.DONE


def test_a_file_uploaded_since_the_module_began_completes_it(world):
    member, prototype = world["member"], world["team"].prototype
    with time_machine.travel(at(3), tick=False):  # in week 1
        iteration = prototype.start_iteration(by=member)
        upload_evidence(iteration, member)
    with time_machine.travel(at(9), tick=False):
        assert states(world["team"])["Foto van de test"] == DeliverableState.OPEN
        upload_evidence(iteration, member)
        assert states(world["team"])["Foto van de test"] == DeliverableState.DONE
        # The file completes only the "file" deliverable.
        assert states(world["team"])["Eerste iteratie"] == DeliverableState.OPEN


def reflect(author, team, week, kind=Reflection.Kind.WEEKLY):
    period = find_period(team, kind, week)
    return Reflection.write(
        author,
        team,
        period,
        answers=[{"prompt": "Wat leerde je?", "answer": "Veel."}],
        scores={},
        visibility=Reflection.Visibility.PRIVATE,
        now=datetime.datetime.combine(period.first_day, datetime.time(12), tzinfo=AMSTERDAM),
    )


def test_a_reflection_by_a_current_member_for_a_week_of_the_module_completes_it(world):
    team = Team.objects.select_related("programme").get(pk=world["team"].pk)
    former = UserFactory()
    TeamMember.objects.create(
        team=team,
        user=former,
        role=Role.RESIDENT,
        joined_on=datetime.date(2027, 1, 1),
        left_on=datetime.date(2027, 2, 3),
    )
    reflect(world["member"], team, 1)  # week 1 is not the module's week
    reflect(former, team, 2)  # someone who has left the team does not count
    with time_machine.travel(at(13), tick=False):
        assert states(team)["Reflectie"] == DeliverableState.OVERDUE

    reflect(world["member"], team, 2)  # late, and private: it still counts
    with time_machine.travel(at(13), tick=False):
        assert states(team)["Reflectie"] == DeliverableState.DONE


def test_a_reflection_deliverable_of_a_module_of_several_weeks_counts_any_of_its_weeks(world):
    add_module(
        world["programme"],
        3,
        title="Bouwen",
        duration_weeks=3,
        body=[deliverable("Terugblik", "reflection", due_day="4")],
    )
    team = world["team"]
    reflect(world["member"], team, 6, kind=Reflection.Kind.MIDTERM)
    with time_machine.travel(at(20), tick=False):
        assert states(team)["Terugblik"] == DeliverableState.OVERDUE

    reflect(world["member"], team, 5)
    with time_machine.travel(at(20), tick=False):
        assert states(team)["Terugblik"] == DeliverableState.DONE
        assert states(team)["Reflectie"] == DeliverableState.OVERDUE


def test_the_next_deliverable_is_the_pending_one_due_first(world):
    add_module(world["programme"], 3, body=[deliverable("Later", "iteration", due_day="0")])
    fill_canvas(world["team"].prototype)
    with time_machine.travel(at(9), tick=False):
        items = deliverables_for(Team.objects.get(pk=world["team"].pk))

    upcoming = next_deliverable(items)

    assert upcoming.title == "Eerste iteratie"
    assert next_deliverable([item for item in items if item.title != "Eerste iteratie"]).title == (
        "Foto van de test"
    )


def test_deliverables_cost_the_same_queries_for_1_and_12_modules(django_assert_num_queries):
    def team_with_modules(count, name):
        programme = make_programme(title=name, modules=0, start_date=START)
        for week in range(1, count + 1):
            add_module(
                programme,
                week,
                body=[
                    deliverable(f"Week {week}", "iteration"),
                    deliverable("Bestand", "file"),
                    deliverable("Reflectie", "reflection"),
                ],
            )
        member = UserFactory()
        team = make_team(programme, members=[(member, Role.STUDENT)])
        for week in range(1, count + 1):
            team.prototype.start_iteration(by=member).submit(by=member)
            reflect(member, team, week)
        return Team.objects.select_related("programme", "prototype").get(pk=team.pk)

    small, large = team_with_modules(1, "Klein"), team_with_modules(12, "Groot")
    deliverables_for(small)  # Warm the caches an earlier request would have filled.
    with CaptureQueriesContext(connection) as one:
        assert len(deliverables_for(small)) == 3

    with django_assert_num_queries(len(one.captured_queries)):
        items = deliverables_for(large)
    assert len(items) == 36
    assert {item.state for item in items if item.completed_by == "reflection"} == {
        DeliverableState.DONE
    }


def test_the_workspace_shows_deliverables_feedback_and_the_next_deliverable(client, world):
    member, team = world["member"], world["team"]
    with time_machine.travel(at(9), tick=False):
        iteration = team.prototype.start_iteration(by=member)
        iteration.submit(by=member)
        link = FeedbackLink.objects.create(iteration=iteration)
        FeedbackAnswer.objects.create(
            link=link,
            real_need=4,
            would_use="yes",
            would_pay="maybe",
            would_partner="no",
            better="Ook op zaterdag open.",
            name="Buurthuis De Schakel",
            consented_at=at(9),
        )
        client.force_login(member)
        response = client.get(reverse("prototypes:team_workspace", args=[team.pk]))

    html = response.content.decode()
    assert 'id="deliverables"' in html and 'id="feedback-received"' in html
    # Each state is written out, not shown by colour alone.
    shown = {item.title: item for item in response.context["deliverables"]}
    assert shown["Eerste iteratie"].state == DeliverableState.DONE
    assert shown["Foto van de test"].state == DeliverableState.OPEN
    assert "Eerste iteratie" in html
    assert str(DeliverableState.DONE.label) in html and str(DeliverableState.OPEN.label) in html
    assert "week 2" in html and 'datetime="2027-02-12"' in html
    assert "Buurthuis De Schakel" in html and "Ook op zaterdag open." in html
    assert reverse("prototypes:iteration_detail", args=[team.pk, 1]) in html
    assert any("Canvas" in str(step) for step in response.context["next_steps"])


def test_the_workspace_costs_the_same_queries_for_1_and_12_modules_and_20_answers(
    client, django_assert_num_queries
):
    coordinator = UserFactory()

    def team_with(count, name):
        programme = make_programme(title=name, modules=0, start_date=START)
        enrol(coordinator, programme, Role.COORDINATOR)
        for week in range(1, count + 1):
            add_module(programme, week, body=[deliverable(f"Week {week}", "iteration")])
        member = UserFactory()
        team = make_team(programme, members=[(member, Role.STUDENT)])
        iteration = team.prototype.start_iteration(by=member)
        iteration.submit(by=member)
        link = FeedbackLink.objects.create(iteration=iteration)
        FeedbackAnswer.objects.bulk_create(
            FeedbackAnswer(
                link=link,
                real_need=3,
                would_use="yes",
                would_pay="no",
                would_partner="maybe",
                consented_at=at(9),
            )
            for _ in range(max(1, count * 2 - 4))
        )
        return team

    with time_machine.travel(at(9), tick=False):
        small, large = team_with(1, "Klein"), team_with(12, "Groot")
        client.force_login(coordinator)
        client.get(reverse("prototypes:team_workspace", args=[small.pk]))  # warm the caches
        with CaptureQueriesContext(connection) as one:
            assert (
                client.get(reverse("prototypes:team_workspace", args=[small.pk])).status_code == 200
            )

        with django_assert_num_queries(len(one.captured_queries)):
            response = client.get(reverse("prototypes:team_workspace", args=[large.pk]))
    assert len(response.context["deliverables"]) == 12
    assert (
        len(response.context["feedback_answers"]) == 5
    )  # the latest; the rest are on the iteration
