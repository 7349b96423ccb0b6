"""A person's availability (weekly windows and one-off exceptions) and a coach planning
a session at a time that suits the team.

Participants and coaches keep their own availability (prototypes.rules
.can_keep_availability); entries are fetched through `.of(user)`, so someone else's
entry is a 404. Only a coach of the team plans its sessions (`can_plan_session`).
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from prototypes import rules as access
from prototypes.forms_availability import (
    AvailabilityExceptionForm,
    AvailabilityWindowForm,
    SessionPlanForm,
)
from prototypes.models import AvailabilityException, AvailabilityWindow, CoachingSession, Team
from prototypes.scheduling import suggest_for_team

DEFAULT_DURATION = 60


def _require_availability(user):
    if not access.can_keep_availability(user):
        raise Http404


@login_required
def availability(request):
    """The person's weekly windows, day by day, and their exceptions from today on."""
    _require_availability(request.user)
    today = timezone.localdate()
    return render(
        request,
        "prototypes/availability.html",
        {
            "windows": list(AvailabilityWindow.objects.of(request.user)),
            "exceptions": list(
                AvailabilityException.objects.of(request.user).filter(date__gte=today)
            ),
        },
    )


def _own_or_new(user, model, entry_id):
    """The person's own window or exception with this id (a 404 for anyone else's), or
    a new one when there is no id."""
    _require_availability(user)
    if entry_id is None:
        return model(user=user)
    return get_object_or_404(model.objects.of(user), pk=entry_id)


def _edit(request, form, title, success):
    """Save a valid form and go back to the list; else show it again, as typed."""
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, success)
        return redirect("prototypes:availability")
    return render(request, "prototypes/availability_form.html", {"form": form, "title": title})


@login_required
def window_edit(request, window_id=None):
    """Add a weekly window, or change one of the person's own."""
    window = _own_or_new(request.user, AvailabilityWindow, window_id)
    form = AvailabilityWindowForm(request.POST or None, instance=window)
    title = _("Change a weekly time") if window.pk else _("Add a weekly time")
    return _edit(request, form, title, _("Your weekly time is saved."))


@login_required
def exception_edit(request, exception_id=None):
    """Add a one-off change on a date, or change one of the person's own."""
    exception = _own_or_new(request.user, AvailabilityException, exception_id)
    form = AvailabilityExceptionForm(
        request.POST or None, instance=exception, today=timezone.localdate()
    )
    title = _("Change on a date") if exception.pk else _("Add a change on a date")
    return _edit(request, form, title, _("Your change is saved."))


def _delete(request, entry, success):
    """Ask, then delete the person's own entry and go back to the list."""
    if request.method == "POST":
        entry.delete()
        messages.success(request, success)
        return redirect("prototypes:availability")
    return render(
        request,
        "prototypes/availability_confirm_delete.html",
        {"entry": entry, "is_window": isinstance(entry, AvailabilityWindow)},
    )


@login_required
def window_delete(request, window_id):
    window = _own_or_new(request.user, AvailabilityWindow, window_id)
    return _delete(request, window, _("The weekly time is deleted."))


@login_required
def exception_delete(request, exception_id):
    exception = _own_or_new(request.user, AvailabilityException, exception_id)
    return _delete(request, exception, _("The change is deleted."))


def _duration(request) -> int:
    """The session length the suggestions are for: as posted or asked for, else an hour."""
    value = request.POST.get("duration_minutes") or request.GET.get("duration")
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        return DEFAULT_DURATION
    return minutes if 15 <= minutes <= 480 else DEFAULT_DURATION


@login_required
def session_plan(request, team_id):
    """A coach plans a session with their team: at one of the best times of the next
    two weeks (everyone free first, then with the fewest missing), or at another time.
    A fixed number of queries however many members and windows."""
    team = get_object_or_404(
        Team.objects.visible_to(request.user).select_related("programme"), pk=team_id
    )
    if not access.can_plan_session(request.user, team):
        raise Http404
    zone = team.programme.zone
    now = timezone.now()
    duration = _duration(request)
    slots = suggest_for_team(team, request.user, duration, now=now)
    form = SessionPlanForm(
        request.POST or None,
        slots=slots,
        zone=zone,
        now=now,
        initial={"duration_minutes": duration},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session = CoachingSession.plan(
            team=team,
            coach=request.user,
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            place=data["place"],
            video_url=data["video_url"],
            agenda=data["agenda"],
        )
        messages.success(request, _("The session is planned. The team is asked to answer."))
        return redirect("prototypes:session_detail", team_id=team.pk, session_id=session.pk)
    return render(
        request,
        "prototypes/session_plan.html",
        {
            "team": team,
            "form": form,
            "duration": duration,
            "zone_name": team.programme.time_zone,
            "has_slots": bool(slots),
            "everyone_free": any(slot.everyone_free for slot in slots),
            "horizon": timezone.localdate(now, zone) + datetime.timedelta(days=14),
        },
    )
