"""A person's notification preferences (signed in, with a language prefix) and the
one-click unsubscribe from an email (no login, no prefix; prototypes.delivery)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from prototypes import delivery
from prototypes.forms_preferences import PreferencesForm
from prototypes.models import Delivery, NotificationKind, NotificationPreference


@never_cache
@login_required
def preferences(request):
    """A delivery mode per kind and quiet hours; a form with a mistake comes back as typed."""
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("prototypes:notification_preferences")
    return render(
        request,
        "prototypes/notification_preferences.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks to confirm (mail scanners follow links, so a GET changes nothing); POST,
    from the page's button or a mail client's RFC 8058 one-click, turns the token's
    kinds off (one kind; all of a digest's for a digest).

    CSRF-exempt because a mail client posts without our cookie; the signed token is
    what proves the request comes from the email, and it can only turn email off.
    The page speaks the person's language unless ?lang= picks another."""
    try:
        user_id, kinds = delivery.read_unsubscribe_token(token)
        person = get_user_model().objects.get(pk=user_id, is_active=True)
    except (delivery.BadToken, get_user_model().DoesNotExist):
        person, kinds = None, []
    chosen = request.GET.get("lang", "")
    if chosen not in dict(settings.LANGUAGES):
        chosen = (person.preferred_language if person else "") or settings.LANGUAGE_CODE
    with translation.override(chosen):
        if person is None:
            response = render(request, "prototypes/unsubscribe_invalid.html", status=400)
        else:
            done = request.method == "POST"
            if done:
                for kind in kinds:
                    NotificationPreference.set(person, kind, Delivery.OFF)
            labels = [str(NotificationKind(kind).label) for kind in kinds]
            response = render(
                request,
                "prototypes/unsubscribe.html",
                {"kinds": ", ".join(labels), "done": done},
            )
    response["Content-Language"] = chosen
    return response
