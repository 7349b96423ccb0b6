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


@pytest.fixture(scope="package")
def chromium():
    """One Chromium for all browser tests; each test gets its own fresh context.

    Playwright's sync API keeps an asyncio loop on the test thread while it runs, and
    Django refuses database work from a thread with a running loop unless told it is
    safe; here it is (the loop only carries Playwright's messages), so the flag is
    set for as long as Playwright runs and no longer.
    """
    require(os.path.exists(CHROMIUM), f"Chromium is not installed at {CHROMIUM}")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _browser_page(request, chromium, live_server, device):
    context = chromium.new_context(
        base_url=live_server.url,
        locale="nl-NL",
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
    for watch in watches:
        forget(watch.page)
    context.close()


@pytest.fixture
def page(request, chromium, live_server):
    """A fresh phone-sized browser page (360×740, touch) on the live server."""
    yield from _browser_page(request, chromium, live_server, PHONE)


@pytest.fixture
def desktop_page(request, chromium, live_server):
    """A fresh laptop-sized browser page (1280×800) on the live server."""
    yield from _browser_page(request, chromium, live_server, DESKTOP)


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
