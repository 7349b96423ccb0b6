"""The visitors' page cache: served again without rendering, never personal, purged on publish."""

import pickle

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from home.models import HomePage, StandardPage
from learninglab import pagecache
from tests.factories import UserFactory, enrol, make_programme

pytestmark = pytest.mark.django_db

MEMBER_TEXT = "Alleen voor deelnemers: opdracht van week 1."


@pytest.fixture
def page_cache(settings):
    """The page cache switched on (the test settings keep it off), starting empty."""
    settings.PAGE_CACHE_ENABLED = True
    cache.clear()
    yield cache
    cache.clear()


def home():
    return HomePage.objects.get(depth=2)


def add_standard_page(title="Over ons", **fields):
    page = StandardPage(title=title, intro=f"{title}: inleiding", **fields)
    home().add_child(instance=page)
    page.save_revision().publish()
    return page


def get_counting(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_second_visit_is_served_from_the_cache_with_fewer_queries(client, page_cache):
    make_programme(title="Overvecht, voorjaar 2027", modules=2)

    first, rendering_queries = get_counting(client, "/nl/")
    second, cached_queries = get_counting(client, "/nl/")

    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert "Overvecht, voorjaar 2027" in second.content.decode()
    assert rendering_queries > 0
    # Not even Wagtail's routing: the cache answers before the URL is routed.
    assert cached_queries == 0


def test_a_cached_visit_does_not_load_a_session(client, page_cache):
    client.get("/nl/")

    response = client.get("/nl/")

    assert not response.wsgi_request.session.accessed
    assert "sessionid" not in response.cookies
    # Shared caches in front of the site must still tell visitors and members apart.
    assert "Cookie" in response["Vary"]


def test_dutch_and_english_are_cached_apart(client, page_cache):
    dutch = client.get("/nl/")
    english = client.get("/en/")

    dutch_again, dutch_queries = get_counting(client, "/nl/")
    english_again, english_queries = get_counting(client, "/en/")

    assert '<html lang="nl">' in dutch_again.content.decode()
    assert '<html lang="en">' in english_again.content.decode()
    assert dutch_again.content == dutch.content
    assert english_again.content == english.content
    assert dutch.content != english.content
    _, rendering_queries = get_counting(client, "/nl/?fresh=1")
    assert dutch_queries < rendering_queries
    assert english_queries < rendering_queries


def test_signed_in_person_never_gets_the_visitors_page(client, page_cache):
    page = add_standard_page()
    client.get(page.url)
    client.get(page.url)
    person = UserFactory()

    client.force_login(person)
    signed_in = client.get(page.url).content.decode()
    client.logout()
    visitor = client.get(page.url).content.decode()

    assert reverse("account_logout") in signed_in
    assert reverse("account_logout") not in visitor
    assert "csrfmiddlewaretoken" in signed_in
    assert "csrfmiddlewaretoken" not in visitor
    assert signed_in != visitor


def test_member_sees_the_whole_module_after_visitors_cached_its_summary(client, page_cache):
    programme = make_programme(modules=1)
    module = programme.get_children().get().specific
    client.get(module.url)
    visitor = client.get(module.url).content.decode()
    member = UserFactory()
    enrol(member, programme)

    client.force_login(member)
    as_member = client.get(module.url).content.decode()
    client.logout()
    visitor_after = client.get(module.url).content.decode()

    assert "Publieke samenvatting van week 1." in visitor
    assert MEMBER_TEXT not in visitor
    assert MEMBER_TEXT in as_member
    assert MEMBER_TEXT not in visitor_after


@pytest.mark.parametrize(
    "change",
    ["publish_new_page", "publish_revision", "unpublish", "delete", "restrict", "move"],
)
def test_any_change_to_the_pages_purges_every_cached_page(client, page_cache, change):
    about = add_standard_page("Over ons", show_in_menus=True)
    other = add_standard_page("Contact", show_in_menus=True)
    client.get("/nl/")
    client.get(about.url)
    _, cached_home = get_counting(client, "/nl/")
    _, cached_about = get_counting(client, about.url)

    if change == "publish_new_page":
        add_standard_page("Nieuws")
    elif change == "publish_revision":
        other.title = "Contact en route"
        other.save_revision().publish()
    elif change == "unpublish":
        other.unpublish()
    elif change == "delete":
        other.delete()
    elif change == "restrict":
        PageViewRestriction.objects.create(page=other, restriction_type="login")
    elif change == "move":
        other.move(about, pos="last-child")

    _, home_after = get_counting(client, "/nl/")
    _, about_after = get_counting(client, about.url)
    assert home_after > cached_home
    assert about_after > cached_about


def test_a_page_rendered_while_a_page_is_published_is_not_kept_as_current(client, page_cache):
    published = []

    def publish_during_rendering(sender, template, **kwargs):
        if not published and template.name == "home/home_page.html":
            published.append(add_standard_page("Nieuws", show_in_menus=True))

    template_rendered.connect(publish_during_rendering)
    try:
        client.get("/nl/")
    finally:
        template_rendered.disconnect(publish_during_rendering)
    response, queries = get_counting(client, "/nl/")

    assert published
    assert queries > 0  # rendered again: the first rendering may predate the publish
    assert "Nieuws" in response.content.decode()


def test_published_change_reaches_visitors(client, page_cache):
    about = add_standard_page("Over ons", show_in_menus=True)
    assert "Over ons" in client.get("/nl/").content.decode()

    about.title = "Over het Learning Lab"
    about.save_revision().publish()

    assert "Over het Learning Lab" in client.get("/nl/").content.decode()


def test_signed_in_pages_reuse_the_menu_until_a_page_is_published(client, page_cache, settings):
    add_standard_page("Over ons", show_in_menus=True)
    client.force_login(UserFactory())
    url = reverse("courses:my_programme")
    settings.PAGE_CACHE_ENABLED = False
    client.get(url)
    _, without_cache = get_counting(client, url)
    settings.PAGE_CACHE_ENABLED = True
    client.get(url)

    response, with_cache = get_counting(client, url)
    add_standard_page("Nieuws", show_in_menus=True)
    after_publish = client.get(url).content.decode()

    assert "Over ons" in response.content.decode()
    assert with_cache < without_cache
    assert "Nieuws" in after_publish


def test_a_page_with_a_form_is_rendered_for_each_visitor(client, page_cache, settings):
    form_template = (
        '{% extends "base.html" %}{% block content %}'
        '<form method="post">{% csrf_token %}<button>Ok</button></form>{% endblock %}'
    )
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "APP_DIRS": False,
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {"home/standard_page.html": form_template},
                    ),
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]
    page = add_standard_page("Aanmelden")

    first = client.get(page.url)
    client.cookies.clear()
    second, second_queries = get_counting(client, page.url)

    assert "csrfmiddlewaretoken" in second.content.decode()
    assert second_queries > 0  # rendered again, not taken from the cache
    assert first.content != second.content  # each visitor gets their own token


