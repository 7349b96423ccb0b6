"""The canvas, the iterations of a team's prototype, and comparing two iterations.

Thin views: the team comes through `Team.objects.visible_to(user)` (a 404 for anyone
who may not see it), changes are allowed by `prototypes.rules.can_change_team_work`,
and the work itself is done by model methods (`save_canvas`, `start_iteration`,
`edit`, `submit`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prototypes import rules as access
from prototypes.forms import CanvasForm, IterationForm
from prototypes.models import DraftExistsError, Iteration, Prototype, Team


def _get_team_for_user(user, team_id) -> Team:
    """The team, if the person may see it; otherwise a 404."""
    return get_object_or_404(Team.objects.visible_to(user).select_related("programme"), pk=team_id)


def _get_team_to_change(user, team_id) -> Team:
    """The team, if the person may change its work; a 404 for anyone else."""
    team = _get_team_for_user(user, team_id)
    if not access.can_change_team_work(user, team):
        raise Http404
    return team


def iteration_cards(iteration):
    """The iteration's content as the cards the team filled in, each with its blocks."""

    def blocks(names):
        return [
            {
                "label": Iteration._meta.get_field(name).verbose_name,
                "value": getattr(iteration, name),
            }
            for name in names
        ]

    return [
        {"key": "test", "title": _("Test card"), "blocks": blocks(Iteration.TEST_CARD_FIELDS)},
        {
            "key": "evidence",
            "title": _("Stakeholders and notes"),
            "blocks": blocks(["stakeholders", "evidence_notes"]),
        },
        {
            "key": "learning",
            "title": _("Learning card"),
            "blocks": blocks(Iteration.LEARNING_CARD_FIELDS),
        },
    ]


def _get_iteration(team, number) -> Iteration:
    return get_object_or_404(
        Iteration.objects.for_team(team).select_related(
            "prototype__team", "created_by", "submitted_by"
        ),
        number=number,
    )


@login_required
def canvas(request, team_id):
    """The team's canvas: a form for its members, read-only for its coaches and coordinators."""
    team = _get_team_for_user(request.user, team_id)
    prototype = Prototype.objects.for_team(team)
    can_change = access.can_change_team_work(request.user, team)
    form = None
    if can_change:
        form = CanvasForm(request.POST or None, instance=prototype)
        if request.method == "POST" and form.is_valid():
            prototype.save_canvas(form.cleaned_data, by=request.user)
            messages.success(request, _("The canvas is saved."))
            return redirect("prototypes:canvas", team_id=team.pk)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "prototypes/canvas.html",
        {"team": team, "prototype": prototype, "form": form, "can_change": can_change},
    )


@login_required
def iteration_list(request, team_id):
    """Every iteration of the team, newest first, and a way to compare two."""
    team = _get_team_for_user(request.user, team_id)
    iterations = list(Iteration.objects.for_team(team).timeline())
    return render(
        request,
        "prototypes/iteration_list.html",
        {
            "team": team,
            "iterations": iterations,
            "can_change": access.can_change_team_work(request.user, team),
            "has_draft": any(not iteration.is_frozen for iteration in iterations),
        },
    )


@require_POST
@login_required
def iteration_start(request, team_id):
    """Start the next iteration, a draft copy of the latest (or an empty first one)."""
    team = _get_team_to_change(request.user, team_id)
    prototype = Prototype.objects.for_team(team)
    try:
        iteration = prototype.start_iteration(by=request.user)
    except DraftExistsError:
        draft = prototype.latest_iteration()
        messages.error(
            request,
            _("Iteration %(number)s is still a draft: finish and submit it first.")
            % {"number": draft.number},
        )
        return redirect("prototypes:iteration_edit", team_id=team.pk, number=draft.number)
    if iteration.number == 1:
        messages.success(request, _("Iteration 1 is started."))
    else:
        messages.success(
            request,
            _("Iteration %(number)s is started as a copy of iteration %(previous)s.")
            % {"number": iteration.number, "previous": iteration.number - 1},
        )
    return redirect("prototypes:iteration_edit", team_id=team.pk, number=iteration.number)


