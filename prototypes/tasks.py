"""Background work for team work: sending reminders and notices (prototypes.reminders).
A session moved or cancelled is a notice like any other: see prototypes.reminders."""

from celery import shared_task

from prototypes import digests, reminders


@shared_task
def scan_reminders():
    """Beat's minute: record the reminders that are due and hand them to the workers."""
    reminders.scan()


@shared_task
def send_digests():
    """Beat's minute: send the daily and weekly digests that are due (one email per
    person, prototypes.digests)."""
    digests.send_due()


@shared_task
def send_reminders(reminder_ids):
    """Send one batch of reminders that are still pending (prototypes.reminders.deliver).
    Safe to run twice or at once with another: each row is claimed before it is sent."""
    reminders.deliver(reminder_ids)
