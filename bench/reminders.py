"""How fast one Celery worker sends reminders, and how much memory it needs for it.

For each count N (`--counts 1000,10000`), on a fresh copy of a migrated database:

1. builds one programme with N people in teams of ten (nine members and their coach),
   each team with a coaching session starting in 23 hours, so that the day-before
   "session coming" reminder is due for each of the N people;
2. starts ONE real worker (`celery worker --pool=prefork --concurrency=1`, as
   production runs it; `--pool=solo` to compare) on a Redis server the benchmark
   starts itself on a free port, with production settings and an email backend that
   builds each message as SMTP would and drops it (bench/mail.py);
3. runs the scan (prototypes.reminders.scan) in this process, as beat would, and polls
   the ledger until every reminder is sent, while it samples the resident memory of
   the worker's processes.

It reports reminders a second (from the start of the scan until the ledger shows all
of them sent; the scan's own share is shown too) and the worker's peak memory, against
the goals: at least 500 a second, and memory flat from the smallest count to the
largest. The JSON goes to var/bench/reminders.json. `--smoke` (what CI runs) sends 200
and checks only that all of them end sent.

    python bench/reminders.py                  # 1,000 then 10,000
    python bench/reminders.py --count 10000    # one size
    python bench/reminders.py --smoke          # a quick check
"""

import argparse
import datetime
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ll_bench_reminders"
DEFAULT_OUTPUT = REPO / "var" / "bench" / "reminders.json"
SECRET_KEY = "bench-only-secret-key-not-for-any-real-site-0123456789abcdef"
HOST = "127.0.0.1"
TEAM_SIZE = 10  # nine members and their coach
GOAL_PER_SECOND = 500
# Peak memory at the largest count may exceed the smallest's by this much and still be
# called flat: a worker's memory moves a few MiB from run to run on its own.
FLAT_MARGIN = 1.10
START_TIMEOUT = 90  # seconds for Redis or the worker to be ready on a loaded machine


