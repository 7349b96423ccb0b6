"""Reminders on a real Celery worker and a Redis server of the test's own: two scans at
once, a worker killed in the middle of a batch, and a broker that restarts and forgets
its queue all end with every reminder sent once (the one in flight at a kill at most
twice, with the same Message-ID). Recovery comes from the database, through the lease
and the next scan, never from Redis redelivering (its visibility timeout is an hour).

The worker writes its emails to files (tests/slow_mail.py); the test counts them by
Message-ID."""

import datetime
import math
import threading
from collections import Counter

import pytest
import redis
from django.db import connection, transaction
from django.utils import timezone

from learninglab.mailbox.store import Mailbox
from prototypes.models import CoachingSession, Reminder, Team
from prototypes.reminders import scan
from prototypes.tasks import send_reminders
from tests.celery_worker import CeleryWorker, wait_for
from tests.factories import UserFactory, make_programme, make_team

pytestmark = [pytest.mark.redis, pytest.mark.postgres]

MEMBERS = 59  # with the coach, 60 reminders: six batches of ten
LEASE = 5  # seconds; far longer than a batch takes, so only a dead worker loses one
TIMEOUT = 90  # a loaded machine starts Django slowly


@pytest.fixture
def outbox(tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


@pytest.fixture
def celery_worker_env(outbox):
    return {
        "EMAIL_BACKEND": "tests.slow_mail.SlowFileBackend",
        "EMAIL_FILE_PATH": str(outbox),
        "EMAIL_SEND_DELAY": "0.1",
        "REMINDER_LEASE_SECONDS": str(LEASE),
        "REMINDER_BATCH_SIZE": "10",
    }


@pytest.fixture
def reminders_due(settings):
    """A session in 23 hours, so its day-before reminders are due now for 60 people."""
    settings.REMINDER_LEASE_SECONDS = LEASE
    settings.REMINDER_BATCH_SIZE = 10
    programme = make_programme(modules=1)
    members = [(UserFactory(), "student") for _ in range(MEMBERS)]
    # A team past the programme: its session is reminded of, and nothing else is due
    # (a team at work gets its weekly overview on Mondays, which would join the ledger).
    team = make_team(programme, members=members, phase=Team.Phase.LAUNCHED)
    return CoachingSession.plan(
        team=team,
        coach=UserFactory(),
        starts_at=timezone.now() + datetime.timedelta(hours=23),
    )


def message_ids(outbox) -> Counter:
    return Counter(str(m.message["Message-ID"]) for m in Mailbox(outbox).messages())


def sent_count() -> int:
    return Reminder.objects.filter(state=Reminder.State.SENT).count()


def scan_until_all_sent(timeout=TIMEOUT):
    """Scan every half second, as beat would every minute, until the ledger shows every
    reminder sent."""

    def all_sent():
        scan()
        return not Reminder.objects.exclude(state=Reminder.State.SENT).exists()

    wait_for(all_sent, timeout=timeout, interval=0.5, what="every reminder to be sent")


def assert_each_sent_once(outbox, allowed_twice=()):
    counts = message_ids(outbox)
    expected = set(Reminder.objects.values_list("message_id", flat=True))
    assert len(expected) == MEMBERS + 1
    assert set(counts) == expected
    twice = {message_id for message_id, count in counts.items() if count > 1}
    assert twice <= set(allowed_twice), f"sent more than once: {twice}"
    assert all(count <= 2 for count in counts.values())


def test_two_scans_at_once_and_two_workers_send_each_reminder_once(
    celery_worker, reminders_due, outbox, tmp_path
):
    second = CeleryWorker(celery_worker.env, tmp_path / "second-worker.log")
    second.start()
    try:
        start = threading.Barrier(2)
        results = []

        def scan_at_once():
            try:
                start.wait(timeout=30)
                results.append(scan())
            finally:
                connection.close()

        threads = [threading.Thread(target=scan_at_once) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=TIMEOUT)
        assert sum(result.handed_out for result in results) == MEMBERS + 1
        # And the same batch sent twice more, as a broker redelivering would.
        ids = list(Reminder.objects.values_list("pk", flat=True))
        send_reminders.delay(ids)
        send_reminders.delay(ids)

        # The scans' batches (how the rows fell between them varies) and the two
        # repeats. A solo worker answers only between tasks: once both have counted
        # them all, all have finished.
        batches = sum(math.ceil(result.handed_out / 10) for result in results) + 2
        wait_for(
            lambda: (
                batches
                == sum(
                    worker.tasks_run().get(send_reminders.name, 0)
                    for worker in (celery_worker, second)
                )
            ),
            timeout=TIMEOUT,
            interval=0.5,
            what="the workers to run every batch",
        )
    finally:
        second.stop()
    assert Reminder.objects.count() == MEMBERS + 1
    assert_each_sent_once(outbox)


def test_a_worker_killed_mid_batch_leaves_nothing_unsent_and_repeats_at_most_one(
    celery_worker, reminders_due, outbox
):
    scan()

    def batch_partly_sent():
        # Three rows still to go are 0.3 s of sending: the kill lands inside the batch.
        claimed = Reminder.objects.filter(state=Reminder.State.CLAIMED).count()
        return sent_count() >= 4 and claimed >= 3

    wait_for(batch_partly_sent, timeout=TIMEOUT, interval=0.02, what="a batch partly sent")
    celery_worker.kill()
    sent_before = sent_count()
    assert sent_before < MEMBERS + 1, "the batch ended before the kill"
    in_flight = set(
        Reminder.objects.filter(state=Reminder.State.CLAIMED).values_list("message_id", flat=True)
    )
    assert in_flight, "the killed worker held no claimed reminder"

    celery_worker.start()
    scan_until_all_sent()

    assert_each_sent_once(outbox, allowed_twice=in_flight)
    repeated = [mid for mid, count in message_ids(outbox).items() if count > 1]
    assert len(repeated) <= 1
    # The claimed rows the killed worker never finished were sent by the next one, after
    # their lease ran out.
    assert Reminder.objects.filter(attempts__gte=2).exists()


def test_redis_restarted_between_scan_and_delivery_loses_nothing(
    celery_worker, redis_server, reminders_due, outbox
):
    celery_worker.stop()  # nothing takes the batches off the queue yet
    assert scan().handed_out == MEMBERS + 1
    queue = redis.Redis(port=redis_server.port)
    assert queue.llen("celery") == 6

    old_pid = redis_server.pid
    redis_server.stop()
    redis_server.start()
    assert redis_server.pid != old_pid
    assert queue.llen("celery") == 0  # the queued batches are gone with it

    celery_worker.start()
    scan_until_all_sent()
    assert_each_sent_once(outbox)


def test_a_rolled_back_scan_enqueues_nothing_and_a_committed_one_each_batch_once(
    celery_worker, redis_server, reminders_due
):
    celery_worker.stop()
    queue = redis.Redis(port=redis_server.port)
    with transaction.atomic():
        scan()
        assert queue.llen("celery") == 0  # nothing leaves before the commit
        transaction.set_rollback(True)
    assert queue.llen("celery") == 0
    assert not Reminder.objects.exists()

    scan()
    assert queue.llen("celery") == 6
