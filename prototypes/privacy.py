from learninglab import privacy

from .models import Evidence, Iteration, Prototype, Team, TeamMember


def export_team_work(user):
    return {
        "teams": [
            {
                "team": member.team.name,
                "role": member.role,
                "joined_on": member.joined_on.isoformat(),
                "left_on": member.left_on.isoformat() if member.left_on else None,
            }
            for member in TeamMember.objects.filter(user=user).select_related("team")
        ],
        "coached_teams": list(user.coached_teams.values_list("name", flat=True)),
        "evidence_uploaded": list(
            Evidence.objects.filter(uploaded_by=user).values("original_name", "uploaded_at")
        ),
    }


def erase_team_work(user):
    """Team history stays with the team: frozen iterations and memberships now point at
    the anonymised account ("former member"); coaching ends."""
    user.coached_teams.clear()


privacy.register(
    "prototypes.team_work",
    models=[Team, TeamMember, Prototype, Iteration, Evidence],
    export=export_team_work,
    erase=erase_team_work,
)
