"""Fixtures for the follow-up tests: eager Celery, coordinators of two districts, placed matches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from accounts.models import User
from candidates.models import CandidateProfile
from companies.models import Company, Placement
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
    """ENECA covers the Nišava district (coordinators `coordinator` and `colleague`), NEXUS the
    Pčinja district (`far_coordinator`); a company in Niš; `make_match` creates matches."""

    coordinator: User
    colleague: User
    far_coordinator: User
    company: Company
    make_match: Callable[..., Match]


@pytest.fixture
def world() -> World:
    eneca = OrganisationFactory.create(short_name="ENECA")
    eneca.districts.set([District.objects.get(code="RS-20")])
    nexus = OrganisationFactory.create(short_name="NEXUS")
    nexus.districts.set([District.objects.get(code="RS-24")])
    company = CompanyFactory.create(legal_name="Nišville Soft d.o.o.")

    def make_match(
        *,
        place: str = "nis",
        status: str = Match.Status.CANDIDATE_ACCEPTED,
        start_date: dt.date | None = dt.date(2027, 3, 1),
        duration_months: int | None = 6,
        kind: str = Placement.Kind.INTERNSHIP,
        first_name: str = "Marija",
        **placement: Any,
    ) -> Match:
        placement_row = PlacementFactory.create(
            company=company,
            start_date=start_date,
            duration_months=duration_months,
            kind=kind,
            **placement,
        )
        candidate: CandidateProfile = CandidateProfileFactory.create(
            user=UserFactory.create(first_name=first_name), municipality=municipality(place)
        )
        return Match.objects.create(
            candidate=candidate, placement=placement_row, score=0.8, status=status
        )

    return World(
        coordinator=UserFactory.create(
            role=User.Role.COORDINATOR, organisation=eneca, first_name="Ivana"
        ),
        colleague=UserFactory.create(
            role=User.Role.COORDINATOR, organisation=eneca, first_name="Petar"
        ),
        far_coordinator=UserFactory.create(
            role=User.Role.COORDINATOR, organisation=nexus, first_name="Dragan"
        ),
        company=company,
        make_match=make_match,
    )
