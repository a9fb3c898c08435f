"""Serializer fields the API shares."""

from __future__ import annotations

from typing import Any, cast

from rest_framework import serializers

from reference.models import Skill


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


class SkillEntrySerializer(serializers.Serializer[Any]):
    """A skill as given through the API: a taxonomy skill by code, the person's words, or both.

    Candidate skills and placement requirements share it; the models' clean() holds the same
    rule, checked here too so the error names the item's `written_as` field.
    """

    skill: serializers.SlugRelatedField[Skill] = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Skill.objects.all(),
        required=False,
        allow_null=True,
        help_text="A taxonomy skill's code (see /skills/); or leave it out and write the skill.",
    )
    written_as = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("skill") is None and not attrs.get("written_as", "").strip():
            raise serializers.ValidationError(
                {"written_as": ["Name the skill or pick it from the list."]}
            )
        return attrs
