"""After the programme's twelve weeks: moving a team between phases and inviting new
people into a continuing team.

A team in continuation keeps its workspace, coaching, reminders and reflections (every
four weeks), open-ended: they all treat `reminders.WORKING_PHASES` as at work. An
invitation to the programme may name a continuing team (`TeamInvitation`); accepting it
makes the person a current member of that team, in the same transaction.
"""

from django.dispatch import receiver

from courses import invitations
from courses.models import Invitation, Role
from prototypes.models import Team, TeamInvitation, TeamMember
from prototypes.reminders import WORKING_PHASES

# New people join a team that carries on after the programme; a team still in the
# programme is formed by its coordinators in the admin.
INVITING_PHASES = [Team.Phase.CONTINUATION]


def invite_to_team(team, candidate, *, invited_by, language=None) -> invitations.Outcome:
    """Invite someone to the team's programme, naming the team: the invitation email
    and link are the programme's (courses.invitations.invite); accepting also puts the
    person in the team. Someone already in the programme is skipped, with the reason."""
    outcome = invitations.invite(
        team.programme, [candidate], invited_by=invited_by, language=language
    )
    for invitation in outcome.invited:
        TeamInvitation.objects.update_or_create(invitation=invitation, defaults={"team": team})
    return outcome


@receiver(
    invitations.invitation_accepted,
    sender=Invitation,
    dispatch_uid="prototypes.continuation.join_invited_team",
)
def join_invited_team(sender, invitation, user, **kwargs):
    """Accepting an invitation that names a team makes the person a current member of
    it, unless the team has stopped meanwhile or they are in it already. One query when
    the invitation names no team."""
    link = (
        TeamInvitation.objects.filter(invitation=invitation)
        .select_related("team__programme")
        .first()
    )
    if link is None or link.team.phase not in WORKING_PHASES:
        return
    team = link.team
    if team.members.current().filter(user=user).exists():
        return
    role = invitation.role if invitation.role in Role.participants() else Role.RESIDENT
    TeamMember.objects.create(team=team, user=user, role=role, joined_on=team.programme.today())
