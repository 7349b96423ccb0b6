import pytest

from .helpers import verified_user


@pytest.fixture
def english_user(db):
    return verified_user(email="sam@example.org", display_name="Sam", preferred_language="en")


@pytest.fixture
def dutch_user(db):
    return verified_user(email="noor@example.org", display_name="Noor", preferred_language="nl")


@pytest.fixture(autouse=True)
def fresh_cache():
    """allauth keeps rate limits in the cache; each test starts with none used."""
    from django.core.cache import cache

    cache.clear()
