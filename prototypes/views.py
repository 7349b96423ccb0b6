"""The team workspace: one page per team with its people, its work and what comes next.

Access is decided in prototypes.rules: the team is fetched through
`Team.objects.visible_to(user)`, so anyone else gets a 404.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from prototypes.models import Team

# Parts of the workspace that other screens of team work provide; until a part exists
# the workspace shows a short fallback instead.
WORKSPACE_PARTS = {
    "canvas_summary_template": "prototypes/includes/canvas_summary.html",
    "iteration_timeline_template": "prototypes/includes/iteration_timeline.html",
}


def _existing_templates():
    found = {}
    for key, name in WORKSPACE_PARTS.items():
        try:
            get_template(name)
        except TemplateDoesNotExist:
            found[key] = None
        else:
            found[key] = name
    return found


@login_required
def team_workspace(request, team_id):
    """Members, coaches, the question, the phase, the canvas, the iterations and the next
    steps. A fixed number of queries however many members and coaches the team has."""
    team = get_object_or_404(
        Team.objects.visible_to(request.user).select_related("programme", "prototype"),
        pk=team_id,
    )
    members = list(team.members.current().select_related("user"))
    coaches = list(team.coaches.order_by("display_name", "email"))
    prototype = getattr(team, "prototype", None)
    latest_iteration = prototype.latest_iteration() if prototype is not None else None
    return render(
        request,
        "prototypes/team_workspace.html",
        {
            "team": team,
            "programme": team.programme.localized,
            "members": members,
            "coaches": coaches,
            "prototype": prototype,
            "latest_iteration": latest_iteration,
            "next_steps": team.next_steps(prototype, latest_iteration),
            "is_member": any(member.user_id == request.user.pk for member in members),
            "is_coach": any(coach.pk == request.user.pk for coach in coaches),
            **_existing_templates(),
        },
    )
