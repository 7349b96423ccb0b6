"""Notification preferences in Chromium, on a phone: a resident stops one kind of email
from the link in the email without signing in, then chooses a digest and quiet hours on
her preferences page, correcting a mistake on the way."""

import datetime

import pytest

from prototypes import delivery
from prototypes.models import Delivery, NotificationKind, NotificationPreference, QuietHours
from tests.browser import assert_no_horizontal_scroll, follow, visit, watch_of
from tests.browser.test_team_work import sign_in
from tests.factories import UserFactory


def expected_bad_request(page):
    """The browser logs a 400 as a failed load; here it is the answer we expect."""
    errors = watch_of(page).console_errors
    expected = [error for error in errors if "status of 400" in error]
    assert len(expected) == 1, errors
    errors.remove(expected[0])


@pytest.fixture
def browser_locale():
    return "en-GB"


def test_a_resident_unsubscribes_from_an_email_then_chooses_a_digest_and_quiet_hours(
    page, live_server
):
    resident = UserFactory(preferred_language="en")
    token = delivery.unsubscribe_token(resident, NotificationKind.TEAM_INACTIVE)

    # The link from the email asks first; the button turns that kind off.
    visit(page, f"/unsubscribe/{token}/")
    assert_no_horizontal_scroll(page)
    follow(page, page.get_by_role("button", name="Stop these emails"))
    page.get_by_role("heading", name="You are unsubscribed").wait_for()
    assert NotificationPreference.objects.get(user=resident).mode == Delivery.OFF

    # A link someone changed explains itself.
    visit(page, f"/unsubscribe/{token[:-3]}xyz/", status=400)
    expected_bad_request(page)

    sign_in(page, resident, live_server)
    visit(page, "/en/notifications/preferences/")
    assert_no_horizontal_scroll(page)
    assert page.get_by_label("Team inactive").input_value() == Delivery.OFF
    page.get_by_label("Reflection due").select_option(Delivery.DAILY)
    page.get_by_label("Quiet from").fill("21:00")
    follow(page, page.get_by_role("button", name="Save"))
    page.get_by_text("Give both times, or leave both empty.").first.wait_for()
    expected_bad_request(page)
    assert page.get_by_label("Reflection due").input_value() == Delivery.DAILY

    page.get_by_label("Quiet until").fill("08:00")
    follow(page, page.get_by_role("button", name="Save"))
    page.get_by_text("Your notification preferences are saved.").wait_for()
    hours = QuietHours.objects.get(user=resident)
    assert (hours.starts_at, hours.ends_at) == (datetime.time(21), datetime.time(8))
    assert (
        delivery.decide(
            resident,
            NotificationKind.REFLECTION_DUE,
            datetime.datetime(2027, 3, 3, 12, tzinfo=datetime.UTC),
        ).action
        == "digest"
    )
