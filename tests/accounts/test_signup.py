"""Signing up: a name, an address that must be confirmed, and the language of the page."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests.factories import PASSWORD

from .helpers import link_in, sign_in, verified_user

pytestmark = pytest.mark.django_db

User = get_user_model()


def sign_up(client, language="nl", **overrides):
    data = {
        "display_name": "Ayla",
        "email": "ayla@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **overrides,
    }
    return client.post(f"/{language}/accounts/signup/", data)


def test_sign_up_needs_the_address_confirmed_before_signing_in(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/nl/accounts/confirm-email/"
    user = User.objects.get(email="ayla@example.org")
    assert user.display_name == "Ayla"
    assert "_auth_user_id" not in client.session

    client.logout()
    refused = sign_in(client, "ayla@example.org")
    assert urlsplit(refused["Location"]).path == "/nl/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session

    confirm_url = urlsplit(link_in(mail.outbox[0], "/confirm-email/")).path
    assert client.post(confirm_url).status_code == 302

    signed_in = sign_in(client, "ayla@example.org")
    assert signed_in.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_new_account_speaks_the_language_it_signed_up_in(client):
    sign_up(client, language="en")

    user = User.objects.get(email="ayla@example.org")
    assert user.preferred_language == "en"
    (message,) = mail.outbox
    assert message.subject == "[Learning Lab] Please Confirm Your Email Address"
    assert "/en/accounts/confirm-email/" in link_in(message, "/confirm-email/")
    assert "Hello from Learning Lab!" in message.body


def test_dutch_sign_up_gets_a_dutch_confirmation(client):
    sign_up(client, language="nl")

    assert User.objects.get(email="ayla@example.org").preferred_language == "nl"
    assert mail.outbox[0].subject == "[Learning Lab] Bevestig je e-mailadres"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password2": "another-long-password"}, "password2", "You must type the same password"),
        ({"display_name": ""}, "display_name", "This field is required."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"password1": "short", "password2": "short"}, "password1", "too short"),
    ],
)
def test_bad_sign_up_explains_itself_and_keeps_what_was_typed(client, overrides, field, message):
    response = sign_up(client, language="en", **overrides)

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    # The message is next to its field and announced with it.
    assert f'id="id_{field}_error"' in page
    (field_tag,) = re.findall(rf'<input[^>]*name="{field}"[^>]*>', page)
    assert re.search(rf'aria-describedby="[^"]*id_{field}_error', field_tag)
    assert 'aria-invalid="true"' in field_tag
    assert 'role="alert"' in page
    email = overrides.get("email", "ayla@example.org")
    assert f'value="{email}"' in page
    if overrides.get("display_name", "Ayla"):
        assert 'value="Ayla"' in page
    assert not User.objects.exists()
    assert mail.outbox == []


def test_taken_address_creates_no_second_account_and_tells_its_owner(client):
    owner = verified_user(email="ayla@example.org", display_name="Ayla", preferred_language="nl")

    response = sign_up(client, language="en", display_name="Someone else")

    # The page does not reveal who has an account; the owner's inbox does.
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/en/accounts/confirm-email/"
    assert list(User.objects.all()) == [owner]
    (message,) = mail.outbox
    assert message.to == ["ayla@example.org"]
    assert message.subject == "[Learning Lab] Account bestaat al"
    assert "/nl/accounts/password/reset/" in message.body

    page = client.get(response["Location"]).content.decode()
    assert "Already have an account with this address?" in page
