"""Fixtures of the team-work tests."""

import pytest
import time_machine


@pytest.fixture
def run_scan(django_capture_on_commit_callbacks):
    """Scan for reminders at `moment`, and run the send tasks it enqueued as a worker
    would (tasks run inline in tests)."""
    from prototypes.reminders import scan

    def run(moment):
        with (
            time_machine.travel(moment, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return scan()

    return run
