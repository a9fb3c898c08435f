"""Candidate profile, consent, programme data and training services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from candidates.models import CandidateProfile, CandidateSkill, ConsentRecord, ProgrammeData
from candidates.services import (
    SkillEntry,
    candidate_profile_create,
    consent_grant,
    consent_withdraw,
    programme_data_set,
    training_create,
    training_participation_record,
)
from reference.models import Skill
from tests.factories import CandidateProfileFactory, OrganisationFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db


def test_a_profile_keeps_skills_as_written_and_languages() -> None:
    user = UserFactory.create()
    welding = Skill.objects.get(code="metal.welding")
    profile = candidate_profile_create(
        user=user,
        category="trained_beneficiary",
        municipality=municipality("leskovac"),
        education_level=3,
        skills=[
            SkillEntry(skill=welding, written_as="варење", proficiency=4),
            SkillEntry(written_as="pletenje korpi od pruća", proficiency=2),
        ],
        languages=[("de", "B1")],
    )
    assert [(s.skill, s.written_as, s.proficiency) for s in profile.skills.order_by("id")] == [
        (welding, "варење", 4),
        (None, "pletenje korpi od pruća", 2),  # no skill is sure: kept as written
    ]
    assert list(profile.languages.values_list("language", "level")) == [("de", "B1")]


def test_a_profile_must_seek_something() -> None:
    with pytest.raises(ValidationError) as error:
        candidate_profile_create(
            user=UserFactory.create(),
            category="graduate",
            municipality=municipality("nis"),
            seeks_internship=False,
            seeks_job=False,
        )
    assert "seeks_internship" in error.value.message_dict
    assert not CandidateProfile.objects.exists()


def test_a_proficiency_outside_1_to_5_rolls_back_the_profile() -> None:
    with pytest.raises(ValidationError) as error:
        candidate_profile_create(
            user=UserFactory.create(),
            category="graduate",
            municipality=municipality("nis"),
            skills=[SkillEntry(written_as="Excel", proficiency=7)],
        )
    assert "skills[0]" in error.value.message_dict
    assert not CandidateProfile.objects.exists()
    assert not CandidateSkill.objects.exists()


def test_an_unknown_language_level_names_the_row() -> None:
    with pytest.raises(ValidationError) as error:
        candidate_profile_create(
            user=UserFactory.create(),
            category="graduate",
            municipality=municipality("nis"),
            languages=[("de", "D9")],
        )
    assert "languages[0]" in error.value.message_dict


def test_only_candidate_users_get_a_profile() -> None:
    with pytest.raises(ValidationError) as error:
        candidate_profile_create(
            user=UserFactory.create(role=User.Role.COMPANY),
            category="graduate",
            municipality=municipality("nis"),
        )
    assert "user" in error.value.message_dict


def test_programme_data_is_refused_without_consent() -> None:
    profile = CandidateProfileFactory.create()
    with pytest.raises(ValidationError) as error:
        programme_data_set(profile=profile, is_returnee=True, returned_from_country="DE")
    assert "consent" in error.value.message_dict
    assert not ProgrammeData.objects.exists()


def test_programme_data_is_stored_with_its_consent_and_removed_on_withdrawal() -> None:
    profile = CandidateProfileFactory.create()
    consent = consent_grant(profile=profile, purpose=ConsentRecord.Purpose.PROGRAMME_DATA)
    data = programme_data_set(
        profile=profile,
        is_returnee=True,
        returned_from_country="de",
        returned_year=2019,
        vulnerabilities=["roma"],
        gender="female",
    )
    assert data.consent == consent and data.returned_from_country == "DE"
    consent_withdraw(profile=profile, purpose=ConsentRecord.Purpose.PROGRAMME_DATA)
    assert not ProgrammeData.objects.filter(candidate=profile).exists()
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.notice_version


def test_return_details_only_for_returnees_and_known_categories() -> None:
    profile = CandidateProfileFactory.create()
    consent_grant(profile=profile, purpose=ConsentRecord.Purpose.PROGRAMME_DATA)
    with pytest.raises(ValidationError) as error:
        programme_data_set(
            profile=profile,
            is_returnee=False,
            returned_from_country="DE",
            vulnerabilities=["astronaut"],
        )
    assert {"is_returnee", "vulnerabilities"} <= set(error.value.message_dict)


def test_granting_the_same_consent_twice_keeps_one_active_record() -> None:
    profile = CandidateProfileFactory.create()
    first = consent_grant(profile=profile, purpose="programme_data", notice_version="2026-11")
    again = consent_grant(profile=profile, purpose="programme_data", notice_version="2026-11")
    newer = consent_grant(profile=profile, purpose="programme_data", notice_version="2027-01")
    assert first == again and newer != first
    assert profile.consents.filter(withdrawn_at__isnull=True).get() == newer


def test_a_training_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValidationError) as error:
        training_create(
            organisation=OrganisationFactory.create(),
            title="Obuka",
            municipality=municipality("vranje"),
            start_date=dt.date(2026, 5, 10),
            end_date=dt.date(2026, 5, 1),
        )
    assert "end_date" in error.value.message_dict


def test_participation_is_recorded_once_and_completion_needs_a_date() -> None:
    training = training_create(
        organisation=OrganisationFactory.create(),
        title="Obuka za posao",
        municipality=municipality("vranje"),
        start_date=dt.date(2026, 5, 1),
        end_date=dt.date(2026, 5, 10),
    )
    profile = CandidateProfileFactory.create()
    training_participation_record(training=training, profile=profile)
    with pytest.raises(ValidationError) as error:
        training_participation_record(training=training, profile=profile, status="completed")
    assert "completed_on" in error.value.message_dict
    done = training_participation_record(
        training=training, profile=profile, status="completed", completed_on=dt.date(2026, 5, 10)
    )
    assert training.participations.get() == done


def test_the_database_refuses_a_proficiency_of_zero() -> None:
    profile = CandidateProfileFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        CandidateSkill.objects.create(candidate=profile, written_as="x", proficiency=0)


def test_a_coordinator_without_organisation_is_refused_by_the_database() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="coord", role=User.Role.COORDINATOR)
