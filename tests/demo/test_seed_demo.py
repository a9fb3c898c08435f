"""The demo-programme seeder: what it creates, where, how people write, idempotency, determinism."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from accounts.models import Organisation, User
from candidates.models import (
    CandidateLanguage,
    CandidateProfile,
    CandidateSkill,
    ConsentRecord,
    ProgrammeData,
    Training,
    TrainingParticipation,
)
from companies.models import Company, Placement, PlacementSkill
from core.validators import mb_is_valid, pib_is_valid
from demo import data
from demo.seed import (
    SeedReport,
    make_typo,
    pib_check_digit,
    seed_demo_programme,
    strip_diacritics,
)
from matching.engine.normalize import fold, is_cyrillic
from matching.models import Match
from reference.models import SkillLabel


def _seed_small(seed: int = 2020) -> SeedReport:
    """A small programme: 30 candidates, 6 companies, 10 placements."""
    return seed_demo_programme(candidates=30, companies=6, placements=10, seed=seed)


class _Rollback(Exception):
    pass


def _counts() -> dict[str, int]:
    models: list[Any] = [
        User, Organisation, Company, Placement, PlacementSkill, CandidateProfile,
        CandidateSkill, CandidateLanguage, ConsentRecord, ProgrammeData, Training,
        TrainingParticipation,
    ]  # fmt: skip
    return {model.__name__: model.objects.count() for model in models}


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
def test_seeding_a_small_programme_creates_the_numbers_asked_for() -> None:
    report = _seed_small()

    assert report.created["candidates"] == CandidateProfile.objects.count() == 30
    assert report.created["companies"] == Company.objects.count() == 6
    assert report.created["placements"] == Placement.objects.count() == 10
    assert set(Organisation.objects.values_list("short_name", flat=True)) == {
        "CARE", "NEXUS", "ENECA",
    }  # fmt: skip
    assert User.objects.filter(role=User.Role.CANDIDATE).count() == 30
    assert User.objects.filter(role=User.Role.COMPANY).count() == 6
    assert User.objects.filter(role=User.Role.ADMIN, username=data.ADMIN_USERNAME).exists()
    for organisation in Organisation.objects.all():
        assert organisation.members.filter(role=User.Role.COORDINATOR).count() == 1
    assert Training.objects.count() == len(data.TRAININGS)
    assert not Match.objects.exists()


@pytest.mark.django_db
def test_every_company_has_a_valid_pib_and_mb_and_an_owner() -> None:
    _seed_small()

    for company in Company.objects.all():
        assert pib_is_valid(company.pib), company.pib
        assert mb_is_valid(company.mb), company.mb
        assert company.memberships.filter(role="owner", user__role=User.Role.COMPANY).exists()


@pytest.mark.django_db
def test_candidates_companies_placements_and_trainings_lie_in_the_south_east() -> None:
    _seed_small()
    south_east = set(data.SOUTH_EAST_DISTRICTS)

    assert (
        set(CandidateProfile.objects.values_list("municipality__district__code", flat=True))
        <= south_east
    )
    assert set(Company.objects.values_list("municipality__district__code", flat=True)) <= (
        south_east
    )
    assert set(Placement.objects.values_list("municipality__district__code", flat=True)) <= (
        south_east
    )
    assert set(Training.objects.values_list("municipality__district__code", flat=True)) <= (
        south_east
    )


@pytest.mark.django_db
def test_written_skills_mix_scripts_and_typos_and_link_only_exact_keys() -> None:
    _seed_small()
    skills = list(CandidateSkill.objects.select_related("skill"))

    assert any(is_cyrillic(row.written_as) for row in skills)
    assert any(row.skill_id is None for row in skills)
    assert all(row.written_as for row in skills)
    keys = {
        key: set(SkillLabel.objects.filter(key=key).values_list("skill_id", flat=True))
        for key in {fold(row.written_as) for row in skills}
    }
    for row in skills:
        if row.skill_id is None:
            assert not keys[fold(row.written_as)], row.written_as  # typos stay unlinked
        else:
            assert row.skill_id in keys[fold(row.written_as)], row.written_as


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
def test_trainings_are_attended_by_trained_beneficiaries_and_completions_are_dated() -> None:
    _seed_small()
    participations = TrainingParticipation.objects.select_related("candidate")

    assert participations.exists()
    for participation in participations:
        assert participation.candidate.category == "trained_beneficiary"
        if participation.status == "completed":
            assert participation.completed_on is not None


@pytest.mark.django_db
def test_programme_data_is_stored_only_with_consent() -> None:
    _seed_small()

    assert ProgrammeData.objects.exists()
    for record in ProgrammeData.objects.select_related("consent"):
        assert record.consent.purpose == "programme_data"
        assert record.consent.withdrawn_at is None


@pytest.mark.django_db
def test_a_second_run_creates_nothing_and_changes_no_counts() -> None:
    _seed_small()
    before = _counts()

    again = _seed_small()

    assert again.total_created == 0
    assert again.existing["candidates"] == 30
    assert again.existing["companies"] == 6
    assert again.existing["placements"] == 10
    assert _counts() == before


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


def test_generated_pib_check_digits_satisfy_the_validator() -> None:
    rng = random.Random(1)
    for _ in range(500):
        first_eight = "".join(str(rng.randrange(10)) for _ in range(8))
        assert pib_is_valid(first_eight + pib_check_digit(first_eight))


def test_typos_and_missing_diacritics_look_like_real_writing() -> None:
    rng = random.Random(3)
    assert strip_diacritics("Zavarivač, šivačica, Đorđe") == "Zavarivac, sivacica, Djordje"
    for word in ("Python", "zavarivanje", "rad na kasi"):
        typo = make_typo(rng, word)
        assert typo != word
        assert abs(len(typo) - len(word)) <= 1
        assert typo[0] == word[0]


def test_every_skill_code_the_demo_uses_is_in_the_curated_csvs() -> None:
    codes: set[str] = set()
    for path in sorted((Path(settings.SPONA_DATA_DIR) / "skills").glob("*.csv")):
        with path.open(encoding="utf-8") as handle:
            codes.update(row["code"] for row in csv.DictReader(handle))
    used = set(data.TRANSVERSAL_SKILLS) | {data.DRIVING_LICENCE_SKILL}
    for occupation in data.OCCUPATIONS:
        used.update(occupation.skills)
    for templates in data.PLACEMENT_TEMPLATES.values():
        for template in templates:
            used.update(template.required + template.preferred)
    for training in data.TRAININGS:
        used.update(training.skills)

    assert sorted(used - codes) == []
