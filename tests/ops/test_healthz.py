"""/healthz: one check per part, 503 and a JSON answer, quickly, when any part is down."""

import datetime
import re
import signal
import socket
import time
import uuid
from contextlib import contextmanager

import pytest
import time_machine
from django.db import connection

from learninglab.models import BeatRun
from tests.celery_worker import celery_app_using, free_port

URL = "/healthz"
NOW = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)
# A part that is down must not make the check wait for long.
QUICKLY = 5


@pytest.fixture
def redis_broker(redis_server):
    """The Celery app sends to the session's own Redis for this test."""
    redis_server.start()
    with celery_app_using(redis_server.url):
        yield redis_server


@pytest.fixture
def redis_cache(redis_server, settings):
    """Django's cache on the session's own Redis, under a prefix of this test alone."""
    redis_server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }


@contextmanager
def interrupted_after(seconds):
    """Interrupt a request that would hang, so a hanging check fails the test instead."""

    def interrupt(signum, frame):
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def get_health(client):
    started = time.monotonic()
    response = client.get(URL)
    elapsed = time.monotonic() - started
    assert response["Content-Type"] == "application/json"
    return response, response.json(), elapsed


def assert_reports_only_a_class_name(check):
    assert set(check) == {"ok", "error"}
    assert check["ok"] is False
    assert re.fullmatch(r"[A-Za-z_]\w*", check["error"])


@pytest.mark.redis
def test_everything_up_is_200_ok(client, db, redis_broker, redis_cache, django_assert_num_queries):
    with time_machine.travel(NOW, tick=False):
        BeatRun.record()
        with django_assert_num_queries(2):  # SELECT 1, and the last beat
            response, body, _ = get_health(client)

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert body == {
        "status": "ok",
        "checks": {
            "database": {"ok": True},
            "cache": {"ok": True},
            "broker": {"ok": True},
            "beat": {"ok": True, "last_run": NOW.isoformat()},
        },
    }


def test_beat_that_never_ran_is_down(client, db):
    response, body, _ = get_health(client)

    assert response.status_code == 503
    assert body["status"] == "down"
    assert body["checks"]["beat"] == {"ok": False, "last_run": None}
    assert body["checks"]["database"] == {"ok": True}


def test_beat_is_down_after_three_missed_beats(client, db, settings):
    settings.BEAT_HEARTBEAT_INTERVAL = 60
    with time_machine.travel(NOW, tick=False) as traveller:
        BeatRun.record()

        traveller.move_to(NOW + datetime.timedelta(minutes=3) - datetime.timedelta(seconds=1))
        fresh, _, _ = get_health(client)
        traveller.move_to(NOW + datetime.timedelta(minutes=3))
        stale, stale_body, _ = get_health(client)

    assert fresh.status_code == 200
    assert stale.status_code == 503
    assert stale_body["status"] == "down"
    assert stale_body["checks"]["beat"] == {"ok": False, "last_run": NOW.isoformat()}


@pytest.mark.redis
def test_stopped_broker_is_down_quickly(client, db, redis_broker):
    BeatRun.record()
    redis_broker.stop()
    try:
        response, body, elapsed = get_health(client)
    finally:
        redis_broker.start()

    assert response.status_code == 503
    assert body["status"] == "down"
    assert_reports_only_a_class_name(body["checks"]["broker"])
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["beat"]["ok"] is True
    assert elapsed < QUICKLY
    assert str(redis_broker.port) not in response.content.decode()


def test_broker_that_never_answers_is_down_quickly(client, db):
    BeatRun.record()
    # Accepts connections (the kernel does, for the backlog) and never says a word.
    with socket.create_server(("127.0.0.1", 0)) as silent:
        url = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
        with celery_app_using(url), interrupted_after(QUICKLY * 2):
            response, body, elapsed = get_health(client)

    assert response.status_code == 503
    assert_reports_only_a_class_name(body["checks"]["broker"])
    assert elapsed < QUICKLY


def test_filesystem_broker_without_its_queue_folder_is_down(client, db, tmp_path):
    BeatRun.record()
    folder = str(tmp_path / "missing")
    options = {"data_folder_in": folder, "data_folder_out": folder}
    with celery_app_using("filesystem://", options):
        response, body, _ = get_health(client)
        (tmp_path / "missing").mkdir()
        recovered, _, _ = get_health(client)

    assert response.status_code == 503
    assert body["checks"]["broker"] == {"ok": False}
    assert recovered.status_code == 200


@pytest.mark.postgres
def test_unreachable_database_is_down_quickly(client, transactional_db, postgres):
    BeatRun.record()
    closed_port = free_port()
    saved_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = closed_port
    try:
        response, body, elapsed = get_health(client)
    finally:
        connection.close()
        connection.settings_dict["PORT"] = saved_port

    assert response.status_code == 503
    assert body["status"] == "down"
    assert_reports_only_a_class_name(body["checks"]["database"])
    assert body["checks"]["cache"] == {"ok": True}
    assert body["checks"]["broker"] == {"ok": True}
    assert elapsed < QUICKLY
    assert str(closed_port) not in response.content.decode()
    assert "refused" not in response.content.decode().lower()
