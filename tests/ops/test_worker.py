"""Tasks on a real worker and beat: sent only when the transaction commits, run once."""

from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import transaction

from learninglab.celery import app as celery_app
from learninglab.models import BeatRun
from learninglab.tasks import record_beat
from tests.celery_worker import CeleryProcess, wait_for, worker_environment

pytestmark = [pytest.mark.redis, pytest.mark.postgres]


def queued_messages(redis_server):
    return redis.Redis(port=redis_server.port).llen("celery")


def test_task_enqueued_on_commit_runs_once_in_the_worker(celery_worker, redis_server):
    with transaction.atomic():
        record_beat.delay_on_commit()
        assert queued_messages(redis_server) == 0  # nothing is sent before the commit

    wait_for(BeatRun.objects.exists, what="the worker to record a beat")
    assert celery_worker.tasks_run() == {record_beat.name: 1}
    assert BeatRun.objects.count() == 1


def test_task_enqueued_in_a_rolled_back_transaction_never_runs(celery_worker, redis_server):
    with transaction.atomic():
        record_beat.delay_on_commit()
        transaction.set_rollback(True)
    assert queued_messages(redis_server) == 0
    # The solo worker runs tasks in the order they were sent: once this one has run,
    # a task sent by the rolled-back transaction would have run before it.
    record_beat.delay()

    wait_for(BeatRun.objects.exists, what="the worker to record a beat")
    assert celery_worker.tasks_run() == {record_beat.name: 1}
    assert BeatRun.objects.count() == 1


def test_beat_records_its_heartbeats_through_the_worker(celery_worker, redis_server, tmp_path):
    env = worker_environment(redis_server.url, BEAT_HEARTBEAT_INTERVAL="1")
    schedule = tmp_path / "celerybeat-schedule"
    beat = CeleryProcess(
        ["beat", "--loglevel=INFO", f"--schedule={schedule}"], env, tmp_path / "beat.log"
    )
    beat.start()
    try:
        # Two beats, so it is the schedule that runs, not a single send at start.
        wait_for(lambda: BeatRun.objects.count() >= 2, timeout=30, what="two heartbeats")
    finally:
        beat.stop()


def test_beat_keeps_its_schedule_under_var():
    assert Path(celery_app.conf.beat_schedule_filename).parent == settings.VAR_DIR


def test_worker_killed_and_started_again_runs_the_next_task(celery_worker):
    crashed_pid = celery_worker.pid
    celery_worker.kill()
    assert not celery_worker.running

    celery_worker.start()
    record_beat.delay()

    assert celery_worker.pid != crashed_pid
    wait_for(BeatRun.objects.exists, what="the restarted worker to record a beat")
