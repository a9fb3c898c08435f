"""Real-browser fixtures: Playwright's sync API driving Debian's Chromium against live_server.

Playwright and Chromium are started once for this package in each test process (a pytest-xdist
worker gets whole files, so once per worker), and each test gets a fresh browser context
(its own cookies and storage), as a new visitor would. While Playwright runs, an asyncio loop
runs in the test thread and Django refuses ORM calls from it (SynchronousOnlyOperation), so
DJANGO_ALLOW_ASYNC_UNSAFE is set for exactly that span: while the package's tests run, and
not for the tests of the session that come after them.

A journey test asks for ``page`` (parametrised phone/desktop; ``language`` for sr-latn/sr/en)
and ``live_server``; ``users`` gives a coordinator, a company member with an open placement
and a candidate; ``login(page, live_server, username)`` signs in through the form;
``screenshot(page, name)`` saves a PNG under test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.browser.helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DEFAULT_LANGUAGE,
    LANGUAGES,
    REQUIRE_SERVICES,
    VIEWPORTS,
    Users,
    create_users,
    new_context,
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test in this directory is a browser test (so `-m "not browser"` leaves them out)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        reason = f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
        if REQUIRE_SERVICES:
            pytest.fail(f"SPONA_REQUIRE_SERVICES=1 but {reason}")
        pytest.skip(reason)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    runner = sync_playwright().start()
    try:
        yield runner
    finally:
        runner.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def browser_context(
    browser: Browser, live_server: Any, viewport: str, request: pytest.FixtureRequest
) -> Iterator[BrowserContext]:
    """A fresh context at the viewport, in the test's ``language`` (or Serbian Latin)."""
    language = (
        request.getfixturevalue("language")
        if "language" in request.fixturenames
        else DEFAULT_LANGUAGE
    )
    context = new_context(browser, live_server, viewport=viewport, language=language)
    yield context
    context.close()


@pytest.fixture
def page(browser_context: BrowserContext) -> Iterator[Page]:
    """A page that fails the test if any script on it throws."""
    page = browser_context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert errors == [], f"JavaScript errors on the page: {errors}"


@pytest.fixture
def users(db: None) -> Users:
    """A coordinator (Nišava and Pirot), a verified company's owner with an open internship in
    Niš requiring Python and Git, and a candidate without a profile (password: PASSWORD)."""
    return create_users()
