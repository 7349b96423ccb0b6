from allauth.account.models import EmailAddress
from django.db.models import Q
from django.utils.translation import gettext as _

from learninglab import privacy

from .models import Invitation, Membership, ModuleProgress


def export_memberships(user):
    return [
        {
            "programme": membership.programme.title,
            "role": membership.role,
            "since": membership.created_at.isoformat(),
        }
        for membership in Membership.objects.filter(user=user).select_related("programme")
    ]


def export_progress(user):
    return [
        {"module": progress.module.title, "done_at": progress.done_at.isoformat()}
        for progress in ModuleProgress.objects.filter(user=user).select_related("module")
    ]


def invitations_to(user):
    """Invitations sent to any of the person's addresses, or accepted by them."""
    addresses = Q(email__iexact=user.email)
    for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True):
        addresses |= Q(email__iexact=address)
    return Invitation.objects.filter(addresses | Q(accepted_by=user))


def export_invitations(user):
    return [
        {
            "programme": invitation.programme.title,
            "name": invitation.name,
            "email": invitation.email,
            "role": invitation.role,
            "created_at": invitation.created_at.isoformat(),
            "accepted_at": invitation.accepted_at.isoformat() if invitation.accepted_at else None,
        }
        for invitation in invitations_to(user).select_related("programme")
    ]


def erase_invitations(user):
    # Invitations sent to the person carry their name and address: they go. Those they
    # sent stay with the programme, sent by the anonymised account ("former member").
    invitations_to(user).delete()


def warn_last_coordinator(user):
    """Erasing the only coordinator of a programme leaves it to the site's administrators
    until someone else is made coordinator: allowed (nobody can be kept from erasing
    their account), but said first."""
    coordinated = Membership.objects.coordinators().filter(user=user)
    others = Membership.objects.coordinators().exclude(user=user)
    alone = coordinated.exclude(programme__in=others.values("programme")).select_related(
        "programme"
    )
    return [
        _(
            "You are the only coordinator of %(programme)s. Until an administrator makes "
            "someone else its coordinator, only administrators can edit it and invite "
            "people to it."
        )
        % {"programme": membership.programme.title}
        for membership in alone
    ]


privacy.register(
    "courses.memberships",
    models=[Membership],
    export=export_memberships,
    erase=lambda user: Membership.objects.filter(user=user).delete(),
    warn=warn_last_coordinator,
)
privacy.register(
    "courses.progress",
    models=[ModuleProgress],
    export=export_progress,
    erase=lambda user: ModuleProgress.objects.filter(user=user).delete(),
)
privacy.register(
    "courses.invitations", models=[Invitation], export=export_invitations, erase=erase_invitations
)
