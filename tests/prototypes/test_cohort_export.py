"""The credit export of a programme run: its columns and totals, the CSV and the Excel
file agreeing, who may start and download it, and a cost flat in the number of people."""

import csv
import datetime
import io
import zoneinfo

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import ModulePage, ModuleProgress, Role
from learninglab import jobs
from learninglab.models import Job
from prototypes import cohort_export
from prototypes.models import CoachingSession, Iteration, Reflection, TeamMember
from tests.factories import TEAM_PERSONAS, UserFactory, enrol, make_team, make_team_world

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
NOW = datetime.datetime(2027, 3, 20, 12, 0, tzinfo=AMSTERDAM)


def at(day):
    return datetime.datetime(2027, 2, day, 12, 0, tzinfo=AMSTERDAM)


@pytest.fixture
def world():
    """Programme A: the member (student) joined "De Wijkkeuken" on 1 February; the team
    mate (resident) and a latecomer (student) joined on 10 February. The team submitted
    iteration 1 on 5 February and iteration 2 on 12 February. The member marked the module
    done, wrote two reflections and came to the one session held; the team mate and the
    latecomer wrote one each."""
    with time_machine.travel(NOW, tick=False):
        world = make_team_world()
        a, team, people = world["a"], world["team"], world["people"]
        people["latecomer"] = UserFactory(display_name="Latecomer")
        enrol(people["latecomer"], a, Role.STUDENT)
        TeamMember.objects.create(team=team, user=people["latecomer"], role=Role.STUDENT)
        member, mate, latecomer = people["member"], people["team_mate"], people["latecomer"]
        TeamMember.objects.filter(user=member).update(joined_on=datetime.date(2027, 2, 1))
        TeamMember.objects.filter(user__in=[mate, latecomer]).update(
            joined_on=datetime.date(2027, 2, 10)
        )
        TeamMember.objects.filter(user=people["other_team_member"]).update(
            joined_on=datetime.date(2027, 2, 1)
        )
        for number, day in [(1, 5), (2, 12)]:
            Iteration.objects.create(
                prototype=team.prototype, number=number, status="accepted", submitted_at=at(day)
            )
        Iteration.objects.create(prototype=team.prototype, number=3, status="draft")
        ModuleProgress.objects.create(user=member, module=ModulePage.objects.child_of(a).get())
        for author, week in [(member, 1), (member, 2), (mate, 2), (latecomer, 2)]:
            Reflection.objects.create(author=author, team=team, kind="weekly", period=week)
        session = CoachingSession.plan(team=team, coach=people["coach"], starts_at=at(15))
        CoachingSession.objects.filter(pk=session.pk).update(status=CoachingSession.Status.HELD)
        session.participants.filter(user=member).update(attended=True)
        session.participants.filter(user__in=[mate, latecomer]).update(attended=False)
        yield world


def test_columns_and_totals_match_the_data(world):
    with time_machine.travel(NOW, tick=False):
        rows, totals = cohort_export.credit_rows(world["a"])
    people = world["people"]
    by_email = {row.email: row for row in rows}
    # Students only: the resident team mate earns no credits and is not sent.
    assert set(by_email) == {
        people[name].email for name in ("member", "latecomer", "other_team_member")
    }
    member = by_email[people["member"].email]
    assert (member.name, member.teams) == ("Member", "De Wijkkeuken")
    assert (member.modules, member.iterations, member.reflections, member.sessions) == (1, 2, 2, 1)
    late = by_email[people["latecomer"].email]
    # Joined after iteration 1: only iteration 2 was submitted while a member.
    assert (late.modules, late.iterations, late.reflections, late.sessions) == (0, 1, 1, 0)
    other = by_email[people["other_team_member"].email]
    assert (other.teams, other.modules, other.iterations, other.reflections) == (
        "Repair Café",
        0,
        0,
        0,
    )
    assert (totals.modules, totals.iterations, totals.reflections, totals.sessions) == (1, 3, 3, 1)


def test_a_name_that_reads_as_a_formula_stays_text(world):
    member = world["people"]["member"]
    member.display_name = '=HYPERLINK("http://evil.example")'
    member.save()
    rows, _totals = cohort_export.credit_rows(world["a"])
    row = next(row for row in rows if row.email == member.email)
    assert row.cells()[0] == '\'=HYPERLINK("http://evil.example")'

    workbook = openpyxl.load_workbook(
        io.BytesIO(cohort_export._xlsx(rows, _totals, lambda done: None, "x"))
    )
    names = [cell.value for cell in workbook.active["A"]]
    assert '\'=HYPERLINK("http://evil.example")' in names
    assert all(cell.data_type != "f" for cell in workbook.active["A"])


