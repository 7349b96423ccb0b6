"""The benchmark runs end to end at smoke size, as CI runs it; timings are not judged."""

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


def test_smoke_benchmark_loads_all_three_urls_through_gunicorn(tmp_path):
    require(shutil.which("wrk") is not None, "wrk is not installed (apt-get install wrk)")
    require(port_open("127.0.0.1", 5432), "PostgreSQL is not reachable at 127.0.0.1:5432")
    require(port_open("127.0.0.1", 6379), "Redis is not reachable at 127.0.0.1:6379")
    output = tmp_path / "smoke.json"

    completed = subprocess.run(
        [sys.executable, "bench/run.py", "--smoke", "--output", str(output)],
        cwd=REPO,
        env={key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"},
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert completed.returncode == 0, completed.stdout + completed.stderr
    results = {result["name"]: result for result in json.loads(output.read_text())["results"]}
    assert set(results) == {"bare", "module", "my_programme"}
    assert all(result["requests_per_second"] > 0 for result in results.values())
    assert results["module"]["url"].startswith("/nl/")
    assert "/nl/bench/bare/?bytes=" in results["bare"]["url"]
