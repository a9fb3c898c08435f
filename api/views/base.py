"""What the viewsets share: checking one of api.permissions' object rules on demand."""

from __future__ import annotations

from typing import Any

from rest_framework import viewsets
from rest_framework.permissions import BasePermission


class RuleCheckingViewSet(viewsets.GenericViewSet):
    """A viewset whose actions check an object rule where they need it: objects outside the
    user's scope are already 404 (get_queryset), so these checks only ever answer 403."""

    def check_rule(self, rule: BasePermission, obj: Any) -> None:
        if not rule.has_object_permission(self.request, self, obj):
            self.permission_denied(self.request, message=getattr(rule, "message", None))
