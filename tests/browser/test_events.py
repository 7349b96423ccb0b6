"""A visitor registers for a workshop on her phone, then cancels from her email's link,
in Chromium, with axe on every page."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from home.models import EventRegistration
from tests.browser import assert_no_horizontal_scroll, follow, visit
from tests.factories import translate
from tests.home.events_site import agenda, event


@pytest.fixture
def browser_locale():
    # The flow is followed through English pages, whose wording is the source text.
    return "en-GB"


def test_a_visitor_registers_on_her_phone_and_cancels_from_her_email(page, live_server):
    starts_at = (timezone.now() + datetime.timedelta(days=10)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )
    workshop = translate(event(agenda(), starts_at=starts_at, capacity=12), "en")
    index = workshop.get_parent()

    visit(page, index.url)
    assert_no_horizontal_scroll(page)
    follow(page, page.get_by_role("link", name=workshop.title))
    assert_no_horizontal_scroll(page)
    follow(page, page.get_by_role("link", name="Register"))
    assert_no_horizontal_scroll(page)

    # She forgets her name: the form says so and keeps her address.
    page.get_by_label("Email address").fill("fatima@example.org")
    page.get_by_label("Remarks or accessibility needs").fill("I come with a wheelchair.")
    follow(page, page.get_by_role("button", name="Register"))
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_label("Email address").input_value() == "fatima@example.org"

    page.get_by_label("Name").fill("Fatima El Amrani")
    follow(page, page.get_by_role("button", name="Register"))
    assert page.get_by_role("heading", name="You are registered").is_visible()
    assert_no_horizontal_scroll(page)

    registration = EventRegistration.objects.get()
    assert registration.status == EventRegistration.Status.CONFIRMED
    [message] = mail.outbox
    cancel_url = next(line for line in message.body.splitlines() if "/cancel/" in line)

    visit(page, cancel_url.replace("http://127.0.0.1:8000", live_server.url))
    follow(page, page.get_by_role("button", name="Cancel my registration"))
    assert page.get_by_role("heading", name="Registration cancelled").is_visible()
    registration.refresh_from_db()
    assert registration.status == EventRegistration.Status.CANCELLED
