"""DRF permission classes; each delegates to the rules in accounts.permissions.

Objects outside a user's scope never reach these checks: views take them from the scoped
querysets of accounts.permissions, so they are 404 (their existence does not leak). These
classes decide what a user may do with what they can see (403 otherwise).
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from accounts import permissions as rules
from accounts.models import User


class _RolePermission(BasePermission):
    roles: frozenset[str] = frozenset()
    message = "Your role does not allow this."

    def has_permission(self, request: Any, view: Any) -> bool:
        return rules.role_of(request.user) in self.roles


class IsCandidate(_RolePermission):
    roles = frozenset({User.Role.CANDIDATE})
    message = "Only candidates have a candidate profile."


class IsCompanyMemberOrAdmin(_RolePermission):
    roles = frozenset({User.Role.COMPANY, User.Role.ADMIN})
    message = "Only company members post placements."


class IsCoordinatorOrAdmin(_RolePermission):
    roles = frozenset({User.Role.COORDINATOR, User.Role.ADMIN})
    message = "Only programme coordinators may do this."


class CanManageCompany(BasePermission):
    message = "Only the company's members may change it."

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return rules.can_manage_company(request.user, obj)


class CoordinatesCompany(BasePermission):
    message = "Only a coordinator of the company's district may verify it."

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return rules.role_of(request.user) in (
            User.Role.COORDINATOR,
            User.Role.ADMIN,
        ) and rules.coordinates_company(request.user, obj)


class CanManagePlacement(BasePermission):
    message = "Only the company's members may change its placements."

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return rules.can_manage_placement(request.user, obj)


class CoordinatesPlacement(BasePermission):
    message = "Only a coordinator of the placement's district may approve it."

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return rules.role_of(request.user) in (
            User.Role.COORDINATOR,
            User.Role.ADMIN,
        ) and rules.coordinates_placement(request.user, obj)


class ManagesOrCoordinatesPlacement(BasePermission):
    message = "Only the company's members or a coordinator of the district may close it."

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return rules.can_manage_placement(request.user, obj) or (
            rules.role_of(request.user) == User.Role.COORDINATOR
            and rules.coordinates_placement(request.user, obj)
        )


class CanEraseCandidate(BasePermission):
    message = "Only a coordinator of the candidate's district may erase their data."

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        return rules.can_erase_candidate(request.user, obj)