@login_required
def iteration_detail(request, team_id, number):
    team = _get_team_for_user(request.user, team_id)
    iteration = _get_iteration(team, number)
    return render(
        request,
        "prototypes/iteration_detail.html",
        {
            "team": team,
            "iteration": iteration,
            "cards": iteration_cards(iteration),
            "evidence_list": list(iteration.evidence.all()),
            "can_change": access.can_change_team_work(request.user, team),
        },
    )


@login_required
def iteration_edit(request, team_id, number):
    """Edit a draft. A submitted iteration has no edit form: back to it, with the reason."""
    team = _get_team_to_change(request.user, team_id)
    iteration = _get_iteration(team, number)
    if iteration.is_frozen:
        messages.error(
            request,
            _(
                "Iteration %(number)s is submitted and can no longer change. "
                "Start a new iteration to change your prototype."
            )
            % {"number": iteration.number},
        )
        return redirect("prototypes:iteration_detail", team_id=team.pk, number=iteration.number)
    form = IterationForm(request.POST or None, instance=iteration)
    if request.method == "POST" and form.is_valid():
        iteration.edit(form.cleaned_data, by=request.user)
        messages.success(
            request, _("Iteration %(number)s is saved.") % {"number": iteration.number}
        )
        return redirect("prototypes:iteration_detail", team_id=team.pk, number=iteration.number)
    return render(
        request,
        "prototypes/iteration_form.html",
        {"team": team, "iteration": iteration, "form": form},
    )


@login_required
def iteration_submit(request, team_id, number):
    """Ask for confirmation (GET), then submit the draft for review (POST)."""
    team = _get_team_to_change(request.user, team_id)
    iteration = _get_iteration(team, number)
    if iteration.is_frozen:
        messages.error(
            request, _("Iteration %(number)s is already submitted.") % {"number": iteration.number}
        )
        return redirect("prototypes:iteration_detail", team_id=team.pk, number=iteration.number)
    if request.method == "POST":
        iteration.submit(by=request.user)
        messages.success(
            request,
            _("Iteration %(number)s is submitted. Your coach can now review it.")
            % {"number": iteration.number},
        )
        return redirect("prototypes:iteration_detail", team_id=team.pk, number=iteration.number)
    empty = [
        iteration._meta.get_field(name).verbose_name
        for name in Iteration.CONTENT_FIELDS
        if not getattr(iteration, name).strip()
    ]
    return render(
        request,
        "prototypes/iteration_submit.html",
        {"team": team, "iteration": iteration, "empty_fields": empty},
    )


@login_required
def iteration_compare(request, team_id):
    """Two iterations side by side, the fields that changed marked. One query for both."""
    team = _get_team_for_user(request.user, team_id)
    numbers = list(Iteration.objects.for_team(team).values_list("number", flat=True))
    context = {"team": team, "numbers": numbers, "rows": None, "error": None}
    raw_a, raw_b = request.GET.get("a"), request.GET.get("b")
    status = 200
    if raw_a is None and raw_b is None:
        # Nothing chosen yet: offer the latest against the one before it.
        context["a"], context["b"] = (
            (numbers[-2], numbers[-1]) if len(numbers) > 1 else (None, None)
        )
        return render(request, "prototypes/iteration_compare.html", context)
    try:
        a, b = int(raw_a), int(raw_b)
    except (TypeError, ValueError):
        context["error"] = _("Choose two iterations to compare, by their numbers.")
        context["a"], context["b"] = raw_a, raw_b
        return render(request, "prototypes/iteration_compare.html", context, status=400)
    context["a"], context["b"] = a, b
    found = {
        iteration.number: iteration
        for iteration in Iteration.objects.for_team(team).filter(number__in=[a, b])
    }
    missing = [number for number in (a, b) if number not in found]
    if missing:
        context["error"] = _("This team has no iteration %(number)s.") % {"number": missing[0]}
        status = 404
    else:
        first, second = found[a], found[b]
        changed = first.changed_fields(second)
        context.update(
            first=first,
            second=second,
            changed_count=len(changed),
            rows=[
                {
                    "name": name,
                    "label": Iteration._meta.get_field(name).verbose_name,
                    "first": getattr(first, name),
                    "second": getattr(second, name),
                    "changed": name in changed,
                }
                for name in Iteration.CONTENT_FIELDS
            ],
        )
    return render(request, "prototypes/iteration_compare.html", context, status=status)
