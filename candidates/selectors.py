"""Reads of candidates' sensitive data and documents, each checked and (for others) logged.

These selectors write: every read of programme-sensitive data, and every download of a
candidate's document by someone other than the candidate, leaves a SensitiveDataAccess row.
That is the accepted exception to "selectors only read": the log must be written by the very
code that reads, in the same place as the permission check, or a new caller would forget it.
A denied attempt is logged as well (someone probing is what the log is for); note that when
the caller's transaction rolls back on the raised error, that row goes with it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from accounts.permissions import (
    can_view_candidate_documents,
    can_view_sensitive_data,
    candidates_with_sensitive_data_visible_to,
    role_of,
)
from candidates.models import (
    CandidateDocument,
    CandidateProfile,
    ProgrammeData,
    SensitiveDataAccess,
)
from core.exceptions import NotFound, PermissionDeniedError

logger = logging.getLogger(__name__)

PROGRAMME_DATA_FIELDS = (
    "is_returnee",
    "returned_from_country",
    "returned_year",
    "vulnerabilities",
    "gender",
)
# A purpose is a short code ("profile_view", "report:quarterly-2027q1"), never free text that
# could carry personal data into the log.
PURPOSE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.:-]{0,99}$")
LOG_BATCH_SIZE = 500


def _checked_purpose(purpose: str) -> str:
    if not PURPOSE_PATTERN.match(purpose):
        raise ValueError("purpose must be a short lower-case code such as 'profile_view'")
    return purpose


def _reader_or_none(reader: Any) -> Any:
    return reader if getattr(reader, "is_authenticated", False) else None


def programme_data_get(
    *, profile: CandidateProfile, reader: Any, purpose: str = "profile_view"
) -> ProgrammeData | None:
    """The candidate's programme data for a coordinator of their district (or an admin).

    Logs the read (also when there is no data: the reader learnt that much); raises
    PermissionDeniedError for anyone else, after logging the attempt.
    """
    purpose = _checked_purpose(purpose)
    if not can_view_sensitive_data(reader, profile):
        SensitiveDataAccess.objects.create(
            reader=_reader_or_none(reader),
            candidate=profile,
            fields=list(PROGRAMME_DATA_FIELDS),
            purpose=purpose,
            outcome=SensitiveDataAccess.Outcome.DENIED,
        )
        logger.warning(
            "Denied read of programme data of candidate %s by user %s (%s)",
            profile.pk,
            getattr(reader, "pk", None),
            role_of(reader),
        )
        raise PermissionDeniedError("You may not see this candidate's programme data.")
    data = ProgrammeData.objects.filter(candidate=profile).first()
    SensitiveDataAccess.objects.create(
        reader=reader, candidate=profile, fields=list(PROGRAMME_DATA_FIELDS), purpose=purpose
    )
    return data


def programme_data_for_report(
    *, profiles: Iterable[CandidateProfile] | QuerySet[CandidateProfile], reader: Any, purpose: str
) -> dict[int, ProgrammeData]:
    """Programme data of many candidates (reports), keyed by profile id; one log row each.

    All or nothing: if the reader may not see one of them, nothing is returned (a report that
    silently skipped people would be wrong) and the denied candidates are logged.
    """
    purpose = _checked_purpose(purpose)
    if isinstance(profiles, QuerySet):
        ids = set(profiles.values_list("pk", flat=True))
    else:
        ids = {profile.pk for profile in profiles}
    allowed = set(
        candidates_with_sensitive_data_visible_to(reader)
        .filter(pk__in=ids)
        .values_list("pk", flat=True)
    )
    denied = sorted(ids - allowed)
    now = timezone.now()
    fields = list(PROGRAMME_DATA_FIELDS)
    if denied:
        SensitiveDataAccess.objects.bulk_create(
            [
                SensitiveDataAccess(
                    reader=_reader_or_none(reader),
                    candidate_id=candidate_id,
                    fields=fields,
                    purpose=purpose,
                    outcome=SensitiveDataAccess.Outcome.DENIED,
                    at=now,
                )
                for candidate_id in denied
            ],
            batch_size=LOG_BATCH_SIZE,
        )
        logger.warning(
            "Denied report read of programme data of %d candidates by user %s (%s)",
            len(denied),
            getattr(reader, "pk", None),
            role_of(reader),
        )
        raise PermissionDeniedError(
            "You may not see the programme data of some of these candidates.",
            extra={"denied_candidate_ids": denied},
        )
    rows = {row.candidate_id: row for row in ProgrammeData.objects.filter(candidate_id__in=ids)}
    SensitiveDataAccess.objects.bulk_create(
        [
            SensitiveDataAccess(
                reader=reader, candidate_id=candidate_id, fields=fields, purpose=purpose, at=now
            )
            for candidate_id in sorted(ids)
        ],
        batch_size=LOG_BATCH_SIZE,
    )
    return rows


def candidate_documents_of(*, profile: CandidateProfile) -> QuerySet[CandidateDocument]:
    """The candidate's documents (metadata; the files are read only by the download)."""
    return CandidateDocument.objects.filter(candidate=profile).order_by("-created_at", "-id")


def candidate_document_for_download(*, document_id: int, user: Any) -> CandidateDocument:
    """The document if the user may download it; NotFound otherwise, so existence does not leak.

    A download by anyone but the candidate is logged like a read of sensitive data, and so is a
    refused one (the refusal still looks like "no such document" to the user).
    """
    document = (
        CandidateDocument.objects.select_related("candidate__municipality")
        .filter(pk=document_id)
        .first()
    )
    if document is None:
        raise NotFound("No such document.")
    if not can_view_candidate_documents(user, document.candidate):
        SensitiveDataAccess.objects.create(
            reader=_reader_or_none(user),
            candidate=document.candidate,
            fields=[f"document:{document.pk}"],
            purpose="document_download",
            outcome=SensitiveDataAccess.Outcome.DENIED,
        )
        raise NotFound("No such document.")
    if document.candidate.user_id != user.pk:
        SensitiveDataAccess.objects.create(
            reader=user,
            candidate=document.candidate,
            fields=[f"document:{document.pk}"],
            purpose="document_download",
        )
    return document


def sensitive_data_accesses_about(*, profile: CandidateProfile) -> QuerySet[SensitiveDataAccess]:
    """Who looked at the candidate's sensitive data and documents, newest first."""
    return SensitiveDataAccess.objects.filter(candidate=profile).select_related(
        "reader__organisation"
    )
