"""The reminder benchmark runs end to end at smoke size, as CI runs it: one real worker
on a Redis server of its own sends every reminder. Timings are not judged."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import port_open, require

REPO = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def test_smoke_reminder_benchmark_sends_every_reminder_through_one_worker(tmp_path):
    require(shutil.which("redis-server") is not None, "redis-server is not installed")
    require(port_open("127.0.0.1", 5432), "PostgreSQL is not reachable at 127.0.0.1:5432")
    output = tmp_path / "reminders.json"

    completed = subprocess.run(
        [sys.executable, "bench/reminders.py", "--smoke", "--output", str(output)],
        cwd=REPO,
        env={key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"},
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert completed.returncode == 0, completed.stdout + completed.stderr
    summary = json.loads(output.read_text())
    [run] = summary["runs"]
    assert run["count"] == 200
    # On Mondays to Thursdays the scan also records each person's weekly overview,
    # which waits for their digest; what it hands to the worker is the 200 reminders.
    assert run["sent"] == run["handed_out"] == 200
    assert run["recorded"] in (200, 400)
    assert run["dropped"] == 0
    assert run["reminders_per_second"] > 0
    assert run["reminders_per_worker_cpu_second"] > 0
    assert run["worker_peak_mib"] >= run["worker_baseline_mib"] > 0
    assert summary["settings"] == {"smoke": True, "pool": "prefork", "concurrency": 1}
    assert "per second" in completed.stdout
