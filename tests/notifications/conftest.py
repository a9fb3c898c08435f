"""Fixtures for the notification tests: eager Celery, a small world of people and a match."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from accounts.models import User
from candidates.models import CandidateProfile
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


@pytest.fixture(autouse=True)
def _eager_celery(eager_celery: None) -> None:
    """Tasks run in-process here (tests/conftest.py's eager_celery)."""


@dataclass
class World:
    """A candidate in Niš, a company with two members, a coordinator for the Nišava district
    and one for another district, and a match between the candidate and a placement."""

    candidate: CandidateProfile
    placement: Placement
    member: User
    other_member: User
    coordinator: User
    far_coordinator: User
    match: Match


@pytest.fixture
def world() -> World:
    nisava = OrganisationFactory.create(short_name="ENECA")
    nisava.districts.set([District.objects.get(code="RS-20")])
    pcinja = OrganisationFactory.create(short_name="NEXUS")
    pcinja.districts.set([District.objects.get(code="RS-24")])
    company = CompanyFactory.create(legal_name="Nišville Soft d.o.o.")
    member = UserFactory.create(role=User.Role.COMPANY, first_name="Jovan")
    other_member = UserFactory.create(role=User.Role.COMPANY, first_name="Ana")
    for user in (member, other_member):
        CompanyMembership.objects.create(user=user, company=company)
    placement = PlacementFactory.create(
        company=company, title="Praksa: junior programer", municipality=municipality("nis")
    )
    candidate = CandidateProfileFactory.create(
        user=UserFactory.create(first_name="Marija", preferred_language="sr")
    )
    match = Match.objects.create(candidate=candidate, placement=placement, score=0.9)
    return World(
        candidate=candidate,
        placement=placement,
        member=member,
        other_member=other_member,
        coordinator=UserFactory.create(role=User.Role.COORDINATOR, organisation=nisava),
        far_coordinator=UserFactory.create(role=User.Role.COORDINATOR, organisation=pcinja),
        match=match,
    )
