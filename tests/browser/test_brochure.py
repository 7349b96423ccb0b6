"""A brochure from the admin to a visitor's download, in Chromium.

A coordinator composes a brochure with a showcase of a team in the Wagtail admin and
submits it for approval; a second coordinator of the same programme approves it, which
publishes it and (Celery runs eagerly here) makes its PDF; a visitor opens the
brochure and downloads the PDF, which names the member who consented and not the one
who did not.
"""

import io

import pytest
from django.test import Client
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from courses.models import Role
from learninglab import consent
from tests.browser import _axe, assert_accessible, format_violations, settle, visit, watch_of
from tests.browser.test_team_work import sign_in
from tests.factories import UserFactory, enrol, make_team_world

# Wagtail's own admin markup breaks these rules in places this project does not write
# (checked on Wagtail 8.0.1): its chooser modal's dialog has no accessible name.
# Everything else axe checks on the admin pages, and everything on the site's pages.
WAGTAIL_ADMIN_EXEMPT_RULES = ["aria-dialog-name"]


@pytest.fixture
def browser_locale():
    # Followed through English pages, whose wording is the source text.
    return "en-GB"


def assert_admin_accessible(page: Page) -> None:
    """Axe on a page of Wagtail's admin, without the rules its own markup breaks."""
    page.wait_for_load_state("load")
    settle(page)
    url, document = page.evaluate("[location.href, performance.timeOrigin]")
    rules = {rule: {"enabled": False} for rule in WAGTAIL_ADMIN_EXEMPT_RULES}
    options = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}, **rules}}
    # Wagtail's messages (white on its lighter green) are its own colours.
    context = {"exclude": [[".messages"]]}
    violations = _axe.run(page, context=context, options=options).response["violations"]
    watch_of(page).checked.setdefault(url, set()).add(document)
    assert not violations, format_violations(page.url, violations)


def admin_visit(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    assert_admin_accessible(page)


def admin_follow(page: Page, target) -> None:
    with page.expect_navigation():
        target.click()
    assert_admin_accessible(page)


def test_a_coordinator_builds_a_brochure_a_second_approves_and_a_visitor_downloads_it(
    desktop_page, page, live_server, settings
):
    # Wagtail's autosave would create the page half a second after the first change,
    # racing the test's own click on "Save draft"; a person saves once either way.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    world = make_team_world()
    programme, team, people = world["a"], world["team"], world["people"]
    first = people["coordinator"]
    second = UserFactory(display_name="Second Coordinator")
    enrol(second, programme, Role.COORDINATOR)
    for person in [first, second]:
        person.preferred_language = "en"
        person.save(update_fields=["preferred_language"])
    member, team_mate = people["member"], people["team_mate"]
    member.display_name, team_mate.display_name = "Anna de Vries", "Bram Jansen"
    member.save(update_fields=["display_name"])
    team_mate.save(update_fields=["display_name"])
    consent.give(member, consent.Consent.Purpose.BROCHURE, programme, language="en")
    assert team_mate.display_name and team.members.filter(user=team_mate).exists()

    # The first coordinator composes the brochure under the programme.
    sign_in(desktop_page, first, live_server)
    admin_visit(desktop_page, f"/admin/pages/add/home/brochurepage/{programme.pk}/")
    desktop_page.locator("#id_title").fill("What the neighbourhood built")
    desktop_page.locator("#id_intro").fill("Twelve weeks of work, team by team.")
    desktop_page.get_by_role("button", name="Insert a block").first.click()
    desktop_page.get_by_role("option", name="Team showcase").click()
    desktop_page.get_by_role("button", name="Choose a team").click()
    modal = desktop_page.locator(".modal-dialog")
    expect(modal.get_by_role("link", name="De Wijkkeuken")).to_be_visible()
    assert_admin_accessible(desktop_page)
    modal.get_by_role("link", name="De Wijkkeuken").click()
    expect(modal).to_be_hidden()
    # A brochure cannot be published from here: it waits for a second coordinator.
    expect(desktop_page.get_by_role("button", name="Publish")).to_have_count(0)
    admin_follow(desktop_page, desktop_page.get_by_role("button", name="Save draft"))
    desktop_page.get_by_role("button", name="More actions").click()
    admin_follow(
        desktop_page, desktop_page.get_by_role("button", name="Submit to Brochure approval")
    )
    expect(desktop_page.get_by_text("has been submitted for moderation")).to_be_visible()

    from home.models import BrochurePage

    brochure = BrochurePage.objects.get(title="What the neighbourhood built")
    assert not brochure.live
    assert Client().get(brochure.get_url()).status_code == 404

    # The second coordinator approves it, which publishes it and makes its PDF.
    sign_in(desktop_page, second, live_server)
    admin_visit(desktop_page, f"/admin/pages/{brochure.pk}/edit/")
    approve = desktop_page.get_by_role("button", name="Approve and Publish")
    if not approve.is_visible():
        desktop_page.get_by_role("button", name="More actions").click()
    admin_follow(desktop_page, approve)
    brochure.refresh_from_db()
    assert brochure.live

    # A visitor reads it and downloads the PDF.
    visit(page, brochure.get_url().replace("/nl/", "/en/", 1))
    expect(page.get_by_role("heading", level=1)).to_have_text("What the neighbourhood built")
    expect(page.get_by_role("heading", name="De Wijkkeuken")).to_be_visible()
    expect(page.get_by_text(member.display_name)).to_be_visible()
    expect(page.get_by_text(team_mate.display_name)).to_have_count(0)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the brochure (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as file:
        reader = PdfReader(io.BytesIO(file.read()))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "What the neighbourhood built" in text and "De Wijkkeuken" in text
    assert member.display_name in text and team_mate.display_name not in text
    assert_accessible(page)