def test_a_member_who_left_counts_the_iterations_until_they_left(world):
    people = world["people"]
    TeamMember.objects.filter(user=people["member"]).update(left_on=datetime.date(2027, 2, 8))
    rows, _totals = cohort_export.credit_rows(world["a"])
    member = next(row for row in rows if row.email == people["member"].email)
    assert member.iterations == 1


def start_export(client, programme, file_format, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("prototypes:cohort_export", args=[programme.pk]), {"format": file_format}
        )
    return response


def test_the_csv_and_the_excel_file_agree(client, world, django_capture_on_commit_callbacks):
    coordinator = world["people"]["coordinator"]
    coordinator.preferred_language = "en"
    coordinator.save()
    client.force_login(coordinator)
    files = {}
    for file_format in cohort_export.FORMATS:
        response = start_export(client, world["a"], file_format, django_capture_on_commit_callbacks)
        job = Job.objects.get(owner=coordinator, params__format=file_format)
        assert response.status_code == 302
        assert response["Location"] == reverse("jobs:detail", args=[job.pk])
        assert job.status == Job.Status.DONE, job.error
        assert (job.done_steps, job.total_steps) == (3, 3)
        assert job.filename.endswith(f".{file_format}")
        page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
        assert reverse("prototypes:cohort_overview", args=[world["a"].pk]) in page
        download = client.get(reverse("job_downloads:download", args=[job.pk]))
        assert download.status_code == 200
        files[file_format] = b"".join(download.streaming_content)

    from_csv = list(csv.reader(io.StringIO(files["csv"].decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(files["xlsx"]), read_only=True).active
    from_xlsx = [["" if cell is None else str(cell) for cell in row] for row in sheet.values]
    assert from_csv == from_xlsx
    assert from_csv[0] == [
        "Name",
        "Email address",
        "Team",
        "Modules done",
        "Iterations submitted",
        "Reflections written",
        "Sessions attended",
    ]
    assert from_csv[-1] == ["Total", "", "3 students", "1", "3", "3", "1"]
    assert world["people"]["team_mate"].email not in files["csv"].decode("utf-8-sig")
    assert len(from_csv) == 1 + 3 + 1


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_only_the_programmes_coordinators_start_and_download_it(
    client, world, persona, django_capture_on_commit_callbacks
):
    coordinator = world["people"]["coordinator"]
    client.force_login(coordinator)
    start_export(client, world["a"], "csv", django_capture_on_commit_callbacks)
    job = Job.objects.get(owner=coordinator)
    client.logout()

    person = world["people"][persona]
    if person is not None:
        client.force_login(person)
    response = start_export(client, world["a"], "csv", django_capture_on_commit_callbacks)
    download = client.get(reverse("job_downloads:download", args=[job.pk]))
    page = client.get(reverse("jobs:detail", args=[job.pk]))
    if persona == "coordinator":
        assert response.status_code == 302
        assert download.status_code == 200
        assert page.status_code == 200
    elif persona == "anonymous":
        for answer in (response, download, page):
            assert answer.status_code == 302
            assert reverse("account_login") in answer["Location"]
    else:
        assert (response.status_code, download.status_code, page.status_code) == (404, 404, 404)
        assert not Job.objects.filter(owner=person).exists()


def test_a_coordinator_who_stepped_down_gets_a_clear_message(world):
    coordinator = world["people"]["coordinator"]
    coordinator.preferred_language = "en"
    coordinator.save()
    job = Job.objects.create(
        owner=coordinator,
        kind=cohort_export.KIND,
        params={"programme": world["a"].pk, "format": "csv"},
    )
    coordinator.memberships.all().delete()

    jobs.run(job.pk)

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "You no longer coordinate this programme."
    assert not job.file


def test_a_job_without_its_programme_still_shows_its_page(client, world):
    coordinator = world["people"]["coordinator"]
    job = Job.objects.create(owner=coordinator, kind=cohort_export.KIND, params={})
    client.force_login(coordinator)
    response = client.get(reverse("jobs:detail", args=[job.pk]))
    assert response.status_code == 200
    assert "/cohort/" not in response.content.decode()


def test_the_query_count_is_flat_in_the_number_of_students(world):
    a = world["a"]

    def count():
        with CaptureQueriesContext(connection) as queries:
            rows, _totals = cohort_export.credit_rows(a)
        return len(queries), len(rows)

    few, people = count()
    assert people == 3
    for number in range(30):
        student = UserFactory()
        enrol(student, a, Role.STUDENT)
        team = make_team(a, name=f"Team {number}", members=[(student, Role.STUDENT)])
        Iteration.objects.create(
            prototype=team.prototype, number=1, status="submitted", submitted_at=at(20)
        )
        Reflection.objects.create(author=student, team=team, kind="weekly", period=1)
    many, people = count()
    assert people == 33
    assert few == many
