"""A person's language: stored on the account, chosen by the URL prefix, kept by a cookie."""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from wagtail.models import Locale

from tests.factories import UserFactory, make_programme

from .helpers import sign_in

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


def switch(client, code, target):
    return client.get(f"/language/{code}/?{urlencode({'next': target})}")


def test_sign_in_goes_to_the_stored_language(client, english_user):
    response = sign_in(client, english_user.email, language="nl")

    assert response.status_code == 302
    assert response["Location"] == "/en/my-programme/"
    assert response.cookies[COOKIE].value == "en"


def test_sign_in_translates_the_page_asked_for(client, english_user):
    response = sign_in(client, english_user.email, language="nl", next="/nl/my-programme/")

    assert response["Location"] == "/en/my-programme/"


def test_sign_in_keeps_a_page_already_in_the_stored_language(client, dutch_user):
    response = sign_in(client, dutch_user.email, language="en", next="/nl/my-programme/?week=2")

    assert response["Location"] == "/nl/my-programme/?week=2"
    assert response.cookies[COOKIE].value == "nl"


def test_sign_in_refuses_a_next_on_another_site(client, english_user):
    response = sign_in(client, english_user.email, next="https://evil.example/steal")

    assert response["Location"] == "/en/my-programme/"


def test_switch_stores_the_language_of_a_signed_in_person(client, dutch_user):
    client.force_login(dutch_user)

    response = switch(client, "en", "/nl/my-programme/")

    assert response.status_code == 302
    assert response["Location"] == "/en/my-programme/"
    assert response.cookies[COOKIE].value == "en"
    dutch_user.refresh_from_db()
    assert dutch_user.preferred_language == "en"


def test_switch_only_sets_a_cookie_for_a_visitor(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = switch(client, "en", "/nl/my-programme/")

    assert response["Location"] == "/en/my-programme/"
    assert response.cookies[COOKIE].value == "en"
    assert response.cookies[COOKIE]["max-age"] == 365 * 24 * 3600
    assert response.cookies[COOKIE]["samesite"] == "Lax"


def test_switch_leaves_other_people_alone(client, dutch_user):
    other = UserFactory(preferred_language="nl")
    client.force_login(dutch_user)

    switch(client, "en", "/nl/")

    other.refresh_from_db()
    assert other.preferred_language == "nl"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "http://testserver.evil.example/",
        "javascript:alert(1)",
    ],
)
def test_switch_refuses_an_open_redirect(client, target):
    response = switch(client, "en", target)

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_switch_to_an_unknown_language_is_not_found(client):
    response = client.get("/language/fr/?next=/nl/", follow=True)

    assert response.status_code == 404
    assert COOKIE not in response.cookies


def test_switch_finds_the_translated_page_under_its_own_slug(client):
    programme = make_programme(title="Overvecht, voorjaar 2027")
    english = Locale.objects.get(language_code="en")
    translation = programme.copy_for_translation(english, copy_parents=True)
    translation.title = "Overvecht, spring 2027"
    translation.slug = "overvecht-spring-2027"
    translation.save_revision().publish()
    for ancestor in translation.get_ancestors().filter(depth__gt=1, live=False):
        ancestor.specific.save_revision().publish()

    response = switch(client, "en", programme.get_url())

    assert programme.get_url().startswith("/nl/")
    assert response["Location"] == "/en/programmas/overvecht-spring-2027/"
