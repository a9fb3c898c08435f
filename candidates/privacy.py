"""Data-protection services: CV upload and deletion, the candidate's data export, erasure.

Serbian Law on Personal Data Protection (ZZPL, aligned with the GDPR): the candidate may see
all their data (export), have it erased (through a coordinator), and files they upload are
checked by content, kept out of public media and served only through a permission check.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import lzma
import re
import secrets
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can_erase_candidate, role_of
from candidates.models import (
    CandidateDocument,
    CandidateErasure,
    CandidateProfile,
    CandidateSkill,
    ConsentRecord,
    ProgrammeData,
    SensitiveDataAccess,
)
from core.exceptions import PermissionDeniedError
from core.services import validated_save
from matching.models import Match

logger = logging.getLogger(__name__)

EXPORT_FORMAT = "spona-candidate-export"
EXPORT_VERSION = 1

MAX_DOCUMENTS_PER_CANDIDATE = 5
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
DOCX_REQUIRED_MEMBERS = ("[Content_Types].xml", "word/document.xml")
# A macro-enabled .docm declares a different main part, so it is refused here.
DOCX_MAIN_CONTENT_TYPE = (
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
# Zip-bomb guards. Only two members are ever decompressed, each bounded while reading (the
# sizes in the archive's header can lie); the member count and declared total are sanity caps.
DOCX_MAX_MEMBERS = 1000
DOCX_MAX_CONTENT_TYPES_BYTES = 256 * 1024
DOCX_DOCUMENT_PEEK_BYTES = 64 * 1024
DOCX_MAX_DECLARED_RATIO = 20  # declared uncompressed total ≤ 20 × the upload limit
READ_CHUNK_BYTES = 64 * 1024
ORIGINAL_NAME_MAX = 100

# Keys of a match breakdown that hold the candidate's own words (see matching.services).
CANDIDATE_TERM_KEYS = frozenset({"candidate_term", "candidate_terms", "candidate_text"})


def cv_max_bytes() -> int:
    return int(settings.CV_MAX_BYTES)


# --- CV upload -------------------------------------------------------------------------------


def _bad_file(message: str) -> ValidationError:
    return ValidationError({"file": message})


def _read_bounded(archive: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    """A member's bytes, or None when it decompresses to more than `limit` bytes."""
    with archive.open(name) as member:
        data = member.read(limit + 1)
    return None if len(data) > limit else data


def _is_docx(upload: IO[bytes]) -> bool:
    """Whether the (zip) upload is a Word document, opened without ever fully decompressing."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            names = [info.filename for info in members]
            if len(members) > DOCX_MAX_MEMBERS or len(set(names)) != len(names):
                return False  # duplicate names are a known trick to show each reader other parts
            if not all(name in names for name in DOCX_REQUIRED_MEMBERS):
                return False
            declared = sum(info.file_size for info in members)
            if declared > DOCX_MAX_DECLARED_RATIO * cv_max_bytes():
                return False
            content_types = _read_bounded(
                archive, "[Content_Types].xml", DOCX_MAX_CONTENT_TYPES_BYTES
            )
            if content_types is None or DOCX_MAIN_CONTENT_TYPE not in content_types:
                return False
            with archive.open("word/document.xml") as document:
                head = document.read(DOCX_DOCUMENT_PEEK_BYTES)
            return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, NotImplementedError):
        return False  # RuntimeError: encrypted member; NotImplementedError: odd compression
    except (EOFError, OSError, ValueError, zlib.error, lzma.LZMAError):
        return False  # truncated or corrupt compressed data


def detect_document_type(upload: IO[bytes]) -> str | None:
    """PDF or DOCX by the file's content; None for anything else."""
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    if head.startswith(PDF_MAGIC):
        return CandidateDocument.ContentType.PDF
    if head.startswith(ZIP_MAGIC) and _is_docx(upload):
        return CandidateDocument.ContentType.DOCX
    return None


def _measure(upload: IO[bytes], limit: int) -> tuple[int, str] | None:
    """Size and SHA-256 of the upload, or None as soon as it exceeds `limit`."""
    upload.seek(0)
    digest = hashlib.sha256()
    size = 0
    while chunk := upload.read(READ_CHUNK_BYTES):
        size += len(chunk)
        if size > limit:
            return None
        digest.update(chunk)
    return size, digest.hexdigest()


