"""OpenAPI schema helpers: the error body as a component, and the hook that documents it.

Every operation can answer with the one error body (api.exception_handlers); the hook adds
those responses so that clients, and schemathesis, know every status code the API uses.
"""

from __future__ import annotations

from typing import Any

ERROR_COMPONENT = "Error"
ERROR_REF = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}

_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string", "description": "Stable machine-readable code."},
                "message": {"type": "string", "description": "For people."},
                "fields": {
                    "type": "object",
                    "description": "Messages per input field (empty when not about input).",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
            "required": ["code", "message", "fields"],
        }
    },
    "required": ["error"],
}

_ALWAYS = {
    "401": "Not authenticated, or the token expired.",
    "403": "Authenticated, but the role or the object's rules do not allow this.",
    "404": "No such object, or it is outside what you may see.",
    "406": "The Accept header asks for a format the API does not produce.",
    "429": "Too many requests (login or search throttling, or a login lockout).",
    "400": "The input is not valid.",
}
_WRITES = {
    "409": "The object's state does not allow this step (e.g. an illegal transition).",
    "415": "The request body's media type is not supported.",
}
_WRITE_METHODS = frozenset({"post", "put", "patch", "delete"})


def add_error_responses(result: dict[str, Any], generator: Any, **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the error component and responses on every
    operation (unless the operation documents that status itself)."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components[ERROR_COMPONENT] = _ERROR_SCHEMA
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            wanted = dict(_ALWAYS)
            if method in _WRITE_METHODS:
                wanted.update(_WRITES)
            responses = operation["responses"]
            for status, description in wanted.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR_REF}},
                    },
                )
    return result
