"""The team workspace: one page per team with its people, its work and what comes next.

Access is decided in prototypes.rules: the team is fetched through
`Team.objects.visible_to(user)`, so anyone else gets a 404.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from prototypes.deliverables import deliverables_for, next_deliverable
from prototypes.models import FeedbackAnswer, Iteration, Team

# How many of the latest stakeholder answers the workspace shows; the rest are on the
# iterations themselves.
LATEST_FEEDBACK = 5
# How many of the next coaching sessions it shows; the rest are on the sessions page.
UPCOMING_SESSIONS = 3


@login_required
def team_workspace(request, team_id):
    """Members, coaches, the question, the phase, the canvas, the iterations, the
    feedback received, the deliverables and the next steps. A fixed number of queries
    however many members, coaches, iterations, answers and modules."""
    team = get_object_or_404(
        Team.objects.visible_to(request.user).select_related("programme", "prototype"),
        pk=team_id,
    )
    members = list(team.members.current().select_related("user"))
    coaches = list(team.coaches.order_by("display_name", "email"))
    prototype = getattr(team, "prototype", None)
    iterations = list(Iteration.objects.for_team(team).timeline())
    latest_iteration = iterations[0] if iterations else None
    deliverables = deliverables_for(team)
    next_steps = team.next_steps(prototype, latest_iteration)
    upcoming = next_deliverable(deliverables)
    if upcoming is not None:
        next_steps.append(
            _("Hand in “%(title)s”, due %(date)s.")
            % {"title": upcoming.title, "date": date_format(upcoming.due_date, "j F Y")}
        )
    feedback = list(
        FeedbackAnswer.objects.filter(link__iteration__prototype__team=team).select_related(
            "link__iteration"
        )[:LATEST_FEEDBACK]
    )
    upcoming_sessions = list(
        team.coaching_sessions.upcoming().select_related("coach")[:UPCOMING_SESSIONS]
    )
    return render(
        request,
        "prototypes/team_workspace.html",
        {
            "team": team,
            "programme": team.programme.localized,
            "members": members,
            "coaches": coaches,
            "prototype": prototype,
            "iterations": iterations,
            "latest_iteration": latest_iteration,
            "next_steps": next_steps,
            "deliverables": deliverables,
            "feedback_answers": feedback,
            "upcoming_sessions": upcoming_sessions,
            "is_member": any(member.user_id == request.user.pk for member in members),
            "is_coach": any(coach.pk == request.user.pk for coach in coaches),
        },
    )
