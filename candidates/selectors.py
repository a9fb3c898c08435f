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

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
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
    ConsentRecord,
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


def candidate_list_for_coordinator(
    *, user: Any, query: str = "", municipality_code: str = ""
) -> QuerySet[CandidateProfile]:
    """Candidates a coordinator (or an admin) sees, by name, with user and place.

    `query` matches the name folded: every word, in either script, with or without
    diacritics ("петровић" finds "Petrović"). Names are folded in Python, which is fine for
    the few thousand people of a programme's districts.
    """
    from accounts.permissions import candidates_visible_to
    from matching.engine.normalize import fold

    queryset = candidates_visible_to(user).select_related("user", "municipality__district")
    if municipality_code:
        queryset = queryset.filter(municipality__code=municipality_code)
    words = fold(query).split()
    if words:
        rows = queryset.values_list("pk", "user__first_name", "user__last_name", "user__username")
        found = [
            pk
            for pk, first, last, username in rows
            if all(word in fold(f"{first} {last} {username}") for word in words)
        ]
        queryset = queryset.filter(pk__in=found)
    return queryset.order_by("user__last_name", "user__first_name", "id")


# Fields of ProgrammeData a report may group by (aggregates only).
PROGRAMME_DATA_REPORT_GROUPINGS = ("gender", "is_returnee")


def programme_data_counts_for_report(
    *,
    profiles: QuerySet[CandidateProfile],
    reader: Any,
    purpose: str,
    group_by: str,
    count_flags: Iterable[str] = (),
) -> dict[Any, dict[str, int]]:
    """Counts of candidates per value of one programme-data field; never a per-person row.

    `profiles` may carry boolean annotations named in `count_flags` (say "placed"): each group
    gets "candidates" and one count per flag, all computed in the database. Candidates without
    programme data, or without an active consent to it, fall in the group None ("not
    recorded"). All or nothing, like programme_data_for_report: if the reader may not see the
    programme data of one of the profiles, nothing is returned and the attempt is logged. A
    granted read is logged as ONE row without a candidate (fields "aggregate:<field>"): no
    person's own data left the database, so there is no per-candidate read to record.
    """
    purpose = _checked_purpose(purpose)
    if group_by not in PROGRAMME_DATA_REPORT_GROUPINGS:
        raise ValueError(f"group_by must be one of {PROGRAMME_DATA_REPORT_GROUPINGS}")
    flags = list(count_flags)
    fields = [f"aggregate:{group_by}"]
    outside = profiles.exclude(
        pk__in=candidates_with_sensitive_data_visible_to(reader).values("pk")
    )
    if outside.exists():
        SensitiveDataAccess.objects.create(
            reader=_reader_or_none(reader),
            fields=fields,
            purpose=purpose,
            outcome=SensitiveDataAccess.Outcome.DENIED,
        )
        logger.warning(
            "Denied aggregate report read of programme data by user %s (%s)",
            getattr(reader, "pk", None),
            role_of(reader),
        )
        raise PermissionDeniedError(
            "You may not see the programme data of some of these candidates."
        )
    consented = ConsentRecord.objects.filter(
        candidate=OuterRef("pk"),
        purpose=ConsentRecord.Purpose.PROGRAMME_DATA,
        withdrawn_at__isnull=True,
    )
    grouped = (
        profiles.annotate(
            group_value=Case(
                When(
                    Q(Exists(consented)) & Q(programme_data__isnull=False),
                    then=F(f"programme_data__{group_by}"),
                ),
                default=Value(None),
            )
        )
        .order_by()
        .values("group_value")
        .annotate(
            candidates=Count("pk"),
            **{flag: Count("pk", filter=Q(**{flag: True})) for flag in flags},
        )
    )
    result = {
        row["group_value"]: {"candidates": row["candidates"], **{f: row[f] for f in flags}}
        for row in grouped
    }
    SensitiveDataAccess.objects.create(reader=reader, fields=fields, purpose=purpose)
    return result
