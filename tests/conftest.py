"""Fixtures shared by the whole suite: services, personas and the browser.

A test that needs PostgreSQL, Redis, Chromium or a system library asks for it through
`require()`: on a laptop without it the test skips and says why; under CI (CI=true)
it fails instead, so a missing service can never pass unnoticed.
"""

import os
import shutil
import socket

import pytest
from django.db import connection

# A real Celery worker and a private Redis server: redis_server, celery_worker.
pytest_plugins = ["tests.celery_worker"]

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def require(available: bool, reason: str):
    if available:
        return
    if CI:
        pytest.fail(f"{reason} (required under CI)")
    pytest.skip(reason)


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the default language: a request's LocaleMiddleware leaves
    the language it activated on the thread, which would leak into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def postgres(db):
    """Marks a test that must run on PostgreSQL (triggers, full-text search, locks)."""
    require(connection.vendor == "postgresql", "PostgreSQL is not available")


@pytest.fixture
def redis_url():
    """The machine's Redis server, for tests of code that talks to Redis."""
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    host, _, port = url.split("//", 1)[1].split("/")[0].rpartition(":")
    require(port_open(host or "127.0.0.1", int(port or 6379)), f"Redis is not reachable at {url}")
    return url


@pytest.fixture
def redis_cache(redis_url, settings):
    """Switch Django's cache to Redis, under a key prefix of this test alone.

    Django resets its cache handler when the CACHES setting changes.
    """
    import uuid

    from django.core.cache import cache

    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": prefix,
        }
    }
    yield cache
    import redis

    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)


@pytest.fixture
def english_interface(client):
    """The English interface, for tests whose assertions read interface text."""
    from django.conf import settings
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def chromium_path():
    require(
        shutil.which(CHROMIUM) is not None or os.path.exists(CHROMIUM),
        f"Chromium is not installed at {CHROMIUM}",
    )
    return CHROMIUM


def pytest_collection_modifyitems(items):
    """Transactional tests (live server, real Celery worker) empty every table when
    they end. pytest-django runs them after the other database tests; with a serialized
    rollback each of them starts from what migrations created (home page, site,
    locales) instead of the empty tables the previous one left."""
    from pytest_django.fixtures import validate_django_db

    for item in items:
        names = getattr(item, "fixturenames", [])
        if ("transactional_db" in names or "live_server" in names) and (
            "django_db_serialized_rollback" not in names
        ):
            names.append("django_db_serialized_rollback")
        # `django_db(transaction=True)` asks for its database through the marker, which
        # pytest-django reads instead of the fixture names: give it a marker that asks
        # for the restore too, put first so it is the one pytest-django finds.
        marker = item.get_closest_marker("django_db")
        if marker is not None:
            transaction, reset_sequences, databases, serialized, available_apps = (
                validate_django_db(marker)
            )
            if (transaction or reset_sequences) and not serialized:
                item.add_marker(
                    pytest.mark.django_db(
                        transaction=transaction,
                        reset_sequences=reset_sequences,
                        databases=databases,
                        serialized_rollback=True,
                        available_apps=available_apps,
                    ),
                    append=False,
                )
