"""A real Celery worker for tests, on a Redis server of the test session's own.

Eager tasks hide what happens between the web process and the worker: a task sent
before its transaction commits, a worker that dies, a broker that goes away. Tests of
those use the real thing:

- ``redis_server`` (session): a private ``redis-server`` on a free port, never the
  machine's shared Redis. ``.url``, ``.port``, ``.pid``; ``.stop()`` and ``.start()``
  (same port) to take the broker away and bring it back; ``.flush()``.
- ``celery_worker`` (implies ``transactional_db``, as the worker only sees committed
  rows): a ``celery worker --pool=solo`` subprocess on the test database and that
  Redis, while this process's Celery app sends to the same broker with eager mode
  off. ``.pid``, ``.hostname``, ``.kill()`` (SIGKILL, a crash), ``.start()``,
  ``.stop()``, ``.log()``, ``.tasks_run()``. Override ``celery_worker_env`` to give
  the worker more environment.
- ``CeleryProcess``, ``celery_app_using()``, ``worker_environment()`` and
  ``wait_for()`` for other shapes (beat, the filesystem transport).

Tests that need these skip without redis-server or PostgreSQL, and fail under CI.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import kombu.pools
import pytest
import redis
from django.db import connection

from learninglab.celery import app as celery_app
from tests.conftest import require

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Seconds a process gets to exit on SIGTERM before SIGKILL.
STOP_GRACE = 10
START_TIMEOUT = 60  # a loaded CI machine can take that long to start Django


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout=10.0, interval=0.1, what="the condition"):
    """Poll `condition` until it returns something true, and return that; fail after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def _terminate(process: subprocess.Popen, grace: float = STOP_GRACE):
    """SIGTERM, then SIGKILL if the process has not exited within `grace` seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class RedisServer:
    """A redis-server of our own: no persistence, files in a temporary folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _ping(self) -> bool:
        try:
            return redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
        except redis.ConnectionError:
            return False

    def start(self):
        """Start the server (again, on the same port) and wait until it answers."""
        if self.running:
            return
        options = ["--port", str(self.port), "--bind", "127.0.0.1"]
        # No snapshots and no append-only file: nothing outlives the session.
        options += ["--save", "", "--appendonly", "no"]
        options += ["--dir", str(self.folder), "--logfile", str(self.folder / "redis.log")]
        self.process = subprocess.Popen(["redis-server", *options], stdout=subprocess.DEVNULL)
        wait_for(
            lambda: self._ping() or self.process.poll() is not None,
            timeout=START_TIMEOUT,
            what="redis-server to answer",
        )
        if not self.running:
            pytest.fail(f"redis-server exited: {(self.folder / 'redis.log').read_text()}")

    def stop(self):
        """Stop the server (SIGTERM to its pid); the broker is gone until start()."""
        if self.process is not None:
            _terminate(self.process)

    def flush(self):
        """Forget every key: queued messages, unacked messages, cache entries."""
        redis.Redis(port=self.port).flushall()


class CeleryProcess:
    """A `celery -A learninglab …` command run as a subprocess, its output in a log file.

    With `ready_line`, start() waits until the log shows it (after this start).
    """

    def __init__(self, args, env, log_path: Path, ready_line: str | None = None):
        self.args = list(args)
        self.env = env
        self.log_path = log_path
        self.ready_line = ready_line
        self.process = None

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""

    def start(self, timeout: float = START_TIMEOUT):
        """Start the command; with a ready line, wait for it (about 2 s: Django starts)."""
        if self.running:
            return
        offset = len(self.log())
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "learninglab", *self.args],
                env=self.env,
                cwd=PROJECT_DIR,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        if self.ready_line is None:
            return
        wait_for(
            lambda: self.ready_line in self.log()[offset:] or not self.running,
            timeout=timeout,
            what=f"`celery {self.args[0]}` to be ready",
        )
        if not self.running:
            pytest.fail(f"`celery {self.args[0]}` exited:\n{self.log()[offset:]}")

    def stop(self):
        """SIGTERM (a warm shutdown), then SIGKILL if it does not end in time."""
        if self.process is not None:
            _terminate(self.process)

    def kill(self):
        """SIGKILL: the process dies as in a crash, without finishing or acking anything."""
        if self.running:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()


class CeleryWorker(CeleryProcess):
    """A `celery worker --pool=solo`: one task at a time, in the worker's own process."""

    def __init__(self, env, log_path: Path):
        self.hostname = f"test-{uuid.uuid4().hex[:8]}@{socket.gethostname()}"
        args = ["worker", "--pool=solo", "--loglevel=INFO", f"--hostname={self.hostname}"]
        # Gossip, mingle and heartbeats talk to other workers; there are none.
        args += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        super().__init__(args, env, log_path, ready_line=f"{self.hostname} ready.")

    def tasks_run(self) -> dict:
        """How many tasks of each name the worker has run (asks it over the broker)."""
        stats = celery_app.control.inspect(destination=[self.hostname], timeout=5).stats()
        return (stats or {}).get(self.hostname, {}).get("total", {})


def subprocess_database_url() -> str:
    """The URL of the test database pytest-django created, for another process."""
    require(connection.vendor == "postgresql", "PostgreSQL is not available")
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = quote(db["HOST"] or "", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(db['NAME'], safe='')}"


def worker_environment(broker_url: str, **extra) -> dict:
    """The environment of a celery process on the test settings, database and `broker_url`."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "learninglab.settings.test",
        "DATABASE_URL": subprocess_database_url(),
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        **extra,
    }


def _forget_broker_connections():
    # The app builds its connection and producer pools on first use and never rereads
    # broker_url. Close every pool and let the app and its control build new ones, as
    # Celery does in a forked child.
    kombu.pools.reset()
    celery_app._after_fork()
    celery_app.control._after_fork()


@contextmanager
def celery_app_using(broker_url: str, transport_options: dict | None = None):
    """Make this process's Celery app send to `broker_url`, eager mode off; restore after."""
    require(
        "CELERY_BROKER_URL" not in os.environ,
        "CELERY_BROKER_URL is set: it overrides the Celery app's configuration",
    )
    conf = celery_app.conf
    keys = ("broker_url", "broker_transport_options", "task_always_eager")
    saved = {key: conf[key] for key in keys}
    conf.update(
        broker_url=broker_url,
        broker_transport_options=transport_options or {},
        task_always_eager=False,
    )
    _forget_broker_connections()
    try:
        yield celery_app
    finally:
        conf.update(saved)
        _forget_broker_connections()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A redis-server for this test session alone, stopped when the session ends."""
    require(shutil.which("redis-server") is not None, "redis-server is not installed")
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def celery_worker_env():
    """Extra environment for the celery_worker fixture's worker; override to add some."""
    return {}


@pytest.fixture
def celery_worker(transactional_db, redis_server, celery_worker_env, tmp_path):
    """A real worker on the test database and the session's Redis, stopped after the test.

    Each test starts with an empty broker (and a running one, should an earlier test
    have stopped it).
    """
    redis_server.start()
    redis_server.flush()
    env = worker_environment(redis_server.url, **celery_worker_env)
    worker = CeleryWorker(env, tmp_path / "celery-worker.log")
    with celery_app_using(redis_server.url):
        worker.start()
        try:
            yield worker
        finally:
            worker.stop()
