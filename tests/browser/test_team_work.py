"""A team's iteration from draft to coach review and stakeholder feedback, in Chromium.

Three people, each in a browser of their own: the student on a phone, the coach on a
laptop, and a stakeholder without an account on a phone that has never visited the site.
"""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from PIL import Image

from tests.browser import assert_no_horizontal_scroll, follow, path_of, visit
from tests.browser.conftest import PHONE, _browser_page
from tests.factories import make_team_world


@pytest.fixture
def browser_locale():
    # Everyone here reads English: the wording the test looks for is then the source
    # text, which the Dutch catalogue will not change under the test.
    return "en-GB"


@pytest.fixture
def stakeholder_page(request, chromium, live_server, browser_locale):
    """A phone of its own, without any cookie of the site: the stakeholder's."""
    yield from _browser_page(request, chromium, live_server, browser_locale, PHONE)


def sign_in(page, user, live_server):
    """Give the page's browser the session of `user`, as if they had logged in."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def photo_of_the_market_stall(tmp_path):
    path = tmp_path / "market-stall.jpg"
    Image.new("RGB", (64, 48), (200, 120, 40)).save(path, "JPEG")
    return path


def status_message(page):
    return page.get_by_role("status").inner_text()


def test_a_student_submits_an_iteration_the_coach_reviews_it_and_a_stakeholder_answers(
    page, desktop_page, stakeholder_page, live_server, tmp_path
):
    world = make_team_world()
    team, student, coach = world["team"], world["people"]["member"], world["people"]["coach"]
    prototype = team.prototype
    prototype.social_value_proposition = "Neighbours who cook together eat less alone."
    prototype.save()

    # The student, on her phone, starts the team's first iteration from the workspace.
    sign_in(page, student, live_server)
    visit(page, f"/en/teams/{team.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "De Wijkkeuken"
    follow(page, page.get_by_role("button", name="Start the first iteration"))
    assert page.get_by_role("heading", level=1).inner_text() == "Edit iteration 1"
    assert "Iteration 1 is started." in status_message(page)
    page.get_by_label("We believe that").fill("Lonely neighbours want to cook together.")
    page.get_by_label("To verify that, we will").fill("Hold a cooking evening at the market.")
    page.get_by_label("And measure").fill("How many neighbours come back a second time.")
    page.get_by_label("We are right if").fill("Half of them come back.")
    assert_no_horizontal_scroll(page)
    follow(page, page.get_by_role("button", name="Save the draft"))
    assert page.get_by_role("heading", level=1).inner_text() == "Iteration 1"
    assert page.get_by_text("Hold a cooking evening at the market.").is_visible()

    # She adds a photo of the evening.
    follow(page, page.get_by_role("link", name="Add or remove photos and documents"))
    assert page.get_by_role("heading", level=1).inner_text() == "Evidence of iteration 1"
    page.get_by_label("File").set_input_files(photo_of_the_market_stall(tmp_path))
    page.get_by_label("Caption").fill("Our stall at the Saturday market")
    follow(page, page.get_by_role("button", name="Upload"))
    assert "“market-stall.jpg” was added." in status_message(page)
    photo = page.get_by_role("img", name="Our stall at the Saturday market")
    assert photo.is_visible()
    # The photo really loaded, through the view that checks access.
    assert photo.evaluate("image => image.complete && image.naturalWidth") == 64

    # ... and submits the iteration for review.
    visit(page, f"/en/teams/{team.pk}/iterations/1/")
    follow(page, page.get_by_role("link", name="Submit for review"))
    assert page.get_by_role("heading", level=1).inner_text() == "Submit iteration 1 for review?"
    follow(page, page.get_by_role("button", name="Yes, submit it"))
    state = page.locator(".iteration-state")
    assert state.locator(".badge").inner_text() == "Submitted"
    assert "by Member." in state.inner_text()
    assert page.get_by_text("This iteration has been submitted.").is_visible()
    assert page.get_by_text("No coach has reviewed this iteration yet.").is_visible()
    assert not page.get_by_role("link", name="Edit this draft").count()
    assert page.get_by_role("img", name="Our stall at the Saturday market").is_visible()

    # The coach, on a laptop, finds it in their queue and reviews it.
    sign_in(desktop_page, coach, live_server)
    visit(desktop_page, "/en/reviews/")
    assert desktop_page.get_by_role("heading", level=1).inner_text() == "Iterations to review"
    follow(desktop_page, desktop_page.get_by_role("link", name="De Wijkkeuken: review iteration 1"))
    assert desktop_page.get_by_role("heading", level=1).inner_text() == "Review iteration 1"
    criteria = desktop_page.locator("fieldset.review-criterion")
    assert criteria.count() == 5
    for index in range(criteria.count()):
        criteria.nth(index).get_by_label("3 – Good").check()
    desktop_page.get_by_label("Comment on the test card").fill(
        "A clear test; say beforehand how many neighbours you expect."
    )
    desktop_page.get_by_label("General comment").fill("Good first step, go on.")
    desktop_page.get_by_role("group", name="Decision").get_by_label("Accepted").check()
    follow(desktop_page, desktop_page.get_by_role("button", name="Save the review"))
    assert "Your review of iteration 1 is saved. The team can read it now." in status_message(
        desktop_page
    )
    visit(desktop_page, "/en/reviews/")
    assert desktop_page.get_by_text("Nothing waits for your review.").is_visible()

    # The student sees the review on the iteration.
    visit(page, f"/en/teams/{team.pk}/iterations/1/")
    assert page.locator(".iteration-state .badge").inner_text() == "Accepted"
    review = page.locator("article.review")
    assert review.get_by_role("heading", name="Review by Coach").is_visible()
    assert review.get_by_text("Accepted", exact=True).is_visible()
    assert review.get_by_text("Good first step, go on.").is_visible()
    assert review.get_by_text(
        "A clear test; say beforehand how many neighbours you expect."
    ).is_visible()
    assert review.get_by_role("row").filter(has_text="3 – Good").count() == 5
    assert_no_horizontal_scroll(page)

    # She makes a feedback link for the market's organiser.
    page.get_by_label("Who is it for? (optional)").fill("for the market organiser")
    follow(page, page.get_by_role("button", name="Make a feedback link"))
    assert "The feedback link is made." in status_message(page)
    link = page.get_by_label("Link to copy and send").input_value()
    assert link.startswith(f"{live_server.url}/feedback/")

    # The organiser opens it on a phone that never visited the site, and answers.
    visit(stakeholder_page, urlsplit(link).path)
    stakeholder = stakeholder_page
    assert stakeholder.get_by_role("heading", level=1).inner_text() == (
        "Your feedback for De Wijkkeuken"
    )
    assert stakeholder.get_by_text("Neighbours who cook together eat less alone.").is_visible()
    assert_no_horizontal_scroll(stakeholder)
    stakeholder.get_by_role("group", name="Does this meet a real need?").get_by_label(
        "Somewhat"
    ).check()
    stakeholder.get_by_role("group", name="Would you use it?").get_by_label("Yes").check()
    stakeholder.get_by_role("group", name="Would you pay for it?").get_by_label("Maybe").check()
    stakeholder.get_by_role("group", name="Would you partner in it?").get_by_label("Yes").check()
    stakeholder.get_by_label("What would make it better?").fill("Cook on Sundays as well.")
    stakeholder.get_by_label("Your name").fill("Ingrid")
    stakeholder.get_by_label("Your organisation").fill("Overvecht market")
    stakeholder.get_by_label("I agree that the team stores what I write here").check()
    follow(stakeholder, stakeholder.get_by_role("button", name="Send my feedback"))
    assert path_of(stakeholder).startswith(urlsplit(link).path + "thanks/")
    assert stakeholder.get_by_role("heading", level=1).inner_text() == (
        "Thank you for your feedback"
    )
    assert_no_horizontal_scroll(stakeholder)

    # The answer appears on the iteration.
    visit(page, f"/en/teams/{team.pk}/iterations/1/")
    answer = page.locator("li.feedback-answer")
    assert answer.get_by_role("heading", name="Ingrid, Overvecht market").is_visible()
    assert answer.get_by_text("Cook on Sundays as well.").is_visible()
    assert answer.get_by_text("Somewhat (3/5)").is_visible()
    sent_link = page.locator("li.feedback-link").filter(has_text="for the market organiser")
    assert "1 answer ·" in sent_link.inner_text()
    assert_no_horizontal_scroll(page)
