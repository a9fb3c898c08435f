"""Reads of companies and placements."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from companies.models import Company, Placement


def placement_list_open(
    *, municipality_code: str = "", kind: str = "", district_code: str = ""
) -> QuerySet[Placement]:
    """Open placements, newest first, with what a list page shows prefetched."""
    queryset = (
        Placement.objects.filter(status=Placement.Status.OPEN)
        .select_related("company", "municipality", "municipality__district")
        .prefetch_related("skills__skill")
        .order_by("-created_at", "id")
    )
    if municipality_code:
        queryset = queryset.filter(municipality__code=municipality_code)
    if district_code:
        queryset = queryset.filter(municipality__district__code=district_code)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


def company_list_for_admin() -> QuerySet[Company]:
    return Company.objects.select_related("municipality").annotate(
        open_placements=Count("placements", filter=Q(placements__status=Placement.Status.OPEN))
    )
