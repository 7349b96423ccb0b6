from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import filter_users_by_email
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.requests import RequestSite
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation

from .language import remember_language, url_in_language


class AccountAdapter(DefaultAccountAdapter):
    """allauth's behaviour, in each person's own language.

    Signing in takes a person to their stored language, and every email allauth
    sends is written in the recipient's language, whoever triggered it.
    """

    def get_login_redirect_url(self, request):
        url = super().get_login_redirect_url(request)
        return url_in_language(request, url, request.user.preferred_language)

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        if isinstance(response, HttpResponseRedirect):
            # An explicit ?next= skips get_login_redirect_url, so translate here too.
            response["Location"] = url_in_language(
                request, response["Location"], user.preferred_language
            )
            remember_language(response, user.preferred_language)
        return response

    def recipient_language(self, email, context):
        """The stored language of whoever owns `email`; else the current language.

        Looks the address up when the context names no user (one query).
        """
        user = context.get("user")
        if user is None or not hasattr(user, "preferred_language"):
            user = next(iter(filter_users_by_email(email)), None)
        language = getattr(user, "preferred_language", None)
        if language not in dict(settings.LANGUAGES):
            language = translation.get_language()
        return language

    def send_mail(self, template_prefix, email, context):
        language = self.recipient_language(email, context)
        # Links were built in the requester's language; point them at the recipient's.
        context = {
            key: translate_url(value, language)
            if key.endswith("_url") and isinstance(value, str)
            else value
            for key, value in context.items()
        }
        request = allauth_context.request
        if request is not None and "current_site" not in context:
            # Without django.contrib.sites allauth would greet with the bare host name.
            site = RequestSite(request)
            site.name = settings.WAGTAIL_SITE_NAME
            context["current_site"] = site
        with translation.override(language):
            super().send_mail(template_prefix, email, context)