def sanitised_original_name(name: str) -> str:
    """The uploaded file's name without any path, control or markup characters, shortened."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = "".join(char for char in base if char.isalnum() or char in " ._-()")
    base = " ".join(base.split()).strip(" .")
    if len(base) > ORIGINAL_NAME_MAX:
        stem, dot, extension = base.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            base = stem[: ORIGINAL_NAME_MAX - len(extension) - 1].rstrip(" .") + "." + extension
        else:
            base = base[:ORIGINAL_NAME_MAX].rstrip(" .")
    return base


def document_download_name(document: CandidateDocument) -> str:
    """The name a download is offered under: the original stem, the detected extension."""
    extension = CandidateDocument.EXTENSIONS.get(document.content_type, "")
    stem = document.original_name
    if "." in stem:
        stem = stem.rsplit(".", 1)[0]
    return f"{stem or f'cv-{document.pk}'}{extension}"


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the checks: its detected type, size, digest and sanitised name."""

    content_type: str
    size: int
    sha256: str
    original_name: str


def upload_check(
    uploaded_file: Any,
    *,
    type_message: str,
    detect: Callable[[IO[bytes]], str | None] | None = None,
) -> CheckedUpload:
    """Check an uploaded file the way CVs are checked: size bounded while reading (CV_MAX_BYTES),
    not empty, and of a type judged by its content (`detect`: PDF or DOCX by default), never by
    its name. Raises ValidationError({"file": ...}); `type_message` says which types are
    accepted. Other apps' uploads (grant documents, receipts) use it too."""
    limit = cv_max_bytes()
    limit_mb = f"{limit / (1024 * 1024):g}"
    declared_size = getattr(uploaded_file, "size", None)
    if declared_size is not None and declared_size > limit:
        raise _bad_file(_("The file is larger than %(limit)s MB.") % {"limit": limit_mb})
    measured = _measure(uploaded_file, limit)
    if measured is None:
        raise _bad_file(_("The file is larger than %(limit)s MB.") % {"limit": limit_mb})
    size, sha256 = measured
    if size == 0:
        raise _bad_file(_("The file is empty."))
    content_type = (detect or detect_document_type)(uploaded_file)
    if content_type is None:
        raise _bad_file(type_message)
    uploaded_file.seek(0)
    return CheckedUpload(
        content_type=content_type,
        size=size,
        sha256=sha256,
        original_name=sanitised_original_name(getattr(uploaded_file, "name", "") or ""),
    )


@transaction.atomic
def candidate_document_upload(
    *, profile: CandidateProfile, uploaded_file: Any
) -> CandidateDocument:
    """Store a CV (PDF or DOCX, judged by content, not name) in private storage.

    Raises ValidationError({"file": ...}) and stores nothing when the file is empty, too large,
    of another type, or the candidate already has the maximum number of documents. A PDF named
    .docx is accepted as the PDF it is: the detected type is stored and used for downloads.
    """
    if profile.documents.count() >= MAX_DOCUMENTS_PER_CANDIDATE:
        raise _bad_file(
            _("You can keep at most %(count)d documents; delete one first.")
            % {"count": MAX_DOCUMENTS_PER_CANDIDATE}
        )
    checked = upload_check(
        uploaded_file, type_message=_("Upload the CV as a PDF or a Word (.docx) document.")
    )
    document = CandidateDocument(
        candidate=profile,
        kind=CandidateDocument.Kind.CV,
        content_type=checked.content_type,
        original_name=checked.original_name,
        size_bytes=checked.size,
        sha256=checked.sha256,
    )
    # The name passed here is ignored: upload_to makes a random one with the detected extension.
    document.file.save("upload", File(uploaded_file), save=False)
    try:
        validated_save(document)
    except BaseException:
        document.file.storage.delete(document.file.name)
        raise
    logger.info("Candidate %s uploaded document %s", profile.pk, document.pk)
    return document


