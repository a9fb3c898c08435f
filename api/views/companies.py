"""Companies: scoped list and detail, changes by the company's members, verification by a
coordinator of its district."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from accounts import permissions as rules
from api.filters import CompanyFilter
from api.permissions import CanManageCompany, CoordinatesCompany
from api.serializers.companies import CompanySerializer, CompanyUpdateSerializer
from api.views.base import RuleCheckingViewSet
from companies.models import Company
from companies.services import company_update, company_verify


class CompanyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RuleCheckingViewSet):
    serializer_class = CompanySerializer
    filterset_class = CompanyFilter
    search_fields = ["legal_name", "description"]
    ordering_fields = ["legal_name", "created_at"]
    ordering = ["legal_name", "id"]
    lookup_value_converter = "int"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Company]:
        if getattr(self, "swagger_fake_view", False):
            return Company.objects.none()
        visible = rules.companies_visible_to(self.request.user)
        return (
            Company.objects.filter(pk__in=visible.values("pk"))
            .select_related("municipality__district")
            .order_by("legal_name", "id")
        )

    def get_serializer(self, *args: Any, **kwargs: Any) -> BaseSerializer[Any]:
        instance = args[0] if args else None
        if isinstance(instance, Company):
            ids = [instance.pk]
        elif isinstance(instance, Iterable):
            ids = [company.pk for company in instance]
        else:
            ids = []
        details = rules.companies_with_details_visible_to(self.request.user).filter(pk__in=ids)
        kwargs["context"] = {
            **self.get_serializer_context(),
            "details_ids": set(details.values_list("pk", flat=True)),
        }
        return super().get_serializer(*args, **kwargs)

    @extend_schema(request=CompanyUpdateSerializer, responses=CompanySerializer)
    def partial_update(self, request: Request, pk: int) -> Response:
        """Change the company's profile (its members; admins)."""
        company = self.get_object()
        self.check_rule(CanManageCompany(), company)
        body = CompanyUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        company = company_update(company=company, **body.validated_data)
        return Response(self.get_serializer(company).data)

    @extend_schema(request=None, responses=CompanySerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def verify(self, request: Request, pk: int) -> Response:
        """Confirm the company is real (PIB and MB checked in the business register)."""
        company = self.get_object()
        self.check_rule(CoordinatesCompany(), company)
        company = company_verify(company=company, by=request.user)  # type: ignore[arg-type]
        return Response(self.get_serializer(company).data)
