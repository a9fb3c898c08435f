"""The small family of domain errors that services raise and the API maps to HTTP codes."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A rule of the domain was broken; `code` is stable, `message` is for people."""

    code = "application_error"
    http_status = 400

    def __init__(
        self,
        message: str,
        *,
        fields: dict[str, list[str]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        self.extra = extra or {}


class NotFound(ApplicationError):
    code = "not_found"
    http_status = 404


class IllegalTransition(ApplicationError):
    code = "illegal_transition"
    http_status = 409


class CapacityExceeded(ApplicationError):
    code = "capacity_exceeded"
    http_status = 409


class PermissionDeniedError(ApplicationError):
    code = "permission_denied"
    http_status = 403
