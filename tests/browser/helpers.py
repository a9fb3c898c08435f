"""Helpers for browser tests: viewports, contexts with a language, login, screenshots."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page

from accounts.models import Organisation, User
from companies.models import Company, CompanyMembership, Placement, PlacementSkill
from reference.models import District, Skill
from tests.factories import CompanyFactory, PlacementFactory, UserFactory, municipality

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
# The convention of the `services` marker (tests/conftest.py): required in CI, else skipped.
REQUIRE_SERVICES = os.environ.get("SPONA_REQUIRE_SERVICES", "") == "1"
PASSWORD = "correct horse battery"  # tests.factories.UserFactory's password
DEFAULT_LANGUAGE = "sr-latn"

VIEWPORTS: dict[str, dict[str, Any]] = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1366, "height": 900}},
}
LANGUAGES = ["sr-latn", "sr", "en"]


def new_context(
    browser: Browser,
    live_server: Any,
    *,
    viewport: str,
    language: str = DEFAULT_LANGUAGE,
    **options: Any,
) -> BrowserContext:
    """A fresh context (no session) at the viewport, with the language cookie set.

    The cookie is always set: otherwise the page language would follow Chromium's
    Accept-Language (en-US), which is not what a Serbian visitor sees.
    """
    context = browser.new_context(base_url=live_server.url, **VIEWPORTS[viewport], **options)
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    return context


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG as test-artifacts/screenshots/<test>-<name>.png.

    Call it as ``screenshot(page, f"{viewport}-{language}")`` for the
    ``<test>-<viewport>-<lang>.png`` naming.
    """
    test = os.environ.get("PYTEST_CURRENT_TEST", "test").split(" ")[0].split("::")[-1]
    test = test.split("[")[0]
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{test}-{name}").strip("-")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{slug}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page: Page, live_server: Any, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login form (no shortcuts) and wait for the landing page."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    if "/accounts/login/" in page.url:
        raise AssertionError(f"logging in as {username} failed: {page.inner_text('main')}")


@dataclass(frozen=True)
class Users:
    coordinator: User
    organisation: Organisation
    company_member: User
    company: Company
    placement: Placement
    candidate: User


def create_users() -> Users:
    """A coordinator for Nišava and Pirot, a verified company with an owner and an open
    internship in Niš requiring Python and Git, and a candidate account without a profile.
    Every password is ``PASSWORD``."""
    organisation = Organisation.objects.create(name="ENECA Niš", short_name="ENECA")
    organisation.districts.set(District.objects.filter(code__in=["RS-20", "RS-22"]))
    coordinator = UserFactory.create(
        username="koordinator", role=User.Role.COORDINATOR, organisation=organisation
    )
    company_member = UserFactory.create(username="firma", role=User.Role.COMPANY)
    company = CompanyFactory.create(
        legal_name="Nišville Soft d.o.o.", verified=True, verified_at=timezone.now()
    )
    CompanyMembership.objects.create(
        user=company_member, company=company, role=CompanyMembership.Role.OWNER
    )
    placement = PlacementFactory.create(
        company=company, title="Praksa: junior Python programer", municipality=municipality("nis")
    )
    for code in ("it.python", "it.git"):
        PlacementSkill.objects.create(
            placement=placement, skill=Skill.objects.get(code=code), required=True
        )
    candidate = UserFactory.create(username="kandidat", role=User.Role.CANDIDATE)
    return Users(
        coordinator=coordinator,
        organisation=organisation,
        company_member=company_member,
        company=company,
        placement=placement,
        candidate=candidate,
    )


# --- journeys (tests/browser/test_journeys.py) ------------------------------------------------


@dataclass
class Visitor:
    """A separate browser context (its own session) with one page that records script errors."""

    context: BrowserContext
    page: Page
    errors: list[str]

    def close(self) -> None:
        self.context.close()
        assert self.errors == [], f"JavaScript errors on the page: {self.errors}"


def new_visitor(
    browser: Browser,
    live_server: Any,
    *,
    viewport: str,
    language: str = DEFAULT_LANGUAGE,
    **options: Any,
) -> Visitor:
    """Another person at another device: a fresh context, a page, script errors collected."""
    context = new_context(browser, live_server, viewport=viewport, language=language, **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return Visitor(context=context, page=page, errors=errors)


def view_screenshot(page: Page, path: Path) -> Path:
    """A viewport-only PNG (small enough for the README) at an exact path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=False)
    return path


def candidate_profile_for(users: Users, skill_codes: tuple[str, ...] = ()) -> Any:
    """Starting world: ``users.candidate`` gets a profile in Niš (Jelena Stojanović) with the
    given taxonomy skills, and their matches are refreshed."""
    from candidates.services import SkillEntry, candidate_profile_create
    from matching.services.matches import matches_refresh_for_candidate

    user = users.candidate
    user.first_name, user.last_name = "Jelena", "Stojanović"
    user.save(update_fields=["first_name", "last_name"])
    profile = candidate_profile_create(
        user=user,
        category="graduate",
        municipality=municipality("nis"),
        skills=[SkillEntry(skill=Skill.objects.get(code=code)) for code in skill_codes],
    )
    matches_refresh_for_candidate(candidate_id=profile.pk)
    return profile


def proposed_match(users: Users) -> Any:
    """Starting world: the candidate (Python, Git) proposed for the Niš internship."""
    from matching.models import Match
    from matching.services.workflow import match_transition

    profile = candidate_profile_for(users, ("it.python", "it.git"))
    match = Match.objects.get(candidate=profile, placement=users.placement)
    return match_transition(match_id=match.pk, transition="propose", actor=users.coordinator)


def assert_no_sideways_scroll(page: Page) -> None:
    """Nothing wider than the screen: a phone page must not scroll sideways."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"
