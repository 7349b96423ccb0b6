"""Guessing passwords is throttled on the real cache, for the site and the admin alike."""

import pytest
import redis
from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation

from tests.factories import PASSWORD

from .helpers import sign_in

pytestmark = pytest.mark.django_db

# settings.ACCOUNT_RATE_LIMITS["login_failed"] allows 5 failures per address in 5 minutes.
FAILURES_ALLOWED = 5


def throttled(response):
    """Whether allauth refused the sign-in for too many failures, in the page's language."""
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        message = str(DefaultAccountAdapter.error_messages["too_many_login_attempts"])
    return response.status_code == 200 and message in response.content.decode()


def fail_to_sign_in(client, email, times, path="/en/accounts/login/"):
    for _ in range(times):
        response = client.post(path, {"login": email, "password": "a-wrong-guess"})
        assert response.status_code == 200
        assert not throttled(response)


def test_repeated_failures_for_one_address_are_throttled(
    client, redis_cache, redis_url, english_user
):
    fail_to_sign_in(client, english_user.email, FAILURES_ALLOWED)

    # Even the right password is refused while the address is throttled.
    response = sign_in(client, english_user.email, language="en")

    assert throttled(response)
    assert "_auth_user_id" not in client.session
    # The counters live in Redis, where every web process sees them.
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    assert list(redis.Redis.from_url(redis_url).scan_iter(f"{prefix}:*"))


def test_throttling_one_address_leaves_another_alone(client, redis_cache, english_user, dutch_user):
    fail_to_sign_in(client, english_user.email, FAILURES_ALLOWED)

    response = sign_in(client, dutch_user.email, language="nl")

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == dutch_user.pk


def test_too_many_sign_in_requests_from_one_address_get_429(client, redis_cache, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    for n in range(3):
        client.post("/en/accounts/login/", {"login": f"p{n}@example.org", "password": "x"})

    response = client.post("/en/accounts/login/", {"login": "p9@example.org", "password": "x"})

    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many attempts" in page
    assert 'class="site-header"' in page


@pytest.mark.parametrize(
    ("admin_path", "next_path"),
    [("/admin/", "/admin/"), ("/admin/login/?next=/admin/pages/", "/admin/pages/")],
)
def test_admin_sign_in_is_the_same_throttled_login(
    client, redis_cache, english_user, admin_path, next_path
):
    english_user.is_superuser = True
    english_user.save()

    response = client.get(admin_path, follow=True)
    login_url = response.redirect_chain[-1][0]
    assert login_url == f"/nl/accounts/login/?next={next_path}"

    fail_to_sign_in(client, english_user.email, FAILURES_ALLOWED, path=login_url)
    refused = client.post(login_url, {"login": english_user.email, "password": PASSWORD})
    assert throttled(refused)

    # One counter per address: the site's own login page refuses it too.
    site = sign_in(client, english_user.email, language="en")
    assert throttled(site)
    assert "_auth_user_id" not in client.session


def test_admin_sign_in_returns_to_the_admin(client, redis_cache, english_user):
    english_user.is_superuser = True
    english_user.save()

    response = sign_in(client, english_user.email, language="nl", next="/admin/")

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
