"""Serializer fields the API shares."""

from __future__ import annotations

from typing import Any, cast

from rest_framework import serializers


class ObjectListField(serializers.ListField):
    """A list of objects (`child` is a serializer), each validated in full.

    DRF lets a PATCH (a partial serializer) skip the required fields of nested serializers
    too, so `{"languages": [{"min_level": "B1"}]}` would pass without a language. A list given
    in a PATCH replaces the whole list, so each of its items must be complete.
    """

    def run_child_validation(self, data: Any) -> list[Any]:
        result: list[Any] = []
        errors: dict[int, Any] = {}
        child_class = cast(type[serializers.Serializer[Any]], type(self.child))
        for index, item in enumerate(data):
            child = child_class(data=item)
            if child.is_valid():
                result.append(child.validated_data)
            else:
                errors[index] = child.errors  # keyed by position, as DRF's own lists
        if errors:
            raise serializers.ValidationError(cast(Any, errors))
        return result
