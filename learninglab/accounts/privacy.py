from importlib import import_module

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.models import EditingSession, FormState
from wagtail.models import (
    Comment,
    CommentReply,
    ModelLogEntry,
    PageLogEntry,
    PageSubscription,
    Revision,
)
from wagtail.users.models import UserProfile

from learninglab import privacy

from .models import User

DATABASE_SESSION_ENGINES = {
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
}


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
    """Keep the row (team history points at it) but nothing that identifies the person:
    it reads "former member" wherever it is shown. Its sessions end."""
    EmailAddress.objects.filter(user=user).delete()
    user.email = f"former-member-{user.pk}@invalid"
    user.display_name = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    user.erased_at = timezone.now()
    # A new password hash also ends every session whatever the session store: a
    # session remembers the hash it was signed in with.
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    end_sessions(user)


def end_sessions(user):
    """Delete the stored sessions of `user` where the session store can be searched
    (the database), rather than wait for them to expire. Reads every unexpired session:
    for erasures, which are rare, not for a request path."""
    if settings.SESSION_ENGINE not in DATABASE_SESSION_ENGINES:
        return
    store = import_module(settings.SESSION_ENGINE).SessionStore
    expired_before = timezone.now()
    for session in Session.objects.filter(expire_date__gt=expired_before).iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            store(session_key=session.session_key).delete()


privacy.register("accounts.user", models=[User, EmailAddress], export=export_user, erase=erase_user)


def export_admin_work(user):
    """What the Wagtail admin holds about an editor (coordinators, site editors)."""
    profile = UserProfile.objects.filter(user=user).first()
    actions = [
        {"action": entry.action, "about": entry.label, "at": entry.timestamp.isoformat()}
        for model in (PageLogEntry, ModelLogEntry)
        for entry in model.objects.filter(user=user).order_by("timestamp")
    ]
    return {
        "admin_profile": (
            {
                "preferred_language": profile.preferred_language,
                "time_zone": profile.current_time_zone,
                "avatar": profile.avatar.name or None,
                "theme": profile.theme,
            }
            if profile
            else None
        ),
        "admin_actions": actions,
        "revisions_saved": [
            {"of": revision.object_str, "at": revision.created_at.isoformat()}
            for revision in Revision.objects.filter(user=user).order_by("created_at")
        ],
        "comments": [
            {
                "page": str(comment.page),
                "text": comment.text,
                "at": comment.created_at.isoformat(),
                "replies": [
                    {"text": reply.text, "at": reply.created_at.isoformat()}
                    for reply in comment.replies.filter(user=user)
                ],
            }
            for comment in Comment.objects.filter(Q(user=user) | Q(replies__user=user)).distinct()
        ],
        "page_subscriptions": [
            str(subscription.page)
            for subscription in PageSubscription.objects.filter(user=user).select_related("page")
        ],
    }


def erase_admin_work(user):
    """The admin's history (log entries, revisions, comments on pages) stays as the
    site's editorial record, pointing at the anonymised account, with the person's name
    and addresses replaced where they were copied into it; their own settings go."""
    words = privacy.identifiers(user)
    privacy.redact_rows(PageLogEntry.objects.all(), ["label", "data"], words)
    privacy.redact_rows(ModelLogEntry.objects.all(), ["label", "data"], words)
    privacy.redact_rows(LogEntry.objects.all(), ["object_repr", "change_message"], words)
    privacy.redact_rows(Revision.objects.all(), ["object_str"], words)
    profile = UserProfile.objects.filter(user=user).first()
    if profile is not None:
        if profile.avatar:
            storage, name = profile.avatar.storage, profile.avatar.name
            transaction.on_commit(lambda: storage.delete(name))
        profile.delete()
    PageSubscription.objects.filter(user=user).delete()
    EditingSession.objects.filter(user=user).delete()
    FormState.objects.filter(user=user).delete()


privacy.register(
    "accounts.admin",
    models=[
        UserProfile,
        PageLogEntry,
        ModelLogEntry,
        LogEntry,
        Revision,
        Comment,
        CommentReply,
        PageSubscription,
        EditingSession,
        FormState,
    ],
    export=export_admin_work,
    erase=erase_admin_work,
)
