"""Seeding runs that start from an empty database: other sizes than the shared small
programme of test_seed_demo.py, the same seed twice, and the seed_demo command."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts.models import User
from candidates.models import CandidateProfile, CandidateSkill
from companies.models import Company, Placement
from demo import data
from demo.seed import seed_demo_programme
from matching.models import MatchTransition
from reports.models import ProgrammeTarget

# The programme in motion of test_demo_programme_in_motion.py.
SIZE = {"candidates": 80, "companies": 10, "placements": 24}


def _seed_small(seed: int) -> None:
    """The small programme of test_seed_demo.py: 30 candidates, 6 companies, 10 placements."""
    seed_demo_programme(candidates=30, companies=6, placements=10, seed=seed)


class _Rollback(Exception):
    pass


def _fingerprint() -> tuple[list[Any], ...]:
    return (
        list(
            User.objects.order_by("username").values_list(
                "username", "first_name", "last_name", "role"
            )
        ),
        list(
            CandidateProfile.objects.order_by("user__username").values_list(
                "user__username", "category", "municipality__code", "education_level", "experience"
            )
        ),
        list(
            CandidateSkill.objects.order_by("candidate__user__username", "id").values_list(
                "candidate__user__username", "written_as", "skill__code", "proficiency"
            )
        ),
        list(
            Company.objects.order_by("pib").values_list(
                "pib", "mb", "legal_name", "municipality__code", "verified"
            )
        ),
        list(
            Placement.objects.order_by("company__pib", "title").values_list(
                "company__pib", "title", "kind", "status", "slots", "start_date"
            )
        ),
    )


def _seeded_fingerprint(seed: int) -> tuple[list[Any], ...]:
    """Seed inside a savepoint, read the fingerprint, and roll the seeding back."""
    taken: list[tuple[list[Any], ...]] = []
    try:
        with transaction.atomic():
            _seed_small(seed)
            taken.append(_fingerprint())
            raise _Rollback
    except _Rollback:
        pass
    return taken[0]


@pytest.mark.django_db
def test_placements_ask_for_curated_skills_and_some_for_languages() -> None:
    seed_demo_programme(candidates=0, companies=12, placements=30)

    for placement in Placement.objects.prefetch_related("skills__skill"):
        required = [row for row in placement.skills.all() if row.required]
        preferred = [row for row in placement.skills.all() if not row.required]
        assert 2 <= len(required) <= 5
        assert len(preferred) <= 3
        assert all(row.skill is not None and row.skill.source == "curated" for row in required)
        assert 1 <= placement.slots <= 4
    kinds = set(Placement.objects.values_list("kind", flat=True))
    assert kinds == {"internship", "job"}
    assert Placement.objects.filter(languages__isnull=False).exists()


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_programme_and_another_seed_a_different_one() -> None:
    first = _seeded_fingerprint(2020)
    second = _seeded_fingerprint(2020)
    other = _seeded_fingerprint(7)

    assert first == second
    assert first != other


@pytest.mark.django_db
def test_demo_accounts_accept_the_demo_password() -> None:
    seed_demo_programme(candidates=2, companies=1, placements=1)

    for username in ("kandidat001", "firma01", "koordinator-nexus", data.ADMIN_USERNAME):
        assert User.objects.get(username=username).check_password(data.DEMO_PASSWORD)


@pytest.mark.django_db
def test_the_command_prints_the_url_password_and_one_login_per_role() -> None:
    out = io.StringIO()

    call_command(
        "seed_demo", "--candidates", "3", "--companies", "2", "--placements", "2", stdout=out
    )

    printed = out.getvalue()
    assert "http://127.0.0.1:8000/" in printed
    assert data.DEMO_PASSWORD in printed
    for username in ("kandidat001", "firma01", "koordinator-care", data.ADMIN_USERNAME):
        assert username in printed
    assert "3 candidates" in printed


@pytest.mark.django_db
def test_the_command_sets_the_programme_in_motion_unless_told_not_to() -> None:
    quiet = io.StringIO()
    call_command("seed_demo", *_args(), "--no-workflow", stdout=quiet)
    assert not MatchTransition.objects.exists()
    assert not ProgrammeTarget.objects.exists()

    out = io.StringIO()
    call_command("seed_demo", *_args(), stdout=out)

    assert "Programme in motion: 16 targets" in out.getvalue()
    assert MatchTransition.objects.exists()


def _args() -> list[str]:
    return [f"--{name}={value}" for name, value in SIZE.items()]
