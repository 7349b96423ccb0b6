"""Background work for the public site."""

from celery import shared_task

from home.models import EventRegistration


@shared_task
def send_event_registration_email(registration_id, kind):
    """Email a registrant that they have a place, are on the waiting list, or moved up
    from it ("confirmed", "waiting", "promoted"). Sends nothing for a registration that
    is gone or was cancelled in the meantime."""
    from home import events

    registration = (
        EventRegistration.objects.select_related("event").filter(pk=registration_id).first()
    )
    if registration is not None:
        events.send_registration_email(registration, kind)


@shared_task
def render_brochure_pdf(page_id):
    """Make the PDF of a published brochure (home.brochures.make_pdf): the page shows
    its progress, and a failure keeps the last good PDF and tells the coordinators."""
    from home import brochures

    brochures.make_pdf(page_id)
