"""Every write to candidate profiles, consents, programme data and trainings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
from core.services import validated_save
from reference.models import Municipality, Skill
from reference.skill_search import skill_resolve_typed

CURRENT_NOTICE_VERSION = "2026-11"


@dataclass(frozen=True)
class SkillEntry:
    """A skill the candidate has: a taxonomy skill, their own words, or both."""

    skill: Skill | None = None
    written_as: str = ""
    proficiency: int = 3


@transaction.atomic
def candidate_profile_create(
    *,
    user: User,
    category: str,
    municipality: Municipality,
    max_commute_km: int = 30,
    willing_to_relocate: bool = False,
    seeks_internship: bool = True,
    seeks_job: bool = True,
    seeks_self_employment: bool = False,
    education_level: int | None = None,
    education_field: str = "",
    institution: str = "",
    graduation_year: int | None = None,
    experience: str = "",
    availability_date: dt.date | None = None,
    skills: Sequence[SkillEntry] = (),
    languages: Sequence[tuple[str, str]] = (),
) -> CandidateProfile:
    if user.role != User.Role.CANDIDATE:
        raise ValidationError({"user": _("Only candidate users can have a candidate profile.")})
    profile = CandidateProfile(
        user=user,
        category=category,
        municipality=municipality,
        max_commute_km=max_commute_km,
        willing_to_relocate=willing_to_relocate,
        seeks_internship=seeks_internship,
        seeks_job=seeks_job,
        seeks_self_employment=seeks_self_employment,
        education_level=education_level,
        education_field=education_field.strip(),
        institution=institution.strip(),
        graduation_year=graduation_year,
        experience=experience.strip(),
        availability_date=availability_date,
    )
    validated_save(profile)
    candidate_skills_set(profile=profile, skills=skills)
    candidate_languages_set(profile=profile, languages=languages)
    return profile


@transaction.atomic
def candidate_profile_update(*, profile: CandidateProfile, **fields: object) -> CandidateProfile:
    allowed = {
        "category",
        "municipality",
        "max_commute_km",
        "willing_to_relocate",
        "seeks_internship",
        "seeks_job",
        "seeks_self_employment",
        "education_level",
        "education_field",
        "institution",
        "graduation_year",
        "experience",
        "availability_date",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    for name, value in fields.items():
        setattr(profile, name, value)
    return validated_save(profile)


def _skills_linked(entries: Sequence[SkillEntry]) -> list[SkillEntry]:
    """The entries with each skill given only in words linked when the rule is sure of it."""
    return [
        replace(entry, skill=skill_resolve_typed(text=entry.written_as.strip()))
        if entry.skill is None and entry.written_as.strip()
        else entry
        for entry in entries
    ]


@transaction.atomic
def candidate_skills_set(
    *, profile: CandidateProfile, skills: Sequence[SkillEntry]
) -> list[CandidateSkill]:
    """Replace the candidate's skills; the same taxonomy skill twice keeps the higher level.

    A skill given only in words is linked to the taxonomy by the one rule for typed text
    (reference.skill_search.skill_resolve_typed), whichever door it came in by.
    """
    skills = _skills_linked(skills)
    profile.skills.all().delete()
    best: dict[int, int] = {}
    for entry in skills:
        if entry.skill is not None:
            best[entry.skill.pk] = max(best.get(entry.skill.pk, 0), entry.proficiency)
    saved: list[CandidateSkill] = []
    done: set[int] = set()
    for index, entry in enumerate(skills):
        if entry.skill is not None:
            if entry.skill.pk in done:
                continue
            done.add(entry.skill.pk)
        row = CandidateSkill(
            candidate=profile,
            skill=entry.skill,
            written_as=entry.written_as.strip(),
            proficiency=best.get(entry.skill.pk, entry.proficiency)
            if entry.skill
            else entry.proficiency,
        )
        try:
            saved.append(validated_save(row))
        except ValidationError as exc:
            raise ValidationError({f"skills[{index}]": exc.messages}) from exc
    return saved


@transaction.atomic
def candidate_languages_set(
    *, profile: CandidateProfile, languages: Sequence[tuple[str, str]]
) -> list[CandidateLanguage]:
    profile.languages.all().delete()
    saved: list[CandidateLanguage] = []
    for index, (language, level) in enumerate(languages):
        row = CandidateLanguage(candidate=profile, language=language, level=level)
        try:
            saved.append(validated_save(row))
        except ValidationError as exc:
            raise ValidationError({f"languages[{index}]": exc.messages}) from exc
    return saved


@transaction.atomic
def consent_grant(
    *, profile: CandidateProfile, purpose: str, notice_version: str = CURRENT_NOTICE_VERSION
) -> ConsentRecord:
    """Record consent; an already active consent for the purpose is returned unchanged."""
    active = profile.consents.filter(purpose=purpose, withdrawn_at__isnull=True).first()
    if active is not None and active.notice_version == notice_version:
        return active
    if active is not None:  # consent to a newer notice replaces the old one
        active.withdrawn_at = timezone.now()
        active.save(update_fields=["withdrawn_at"])
    consent = ConsentRecord(
        candidate=profile, purpose=purpose, notice_version=notice_version, granted_at=timezone.now()
    )
    return validated_save(consent)


@transaction.atomic
def consent_withdraw(*, profile: CandidateProfile, purpose: str) -> ConsentRecord | None:
    """Withdraw consent; withdrawing programme-data consent deletes the programme data."""
    active = profile.consents.filter(purpose=purpose, withdrawn_at__isnull=True).first()
    if active is None:
        return None
    if purpose == ConsentRecord.Purpose.PROGRAMME_DATA:
        ProgrammeData.objects.filter(candidate=profile).delete()
    active.withdrawn_at = timezone.now()
    active.save(update_fields=["withdrawn_at"])
    return active


@transaction.atomic
def programme_data_set(
    *,
    profile: CandidateProfile,
    is_returnee: bool = False,
    returned_from_country: str = "",
    returned_year: int | None = None,
    vulnerabilities: Sequence[str] = (),
    gender: str = ProgrammeData.Gender.UNDISCLOSED,
) -> ProgrammeData:
    """Store programme-sensitive data; refused without an active consent for it."""
    consent = profile.consents.filter(
        purpose=ConsentRecord.Purpose.PROGRAMME_DATA, withdrawn_at__isnull=True
    ).first()
    if consent is None:
        raise ValidationError(
            {"consent": _("The candidate has not consented to programme data being stored.")}
        )
    if gender not in ProgrammeData.Gender.values:
        # Django's own choice error would repeat the value given, and this one is sensitive.
        raise ValidationError({"gender": _("Choose one of the listed options.")})
    data = ProgrammeData.objects.filter(candidate=profile).first() or ProgrammeData(
        candidate=profile
    )
    data.consent = consent
    data.is_returnee = is_returnee
    data.returned_from_country = returned_from_country.strip().upper()
    data.returned_year = returned_year
    data.vulnerabilities = sorted(set(vulnerabilities))
    data.gender = gender
    return validated_save(data)


@transaction.atomic
def training_create(
    *,
    organisation: Organisation,
    title: str,
    municipality: Municipality,
    start_date: dt.date,
    end_date: dt.date,
    topic: str = "",
    skills: Sequence[Skill] = (),
) -> Training:
    training = Training(
        organisation=organisation,
        title=title.strip(),
        topic=topic.strip(),
        municipality=municipality,
        start_date=start_date,
        end_date=end_date,
    )
    validated_save(training)
    training.skills.set(list(skills))
    return training


@transaction.atomic
def training_participation_record(
    *,
    training: Training,
    profile: CandidateProfile,
    status: str = TrainingParticipation.Status.ENROLLED,
    completed_on: dt.date | None = None,
) -> TrainingParticipation:
    """Enrol a candidate or update their outcome; the same pair twice updates one row."""
    participation = TrainingParticipation.objects.filter(
        training=training, candidate=profile
    ).first() or TrainingParticipation(training=training, candidate=profile)
    participation.status = status
    participation.completed_on = completed_on
    return validated_save(participation)


@transaction.atomic
def candidate_sign_up(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    municipality: Municipality,
    category: str,
    phone: str = "",
    preferred_language: str = "sr-latn",
    max_commute_km: int = 30,
    seeks_internship: bool = True,
    seeks_job: bool = True,
    seeks_self_employment: bool = False,
    consents: Sequence[str] = (),
) -> CandidateProfile:
    """A new candidate account (the e-mail is the username), its profile and the consents
    given, in one transaction: a refusal anywhere leaves nothing behind.

    Raises ValidationError keyed by field; a taken e-mail is reported on "email".
    """
    from accounts.services import user_create

    email = email.strip().lower()
    if User.objects.filter(username__iexact=email).exists():
        raise ValidationError({"email": _("An account with this e-mail address already exists.")})
    unknown = set(consents) - set(ConsentRecord.Purpose.values)
    if unknown:
        raise ValidationError({"consents": _("Unknown consent.")})
    user = user_create(
        username=email,
        email=email,
        password=password,
        role=User.Role.CANDIDATE,
        first_name=first_name,
        last_name=last_name,
        phone=phone,
        preferred_language=preferred_language,
    )
    profile = candidate_profile_create(
        user=user,
        category=category,
        municipality=municipality,
        max_commute_km=max_commute_km,
        seeks_internship=seeks_internship,
        seeks_job=seeks_job,
        seeks_self_employment=seeks_self_employment,
    )
    for purpose in consents:
        consent_grant(profile=profile, purpose=purpose)
    return profile
