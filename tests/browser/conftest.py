"""Playwright with Debian's Chromium against pytest-django's live server.

Every test in this folder is marked `browser`. The `page` fixture is a phone
(360×740 CSS px, touch); `desktop_page` is a laptop screen. Each page a test opens is
watched (see `tests.browser.PageWatch`): after the test body the test fails if a
loaded page was never checked with axe, if the browser logged an error (a CSP
violation, a failed load, an uncaught script error) or if the page asked any host
other than the live server for anything — such requests are blocked.
"""

import os
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

from tests.browser import PageWatch, forget
from tests.conftest import CHROMIUM, require

HERE = Path(__file__).parent
WATCHES = pytest.StashKey[list]()

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def chromium(transactional_db, live_server, monkeypatch):
    """A Chromium for one test, started after the test database is ready.

    Playwright's sync API marks an asyncio loop as running on the test thread between
    its calls. While it does, Django (through asgiref) keeps that thread's database
    connections apart from the usual ones, and refuses database work unless told it
    is safe — it is here: the loop only carries Playwright's messages. So Playwright
    runs only inside each test: the database is prepared (and, for a transactional
    test, restored from its serialized copy) before it starts and flushed after it
    stops, on the connection that holds that copy; the connections opened while it
    ran are closed before it stops, so none outlives the test.
    """
    require(os.path.exists(CHROMIUM), f"Chromium is not installed at {CHROMIUM}")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
            connections.close_all()


@pytest.fixture
def browser_locale():
    """The language the browser asks for (Accept-Language).

    Dutch, as most visitors; a test module may override this fixture, e.g. to follow
    a flow through English pages whose wording will not change with the Dutch
    catalogue.
    """
    return "nl-NL"


def _browser_page(request, chromium, live_server, locale, device):
    context = chromium.new_context(
        base_url=live_server.url,
        locale=locale,
        timezone_id="Europe/Amsterdam",
        reduced_motion="reduce",
        **device,
    )
    context.set_default_timeout(10_000)
    watches = request.node.stash.setdefault(WATCHES, [])

    def watch(new_page):
        if (attached := PageWatch.attach(new_page, live_server.url)) is not None:
            watches.append(attached)
        return new_page

    # Every page of the context is watched, also one a link opens in a new tab; the
    # first is attached at once, before the test can navigate it.
    context.on("page", watch)
    yield watch(context.new_page())
    for each in watches:
        forget(each.page)
    context.close()


@pytest.fixture
def page(request, chromium, live_server, browser_locale):
    """A fresh phone-sized browser page (360×740, touch) on the live server."""
    yield from _browser_page(request, chromium, live_server, browser_locale, PHONE)


@pytest.fixture
def desktop_page(request, chromium, live_server, browser_locale):
    """A fresh laptop-sized browser page (1280×800) on the live server."""
    yield from _browser_page(request, chromium, live_server, browser_locale, DESKTOP)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After the test body: fail on anything a watched page saw that it should not.

    If the body already failed, what the pages saw is added to that failure, since a
    console error often explains it.
    """
    try:
        result = yield
    except BaseException as error:
        for watch in item.stash.get(WATCHES, []):
            problems = watch.problems(unchecked_pages=False)
            if problems:
                error.add_note("\n".join(problems))
        raise
    problems = []
    for watch in item.stash.get(WATCHES, []):
        problems += watch.problems()
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
    return result
