from datetime import timedelta

from celery import shared_task
from django.utils import timezone


@shared_task
def record_beat():
    """Record that beat is alive, and keep only a day of records."""
    from .models import BeatRun

    BeatRun.objects.create()
    BeatRun.objects.filter(ran_at__lt=timezone.now() - timedelta(days=1)).delete()
