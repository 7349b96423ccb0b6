"""A person's own data: asking for a download of it, and erasing their account."""

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache

from learninglab import jobs, privacy
from learninglab.models import Job

from . import personal_data
from .forms import EraseAccountForm


@never_cache
@login_required
def personal_data_page(request):
    """What the platform holds about the person, their earlier downloads, and the way to
    a new one (prepared by a worker, followed on the job's page) or to erasure."""
    if request.method == "POST":
        job = personal_data.start_download(request.user)
        return redirect(jobs.job_url(job))
    downloads = Job.objects.visible_to(request.user).filter(kind=personal_data.DOWNLOAD)[:5]
    return render(request, "account/personal_data.html", {"downloads": downloads})


@never_cache
@login_required
def erase_account(request):
    """Say what goes and what stays, ask for the password and the typed address, then
    erase everything in one go and sign the person out. Wrong input erases nothing."""
    user = request.user
    form = EraseAccountForm(request.POST or None, user=user)
    if request.method == "POST":
        # The password is tried here as at any reauthentication, within allauth's limits.
        if not ratelimit.consume(request, action="reauthenticate", user=user):
            form.add_error(None, get_adapter().error_messages["too_many_login_attempts"])
        elif form.is_valid():
            language = user.preferred_language
            personal_data.erase_account(user)
            get_adapter().logout(request)
            with translation.override(language):
                messages.success(
                    request,
                    translation.gettext(
                        "Your account is erased. Thank you for taking part in Learning Lab."
                    ),
                )
            return HttpResponseRedirect(f"/{language}/")
    return render(
        request,
        "account/erase.html",
        {
            "form": form,
            "warnings": privacy.warnings_before_erasure(user),
            "has_password": user.has_usable_password(),
        },
    )
