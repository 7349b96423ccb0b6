"""Helpers for the account tests: people as allauth knows them, links in emails."""

import re

from allauth.account.models import EmailAddress

from tests.factories import PASSWORD, UserFactory


def link_in(message, fragment):
    """The first link in an email's text that contains `fragment`."""
    match = re.search(rf"https?://\S*{re.escape(fragment)}\S*", message.body)
    assert match, f"no link with {fragment!r} in:\n{message.body}"
    return match.group(0)


def verified_user(**fields):
    """A person who signed up and confirmed their address, as allauth records it."""
    user = UserFactory(**fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def sign_in(client, email, password=PASSWORD, language="nl", **data):
    return client.post(
        f"/{language}/accounts/login/", {"login": email, "password": password, **data}
    )
