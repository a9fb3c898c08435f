"""Reads for the import and export pages: the user's uploads and the rows to export."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from accounts.permissions import matches_visible_to, placements_coordinated_by
from companies.models import Placement, PlacementSkill
from imports.models import ImportBatch, ImportDuplicate
from imports.parsing import normalize_phone, read_table
from matching.models import Match


def import_batch_list(*, by: User, limit: int = 10) -> QuerySet[ImportBatch]:
    """The user's latest uploads (without their bytes)."""
    return ImportBatch.objects.filter(created_by=by).defer("content")[:limit]


@dataclass(frozen=True)
class DuplicateView:
    """A possible duplicate on the batch page: the file's row beside the stored person."""

    duplicate: ImportDuplicate
    file_name: str
    file_phone: str
    file_email: str


def import_duplicate_views(*, batch: ImportBatch) -> list[DuplicateView]:
    """The batch's possible duplicates, each with what the (kept) file says about the row."""
    duplicates = list(
        batch.duplicates.select_related("candidate__user", "candidate__municipality", "resolved_by")
    )
    rows = {}
    if duplicates and batch.content_erased_at is None:
        table = read_table(bytes(batch.content), kind=batch.kind, sheet=batch.sheet)
        rows = {row.number: row for row in table.rows}
    views = []
    for duplicate in duplicates:
        row = rows.get(duplicate.row_number)
        name = phone = email = ""
        if row is not None:
            name = row.text("full_name") or f"{row.text('first_name')} {row.text('last_name')}"
            try:
                phone = normalize_phone(row.text("phone"))
            except ValueError:
                phone = row.text("phone")
            email = row.text("email").lower()
        views.append(DuplicateView(duplicate, name.strip(), phone, email))
    return views


def placements_for_export(*, by: User) -> QuerySet[Placement]:
    """Placements in the coordinator's districts (all for admins), with what the export shows."""
    return (
        placements_coordinated_by(by)
        .select_related("company", "municipality")
        .prefetch_related(
            Prefetch(
                "skills",
                queryset=PlacementSkill.objects.filter(required=True).select_related("skill"),
                to_attr="required_skills",
            )
        )
        .order_by("company__legal_name", "title", "id")
    )


def matches_for_export(*, by: User) -> QuerySet[Match]:
    """Matches of candidates in the coordinator's districts (all for admins)."""
    return (
        matches_visible_to(by)
        .select_related("candidate__user", "placement__company", "placement__municipality")
        .order_by("placement__company__legal_name", "placement__title", "-score", "id")
    )
