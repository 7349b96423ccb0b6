"""Consent and quotes in Chromium, on a phone: a resident offers a quote from her
reflection, finds it is not published, gives consent after forgetting the box once,
then withdraws it after reading what that does, and withdraws the quote."""

import pytest

from courses.models import Role
from learninglab.consent import Consent
from prototypes.models import Quote, Reflection
from tests.browser import assert_no_horizontal_scroll, follow, visit, watch_of
from tests.browser.test_team_work import sign_in
from tests.factories import UserFactory, enrol, make_programme, make_team

ANSWER = "We cooked with twelve neighbours. Most of them had never met before that evening."


@pytest.fixture
def browser_locale():
    return "en-GB"


def expected_bad_request(page):
    """The browser logs a 400 as a failed load; here it is the answer we expect."""
    errors = watch_of(page).console_errors
    expected = [error for error in errors if "status of 400" in error]
    assert len(expected) == 1, errors
    errors.remove(expected[0])


def test_a_resident_offers_a_quote_gives_consent_and_withdraws_both(page, live_server):
    programme = make_programme(modules=1)
    resident = UserFactory(display_name="Fatima", preferred_language="en")
    enrol(resident, programme, Role.RESIDENT)
    team = make_team(programme, members=[(resident, Role.RESIDENT)])
    Reflection.objects.create(
        author=resident, team=team, period=1, answers=[{"prompt": "What?", "answer": ANSWER}]
    )
    sign_in(page, resident, live_server)

    # Her quote, shortened, is saved but not published without consent.
    visit(page, f"/en/teams/{team.pk}/reflections/weekly/1/quote/")
    assert_no_horizontal_scroll(page)
    assert page.get_by_label("Your quote").input_value() == ANSWER
    page.get_by_label("Your quote").fill("Most of them had never met … that evening.")
    follow(page, page.get_by_role("button", name="Offer this quote"))
    page.get_by_text("Not published: no consent").wait_for()
    assert Quote.objects.get().text == "Most of them had never met … that evening."

    # Consent needs the box ticked; it is never ticked for her.
    assert_no_horizontal_scroll(page)
    assert not page.get_by_label("I agree to this").is_checked()
    follow(page, page.get_by_role("button", name="Give my consent"))
    page.get_by_text("Tick “I agree to this” to give your consent.").first.wait_for()
    expected_bad_request(page)
    page.get_by_label("I agree to this").check()
    follow(page, page.get_by_role("button", name="Give my consent"))
    page.get_by_text("May be published").wait_for()
    assert Consent.objects.get(user=resident).language == "en"

    # Withdrawing says what happens first.
    follow(page, page.get_by_role("link", name="Withdraw my consent"))
    page.get_by_text("taken off the website at once").wait_for()
    follow(page, page.get_by_role("button", name="Withdraw my consent"))
    page.get_by_text("Your consent is withdrawn.").wait_for()
    assert not Consent.objects.get(user=resident).is_active
    page.get_by_text("Not published: no consent").wait_for()

    follow(page, page.get_by_role("button", name="Withdraw quote"))
    page.get_by_text("Your quote is withdrawn").wait_for()
    assert Quote.objects.get().withdrawn_at is not None
