"""Impact reflections: a member's own reflections and what is due, the form to write
one, and the reflections shared with a coach or the team.

Only current members write reflections (prototypes.rules.can_write_reflection); who
reads one is decided by `Reflection.objects.readable_by` (prototypes.rules). Everyone
else gets a 404, coordinators included: they see figures on the dashboards only.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from prototypes import rules as access
from prototypes.forms_reflections import ReflectionForm
from prototypes.models import Reflection, ReflectionScale, Team
from prototypes.models.reflections import (
    ReflectionLockedError,
    ReflectionPeriod,
    find_period,
    prompts_for,
    started_periods,
)
from prototypes.views_iterations import _get_team_for_user


def _get_team_to_reflect_in(user, team_id) -> Team:
    """The team, if the person is one of its current members; a 404 for anyone else."""
    team = _get_team_for_user(user, team_id)
    if not access.can_write_reflection(user, team):
        raise Http404
    return team


@dataclass
class PeriodRow:
    """A period on the member's list: their reflection for it (or None) and whether it
    can still change."""

    period: ReflectionPeriod
    reflection: Reflection | None
    is_locked: bool


@login_required
def reflection_list(request, team_id):
    """The member's reflections for this team and the periods still to write, newest
    first. A coach is sent to the reflections shared with them. The same few queries
    (the team, membership, the reflections) however many reflections."""
    team = _get_team_for_user(request.user, team_id)
    if not access.can_write_reflection(request.user, team):
        if access.is_team_coach(request.user, team):
            return redirect("prototypes:reflections_shared", team_id=team.pk)
        raise Http404
    written = {
        (reflection.kind, reflection.period): reflection
        for reflection in Reflection.objects.filter(author=request.user, team=team)
    }
    now = timezone.now()
    periods = started_periods(team)
    keys = {period.key for period in periods}
    # Reflections of periods no longer on the schedule (the programme weeks of a team
    # now in continuation) are still listed.
    periods += [
        period
        for kind, number in written
        if (kind, number) not in keys and (period := find_period(team, kind, number))
    ]
    rows = sorted(
        (PeriodRow(period, written.get(period.key), period.is_locked(now)) for period in periods),
        key=lambda row: (row.period.first_day, row.period.kind != Reflection.Kind.WEEKLY),
        reverse=True,
    )
    return render(
        request,
        "prototypes/reflection_list.html",
        {
            "team": team,
            "to_write": [row for row in rows if row.reflection is None and not row.is_locked],
            "written": [row for row in rows if row.reflection is not None],
            "missed": [row for row in rows if row.reflection is None and row.is_locked],
        },
    )


@login_required
def reflection_form(request, team_id, kind, period):
    """Write or change the member's reflection for one period: an answer per prompt, a
    score per scale, and who may read it. Read-only once the period has locked."""
    team = _get_team_to_reflect_in(request.user, team_id)
    found = find_period(team, kind, period)
    if found is None:
        raise Http404
    period = found
    programme = team.programme
    if not period.has_started(programme.today()):
        messages.error(
            request,
            _("%(period)s has not started yet: you can write this reflection from %(date)s.")
            % {"period": period.title, "date": date_format(period.first_day, "j F Y")},
        )
        return redirect("prototypes:reflections", team_id=team.pk)
    reflection = (
        Reflection.objects.filter(
            author=request.user, team=team, kind=period.kind, period=period.number
        )
        .for_display()
        .first()
    )
    context = {"team": team, "period": period, "reflection": reflection}
    if period.is_locked():
        if request.method == "POST":
            messages.error(
                request,
                _("This reflection is locked: it could be changed until the end of %(date)s.")
                % {"date": date_format(period.last_editable_day, "l j F Y")},
            )
            return redirect(request.path)
        return render(request, "prototypes/reflection_form.html", context)

    scales = list(ReflectionScale.objects.for_programme(programme))
    prompts = (
        [item["prompt"] for item in reflection.answers]
        if reflection is not None and reflection.answers
        else prompts_for(team, period)
    )
    form = ReflectionForm(
        request.POST or None, prompts=prompts, scales=scales, reflection=reflection
    )
    if request.method == "POST" and form.is_valid():
        try:
            Reflection.write(
                request.user,
                team,
                period,
                answers=form.answers(),
                scores=form.scores(),
                visibility=form.cleaned_data["visibility"],
            )
        except ReflectionLockedError:
            messages.error(request, _("This reflection has just locked: it can no longer change."))
            return redirect(request.path)
        messages.success(
            request,
            _("Your reflection for %(period)s is saved.") % {"period": period.title},
        )
        return redirect("prototypes:reflections", team_id=team.pk)
    context["form"] = form
    return render(request, "prototypes/reflection_form.html", context)


@login_required
def reflections_shared(request, team_id):
    """The team's reflections the person may read, other than their own: a coach reads
    those shared with the coach or the team, a member those shared with the team.
    The same few queries (the team, roles, the reflections with their authors and
    scores) however many."""
    team = _get_team_for_user(request.user, team_id)
    is_coach = access.is_team_coach(request.user, team)
    is_member = access.is_team_member(request.user, team)
    if not is_coach and not is_member:
        raise Http404
    reflections = list(
        Reflection.objects.readable_by(request.user)
        .filter(team=team)
        .exclude(author=request.user)
        .for_display()
        .order_by("-period", "kind", "author__display_name", "pk")
    )
    return render(
        request,
        "prototypes/reflections_shared.html",
        {"team": team, "reflections": reflections, "is_coach": is_coach, "is_member": is_member},
    )
