"""The event page's own routes: registering, the registration's page and cancelling.

They are served by the event page (`EventPage`'s routes), so they are in its language
and carry its context. Every response here is personal or holds a form, so none is
kept in the page cache or a shared cache.
"""

from allauth.core import ratelimit
from django.http import HttpResponseRedirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from home import events
from home.forms_events import RegistrationForm
from home.models import EventRegistration


def _render(request, event, template, context, status=200):
    response = event.render(request, template=template, context_overrides=context)
    response.status_code = status
    add_never_cache_headers(response)
    return response


def register(request, event):
    """The registration form. Bad input and refusals come back on the form, with what
    was typed (as a 200, like the site's other forms)."""
    state = event.registration_state()
    form = RegistrationForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST" and state == "open" and form.is_valid():
        if not ratelimit.consume(request, action=events.RATE_LIMIT_ACTION):
            form.add_error(
                None,
                _(
                    "Many registrations came from this internet connection in a short "
                    "time. Wait a few minutes, then send the form again."
                ),
            )
            status = 429
        else:
            try:
                registration = events.register(event, user=request.user, **form.cleaned_data)
            except events.Refused as refused:
                if refused.reason == events.Refused.ALREADY:
                    form.add_error(
                        "email",
                        _(
                            "This email address is already registered for this event. The "
                            "email we sent you has a link to cancel."
                        ),
                    )
                elif refused.reason == events.Refused.FULL:
                    form.add_error(None, _("Sorry, this event is full and has no waiting list."))
                else:
                    state = "closed"
            else:
                token = events.make_token(registration, events.REGISTERED_SALT)
                return HttpResponseRedirect(event.url + f"registered/{token}/")
    return _render(
        request,
        event,
        "home/event_register.html",
        {"form": form, "registration_state": state},
        status,
    )


def registered(request, event, pk, signature):
    """What became of a registration: a place, or a place on the waiting list."""
    try:
        registration = events.registration_for_token(event, pk, signature, events.REGISTERED_SALT)
    except events.InvalidToken:
        return _render(request, event, "home/event_link_invalid.html", {}, status=404)
    return _render(
        request,
        event,
        "home/event_registered.html",
        {"registration": registration, "position": registration.waiting_position()},
    )


def cancel(request, event, pk, signature):
    """Cancelling from the email's link: the link shows a button, and only the button
    (a POST) cancels, so a mail scanner that opens links cancels nothing."""
    try:
        registration = events.registration_for_token(event, pk, signature)
    except events.InvalidToken:
        return _render(request, event, "home/event_link_invalid.html", {}, status=404)
    done = False
    if request.method == "POST":
        done = events.cancel(registration)
        registration.refresh_from_db(fields=["status"])
    return _render(
        request,
        event,
        "home/event_cancel.html",
        {
            "registration": registration,
            "cancelled": registration.status == EventRegistration.Status.CANCELLED,
            "done": done,
        },
    )
