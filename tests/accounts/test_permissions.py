"""Role and scope rules of accounts.permissions."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import permissions
from accounts.models import User
from companies.models import CompanyMembership, Placement
from matching.models import Match
from reference.models import District
from tests.factories import (
    CandidateProfileFactory,
    CompanyFactory,
    OrganisationFactory,
    PlacementFactory,
    UserFactory,
    municipality,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    """Two districts' worth of people: Pčinjski (Vranje) and Nišavski (Niš)."""
    nexus = OrganisationFactory.create(short_name="NEXUS")
    nexus.districts.set([District.objects.get(code="RS-24")])
    eneca = OrganisationFactory.create(short_name="ENECA")
    eneca.districts.set([District.objects.get(code="RS-20")])
    coordinator_vranje = UserFactory.create(role=User.Role.COORDINATOR, organisation=nexus)
    coordinator_nis = UserFactory.create(role=User.Role.COORDINATOR, organisation=eneca)
    candidate_vranje = CandidateProfileFactory.create(municipality=municipality("vranje"))
    candidate_nis = CandidateProfileFactory.create(municipality=municipality("nis"))
    company_vranje = CompanyFactory.create(municipality=municipality("vranje"))
    company_nis = CompanyFactory.create(municipality=municipality("nis"))
    member_vranje = UserFactory.create(role=User.Role.COMPANY)
    CompanyMembership.objects.create(user=member_vranje, company=company_vranje)
    placement_vranje = PlacementFactory.create(
        company=company_vranje, municipality=municipality("vranje")
    )
    placement_nis_draft = PlacementFactory.create(company=company_nis, status="draft")
    proposed = Match.objects.create(
        candidate=candidate_nis, placement=placement_vranje, score=0.8, status=Match.Status.PROPOSED
    )
    suggested = Match.objects.create(
        candidate=candidate_vranje, placement=placement_vranje, score=0.9
    )
    return locals()


def test_anonymous_sees_only_open_placements(world: dict[str, Any]) -> None:
    anonymous = AnonymousUser()
    assert permissions.role_of(anonymous) == "anonymous"
    assert list(permissions.placements_visible_to(anonymous)) == [world["placement_vranje"]]
    assert not permissions.candidates_visible_to(anonymous).exists()
    assert not permissions.matches_visible_to(anonymous).exists()


def test_coordinators_see_their_districts_only(world: dict[str, Any]) -> None:
    vranje = world["coordinator_vranje"]
    assert set(permissions.candidates_visible_to(vranje)) == {world["candidate_vranje"]}
    assert set(permissions.companies_visible_to(vranje)) == {world["company_vranje"]}
    assert set(permissions.matches_visible_to(vranje)) == {world["suggested"]}
    nis = world["coordinator_nis"]
    assert set(permissions.candidates_visible_to(nis)) == {world["candidate_nis"]}
    assert world["placement_nis_draft"] in permissions.placements_visible_to(nis)
    assert world["placement_nis_draft"] not in permissions.placements_visible_to(vranje)


def test_sensitive_data_only_for_the_candidates_district(world: dict[str, Any]) -> None:
    candidate = world["candidate_vranje"]
    assert permissions.can_view_sensitive_data(world["coordinator_vranje"], candidate)
    assert not permissions.can_view_sensitive_data(world["coordinator_nis"], candidate)
    assert not permissions.can_view_sensitive_data(world["member_vranje"], candidate)
    assert not permissions.can_view_sensitive_data(candidate.user, candidate)


def test_a_company_sees_only_candidates_proposed_to_it(world: dict[str, Any]) -> None:
    member = world["member_vranje"]
    assert set(permissions.candidates_visible_to(member)) == {world["candidate_nis"]}
    assert set(permissions.matches_visible_to(member)) == {world["proposed"]}
    assert not permissions.company_may_see_contact(world["proposed"])
    assert permissions.can_manage_placement(member, world["placement_vranje"])
    assert not permissions.can_manage_placement(member, world["placement_nis_draft"])


def test_a_candidate_sees_self_and_own_matches_for_open_placements(
    world: dict[str, Any],
) -> None:
    candidate = world["candidate_vranje"]
    user = candidate.user
    assert list(permissions.candidates_visible_to(user)) == [candidate]
    assert list(permissions.matches_visible_to(user)) == [world["suggested"]]
    Placement.objects.filter(pk=world["placement_vranje"].pk).update(status="filled")
    assert not permissions.matches_visible_to(user).exists()


def test_superusers_are_admins(world: dict[str, Any]) -> None:
    root = UserFactory.create(is_superuser=True, role=User.Role.CANDIDATE)
    assert permissions.is_admin(root)
    assert permissions.candidates_visible_to(root).count() == 2
