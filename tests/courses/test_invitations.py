"""Inviting one person to a programme, the email, and every way of accepting (or not)."""

import datetime
import re
import threading

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from courses import invitations
from courses.models import Invitation, Membership, Role
from tests.conftest import require
from tests.factories import PASSWORD, UserFactory, enrol, make_programme

# The assertions read English text, so these tests use the English interface.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_interface")]

NOW = datetime.datetime(2027, 1, 10, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen():
    # allauth's rate limits live in the cache and would carry over between tests
    # that all happen at the same frozen minute.
    cache.clear()
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def programme():
    return make_programme(title="Overvecht, voorjaar 2027", modules=1)


@pytest.fixture
def coordinator(programme):
    user = UserFactory(email="coordinator@example.org", display_name="Coco Ordinator")
    enrol(user, programme, Role.COORDINATOR)
    return user


def confirmed(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def invitation_for(programme, email="new@example.org", role=Role.RESIDENT, **fields):
    return Invitation.objects.create(programme=programme, email=email, role=role, **fields)


def link(invitation):
    return invitations.invitation_path(invitation)


def post_invite(client, programme, **data):
    fields = {"name": "Fatima", "email": "fatima@example.org", "role": Role.RESIDENT} | data
    return client.post(
        reverse("courses_invitations:invite", args=[programme.pk]),
        {f"invite-{key}": value for key, value in fields.items()},
    )


def links_in(message):
    return re.findall(r"https?://[^\s\"<>]+", message.body)


def my_programme(programme):
    return f"{reverse('courses:my_programme')}?programme={programme.pk}"


# --- Inviting one person --------------------------------------------------------------


def test_coordinator_invites_one_person_who_gets_a_working_link(
    client, programme, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_invite(client, programme, email="Fatima@Example.org")

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.name, invitation.role) == (
        "fatima@example.org",
        "Fatima",
        Role.RESIDENT,
    )
    assert invitation.invited_by == coordinator
    assert invitation.expires_at == NOW + datetime.timedelta(days=14)
    [message] = mailoutbox
    assert message.to == ["fatima@example.org"]
    assert message.reply_to == ["coordinator@example.org"]
    assert "Overvecht, voorjaar 2027" in message.subject
    [url] = {url for url in links_in(message) if "/invitations/" in url}
    path = url.split("://", 1)[1].split("/", 1)[1]
    assert path.startswith("invitations/"), "signed links carry no language prefix"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert url in html

    client.logout()
    page = client.get("/" + path)
    assert page.status_code == 200
    assert "Overvecht, voorjaar 2027" in page.content.decode()


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Overvecht, spring 2027"), ("nl", "Overvecht, voorjaar 2027")]
)
def test_email_is_in_the_language_of_the_coordinators_interface(
    client,
    programme,
    coordinator,
    mailoutbox,
    django_capture_on_commit_callbacks,
    language,
    title,
):
    english = programme.copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True
    )
    english.title = "Overvecht, spring 2027"
    english.save_revision().publish()
    client.force_login(coordinator)
    client.cookies["ll_language"] = language

    with django_capture_on_commit_callbacks(execute=True):
        post_invite(client, programme)

    [message] = mailoutbox
    assert title in message.subject
    assert title in message.body
    if language == "en":
        assert "Coco Ordinator invites you to join Overvecht, spring 2027" in message.body


