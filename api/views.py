"""API v1 views: thin wrappers around selectors and services."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import generics, permissions

from api.serializers import DistrictSerializer, MunicipalitySerializer
from matching.engine.normalize import fold
from matching.models import District, Municipality
from matching.selectors import district_list, municipality_list


class DistrictListView(generics.ListAPIView):
    """Districts (okrug) of Serbia; public reference data."""

    permission_classes = [permissions.AllowAny]
    serializer_class = DistrictSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[District]:
        return district_list()


class MunicipalityListView(generics.ListAPIView):
    """Municipalities and cities; `?q=` matches names in either script, with or without diacritics,
    `?district=RS-20` filters by district. Public reference data."""

    permission_classes = [permissions.AllowAny]
    serializer_class = MunicipalitySerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[Municipality]:
        queryset = municipality_list()
        district = self.request.query_params.get("district", "").strip()
        if district:
            queryset = queryset.filter(district__code=district)
        query = self.request.query_params.get("q", "").strip()
        if query:
            queryset = queryset.filter(name_key__startswith=fold(query))
        return queryset
