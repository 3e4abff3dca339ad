"""Playwright driving Debian's Chromium against a live server.

The browser is never downloaded: /usr/bin/chromium comes from `apt-get install chromium`.
Without it the tests skip with the reason shown, except in CI, where they fail.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def _serve_one_request_at_a_time() -> None:
    """The live server answers requests one after the other.

    On SQLite the test database lives in memory and the server's threads share the test's
    connection; two requests at once (a page's htmx checks while a form is posted) could
    then wait on each other for ever. A browser sends such overlapping requests as a user
    types, so the server takes them in turn (and closes each connection, as Django does for
    a server without threads).
    """
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class OneRequestAtATime(WSGIServer):
        # The server thread has the test's connections already (LiveServerThread.run).
        def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)

    LiveServerThread.server_class = OneRequestAtATime  # type: ignore[assignment]


_serve_one_request_at_a_time()
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # One xdist worker runs all browser tests, so two Chromiums never compete.
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is required in CI but {CHROMIUM} is missing")
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in the test thread; the tests' own ORM
    # calls (and the database flush between tests) happen outside of it, which Django
    # cannot tell. Set while the browser runs, removed after.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser: Any, live_server: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 800}
    )
    outside: list[str] = []

    # Nothing may leave the machine: every request must go to the live server.
    def block(route: Any) -> None:
        outside.append(route.request.url)
        route.abort()

    context.route(re.compile(r"^(?!" + re.escape(live_server.url) + r").*"), block)
    errors: list[str] = []
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert outside == [], f"requests left the machine: {outside}"
    assert [e for e in errors if "Content Security Policy" in e] == []


@pytest.fixture
def screenshot(page: Any, request: pytest.FixtureRequest) -> Any:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{request.node.name}--{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def log_out(page: Any) -> None:
    """Open the user menu and log out.

    The menu is Bootstrap's dropdown: a click that lands before its script has run (the
    page was still loading after a form was posted) opens nothing, so it is tried again.
    """
    from playwright.sync_api import expect

    logout = page.get_by_test_id("logout")
    for _attempt in range(5):
        page.get_by_test_id("user-menu").click()
        try:
            expect(logout).to_be_visible(timeout=2000)
            break
        except AssertionError:
            continue
    logout.click()
