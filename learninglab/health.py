"""/healthz: the state of the database, cache, broker and beat, as JSON."""

import datetime
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from learninglab.celery import app as celery_app

# Beat ticks every minute; three missed ticks mean it is down.
BEAT_STALE_AFTER = datetime.timedelta(minutes=3)


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
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return {"ok": True}


def _check_beat():
    from learninglab.models import BeatRun

    last = BeatRun.objects.order_by("-ran_at").values_list("ran_at", flat=True).first()
    fresh = last is not None and timezone.now() - last < BEAT_STALE_AFTER
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
            report[name] = {"ok": False, "error": error.__class__.__name__}
    healthy = all(part["ok"] for part in report.values())
    return JsonResponse(
        {"status": "ok" if healthy else "down", "checks": report}, status=200 if healthy else 503
    )
