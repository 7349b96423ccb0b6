"""A page cache for visitors: Wagtail pages rendered once, then served from the cache.

Most requests to the public site come from visitors who are not signed in and see the
same page as every other visitor in their language. `AnonymousPageCacheMixin` keeps
that rendering in Django's cache (Redis in production), keyed by language, host and
full path. The `serve` view below answers the next visitor from there before Wagtail
routes the URL, so a cached page costs one cache round trip and no query. Anything
personal is never stored: signed-in people, previews, private pages, pages with a
CSRF token or a message, and responses other than a plain 200.

Every cached page belongs to one *generation*. Publishing, unpublishing, moving or
deleting any page (and changing a page's privacy, a site or a site setting) starts a
new generation, so every cached page is dropped at once: programme pages list their
modules and the menu lists pages, so a narrower purge would miss pages that show
what changed. Cached pages also expire after `PAGE_CACHE_TIMEOUT` seconds, which
bounds anything that depends on the date.
"""

import hashlib
import time

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import re_path
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "pagecache:generation"
DEFAULT_TIMEOUT = 300
CACHEABLE_METHODS = {"GET", "HEAD"}
CSRF_FIELD = b"csrfmiddlewaretoken"


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def timeout() -> int:
    return getattr(settings, "PAGE_CACHE_TIMEOUT", DEFAULT_TIMEOUT)


def purge() -> None:
    """Drop every cached page by starting a new generation (one cache round trip)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        # The counter was never set or was evicted: start from the clock, which is
        # beyond any generation an older entry could carry.
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def purge_on_commit() -> None:
    """Purge now and again when the current transaction commits.

    The first purge covers readers inside this transaction; the second the visitor
    who rendered the old content between the first purge and the commit.
    """
    purge()
    transaction.on_commit(purge)


def may_serve_from_cache(request) -> bool:
    """Whether this request may get (and give) the shared visitor's page.

    Only a visitor without a session or message cookie qualifies: they cannot be
    signed in and have no messages waiting, and we know it without loading a session.
    """
    return (
        enabled()
        and request.method in CACHEABLE_METHODS
        and not getattr(request, "is_preview", False)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in request.COOKIES
    )


def cache_key(request) -> str:
    """The URL and language decide the page: whatever changes routing starts a generation."""
    url = f"{request.get_host()}{request.get_full_path()}"
    return f"pagecache:{get_language()}:{hashlib.sha256(url.encode()).hexdigest()[:40]}"


def lookup(key: str) -> tuple[HttpResponse | None, int]:
    """The cached response for `key` (None if absent or stale) and the current generation.

    One cache round trip: the generation and the entry are fetched together. A page
    rendered after a miss is stored under the generation read here, before rendering,
    so a publish during the rendering leaves it stale instead of current.
    """
    found = cache.get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY)
    if current is None:
        return None, generation()
    entry = found.get(key)
    if entry is None or entry[0] != current:
        return None, current
    _, status, headers, content = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    # What a rendering adds by touching the session: without it a shared cache in
    # front of the site could give this page to someone who is signed in.
    patch_vary_headers(response, ["Cookie"])
    return response, current


def generation() -> int:
    """The current generation (one cache round trip; two more the very first time)."""
    current = cache.get(GENERATION_KEY)
    if current is None:
        purge()
        current = cache.get(GENERATION_KEY)
    return current


def store(key: str, request, response, generation_before: int) -> bool:
    """Keep `response` for the next visitor if nothing in it belongs to this one."""
    if not is_shareable(request, response):
        return False
    entry = (generation_before, response.status_code, list(response.items()), response.content)
    cache.set(key, entry, timeout=timeout())
    return True


def is_shareable(request, response) -> bool:
    """Whether a rendered response is the same for every visitor in this language."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return False
    # The token is personal; a page with a form must be rendered for each visitor.
    # get_token() sets CSRF_COOKIE_NEEDS_UPDATE whenever a template asks for one.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if CSRF_FIELD in response.content:
        return False
    if hasattr(request, "_messages") and len(get_messages(request)):
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


class AnonymousPageCacheMixin:
    """Serves a page to visitors from the cache, rendered once per language and URL.

    Put it before `Page` in the bases. Signed-in people always get a fresh rendering,
    so a page may show members more than visitors: only the visitors' version is kept.
    A page behind a Wagtail view restriction is never stored (one query when storing).
    """

    def serve(self, request, *args, **kwargs):
        if not may_serve_from_cache(request):
            return super().serve(request, *args, **kwargs)
        key = cache_key(request)
        # The `serve` view below has looked already, unless the page is served another way.
        current = getattr(request, "_page_cache_generation", None)
        if current is None:
            cached, current = lookup(key)
            if cached is not None:
                return cached
        response = super().serve(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if not self.get_view_restrictions().exists():
            store(key, request, response, current)
        return response


def context(request):
    """For `{% cache page_cache_timeout name page_cache_generation %}` in templates.

    A fragment that shows pages (the menu) is cached until the next publish, like the
    pages themselves. The generation is read only when a template uses it; with the
    page cache switched off the timeout is 0 and nothing is kept.
    """
    return {
        "page_cache_generation": SimpleLazyObject(generation),
        "page_cache_timeout": timeout() if enabled() else 0,
    }


def serve(request, path):
    """Wagtail's page view, answering visitors from the page cache before routing.

    Routing a page costs a query per level of the tree plus one for its privacy; a
    visitor's cached page needs none of them. Privacy changes purge the cache, and a
    private page is never stored, so skipping the privacy check gives nothing away.
    """
    from wagtail import views as wagtail_views  # needs the app registry

    if may_serve_from_cache(request):
        cached, request._page_cache_generation = lookup(cache_key(request))
        if cached is not None:
            return cached
    return wagtail_views.serve(request, path)


def wagtail_urlpatterns():
    """Wagtail's front-end URLs, with its page view replaced by `serve` above."""
    from wagtail import urls as wagtail_urls

    return [
        re_path(wagtail_urls.serve_pattern, serve, name="wagtail_serve")
        if getattr(pattern, "name", None) == "wagtail_serve"
        else pattern
        for pattern in wagtail_urls.urlpatterns
    ]


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def _purge_on_page_change(**kwargs):
    purge_on_commit()


@receiver(post_delete, sender=Page)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def _purge_on_structure_change(**kwargs):
    purge_on_commit()


@receiver(post_save)
def _purge_on_setting_change(sender, **kwargs):
    # Site settings (contact details, footer links) appear on every page.
    if issubclass(sender, BaseSiteSetting | BaseGenericSetting):
        purge_on_commit()
