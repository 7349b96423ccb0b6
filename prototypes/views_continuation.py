"""A team's phase after the programme, and inviting someone into a continuing team.
Both for the team's programme coordinators only (prototypes.rules.can_manage_team);
anyone else gets a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from courses.invitations import Candidate
from prototypes import continuation
from prototypes import rules as access
from prototypes.forms_continuation import PhaseForm, TeamInviteForm
from prototypes.models import Team, TeamPhaseChange


def _get_team_to_manage(user, team_id) -> Team:
    team = get_object_or_404(Team.objects.select_related("programme"), pk=team_id)
    if not access.can_manage_team(user, team):
        raise Http404
    return team


def _cohort_url(team):
    return reverse("prototypes:cohort_overview", args=[team.programme_id])


@login_required
@require_http_methods(["GET", "POST"])
def team_phase(request, team_id):
    """Ask which phase the team moves into (the page is the confirmation), then move it
    and keep who did it and when."""
    team = _get_team_to_manage(request.user, team_id)
    form = PhaseForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        change = TeamPhaseChange.record(
            team, form.cleaned_data["phase"], by=request.user, note=form.cleaned_data["note"]
        )
        messages.success(
            request,
            _("%(team)s moved from %(before)s to %(after)s.")
            % {"team": team.name, "before": change.from_label, "after": change.to_label},
        )
        return redirect(_cohort_url(team))
    return render(
        request,
        "prototypes/team_phase.html",
        {
            "team": team,
            "form": form,
            "history": team.phase_changes.select_related("changed_by"),
            "cohort_url": _cohort_url(team),
            "may_invite": team.phase in continuation.INVITING_PHASES,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_invite(request, team_id):
    """Invite a new resident (or student) into a continuing team: they get the
    programme's invitation email, and accepting it puts them in the team."""
    team = _get_team_to_manage(request.user, team_id)
    if team.phase not in continuation.INVITING_PHASES:
        messages.error(request, _("Only a team in continuation takes new members this way."))
        return redirect("prototypes:team_phase", team.pk)
    form = TeamInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = continuation.invite_to_team(
            team,
            Candidate(
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                name=form.cleaned_data["name"],
            ),
            invited_by=request.user,
        )
        if outcome.invited:
            messages.success(
                request,
                _("The invitation to join %(team)s is on its way to %(email)s.")
                % {"team": team.name, "email": form.cleaned_data["email"]},
            )
            return redirect("prototypes:team_invite", team.pk)
        for skipped in outcome.skipped:
            form.add_error("email", str(skipped))
    return render(
        request,
        "prototypes/team_invite.html",
        {"team": team, "form": form, "cohort_url": _cohort_url(team)},
    )
