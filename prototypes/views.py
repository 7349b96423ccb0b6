"""The team workspace: one page per team with its people, its work and what comes next.

Access is decided in prototypes.rules: the team is fetched through
`Team.objects.visible_to(user)`, so anyone else gets a 404.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from prototypes.models import Iteration, Team


@login_required
def team_workspace(request, team_id):
    """Members, coaches, the question, the phase, the canvas, the iterations and the next
    steps. A fixed number of queries however many members, coaches and iterations."""
    team = get_object_or_404(
        Team.objects.visible_to(request.user).select_related("programme", "prototype"),
        pk=team_id,
    )
    members = list(team.members.current().select_related("user"))
    coaches = list(team.coaches.order_by("display_name", "email"))
    prototype = getattr(team, "prototype", None)
    iterations = list(Iteration.objects.for_team(team).timeline())
    latest_iteration = iterations[0] if iterations else None
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
            "next_steps": team.next_steps(prototype, latest_iteration),
            "is_member": any(member.user_id == request.user.pk for member in members),
            "is_coach": any(coach.pk == request.user.pk for coach in coaches),
        },
    )
