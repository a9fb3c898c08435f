"""Placements: browse (scoped: open ones for everyone, own and district ones besides), post
and edit (company members), submit for review, approve (coordinator), close, and express
interest in one (candidates)."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import permissions as rules
from api.filters import PlacementFilter
from api.permissions import (
    CanManagePlacement,
    CoordinatesPlacement,
    IsCompanyMemberOrAdmin,
    ManagesOrCoordinatesPlacement,
)
from api.serializers.matches import MatchDetailSerializer
from api.serializers.placements import (
    PlacementCreateSerializer,
    PlacementSerializer,
    PlacementUpdateSerializer,
)
from api.views.base import RuleCheckingViewSet
from api.views.matches import match_detail_context, match_queryset_for
from companies.models import Company, Placement
from companies.services import (
    placement_approve,
    placement_close,
    placement_create,
    placement_submit,
    placement_update,
)
from matching import workflow
from matching.models import Match
from matching.services.workflow import match_express_interest


def _with_slots_held(queryset: QuerySet[Placement]) -> QuerySet[Placement]:
    held = (
        Match.objects.filter(placement=OuterRef("pk"), status__in=workflow.SLOT_HOLDING_STATUSES)
        .order_by()
        .values("placement")
        .annotate(count=Count("id"))
        .values("count")
    )
    return queryset.annotate(
        slots_held=Coalesce(Subquery(held, output_field=IntegerField()), Value(0))
    )


class PlacementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RuleCheckingViewSet):
    serializer_class = PlacementSerializer
    filterset_class = PlacementFilter
    search_fields = ["title", "description", "company__legal_name"]
    ordering_fields = ["created_at", "start_date", "application_deadline", "title"]
    ordering = ["-created_at", "id"]
    lookup_value_converter = "int"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self) -> list[permissions.BasePermission]:
        if self.action == "create":
            return [permissions.IsAuthenticated(), IsCompanyMemberOrAdmin()]
        return [permissions.IsAuthenticated()]

    def get_queryset(self) -> QuerySet[Placement]:
        if getattr(self, "swagger_fake_view", False):
            return Placement.objects.none()
        visible = rules.placements_visible_to(self.request.user)
        return _with_slots_held(
            Placement.objects.filter(pk__in=visible.values("pk"))
            .select_related("company", "municipality__district")
            .prefetch_related("skills__skill", "languages")
            .order_by("-created_at", "id")
        )

    def _respond(self, placement: Placement, http_status: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=placement.pk)
        return Response(PlacementSerializer(fresh).data, status=http_status)

    @extend_schema(request=PlacementCreateSerializer, responses={201: PlacementSerializer})
    def create(self, request: Request) -> Response:
        """Post a placement as a draft for one of your companies."""
        companies = (
            Company.objects.all()
            if rules.is_admin(request.user)
            else Company.objects.filter(memberships__user_id=int(request.user.pk or 0))
        )
        body = PlacementCreateSerializer(data=request.data, context={"companies": companies})
        body.is_valid(raise_exception=True)
        placement = placement_create(
            company=body.validated_data["company"],
            **body.placement_fields(),
            skills=body.skill_requirements() or (),
            languages=body.language_pairs() or (),
        )
        return self._respond(placement, status.HTTP_201_CREATED)

    @extend_schema(request=PlacementUpdateSerializer, responses=PlacementSerializer)
    def partial_update(self, request: Request, pk: int) -> Response:
        """Change a placement: in full while a draft or in review; once approved only its
        slots and application deadline."""
        placement = self.get_object()
        self.check_rule(CanManagePlacement(), placement)
        body = PlacementUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        placement = placement_update(
            placement=placement,
            by=request.user,  # type: ignore[arg-type]
            skills=body.skill_requirements(),
            languages=body.language_pairs(),
            **body.placement_fields(),
        )
        return self._respond(placement)

    @extend_schema(request=None, responses=PlacementSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def submit(self, request: Request, pk: int) -> Response:
        """Send a draft for a coordinator's review (draft → pending_review)."""
        placement = self.get_object()
        self.check_rule(CanManagePlacement(), placement)
        return self._respond(placement_submit(placement=placement, by=request.user))  # type: ignore[arg-type]

    @extend_schema(request=None, responses=PlacementSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def approve(self, request: Request, pk: int) -> Response:
        """Publish a reviewed placement (pending_review → open); the company must be verified."""
        placement = self.get_object()
        self.check_rule(CoordinatesPlacement(), placement)
        return self._respond(placement_approve(placement=placement, by=request.user))  # type: ignore[arg-type]

    @extend_schema(request=None, responses=PlacementSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def close(self, request: Request, pk: int) -> Response:
        """Take the placement off the platform (matches under way keep their state)."""
        placement = self.get_object()
        self.check_rule(ManagesOrCoordinatesPlacement(), placement)
        return self._respond(placement_close(placement=placement, by=request.user))  # type: ignore[arg-type]

    @extend_schema(request=None, responses={201: MatchDetailSerializer})
    @action(detail=True, methods=["post"], filter_backends=[])
    def interest(self, request: Request, pk: int) -> Response:
        """Express interest in an open placement (candidates): its match, created when the
        matching did not suggest this pair, moves suggested → interested."""
        if rules.role_of(request.user) != workflow.CANDIDATE:
            self.permission_denied(request, message="Only candidates can express interest.")
        placement = self.get_object()
        match = match_express_interest(placement_id=placement.pk, actor=request.user)
        after = match_queryset_for(request.user).filter(pk=match.pk).first() or match
        data = MatchDetailSerializer(
            after,
            context={**self.get_serializer_context(), **match_detail_context(after, request.user)},
        ).data
        return Response(data, status=status.HTTP_201_CREATED)
