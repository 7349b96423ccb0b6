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


def export_invitations(user):
    return list(
        Invitation.objects.filter(email__iexact=user.email).values(
            "programme__title", "name", "email", "role", "created_at", "accepted_at"
        )
    )


def erase_invitations(user):
    # Invitations sent to the person carry their name and address; those they sent keep
    # nothing of them once the account is gone (invited_by is set to null on delete).
    Invitation.objects.filter(email__iexact=user.email).delete()
    Invitation.objects.filter(accepted_by=user).update(name="", accepted_by=None)


privacy.register(
    "courses.memberships",
    models=[Membership],
    export=export_memberships,
    erase=lambda user: Membership.objects.filter(user=user).delete(),
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