@transaction.atomic
def candidate_document_delete(*, document: CandidateDocument) -> None:
    """Delete the document; its file goes once the deletion commits (models' post_delete)."""
    document_id, candidate_id = document.pk, document.candidate_id
    document.delete()
    logger.info("Document %s of candidate %s deleted", document_id, candidate_id)


# --- Export (right of access and portability) ------------------------------------------------


@dataclass(frozen=True)
class PersonalDataSection:
    """Personal data another app keeps about a candidate: its part of the export (JSON-ready
    or plain values) and how the erasure removes it (inside the erasure's transaction)."""

    key: str
    export: Callable[[CandidateProfile], Any]
    erase: Callable[[CandidateProfile], None]


_SECTIONS: dict[str, PersonalDataSection] = {}


def personal_data_section_register(
    *,
    key: str,
    export: Callable[[CandidateProfile], Any],
    erase: Callable[[CandidateProfile], None],
) -> None:
    """Apps above this one (which it may not import) add their data about a person here at
    start-up (AppConfig.ready): the export then includes it under `key` and the erasure calls
    `erase`. Registering the same key again replaces it (a reloaded app)."""
    _SECTIONS[key] = PersonalDataSection(key=key, export=export, erase=erase)


def personal_data_sections() -> list[PersonalDataSection]:
    return list(_SECTIONS.values())


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(item) for item in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _match_transition_model() -> type[models.Model] | None:
    """matching.MatchTransition when the workflow is installed (it is added separately)."""
    from matching import models as matching_models

    model = getattr(matching_models, "MatchTransition", None)
    return model if isinstance(model, type) and issubclass(model, models.Model) else None


def _transition_fk_name(model: type[models.Model]) -> str | None:
    for field in model._meta.get_fields():
        if getattr(field, "many_to_one", False) and getattr(field, "related_model", None) is Match:
            return field.name
    return None


