"""A coordinator on her phone: the cohort overview of her programme, sorted and filtered,
a team moved into continuation, the credit export prepared and downloaded; a visitor
then finds the continuing enterprise on the programme's public page."""

import openpyxl
import pytest
from django.core.files.base import ContentFile

from learninglab.models import Job
from tests.browser import assert_accessible, assert_no_horizontal_scroll, follow, visit
from tests.browser.test_team_work import sign_in
from tests.factories import make_team_world


@pytest.fixture
def browser_locale():
    # Followed through English pages, whose wording is the source text.
    return "en-GB"


def team_names(page):
    return page.locator(".cohort-table tbody th[scope=row]").all_inner_texts()


def test_a_coordinator_follows_her_cohort_and_exports_its_credits(
    page, desktop_page, live_server, tmp_path
):
    world = make_team_world()
    coordinator = world["people"]["coordinator"]
    # The export is written in its owner's language.
    coordinator.preferred_language = "en"
    coordinator.save()

    sign_in(page, coordinator, live_server)
    visit(page, "/en/my-programme/")
    follow(page, page.get_by_role("link", name="Cohort overview: every team at a glance"))
    assert page.get_by_role("heading", level=1).inner_text() == "Cohort overview"
    assert team_names(page) == ["De Wijkkeuken", "Repair Café"]
    assert_no_horizontal_scroll(page)

    follow(page, page.get_by_role("link", name="Team", exact=True))
    assert team_names(page) == ["Repair Café", "De Wijkkeuken"]
    assert page.locator("th[aria-sort=descending]").inner_text().startswith("Team")

    page.get_by_label("Team name").fill("wijk")
    follow(page, page.get_by_role("button", name="Show"))
    assert team_names(page) == ["De Wijkkeuken"]

    follow(page, page.get_by_role("link", name="Change the phase of De Wijkkeuken"))
    assert page.get_by_role("heading", level=1).inner_text() == "Phase of De Wijkkeuken"
    page.get_by_label("Continuation").check()
    assert_no_horizontal_scroll(page)
    follow(page, page.get_by_role("button", name="Change the phase"))
    assert page.get_by_text("De Wijkkeuken moved from Programme to Continuation.").is_visible()

    page.get_by_label("Excel (.xlsx)").check()
    follow(page, page.get_by_role("button", name="Prepare the export"))
    assert page.get_by_role("heading", level=1).inner_text() == "Credit export"
    assert page.locator("[data-job-status]").inner_text() == "Ready"
    assert_no_horizontal_scroll(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download").click()
    path = tmp_path / "credits.xlsx"
    download_info.value.save_as(path)
    rows = list(openpyxl.load_workbook(path, read_only=True).active.values)
    assert rows[0][0] == "Name"
    # Students only: the resident of De Wijkkeuken earns no credits.
    assert rows[-1][:3] == ("Total", None, "2 students")

    visit(desktop_page, world["a"].url.replace("/nl/", "/en/", 1))
    enterprises = desktop_page.locator(
        "section", has=desktop_page.get_by_role("heading", name="Enterprises that carry on")
    )
    assert "De Wijkkeuken" in enterprises.inner_text()
    assert "Repair Café" not in enterprises.inner_text()


def test_the_progress_page_follows_a_running_job_and_then_offers_its_file(page, live_server):
    world = make_team_world()
    coordinator = world["people"]["coordinator"]
    job = Job.objects.create(
        owner=coordinator,
        kind="prototypes.cohort_export",
        params={"programme": world["a"].pk, "format": "csv"},
        status="running",
    )
    job.progress(37, 200)

    sign_in(page, coordinator, live_server)
    visit(page, f"/en/jobs/{job.pk}/")
    assert page.locator("[aria-live=polite]").inner_text() == "In progress: 37 of 200"
    assert page.get_by_role("link", name="Refresh").is_visible()

    # The page's script asks for the state every two seconds.
    job.progress(150)
    page.get_by_text("In progress: 150 of 200").wait_for()
    assert page.locator("progress").evaluate("bar => bar.value") == 150

    # Once the job is done the script reloads the page, which offers the file.
    job.file.save("credits.csv", ContentFile(b"Name\n"), save=False)
    Job.objects.filter(pk=job.pk).update(status="done", file=job.file.name, filename="credits.csv")
    page.get_by_role("link", name="Download credits.csv").wait_for()
    assert_accessible(page)
    assert page.locator("[data-job-status]").inner_text() == "Ready"
    assert not page.get_by_role("link", name="Refresh").is_visible()
    follow(page, page.get_by_role("link", name="Back to the cohort overview"))
    assert page.get_by_role("heading", level=1).inner_text() == "Cohort overview"
