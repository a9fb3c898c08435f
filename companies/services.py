"""Every write to companies, memberships and placements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from companies.models import (
    Company,
    CompanyMembership,
    Placement,
    PlacementLanguage,
    PlacementSkill,
)
from core.services import validated_save
from matching.models import Municipality, Skill


@dataclass(frozen=True)
class SkillRequirement:
    """A skill a placement asks for: a taxonomy skill, the company's own words, or both."""

    skill: Skill | None = None
    written_as: str = ""
    required: bool = True
    min_proficiency: int | None = None


@transaction.atomic
def company_create(
    *,
    legal_name: str,
    pib: str,
    mb: str,
    sector: str,
    municipality: Municipality,
    address: str = "",
    website: str = "",
    description: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    owner: User | None = None,
) -> Company:
    company = Company(
        legal_name=legal_name.strip(),
        pib=pib.strip(),
        mb=mb.strip(),
        sector=sector,
        municipality=municipality,
        address=address,
        website=website,
        description=description,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
    )
    validated_save(company)
    if owner is not None:
        company_membership_add(company=company, user=owner, role=CompanyMembership.Role.OWNER)
    return company


@transaction.atomic
def company_update(*, company: Company, **fields: object) -> Company:
    protected = {"verified", "verified_at", "verified_by", "pk", "id"}
    unknown = set(fields) - {f.name for f in Company._meta.get_fields()} | (set(fields) & protected)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    for name, value in fields.items():
        setattr(company, name, value)
    return validated_save(company)


@transaction.atomic
def company_verify(*, company: Company, by: User) -> Company:
    """A coordinator confirms the company is real (checked PIB/MB with the business register)."""
    if by.role not in (User.Role.COORDINATOR, User.Role.ADMIN) and not by.is_superuser:
        raise ValidationError({"verified_by": _("Only a coordinator can verify a company.")})
    company.verified = True
    company.verified_at = timezone.now()
    company.verified_by = by
    return validated_save(company)


@transaction.atomic
def company_membership_add(
    *, company: Company, user: User, role: str = CompanyMembership.Role.MEMBER
) -> CompanyMembership:
    if user.role != User.Role.COMPANY:
        raise ValidationError({"user": _("Only company users can be members of a company.")})
    membership, _created = CompanyMembership.objects.get_or_create(
        company=company, user=user, defaults={"role": role}
    )
    return membership


@transaction.atomic
def placement_create(
    *,
    company: Company,
    kind: str,
    title: str,
    description: str = "",
    municipality: Municipality | None = None,
    remote: bool = False,
    min_education_level: int | None = None,
    slots: int = 1,
    start_date: dt.date | None = None,
    duration_months: int | None = None,
    pay_min_rsd: int | None = None,
    pay_max_rsd: int | None = None,
    application_deadline: dt.date | None = None,
    status: str = Placement.Status.DRAFT,
    skills: Sequence[SkillRequirement] = (),
    languages: Sequence[tuple[str, str]] = (),
) -> Placement:
    placement = Placement(
        company=company,
        kind=kind,
        title=title.strip(),
        description=description,
        municipality=municipality,
        remote=remote,
        min_education_level=min_education_level,
        slots=slots,
        start_date=start_date,
        duration_months=duration_months,
        pay_min_rsd=pay_min_rsd,
        pay_max_rsd=pay_max_rsd,
        application_deadline=application_deadline,
        status=status,
    )
    validated_save(placement)
    placement_requirements_set(placement=placement, skills=skills, languages=languages)
    return placement


@transaction.atomic
def placement_requirements_set(
    *,
    placement: Placement,
    skills: Sequence[SkillRequirement],
    languages: Sequence[tuple[str, str]],
) -> Placement:
    """Replace the placement's skill and language requirements."""
    placement.skills.all().delete()
    placement.languages.all().delete()
    seen: set[int] = set()
    for index, requirement in enumerate(skills):
        if requirement.skill is not None:
            if requirement.skill.pk in seen:
                continue
            seen.add(requirement.skill.pk)
        row = PlacementSkill(
            placement=placement,
            skill=requirement.skill,
            written_as=requirement.written_as.strip(),
            required=requirement.required,
            min_proficiency=requirement.min_proficiency,
        )
        try:
            validated_save(row)
        except ValidationError as exc:
            raise ValidationError({f"skills[{index}]": exc.messages}) from exc
    for index, (language, level) in enumerate(languages):
        row_language = PlacementLanguage(placement=placement, language=language, min_level=level)
        try:
            validated_save(row_language)
        except ValidationError as exc:
            raise ValidationError({f"languages[{index}]": exc.messages}) from exc
    return placement
