"""Filters of the list endpoints (django-filter), and search that depends on the viewer.

A filter or a search on a field is a way to learn the field: `?category=` or `?search=Petrović`
would tell a company what the minimised view hides. So candidates are filtered and searched by
hidden fields only for viewers who may see them (the views choose the filter set).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from rest_framework.filters import SearchFilter

from candidates.models import CandidateProfile
from companies.models import Company, Placement
from core.choices import NaceSection, NoksLevel
from matching.models import AllocationRun, Match
from notifications.models import Notification


class ViewerSearchFilter(SearchFilter):
    """Search fields from `view.get_search_fields()` when the view defines it."""

    def get_search_fields(self, view: Any, request: Any) -> Any:
        getter = getattr(view, "get_search_fields", None)
        if callable(getter):
            return getter()
        return super().get_search_fields(view, request)


class IdFilter(django_filters.NumberFilter):
    """An object id: a positive whole number (no decimals, nothing the database can't hold)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class _PlaceFilterSet(django_filters.FilterSet):
    municipality = django_filters.CharFilter(field_name="municipality__code")
    district = django_filters.CharFilter(field_name="municipality__district__code")


class CandidateFilter(_PlaceFilterSet):
    """What anyone who sees a candidate may filter by."""

    seeks_internship = django_filters.BooleanFilter()
    seeks_job = django_filters.BooleanFilter()
    min_education_level = django_filters.ChoiceFilter(
        field_name="education_level", lookup_expr="gte", choices=NoksLevel.choices
    )

    class Meta:
        model = CandidateProfile
        fields = ["municipality", "district", "seeks_internship", "seeks_job"]


class CoordinatorCandidateFilter(CandidateFilter):
    """Coordinators and admins may also filter by the programme category."""

    category = django_filters.ChoiceFilter(choices=CandidateProfile.Category.choices)

    class Meta(CandidateFilter.Meta):
        fields = [*CandidateFilter.Meta.fields, "category"]


class CompanyFilter(_PlaceFilterSet):
    sector = django_filters.ChoiceFilter(choices=NaceSection.choices)
    verified = django_filters.BooleanFilter()

    class Meta:
        model = Company
        fields = ["municipality", "district", "sector", "verified"]


class PlacementFilter(_PlaceFilterSet):
    kind = django_filters.ChoiceFilter(choices=Placement.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Placement.Status.choices)
    company = IdFilter(field_name="company_id")
    remote = django_filters.BooleanFilter()

    class Meta:
        model = Placement
        fields = ["kind", "status", "municipality", "district", "company", "remote"]


class MatchFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Match.Status.choices)
    placement = IdFilter(field_name="placement_id")
    candidate = IdFilter(field_name="candidate_id")
    min_score = django_filters.NumberFilter(
        field_name="score", lookup_expr="gte", min_value=0, max_value=1
    )

    class Meta:
        model = Match
        fields = ["status", "placement", "candidate", "min_score"]


class AllocationRunFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=AllocationRun.Status.choices)
    method = django_filters.ChoiceFilter(choices=AllocationRun.Method.choices)

    class Meta:
        model = AllocationRun
        fields = ["status", "method"]


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull")
    event = django_filters.ChoiceFilter(choices=Notification.Event.choices)

    class Meta:
        model = Notification
        fields = ["unread", "event"]
