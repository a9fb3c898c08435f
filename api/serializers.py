"""Serializers for API v1."""

from __future__ import annotations

from rest_framework import serializers

from matching.models import District, Municipality


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["code", "name_latn", "name_cyrl", "seat_latn"]


class MunicipalitySerializer(serializers.ModelSerializer):
    district: serializers.SlugRelatedField[District] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Municipality
        fields = ["code", "name_latn", "name_cyrl", "kind", "district", "latitude", "longitude"]
