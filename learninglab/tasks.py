from celery import shared_task

from .models import BeatRun


@shared_task
def record_beat():
    """Beat's heartbeat, scheduled in CELERY_BEAT_SCHEDULE: record that beat is alive."""
    BeatRun.record()
