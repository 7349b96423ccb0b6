"""An iteration's evidence: the upload page, deleting from a draft, and the download.

Files have no URL of their own: the download view (without a language prefix, see
prototypes.evidence_urls) checks prototypes.rules.can_view_team and streams the file.
Whoever may not see the team gets a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from prototypes import rules as access
from prototypes.models import Evidence, Iteration
from prototypes.models.iterations import FrozenIterationError
from prototypes.uploads import EvidenceForm

# Photos are shown again and again on the iteration page; a person's own browser may
# keep them a little while, shared caches never.
DOWNLOAD_MAX_AGE = 600


def _get_iteration_for_user(user, team_id, number):
    """The iteration with its team and programme (one query), or a 404 for anyone who
    may not see the team."""
    iteration = get_object_or_404(
        Iteration.objects.select_related("prototype__team__programme"),
        prototype__team_id=team_id,
        number=number,
    )
    if not access.can_view_team(user, iteration.prototype.team):
        raise Http404
    return iteration


def _get_evidence_for_user(user, evidence_id):
    evidence = get_object_or_404(
        Evidence.objects.select_related("iteration__prototype__team__programme"),
        pk=evidence_id,
    )
    if not access.can_view_team(user, evidence.iteration.prototype.team):
        raise Http404
    return evidence


def evidence_page_url(iteration):
    return reverse(
        "prototypes:iteration_evidence", args=[iteration.prototype.team_id, iteration.number]
    )


def _next_or(request, default):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _frozen_message(iteration):
    return _("Iteration %(number)s has been submitted; its evidence can no longer change.") % {
        "number": iteration.number
    }


@login_required
@require_http_methods(["GET", "POST"])
def iteration_evidence(request, team_id, number):
    """The evidence of an iteration, and for the team's members an upload form while it
    is a draft. A refused file is explained next to the field; the caption is kept."""
    iteration = _get_iteration_for_user(request.user, team_id, number)
    team = iteration.prototype.team
    may_change = access.can_change_team_work(request.user, team)
    here = evidence_page_url(iteration)
    form = None
    if may_change and not iteration.is_frozen:
        form = EvidenceForm(max_size=team.programme.evidence_max_size)
    if request.method == "POST":
        if not may_change:
            raise Http404
        if iteration.is_frozen:
            messages.error(request, _frozen_message(iteration))
            return redirect(here)
        form = EvidenceForm(request.POST, request.FILES, max_size=team.programme.evidence_max_size)
        if form.is_valid():
            try:
                evidence = Evidence.attach(
                    iteration,
                    form.cleaned_data["file"],
                    form.cleaned_data["caption"],
                    by=request.user,
                )
            except FrozenIterationError:
                messages.error(request, _frozen_message(iteration))
                return redirect(here)
            messages.success(request, _("“%(name)s” was added.") % {"name": evidence.original_name})
            return redirect(_next_or(request, here))
    return render(
        request,
        "prototypes/evidence.html",
        {
            "iteration": iteration,
            "team": team,
            "evidence_list": iteration.evidence.all(),
            "form": form,
            "may_change": may_change and not iteration.is_frozen,
            "here": here,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def evidence_delete(request, evidence_id):
    """Ask, then delete a piece of evidence from a draft iteration (members only)."""
    evidence = _get_evidence_for_user(request.user, evidence_id)
    iteration = evidence.iteration
    if not access.can_change_team_work(request.user, iteration.prototype.team):
        raise Http404
    back = evidence_page_url(iteration)
    if iteration.is_frozen:
        messages.error(request, _frozen_message(iteration))
        return redirect(back)
    if request.method == "POST":
        try:
            evidence.remove()
        except FrozenIterationError:
            messages.error(request, _frozen_message(iteration))
            return redirect(back)
        messages.success(request, _("“%(name)s” was deleted.") % {"name": evidence.original_name})
        return redirect(_next_or(request, back))
    return render(
        request,
        "prototypes/evidence_confirm_delete.html",
        {"evidence": evidence, "iteration": iteration, "back": back},
    )


@require_GET
def evidence_download(request, evidence_id):
    """Stream a piece of evidence to someone who may see its team: photos inline (always
    JPEG, see prototypes.uploads), documents as a download under a safe name."""
    evidence = _get_evidence_for_user(request.user, evidence_id)
    filename = get_valid_filename(evidence.original_name) or "evidence"
    response = FileResponse(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        as_attachment=not evidence.is_photo,
        filename=filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, max_age=DOWNLOAD_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    return response
