from allauth.account.models import EmailAddress

from learninglab import privacy

from .models import User


def export_user(user):
    return {
        "email": user.email,
        "display_name": user.display_name,
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
        ),
    }


def erase_user(user):
    """Keep the row (team history points at it) but nothing that identifies the person."""
    EmailAddress.objects.filter(user=user).delete()
    user.email = f"former-member-{user.pk}@invalid"
    user.display_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()


privacy.register("accounts.user", models=[User, EmailAddress], export=export_user, erase=erase_user)
