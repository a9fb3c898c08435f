"""Placements (internships and jobs): read, create and update shapes."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from rest_framework import serializers

from api.serializers.companies import CompanyBriefSerializer
from api.serializers.fields import ObjectListField, SkillEntrySerializer
from companies.models import Company, Placement, PlacementLanguage, PlacementSkill
from companies.services import SkillRequirement
from core.choices import CefrLevel, NoksLevel, SpokenLanguage
from core.validators import validate_date_in_range
from reference.models import District, Municipality, Skill

MAX_SKILLS = 50
MAX_LANGUAGES = 10
MAX_SLOTS = 500
MAX_PAY_RSD = 10_000_000


class PlacementSkillSerializer(serializers.ModelSerializer[PlacementSkill]):
    skill: serializers.SlugRelatedField[Skill] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    label = serializers.SerializerMethodField()  # type: ignore[assignment]

    class Meta:
        model = PlacementSkill
        fields = ["skill", "label", "written_as", "required", "min_proficiency"]

    def get_label(self, row: PlacementSkill) -> str | None:
        return str(row.skill) if row.skill_id else None


class PlacementLanguageSerializer(serializers.ModelSerializer[PlacementLanguage]):
    class Meta:
        model = PlacementLanguage
        fields = ["language", "min_level"]


class PlacementSerializer(serializers.ModelSerializer[Placement]):
    company = CompanyBriefSerializer(read_only=True)
    municipality: serializers.SlugRelatedField[Municipality] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    district: serializers.SlugRelatedField[District] = serializers.SlugRelatedField(
        source="municipality.district", slug_field="code", read_only=True, allow_null=True
    )
    slots_held = serializers.IntegerField(
        read_only=True, help_text="Slots taken by accepted, placed or completed matches."
    )
    skills = PlacementSkillSerializer(many=True, read_only=True)
    languages = PlacementLanguageSerializer(many=True, read_only=True)

    class Meta:
        model = Placement
        fields = [
            "id",
            "company",
            "kind",
            "title",
            "description",
            "municipality",
            "district",
            "remote",
            "min_education_level",
            "slots",
            "slots_held",
            "start_date",
            "duration_months",
            "pay_min_rsd",
            "pay_max_rsd",
            "application_deadline",
            "status",
            "skills",
            "languages",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PlacementSkillInputSerializer(SkillEntrySerializer):
    required = serializers.BooleanField(default=True)  # type: ignore[assignment]
    min_proficiency = serializers.IntegerField(
        min_value=1, max_value=5, required=False, allow_null=True, default=None
    )


class PlacementLanguageInputSerializer(serializers.Serializer[Any]):
    language = serializers.ChoiceField(choices=SpokenLanguage.choices)
    min_level = serializers.ChoiceField(choices=CefrLevel.choices)


class PlacementUpdateSerializer(serializers.Serializer[Any]):
    """A placement's details; `skills` and `languages`, when given, replace the lists."""

    kind = serializers.ChoiceField(choices=Placement.Kind.choices, required=False)
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    municipality: serializers.SlugRelatedField[Municipality] = serializers.SlugRelatedField(
        slug_field="code", queryset=Municipality.objects.all(), required=False, allow_null=True
    )
    remote = serializers.BooleanField(required=False)
    min_education_level = serializers.ChoiceField(
        choices=NoksLevel.choices, required=False, allow_null=True
    )
    slots = serializers.IntegerField(min_value=1, max_value=MAX_SLOTS, required=False)
    start_date = serializers.DateField(
        required=False, allow_null=True, validators=[validate_date_in_range]
    )
    duration_months = serializers.IntegerField(
        min_value=1, max_value=36, required=False, allow_null=True
    )
    pay_min_rsd = serializers.IntegerField(
        min_value=0, max_value=MAX_PAY_RSD, required=False, allow_null=True
    )
    pay_max_rsd = serializers.IntegerField(
        min_value=0, max_value=MAX_PAY_RSD, required=False, allow_null=True
    )
    application_deadline = serializers.DateField(
        required=False, allow_null=True, validators=[validate_date_in_range]
    )
    skills = ObjectListField(
        child=PlacementSkillInputSerializer(), required=False, max_length=MAX_SKILLS
    )
    languages = ObjectListField(
        child=PlacementLanguageInputSerializer(), required=False, max_length=MAX_LANGUAGES
    )

    def placement_fields(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        for name in ("skills", "languages", "company"):
            data.pop(name, None)
        return data

    def skill_requirements(self) -> list[SkillRequirement] | None:
        if "skills" not in self.validated_data:
            return None
        return [
            SkillRequirement(
                skill=row.get("skill"),
                written_as=row.get("written_as", ""),
                required=row.get("required", True),
                min_proficiency=row.get("min_proficiency"),
            )
            for row in self.validated_data["skills"]
        ]

    def language_pairs(self) -> list[tuple[str, str]] | None:
        if "languages" not in self.validated_data:
            return None
        return [(row["language"], row["min_level"]) for row in self.validated_data["languages"]]


class PlacementCreateSerializer(PlacementUpdateSerializer):
    """A new placement, saved as a draft of one of the companies the user manages
    (context: `companies`, the queryset of those)."""

    company: serializers.PrimaryKeyRelatedField[Company] = serializers.PrimaryKeyRelatedField(
        queryset=Company.objects.none()
    )
    kind = serializers.ChoiceField(choices=Placement.Kind.choices)
    title = serializers.CharField(max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        companies: QuerySet[Company] | None = self.context.get("companies")
        if companies is not None:
            field = cast(serializers.PrimaryKeyRelatedField[Company], self.fields["company"])
            field.queryset = companies
