"""Allocation runs (coordinators, admins): list, compute one, look at it, apply or discard."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from api.filters import AllocationRunFilter
from api.permissions import IsCoordinatorOrAdmin
from api.serializers.allocation import (
    AllocationApplyReportSerializer,
    AllocationRunCreateSerializer,
    AllocationRunDetailSerializer,
    AllocationRunSerializer,
)
from api.views.base import RuleCheckingViewSet
from matching.models import AllocationRun
from matching.selectors import allocation_run_list
from matching.services.allocation_runs import (
    allocation_run_apply,
    allocation_run_create,
    allocation_run_discard,
)


class AllocationRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RuleCheckingViewSet):
    permission_classes = [permissions.IsAuthenticated, IsCoordinatorOrAdmin]
    filterset_class = AllocationRunFilter
    ordering_fields = ["created_at", "total_score"]
    ordering = ["-created_at", "-id"]
    lookup_value_converter = "int"

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        return AllocationRunSerializer if self.action == "list" else AllocationRunDetailSerializer

    def get_queryset(self) -> QuerySet[AllocationRun]:
        if getattr(self, "swagger_fake_view", False):
            return AllocationRun.objects.none()
        queryset: QuerySet[AllocationRun] = allocation_run_list(user=self.request.user)
        if self.action != "list":
            queryset = queryset.prefetch_related("proposals__placement__company")
        return queryset.order_by("-created_at", "-id")

    @extend_schema(
        request=AllocationRunCreateSerializer, responses={201: AllocationRunDetailSerializer}
    )
    def create(self, request: Request) -> Response:
        """Compute an allocation of a cohort to open placements with free slots; it is stored
        as a draft and changes nothing until applied."""
        body = AllocationRunCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        run = allocation_run_create(by=request.user, **body.service_arguments())
        fresh = self.get_queryset().get(pk=run.pk)
        return Response(AllocationRunDetailSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=AllocationApplyReportSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def apply(self, request: Request, pk: int) -> Response:
        """Propose every pair of a draft run to its company, through the workflow; pairs that
        can no longer be proposed are skipped and reported."""
        report = allocation_run_apply(run=self.get_object(), by=request.user)
        return Response(AllocationApplyReportSerializer(dataclasses.asdict(report)).data)

    @extend_schema(request=None, responses=AllocationRunSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def discard(self, request: Request, pk: int) -> Response:
        """Set a draft run aside."""
        run = allocation_run_discard(run=self.get_object(), by=request.user)
        fresh = self.get_queryset().get(pk=run.pk)
        return Response(AllocationRunSerializer(fresh).data)