def test_inviting_a_member_explains_instead_of_inviting(
    client, programme, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    enrol(UserFactory(email="member@example.org"), programme)
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_invite(client, programme, email="MEMBER@example.org", name="Kept name")

    assert response.status_code == 200
    content = response.content.decode()
    assert "member@example.org is already a member of this programme." in content
    assert 'value="Kept name"' in content
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_inviting_someone_with_an_open_invitation_explains_instead_of_duplicating(
    client, programme, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    invitation_for(programme, email="fatima@example.org")
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_invite(client, programme)

    assert "fatima@example.org already has an open invitation" in response.content.decode()
    assert Invitation.objects.count() == 1
    assert mailoutbox == []


def test_inviting_again_after_expiry_renews_the_invitation_and_sends_it(
    client, programme, coordinator, mailoutbox, frozen, django_capture_on_commit_callbacks
):
    old = invitation_for(programme, email="fatima@example.org")
    frozen.shift(datetime.timedelta(days=20))
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        post_invite(client, programme, role=Role.STUDENT)

    old.refresh_from_db()
    assert Invitation.objects.get() == old
    assert old.role == Role.STUDENT
    assert old.expires_at == timezone.now() + datetime.timedelta(days=14)
    assert len(mailoutbox) == 1


def test_invitation_list_shows_each_state_in_a_flat_number_of_queries(
    client, programme, coordinator, frozen
):
    member = UserFactory()
    invitation_for(programme, email="accepted@example.org", accepted_at=NOW, accepted_by=member)
    invitation_for(
        programme, email="expired@example.org", expires_at=NOW - datetime.timedelta(days=1)
    )
    invitation_for(programme, email="open@example.org")
    client.force_login(coordinator)
    url = reverse("courses_invitations:index", args=[programme.pk])

    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    for number in range(30):
        invitation_for(programme, email=f"more{number}@example.org", invited_by=coordinator)
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    content = response.content.decode()
    for email, state in [
        ("accepted@example.org", "Accepted"),
        ("expired@example.org", "Expired"),
        ("open@example.org", "Open"),
    ]:
        row = content[content.index(email) :].split("</tr>")[0]
        assert state in row
    assert len(many) == len(few)


def test_programme_page_in_the_admin_links_to_its_invitations(client, programme, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("wagtailadmin_explore", args=[programme.pk]))

    assert reverse("courses_invitations:index", args=[programme.pk]) in response.content.decode()


# --- Who may open the admin screens -------------------------------------------------


def admin_urls(programme):
    return [
        ("get", reverse("courses_invitations:index", args=[programme.pk])),
        ("post", reverse("courses_invitations:invite", args=[programme.pk])),
        ("post", reverse("courses_invitations:upload", args=[programme.pk])),
    ]


def answer(client, method, url, data=None):
    # LocaleMiddleware turns a 404 on an unprefixed URL into a redirect to the same
    # path under /nl/, which is a 404 too: what counts is where the person ends up.
    return getattr(client, method)(url, data or {}, follow=True)


def test_coordinator_of_another_programme_gets_404(client, programme, mailoutbox):
    other = make_programme(title="Kanaleneiland, najaar 2027", modules=0)
    outsider = UserFactory()
    enrol(outsider, other, Role.COORDINATOR)
    client.force_login(outsider)

    for method, url in admin_urls(programme):
        data = {"invite-email": "x@example.org", "invite-role": Role.STUDENT}
        assert answer(client, method, url, data).status_code == 404, url
    assert not Invitation.objects.exists()
    listing = client.get(reverse("courses_invitations:programmes")).content.decode()
    assert "Kanaleneiland, najaar 2027" in listing
    assert "Overvecht, voorjaar 2027" not in listing


@pytest.mark.parametrize("role", [Role.STUDENT, Role.RESIDENT, Role.COACH])
def test_participant_and_coach_of_the_programme_get_404(client, programme, role):
    person = UserFactory()
    enrol(person, programme, role)
    client.force_login(person)

    for method, url in admin_urls(programme):
        assert answer(client, method, url).status_code == 404, url
    assert not Invitation.objects.exists()


def test_anonymous_visitor_is_sent_to_sign_in_and_sees_nothing(client, programme):
    invitation_for(programme, email="secret@example.org")

    for method, url in admin_urls(programme):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]
        assert "secret@example.org" not in response.content.decode()


def test_superuser_may_invite_to_any_programme(
    client, programme, mailoutbox, django_capture_on_commit_callbacks
):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        assert post_invite(client, programme).status_code == 302

    assert len(mailoutbox) == 1


# --- Accepting ------------------------------------------------------------------------


def sign_up(client, email, next_url):
    return client.post(
        f"{reverse('account_signup')}?next={next_url}",
        {
            "display_name": "Fatima",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": next_url,
        },
    )


def confirmation_link(mailoutbox):
    [url] = [url for url in links_in(mailoutbox[-1]) if "confirm-email" in url]
    return url.split("testserver", 1)[1]


def test_visitor_sees_the_invitation_and_can_sign_up_with_the_invited_email(client, programme):
    invitation = invitation_for(programme, email="fatima@example.org")

    page = client.get(link(invitation))

    content = page.content.decode()
    assert page.status_code == 200
    assert "Create your account" in content
    assert "I already have an account" in content
    signup = client.get(page.context["signup_url"])
    assert 'value="fatima@example.org"' in signup.content.decode()


def test_new_person_joins_by_signing_up_and_confirming_the_invited_email(
    client, programme, mailoutbox
):
    invitation = invitation_for(programme, email="fatima@example.org", role=Role.RESIDENT)
    client.get(link(invitation))

    response = sign_up(client, "fatima@example.org", link(invitation))
    assert response.status_code == 302
    assert not Membership.objects.exists(), "nobody joins before the address is confirmed"
    confirm = confirmation_link(mailoutbox)
    response = client.post(confirm, follow=True)

    person = EmailAddress.objects.get(email="fatima@example.org").user
    membership = Membership.objects.get()
    assert (membership.user, membership.role, membership.programme_id) == (
        person,
        Role.RESIDENT,
        programme.pk,
    )
    invitation.refresh_from_db()
    assert (invitation.accepted_at, invitation.accepted_by) == (NOW, person)
    assert response.redirect_chain[-1][0] == my_programme(programme)


def test_confirming_the_email_on_another_device_still_joins(client, programme, mailoutbox):
    invitation = invitation_for(programme, email="fatima@example.org")
    client.get(link(invitation))
    sign_up(client, "fatima@example.org", link(invitation))

    Client().post(confirmation_link(mailoutbox))

    assert Membership.objects.get().user.email == "fatima@example.org"
    invitation.refresh_from_db()
    assert invitation.is_used


def test_signing_up_with_another_address_does_not_accept(client, programme, mailoutbox):
    invitation = invitation_for(programme, email="fatima@example.org")
    client.get(link(invitation))

    sign_up(client, "someone.else@example.org", link(invitation))
    response = client.post(confirmation_link(mailoutbox), follow=True)

    assert not Membership.objects.exists()
    assert "sent to fatima@example.org" in response.content.decode()


def test_existing_person_joins_by_signing_in_with_the_invited_email(client, programme):
    person = confirmed(UserFactory(email="fatima@example.org"))
    invitation = invitation_for(programme, email="fatima@example.org", role=Role.STUDENT)
    page = client.get(link(invitation))

    response = client.post(
        page.context["login_url"],
        {"login": "fatima@example.org", "password": PASSWORD},
        follow=True,
    )

    assert Membership.objects.get(user=person).role == Role.STUDENT
    assert response.redirect_chain[-1][0] == my_programme(programme)


def test_signed_in_person_with_the_invited_email_accepts_with_the_button(
    client, programme, coordinator
):
    person = confirmed(UserFactory(email="fatima@example.org"))
    client.force_login(person)
    invitation = invitation_for(programme, email="fatima@example.org", invited_by=coordinator)

    page = client.get(link(invitation))
    assert page.context["situation"] == "invited"
    assert 'type="submit"' in page.content.decode()
    response = client.post(link(invitation))

    assert response.status_code == 302
    assert response["Location"] == my_programme(programme)
    assert Membership.objects.get(user=person).role == Role.RESIDENT
    invitation.refresh_from_db()
    assert invitation.accepted_by == person


def test_signed_in_person_with_another_email_gets_an_explanation(client, programme):
    other = confirmed(UserFactory(email="other@example.org"))
    client.force_login(other)
    invitation = invitation_for(programme, email="fatima@example.org")

    page = client.get(link(invitation))
    response = client.post(link(invitation))

    for answer in (page, response):
        content = answer.content.decode()
        assert answer.status_code == 200
        assert "The invitation was sent to fatima@example.org" in content
        assert "you are signed in as other@example.org" in content
    assert not Membership.objects.exists()
    invitation.refresh_from_db()
    assert not invitation.is_used


def test_expired_link_says_so_with_410(client, programme, coordinator, frozen):
    person = confirmed(UserFactory(email="fatima@example.org"))
    invitation = invitation_for(programme, email="fatima@example.org", invited_by=coordinator)
    frozen.shift(datetime.timedelta(days=14, seconds=1))

    page = client.get(link(invitation))
    client.force_login(person)
    post = client.post(link(invitation))

    for response in (page, post):
        assert response.status_code == 410
        content = response.content.decode()
        assert "This invitation has expired" in content
        assert "coordinator@example.org" in content
    assert not Membership.objects.filter(user=person).exists()


def test_used_link_says_so_and_offers_to_sign_in(client, programme):
    first = confirmed(UserFactory(email="fatima@example.org"))
    invitation = invitation_for(programme, email="fatima@example.org")
    invitations.accept(invitation, first)

    response = client.get(link(invitation))

    assert response.status_code == 410
    assert "This invitation has already been used" in response.content.decode()
    assert reverse("account_login") in response.content.decode()
    client.force_login(confirmed(UserFactory(email="someone@example.org")))
    assert client.post(link(invitation)).status_code == 410
    assert Membership.objects.get().user == first


def test_used_link_takes_the_person_who_used_it_to_their_programme(client, programme):
    person = confirmed(UserFactory(email="fatima@example.org"))
    invitation = invitation_for(programme, email="fatima@example.org")
    invitations.accept(invitation, person)
    client.force_login(person)

    response = client.get(link(invitation))

    assert response.status_code == 302
    assert response["Location"] == my_programme(programme)


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        lambda good: good[:-1] + ("A" if good[-1] != "A" else "B"),
        lambda good: signing.dumps(1, salt="another.salt"),
    ],
)
def test_tampered_link_says_it_is_not_valid_with_400(client, programme, token):
    good = invitations.make_token(invitation_for(programme))
    token = token(good) if callable(token) else token

    response = client.get(reverse("invitations:detail", args=[token]))

    assert response.status_code == 400
    assert "This invitation link is not valid" in response.content.decode()


