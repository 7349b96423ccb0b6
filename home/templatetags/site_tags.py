from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.http import urlencode
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The pages shown in the main navigation: the home page's children in this language."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    home = site.root_page
    locale = Locale.get_active()
    home = home.get_translation_or_none(locale) or home
    return list(home.get_children().live().in_menu().public().specific().order_by("path"))


@register.simple_tag(takes_context=True)
def language_links(context):
    """A plain link per language to the same page in that language.

    The links pass through the language switch, which stores the choice of a
    signed-in person before it redirects.
    """
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    links = []
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    for code, name in settings.LANGUAGES:
        target = None
        if isinstance(page, Page) and code in locales:
            translation = page.get_translation_or_none(locales[code])
            if translation is not None and translation.live:
                target = translation.get_url(request)
        if target is None and request is not None:
            target = translate_url(request.get_full_path(), code)
        switch = reverse("switch_language", args=[code])
        links.append(
            {
                "code": code,
                "name": name,
                "current": code == current,
                "url": f"{switch}?{urlencode({'next': target or '/'})}",
            }
        )
    return links
