"""Helpers for browser tests: every page a test visits is checked with axe-core.

Use them with the `page` / `desktop_page` fixtures of this package's conftest:

    visit(page, "/nl/")                       # go there, expect 200, run axe
    follow(page, page.get_by_role("link", name="English"))   # click, wait, run axe

A test that reaches a page some other way (a form posted by pressing Enter, a
redirect after a script) calls `assert_accessible(page)` itself. The fixture keeps a
`PageWatch` per browser page: it records every main-frame load, console error,
uncaught script error and request to another host, and the test fails afterwards if
any of those happened or any loaded page was never checked with axe.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page

# Every rule axe runs by default, plus WCAG 2.2's minimum target size (2.5.8, AA),
# which axe still leaves off by default.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}

_axe = Axe()


@dataclasses.dataclass
class PageWatch:
    """What happened in one browser page during a test, and what was checked."""

    page: Page
    origin: str
    loads: list[str] = dataclasses.field(default_factory=list)
    # URL -> the documents (by their time origin) at that URL that axe checked.
    checked: dict[str, set[float]] = dataclasses.field(default_factory=dict)
    console_errors: list[str] = dataclasses.field(default_factory=list)
    page_errors: list[str] = dataclasses.field(default_factory=list)
    foreign_requests: list[str] = dataclasses.field(default_factory=list)

    @classmethod
    def attach(cls, page: Page, origin: str) -> PageWatch | None:
        """Watch `page`; None if it already is.

        Registered before the first call into Playwright: such a call can switch to
        Playwright's event greenlet, which may deliver the context's "page" event
        for this same page and try to attach it a second time.
        """
        if id(page) in _watches:
            return None
        watch = _watches[id(page)] = cls(page=page, origin=origin)
        page.on("load", lambda p: watch.loads.append(p.url))
        page.on("console", watch._on_console)
        page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
        page.route("**/*", watch._guard)
        return watch

    def _guard(self, route) -> None:
        # Nothing leaves the machine: a page that loads a font, script or image from
        # elsewhere fails here rather than quietly in production under the CSP.
        url = route.request.url
        if urlsplit(url).netloc == urlsplit(self.origin).netloc:
            route.continue_()
        else:
            self.foreign_requests.append(url)
            route.abort("blockedbyclient")

    def _on_console(self, message) -> None:
        if message.type == "error":
            location = message.location or {}
            where = location.get("url", "")
            self.console_errors.append(f"{message.text} ({where})" if where else message.text)

    def unchecked(self) -> list[str]:
        """URLs loaded more often than distinct documents at them were checked.

        Counted rather than matched one to one because Playwright may report a load
        after the test has already checked that page.
        """
        missing = Counter(self.loads)
        for url, documents in self.checked.items():
            missing[url] -= len(documents)
        return [url for url, count in missing.items() for _ in range(count)]

    def problems(self, unchecked_pages: bool = True) -> list[str]:
        """Everything that should fail the test, as readable lines."""
        lines = []
        unchecked = self.unchecked()
        if unchecked and unchecked_pages:
            lines.append(
                "Pages loaded but never checked with axe (use visit/follow/assert_accessible):"
            )
            lines += [f"  - {url}" for url in unchecked]
        if self.console_errors:
            lines.append("Console errors (CSP violations and failed loads show up here):")
            lines += [f"  - {text}" for text in self.console_errors]
        if self.page_errors:
            lines.append("Uncaught errors in the page's scripts:")
            lines += [f"  - {text}" for text in self.page_errors]
        if self.foreign_requests:
            lines.append(f"Requests to hosts other than the test server ({self.origin}):")
            lines += [f"  - {url}" for url in self.foreign_requests]
        return lines


# Keyed by id() of the page: the fixture drops each watch (forget) when its test ends,
# before the page object can go away and its id be reused.
_watches: dict[int, PageWatch] = {}


def watch_of(page: Page) -> PageWatch:
    return _watches[id(page)]


def forget(page: Page) -> None:
    _watches.pop(id(page), None)


def format_violations(url: str, violations: list[dict]) -> str:
    """Axe's violations as a report a person can act on."""
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"* {violation['id']} ({violation.get('impact') or 'no impact given'})")
        lines.append(f"  {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(json.dumps(part) for part in node["target"])
            lines.append(f"  - {target}")
            summary = (node.get("failureSummary") or "").strip()
            for line in summary.splitlines():
                lines.append(f"      {line.strip()}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Run axe-core on the page as it is now; fail on any violation.

    Records this document as checked, so the fixture knows this page was.
    Call it again after something on the page changes that axe should see.
    """
    page.wait_for_load_state("load")
    settle(page)
    url, document = page.evaluate("[location.href, performance.timeOrigin]")
    results = _axe.run(page, options=AXE_OPTIONS).response
    watch_of(page).checked.setdefault(url, set()).add(document)
    violations = results["violations"]
    assert not violations, format_violations(page.url, violations)


def settle(page: Page) -> None:
    """Wait until no transition or finite animation runs: axe reads colours as they are
    at that moment, and a dialog fading in shows its text half transparent."""
    page.wait_for_function(
        """() => document.getAnimations().every(
            a => a.playState !== "running" || a.effect.getComputedTiming().endTime === Infinity
        )"""
    )


def visit(page: Page, path: str, status: int = 200) -> None:
    """Open `path` (relative to the live server), expect `status`, check with axe."""
    response = page.goto(path)
    assert response is not None, f"No response for {path}"
    assert response.status == status, f"{path} answered {response.status}, expected {status}"
    assert_accessible(page)


def follow(page: Page, target: Locator) -> None:
    """Click a link or submit button that loads a new page, wait for it, check it."""
    with page.expect_navigation():
        target.click()
    assert_accessible(page)


def path_of(page: Page) -> str:
    """The current URL without scheme and host, e.g. "/en/programmes/"."""
    parts = urlsplit(page.url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def assert_no_horizontal_scroll(page: Page) -> None:
    """Nothing sticks out sideways: the page fits the viewport's width (WCAG 1.4.10)."""
    # The configured width, not window.innerWidth: a phone zooms out to fit a page
    # that is too wide, and innerWidth grows with it.
    viewport = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= viewport, (
        f"{page.url} scrolls sideways: {scroll_width} px wide in a {viewport} px viewport"
    )
