"""Thin page views: read the query, call a selector, render."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from companies.models import Placement
from companies.selectors import placement_list_open
from matching.selectors import district_list, municipality_list


def placement_browse(request: HttpRequest) -> HttpResponse:
    """Public list of open internships and jobs, filtered by place and kind."""
    kind = request.GET.get("kind", "")
    if kind not in Placement.Kind.values:
        kind = ""
    district = request.GET.get("district", "")
    municipality = request.GET.get("municipality", "")
    placements = placement_list_open(
        municipality_code=municipality, kind=kind, district_code=district
    )
    page = Paginator(placements, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "frontend/placement_browse.html",
        {
            "page": page,
            "kinds": Placement.Kind.choices,
            "districts": district_list(),
            "municipalities": municipality_list(),
            "selected": {"kind": kind, "district": district, "municipality": municipality},
        },
    )
