"""Background work for programmes: sending invitations."""

from celery import shared_task
from django.conf import settings

from courses.invitations import send_invitation_email
from courses.models import Invitation


@shared_task
def send_invitation(invitation_id, language=None):
    """Email one invitation its link, in the language the coordinator was using.

    Sends nothing for an invitation that was accepted, has expired or was deleted in
    the meantime; the link is derived from the id, so sending again is harmless.
    """
    invitation = (
        Invitation.objects.select_related("programme", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or invitation.is_used or invitation.is_expired:
        return
    send_invitation_email(invitation, language or settings.LANGUAGE_CODE)
