"""Helpers of the candidate page tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from candidates.models import CandidateProfile
from companies.models import Placement
from matching.models import Match
from tests.factories import CandidateProfileFactory, PlacementFactory, UserFactory


def breakdown(**overrides: Any) -> dict[str, Any]:
    """Four of five required skills met, Docker missing, 12 km away."""

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

    base: dict[str, Any] = {
        "total": 0.83,
        "components": {"skills": 0.8, "text": 0.4, "location": 1.0},
        "requirements": [
            requirement("Python"),
            requirement("SQL"),
            requirement("Git"),
            requirement("Linux"),
            requirement("Docker", matched_by=None),
        ],
        "missing_required": ["Docker"],
        "distance_km": 12.3,
        "location_tier": "same_district",
        "excluded": [],
    }
    base.update(overrides)
    return base


def make_match(
    profile: CandidateProfile,
    placement: Placement | None = None,
    *,
    status: str = Match.Status.SUGGESTED,
    score: float = 0.83,
) -> Match:
    return Match.objects.create(
        candidate=profile,
        placement=placement or PlacementFactory.create(),
        score=score,
        breakdown=breakdown(),
        status=status,
    )


@pytest.fixture
def candidate() -> CandidateProfile:
    return CandidateProfileFactory.create(max_commute_km=30)


@pytest.fixture
def candidate_client(candidate: CandidateProfile) -> Client:
    client = Client()
    client.force_login(candidate.user)
    return client


def client_in(language: str, user: User | None = None) -> Client:
    client = Client()
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


def another_candidate() -> CandidateProfile:
    return CandidateProfileFactory.create(user=UserFactory.create(first_name="Jovan"))
