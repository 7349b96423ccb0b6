"""A person's language: the URL prefix decides it, the cookie and the profile remember it."""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import Http404
from django.urls import Resolver404, resolve, translate_url
from django.utils.translation import get_language_from_path
from wagtail.models import Locale, Site

LANGUAGE_COOKIE_AGE = 365 * 24 * 3600


def _wagtail_page_at(request, path: str):
    """The live page a language-prefixed path shows, or None if it is not a page."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name != "wagtail_serve":
        return None
    locale = Locale.objects.filter(language_code=get_language_from_path(path)).first()
    site = Site.find_for_request(request)
    if locale is None or site is None:
        return None
    home = site.root_page.get_translation_or_none(locale)
    if home is None:
        return None
    components = [part for part in (match.args or [""])[0].split("/") if part]
    try:
        return home.specific.route(request, components).page
    except Http404:
        return None


def url_in_language(request, url: str, code: str) -> str:
    """The same place as `url` (a local path), shown in language `code`.

    A Wagtail page becomes its live translation, whose slug may differ; any other
    URL gets the other language prefix. Costs a few queries when `url` is a page.
    """
    parts = urlsplit(url)
    if not parts.netloc and get_language_from_path(parts.path) not in (None, code):
        page = _wagtail_page_at(request, parts.path)
        locale = page and Locale.objects.filter(language_code=code).first()
        translation = page.get_translation_or_none(locale) if locale else None
        if translation is not None and translation.live:
            path = translation.get_url(request)
            if path:
                return urlunsplit(("", "", urlsplit(path).path, parts.query, parts.fragment))
    return translate_url(url, code)


def remember_language(response, code: str):
    """Set the language cookie, read by LocaleMiddleware on URLs without a prefix."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
    )
    return response
