"""How fast the site serves its pages, compared with a bare Django view.

Serves the site through gunicorn with production settings, PostgreSQL and Redis, and
loads three URLs with wrk, one after another, with the same connections and duration:

- a bare Django view returning a body the size of the module page, through the same
  middleware: what the stack costs before any page does its work;
- a public module page, as a visitor (no cookies);
- "My programme", signed in as a participant.

Each page's throughput is reported as a ratio to the bare view, against its goal.
`--smoke` (what CI runs) loads each URL for a second and checks only that everything
answered 200. The benchmark builds its own database (dropped and created again) and
uses Redis under a key prefix of its own, which it removes at the end.

    python bench/run.py            # full size
    python bench/run.py --smoke    # a quick check
"""

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO / "bench" / "results"
REPORT_SCRIPT = REPO / "bench" / "report.lua"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ll_bench_run"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
SECRET_KEY = "bench-only-secret-key-not-for-any-real-site-0123456789abcdef"
HOST = "127.0.0.1"


@dataclass
class Target:
    name: str
    label: str
    path: str
    goal: float | None = None
    cookie: str = ""
    rounds: list[dict] = field(default_factory=list)

    @property
    def requests_per_second(self) -> float:
        return statistics.median(r["requests_per_second"] for r in self.rounds)


