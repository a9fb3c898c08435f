"""One rule links typed text to a skill, whichever door the text came in by.

A candidate's skills and a placement's requirements typed through the REST API are linked to
the taxonomy exactly as the same words typed into the pages: either script, typos, or kept in
the person's own words when the rule is not sure (reference.skill_search.skill_resolve_typed).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from candidates.models import CandidateProfile
from companies.models import Company, CompanyMembership, Placement, PlacementSkill
from reference.skill_search import skill_resolve_typed, skill_search_index_clear
from tests.factories import CandidateProfileFactory, CompanyFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db

TYPED = ["Pyhton", "пајтон", "viljuškar", "zavarivac", "pletenje korpi od pruća"]


@pytest.fixture(autouse=True)
def _fresh_index() -> None:
    skill_search_index_clear()


def _candidate_skill(profile: CandidateProfile) -> tuple[str | None, str]:
    row = profile.skills.select_related("skill").get()
    return (row.skill.code if row.skill else None, row.written_as)


def _page_profile(profile: CandidateProfile, typed: str) -> dict[str, Any]:
    return {
        "skills_text": typed,
        "category": profile.category,
        "seeks": ["internship"],
        "municipality": profile.municipality_id,
        "max_commute_km": "25",
        "education_level": "6",
        "language_0": "en",
        "level_0": "B2",
    }


@pytest.mark.parametrize("typed", TYPED)
def test_a_candidates_typed_skill_is_linked_alike_through_the_api_and_the_pages(
    typed: str,
) -> None:
    through_api = CandidateProfileFactory.create()
    api = APIClient()
    api.force_authenticate(through_api.user)
    response = api.patch("/api/v1/me/profile/", {"skills": [{"written_as": typed}]}, format="json")
    assert response.status_code == 200, response.content

    through_pages = CandidateProfileFactory.create()
    pages = Client()
    pages.force_login(through_pages.user)
    page = pages.post("/me/profile/", _page_profile(through_pages, typed))
    assert page.status_code == 302, page.context["form"].errors

    expected = skill_resolve_typed(text=typed)
    assert _candidate_skill(through_api) == _candidate_skill(through_pages)
    assert _candidate_skill(through_api) == (expected.code if expected else None, typed)


def _company_member() -> tuple[Company, User]:
    company = CompanyFactory.create()
    user = UserFactory.create(role=User.Role.COMPANY)
    CompanyMembership.objects.create(user=user, company=company, role="owner")
    return company, user


def _requirement(placement: Placement) -> tuple[str | None, str]:
    row = PlacementSkill.objects.select_related("skill").get(placement=placement)
    return (row.skill.code if row.skill else None, row.written_as)


@pytest.mark.parametrize("typed", TYPED)
def test_a_placements_typed_requirement_is_linked_alike_through_the_api_and_the_pages(
    typed: str,
) -> None:
    company, member = _company_member()
    api = APIClient()
    api.force_authenticate(member)
    created = api.post(
        "/api/v1/placements/",
        {
            "company": company.pk,
            "kind": "job",
            "title": "Kroz API",
            "municipality": "nis",
            "skills": [{"written_as": typed}],
        },
        format="json",
    )
    assert created.status_code == 201, created.content

    pages = Client()
    pages.force_login(member)
    page = pages.post(
        reverse("company:placement-create"),
        {
            "kind": "job",
            "title": "Kroz stranice",
            "municipality": str(municipality("nis").pk),
            "slots": "1",
            "required_skills_text": typed,
        },
    )
    assert page.status_code == 302, page.context["form"].errors

    through_api = Placement.objects.get(title="Kroz API")
    through_pages = Placement.objects.get(title="Kroz stranice")
    expected = skill_resolve_typed(text=typed)
    assert _requirement(through_api) == _requirement(through_pages)
    assert _requirement(through_api) == (expected.code if expected else None, typed)


def test_the_rule_links_typos_and_scripts_and_keeps_unknown_words() -> None:
    assert skill_resolve_typed(text="Pyhton").code == "it.python"  # type: ignore[union-attr]
    assert skill_resolve_typed(text="пајтон").code == "it.python"  # type: ignore[union-attr]
    assert skill_resolve_typed(text="pletenje korpi od pruća") is None
