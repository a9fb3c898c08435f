"""The demo-programme seeder: what it creates, where, how people write, idempotency, determinism."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

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
from reference.skill_search import skill_resolve_typed
from tests.module_data import module_transaction


def _seed_small(seed: int = 2020) -> SeedReport:
    """A small programme: 30 candidates, 6 companies, 10 placements."""
    return seed_demo_programme(candidates=30, companies=6, placements=10, seed=seed)


@pytest.fixture(scope="module")
def small_programme(django_db_setup: None, django_db_blocker: Any) -> Iterator[SeedReport]:
    """The small programme seeded once for this module (tests.module_data.module_transaction);
    each test's writes roll back. Runs that need an empty database: test_seed_demo_runs.py."""
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            report = _seed_small()
        yield report


def _counts() -> dict[str, int]:
    models: list[Any] = [
        User, Organisation, Company, Placement, PlacementSkill, CandidateProfile,
        CandidateSkill, CandidateLanguage, ConsentRecord, ProgrammeData, Training,
        TrainingParticipation,
    ]  # fmt: skip
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.django_db
def test_seeding_a_small_programme_creates_the_numbers_asked_for(
    small_programme: SeedReport,
) -> None:
    report = small_programme

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
def test_every_company_has_a_valid_pib_and_mb_and_an_owner(small_programme: SeedReport) -> None:

    for company in Company.objects.all():
        assert pib_is_valid(company.pib), company.pib
        assert mb_is_valid(company.mb), company.mb
        assert company.memberships.filter(role="owner", user__role=User.Role.COMPANY).exists()


@pytest.mark.django_db
def test_candidates_companies_placements_and_trainings_lie_in_the_south_east(
    small_programme: SeedReport,
) -> None:
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
def test_written_skills_mix_scripts_and_typos_and_link_as_the_typed_skill_rule_does(
    small_programme: SeedReport,
) -> None:
    skills = list(CandidateSkill.objects.select_related("skill"))

    assert any(is_cyrillic(row.written_as) for row in skills)
    assert all(row.written_as for row in skills)
    keys = {
        key: set(SkillLabel.objects.filter(key=key).values_list("skill_id", flat=True))
        for key in {fold(row.written_as) for row in skills}
    }
    typos = [row for row in skills if not keys[fold(row.written_as)]]
    assert typos  # some are written with a typo no label has
    for row in skills:
        if keys[fold(row.written_as)]:
            assert row.skill_id in keys[fold(row.written_as)], row.written_as
        else:  # a typo: linked exactly when the one rule for typed text is sure of it
            resolved = skill_resolve_typed(text=row.written_as)
            assert row.skill_id == (resolved.pk if resolved else None), row.written_as


@pytest.mark.django_db
def test_trainings_are_attended_by_trained_beneficiaries_and_completions_are_dated(
    small_programme: SeedReport,
) -> None:
    participations = TrainingParticipation.objects.select_related("candidate")

    assert participations.exists()
    for participation in participations:
        assert participation.candidate.category == "trained_beneficiary"
        if participation.status == "completed":
            assert participation.completed_on is not None


@pytest.mark.django_db
def test_programme_data_is_stored_only_with_consent(small_programme: SeedReport) -> None:

    assert ProgrammeData.objects.exists()
    for record in ProgrammeData.objects.select_related("consent"):
        assert record.consent.purpose == "programme_data"
        assert record.consent.withdrawn_at is None


@pytest.mark.django_db
def test_a_second_run_creates_nothing_and_changes_no_counts(small_programme: SeedReport) -> None:
    before = _counts()

    again = _seed_small()

    assert again.total_created == 0
    assert again.existing["candidates"] == 30
    assert again.existing["companies"] == 6
    assert again.existing["placements"] == 10
    assert _counts() == before


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
