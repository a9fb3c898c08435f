"""One error body for the whole API: {"error": {"code", "message", "fields"}}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.exceptions import ApplicationError


def _error(code: str, message: str, fields: dict[str, Any] | None, http_status: int) -> Response:
    return Response(
        {"error": {"code": code, "message": message, "fields": fields or {}}}, status=http_status
    )


def _flatten(prefix: str, detail: Any, into: dict[str, list[str]]) -> None:
    """Nested serializer errors as flat keys: {"skills": [{}, {"skill": [..]}]} becomes
    {"skills[1].skill": [..]}."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            if isinstance(key, int):  # a list item's errors, as DRF reports them
                name = f"{prefix}[{key}]"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            _flatten(name, value, into)
    elif isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        for index, item in enumerate(detail):
            if item:
                _flatten(f"{prefix}[{index}]", item, into)
    elif isinstance(detail, list):
        into.setdefault(prefix or "non_field_errors", []).extend(str(item) for item in detail)
    else:
        into.setdefault(prefix or "non_field_errors", []).append(str(detail))


def _as_field_lists(detail: Any) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    _flatten("", detail, fields)
    return fields


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        return _error(exc.code, exc.message, exc.fields, exc.http_status)
    if isinstance(exc, DjangoValidationError):
        fields = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        return _error("invalid", "The input is not valid.", fields, status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        return _error(
            "invalid", "The input is not valid.", _as_field_lists(exc.detail), response.status_code
        )
    if isinstance(exc, exceptions.APIException):
        code = exc.get_codes()
        code_str = code if isinstance(code, str) else exc.default_code
        return Response(
            {"error": {"code": code_str, "message": str(exc.detail), "fields": {}}},
            status=response.status_code,
            headers={k: v for k, v in response.items() if k in ("Retry-After", "WWW-Authenticate")},
        )
    return response
