"""Reference data: districts, municipalities and skill suggestions."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from reference.models import District, Municipality, Skill


class DistrictSerializer(serializers.ModelSerializer[District]):
    class Meta:
        model = District
        fields = ["code", "name_latn", "name_cyrl", "seat_latn"]


class MunicipalitySerializer(serializers.ModelSerializer[Municipality]):
    district: serializers.SlugRelatedField[District] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Municipality
        fields = ["code", "name_latn", "name_cyrl", "kind", "district", "latitude", "longitude"]


class MunicipalityQuerySerializer(serializers.Serializer[Any]):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)
    district = serializers.CharField(required=False, allow_blank=True, max_length=5)


class SkillQuerySerializer(serializers.Serializer[Any]):
    q = serializers.CharField(
        max_length=100,
        help_text="What the person typed: any script, with or without diacritics, typos allowed.",
    )
    limit = serializers.IntegerField(min_value=1, max_value=25, default=10)


class SkillSuggestionSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    skill_type = serializers.ChoiceField(choices=Skill.Type.choices)
    label = serializers.CharField(  # type: ignore[assignment]
        help_text="The skill's name in the request's language."
    )
    matched_label = serializers.CharField(help_text="The label or alias the query matched.")
    score = serializers.FloatField(min_value=0, max_value=1)
