"""Candidate profiles: the candidate's own view, the scoped view, and what is written.

What someone else sees of a candidate depends on who they are (accounts.permissions):
`contact` (name, e-mail, phone) only once the rules allow it (for a company: after the
candidate accepted its offer), `programme` (category, consents) only for the candidate, the
coordinators of their district and admins. Before contact is allowed a company knows the
candidate by `reference` alone: it decides on skills and experience, not on a name.
Programme-sensitive data (returnee status, vulnerabilities, gender) is never in these
serializers; it has its own logged endpoint.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.fields import ObjectListField, SkillEntrySerializer
from candidates.models import (
    CandidateDocument,
    CandidateErasure,
    CandidateLanguage,
    CandidateProfile,
    CandidateSkill,
    ConsentRecord,
    ProgrammeData,
    candidate_reference,
)
from candidates.services import SkillEntry
from core.choices import CefrLevel, NoksLevel, SpokenLanguage
from core.validators import validate_date_in_range
from reference.models import District, Municipality, Skill

MAX_SKILLS = 100
MAX_LANGUAGES = 20


class CandidateSkillSerializer(serializers.ModelSerializer[CandidateSkill]):
    skill: serializers.SlugRelatedField[Skill] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    label = serializers.SerializerMethodField()  # type: ignore[assignment]

    class Meta:
        model = CandidateSkill
        fields = ["skill", "label", "written_as", "proficiency"]

    def get_label(self, row: CandidateSkill) -> str | None:
        return str(row.skill) if row.skill_id else None


class CandidateSkillInputSerializer(SkillEntrySerializer):
    proficiency = serializers.IntegerField(min_value=1, max_value=5, default=3)


class LanguageLevelSerializer(serializers.Serializer[Any]):
    language = serializers.ChoiceField(choices=SpokenLanguage.choices)
    level = serializers.ChoiceField(choices=CefrLevel.choices)


class CandidateLanguageSerializer(serializers.ModelSerializer[CandidateLanguage]):
    class Meta:
        model = CandidateLanguage
        fields = ["language", "level"]


class ConsentSerializer(serializers.ModelSerializer[ConsentRecord]):
    class Meta:
        model = ConsentRecord
        fields = ["purpose", "notice_version", "granted_at", "withdrawn_at"]


_PROFILE_FIELDS = [
    "municipality",
    "district",
    "max_commute_km",
    "willing_to_relocate",
    "seeks_internship",
    "seeks_job",
    "seeks_self_employment",
    "education_level",
    "education_field",
    "institution",
    "graduation_year",
    "experience",
    "availability_date",
    "skills",
    "languages",
]


class _ProfileBaseSerializer(serializers.ModelSerializer[CandidateProfile]):
    municipality: serializers.SlugRelatedField[Municipality] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    district: serializers.SlugRelatedField[District] = serializers.SlugRelatedField(
        source="municipality.district", slug_field="code", read_only=True
    )
    skills = CandidateSkillSerializer(many=True, read_only=True)
    languages = CandidateLanguageSerializer(many=True, read_only=True)


class MyProfileSerializer(_ProfileBaseSerializer):
    """The candidate's own profile, everything included."""

    first_name = serializers.CharField(source="user.first_name", read_only=True)
    last_name = serializers.CharField(source="user.last_name", read_only=True)
    email = serializers.CharField(source="user.email", read_only=True)
    phone = serializers.CharField(source="user.phone", read_only=True)
    consents = ConsentSerializer(many=True, read_only=True)

    class Meta:
        model = CandidateProfile
        fields = [
            "id",
            "first_name",
            "last_name",
            "email",
            "phone",
            "category",
            *_PROFILE_FIELDS,
            "consents",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class CandidateContactSerializer(serializers.Serializer[Any]):
    first_name = serializers.CharField(source="user.first_name")
    last_name = serializers.CharField(source="user.last_name")
    email = serializers.CharField(source="user.email", allow_blank=True)
    phone = serializers.CharField(source="user.phone", allow_blank=True)


class CandidateProgrammeSerializer(serializers.Serializer[Any]):
    category = serializers.ChoiceField(choices=CandidateProfile.Category.choices)
    consents = ConsentSerializer(many=True)


class CandidateSerializer(_ProfileBaseSerializer):
    """A candidate as the viewer may see them (context: `contact_ids`, `programme_ids`)."""

    reference = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()
    programme = serializers.SerializerMethodField()

    class Meta:
        model = CandidateProfile
        fields = ["id", "reference", *_PROFILE_FIELDS, "contact", "programme"]
        read_only_fields = fields

    def get_reference(self, profile: CandidateProfile) -> str:
        return candidate_reference(profile.pk)

    @extend_schema_field(CandidateContactSerializer(allow_null=True))
    def get_contact(self, profile: CandidateProfile) -> dict[str, Any] | None:
        if profile.pk not in self.context.get("contact_ids", set()):
            return None
        return dict(CandidateContactSerializer(profile).data)

    @extend_schema_field(CandidateProgrammeSerializer(allow_null=True))
    def get_programme(self, profile: CandidateProfile) -> dict[str, Any] | None:
        if profile.pk not in self.context.get("programme_ids", set()):
            return None
        return dict(CandidateProgrammeSerializer(profile).data)


class CandidateProfileWriteSerializer(serializers.Serializer[Any]):
    """What a candidate writes about themself (POST creates, PATCH changes what is given;
    `skills` and `languages`, when given, replace the whole list)."""

    category = serializers.ChoiceField(choices=CandidateProfile.Category.choices)
    municipality: serializers.SlugRelatedField[Municipality] = serializers.SlugRelatedField(
        slug_field="code", queryset=Municipality.objects.all()
    )
    max_commute_km = serializers.IntegerField(min_value=0, max_value=300, required=False)
    willing_to_relocate = serializers.BooleanField(required=False)
    seeks_internship = serializers.BooleanField(required=False)
    seeks_job = serializers.BooleanField(required=False)
    seeks_self_employment = serializers.BooleanField(required=False)
    education_level = serializers.ChoiceField(
        choices=NoksLevel.choices, required=False, allow_null=True
    )
    education_field = serializers.CharField(max_length=200, required=False, allow_blank=True)
    institution = serializers.CharField(max_length=200, required=False, allow_blank=True)
    graduation_year = serializers.IntegerField(
        min_value=1950, max_value=2100, required=False, allow_null=True
    )
    experience = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    availability_date = serializers.DateField(
        required=False, allow_null=True, validators=[validate_date_in_range]
    )
    skills = ObjectListField(
        child=CandidateSkillInputSerializer(), required=False, max_length=MAX_SKILLS
    )
    languages = ObjectListField(
        child=LanguageLevelSerializer(), required=False, max_length=MAX_LANGUAGES
    )

    def profile_fields(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        data.pop("skills", None)
        data.pop("languages", None)
        return data

    def skill_entries(self) -> list[SkillEntry] | None:
        if "skills" not in self.validated_data:
            return None
        return [
            SkillEntry(
                skill=row.get("skill"),
                written_as=row.get("written_as", ""),
                proficiency=row.get("proficiency", 3),
            )
            for row in self.validated_data["skills"]
        ]

    def language_pairs(self) -> list[tuple[str, str]] | None:
        if "languages" not in self.validated_data:
            return None
        return [(row["language"], row["level"]) for row in self.validated_data["languages"]]


class ProgrammeDataSerializer(serializers.ModelSerializer[ProgrammeData]):
    vulnerabilities = serializers.ListField(
        child=serializers.ChoiceField(choices=ProgrammeData.Vulnerability.choices)
    )

    class Meta:
        model = ProgrammeData
        fields = [
            "is_returnee",
            "returned_from_country",
            "returned_year",
            "vulnerabilities",
            "gender",
            "updated_at",
        ]
        read_only_fields = fields


class ProgrammeDataResponseSerializer(serializers.Serializer[Any]):
    candidate = serializers.IntegerField()
    data = ProgrammeDataSerializer(  # type: ignore[assignment]
        allow_null=True, help_text="null: nothing recorded."
    )


class CandidateDocumentSerializer(serializers.ModelSerializer[CandidateDocument]):
    class Meta:
        model = CandidateDocument
        fields = ["id", "kind", "content_type", "original_name", "size_bytes", "created_at"]
        read_only_fields = fields


class DocumentUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="A CV as PDF or Word (.docx), judged by content.")


class ErasureRequestSerializer(serializers.Serializer[Any]):
    reason = serializers.ChoiceField(choices=CandidateErasure.Reason.choices)


class ErasureSerializer(serializers.ModelSerializer[CandidateErasure]):
    class Meta:
        model = CandidateErasure
        fields = ["id", "reason", "erased_by_role", "erased_at"]
        read_only_fields = fields
