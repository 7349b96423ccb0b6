from celery import shared_task

from . import jobs
from .models import BeatRun


@shared_task
def record_beat():
    """Beat's heartbeat, scheduled in CELERY_BEAT_SCHEDULE: record that beat is alive."""
    BeatRun.record()


@shared_task
def run_job(job_id):
    """Do one background job a person asked for (learninglab.jobs.run); running it twice
    does the work once."""
    jobs.run(job_id)


@shared_task
def forget_old_jobs():
    """Beat's hour: delete the background jobs older than Job.KEEP_FOR, with their files."""
    jobs.forget_old()
