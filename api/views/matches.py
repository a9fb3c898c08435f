"""Matches: the scoped list, one match with its explanation and history, and workflow steps.

A step goes through matching.services.workflow.match_transition (the state machine, row
locks, capacity, the audit record). Here: a match outside the user's scope is 404; a step
their role can never take is 403; a step their role may take but not from this state is the
service's IllegalTransition, 409.
"""

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
from api.filters import MatchFilter
from api.serializers.matches import (
    MatchDetailSerializer,
    MatchSerializer,
    TransitionRequestSerializer,
)
from api.views.base import RuleCheckingViewSet
from matching import workflow
from matching.models import Match
from matching.read_models import match_view_for, match_views_for
from matching.selectors import match_transition_history
from matching.services.workflow import match_transition


def match_queryset_for(user: Any) -> QuerySet[Match]:
    """The matches the user may see, with what the serializers read."""
    visible = rules.matches_visible_to(user)
    return (
        Match.objects.filter(pk__in=visible.values("pk"))
        .select_related(
            "candidate__user",
            "candidate__municipality__district",
            "placement__company",
            "placement__municipality",
        )
        .order_by("-score", "id")
    )


def match_detail_context(match: Match, user: Any) -> dict[str, Any]:
    """What MatchDetailSerializer needs besides the match: its read model for the user
    (matching.read_models) and its history."""
    return {
        "match_views": {match.pk: match_view_for(user, match)},
        "history": list(match_transition_history(match_id=match.pk)),
    }


class MatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, RuleCheckingViewSet):
    filterset_class = MatchFilter
    ordering_fields = ["score", "status_changed_at", "scored_at"]
    ordering = ["-score", "id"]
    lookup_value_converter = "int"

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        return MatchSerializer if self.action == "list" else MatchDetailSerializer

    def get_queryset(self) -> QuerySet[Match]:
        if getattr(self, "swagger_fake_view", False):
            return Match.objects.none()
        return match_queryset_for(self.request.user)

    def get_serializer(self, *args: Any, **kwargs: Any) -> BaseSerializer[Any]:
        instance = args[0] if args else None
        context = self.get_serializer_context()
        if isinstance(instance, Match):
            context.update(match_detail_context(instance, self.request.user))
        elif isinstance(instance, Iterable):
            context["match_views"] = {
                view.match.pk: view for view in match_views_for(self.request.user, instance)
            }
        kwargs["context"] = context
        return super().get_serializer(*args, **kwargs)

    @extend_schema(request=TransitionRequestSerializer, responses=MatchDetailSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def transition(self, request: Request, pk: int) -> Response:
        """Take one step of the workflow (`reason` where the step needs one)."""
        match = self.get_object()
        body = TransitionRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        name = body.validated_data["transition"]
        if rules.role_of(request.user) not in workflow.get_transition(name).roles:
            self.permission_denied(request, message=f"Your role cannot take the step “{name}”.")
        match_transition(
            match_id=match.pk,
            transition=name,
            actor=request.user,
            reason=body.validated_data["reason"],
        )
        # The actor sees the match after their step even if it left their list by it.
        after = self.get_queryset().filter(pk=match.pk).first()
        if after is None:
            match.refresh_from_db()
            after = match
        return Response(self.get_serializer(after).data)
