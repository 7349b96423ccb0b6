"""The person's private calendar feed: the page that shows its URL and resets it (with a
language prefix), and the feed itself (without one, fetched by calendar apps).

The feed has no login: the secret token is the key. A token that is wrong or was reset
gets a 404, the same as one that never existed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from prototypes import calendar
from prototypes.models import CalendarFeed


def feed_url(request, feed) -> str:
    return request.build_absolute_uri(reverse("calendar:feed", args=[feed.token]))


@login_required
def calendar_page(request):
    """The feed's URL with how to subscribe, and the button that makes a new one."""
    feed = CalendarFeed.for_user(request.user)
    return render(request, "prototypes/calendar.html", {"feed_url": feed_url(request, feed)})


@require_POST
@login_required
def calendar_reset(request):
    """A new secret URL; calendars subscribed to the old one stop updating."""
    CalendarFeed.for_user(request.user).reset()
    messages.success(
        request,
        _(
            "Your calendar link is new. The old link no longer works: subscribe again with this one."
        ),
    )
    return redirect("prototypes:calendar")


@never_cache
def feed(request, token):
    """The person's sessions, contact moments and due dates as an iCalendar feed."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        return HttpResponse(status=404)
    response = HttpResponse(
        calendar.feed_calendar(feed.user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="learninglab.ics"'
    # The URL is a secret: keep it out of referrers and search engines.
    response["X-Robots-Tag"] = "noindex"
    return response
