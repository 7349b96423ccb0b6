"""The page an invitation link opens: explain the invitation, then sign up, sign in or accept.

The link has no language prefix (it is signed and may be opened anywhere); the page is
shown in the visitor's language as LocaleMiddleware finds it.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from wagtail.models import Locale

from courses import invitations
from courses.invitations import BrokenLink

# Not 404: LocaleMiddleware would answer an unprefixed 404 with a redirect to the
# language-prefixed path, and the explanation would be lost.
BROKEN_STATUS = {
    BrokenLink.Reason.TAMPERED: 400,
    BrokenLink.Reason.WITHDRAWN: 410,
    BrokenLink.Reason.EXPIRED: 410,
    BrokenLink.Reason.USED: 410,
}


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_detail(request, token):
    try:
        invitation = invitations.invitation_from_token(token)
        if request.method == "POST" and request.user.is_authenticated:
            if invitations.accept(invitation, request.user):
                messages.success(request, invitations.joined_message(invitation))
            return redirect(_my_programme(invitation))
        if invitation.is_used:
            if request.user.is_authenticated and invitation.accepted_by_id == request.user.pk:
                return redirect(_my_programme(invitation))
            raise BrokenLink(BrokenLink.Reason.USED, invitation)
        if invitation.is_expired:
            raise BrokenLink(BrokenLink.Reason.EXPIRED, invitation)
    except BrokenLink as broken:
        return _broken(request, broken)
    except invitations.WrongEmail:
        pass  # The page below explains which address the invitation is for.

    if not request.user.is_authenticated:
        request.session[invitations.SESSION_KEY] = token
    here = request.path
    context = {
        "invitation": invitation,
        "programme": _in_active_language(invitation.programme),
        "situation": _situation(request.user, invitation),
        "signup_url": reverse("account_signup")
        + "?"
        + urlencode({"email": invitation.email, "next": here}),
        "login_url": reverse("account_login") + "?" + urlencode({"next": here}),
        "here": here,
    }
    return render(request, "courses/invitation.html", context)


def _my_programme(invitation):
    return reverse("courses:my_programme") + "?" + urlencode({"programme": invitation.programme_id})


def _situation(user, invitation):
    """visitor, invited (may accept), unconfirmed (the address is not confirmed yet) or other."""
    if not user.is_authenticated:
        return "visitor"
    if invitation.email.lower() in invitations.verified_emails(user):
        return "invited"
    if user.email.lower() == invitation.email.lower():
        return "unconfirmed"
    return "other"


def _in_active_language(programme):
    return programme.get_translation_or_none(Locale.get_active()) or programme


def _broken(request, broken):
    invitation = broken.invitation
    context = {
        "reason": broken.reason,
        "invitation": invitation,
        "programme": _in_active_language(invitation.programme) if invitation else None,
        "login_url": reverse("account_login")
        + "?"
        + urlencode({"next": reverse("courses:my_programme")}),
    }
    return render(
        request, "courses/invitation_broken.html", context, status=BROKEN_STATUS[broken.reason]
    )
