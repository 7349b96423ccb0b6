"""allauth's emails reach each person in their own language, whoever asked for them."""

from urllib.parse import urlsplit

import pytest
from django.core import mail

from .helpers import link_in, sign_in

pytestmark = pytest.mark.django_db


def request_reset(client, email, language):
    return client.post(f"/{language}/accounts/password/reset/", {"email": email})


def test_password_reset_mail_is_in_the_users_language(client, english_user):
    response = request_reset(client, english_user.email, language="nl")

    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [english_user.email]
    assert message.subject == "[Learning Lab] Password Reset Email"
    assert "Hello from Learning Lab!" in message.body
    assert "/en/accounts/password/reset/key/" in link_in(message, "/password/reset/key/")


def test_password_reset_mail_in_dutch_for_a_dutch_user(client, dutch_user):
    request_reset(client, dutch_user.email, language="en")

    (message,) = mail.outbox
    assert message.subject == "[Learning Lab] Nieuw wachtwoord"
    assert "Hallo van Learning Lab!" in message.body
    assert "/nl/accounts/password/reset/key/" in link_in(message, "/password/reset/key/")


def test_sending_a_mail_leaves_the_page_in_its_own_language(client, english_user):
    response = client.post(
        "/nl/accounts/password/reset/", {"email": english_user.email}, follow=True
    )

    assert mail.outbox[0].subject == "[Learning Lab] Password Reset Email"
    assert response.redirect_chain[-1][0] == "/nl/accounts/password/reset/done/"
    assert '<html lang="nl">' in response.content.decode()


def test_reset_link_sets_a_new_password(client, english_user):
    request_reset(client, english_user.email, language="nl")
    key_url = urlsplit(link_in(mail.outbox[0], "/password/reset/key/")).path

    form = client.get(key_url, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0] if form.redirect_chain else key_url
    done = client.post(
        set_url, {"password1": "a-new-long-password", "password2": "a-new-long-password"}
    )

    assert done.status_code == 302
    assert sign_in(client, english_user.email, "a-new-long-password").status_code == 302
    assert int(client.session["_auth_user_id"]) == english_user.pk


def test_reset_for_an_unknown_address_answers_the_same_and_sends_in_the_page_language(client):
    response = request_reset(client, "nobody@example.org", language="en")

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/en/accounts/password/reset/done/"
    (message,) = mail.outbox
    assert message.to == ["nobody@example.org"]
    assert "Unknown Account" in message.subject
