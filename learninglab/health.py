"""/healthz: the state of the database, cache, broker and beat, as JSON.

Every part counts: the answer is 503 when any of them is down, beat included, because
without beat no scheduled work happens. This is a monitoring endpoint; a load
balancer's liveness probe should not restart web processes over a stopped beat.
"""

import datetime
import os
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from learninglab.celery import app as celery_app
from learninglab.models import BeatRun

# Seconds the broker gets to answer; a broker that does not must not hang the check.
BROKER_TIMEOUT = 2
# Beat is down after this many missed heartbeats.
BEAT_MISSED_BEATS = 3


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True}


def _check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    ok = cache.get(key) == "1"
    cache.delete(key)
    return {"ok": ok}


def _check_broker():
    conf = celery_app.conf
    if conf.broker_url.startswith("filesystem:"):
        # The filesystem transport connects to anything; its broker is the queue folder.
        return {"ok": os.access(conf.broker_transport_options["data_folder_out"], os.W_OK)}
    timeouts = {"socket_connect_timeout": BROKER_TIMEOUT, "socket_timeout": BROKER_TIMEOUT}
    with celery_app.connection_for_write(
        connect_timeout=BROKER_TIMEOUT, transport_options=timeouts
    ) as conn:
        conn.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT)
    return {"ok": True}


def _check_beat():
    last = BeatRun.last_ran_at()
    stale_after = datetime.timedelta(seconds=BEAT_MISSED_BEATS * settings.BEAT_HEARTBEAT_INTERVAL)
    fresh = last is not None and timezone.now() - last < stale_after
    return {"ok": fresh, "last_run": last.isoformat() if last else None}


CHECKS = {
    "database": _check_database,
    "cache": _check_cache,
    "broker": _check_broker,
    "beat": _check_beat,
}


@never_cache
def healthz(request):
    """Each check runs on its own, so one failure never hides the state of the others."""
    report = {}
    for name, check in CHECKS.items():
        try:
            report[name] = check()
        except Exception as error:  # a health check reports every failure, whatever it is
            # The class name says what failed; the message may hold hosts or credentials.
            report[name] = {"ok": False, "error": error.__class__.__name__}
    healthy = all(part["ok"] for part in report.values())
    return JsonResponse(
        {"status": "ok" if healthy else "down", "checks": report}, status=200 if healthy else 503
    )
