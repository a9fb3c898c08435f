"""Reads of companies and placements."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from companies.models import Company, Placement
from matching.engine.normalize import fold
from matching.engine.places import haversine_km
from reference.models import Municipality


def municipality_ids_within(*, origin: Municipality, km: float) -> list[int]:
    """Municipalities whose seat is at most `km` from the origin's seat (great circle)."""
    return [
        pk
        for pk, lat, lon in Municipality.objects.values_list("pk", "latitude", "longitude")
        if haversine_km(origin.latitude, origin.longitude, lat, lon) <= km
    ]


def _placement_ids_matching_text(queryset: QuerySet[Placement], text: str) -> list[int]:
    """Ids of the placements whose title, description or company name contain every word of
    `text`, compared folded (either script, with or without diacritics, any case)."""
    words = fold(text).split()
    rows = queryset.values_list("pk", "title", "description", "company__legal_name")
    found = []
    for pk, title, description, company in rows:
        haystack = fold(f"{title} {description} {company}")
        if all(word in haystack for word in words):
            found.append(pk)
    return found


def placement_list_open(
    *,
    municipality_code: str = "",
    kind: str = "",
    district_code: str = "",
    text: str = "",
    sector: str = "",
    near: Municipality | None = None,
    within_km: float | None = None,
) -> QuerySet[Placement]:
    """Open placements, newest first, with what a list page shows prefetched.

    `text` searches title, description and company name folded (Latin without diacritics
    finds Cyrillic and the other way round); `sector` is the company's KD 2010 section;
    `near` with `within_km` keeps placements whose place is that close to `near` (remote
    ones are kept too: distance does not matter for them).
    """
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
    if sector:
        queryset = queryset.filter(company__sector=sector)
    if near is not None and within_km is not None:
        nearby = municipality_ids_within(origin=near, km=within_km)
        queryset = queryset.filter(Q(remote=True) | Q(municipality_id__in=nearby))
    if text.strip():
        queryset = queryset.filter(pk__in=_placement_ids_matching_text(queryset, text))
    return queryset


def placement_get_open(*, placement_id: int) -> Placement | None:
    """One open placement with its company, place, skills and languages; None otherwise."""
    return (
        Placement.objects.filter(pk=placement_id, status=Placement.Status.OPEN)
        .select_related("company", "municipality", "municipality__district")
        .prefetch_related("skills__skill", "languages")
        .first()
    )


def company_list_for_member(*, user: Any) -> QuerySet[Company]:
    """The companies a company user belongs to, with their municipality."""
    from accounts.permissions import companies_managed_by

    return companies_managed_by(user).select_related("municipality").order_by("legal_name", "id")


def placement_list_for_member(*, user: Any, company_id: int | None = None) -> QuerySet[Placement]:
    """The user's companies' placements, newest first, each with `waiting_count` (candidates
    proposed and waiting for the company's answer) and `proposed_count` (every candidate the
    company was shown)."""
    from accounts.permissions import COMPANY_VISIBLE_STATUSES, placements_managed_by
    from matching.models import Match

    queryset = (
        placements_managed_by(user)
        .select_related("company", "municipality")
        .annotate(
            waiting_count=Count("matches", filter=Q(matches__status=Match.Status.PROPOSED)),
            proposed_count=Count("matches", filter=Q(matches__status__in=COMPANY_VISIBLE_STATUSES)),
        )
        .order_by("-created_at", "id")
    )
    if company_id is not None:
        queryset = queryset.filter(company_id=company_id)
    return queryset


def company_list_for_coordinator(*, user: Any, verified: bool | None = None) -> QuerySet[Company]:
    """Companies in a coordinator's districts (every one for admins), unverified first, with
    their municipality and `placement_count`."""
    from accounts.permissions import companies_with_details_visible_to

    queryset = (
        companies_with_details_visible_to(user)
        .select_related("municipality__district")
        .annotate(placement_count=Count("placements"))
        .order_by("verified", "legal_name", "id")
    )
    if verified is not None:
        queryset = queryset.filter(verified=verified)
    return queryset


def company_get_for_coordinator(*, user: Any, company_id: int) -> Company | None:
    """One company of a coordinator's districts with its members and placements; else None."""
    from accounts.permissions import companies_with_details_visible_to

    return (
        companies_with_details_visible_to(user)
        .filter(pk=company_id)
        .select_related("municipality__district", "verified_by")
        .prefetch_related("memberships__user", "placements__municipality")
        .first()
    )


def placement_list_for_coordinator(*, user: Any, status: str = "") -> QuerySet[Placement]:
    """Placements a coordinator sees (their districts' ones, and open ones anywhere), in one
    status (all when ""), oldest waiting first, with company and place."""
    from accounts.permissions import placements_visible_to

    queryset = placements_visible_to(user).select_related(
        "company", "municipality__district", "company__municipality"
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("updated_at", "id")


def placement_get_for_coordinator(*, user: Any, placement_id: int) -> Placement | None:
    """One placement the coordinator sees, with company, place, skills and languages."""
    from accounts.permissions import placements_visible_to

    return (
        placements_visible_to(user)
        .filter(pk=placement_id)
        .select_related("company__municipality", "municipality__district")
        .prefetch_related("skills__skill", "languages")
        .first()
    )
