"""Candidates as coordinators and companies see them, their programme data, and erasure.

The list and the detail come from accounts.permissions.candidates_visible_to: a coordinator's
districts, for a company the candidates proposed to it, for a candidate themself. Anything
else is 404. Contact details and the programme section are filled in per candidate by the
rules (see api.serializers.candidates).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from accounts import permissions as rules
from accounts.models import User
from api.filters import CandidateFilter, CoordinatorCandidateFilter
from api.permissions import CanEraseCandidate
from api.serializers.candidates import (
    CandidateSerializer,
    ErasureRequestSerializer,
    ErasureSerializer,
    ProgrammeDataResponseSerializer,
)
from api.views.base import RuleCheckingViewSet
from candidates.models import CandidateProfile
from candidates.privacy import candidate_erase
from candidates.selectors import programme_data_get
from core.exceptions import PermissionDeniedError

STAFF = (User.Role.COORDINATOR, User.Role.ADMIN)


def _ids(instance: Any) -> list[int]:
    if isinstance(instance, CandidateProfile):
        return [instance.pk]
    if isinstance(instance, Iterable):
        return [item.pk for item in instance]
    return []


class CandidateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RuleCheckingViewSet):
    serializer_class = CandidateSerializer
    lookup_value_converter = "int"
    ordering_fields = ["id", "updated_at", "availability_date"]
    ordering = ["id"]  # never by name: the order would tell a company the hidden names

    @property
    def filterset_class(self) -> type[CandidateFilter]:
        if getattr(self, "swagger_fake_view", False):
            return CoordinatorCandidateFilter
        if rules.role_of(self.request.user) in STAFF:
            return CoordinatorCandidateFilter
        return CandidateFilter

    def get_search_fields(self) -> list[str]:
        if rules.role_of(self.request.user) in STAFF:
            return ["user__first_name", "user__last_name", "education_field", "experience"]
        return ["education_field", "experience"]

    def get_queryset(self) -> QuerySet[CandidateProfile]:
        if getattr(self, "swagger_fake_view", False):
            return CandidateProfile.objects.none()
        visible = rules.candidates_visible_to(self.request.user)
        return (
            CandidateProfile.objects.filter(pk__in=visible.values("pk"))
            .select_related("user", "municipality__district")
            .prefetch_related("skills__skill", "languages", "consents")
            .order_by("id")
        )

    def get_serializer(self, *args: Any, **kwargs: Any) -> BaseSerializer[Any]:
        user = self.request.user
        ids = _ids(args[0]) if args else []
        contact = rules.candidates_with_contact_visible_to(user).filter(pk__in=ids)
        kwargs["context"] = {
            **self.get_serializer_context(),
            "contact_ids": set(contact.values_list("pk", flat=True)),
            # The programme section: the candidate themself, the district's coordinators.
            "programme_ids": set(ids)
            if rules.role_of(user) in (*STAFF, User.Role.CANDIDATE)
            else set(),
        }
        return super().get_serializer(*args, **kwargs)

    @extend_schema(responses=ProgrammeDataResponseSerializer)
    @action(detail=True, methods=["get"], url_path="programme-data", filter_backends=[])
    def programme_data(self, request: Request, pk: int) -> Response:
        """Programme-sensitive data (returnee status, vulnerabilities, gender): coordinators of
        the candidate's district and admins only. Every read is logged, refusals too."""
        profile = CandidateProfile.objects.filter(pk=pk).select_related("municipality").first()
        if profile is None:
            raise exceptions.NotFound()
        try:
            data = programme_data_get(profile=profile, reader=request.user, purpose="api")
        except PermissionDeniedError:
            # Logged as refused by the selector; someone who cannot see the candidate at all
            # learns nothing, not even that the candidate exists.
            if not rules.candidates_visible_to(request.user).filter(pk=profile.pk).exists():
                raise exceptions.NotFound() from None
            raise
        return Response(
            ProgrammeDataResponseSerializer({"candidate": profile.pk, "data": data}).data
        )

    @extend_schema(request=ErasureRequestSerializer, responses=ErasureSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def erase(self, request: Request, pk: int) -> Response:
        """Anonymise the candidate for good (right to erasure); a coordinator's act."""
        profile = self.get_object()
        self.check_rule(CanEraseCandidate(), profile)
        body = ErasureRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        erasure = candidate_erase(
            profile=profile, by=request.user, reason=body.validated_data["reason"]
        )
        return Response(ErasureSerializer(erasure).data)
