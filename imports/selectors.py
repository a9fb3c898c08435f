"""Reads for the import and export pages: the user's uploads and the rows to export."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from accounts.permissions import matches_visible_to, placements_coordinated_by
from companies.models import Placement, PlacementSkill
from imports.models import ImportBatch
from matching.models import Match


def import_batch_list(*, by: User, limit: int = 10) -> QuerySet[ImportBatch]:
    """The user's latest uploads (without their bytes)."""
    return ImportBatch.objects.filter(created_by=by).defer("content")[:limit]


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
