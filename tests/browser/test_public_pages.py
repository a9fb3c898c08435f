"""First browser tests: the public list on phone and desktop, languages, htmx, skill suggestions."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from companies.models import Placement
from tests.browser.helpers import Users, login, new_context, screenshot
from tests.factories import PlacementFactory, municipality

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADING = {
    "sr-latn": "Otvorene prakse i poslovi",
    "sr": "Отворене праксе и послови",
    "en": "Open internships and jobs",
}
KIND_JOB = {"sr-latn": "Posao", "sr": "Посао", "en": "Job"}
PIROT = {"sr-latn": "Pirot", "sr": "Пирот", "en": "Pirot"}


def seed_placements() -> None:
    PlacementFactory.create(title="Praksa: junior programer", municipality=municipality("nis"))
    PlacementFactory.create(
        title="Magacioner", kind=Placement.Kind.JOB, municipality=municipality("pirot")
    )


def test_the_public_list_shows_open_placements_in_each_language(
    page: Page, live_server: Any, language: str, viewport: str
) -> None:
    seed_placements()
    page.goto(live_server.url + "/")
    expect(page.locator("h1")).to_have_text(HEADING[language])
    items = page.locator("li.placement")
    expect(items).to_have_count(2)
    job = items.filter(has_text="Magacioner")
    expect(job.locator(".kind")).to_have_text(KIND_JOB[language])
    expect(job.locator(".meta")).to_contain_text(PIROT[language])
    # Nothing wider than the screen: the phone layout must not scroll sideways.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(page, f"{viewport}-{language}")


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_css_and_htmx_are_served_by_the_live_server(page: Page, live_server: Any) -> None:
    page.goto(live_server.url + "/")
    assert page.evaluate("typeof htmx") == "object"
    assert page.evaluate("htmx.version").startswith("2.")
    stylesheets = page.evaluate("document.styleSheets.length")
    rules = page.evaluate("Array.from(document.styleSheets).map(s => s.cssRules.length)")
    assert stylesheets >= 1 and sum(rules) > 10


def test_choosing_a_language_in_the_header_switches_the_page(
    page: Page, live_server: Any, viewport: str
) -> None:
    seed_placements()
    page.goto(live_server.url + "/?kind=job")
    expect(page.locator("h1")).to_have_text(HEADING["sr-latn"])
    with page.expect_navigation():
        page.select_option("#language", "sr")
    expect(page.locator("h1")).to_have_text(HEADING["sr"])
    assert page.url.endswith("/?kind=job")
    expect(page.locator("html")).to_have_attribute("lang", "sr-Cyrl")
    expect(page.locator("li.placement")).to_have_count(1)
    expect(page.locator("li.placement .meta")).to_contain_text("Пирот")
    screenshot(page, f"{viewport}-sr")
    with page.expect_navigation():
        page.select_option("#language", "en")
    expect(page.locator("h1")).to_have_text(HEADING["en"])


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_language_switch_works_without_javascript(
    browser: Any, live_server: Any, viewport: str
) -> None:
    context = new_context(browser, live_server, viewport=viewport, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        page.select_option("#language", "en")
        expect(page.locator("h1")).to_have_text(HEADING["sr-latn"])  # no script: no auto-submit
        with page.expect_navigation():
            page.locator(".language-switch button[type=submit]").click()
        expect(page.locator("h1")).to_have_text(HEADING["en"])
    finally:
        context.close()


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
@pytest.mark.parametrize("language", ["sr"], indirect=True)
def test_the_cyrillic_page_names_municipalities_in_cyrillic(
    page: Page, live_server: Any, language: str
) -> None:
    seed_placements()
    page.goto(live_server.url + "/")
    options = page.locator("#municipality option").all_inner_texts()
    assert "Ниш" in options and "Пирот" in options
    assert "Nis" not in options and "Niš" not in options
    districts = page.locator("#district option").all_inner_texts()
    assert "Нишавски округ" in districts


@pytest.mark.parametrize("viewport", ["phone", "desktop"], indirect=True)
def test_skill_suggestions_arrive_through_htmx_for_cyrillic_typing(
    page: Page, live_server: Any
) -> None:
    page.goto(live_server.url + "/")
    # No page with the picker exists yet: mount an htmx element that asks the endpoint.
    page.evaluate(
        """() => {
            const probe = document.createElement('div');
            probe.id = 'probe';
            probe.setAttribute('hx-get', '/skills/suggest/?q=' + encodeURIComponent('пајт'));
            probe.setAttribute('hx-trigger', 'load');
            document.querySelector('main').append(probe);
            htmx.process(probe);
        }"""
    )
    suggestion = page.locator("#probe button.suggestion[data-code='it.python']")
    expect(suggestion).to_be_visible()
    expect(suggestion).to_contain_text("Python")


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_the_login_helper_signs_a_company_member_in(
    page: Page, live_server: Any, users: Users
) -> None:
    login(page, live_server, users.company_member.username)
    expect(page.locator(".account-nav")).to_contain_text(users.company_member.get_full_name())
    with pytest.raises(AssertionError, match="failed"):
        page.context.clear_cookies()
        login(page, live_server, users.company_member.username, "wrong password")
