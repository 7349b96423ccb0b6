"""`make demo` runs on SQLite with the development settings, where the test suite does
not (it runs on PostgreSQL). This builds the demo there, in a process of its own, and
opens the pages whose queries differ between the two databases."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

VISIT = """
from django.contrib.auth import get_user_model
from django.test import Client
from prototypes.models import Reminder, Team

team = Team.objects.get(name="Moederscafé De Verbinding")
client = Client()
client.force_login(get_user_model().objects.get(email="resident@example.org"))
for path in [f"/nl/teams/{team.pk}/", f"/nl/teams/{team.pk}/sessions/", "/nl/notifications/"]:
    print(path, client.get(path).status_code)
# The README links the running programme's cohort overview by its page id.
coordinator = Client()
coordinator.force_login(get_user_model().objects.get(email="coordinator@example.org"))
print("/nl/programmes/11/cohort/", coordinator.get("/nl/programmes/11/cohort/").status_code)
# Rows for someone's digest (the weekly overview, on Mondays) wait for beat's digest job.
states = set(Reminder.objects.values_list("state", flat=True)) - {Reminder.State.DIGEST}
print("reminders", sorted(states))
# The network's site, and its search on SQLite's fallback of the database backend.
visitor = Client()
for path in [
    "/nl/nieuws/",
    "/en/partners/",
    "/nl/financiering/",
    "/nl/bibliotheek/",
    # The demo's earlier run and its brochure.
    "/nl/programmas/sociaal-ondernemen-overvecht-eerste-ronde/",
    "/en/programmes/social-enterprise-overvecht-first-round/brochure/",
]:
    print(path, visitor.get(path).status_code)
found = visitor.get("/nl/search/", {"q": "koffiebar"})
print("search", found.status_code, "Koffiebar wordt leerwerkplek" in found.content.decode())
"""


def test_the_demo_builds_and_its_team_pages_open_on_sqlite(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "learninglab.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "ALLOWED_HOSTS": "testserver",
        "EMAIL_FILE_PATH": str(tmp_path / "mailbox"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_ROOT": str(tmp_path / "private"),
        "CELERY_BROKER_URL": "memory://",
    }

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    manage("migrate", "--noinput")
    manage("createcachetable")
    manage("demo_data")
    output = manage("shell", "-c", VISIT)

    assert "/sessions/ 200" in output, output
    assert output.count(" 200") == 11, output
    assert "search 200 True" in output, output
    # Every reminder the build sent is marked sent, none left claimed to go again.
    assert "reminders ['sent']" in output, output
