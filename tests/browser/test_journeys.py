"""End-to-end journeys in a real browser: sign-up to an accepted offer once in every language
(each role on a phone in one run and on a desktop in another); the language switch; a
Cyrillic page; the no-JavaScript path; and keyboard and accessibility basics for each role.

Every step the journey is about is taken by clicking and typing; the database is only used
to build the starting world (tests.browser.helpers.create_users) and to check the end state.
Screenshots go to test-artifacts/screenshots/; `SPONA_DOC_SCREENSHOTS=1 pytest
tests/browser/test_journeys.py` also refreshes the README's four in docs/screenshots/.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import translation
from playwright.sync_api import Browser, Page, expect

from candidates.models import CandidateProfile
from companies.models import PlacementSkill
from matching.models import Match, MatchTransition
from matching.services.matches import matches_refresh_for_candidate
from reference.models import Skill
from reference.skill_search import skill_search_index_clear
from tests.browser.helpers import (
    REPO_ROOT,
    SCREENSHOTS,
    Users,
    assert_no_sideways_scroll,
    candidate_profile_for,
    login,
    new_visitor,
    proposed_match,
    screenshot,
    view_screenshot,
)
from tests.factories import PlacementFactory, municipality

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The README's screenshots are refreshed only on request (SPONA_DOC_SCREENSHOTS=1), so that
# an ordinary run does not rewrite tracked files; otherwise they go with the other artifacts.
DOCS_SCREENSHOTS = (
    REPO_ROOT / "docs" / "screenshots"
    if os.environ.get("SPONA_DOC_SCREENSHOTS", "") == "1"
    else SCREENSHOTS / "docs"
)
SIGNUP_PASSWORD = "Niš-Pirot-2026-praksa"

# The first explanation sentence for a candidate who has both required skills
# (matching.explanations: Cyrillic is derived from the Serbian Latin sentence).
SKILLS_SENTENCE = {
    "sr-latn": "Odgovara: 2 od 2 tražene veštine",
    "sr": "Одговара: 2 од 2 тражене вештине",
    "en": "Matches 2 of 2 required skills",
}
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
LATIN_LETTERS = re.compile(r"[A-Za-zČčĆćŠšŽžĐđ]")


def translated(msgid: str, language: str) -> str:
    """The page text for an English msgid in a language, read from the same catalogues."""
    with translation.override(language):
        return translation.gettext(msgid)


@pytest.fixture(autouse=True)
def _tasks_in_process(eager_celery: None) -> None:
    """The match refresh a save asks for runs in-process, as in the embedded default
    (CELERY_TASK_ALWAYS_EAGER when no broker is set); CI names a Redis broker but runs no
    worker. The refresh itself is the app's own task, dispatched by the app's own code."""
    cache.clear()  # no coalescing key left over from an earlier test


@pytest.fixture(autouse=True)
def _fresh_skill_index() -> None:
    """The skill search index is cached per process for a minute and holds skill ids; the
    reference data put back after each transactional test keeps its ids, but a skill another
    test added would linger in the index. Start each test with a fresh index."""
    skill_search_index_clear()


def _email(language: str, viewport: str) -> str:
    return f"jelena.{language}.{viewport}@example.org"


def _sign_up(page: Page, live_server: Any, *, email: str, shot: str) -> None:
    """A graduate fills in the sign-up form (Niš, internship and job, privacy notice)."""
    page.goto(f"{live_server.url}/me/signup/")
    page.fill("#id_first_name", "Jelena")
    page.fill("#id_last_name", "Stojanović")
    page.fill("#id_email", email)
    page.fill("#id_phone", "+381 64 123 4567")
    page.fill("#id_password1", SIGNUP_PASSWORD)
    page.fill("#id_password2", SIGNUP_PASSWORD)
    page.select_option("#id_municipality", str(municipality("nis").pk))
    page.select_option("#id_category", CandidateProfile.Category.GRADUATE.value)
    page.check("#id_accept_notice")
    # Each "what are you looking for" label sits beside its box, not under it.
    box = page.locator("#id_seeks_0").bounding_box()
    label = page.locator("label[for=id_seeks_0]").bounding_box()
    assert (
        box and label and abs(label["y"] + label["height"] / 2 - box["y"] - box["height"] / 2) < 8
    )
    page.check("#id_share_with_companies")
    screenshot(page, f"journey-signup-{shot}")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/me/welcome/")


def _pick_skill(page: Page, typed: str, code: str) -> None:
    """Type into the skill picker key by key and pick the suggestion chip htmx brings."""
    box = page.locator("#id_skills_text")
    box.fill("")
    box.press_sequentially(typed, delay=40)
    suggestion = page.locator(f"#skills-suggestions button.suggestion[data-code='{code}']")
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(page.locator(f"#skills-chosen input[type=hidden][value='{code}']")).to_have_count(1)
    expect(box).to_have_value("")


def _match_card(page: Page, placement_title: str) -> Any:
    return page.locator("article.match").filter(has_text=placement_title)


# The whole journey once per language, the graduate and the company on one device and the
# coordinator on the other, so that across the three runs each role's pages are seen on a
# phone and on a desktop (the page tests run every page on both).
JOURNEYS = [("sr-latn", "phone"), ("sr", "desktop"), ("en", "phone")]
OTHER_DEVICE = {"phone": "desktop", "desktop": "phone"}


@pytest.mark.parametrize(
    ("language", "viewport"),
    [
        pytest.param(language, viewport, id=f"{language}-{viewport}")
        for language, viewport in JOURNEYS
    ],
    indirect=True,
)
def test_the_programme_journey_from_sign_up_to_an_accepted_offer(
    page: Page, browser: Browser, live_server: Any, users: Users, language: str, viewport: str
) -> None:
    shot = f"{viewport}-{language}"
    coordinator_viewport = OTHER_DEVICE[viewport]
    title = users.placement.title
    email = _email(language, viewport)

    # 1. The graduate signs up and lands on onboarding.
    _sign_up(page, live_server, email=email, shot=shot)
    screenshot(page, f"journey-onboarding-{shot}")
    assert_no_sideways_scroll(page)
    # The public list's "/" is a prefix of every path but not the page being shown.
    expect(page.locator(".main-nav a[href='/'][aria-current=page]")).to_have_count(0)

    # 2. Skills typed in Cyrillic, picked from the htmx suggestions; one more with a typo,
    # left in the box for the server to resolve when saving. ("Git" is too short for typo
    # matching - "Gti" stays in the person's words - so the typo is on another skill.)
    _pick_skill(page, "пајтон", "it.python")
    _pick_skill(page, "гит", "it.git")
    page.locator("#id_skills_text").press_sequentially("Javascirpt", delay=20)
    screenshot(page, f"journey-skills-{shot}")
    with page.expect_navigation():
        page.locator("main form.stacked button[type=submit].primary").click()
    expect(page).to_have_url(f"{live_server.url}/me/matches/")
    profile = CandidateProfile.objects.get(user__username=email)
    assert sorted(s.skill.code for s in profile.skills.select_related("skill") if s.skill) == [
        "it.git",
        "it.javascript",
        "it.python",
    ]

    # 3. The refresh ran after the save: the Niš internship is there, explained in words.
    expect(page.locator("h1")).to_have_text(translated("My matches", language))
    card = _match_card(page, title)
    expect(card).to_have_count(1)
    expect(card.locator(".explanation")).to_contain_text(SKILLS_SENTENCE[language])
    screenshot(page, f"journey-matches-{shot}")
    assert_no_sideways_scroll(page)
    expect(page.locator(".main-nav a[aria-current=page]")).to_have_attribute("href", "/me/matches/")
    if (viewport, language) == ("phone", "sr-latn"):
        view_screenshot(page, DOCS_SCREENSHOTS / "candidate-matches-phone-sr-latn.png")
    if (viewport, language) == ("desktop", "sr"):
        card.scroll_into_view_if_needed()
        view_screenshot(page, DOCS_SCREENSHOTS / "candidate-matches-desktop-sr.png")
    with page.expect_navigation():
        card.locator("button[name=transition][value=express_interest]").click()
    match = Match.objects.get(candidate=profile, placement=users.placement)
    assert match.status == Match.Status.INTERESTED

    # 4. The coordinator finds it in the work queue, shortlists it and proposes it (htmx).
    coordinator = new_visitor(
        browser, live_server, viewport=coordinator_viewport, language=language
    )
    try:
        cpage = coordinator.page
        login(cpage, live_server, users.coordinator.username)
        cpage.goto(f"{live_server.url}/coordinator/")
        row = cpage.locator(f"li#match-{match.pk}")
        expect(row).to_contain_text("Jelena Stojanović")
        expect(row.locator(".explanation")).to_contain_text(SKILLS_SENTENCE[language])
        screenshot(cpage, f"journey-queue-{coordinator_viewport}-{language}")
        assert_no_sideways_scroll(cpage)
        if (coordinator_viewport, language) == ("desktop", "sr-latn"):
            view_screenshot(cpage, DOCS_SCREENSHOTS / "coordinator-queue-desktop-sr-latn.png")
        row.locator("button[name=transition][value=shortlist]").click()
        expect(row.locator("button[name=transition][value=propose]")).to_be_visible()
        expect(row.locator("button[name=transition][value=shortlist]")).to_have_count(0)
        row.locator("button[name=transition][value=propose]").click()
        expect(row.locator("button[name=transition][value=propose]")).to_have_count(0)
        expect(row.locator("[role=status]")).to_be_visible()
    finally:
        coordinator.close()
    match.refresh_from_db()
    assert match.status == Match.Status.PROPOSED

    # 5. The company sees the proposed candidate with the explanation and accepts.
    company = new_visitor(browser, live_server, viewport=viewport, language=language)
    try:
        kpage = company.page
        login(kpage, live_server, users.company_member.username)
        kpage.goto(f"{live_server.url}/company/proposals/")
        proposal = kpage.locator(f"#proposal-{match.pk}")
        expect(proposal.locator(".explanation")).to_contain_text(SKILLS_SENTENCE[language])
        screenshot(kpage, f"journey-proposals-{shot}")
        assert_no_sideways_scroll(kpage)
        if (viewport, language) == ("phone", "en"):
            view_screenshot(kpage, DOCS_SCREENSHOTS / "company-proposals-phone-en.png")
        accept = proposal.locator(
            "form:has(input[name=transition][value=company_accept]) button[type=submit]"
        )
        with kpage.expect_navigation():
            accept.click()
        expect(kpage.locator(".messages")).to_be_visible()
    finally:
        company.close()
    match.refresh_from_db()
    assert match.status == Match.Status.COMPANY_ACCEPTED

    # 6. The graduate logs in again (a new session) and accepts the offer.
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    login(page, live_server, email, SIGNUP_PASSWORD)
    page.goto(f"{live_server.url}/me/matches/")
    card = _match_card(page, title)
    with page.expect_navigation():
        card.locator("button[name=transition][value=candidate_accept]").click()
    expect(page.locator(".messages .success")).to_be_visible()
    screenshot(page, f"journey-accepted-{shot}")

    match.refresh_from_db()
    assert match.status == Match.Status.CANDIDATE_ACCEPTED
    steps = list(
        MatchTransition.objects.filter(match=match)
        .order_by("id")
        .values_list("transition", "from_status", "to_status")
    )
    assert steps == [
        ("express_interest", "suggested", "interested"),
        ("shortlist", "interested", "shortlisted"),
        ("propose", "shortlisted", "proposed"),
        ("company_accept", "proposed", "company_accepted"),
        ("candidate_accept", "company_accepted", "candidate_accepted"),
    ]
    actors = list(
        MatchTransition.objects.filter(match=match).order_by("id").values_list("actor", flat=True)
    )
    assert actors == [
        profile.user_id,
        users.coordinator.pk,
        users.coordinator.pk,
        users.company_member.pk,
        profile.user_id,
    ]


# --- 2. the language switch on a signed-in page ------------------------------------------------


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_switching_language_on_my_matches_changes_the_script_and_the_explanation(
    page: Page, live_server: Any, users: Users
) -> None:
    candidate_profile_for(users, ("it.python", "it.git"))
    login(page, live_server, users.candidate.username)
    page.goto(f"{live_server.url}/me/matches/")
    card = _match_card(page, users.placement.title)
    expect(card.locator(".explanation")).to_contain_text(SKILLS_SENTENCE["sr-latn"])
    expect(page.locator("h1")).to_have_text(translated("My matches", "sr-latn"))

    with page.expect_navigation():
        page.select_option("#language", "sr")
    expect(page).to_have_url(f"{live_server.url}/me/matches/")
    expect(page.locator("html")).to_have_attribute("lang", "sr-Cyrl")
    expect(page.locator("h1")).to_have_text(translated("My matches", "sr"))
    assert CYRILLIC.search(page.inner_text("h1"))
    explanation = card.locator(".explanation")
    expect(explanation).to_contain_text(SKILLS_SENTENCE["sr"])
    expect(explanation).not_to_contain_text("Odgovara")
    expect(card.locator("button[value=express_interest]")).to_have_text(
        translated("I am interested", "sr")
    )
    screenshot(page, "phone-sr")

    with page.expect_navigation():
        page.select_option("#language", "en")
    expect(card.locator(".explanation")).to_contain_text(SKILLS_SENTENCE["en"])


# --- 3. a Cyrillic page --------------------------------------------------------------------------


def _is_cyrillic_text(text: str) -> bool:
    return bool(CYRILLIC.search(text)) and not LATIN_LETTERS.search(text)


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
@pytest.mark.parametrize("language", ["sr"], indirect=True)
def test_the_coordinator_queue_in_serbian_cyrillic_has_no_latin_leftovers(
    page: Page, live_server: Any, users: Users, language: str
) -> None:
    candidate_profile_for(users, ("it.python", "it.git"))
    match = Match.objects.get(candidate__user=users.candidate, placement=users.placement)
    login(page, live_server, users.coordinator.username)
    page.goto(f"{live_server.url}/coordinator/")

    # Key UI strings, each wholly in Cyrillic.
    heading = page.inner_text("h1")
    assert heading == translated("Work queue", "sr") and _is_cyrillic_text(heading)
    skip = page.locator("a.skip-link").inner_text()
    assert _is_cyrillic_text(skip), skip
    for label in page.locator("form.filters label").all_inner_texts():
        assert _is_cyrillic_text(label), label
    assert _is_cyrillic_text(page.locator("form.filters button[type=submit]").inner_text())
    row = page.locator(f"li#match-{match.pk}")
    for value in ("shortlist", "propose"):
        text = row.locator(f"button[name=transition][value={value}]").inner_text()
        assert _is_cyrillic_text(text), text
    assert _is_cyrillic_text(row.locator(".badge").inner_text())
    assert _is_cyrillic_text(page.locator(".account-nav button").inner_text())

    # Places in Cyrillic: the row (placement and the candidate's home) and the district filter.
    meta = row.locator(".meta").all_inner_texts()
    assert all("Ниш" in line for line in meta), meta
    assert not any(re.search(r"\bNiš\b", line) for line in meta), meta  # not "Nišville"
    districts = page.locator("#id_district option").all_inner_texts()
    assert "Нишавски округ" in districts and "Пиротски округ" in districts
    assert not any("Nišavski" in name or "Pirotski" in name for name in districts)

    # The explanation in Cyrillic (skill names such as Python stay Latin on purpose).
    expect(row.locator(".explanation")).to_contain_text(SKILLS_SENTENCE["sr"])
    screenshot(page, "desktop-sr")


# --- 4. without JavaScript -----------------------------------------------------------------------


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_without_javascript_skills_are_typed_and_matches_are_handled_with_plain_posts(
    browser: Browser, live_server: Any, users: Users, viewport: str
) -> None:
    profile = candidate_profile_for(users)
    assert not profile.skills.exists()
    other = PlacementFactory.create(
        company=users.company, title="Praksa: tester", municipality=municipality("pirot")
    )
    PlacementSkill.objects.create(
        placement=other, skill=Skill.objects.get(code="it.python"), required=True
    )

    candidate = new_visitor(browser, live_server, viewport=viewport, java_script_enabled=False)
    try:
        page = candidate.page
        login(page, live_server, users.candidate.username)
        page.goto(f"{live_server.url}/me/profile/")
        assert page.evaluate("typeof window.htmx") == "undefined"  # scripts really are off
        page.fill("#id_skills_text", "пајтон, git")
        with page.expect_navigation():
            page.locator("main form.stacked button[type=submit].primary").click()
        expect(page).to_have_url(f"{live_server.url}/me/profile/")
        expect(page.locator(".messages")).to_contain_text(
            translated("Your profile is saved.", "sr-latn")
        )
        # Both resolved to the taxonomy: shown as chosen skills, the box is empty again.
        chosen = page.locator("#skills-chosen")
        expect(chosen.locator("input[type=hidden][value='it.python']")).to_have_count(1)
        expect(chosen.locator("input[type=hidden][value='it.git']")).to_have_count(1)
        expect(chosen).to_contain_text("Python")
        expect(chosen).to_contain_text("Git")
        expect(page.locator("#id_skills_text")).to_have_value("")
        screenshot(page, "nojs-profile")
    finally:
        candidate.close()
    assert sorted(row.skill.code for row in profile.skills.select_related("skill")) == [
        "it.git",
        "it.python",
    ]

    # The save asked for a refresh; the coordinator takes the steps with plain form posts.
    match = Match.objects.get(candidate=profile, placement=users.placement)
    rejected = Match.objects.get(candidate=profile, placement=other)
    coordinator = new_visitor(browser, live_server, viewport=viewport, java_script_enabled=False)
    try:
        page = coordinator.page
        login(page, live_server, users.coordinator.username)
        page.goto(f"{live_server.url}/coordinator/")
        row = page.locator(f"li#match-{match.pk}")
        with page.expect_navigation():
            row.locator("button[name=transition][value=shortlist]").click()
        expect(page).to_have_url(f"{live_server.url}/coordinator/")
        expect(page.locator(".messages .success")).to_be_visible()
        with page.expect_navigation():
            row.locator("button[name=transition][value=propose]").click()
        expect(page.locator(".messages .success")).to_be_visible()
        screenshot(page, "nojs-queue")

        # Rejecting needs a reason: refused with the field named, then done with one.
        row = page.locator(f"li#match-{rejected.pk}")
        row.locator("details.reason-step summary").click()
        with page.expect_navigation():
            row.locator("details.reason-step button[type=submit]").click()
        expect(page.locator(".messages .error")).to_contain_text(
            translated("Reason", "sr-latn") + ": "
        )
        row.locator("details.reason-step summary").click()
        row.locator("details.reason-step select[name=reason_code]").select_option("poor_fit")
        with page.expect_navigation():
            row.locator("details.reason-step button[type=submit]").click()
        expect(page.locator(".messages .success")).to_be_visible()
        expect(page.locator(f"li#match-{rejected.pk}")).to_have_count(0)  # left the queue
    finally:
        coordinator.close()
    match.refresh_from_db()
    assert match.status == Match.Status.PROPOSED
    steps = MatchTransition.objects.filter(match=match).order_by("id")
    assert list(steps.values_list("transition", flat=True)) == ["shortlist", "propose"]
    rejected.refresh_from_db()
    assert rejected.status == Match.Status.REJECTED
    assert rejected.transitions.get().reason == translated(
        "Not a good fit for this placement", "sr-latn"
    )


# --- 5. keyboard and accessibility basics ---------------------------------------------------------

UNLABELLED_CONTROLS = """() => Array.from(
    document.querySelectorAll('input:not([type=hidden]), select, textarea')
).filter(el => {
    if ((el.getAttribute('aria-label') || '').trim()) return false;
    const ids = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
    if (ids.some(id => (document.getElementById(id)?.textContent || '').trim())) return false;
    if (el.id && Array.from(document.querySelectorAll('label')).some(
        label => label.htmlFor === el.id && label.textContent.trim())) return false;
    if (el.closest('label') && el.closest('label').textContent.trim()) return false;
    return true;
}).map(el => el.outerHTML.slice(0, 120))"""

FOCUSED = """() => {
    const el = document.activeElement;
    return el ? (el.tagName + '|' + (el.getAttribute('name') || '') + '|'
        + (el.getAttribute('value') || '') + '|' + (el.getAttribute('class') || '')) : '';
}"""


def _check_page_basics(page: Page, live_server: Any, path: str, target: str) -> None:
    """Every control named; the skip link is the first stop and moves focus to <main>; Tab
    alone reaches the button ``target`` (a CSS selector)."""
    page.goto(f"{live_server.url}{path}")
    assert page.evaluate(UNLABELLED_CONTROLS) == [], path

    page.locator("body").focus()
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # shown when focused
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main#main")).to_be_focused()

    wanted = page.locator(target).first
    expect(wanted).to_be_visible()
    for _ in range(80):
        page.keyboard.press("Tab")
        if wanted.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError(f"Tab never reached {target} on {path}: {page.evaluate(FOCUSED)}")
    # The focus is visible: the browser draws an outline (or the page's own focus style).
    outline = wanted.evaluate(
        "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.boxShadow]; }"
    )
    assert outline[0] != "none" or outline[1] != "none", outline


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_each_role_page_is_usable_from_the_keyboard_and_names_every_control(
    browser: Browser, live_server: Any, users: Users, viewport: str
) -> None:
    match = proposed_match(users)
    # A second, fresh suggestion for the coordinator's queue.
    other = PlacementFactory.create(
        company=users.company, title="Praksa: tester", municipality=municipality("pirot")
    )
    PlacementSkill.objects.create(
        placement=other, skill=Skill.objects.get(code="it.python"), required=True
    )
    matches_refresh_for_candidate(candidate_id=match.candidate_id)
    suggestion = Match.objects.get(candidate_id=match.candidate_id, placement=other)

    pages = [
        (users.candidate, "/me/profile/", "main form.stacked button[type=submit].primary"),
        (users.candidate, "/me/matches/", f"#match-{suggestion.pk} button[value=express_interest]"),
        (users.coordinator, "/coordinator/", f"#match-{suggestion.pk} button[value=propose]"),
        (
            users.company_member,
            "/company/proposals/",
            f"#proposal-{match.pk} form:has(input[value=company_accept]) button",
        ),
    ]
    for user, path, target in pages:
        visitor = new_visitor(browser, live_server, viewport=viewport)
        try:
            login(visitor.page, live_server, user.username)
            _check_page_basics(visitor.page, live_server, path, target)
        finally:
            visitor.close()
