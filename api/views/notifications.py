"""The signed-in user's notifications: list, mark one read, mark all read."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from api.filters import NotificationFilter
from api.serializers.notifications import MarkedReadSerializer, NotificationSerializer
from api.views.base import RuleCheckingViewSet
from notifications.models import Notification
from notifications.selectors import notification_list_for
from notifications.services import notification_mark_read, notifications_mark_all_read


class NotificationViewSet(mixins.ListModelMixin, RuleCheckingViewSet):
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    ordering_fields = ["created_at"]
    ordering = ["-created_at", "-id"]
    lookup_value_converter = "int"

    def get_queryset(self) -> QuerySet[Notification]:
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return notification_list_for(self.request.user)  # type: ignore[arg-type]

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"], filter_backends=[])
    def read(self, request: Request, pk: int) -> Response:
        """Mark one of your notifications read (again changes nothing)."""
        notification = notification_mark_read(
            notification=self.get_object(),
            user=request.user,  # type: ignore[arg-type]
        )
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, responses=MarkedReadSerializer)
    @action(detail=False, methods=["post"], url_path="read-all", filter_backends=[])
    def read_all(self, request: Request) -> Response:
        """Mark all your notifications read."""
        marked = notifications_mark_all_read(user=request.user)  # type: ignore[arg-type]
        return Response(MarkedReadSerializer({"marked": marked}).data)
