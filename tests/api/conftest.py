"""A small programme for the API tests: two districts, one person of every role in each.

Niš (Nišavski, RS-20) is "ours": the coordinator (ENECA), the candidate, the company member and
their placements are there. Vranje (Pčinjski, RS-24) is "theirs": another coordinator (NEXUS),
another candidate and another company. Matches: our candidate proposed to our company, a
second Niš candidate who accepted our company's offer (so contact details are visible), a
suggestion of our candidate for Vranje's open placement, and a Vranje suggestion.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from api.authentication import token_issue
from candidates.models import CandidateDocument, CandidateProfile, ConsentRecord
from candidates.services import consent_grant, programme_data_set
from companies.models import Company, CompanyMembership, Placement
from matching.models import AllocationRun, Match
from notifications.models import Notification
from reference.models import District
from reference.skill_search import skill_search_index_clear
from tests.factories import (
    CandidateProfileFactory,
    CompanyFactory,
    OrganisationFactory,
    PlacementFactory,
    UserFactory,
    municipality,
)
from tests.module_data import module_transaction

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
# The smallest file the CV upload accepts as a PDF (it is judged by content).
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROLES = ("anonymous", "candidate", "company", "coordinator", "admin")


@dataclass
class World:
    coordinator: User  # ENECA, Niš
    other_coordinator: User  # NEXUS, Vranje
    admin: User
    candidate: CandidateProfile  # Niš; proposed to our company
    accepted_candidate: CandidateProfile  # Niš; accepted our company's offer
    other_candidate: CandidateProfile  # Vranje
    member: User  # of our company
    other_member: User  # of their company
    company: Company  # Niš, verified
    other_company: Company  # Vranje, unverified, with an open placement
    hidden_company: Company  # Vranje, no open placement
    placement_open: Placement
    placement_draft: Placement
    placement_pending: Placement
    other_open: Placement
    other_draft: Placement
    other_pending: Placement
    proposed: Match  # candidate → placement_open, proposed
    accepted: Match  # accepted_candidate → placement_open, candidate_accepted
    suggestion: Match  # candidate → other_open, suggested
    other_suggestion: Match  # other_candidate → other_open, suggested
    run: AllocationRun  # by our coordinator
    other_run: AllocationRun  # by theirs
    document: CandidateDocument  # our candidate's
    other_document: CandidateDocument  # their candidate's

    def user(self, role: str) -> User | None:
        return {
            "anonymous": None,
            "candidate": self.candidate.user,
            "company": self.member,
            "coordinator": self.coordinator,
            "admin": self.admin,
        }[role]

    def notification_of(self, user: User) -> Notification:
        return Notification.objects.get(recipient=user)


def _document(profile: CandidateProfile) -> CandidateDocument:
    # Metadata only: no test here downloads the file, and deleting a row with no file is fine.
    return CandidateDocument.objects.create(
        candidate=profile,
        content_type=CandidateDocument.ContentType.PDF,
        original_name="cv.pdf",
        size_bytes=10,
        sha256="0" * 64,
    )


def build_world() -> World:
    nis, vranje = District.objects.get(code="RS-20"), District.objects.get(code="RS-24")
    eneca = OrganisationFactory.create(short_name="ENECA", name="ENECA Niš")
    eneca.districts.set([nis])
    nexus = OrganisationFactory.create(short_name="NEXUS", name="NEXUS Vranje")
    nexus.districts.set([vranje])
    coordinator = UserFactory.create(role=User.Role.COORDINATOR, organisation=eneca)
    other_coordinator = UserFactory.create(role=User.Role.COORDINATOR, organisation=nexus)
    admin = UserFactory.create(role=User.Role.ADMIN, is_superuser=True, is_staff=True)

    candidate = CandidateProfileFactory.create(
        municipality=municipality("nis"),
        user__first_name="Jovana",
        user__last_name="Stojanović",
        user__phone="+381641234567",
    )
    accepted_candidate = CandidateProfileFactory.create(
        municipality=municipality("nis"), user__first_name="Dragan", user__last_name="Ilić"
    )
    other_candidate = CandidateProfileFactory.create(municipality=municipality("vranje"))

    company = CompanyFactory.create(
        municipality=municipality("nis"), verified=True, verified_at=timezone.now()
    )
    other_company = CompanyFactory.create(municipality=municipality("vranje"))
    hidden_company = CompanyFactory.create(municipality=municipality("vranje"))
    member = UserFactory.create(role=User.Role.COMPANY)
    CompanyMembership.objects.create(user=member, company=company)
    other_member = UserFactory.create(role=User.Role.COMPANY)
    CompanyMembership.objects.create(user=other_member, company=other_company)

    start = dt.date(2027, 3, 1)
    placement_open = PlacementFactory.create(company=company, slots=3, start_date=start)
    placement_draft = PlacementFactory.create(company=company, status=Placement.Status.DRAFT)
    placement_pending = PlacementFactory.create(
        company=company, status=Placement.Status.PENDING_REVIEW
    )
    in_vranje = municipality("vranje")
    other_open = PlacementFactory.create(company=other_company, municipality=in_vranje)
    other_draft = PlacementFactory.create(
        company=other_company, municipality=in_vranje, status=Placement.Status.DRAFT
    )
    other_pending = PlacementFactory.create(
        company=other_company, municipality=in_vranje, status=Placement.Status.PENDING_REVIEW
    )
    breakdown = {
        "total": 0.8,
        "components": {"skills": 0.9, "location": 1.0},
        "requirements": [
            {
                "requirement": "Python",
                "skill": "it.python",
                "required": True,
                "matched_by": "exact",
                "candidate_term": "python",
                "similarity": 1.0,
                "credit": 1.0,
            }
        ],
        "missing_required": [],
        "distance_km": 0.0,
        "location_tier": "same_municipality",
        "excluded": [],
    }
    proposed = Match.objects.create(
        candidate=candidate,
        placement=placement_open,
        score=0.8,
        breakdown=breakdown,
        status=Match.Status.PROPOSED,
    )
    accepted = Match.objects.create(
        candidate=accepted_candidate,
        placement=placement_open,
        score=0.7,
        status=Match.Status.CANDIDATE_ACCEPTED,
    )
    suggestion = Match.objects.create(candidate=candidate, placement=other_open, score=0.6)
    other_suggestion = Match.objects.create(
        candidate=other_candidate, placement=other_open, score=0.9
    )

    consent_grant(profile=candidate, purpose=ConsentRecord.Purpose.PROGRAMME_DATA)
    programme_data_set(
        profile=candidate,
        is_returnee=True,
        returned_from_country="DE",
        returned_year=2019,
        vulnerabilities=["roma"],
        gender="female",
    )
    consent_grant(profile=other_candidate, purpose=ConsentRecord.Purpose.PROGRAMME_DATA)
    programme_data_set(profile=other_candidate, is_returnee=False, gender="male")

    run = AllocationRun.objects.create(
        created_by=coordinator, organisation=eneca, method=AllocationRun.Method.OPTIMAL
    )
    other_run = AllocationRun.objects.create(
        created_by=other_coordinator, organisation=nexus, method=AllocationRun.Method.STABLE
    )
    for number, user in enumerate(
        [candidate.user, member, coordinator, admin, other_candidate.user, other_member]
    ):
        Notification.objects.create(
            recipient=user,
            event=Notification.Event.STRONG_MATCH,
            context={"title": "Praksa"},
            idempotency_key=f"test-{number}-{user.pk}",
        )
    return World(
        coordinator=coordinator,
        other_coordinator=other_coordinator,
        admin=admin,
        candidate=candidate,
        accepted_candidate=accepted_candidate,
        other_candidate=other_candidate,
        member=member,
        other_member=other_member,
        company=company,
        other_company=other_company,
        hidden_company=hidden_company,
        placement_open=placement_open,
        placement_draft=placement_draft,
        placement_pending=placement_pending,
        other_open=other_open,
        other_draft=other_draft,
        other_pending=other_pending,
        proposed=proposed,
        accepted=accepted,
        suggestion=suggestion,
        other_suggestion=other_suggestion,
        run=run,
        other_run=other_run,
        document=_document(candidate),
        other_document=_document(other_candidate),
    )


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture(scope="module")
def module_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """The world built once for a module, rolled back after its last test
    (tests.conftest.module_transaction). A module whose tests all read the same world
    overrides ``world`` with ``shared_world``."""
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            world = build_world()
        yield world


def shared_world(module_world: World) -> World:
    """The module's world for one test (which asks for ``db``: its writes roll back with its
    savepoint), in copies of its own, so no test sees another's in-memory changes."""
    return copy.deepcopy(module_world)


def client_for(user: User | None) -> APIClient:
    """An API client authenticated with the user's token (anonymous for None)."""
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=user).key}")
    return client


@pytest.fixture(autouse=True)
def _private_files_in_tmp(settings: Any, tmp_path: Path) -> None:
    """Uploaded CVs go to the test's own directory."""
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _fresh_throttles_and_index() -> Iterator[None]:
    """Throttle counters live in the cache; the skills index per process: start clean."""
    cache.clear()
    skill_search_index_clear()
    yield
    cache.clear()
