"""Settings for the test suite.

Tests run against PostgreSQL (DATABASE_URL, default the machine's local server) when it
answers; on a machine without it they fall back to SQLite and the tests that need
PostgreSQL skip, except under CI, where conftest turns those skips into failures.
"""

import os
import socket
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


_default_pg = "postgres://postgres@127.0.0.1:5432/test"
if "DATABASE_URL" in os.environ or _reachable("127.0.0.1", 5432) or env.bool("CI", False):
    DATABASES = {"default": env.db("DATABASE_URL", default=_default_pg)}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

# Tests get a clean local cache each; tests that exercise Redis use the redis fixtures.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests read the outbox in memory; a real worker's test writes files it reads back.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=None)
MAILBOX_ENABLED = True
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Unit tests run tasks inline; the celery_worker fixture (tests/celery_worker.py) runs a
# real worker with these settings, eager mode off and its own broker, through the env.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
if not CELERY_BROKER_URL.startswith("filesystem:"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
SECRET_KEY = "test-only-secret"

# Uploaded files of a test run go to a folder of their own, never the demo's var/.
_files = Path(tempfile.mkdtemp(prefix="learninglab-test-files-"))
MEDIA_ROOT = _files / "media"
PRIVATE_ROOT = _files / "private"
STORAGES["default"]["OPTIONS"]["location"] = MEDIA_ROOT  # noqa: F405
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_ROOT  # noqa: F405
# The page cache outlives a test's transaction; tests of other features see fresh
# renderings, and tests/ops/test_pagecache.py switches it on.
PAGE_CACHE_ENABLED = False
