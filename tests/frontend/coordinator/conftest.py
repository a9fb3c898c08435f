"""A small programme for the coordinator page tests: two organisations, their districts,
companies, placements, candidates and matches."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from candidates.models import CandidateProfile, CandidateSkill
from companies.models import Company, CompanyMembership, Placement, PlacementSkill
from matching.models import Match
from reference.models import District, Skill
from tests.factories import (
    CandidateProfileFactory,
    CompanyFactory,
    OrganisationFactory,
    PlacementFactory,
    UserFactory,
    municipality,
)


def breakdown(missing: str = "Docker") -> dict[str, Any]:
    """Python and SQL met, one required skill missing, 12 km away."""

    def requirement(text: str, matched_by: str | None = "exact") -> dict[str, Any]:
        return {
            "requirement": text,
            "skill": None,
            "required": True,
            "matched_by": matched_by,
            "candidate_term": text,
            "similarity": 1.0 if matched_by else 0.0,
            "credit": 1.0 if matched_by else 0.0,
        }

    return {
        "total": 0.8,
        "components": {"skills": 0.7, "text": 0.4, "location": 1.0},
        "requirements": [
            requirement("Python"),
            requirement("SQL"),
            requirement(missing, matched_by=None),
        ],
        "missing_required": [missing],
        "distance_km": 12.3,
        "location_tier": "same_district",
        "excluded": [],
    }


@dataclass
class World:
    coordinator: User  # ENECA: Nišavski district
    other_coordinator: User  # NEXUS: Pčinjski district
    admin: User
    company_user: User
    company: Company  # Niš, verified
    vranje_company: Company  # Vranje, outside ENECA's districts
    python: Placement  # Niš, open internship
    welding: Placement  # Niš, open job
    vranje_placement: Placement  # Vranje, open
    marija: CandidateProfile  # Niš
    jovan: CandidateProfile  # Aleksinac (Nišavski)
    vranje_candidate: CandidateProfile  # Vranje (Pčinjski)
    best: Match  # jovan → python, 0.9, suggested
    middle: Match  # marija → python, 0.7, interested
    low: Match  # marija → welding, 0.5, suggested
    outside: Match  # vranje_candidate → vranje_placement, 0.95, suggested


def _match(candidate: CandidateProfile, placement: Placement, score: float, status: str) -> Match:
    return Match.objects.create(
        candidate=candidate,
        placement=placement,
        score=score,
        breakdown=breakdown(),
        status=status,
    )


@pytest.fixture
def world() -> World:
    eneca = OrganisationFactory.create(short_name="ENECA")
    eneca.districts.set([District.objects.get(code="RS-20")])
    nexus = OrganisationFactory.create(short_name="NEXUS")
    nexus.districts.set([District.objects.get(code="RS-24")])
    company = CompanyFactory.create(
        legal_name="Niški kod d.o.o.",
        municipality=municipality("nis"),
        verified=True,
        verified_at=dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC),
    )
    vranje_company = CompanyFactory.create(
        legal_name="Vranjska firma d.o.o.", municipality=municipality("vranje")
    )
    company_user = UserFactory.create(role=User.Role.COMPANY, username="firma")
    CompanyMembership.objects.create(company=company, user=company_user)
    python = PlacementFactory.create(company=company, title="Praksa: Python programer")
    welding = PlacementFactory.create(
        company=company, title="Zavarivač", kind=Placement.Kind.JOB, duration_months=None
    )
    vranje_placement = PlacementFactory.create(
        company=vranje_company, title="Praksa u Vranju", municipality=municipality("vranje")
    )
    PlacementSkill.objects.create(
        placement=python, skill=Skill.objects.get(code="it.python"), required=True
    )
    marija = CandidateProfileFactory.create(
        user=UserFactory.create(first_name="Marija", last_name="Petrović", username="marija"),
        municipality=municipality("nis"),
    )
    CandidateSkill.objects.create(
        candidate=marija, skill=Skill.objects.get(code="it.python"), proficiency=4
    )
    jovan = CandidateProfileFactory.create(
        user=UserFactory.create(first_name="Jovan", last_name="Đorđević", username="jovan"),
        municipality=municipality("aleksinac"),
    )
    vranje_candidate = CandidateProfileFactory.create(
        user=UserFactory.create(first_name="Stefan", last_name="Stojanović", username="stefan"),
        municipality=municipality("vranje"),
    )
    return World(
        coordinator=UserFactory.create(
            role=User.Role.COORDINATOR, organisation=eneca, username="coord"
        ),
        other_coordinator=UserFactory.create(role=User.Role.COORDINATOR, organisation=nexus),
        admin=UserFactory.create(role=User.Role.ADMIN, username="admin"),
        company_user=company_user,
        company=company,
        vranje_company=vranje_company,
        python=python,
        welding=welding,
        vranje_placement=vranje_placement,
        marija=marija,
        jovan=jovan,
        vranje_candidate=vranje_candidate,
        best=_match(jovan, python, 0.9, Match.Status.SUGGESTED),
        middle=_match(marija, python, 0.7, Match.Status.INTERESTED),
        low=_match(marija, welding, 0.5, Match.Status.SUGGESTED),
        outside=_match(vranje_candidate, vranje_placement, 0.95, Match.Status.SUGGESTED),
    )


def client_for(user: User | None, language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def coordinator_client(world: World) -> Client:
    return client_for(world.coordinator)