class BenchError(Exception):
    pass


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="a second per URL, no timing")
    parser.add_argument("--duration", type=float, default=10, help="seconds per measurement")
    parser.add_argument("--warmup", type=float, default=3, help="seconds of warm-up per URL")
    parser.add_argument("--rounds", type=int, default=3, help="measurements per URL (median)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    parser.add_argument("--output", type=Path, help="where to write the JSON results")
    parser.add_argument(
        "--check-goals", action="store_true", help="exit 1 when a page misses its goal"
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.duration, args.warmup, args.rounds = 1, 0.5, 1
    return args


def server_environment(args, static_root: Path) -> dict:
    """What production reads from the environment, for the local benchmark server."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        "DATABASE_URL": args.database_url,
        "CONN_MAX_AGE": "60",
        "REDIS_URL": args.redis_url,
        "CACHE_KEY_PREFIX": f"bench-{uuid.uuid4().hex[:12]}",
        # No worker runs here: tasks a request enqueues stay in the process.
        "CELERY_BROKER_URL": "memory://",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "STATIC_ROOT": str(static_root),
        "DEBUG": "false",
    }


def reset_database(database_url: str) -> None:
    """Drop and create the benchmark's database (its name must say it is one)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise BenchError(
            f"Refusing to drop {name!r}: the benchmark's database name must contain 'bench'."
        )
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as error:
        raise BenchError(f"PostgreSQL at {parts.hostname}:{parts.port}: {error}") from error


def check_redis(redis_url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=5).ping()
    except redis.RedisError as error:
        raise BenchError(f"Redis at {redis_url}: {error}") from error


def prepare_site(env: dict):
    """Migrate, collect static files and build the data, in this process."""
    os.environ.update(env)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from bench.data import build

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    data = build()
    paths = {
        "module": data.modules[len(data.modules) // 2].url,
        "my_programme": "/nl/my-programme/",
        "login": "/nl/accounts/login/",
    }
    credentials = (data.participant_email, data.participant_password)
    connections.close_all()
    return paths, credentials


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start_server(env: dict, port: int, workers: int) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "learninglab.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        "--log-level=warning",
    ]
    # Its own process group, so stopping it stops every worker.
    return subprocess.Popen(command, cwd=REPO, env=env, start_new_session=True)


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def request(port, method, path, headers=None, body=None):
    connection = HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def wait_for_server(server, port, path, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"gunicorn exited with {server.returncode} before answering.")
        try:
            status, _, _ = request(port, "GET", path)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer {path} within {seconds} seconds.")


def cookies_of(headers) -> dict:
    jar = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    return {name: morsel.value for name, morsel in jar.items()}


def sign_in(port, login_path, email, password) -> str:
    """Sign in through the real login form; the session cookie to send with requests."""
    status, headers, body = request(port, "GET", login_path)
    if status != 200:
        raise BenchError(f"The login page answered {status}.")
    cookies = cookies_of(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if token is None or "csrftoken" not in cookies:
        raise BenchError("The login page has no CSRF token.")
    form = urlencode(
        {"login": email, "password": password, "csrfmiddlewaretoken": token.group(1).decode()}
    )
    status, headers, _ = request(
        port,
        "POST",
        login_path,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
        },
        body=form,
    )
    session = cookies_of(headers).get("sessionid")
    if status != 302 or not session:
        raise BenchError(f"Signing in failed: the login form answered {status}.")
    return f"sessionid={session}"


def check_answers(port, targets) -> None:
    """Every URL answers 200 itself (wrk would count a redirect to the login as a success)."""
    for target in targets:
        headers = {"Cookie": target.cookie} if target.cookie else {}
        status, _, _ = request(port, "GET", target.path, headers=headers)
        if status != 200:
            raise BenchError(f"{target.label} ({target.path}) answered {status}, not 200.")


def run_wrk(port, target, seconds, args) -> dict:
    command = [
        "wrk",
        f"--threads={args.threads}",
        f"--connections={args.connections}",
        f"--duration={max(1, round(seconds))}s",
        "--timeout=10s",
        f"--script={REPORT_SCRIPT}",
    ]
    if target.cookie:
        command.append(f"--header=Cookie: {target.cookie}")
    command.append(f"http://{HOST}:{port}{target.path}")
    completed = subprocess.run(command, capture_output=True, text=True, check=True)
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    report["requests_per_second"] = report["requests"] / (report["duration_us"] / 1e6)
    return report


def measure(port, targets, args) -> None:
    for target in targets:
        run_wrk(port, target, args.warmup, args)
    for _ in range(args.rounds):
        for target in targets:
            report = run_wrk(port, target, args.duration, args)
            errors = report["errors"]
            if report["requests"] == 0 or errors["status"]:
                raise BenchError(
                    f"{target.label}: {errors['status']} of {report['requests']} "
                    "responses were errors."
                )
            target.rounds.append(report)


def summarise(targets, args, body_bytes) -> dict:
    bare = targets[0].requests_per_second
    results = []
    for target in targets:
        ratio = target.requests_per_second / bare
        results.append(
            {
                "name": target.name,
                "label": target.label,
                "url": target.path,
                "requests_per_second": round(target.requests_per_second, 1),
                "ratio_to_bare": round(ratio, 3),
                "goal": target.goal,
                "met": None if target.goal is None else ratio >= target.goal,
                "rounds": target.rounds,
            }
        )
    settings = {
        key: getattr(args, key)
        for key in ("smoke", "duration", "warmup", "rounds", "connections", "threads", "workers")
    }
    return {
        "finished_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "settings": settings,
        "cpus": os.cpu_count(),
        "body_bytes": body_bytes,
        "results": results,
    }


def print_table(summary) -> None:
    rows = [("page", "URL", "req/s", "ratio", "goal", "met")]
    for result in summary["results"]:
        goal = result["goal"]
        rows.append(
            (
                result["label"],
                result["url"],
                f"{result['requests_per_second']:.1f}",
                f"{result['ratio_to_bare']:.2f}",
                "-" if goal is None else f"≥ {goal:.2f}",
                "-" if result["met"] is None else ("yes" if result["met"] else "NO"),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    settings = summary["settings"]
    print(
        f"\nwrk: {settings['threads']} thread(s), {settings['connections']} connections, "
        f"{settings['duration']:g} s × {settings['rounds']} round(s) per URL (median); "
        f"gunicorn: {settings['workers']} sync workers; {summary['cpus']} CPUs; "
        f"body {summary['body_bytes']} bytes."
    )


def clear_cache_prefix(redis_url: str, prefix: str) -> None:
    import redis

    try:
        client = redis.Redis.from_url(redis_url, socket_connect_timeout=5)
        for key in client.scan_iter(f"{prefix}:*", count=1000):
            client.delete(key)
    except redis.RedisError as error:
        print(f"Could not remove the run's cache keys ({prefix}:*): {error}", file=sys.stderr)


def main(argv=None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed (Debian: apt-get install wrk).", file=sys.stderr)
        return 2
    static_root = REPO / "var" / "bench" / "static"
    env = server_environment(args, static_root)
    # SIGTERM ends the run like Ctrl-C does, through the `finally` that stops gunicorn.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    server = None
    redis_used = False
    try:
        print(f"Building the site in {urlsplit(args.database_url).path.lstrip('/')} …")
        check_redis(args.redis_url)
        redis_used = True
        reset_database(args.database_url)
        paths, (email, password) = prepare_site(env)
        port = free_port()
        server = start_server(env, port, args.workers)
        wait_for_server(server, port, paths["module"])
        body_bytes = len(request(port, "GET", paths["module"])[2])
        targets = [
            Target("bare", "bare view", f"/nl/bench/bare/?bytes={body_bytes}"),
            Target("module", "public module page", paths["module"], goal=0.20),
            Target(
                "my_programme",
                "My programme (signed in)",
                paths["my_programme"],
                goal=0.05,
                cookie=sign_in(port, paths["login"], email, password),
            ),
        ]
        check_answers(port, targets)
        print(f"Loading http://{HOST}:{port} with wrk …")
        measure(port, targets, args)
    except BenchError as error:
        print(f"Benchmark failed: {error}", file=sys.stderr)
        return 1
    finally:
        if server is not None:
            stop_server(server)
        if redis_used:
            clear_cache_prefix(args.redis_url, env["CACHE_KEY_PREFIX"])

    summary = summarise(targets, args, body_bytes)
    print()
    print_table(summary)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    output = args.output or RESULTS_DIR / f"{stamp}{'-smoke' if args.smoke else ''}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"Results: {output}")
    missed = [r for r in summary["results"] if r["met"] is False]
    return 1 if args.check_goals and missed else 0


if __name__ == "__main__":
    sys.exit(main())
