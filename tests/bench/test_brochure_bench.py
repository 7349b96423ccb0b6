"""The brochure benchmark runs end to end at smoke size, as CI runs it: it builds a
programme of three teams and makes its PDF in a fresh process. Timings are not judged."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import port_open, require

REPO = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.postgres]


def test_smoke_brochure_benchmark_makes_the_pdf(tmp_path):
    require(port_open("127.0.0.1", 5432), "PostgreSQL is not reachable at 127.0.0.1:5432")
    output = tmp_path / "brochure.json"

    completed = subprocess.run(
        [sys.executable, "bench/brochure.py", "--smoke", "--output", str(output)],
        cwd=REPO,
        env={key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"},
        capture_output=True,
        text=True,
        timeout=900,
    )

    assert completed.returncode == 0, completed.stdout + completed.stderr
    summary = json.loads(output.read_text())
    assert summary["teams"] == 3 and summary["settings"] == {"smoke": True}
    [run] = summary["rounds"]
    assert run["seconds"] > 0 and run["pages"] >= 5
    assert run["peak_mib"] >= run["ready_mib"] > 0
    assert "Brochure PDF of 3 team showcases" in completed.stdout
