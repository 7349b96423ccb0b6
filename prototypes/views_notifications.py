"""The notification centre: a person's own notifications, newest first, each opening
what it is about; marking one or all as read.

Every view fetches through `Notification.objects.for_user`, so someone else's
notification is a 404. Opening one is a GET, so that it is an ordinary link (a new
tab, a screen reader's list of links); it only marks the person's own notification as
read. Marking without opening changes nothing else, and is a POST with a CSRF token.
"""

import datetime
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from prototypes.models import Notification

logger = logging.getLogger(__name__)

PER_PAGE = 25
JUST_NOW = datetime.timedelta(minutes=1)


@login_required
def notification_list(request):
    """One page of the person's notifications, with how long ago each came. Two
    queries (the count and the page) however many there are."""
    now = timezone.now()
    notifications = Paginator(Notification.objects.for_user(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    items = [
        {
            "notification": notification,
            # "0 minutes ago" says it worse than "just now".
            "ago": timesince(notification.created_at, now, depth=1)
            if now - notification.created_at >= JUST_NOW
            else "",
        }
        for notification in notifications
    ]
    return render(
        request,
        "prototypes/notifications.html",
        {"notifications": notifications, "items": items, "now": now},
    )


@login_required
def notification_open(request, notification_id):
    """Mark the notification read and go to what it is about, on this site only."""
    notification = get_object_or_404(
        Notification.objects.for_user(request.user), pk=notification_id
    )
    Notification.objects.filter(pk=notification.pk).mark_read()
    target = notification.local_link
    if not target:
        if notification.link:
            logger.warning("Notification %s links off the site; not followed", notification.pk)
        messages.info(request, _("This notification has no page to open."))
        return redirect("prototypes:notifications")
    return redirect(target)


@require_POST
@login_required
def notification_read(request, notification_id):
    """Mark one notification read, and come back to the page of the list it was on."""
    notification = get_object_or_404(
        Notification.objects.for_user(request.user), pk=notification_id
    )
    Notification.objects.filter(pk=notification.pk).mark_read()
    messages.success(request, _("Marked as read: %(title)s") % {"title": notification.title})
    return redirect(_list_url(request.POST.get("page")))


@require_POST
@login_required
def notification_read_all(request):
    """Mark read every notification the person had when the page was shown: one that
    came in since is left unread, as they have not seen it."""
    now = timezone.now()
    try:
        seen_at = datetime.datetime.fromisoformat(request.POST.get("seen_at", ""))
    except ValueError:
        seen_at = now
    if timezone.is_naive(seen_at):
        seen_at = timezone.make_aware(seen_at, datetime.UTC)
    count = (
        Notification.objects.for_user(request.user)
        .filter(created_at__lte=min(seen_at, now))
        .mark_read(now)
    )
    messages.success(
        request,
        ngettext(
            "%(count)s notification marked as read.",
            "%(count)s notifications marked as read.",
            count,
        )
        % {"count": count},
    )
    return redirect("prototypes:notifications")


def _list_url(page):
    url = reverse("prototypes:notifications")
    if page and page.isdigit() and int(page) > 1:
        return f"{url}?page={int(page)}"
    return url
