"""A small, fully known labour market for the insight and export tests (not a test module).

Nišavski (ENECA's district):
* candidates: 5 in Niš holding Python (2 of them also raspberry growing), 1 in Aleksinac with
  no skills -> 6 people;
* placements: 12 open internships in Niš requiring Python (company sector J), 1 filled job in
  Aleksinac requiring raspberry growing (sector A), 1 open internship in Niš that only prefers
  raspberry growing (sector J), and a draft requiring raspberry growing (not demand) -> 14.
Pčinjski (NEXUS's district): 2 candidates in Vranje holding Python, 1 open placement requiring it.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import User
from candidates.models import CandidateProfile, CandidateSkill
from companies.models import Placement, PlacementSkill
from reference.models import District, Skill
from tests.factories import (
    CandidateProfileFactory,
    CompanyFactory,
    OrganisationFactory,
    PlacementFactory,
    UserFactory,
    municipality,
)

PYTHON = "it.python"
RASPBERRY = "agri.raspberry-growing"


@dataclass
class Market:
    coordinator: User
    other_coordinator: User
    admin: User
    candidate_user: User
    company_user: User
    python_placements: list[Placement]
    nis_candidates: list[CandidateProfile]


def _has(candidate: CandidateProfile, code: str) -> None:
    CandidateSkill.objects.create(candidate=candidate, skill=Skill.objects.get(code=code))


def _requires(placement: Placement, code: str, *, required: bool = True) -> None:
    PlacementSkill.objects.create(
        placement=placement, skill=Skill.objects.get(code=code), required=required
    )


def build_market() -> Market:
    eneca = OrganisationFactory.create(short_name="ENECA")
    eneca.districts.set([District.objects.get(code="RS-20")])
    nexus = OrganisationFactory.create(short_name="NEXUS")
    nexus.districts.set([District.objects.get(code="RS-24")])

    nis_candidates = []
    for index in range(5):
        candidate = CandidateProfileFactory.create(municipality=municipality("nis"))
        _has(candidate, PYTHON)
        if index < 2:
            _has(candidate, RASPBERRY)
        nis_candidates.append(candidate)
    CandidateProfileFactory.create(municipality=municipality("aleksinac"))
    for _index in range(2):
        _has(CandidateProfileFactory.create(municipality=municipality("vranje")), PYTHON)

    it_company = CompanyFactory.create(sector="J", municipality=municipality("nis"))
    farm = CompanyFactory.create(sector="A", municipality=municipality("aleksinac"))
    python_placements = []
    for _index in range(12):
        placement = PlacementFactory.create(company=it_company, municipality=municipality("nis"))
        _requires(placement, PYTHON)
        python_placements.append(placement)
    picking = PlacementFactory.create(
        company=farm,
        municipality=municipality("aleksinac"),
        kind=Placement.Kind.JOB,
        status=Placement.Status.FILLED,
    )
    _requires(picking, RASPBERRY)
    preferring = PlacementFactory.create(company=it_company, municipality=municipality("nis"))
    _requires(preferring, RASPBERRY, required=False)
    draft = PlacementFactory.create(
        company=farm, municipality=municipality("nis"), status=Placement.Status.DRAFT
    )
    _requires(draft, RASPBERRY)
    vranje_company = CompanyFactory.create(sector="C", municipality=municipality("vranje"))
    _requires(
        PlacementFactory.create(company=vranje_company, municipality=municipality("vranje")),
        PYTHON,
    )

    return Market(
        coordinator=UserFactory.create(role=User.Role.COORDINATOR, organisation=eneca),
        other_coordinator=UserFactory.create(role=User.Role.COORDINATOR, organisation=nexus),
        admin=UserFactory.create(role=User.Role.ADMIN),
        candidate_user=nis_candidates[0].user,
        company_user=UserFactory.create(role=User.Role.COMPANY),
        python_placements=python_placements,
        nis_candidates=nis_candidates,
    )
