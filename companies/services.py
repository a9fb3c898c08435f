"""Every write to companies, memberships and placements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from companies import lifecycle
from companies.models import (
    Company,
    CompanyMembership,
    Placement,
    PlacementLanguage,
    PlacementSkill,
)
from core.exceptions import IllegalTransition, PermissionDeniedError
from core.services import validated_save
from reference.models import Municipality, Skill
from reference.skill_search import skill_resolve_typed


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
    """Replace the placement's skill and language requirements.

    A requirement given only in words is linked to the taxonomy by the one rule for typed text
    (reference.skill_search.skill_resolve_typed), whichever door it came in by.
    """
    skills = [
        replace(requirement, skill=skill_resolve_typed(text=requirement.written_as.strip()))
        if requirement.skill is None and requirement.written_as.strip()
        else requirement
        for requirement in skills
    ]
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


# --- placement edits and the review lifecycle ------------------------------------------------
#
#   draft ─submit (company)→ pending_review ─approve (coordinator)→ open ⇄ filled (workflow)
#   any but closed ─close (company or coordinator)→ closed
#
# An approved placement keeps what the coordinator approved: once open (or filled) the company
# may change only how many it takes and until when, not what the placement is.

PLACEMENT_EDITABLE_FIELDS = frozenset(
    {
        "kind",
        "title",
        "description",
        "municipality",
        "remote",
        "min_education_level",
        "slots",
        "start_date",
        "duration_months",
        "pay_min_rsd",
        "pay_max_rsd",
        "application_deadline",
    }
)


@transaction.atomic
def placement_update(
    *,
    placement: Placement,
    by: User,
    skills: Sequence[SkillRequirement] | None = None,
    languages: Sequence[tuple[str, str]] | None = None,
    **fields: object,
) -> Placement:
    """Change a placement's details (and, when given, its skill and language requirements).

    A draft or a placement in review may change in full; an open or filled one only its
    `slots` (never below the slots already held) and `application_deadline`; a closed one not.
    """
    from accounts.permissions import can_manage_placement
    from matching.services.workflow import placement_fill_status_refresh, placement_slots_held

    if not can_manage_placement(by, placement):
        raise PermissionDeniedError(_("Only the company's members can edit its placements."))
    unknown = set(fields) - PLACEMENT_EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    status = placement.status
    if not lifecycle.is_editable(status):
        raise IllegalTransition(_("A closed placement cannot be edited."))
    if status in lifecycle.EDITABLE_WHEN_APPROVED:
        locked = {
            name
            for name, value in fields.items()
            if name not in lifecycle.APPROVED_EDITABLE_FIELDS and getattr(placement, name) != value
        }
        if locked or skills is not None or languages is not None:
            raise IllegalTransition(
                _(
                    "An approved placement can only change its slots and application "
                    "deadline; close it and post a new one for anything else."
                ),
                extra={"fields": sorted(locked)},
            )
    if "slots" in fields:
        held = placement_slots_held(placement)
        if isinstance(fields["slots"], int) and fields["slots"] < held:
            raise ValidationError(
                {"slots": _("%(held)d slots are already taken.") % {"held": held}}
            )
    for name, value in fields.items():
        setattr(placement, name, value)
    validated_save(placement)
    if skills is not None or languages is not None:
        placement_requirements_set(
            placement=placement,
            skills=skills if skills is not None else _current_skills(placement),
            languages=languages
            if languages is not None
            else list(placement.languages.values_list("language", "min_level")),
        )
    if "slots" in fields and status in lifecycle.FILL_FOLLOWS_SLOTS:
        placement = placement_fill_status_refresh(placement_id=placement.pk)
    return placement


def _current_skills(placement: Placement) -> list[SkillRequirement]:
    return [
        SkillRequirement(
            skill=row.skill,
            written_as=row.written_as,
            required=row.required,
            min_proficiency=row.min_proficiency,
        )
        for row in placement.skills.select_related("skill")
    ]


def _placement_locked_in(placement: Placement, *expected: str) -> Placement:
    locked = Placement.objects.select_for_update().get(pk=placement.pk)
    if locked.status not in expected:
        raise IllegalTransition(
            _("The placement is “%(status)s”.") % {"status": Placement.Status(locked.status).label},
            extra={"placement": locked.pk, "status": locked.status},
        )
    return locked


def _relations(by: User, placement: Placement) -> set[str]:
    """How `by` stands to the placement, in the lifecycle table's terms."""
    from accounts.permissions import can_manage_placement, coordinates_placement

    relations = set()
    if can_manage_placement(by, placement):
        relations.add(lifecycle.MEMBER)
    if coordinates_placement(by, placement):
        relations.add(lifecycle.COORDINATOR)
    return relations


def _step_allowed(step: str, by: User, placement: Placement) -> lifecycle.PlacementStep:
    chosen = lifecycle.STEPS[step]
    if not chosen.by & _relations(by, placement):
        raise PermissionDeniedError(str(lifecycle.REFUSALS[step]))
    return chosen


@transaction.atomic
def placement_submit(*, placement: Placement, by: User) -> Placement:
    """The company sends a draft for a coordinator's review."""
    step = _step_allowed("submit", by, placement)
    locked = _placement_locked_in(placement, *step.sources)
    locked.status = step.target
    return validated_save(locked)


@transaction.atomic
def placement_approve(*, placement: Placement, by: User) -> Placement:
    """A coordinator of the placement's district publishes it; the company must be verified."""
    step = _step_allowed("approve", by, placement)
    locked = _placement_locked_in(placement, *step.sources)
    if not Company.objects.filter(pk=locked.company_id, verified=True).exists():
        raise IllegalTransition(
            _("Verify the company before approving its placements."),
            extra={"company": locked.company_id},
        )
    locked.status = step.target
    return validated_save(locked)


@transaction.atomic
def placement_close(*, placement: Placement, by: User) -> Placement:
    """The company, or a coordinator of the district, takes a placement off the platform.

    Matches already under way keep their state: closing stops new proposals, not internships.
    """
    step = _step_allowed("close", by, placement)
    locked = _placement_locked_in(placement, *step.sources)
    locked.status = step.target
    return validated_save(locked)


@transaction.atomic
def company_signup(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    phone: str = "",
    preferred_language: str = "sr-latn",
    legal_name: str,
    pib: str,
    mb: str,
    sector: str,
    municipality: Municipality,
    address: str = "",
    website: str = "",
    description: str = "",
) -> tuple[User, Company]:
    """A company registers itself: the person (their e-mail is the username), the company
    (unverified until a coordinator checks it) and the person as its owner, all or nothing.

    Errors are keyed by these arguments' names (a taken e-mail is `email`)."""
    from accounts.services import user_create

    email = email.strip().lower()
    if User.objects.filter(username__iexact=email).exists():
        raise ValidationError({"email": _("An account with this e-mail address already exists.")})
    try:
        user = user_create(
            username=email,
            email=email,
            password=password,
            role=User.Role.COMPANY,
            first_name=first_name,
            last_name=last_name,
            phone=phone,
            preferred_language=preferred_language,
        )
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"email": exc.messages}
        renamed: dict[str, list[str]] = {}
        for name, messages in errors.items():
            key = "email" if name == "username" else name
            renamed.setdefault(key, []).extend(messages)
        raise ValidationError(renamed) from exc
    company = company_create(
        legal_name=legal_name,
        pib=pib,
        mb=mb,
        sector=sector,
        municipality=municipality,
        address=address,
        website=website,
        description=description,
        contact_name=user.get_full_name(),
        contact_email=email,
        contact_phone=phone,
        owner=user,
    )
    return user, company