class BenchError(Exception):
    pass


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sizes = parser.add_mutually_exclusive_group()
    sizes.add_argument("--counts", default="1000,10000", help="comma-separated sizes")
    sizes.add_argument("--count", type=int, help="one size")
    sizes.add_argument("--smoke", action="store_true", help="200 reminders, no judging")
    parser.add_argument("--pool", choices=["prefork", "solo"], default="prefork")
    parser.add_argument(
        "--batch-size", type=int, help="REMINDER_BATCH_SIZE (default: the setting's)"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_REMINDERS_DATABASE_URL", DEFAULT_DATABASE_URL),
        help="the database to drop and create (its name must contain 'bench')",
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--check-goals", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args(argv)
    if args.smoke:
        args.counts = [200]
    elif args.count:
        args.counts = [args.count]
    else:
        args.counts = [int(count) for count in args.counts.split(",")]
    if any(count < 1 for count in args.counts):
        parser.error("counts must be at least 1")
    return args


# --- PostgreSQL and Redis --------------------------------------------------------------


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def create_database(url: str, template: str | None = None) -> None:
    """Drop and create the database of `url` (its name must say it is a benchmark's)."""
    import psycopg
    from psycopg import sql

    name = database_name(url)
    if "bench" not in name:
        raise BenchError(f"Refusing to drop {name!r}: its name must contain 'bench'.")
    create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        create += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
    try:
        with psycopg.connect(
            with_database(url, "postgres"), autocommit=True, connect_timeout=5
        ) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            connection.execute(create)
    except psycopg.OperationalError as error:
        raise BenchError(f"PostgreSQL: {error}") from error


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_until(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise BenchError(f"Timed out after {seconds} s waiting for {what}.")
        time.sleep(0.1)


class PrivateRedis:
    """A redis-server of the benchmark's own on a free port: never the machine's shared
    one. No snapshots, no append-only file; its folder is removed at the end."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://{HOST}:{self.port}/0"
        self.process = None

    def ping(self) -> bool:
        import redis

        try:
            return redis.Redis(host=HOST, port=self.port, socket_connect_timeout=0.5).ping()
        except redis.RedisError:
            return False

    def start(self):
        options = ["--port", str(self.port), "--bind", HOST, "--save", "", "--appendonly", "no"]
        options += ["--dir", str(self.folder), "--logfile", str(self.folder / "redis.log")]
        try:
            self.process = subprocess.Popen(["redis-server", *options], stdout=subprocess.DEVNULL)
        except FileNotFoundError as error:
            raise BenchError(
                "redis-server is not installed (apt-get install redis-server)."
            ) from error
        wait_until(
            lambda: self.ping() or self.process.poll() is not None,
            START_TIMEOUT,
            "redis-server to answer",
        )
        if self.process.poll() is not None:
            raise BenchError(f"redis-server exited: {(self.folder / 'redis.log').read_text()}")

    def stop(self):
        if self.process is not None:
            stop_process(self.process)


def stop_process(process: subprocess.Popen, group: bool = False) -> None:
    """SIGTERM (to its process group when it has one), then SIGKILL after 15 s."""
    if process.poll() is not None:
        return

    def send(sig):
        if group:
            os.killpg(process.pid, sig)
        else:
            process.send_signal(sig)

    send(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        send(signal.SIGKILL)
        process.wait()


# --- The worker and its memory --------------------------------------------------------


def environment(args, database_url: str, broker_url: str) -> dict:
    """Production's settings (bench/settings.py) on the benchmark's database and Redis."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "60",
        "REDIS_URL": broker_url,
        "CELERY_BROKER_URL": broker_url,
        "EMAIL_BACKEND": "bench.mail.DiscardingBackend",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "STATIC_ROOT": str(REPO / "var" / "bench" / "static"),
        "DEBUG": "false",
    }
    if args.batch_size:
        env["REMINDER_BATCH_SIZE"] = str(args.batch_size)
    return env


class Worker:
    """One `celery worker` with concurrency 1, in a process group of its own."""

    def __init__(self, env, pool: str, log_path: Path):
        self.env = env
        self.pool = pool
        self.log_path = log_path
        self.hostname = f"bench-{uuid.uuid4().hex[:8]}@{socket.gethostname()}"
        self.process = None

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""

    def start(self):
        command = [sys.executable, "-m", "celery", "-A", "learninglab", "worker"]
        command += [f"--pool={self.pool}", "--concurrency=1", "--loglevel=INFO"]
        command += [f"--hostname={self.hostname}"]
        # Gossip, mingle and heartbeats talk to other workers; there are none.
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                command,
                cwd=REPO,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until(
            lambda: f"{self.hostname} ready." in self.log() or self.process.poll() is not None,
            START_TIMEOUT,
            "the worker to be ready",
        )
        self.check_alive()

    def check_alive(self):
        if self.process.poll() is not None:
            raise BenchError(f"The worker exited with {self.process.returncode}:\n{self.log()}")

    def stop(self):
        if self.process is not None:
            stop_process(self.process, group=True)


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants, from /proc (Linux)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo.extend(int(child) for child in children.read().split())
        except OSError:
            continue  # it has just exited
    return found


def status_kib(pid: int, field: str) -> int:
    """A size from /proc/<pid>/status, in KiB (0 once the process is gone)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_cpu_seconds(pid: int) -> float:
    """CPU time (user and system) the live processes of the tree have used so far."""
    ticks = 0
    for process in process_tree(pid):
        try:
            with open(f"/proc/{process}/stat") as stat:
                # Fields after the command name, which may hold spaces: utime is the 12th.
                fields = stat.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


def tree_rss_kib(pid: int) -> int:
    return sum(status_kib(process, "VmRSS") for process in process_tree(pid))


class MemorySampler(threading.Thread):
    """Samples the resident memory of a process tree every 20 ms; keeps the peak."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kib = 0
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            self.peak_kib = max(self.peak_kib, tree_rss_kib(self.pid))
            self.stopping.wait(0.02)

    def stop(self) -> int:
        self.stopping.set()
        self.join()
        # Each process's own high-water mark catches a peak between two samples.
        return max(
            self.peak_kib, sum(status_kib(process, "VmHWM") for process in process_tree(self.pid))
        )


# --- One run --------------------------------------------------------------------------


def setup_django(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def build_people(count: int, now) -> dict:
    """One programme, `count` people in teams of TEAM_SIZE (the last may be smaller),
    each team with its coach and a session in 23 hours that everyone is invited to.
    Bulk inserts: a few seconds for 10,000."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Locale

    from courses.models import Membership, ProgrammeIndexPage, ProgrammePage, Role
    from prototypes.models import CoachingSession, SessionParticipant, Team, TeamMember

    User = get_user_model()
    run = uuid.uuid4().hex[:6]
    index = ProgrammeIndexPage.objects.get(locale=Locale.get_default())
    programme = ProgrammePage(
        title=f"Reminder benchmark {run}",
        slug=f"reminders-{run}",
        summary="Teams with a coaching session tomorrow.",
        start_date=now.date() - datetime.timedelta(weeks=2),
        weeks=12,
        enrolment_open=False,
    )
    index.add_child(instance=programme)
    programme.save_revision().publish()

    languages = ["nl", "en"]
    people = User.objects.bulk_create(
        [
            User(
                email=f"person{number}-{run}@bench.example.org",
                display_name=f"Person {number}",
                preferred_language=languages[number % 2],
                password="!",  # unusable: no one signs in
            )
            for number in range(count)
        ],
        batch_size=1000,
    )
    groups = [people[start : start + TEAM_SIZE] for start in range(0, count, TEAM_SIZE)]
    teams = Team.objects.bulk_create(
        [Team(programme=programme, name=f"Team {number}") for number in range(len(groups))],
        batch_size=1000,
    )
    memberships, team_members, coaches, sessions = [], [], [], []
    for team, (coach, *members) in zip(teams, groups, strict=True):
        memberships.append(Membership(programme=programme, user=coach, role=Role.COACH))
        coaches.append(Team.coaches.through(team=team, user=coach))
        for member in members:
            memberships.append(Membership(programme=programme, user=member, role=Role.STUDENT))
            team_members.append(TeamMember(team=team, user=member, role=Role.STUDENT))
        sessions.append(
            CoachingSession(
                team=team,
                coach=coach,
                starts_at=now + datetime.timedelta(hours=23),
                place="Buurtkamer De Dreef",
                agenda="What we learned from the neighbourhood this week.",
            )
        )
    Membership.objects.bulk_create(memberships, batch_size=1000)
    Team.coaches.through.objects.bulk_create(coaches, batch_size=1000)
    TeamMember.objects.bulk_create(team_members, batch_size=1000)
    CoachingSession.objects.bulk_create(sessions, batch_size=1000)
    SessionParticipant.objects.bulk_create(
        [
            SessionParticipant(session=session, user=member)
            for session, (_coach, *members) in zip(sessions, groups, strict=True)
            for member in members
        ],
        batch_size=1000,
    )
    return {"teams": len(teams), "people": len(people)}


def ledger():
    from django.db.models import Count, Q

    from prototypes.models import Reminder

    states = Reminder.State
    return Reminder.objects.aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(state=states.SENT)),
        open=Count("pk", filter=Q(state__in=[states.PENDING, states.CLAIMED])),
        dropped=Count("pk", filter=Q(state=states.DROPPED)),
    )


def run_one(args, count: int, env: dict, template: str, folder: Path) -> dict:
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections
    from django.utils import timezone

    from prototypes.models import Reminder
    from prototypes.reminders import scan

    open_states = [Reminder.State.PENDING, Reminder.State.CLAIMED]
    connections.close_all()
    create_database(args.database_url, template=template)
    ContentType.objects.clear_cache()

    started = time.monotonic()
    built = build_people(count, timezone.now())
    build_seconds = time.monotonic() - started

    worker = Worker(env, args.pool, folder / f"worker-{count}.log")
    try:
        worker.start()
        baseline_kib = tree_rss_kib(worker.process.pid)
        sampler = MemorySampler(worker.process.pid)
        sampler.start()

        cpu_before = tree_cpu_seconds(worker.process.pid)
        started = time.monotonic()
        result = scan()
        scanned = time.monotonic()
        # A generous limit: at a tenth of the goal, and never less than two minutes.
        deadline = scanned + max(120, 10 * count / GOAL_PER_SECOND)
        # A cheap question (the partial index of open rows) so polling takes little
        # from the worker on a machine of two cores.
        while Reminder.objects.filter(state__in=open_states).exists():
            worker.check_alive()
            if time.monotonic() > deadline:
                raise BenchError(f"Not all sent in time: {ledger()}")
            time.sleep(0.05)
        finished = time.monotonic()
        state = ledger()
        peak_kib = sampler.stop()
        cpu_seconds = tree_cpu_seconds(worker.process.pid) - cpu_before
        worker.check_alive()
    finally:
        worker.stop()

    # From Monday morning to Thursday the scan also records each person's weekly
    # overview, which waits for their digest rather than going to the worker.
    if state["sent"] < count or state["sent"] != result.handed_out:
        raise BenchError(
            f"Expected {count} reminders sent; the scan handed out {result.handed_out} "
            f"and the ledger shows {state}."
        )
    seconds = finished - started
    return {
        "count": count,
        "teams": built["teams"],
        "build_seconds": round(build_seconds, 2),
        "recorded": result.created,
        "handed_out": result.handed_out,
        "sent": state["sent"],
        "dropped": state["dropped"],
        "scan_seconds": round(scanned - started, 3),
        "send_seconds": round(finished - scanned, 3),
        "seconds": round(seconds, 3),
        "reminders_per_second": round(state["sent"] / seconds, 1),
        # What the worker's processes spent, whatever else ran on the machine meanwhile.
        "worker_cpu_seconds": round(cpu_seconds, 2),
        "reminders_per_worker_cpu_second": round(state["sent"] / max(cpu_seconds, 0.01), 1),
        "batch_size": settings.REMINDER_BATCH_SIZE,
        "worker_baseline_mib": round(baseline_kib / 1024, 1),
        "worker_peak_mib": round(peak_kib / 1024, 1),
    }


def summarise(args, runs) -> dict:
    largest, smallest = runs[-1], runs[0]
    flat = None
    if len(runs) > 1:
        flat = largest["worker_peak_mib"] <= smallest["worker_peak_mib"] * FLAT_MARGIN
    return {
        "finished_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "settings": {"smoke": args.smoke, "pool": args.pool, "concurrency": 1},
        "cpus": os.cpu_count(),
        "email_backend": "bench.mail.DiscardingBackend",
        "goals": {
            "reminders_per_second": GOAL_PER_SECOND,
            "rate_met": None
            if args.smoke
            else all(run["reminders_per_second"] >= GOAL_PER_SECOND for run in runs),
            "memory_flat_margin": FLAT_MARGIN,
            "memory_flat": flat,
        },
        "runs": runs,
    }


def print_table(summary) -> None:
    rows = [
        (
            "reminders",
            "scan s",
            "send s",
            "total s",
            "per second",
            "per CPU s",
            "worker MiB",
            "peak MiB",
        )
    ]
    for run in summary["runs"]:
        rows.append(
            (
                f"{run['count']:,}",
                f"{run['scan_seconds']:.2f}",
                f"{run['send_seconds']:.2f}",
                f"{run['seconds']:.2f}",
                f"{run['reminders_per_second']:.0f}",
                f"{run['reminders_per_worker_cpu_second']:.0f}",
                f"{run['worker_baseline_mib']:.1f}",
                f"{run['worker_peak_mib']:.1f}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)))
    goals, settings = summary["goals"], summary["settings"]
    verdict = {None: "-", True: "yes", False: "NO"}
    print(
        f"\nOne worker (--pool={settings['pool']} --concurrency=1), batches of "
        f"{summary['runs'][0]['batch_size']}, {summary['cpus']} CPUs; emails built and "
        f"dropped ({summary['email_backend']}). Per second: from the scan until the ledger "
        "shows all sent; per CPU s: per second of CPU the worker used, whatever else "
        "ran. Worker MiB: resident memory of the worker's processes when ready; peak: "
        "the highest while sending."
    )
    print(
        f"Goals: ≥ {goals['reminders_per_second']} a second: {verdict[goals['rate_met']]}; "
        f"peak memory flat (largest ≤ {goals['memory_flat_margin']:.2f} × smallest): "
        f"{verdict[goals['memory_flat']]}"
    )


def main(argv=None) -> int:
    args = parse_args(argv)
    template = database_name(args.database_url) + "_migrated"
    template_url = with_database(args.database_url, template)
    # SIGTERM ends the run like Ctrl-C does, through the `finally` that stops everything.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    redis_server = None
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-reminders-") as folder:
        folder = Path(folder)
        try:
            redis_server = PrivateRedis(folder)
            redis_server.start()
            env = environment(args, args.database_url, redis_server.url)
            # Migrated once; every size starts from a copy of it.
            print(f"Migrating {template} …", flush=True)
            create_database(template_url)
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "--verbosity=0"],
                cwd=REPO,
                env={**env, "DATABASE_URL": template_url},
                check=True,
            )
            setup_django(env)
            for count in args.counts:
                print(f"Sending {count:,} reminders …", flush=True)
                runs.append(run_one(args, count, env, template, folder))
        except (BenchError, subprocess.CalledProcessError) as error:
            print(f"Benchmark failed: {error}", file=sys.stderr)
            return 1
        finally:
            if "django" in sys.modules:
                from django.db import connections

                connections.close_all()
            if redis_server is not None:
                redis_server.stop()

    summary = summarise(args, runs)
    print()
    print_table(summary)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"Results: {args.output}")
    missed = False in (summary["goals"]["rate_met"], summary["goals"]["memory_flat"])
    return 1 if args.check_goals and missed else 0


if __name__ == "__main__":
    sys.exit(main())