def test_link_of_a_deleted_invitation_says_it_no_longer_exists(client, programme):
    invitation = invitation_for(programme)
    url = link(invitation)
    invitation.delete()

    response = client.get(url)

    assert response.status_code == 410
    assert "This invitation no longer exists" in response.content.decode()


def test_double_click_on_accept_joins_once(client, programme):
    person = confirmed(UserFactory(email="fatima@example.org"))
    client.force_login(person)
    invitation = invitation_for(programme, email="fatima@example.org")

    first = client.post(link(invitation))
    invitation.refresh_from_db()
    accepted_at = invitation.accepted_at
    second = client.post(link(invitation))

    assert first.status_code == second.status_code == 302
    assert second["Location"] == my_programme(programme)
    assert Membership.objects.filter(user=person).count() == 1
    invitation.refresh_from_db()
    assert invitation.accepted_at == accepted_at


def test_two_simultaneous_accepts_create_one_membership(transactional_db, programme):
    require(connection.vendor == "postgresql", "PostgreSQL is not available")
    person = confirmed(UserFactory(email="fatima@example.org"))
    invitation = invitation_for(programme, email="fatima@example.org")
    start = threading.Barrier(2)
    results = []

    def click():
        start.wait()
        try:
            results.append(invitations.accept(invitation, person))
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == [False, True]
    assert Membership.objects.filter(user=person, programme=programme).count() == 1


def test_member_keeps_their_role_when_an_invitation_is_accepted(programme):
    person = confirmed(UserFactory(email="fatima@example.org"))
    enrol(person, programme, Role.COACH)
    invitation = invitation_for(programme, email="fatima@example.org", role=Role.STUDENT)

    invitations.accept_open_invitations(person, ["fatima@example.org"])

    assert Membership.objects.get(user=person).role == Role.COACH
    invitation.refresh_from_db()
    assert invitation.is_used


def test_signing_in_does_not_accept_expired_invitations(client, programme, frozen):
    person = confirmed(UserFactory(email="fatima@example.org"))
    invitation_for(programme, email="fatima@example.org")
    frozen.shift(datetime.timedelta(days=15))

    client.force_login(person)

    assert not Membership.objects.exists()