def test_a_visitor_with_a_message_sees_it_instead_of_the_cached_page(client, page_cache):
    client.get("/nl/")
    client.get("/nl/")
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(message_levels.SUCCESS, "Je bent afgemeld.")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies["messages"] = carrier.cookies["messages"].value

    with_message = client.get("/nl/").content.decode()
    next_visitor = client.get("/nl/").content.decode()

    assert "Je bent afgemeld." in with_message
    assert "Je bent afgemeld." not in next_visitor


def test_a_restricted_page_sends_visitors_to_sign_in_even_after_it_was_cached(client, page_cache):
    page = add_standard_page("Verslagen")
    client.get(page.url)

    PageViewRestriction.objects.create(page=page, restriction_type="login")
    response = client.get(page.url)

    assert response.status_code == 302
    assert "Verslagen: inleiding" not in response.content.decode()


def test_not_found_is_not_cached(client, page_cache):
    assert client.get("/nl/bestaat-niet/").status_code == 404
    add_standard_page("Bestaat niet", slug="bestaat-niet")

    assert client.get("/nl/bestaat-niet/").status_code == 200


def test_head_request_is_answered_from_the_cache(client, page_cache):
    client.get("/nl/")

    with CaptureQueriesContext(connection) as queries:
        response = client.head("/nl/")

    assert response.status_code == 200
    assert len(queries) == 0


def test_switched_off_cache_renders_every_time(client, page_cache, settings):
    client.get("/nl/")
    _, cached = get_counting(client, "/nl/")

    settings.PAGE_CACHE_ENABLED = False
    _, first = get_counting(client, "/nl/")
    _, second = get_counting(client, "/nl/")

    assert second == first > cached


@pytest.mark.redis
def test_redis_cache_serves_and_purges_pages_without_tokens(client, redis_cache, settings):
    settings.PAGE_CACHE_ENABLED = True
    programme = make_programme(modules=2)
    module = programme.get_children().first()
    about = add_standard_page("Over ons", show_in_menus=True)
    urls = ["/nl/", "/en/", about.url, programme.get_parent().url, programme.url, module.url]

    for url in urls:
        assert client.get(url).status_code == 200
    cached = [get_counting(client, url) for url in urls]
    stored = cached_entries(redis_cache)

    assert len(stored) == len(urls)
    assert all(b"csrfmiddlewaretoken" not in entry[3] for entry in stored)
    assert {response.content for response, _ in cached} == {entry[3] for entry in stored}
    assert all(queries == 0 for _, queries in cached)

    about.title = "Over het Learning Lab"
    about.save_revision().publish()

    assert "Over het Learning Lab" in client.get("/nl/").content.decode()


def cached_entries(redis_cache):
    """Every page the cache holds under this test's key prefix, straight from Redis."""
    import redis

    prefix = redis_cache.key_prefix
    client = redis.Redis.from_url(redis_cache._servers[0])
    keys = sorted(
        key
        for key in client.scan_iter(f"{prefix}:*")
        if b":pagecache:" in key and not key.endswith(pagecache.GENERATION_KEY.encode())
    )
    entries = [pickle.loads(client.get(key)) for key in keys]
    return [entry for entry in entries if isinstance(entry, tuple)]


@pytest.mark.parametrize(
    "page_type",
    ["HomePage", "StandardPage", "ProgrammeIndexPage", "ProgrammePage", "ModulePage"],
)
def test_public_page_types_use_the_cache(page_type):
    from django.apps import apps

    app_label = "home" if page_type in {"HomePage", "StandardPage"} else "courses"
    model = apps.get_model(app_label, page_type)

    assert issubclass(model, pagecache.AnonymousPageCacheMixin)