def _transitions_by_match(match_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    model = _match_transition_model()
    fk_name = _transition_fk_name(model) if model is not None else None
    if model is None or fk_name is None or not match_ids:
        return {}
    # Plain values only: the actor is shown by role, not by name (their own personal data).
    names = [
        field.name
        for field in model._meta.concrete_fields
        if not field.is_relation and field.name != "id"
    ]
    result: dict[int, list[dict[str, Any]]] = {}
    for row in model._default_manager.filter(**{f"{fk_name}__in": match_ids}).values(
        f"{fk_name}_id", *names
    ):
        match_id = row.pop(f"{fk_name}_id")
        result.setdefault(match_id, []).append(_jsonable(row))
    return result


def _reader_description(access: SensitiveDataAccess) -> dict[str, Any]:
    """Who read, as far as the candidate needs to know: role and organisation, not a name."""
    reader = access.reader
    if reader is None:
        return {"role": "anonymous", "organisation": None}
    organisation = reader.organisation.short_name if reader.organisation is not None else None
    return {"role": role_of(reader), "organisation": organisation}


def candidate_data_export(*, profile: CandidateProfile) -> dict[str, Any]:
    """Everything Spona holds about the candidate, as plain JSON-ready data.

    The candidate's own programme data is included without an access-log row: it is the data
    subject reading their own data. Who else read it is included (by role and organisation).
    """
    profile = (
        CandidateProfile.objects.select_related("user", "municipality__district")
        .prefetch_related("skills__skill", "languages", "consents")
        .get(pk=profile.pk)
    )
    user = profile.user
    programme = ProgrammeData.objects.filter(candidate=profile).first()
    matches = list(
        Match.objects.filter(candidate=profile)
        .select_related("placement__company", "placement__municipality")
        .order_by("id")
    )
    transitions = _transitions_by_match([match.pk for match in matches])
    participations = profile.training_participations.select_related(
        "training__organisation", "training__municipality"
    ).order_by("training__start_date", "id")
    accesses = SensitiveDataAccess.objects.filter(candidate=profile).select_related(
        "reader__organisation"
    )

    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": timezone.now(),
        "account": {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "phone": user.phone,
            "preferred_language": user.preferred_language,
            "role": user.role,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "profile": {
            "category": profile.category,
            "municipality": profile.municipality.name_latn,
            "district": profile.municipality.district.name_latn,
            "max_commute_km": profile.max_commute_km,
            "willing_to_relocate": profile.willing_to_relocate,
            "seeks_internship": profile.seeks_internship,
            "seeks_job": profile.seeks_job,
            "seeks_self_employment": profile.seeks_self_employment,
            "education_level": profile.education_level,
            "education_field": profile.education_field,
            "institution": profile.institution,
            "graduation_year": profile.graduation_year,
            "experience": profile.experience,
            "availability_date": profile.availability_date,
            "created_at": profile.created_at,
            "updated_at": profile.updated_at,
        },
        "skills": [
            {
                "skill_code": skill.skill.code if skill.skill else None,
                "skill_label": str(skill.skill) if skill.skill else None,
                "written_as": skill.written_as,
                "proficiency": skill.proficiency,
            }
            for skill in profile.skills.all()
        ],
        "languages": [
            {"language": language.language, "level": language.level}
            for language in profile.languages.all()
        ],
        "consents": [
            {
                "purpose": consent.purpose,
                "notice_version": consent.notice_version,
                "granted_at": consent.granted_at,
                "withdrawn_at": consent.withdrawn_at,
            }
            for consent in profile.consents.all()
        ],
        "programme_data": None
        if programme is None
        else {
            "is_returnee": programme.is_returnee,
            "returned_from_country": programme.returned_from_country,
            "returned_year": programme.returned_year,
            "vulnerabilities": list(programme.vulnerabilities),
            "gender": programme.gender,
            "created_at": programme.created_at,
            "updated_at": programme.updated_at,
        },
        "trainings": [
            {
                "title": participation.training.title,
                "organisation": participation.training.organisation.short_name,
                "municipality": participation.training.municipality.name_latn,
                "start_date": participation.training.start_date,
                "end_date": participation.training.end_date,
                "status": participation.status,
                "completed_on": participation.completed_on,
            }
            for participation in participations
        ],
        "matches": [
            {
                "placement": {
                    "id": match.placement_id,
                    "title": match.placement.title,
                    "kind": match.placement.kind,
                    "company": match.placement.company.legal_name,
                    "municipality": match.placement.municipality.name_latn
                    if match.placement.municipality
                    else None,
                },
                "score": match.score,
                "status": match.status,
                "status_changed_at": match.status_changed_at,
                "scored_at": match.scored_at,
                "explanation": match.breakdown,
                "transitions": transitions.get(match.pk, []),
            }
            for match in matches
        ],
        "documents": [
            {
                "id": document.pk,
                "kind": document.kind,
                "original_name": document.original_name,
                "content_type": document.content_type,
                "size_bytes": document.size_bytes,
                "sha256": document.sha256,
                "uploaded_at": document.created_at,
            }
            for document in profile.documents.order_by("created_at", "id")
        ],
        "data_access_log": [
            {
                "at": access.at,
                "reader": _reader_description(access),
                "fields": access.fields,
                "purpose": access.purpose,
                "outcome": access.outcome,
            }
            for access in accesses
        ],
    }
    for section in personal_data_sections():
        data[section.key] = section.export(profile)
    result: dict[str, Any] = _jsonable(data)
    return result


# --- Erasure (right to erasure) --------------------------------------------------------------


def _without_candidate_terms(value: Any) -> Any:
    """A match breakdown with the candidate's own words blanked (the structure stays)."""
    if isinstance(value, dict):
        return {
            key: (None if key in CANDIDATE_TERM_KEYS else _without_candidate_terms(item))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_without_candidate_terms(item) for item in value]
    return value


def _erase_matches(profile: CandidateProfile) -> None:
    """Keep each match and its status (programme statistics) without the candidate's words."""
    matches = list(Match.objects.filter(candidate=profile).only("id", "breakdown"))
    for match in matches:
        match.breakdown = _without_candidate_terms(match.breakdown)
    Match.objects.bulk_update(matches, ["breakdown"], batch_size=500)
    model = _match_transition_model()
    fk_name = _transition_fk_name(model) if model is not None else None
    if model is not None and fk_name is not None:
        # Free-text reasons are written about this person; the steps and dates stay.
        text_fields = {
            field.name: ""
            for field in model._meta.concrete_fields
            if isinstance(field, models.TextField)
        }
        if text_fields:
            model._default_manager.filter(**{f"{fk_name}__candidate": profile}).update(
                **text_fields
            )


def _erase_notifications(user: User) -> None:
    """The candidate's own inbox (and the record of e-mails sent to them), if installed."""
    if apps.is_installed("notifications"):
        notification = apps.get_model("notifications", "Notification")
        notification._default_manager.filter(recipient=user).delete()


def _erase_login_records(username: str) -> None:
    """django-axes keeps the username, IP address and browser of each login, if installed."""
    if not apps.is_installed("axes"):
        return
    for model_name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
        try:
            model = apps.get_model("axes", model_name)
        except LookupError:
            continue
        model._default_manager.filter(username=username).delete()


@transaction.atomic
def candidate_erase(*, profile: CandidateProfile, by: Any, reason: str) -> CandidateErasure:
    """Anonymise a candidate for good; a second call returns the first erasure unchanged.

    Only a coordinator of the candidate's district or an admin may erase. `reason` is one of
    CandidateErasure.Reason: a fixed code keeps free text (and so personal data) out of the
    audit entry.

    Removed: name, username, e-mail, phone, password, free-text profile fields, graduation year,
    availability, skills' own wording (skills known only by wording go), programme data,
    documents and their files, the candidate's notifications and login records (django-axes),
    free-text reasons of their match steps and their own words in match explanations.
    Kept, for programme statistics that identify nobody: municipality and district, category,
    education level, what they seek, taxonomy skills and languages, training outcomes, matches
    with status and score. Consent records are withdrawn and kept (purpose, notice version,
    dates: the proof that processing was lawful while it lasted); the access log is kept (ids
    only: readers' accountability). Then each app that registered a personal-data section
    (personal_data_section_register) erases its part in the same transaction.
    """
    if not can_erase_candidate(by, profile):
        raise PermissionDeniedError("Only a coordinator of the candidate's district may erase.")
    if reason not in CandidateErasure.Reason.values:
        raise ValidationError({"reason": _("Choose one of the listed reasons.")})
    profile = CandidateProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    existing = CandidateErasure.objects.filter(candidate=profile).first()
    if existing is not None:
        return existing

    now = timezone.now()
    user = profile.user
    _erase_login_records(user.username)
    user.first_name = ""
    user.last_name = ""
    user.username = f"erased-{secrets.token_hex(8)}"
    user.email = ""
    user.phone = ""
    user.last_login = None
    user.is_active = False
    user.set_unusable_password()  # also ends the user's sessions (their hash no longer matches)
    user.save(
        update_fields=[
            "first_name",
            "last_name",
            "username",
            "email",
            "phone",
            "last_login",
            "is_active",
            "password",
        ]
    )

    profile.experience = ""
    profile.institution = ""
    profile.education_field = ""
    profile.graduation_year = None
    profile.availability_date = None
    profile.save(
        update_fields=[
            "experience",
            "institution",
            "education_field",
            "graduation_year",
            "availability_date",
            "updated_at",
        ]
    )
    CandidateSkill.objects.filter(candidate=profile, skill__isnull=True).delete()
    CandidateSkill.objects.filter(candidate=profile).update(written_as="")

    ProgrammeData.objects.filter(candidate=profile).delete()
    ConsentRecord.objects.filter(candidate=profile, withdrawn_at__isnull=True).update(
        withdrawn_at=now
    )
    # Deleted one by one so that each file is removed too (post_delete, after commit).
    for document in CandidateDocument.objects.filter(candidate=profile):
        document.delete()
    _erase_matches(profile)
    _erase_notifications(user)
    for section in personal_data_sections():
        section.erase(profile)

    erasure = CandidateErasure.objects.create(
        candidate=profile, erased_by=by, erased_by_role=role_of(by), reason=reason, erased_at=now
    )
    # The reason is free text about the person: it stays in the erasure record, not in the log.
    logger.info(
        "Candidate %s erased by user %s (%s), erasure %s",
        *(profile.pk, by.pk, role_of(by), erasure.pk),
    )
    return erasure
