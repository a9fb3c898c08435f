"""Editing a placement in a real browser keeps every field in every language (dates included).

Found while using the product: with the page in Serbian the date pickers showed nothing (the
value was rendered as "27.11.2026.", which `<input type=date>` does not read) and saving deleted
the application deadline without a word.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from companies.models import Placement, PlacementLanguage, PlacementSkill
from reference.models import Skill
from tests.browser.helpers import Users, login
from tests.factories import PlacementFactory, municipality

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

START = dt.date(2027, 3, 1)
DEADLINE = dt.date(2027, 2, 1)


def _snapshot(placement: Placement) -> dict[str, Any]:
    placement.refresh_from_db()
    fields = {
        name: getattr(placement, name)
        for name in (
            "kind",
            "title",
            "description",
            "municipality_id",
            "remote",
            "min_education_level",
            "slots",
            "start_date",
            "duration_months",
            "pay_min_rsd",
            "pay_max_rsd",
            "application_deadline",
            "status",
        )
    }
    fields["skills"] = sorted(
        (row.skill_id, row.written_as, row.required) for row in placement.skills.all()
    )
    fields["languages"] = sorted((row.language, row.min_level) for row in placement.languages.all())
    return fields


def _complete_placement(users: Users, *, status: str) -> Placement:
    placement = PlacementFactory.create(
        company=users.company,
        title="Praksa: knjigovođa",
        description="Vođenje knjiga za male firme; rad sa klijentima.",
        municipality=municipality("pirot"),
        remote=True,
        min_education_level=4,
        slots=3,
        start_date=START,
        duration_months=6,
        pay_min_rsd=40000,
        pay_max_rsd=55000,
        application_deadline=DEADLINE,
        status=status,
    )
    PlacementSkill.objects.create(
        placement=placement, skill=Skill.objects.get(code="it.python"), required=True
    )
    PlacementSkill.objects.create(
        placement=placement, skill=Skill.objects.get(code="it.git"), required=False
    )
    PlacementLanguage.objects.create(placement=placement, language="en", min_level="B1")
    return placement


def _save(page: Page, live_server: Any, placement: Placement) -> None:
    page.goto(f"{live_server.url}/company/placements/{placement.pk}/edit/")
    with page.expect_navigation():
        page.locator("main form button[type=submit].primary").click()
    assert page.url.endswith(f"/company/placements/{placement.pk}/")


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_editing_a_placement_keeps_every_field_in_each_language(
    page: Page, live_server: Any, users: Users, language: str
) -> None:
    draft = _complete_placement(users, status=Placement.Status.DRAFT)
    approved = _complete_placement(users, status=Placement.Status.OPEN)
    login(page, live_server, users.company_member.username)
    for placement in (draft, approved):
        before = _snapshot(placement)
        page.goto(f"{live_server.url}/company/placements/{placement.pk}/edit/")
        # The pickers show the stored dates, whatever the page language.
        expect(page.locator("input[name=start_date]")).to_have_value(START.isoformat())
        expect(page.locator("input[name=application_deadline]")).to_have_value(DEADLINE.isoformat())
        _save(page, live_server, placement)
        assert _snapshot(placement) == before, placement.status

    # A date changed in the picker is saved, and the other one is kept.
    page.goto(f"{live_server.url}/company/placements/{approved.pk}/edit/")
    page.locator("input[name=application_deadline]").fill("2027-02-15")
    with page.expect_navigation():
        page.locator("main form button[type=submit].primary").click()
    approved.refresh_from_db()
    assert approved.application_deadline == dt.date(2027, 2, 15)
    assert approved.start_date == START
