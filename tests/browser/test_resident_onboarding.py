"""A resident on a phone goes from the invitation email to their first module done."""

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from courses import invitations
from courses.invitations import Candidate
from courses.models import Membership, Role
from tests.accounts.helpers import link_in
from tests.browser import assert_no_horizontal_scroll, follow, path_of, visit
from tests.factories import UserFactory, enrol, make_programme, translate

# The third day of the programme's first week.
TODAY = datetime.datetime(2027, 2, 3, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


@pytest.fixture
def browser_locale():
    # This resident reads English: the flow's wording is then the source text, which
    # the Dutch catalogue will not change under the test.
    return "en-GB"


def progress(page):
    bar = page.locator("progress")
    return int(bar.get_attribute("value")), int(bar.get_attribute("max"))


def test_a_resident_accepts_an_invitation_signs_up_and_marks_week_one_done(
    page, mailoutbox, time_machine
):
    time_machine.move_to(TODAY, tick=True)
    coordinator = UserFactory(email="fatima@example.org", display_name="Fatima")
    programme = make_programme(title="Overvecht, spring 2027", modules=3)
    enrol(coordinator, programme, Role.COORDINATOR)
    for module in programme.get_children().specific():
        translate(module, "en")
    outcome = invitations.invite(
        programme,
        [Candidate(email="amina@example.org", role=Role.RESIDENT, name="Amina")],
        invited_by=coordinator,
        language="en",
    )
    [invitation] = outcome.invited
    [invitation_email] = mailoutbox
    invitation_link = urlsplit(link_in(invitation_email, "/invitations/")).path
    token = invitation_link.removeprefix("/invitations/").strip("/")
    assert invitations.invitation_from_token(token) == invitation

    # The link in the email.
    visit(page, invitation_link)
    assert page.get_by_role("heading", level=1).inner_text() == (
        "You are invited to join Overvecht, spring 2027"
    )
    assert_no_horizontal_scroll(page)

    follow(page, page.get_by_role("link", name="Create your account"))
    assert page.get_by_label("Email").input_value() == "amina@example.org"
    page.get_by_label("Your name").fill("Amina")
    page.get_by_label("Password:", exact=True).fill("a-long-phone-password")
    page.get_by_label("Password (again):", exact=True).fill("a-long-phone-password")
    assert_no_horizontal_scroll(page)
    follow(page, page.get_by_role("button", name="Sign Up"))
    assert path_of(page) == "/en/accounts/confirm-email/"
    assert not Membership.objects.filter(programme=programme, role=Role.RESIDENT).exists()

    # The confirmation email, opened on the same phone.
    confirmation = mailoutbox[-1]
    assert confirmation.to == ["amina@example.org"]
    visit(page, urlsplit(link_in(confirmation, "/confirm-email/")).path)
    assert_no_horizontal_scroll(page)
    follow(page, page.get_by_role("button", name="Confirm"))

    # Confirming the address accepted the invitation and signed her in.
    assert path_of(page).startswith("/en/my-programme/")
    assert Membership.objects.get(programme=programme, user__email="amina@example.org").role == (
        Role.RESIDENT
    )
    assert progress(page) == (0, 3)
    assert page.get_by_text("0 of 3 modules done").is_visible()
    assert_no_horizontal_scroll(page)

    follow(page, page.get_by_role("link", name="Week 1", exact=True))
    assert page.get_by_text("Alleen voor deelnemers: opdracht van week 1.").is_visible()
    assert_no_horizontal_scroll(page)
    follow(page, page.get_by_role("button", name="Mark as done"))
    assert page.get_by_role("status").get_by_text("“Week 1” is marked as done.").is_visible()

    follow(page, page.get_by_role("link", name="My programme"))
    assert progress(page) == (1, 3)
    assert page.get_by_text("1 of 3 modules done").is_visible()
    assert_no_horizontal_scroll(page)
