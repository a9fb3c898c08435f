"""Reference data: districts, municipalities and the skills autocomplete. Public."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import translation
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers.reference import (
    DistrictSerializer,
    MunicipalityQuerySerializer,
    MunicipalitySerializer,
    SkillQuerySerializer,
    SkillSuggestionSerializer,
)
from api.throttling import AutocompleteRateThrottle
from matching.engine.normalize import fold
from matching.selectors import district_list, municipality_list
from reference.models import District, Municipality
from reference.skill_search import skills_suggest


class DistrictListView(generics.ListAPIView[District]):
    """Districts (okrug) of Serbia; public reference data."""

    permission_classes = [permissions.AllowAny]
    serializer_class = DistrictSerializer
    pagination_class = None
    filter_backends: list[type] = []

    def get_queryset(self) -> QuerySet[District]:
        return district_list()


@extend_schema(parameters=[MunicipalityQuerySerializer])
class MunicipalityListView(generics.ListAPIView[Municipality]):
    """Municipalities and cities; `?q=` matches names in either script, with or without
    diacritics, `?district=RS-20` filters by district. Public reference data."""

    permission_classes = [permissions.AllowAny]
    serializer_class = MunicipalitySerializer
    pagination_class = None
    filter_backends: list[type] = []

    def get_queryset(self) -> QuerySet[Municipality]:
        query = MunicipalityQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        queryset = municipality_list()
        district = query.validated_data.get("district", "").strip()
        if district:
            queryset = queryset.filter(district__code=district)
        name = query.validated_data.get("q", "").strip()
        if name:
            queryset = queryset.filter(name_key__startswith=fold(name))
        return queryset


class SkillSearchView(APIView):
    """Skills autocomplete: the best skills for what was typed, in any script, with or without
    diacritics, forgiving typos; labels in the request's language (Accept-Language)."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [AutocompleteRateThrottle]

    @extend_schema(
        parameters=[SkillQuerySerializer],
        responses=SkillSuggestionSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        query = SkillQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language()
        suggestions = skills_suggest(
            query=query.validated_data["q"],
            limit=query.validated_data["limit"],
            language=(language or "sr-latn").lower(),
        )
        return Response(SkillSuggestionSerializer(suggestions, many=True).data)
