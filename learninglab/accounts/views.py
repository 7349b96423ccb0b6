from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from .forms import ProfileForm
from .language import remember_language, url_in_language


@never_cache
def switch_language(request, code):
    """Follow a language link: remember the choice, then show the page in that language.

    A plain GET link (no form, no script), so it works everywhere; for a signed-in
    person it also becomes their stored language, used for sign-in and email.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    target = url_in_language(request, target, code)
    if request.user.is_authenticated and request.user.preferred_language != code:
        request.user.preferred_language = code
        request.user.save(update_fields=["preferred_language"])
    return remember_language(HttpResponseRedirect(target), code)


@never_cache
@login_required
def profile(request):
    """A person's name and language; email and password live on allauth's pages."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        language = user.preferred_language
        with translation.override(language):
            messages.success(request, translation.gettext("Your profile is saved."))
            url = reverse("accounts:profile")
        return remember_language(HttpResponseRedirect(url), language)
    return render(request, "account/profile.html", {"form": form})
