"""Companies: what everyone who sees a company may know, and the details for its own
members and the programme (registration numbers, address, the contact person)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from companies.models import Company
from core.choices import NaceSection
from reference.models import District, Municipality


class CompanyDetailsSerializer(serializers.ModelSerializer[Company]):
    # Plain strings: stored values may be blank, which "format: email" would not allow.
    contact_email = serializers.CharField(read_only=True)
    verified_at = serializers.DateTimeField(allow_null=True)

    class Meta:
        model = Company
        fields = [
            "pib",
            "mb",
            "address",
            "contact_name",
            "contact_email",
            "contact_phone",
            "verified_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class CompanySerializer(serializers.ModelSerializer[Company]):
    """`details` is null unless the viewer manages the company, coordinates its district or is
    an admin (context: `details_ids`)."""

    municipality: serializers.SlugRelatedField[Municipality] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    district: serializers.SlugRelatedField[District] = serializers.SlugRelatedField(
        source="municipality.district", slug_field="code", read_only=True
    )
    website = serializers.CharField(read_only=True)
    details = serializers.SerializerMethodField()

    class Meta:
        model = Company
        fields = [
            "id",
            "legal_name",
            "sector",
            "municipality",
            "district",
            "website",
            "description",
            "verified",
            "details",
        ]
        read_only_fields = fields

    @extend_schema_field(CompanyDetailsSerializer(allow_null=True))
    def get_details(self, company: Company) -> dict[str, Any] | None:
        if company.pk not in self.context.get("details_ids", set()):
            return None
        return dict(CompanyDetailsSerializer(company).data)


class CompanyUpdateSerializer(serializers.Serializer[Any]):
    """What a company's members may change (PIB and MB are fixed once verified: ask an admin)."""

    legal_name = serializers.CharField(max_length=255, required=False)
    sector = serializers.ChoiceField(choices=NaceSection.choices, required=False)
    municipality: serializers.SlugRelatedField[Municipality] = serializers.SlugRelatedField(
        slug_field="code", queryset=Municipality.objects.all(), required=False
    )
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    website = serializers.URLField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    contact_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    contact_email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=32, required=False, allow_blank=True)


class CompanyBriefSerializer(serializers.ModelSerializer[Company]):
    class Meta:
        model = Company
        fields = ["id", "legal_name", "verified"]
        read_only_fields = fields
