"""The profile page: a person's name and language."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_visitor_is_sent_to_sign_in(client):
    response = client.get("/nl/account/profile/")

    assert response.status_code == 302
    assert response["Location"].startswith("/nl/accounts/login/?next=/nl/account/profile/")


def test_header_links_to_the_profile_when_signed_in(client, dutch_user):
    client.force_login(dutch_user)

    page = client.get("/nl/my-programme/").content.decode()

    assert 'href="/nl/account/profile/"' in page


def test_profile_shows_name_language_and_address(client, dutch_user):
    client.force_login(dutch_user)

    response = client.get("/nl/account/profile/")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Noor"' in page
    assert 'autocomplete="name"' in page
    assert '<option value="nl" selected>Nederlands</option>' in page
    assert '<option value="en">English</option>' in page
    assert "noor@example.org" in page
    assert 'aria-current="page"' in page


def test_saving_a_new_language_shows_the_profile_in_it(client, dutch_user):
    client.force_login(dutch_user)

    response = client.post(
        "/nl/account/profile/", {"display_name": "Noor B.", "preferred_language": "en"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/account/profile/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    dutch_user.refresh_from_db()
    assert (dutch_user.display_name, dutch_user.preferred_language) == ("Noor B.", "en")
    page = client.get(response["Location"]).content.decode()
    assert "Your profile is saved." in page


def test_a_name_is_required_and_the_choice_is_kept(client, dutch_user):
    client.force_login(dutch_user)

    response = client.post("/nl/account/profile/", {"display_name": "", "preferred_language": "en"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_display_name_error"' in page
    assert 'aria-invalid="true"' in page
    assert '<option value="en" selected>' in page
    dutch_user.refresh_from_db()
    assert (dutch_user.display_name, dutch_user.preferred_language) == ("Noor", "nl")


def test_an_unknown_language_is_refused(client, dutch_user):
    client.force_login(dutch_user)

    response = client.post(
        "/nl/account/profile/", {"display_name": "Noor", "preferred_language": "fr"}
    )

    assert response.status_code == 200
    assert 'id="id_preferred_language_error"' in response.content.decode()
    dutch_user.refresh_from_db()
    assert dutch_user.preferred_language == "nl"
