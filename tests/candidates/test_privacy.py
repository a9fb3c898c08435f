"""Consent, logged reads of sensitive data, the candidate's data export and erasure."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from candidates.models import (
    CandidateDocument,
    CandidateErasure,
    CandidateProfile,
    CandidateSkill,
    ConsentRecord,
    ProgrammeData,
    SensitiveDataAccess,
)
from candidates.privacy import candidate_data_export, candidate_document_upload, candidate_erase
from candidates.selectors import programme_data_for_report, programme_data_get
from candidates.services import (
    SkillEntry,
    candidate_languages_set,
    candidate_skills_set,
    consent_grant,
    consent_withdraw,
    programme_data_set,
)
from companies.models import CompanyMembership
from core.exceptions import PermissionDeniedError
from matching import models as matching_models
from matching.models import Match
from reference.models import District, Skill
from tests.factories import (
    CandidateProfileFactory,
    OrganisationFactory,
    PlacementFactory,
    UserFactory,
    municipality,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
EMAIL = "marija.petrovic@example.rs"
PHONE = "+381 64 123 4567"
MatchTransition = getattr(matching_models, "MatchTransition", None)


@pytest.fixture(autouse=True)
def private_root(settings: Any, tmp_path: Path) -> Path:
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    return tmp_path / "private"


@pytest.fixture
def world() -> dict[str, Any]:
    """A returnee in Leskovac (Jablanički) with everything Spona can hold about a person."""
    care = OrganisationFactory.create(short_name="CARE")
    care.districts.set([District.objects.get(code="RS-23")])  # Jablanički
    nexus = OrganisationFactory.create(short_name="NEXUS")
    nexus.districts.set([District.objects.get(code="RS-24")])  # Pčinjski
    user = UserFactory.create(
        username="marija.p", first_name="Marija", last_name="Petrović", email=EMAIL, phone=PHONE
    )
    profile = CandidateProfileFactory.create(
        user=user,
        municipality=municipality("leskovac"),
        category=CandidateProfile.Category.TRAINED_BENEFICIARY,
        education_level=4,
        education_field="Tekstilna tehnologija",
        institution="Tehnička škola Leskovac",
        graduation_year=2012,
        experience="Radila sam u fabrici u Štutgartu, zovite me na 064 123 4567.",
    )
    welding = Skill.objects.get(code="metal.welding")
    candidate_skills_set(
        profile=profile,
        skills=[
            SkillEntry(skill=welding, written_as="varenje kod Bosch-a", proficiency=4),
            SkillEntry(written_as="šivenje na mašini Juki", proficiency=5),
        ],
    )
    candidate_languages_set(profile=profile, languages=[("de", "B2")])
    consent_grant(profile=profile, purpose=ConsentRecord.Purpose.PROGRAMME_DATA)
    consent_grant(profile=profile, purpose=ConsentRecord.Purpose.SHARE_WITH_COMPANIES)
    programme_data_set(
        profile=profile,
        is_returnee=True,
        returned_from_country="DE",
        returned_year=2019,
        vulnerabilities=["roma", "single_parent"],
        gender="female",
    )
    placement = PlacementFactory.create(municipality=municipality("leskovac"))
    company_member = UserFactory.create(role=User.Role.COMPANY, first_name="Firma", last_name="X")
    CompanyMembership.objects.create(user=company_member, company=placement.company)
    match = Match.objects.create(
        candidate=profile,
        placement=placement,
        score=0.74,
        status=Match.Status.PROPOSED,
        breakdown={
            "total": 0.74,
            "requirements": [
                {"requirement": "zavarivanje", "candidate_term": "varenje kod Bosch-a"},
                {"requirement": "nemački", "candidate_term": None},
            ],
            "missing_required": [],
        },
    )
    coordinator = UserFactory.create(
        role=User.Role.COORDINATOR, organisation=care, first_name="Jelena", last_name="Ilić"
    )
    if MatchTransition is not None:
        MatchTransition.objects.create(
            match=match,
            transition="propose",
            from_status=Match.Status.SHORTLISTED,
            to_status=Match.Status.PROPOSED,
            actor=coordinator,
            actor_role=User.Role.COORDINATOR,
            reason="Marija je odlična zavarivačica, zvati na 0641234567.",
        )
    document = candidate_document_upload(
        profile=profile, uploaded_file=SimpleUploadedFile("Marija Petrović CV.pdf", PDF)
    )
    return {
        "user": user,
        "profile": profile,
        "welding": welding,
        "match": match,
        "document": document,
        "coordinator": coordinator,
        "other_coordinator": UserFactory.create(role=User.Role.COORDINATOR, organisation=nexus),
        "admin": UserFactory.create(role=User.Role.ADMIN, is_staff=True, is_superuser=True),
        "company_member": company_member,
        "other_candidate": CandidateProfileFactory.create(municipality=municipality("leskovac")),
    }


# --- consent ---------------------------------------------------------------------------------


def test_consent_records_purpose_time_and_notice_version(world: dict[str, Any]) -> None:
    consent = world["profile"].consents.get(purpose=ConsentRecord.Purpose.PROGRAMME_DATA)
    assert consent.notice_version and consent.granted_at and consent.is_active
    assert ProgrammeData.objects.get(candidate=world["profile"]).consent == consent


def test_after_withdrawal_the_data_is_gone_and_cannot_be_stored_again(
    world: dict[str, Any],
) -> None:
    profile = world["profile"]
    consent_withdraw(profile=profile, purpose=ConsentRecord.Purpose.PROGRAMME_DATA)
    assert not ProgrammeData.objects.filter(candidate=profile).exists()
    with pytest.raises(ValidationError):
        programme_data_set(profile=profile, is_returnee=True)
    assert not ProgrammeData.objects.filter(candidate=profile).exists()


def test_an_invalid_gender_is_refused_without_repeating_the_value(world: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as error:
        programme_data_set(profile=world["profile"], gender="trans woman")
    assert "trans woman" not in str(error.value.message_dict)


# --- logged reads ----------------------------------------------------------------------------


def test_a_coordinator_of_the_district_reads_and_each_read_is_logged(
    world: dict[str, Any],
) -> None:
    coordinator, profile = world["coordinator"], world["profile"]
    data = programme_data_get(profile=profile, reader=coordinator)
    assert data is not None and data.vulnerabilities == ["roma", "single_parent"]
    programme_data_get(profile=profile, reader=coordinator, purpose="report:q1")
    rows = list(SensitiveDataAccess.objects.order_by("id"))
    assert [(row.reader, row.candidate, row.purpose, row.outcome) for row in rows] == [
        (coordinator, profile, "profile_view", "granted"),
        (coordinator, profile, "report:q1", "granted"),
    ]
    assert "vulnerabilities" in rows[0].fields and rows[0].at is not None


def test_a_read_without_data_is_logged_too(world: dict[str, Any]) -> None:
    profile = world["other_candidate"]
    assert programme_data_get(profile=profile, reader=world["admin"]) is None
    assert SensitiveDataAccess.objects.filter(candidate=profile).count() == 1


@pytest.mark.parametrize("who", ["other_coordinator", "company_member", "user", "anonymous"])
def test_anyone_else_is_refused_and_the_attempt_is_logged(world: dict[str, Any], who: str) -> None:
    reader = None if who == "anonymous" else world[who]
    with pytest.raises(PermissionDeniedError) as error:
        programme_data_get(profile=world["profile"], reader=reader)
    assert "Marija" not in error.value.message
    denied = SensitiveDataAccess.objects.get()
    assert denied.outcome == SensitiveDataAccess.Outcome.DENIED and denied.reader == reader


def test_a_purpose_must_be_a_code_not_free_text(world: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="purpose"):
        programme_data_get(
            profile=world["profile"], reader=world["coordinator"], purpose="call Marija"
        )
    assert not SensitiveDataAccess.objects.exists()


def test_a_report_read_logs_one_row_per_candidate(world: dict[str, Any]) -> None:
    neighbour = world["other_candidate"]
    rows = programme_data_for_report(
        profiles=CandidateProfile.objects.filter(municipality__code="leskovac"),
        reader=world["coordinator"],
        purpose="report:quarterly",
    )
    assert set(rows) == {world["profile"].pk}  # the neighbour has no programme data
    logged = SensitiveDataAccess.objects.filter(purpose="report:quarterly")
    assert sorted(logged.values_list("candidate_id", flat=True)) == sorted(
        [world["profile"].pk, neighbour.pk]
    )


def test_a_report_over_another_district_returns_nothing_and_logs_the_denial(
    world: dict[str, Any],
) -> None:
    vranje = CandidateProfileFactory.create(municipality=municipality("vranje"))
    with pytest.raises(PermissionDeniedError):
        programme_data_for_report(
            profiles=[world["profile"], vranje], reader=world["coordinator"], purpose="report"
        )
    assert list(SensitiveDataAccess.objects.values_list("candidate_id", "outcome")) == [
        (vranje.pk, "denied")
    ]


def test_opening_programme_data_in_the_admin_is_logged(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["admin"])
    data = ProgrammeData.objects.get(candidate=world["profile"])
    changelist = client.get(reverse("admin:candidates_programmedata_changelist"))
    assert changelist.status_code == 200 and not SensitiveDataAccess.objects.exists()
    page = client.get(reverse("admin:candidates_programmedata_change", args=[data.pk]))
    assert page.status_code == 200
    access = SensitiveDataAccess.objects.get()
    assert access.reader == world["admin"] and access.purpose == "admin_view"


# --- export ----------------------------------------------------------------------------------


def _all_keys_and_strings(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [str(k) for k in value] + [
            s for v in value.values() for s in _all_keys_and_strings(v)
        ]
    if isinstance(value, list):
        return [s for v in value for s in _all_keys_and_strings(v)]
    return [value] if isinstance(value, str) else []


def test_the_export_holds_all_the_candidates_data_and_no_password(world: dict[str, Any]) -> None:
    programme_data_get(profile=world["profile"], reader=world["coordinator"])
    data = candidate_data_export(profile=world["profile"])
    json.dumps(data)  # plain JSON
    assert data["account"]["email"] == EMAIL and data["account"]["phone"] == PHONE
    assert data["profile"]["experience"].startswith("Radila sam")
    assert data["profile"]["district"] == "Jablanički okrug"
    assert {s["written_as"] for s in data["skills"]} == {
        "varenje kod Bosch-a",
        "šivenje na mašini Juki",
    }
    assert data["languages"] == [{"language": "de", "level": "B2"}]
    assert {c["purpose"] for c in data["consents"]} == {"programme_data", "share_with_companies"}
    assert data["programme_data"]["vulnerabilities"] == ["roma", "single_parent"]
    [match] = data["matches"]
    assert match["status"] == "proposed"
    assert match["explanation"]["requirements"][0]["candidate_term"] == "varenje kod Bosch-a"
    if MatchTransition is not None:
        assert match["transitions"][0]["to_status"] == "proposed"
        assert "actor_id" not in match["transitions"][0]
    [document] = data["documents"]
    assert document["original_name"] == "Marija Petrović CV.pdf"
    assert document["content_type"] == "application/pdf"
    [access] = data["data_access_log"]
    assert access["reader"] == {"role": "coordinator", "organisation": "CARE"}
    strings = _all_keys_and_strings(data)
    assert "password" not in strings
    assert not any(s.startswith(("md5$", "pbkdf2_", "argon2", "!")) for s in strings)
    assert "Jelena" not in json.dumps(data, ensure_ascii=False)  # the reader's own name


def test_the_export_includes_trainings(world: dict[str, Any]) -> None:
    import datetime as dt

    from candidates.services import training_create, training_participation_record

    training = training_create(
        organisation=world["coordinator"].organisation,
        title="Zavarivanje MIG/MAG",
        municipality=municipality("leskovac"),
        start_date=dt.date(2026, 3, 1),
        end_date=dt.date(2026, 4, 1),
    )
    training_participation_record(
        training=training,
        profile=world["profile"],
        status="completed",
        completed_on=dt.date(2026, 4, 1),
    )
    [entry] = candidate_data_export(profile=world["profile"])["trainings"]
    assert entry["title"] == "Zavarivanje MIG/MAG" and entry["completed_on"] == "2026-04-01"


def test_the_export_view_serves_the_candidate_an_attachment(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["user"])
    response = client.get(reverse("candidates:my-data-export"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="spona-my-data.json"'
    assert "no-store" in response["Cache-Control"]
    body = json.loads(response.content)
    assert body["account"]["username"] == "marija.p"
    assert "Petrović" in response.content.decode()  # UTF-8, not \\u escapes


@pytest.mark.parametrize("who", ["coordinator", "admin", "company_member"])
def test_the_export_view_is_for_candidates_only(world: dict[str, Any], who: str) -> None:
    client = Client()
    client.force_login(world[who])
    assert client.get(reverse("candidates:my-data-export")).status_code == 404


def test_the_export_view_needs_a_login(world: dict[str, Any]) -> None:
    assert Client().get(reverse("candidates:my-data-export")).status_code == 302


# --- erasure ---------------------------------------------------------------------------------


def test_erasure_removes_personal_data_and_files_and_keeps_statistics(
    world: dict[str, Any],
    private_root: Path,
    django_capture_on_commit_callbacks: Callable[..., Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    profile, user, coordinator = world["profile"], world["user"], world["coordinator"]
    file_path = Path(world["document"].file.path)
    assert file_path.exists()
    caplog.set_level(logging.INFO, logger="candidates.privacy")

    with django_capture_on_commit_callbacks(execute=True):
        erasure = candidate_erase(
            profile=profile, by=coordinator, reason=CandidateErasure.Reason.CANDIDATE_REQUEST
        )

    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.email, user.phone) == ("", "", "", "")
    assert user.username.startswith("erased-") and "marija" not in user.username
    assert not user.has_usable_password() and not user.is_active
    profile.refresh_from_db()
    assert (profile.experience, profile.institution, profile.education_field) == ("", "", "")
    assert profile.graduation_year is None and profile.availability_date is None
    # Kept for statistics: where, what kind of candidate, education level, languages.
    assert profile.municipality.code == "leskovac" and profile.education_level == 4
    assert profile.category == CandidateProfile.Category.TRAINED_BENEFICIARY
    assert list(profile.languages.values_list("language", "level")) == [("de", "B2")]
    assert list(
        CandidateSkill.objects.filter(candidate=profile).values_list("skill", "written_as")
    ) == [(world["welding"].pk, "")]
    assert not ProgrammeData.objects.filter(candidate=profile).exists()
    assert not CandidateDocument.objects.filter(candidate=profile).exists()
    assert not file_path.exists()
    consents = ConsentRecord.objects.filter(candidate=profile)
    assert consents.count() == 2 and not consents.filter(withdrawn_at__isnull=True).exists()
    match = Match.objects.get(pk=world["match"].pk)
    assert match.status == Match.Status.PROPOSED and match.score == pytest.approx(0.74)
    assert [r["candidate_term"] for r in match.breakdown["requirements"]] == [None, None]
    assert match.breakdown["requirements"][0]["requirement"] == "zavarivanje"
    if MatchTransition is not None:
        step = MatchTransition.objects.get(match=match)
        assert step.reason == "" and step.to_status == Match.Status.PROPOSED

    assert erasure.erased_by == coordinator and erasure.erased_by_role == "coordinator"
    assert erasure.reason == "candidate_request" and erasure.candidate == profile
    audit = f"{erasure} {erasure.reason} {erasure.erased_by_role}"
    logged = " ".join(record.getMessage() for record in caplog.records)
    for personal in ("Marija", "Petrović", "marija", EMAIL, "064"):
        assert personal not in audit and personal not in logged
    assert "erased" in logged

    # The whole export after erasure carries nothing that names the person.
    exported = json.dumps(candidate_data_export(profile=profile), ensure_ascii=False)
    for personal in ("Marija", "Petrović", EMAIL, "Bosch", "Juki", "Štutgart", "0641234567"):
        assert personal not in exported


def test_a_second_erasure_is_a_no_op(world: dict[str, Any]) -> None:
    profile, coordinator = world["profile"], world["coordinator"]
    first = candidate_erase(profile=profile, by=coordinator, reason="candidate_request")
    username = User.objects.get(pk=world["user"].pk).username
    second = candidate_erase(profile=profile, by=world["admin"], reason="other")
    assert second == first and CandidateErasure.objects.count() == 1
    assert User.objects.get(pk=world["user"].pk).username == username


@pytest.mark.parametrize("who", ["other_coordinator", "company_member", "user"])
def test_only_a_coordinator_of_the_district_or_an_admin_erases(
    world: dict[str, Any], who: str
) -> None:
    with pytest.raises(PermissionDeniedError):
        candidate_erase(profile=world["profile"], by=world[who], reason="candidate_request")
    assert not CandidateErasure.objects.exists()
    assert User.objects.get(pk=world["user"].pk).email == EMAIL


def test_an_admin_may_erase(world: dict[str, Any]) -> None:
    erasure = candidate_erase(profile=world["profile"], by=world["admin"], reason="retention_ended")
    assert erasure.erased_by_role == "admin"


def test_the_reason_is_a_listed_code_not_free_text(world: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as error:
        candidate_erase(
            profile=world["profile"], by=world["coordinator"], reason="Marija called, 064123456"
        )
    assert "reason" in error.value.message_dict
    assert not CandidateErasure.objects.exists()


def test_an_erased_candidate_can_no_longer_log_in(world: dict[str, Any]) -> None:
    client = Client()
    client.force_login(world["user"])
    assert client.get(reverse("candidates:my-data-export")).status_code == 200
    candidate_erase(profile=world["profile"], by=world["coordinator"], reason="candidate_request")
    assert client.get(reverse("candidates:my-data-export")).status_code == 302


def test_erasure_removes_the_candidates_login_records(world: dict[str, Any]) -> None:
    from django.apps import apps

    assert apps.is_installed("axes")
    access_log = apps.get_model("axes", "AccessLog")
    for username in ("marija.p", "someone.else"):
        access_log.objects.create(
            username=username, ip_address="192.0.2.7", user_agent="Firefox", path_info="/login"
        )
    candidate_erase(profile=world["profile"], by=world["coordinator"], reason="candidate_request")
    assert list(access_log.objects.values_list("username", flat=True)) == ["someone.else"]
