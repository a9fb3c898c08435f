"""Company and placement services validate at the model level and never half-save."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from companies.models import Company, Placement, PlacementSkill
from companies.services import (
    SkillRequirement,
    company_create,
    company_verify,
    placement_create,
)
from reference.models import Skill
from tests.factories import CompanyFactory, OrganisationFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db


def _company_kwargs(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "legal_name": "Nišville Soft d.o.o.",
        "pib": "104052135",
        "mb": "20084693",
        "sector": "J",
        "municipality": municipality("nis"),
    }
    values.update(overrides)
    return values


def test_a_company_with_valid_pib_and_mb_is_created_with_its_owner() -> None:
    owner = UserFactory.create(role=User.Role.COMPANY)
    company = company_create(**_company_kwargs(), owner=owner)  # type: ignore[arg-type]
    assert company.memberships.get().user == owner
    assert company.memberships.get().role == "owner"
    assert not company.verified


def test_a_wrong_pib_check_digit_names_the_pib_field_and_saves_nothing() -> None:
    owner = UserFactory.create(role=User.Role.COMPANY)
    with pytest.raises(ValidationError) as error:
        company_create(**_company_kwargs(pib="104052136"), owner=owner)  # type: ignore[arg-type]
    assert list(error.value.message_dict) == ["pib"]
    assert "check digit" in error.value.message_dict["pib"][0]
    assert not Company.objects.exists()
    assert not owner.company_memberships.exists()


def test_a_short_mb_names_the_mb_field() -> None:
    with pytest.raises(ValidationError) as error:
        company_create(**_company_kwargs(mb="2008469"))  # type: ignore[arg-type]
    assert "mb" in error.value.message_dict


def test_a_duplicate_pib_is_refused() -> None:
    company_create(**_company_kwargs())  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as error:
        company_create(**_company_kwargs(mb="20084694", legal_name="Other"))  # type: ignore[arg-type]
    assert "pib" in error.value.message_dict


def test_only_a_coordinator_verifies_a_company() -> None:
    company = CompanyFactory.create()
    with pytest.raises(ValidationError):
        company_verify(company=company, by=UserFactory.create(role=User.Role.COMPANY))
    coordinator = UserFactory.create(
        role=User.Role.COORDINATOR, organisation=OrganisationFactory.create()
    )
    company_verify(company=company, by=coordinator)
    company.refresh_from_db()
    assert company.verified and company.verified_by == coordinator and company.verified_at


@pytest.mark.parametrize("slots", [0, -1])
def test_zero_or_negative_slots_name_the_slots_field(slots: int) -> None:
    company = CompanyFactory.create()
    with pytest.raises(ValidationError) as error:
        placement_create(
            company=company,
            kind="job",
            title="Konobar",
            slots=slots,
            municipality=municipality("sokobanja"),
        )
    assert "slots" in error.value.message_dict
    assert not Placement.objects.exists()


def test_a_deadline_after_the_start_names_the_deadline() -> None:
    with pytest.raises(ValidationError) as error:
        placement_create(
            company=CompanyFactory.create(),
            kind="job",
            title="Zavarivač",
            municipality=municipality("leskovac"),
            start_date=dt.date(2027, 1, 10),
            application_deadline=dt.date(2027, 2, 1),
        )
    assert "application_deadline" in error.value.message_dict


def test_a_placement_needs_a_place_or_remote_and_internships_a_duration() -> None:
    with pytest.raises(ValidationError) as error:
        placement_create(company=CompanyFactory.create(), kind="internship", title="Praksa")
    assert {"municipality", "duration_months"} <= set(error.value.message_dict)
    remote = placement_create(
        company=CompanyFactory.create(), kind="job", title="Podrška", remote=True
    )
    assert remote.municipality is None


def test_pay_range_must_be_ordered() -> None:
    with pytest.raises(ValidationError) as error:
        placement_create(
            company=CompanyFactory.create(),
            kind="job",
            title="Kuvar",
            municipality=municipality("pirot"),
            pay_min_rsd=90000,
            pay_max_rsd=60000,
        )
    assert "pay_max_rsd" in error.value.message_dict


def test_a_bad_requirement_rolls_back_the_whole_placement() -> None:
    skill = Skill.objects.filter(source="curated").first()
    with pytest.raises(ValidationError) as error:
        placement_create(
            company=CompanyFactory.create(),
            kind="job",
            title="Magacioner",
            municipality=municipality("vranje"),
            skills=[SkillRequirement(skill=skill), SkillRequirement(written_as="   ")],
        )
    assert "skills[1]" in error.value.message_dict
    assert not Placement.objects.exists()
    assert not PlacementSkill.objects.exists()


def test_requirements_keep_the_written_text_and_the_resolved_skill() -> None:
    skill = Skill.objects.get(code="it.python")
    placement = placement_create(
        company=CompanyFactory.create(),
        kind="internship",
        title="Praksa: Python",
        municipality=municipality("nis"),
        duration_months=3,
        skills=[
            SkillRequirement(skill=skill, written_as="Pajton", min_proficiency=2),
            SkillRequirement(written_as="pletenje korpi od pruća", required=False),
        ],
        languages=[("en", "B1")],
    )
    rows = list(placement.skills.order_by("-required", "id"))
    assert [(row.skill, row.written_as, row.required) for row in rows] == [
        (skill, "Pajton", True),
        (None, "pletenje korpi od pruća", False),  # no skill is sure: kept as written
    ]
    assert list(placement.languages.values_list("language", "min_level")) == [("en", "B1")]


def test_the_database_itself_refuses_zero_slots() -> None:
    placement = placement_create(
        company=CompanyFactory.create(), kind="job", title="Vozač", municipality=municipality("bor")
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.filter(pk=placement.pk).update(slots=0)


def test_the_database_itself_refuses_a_bad_pib_shape() -> None:
    company = CompanyFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        Company.objects.filter(pk=company.pk).update(pib="12AB")
