"""The no-server demo: Celery's filesystem transport carries a task from Django to a worker."""

import subprocess
import sys

import pytest

from learninglab.models import BeatRun
from tests.celery_worker import PROJECT_DIR, CeleryWorker, wait_for, worker_environment

ENQUEUE = """
from django.db import transaction
from learninglab.tasks import record_beat
with transaction.atomic():
    record_beat.delay_on_commit()
"""


@pytest.mark.postgres
def test_task_sent_from_django_runs_in_a_worker_through_queue_folders(transactional_db, tmp_path):
    queue_dir = tmp_path / "celery"  # not there yet: the Celery app creates it
    # The demo's settings, without Redis: only the database is the test database.
    env = worker_environment(
        "filesystem://",
        DJANGO_SETTINGS_MODULE="learninglab.settings.dev",
        REDIS_URL="",
        TASK_QUEUE_DIR=str(queue_dir),
    )
    worker = CeleryWorker(env, tmp_path / "celery-worker.log")
    worker.start()
    try:
        assert (queue_dir / "queue").is_dir()
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", ENQUEUE],
            env=env,
            cwd=PROJECT_DIR,
            check=True,
            capture_output=True,
        )
        wait_for(BeatRun.objects.exists, timeout=15, what="the worker to record a beat")
    finally:
        worker.stop()
    assert BeatRun.objects.count() == 1
    assert not list((queue_dir / "queue").iterdir())  # the message was taken off the queue
