"""Matches: the pair, where it stands, why it scored what it did, and the step requested.

The candidate inside a match is shown as the viewer may see them: a company sees a
reference and the place until the candidate accepted its offer (then the contact details);
the candidate sees the placement; coordinators and admins see both in full.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers.candidates import CandidateContactSerializer
from api.serializers.companies import CompanyBriefSerializer
from candidates.models import CandidateProfile, candidate_reference
from companies.models import Placement
from matching import workflow
from matching.models import Match, MatchTransition
from reference.models import District, Municipality

TRANSITION_NAMES = list(workflow.TRANSITIONS)


class MatchPlacementSerializer(serializers.ModelSerializer[Placement]):
    company = CompanyBriefSerializer(read_only=True)
    municipality: serializers.SlugRelatedField[Municipality] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = Placement
        fields = ["id", "title", "kind", "status", "company", "municipality", "remote"]
        read_only_fields = fields


class MatchCandidateSerializer(serializers.ModelSerializer[CandidateProfile]):
    reference = serializers.SerializerMethodField()
    municipality: serializers.SlugRelatedField[Municipality] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    district: serializers.SlugRelatedField[District] = serializers.SlugRelatedField(
        source="municipality.district", slug_field="code", read_only=True
    )
    contact = serializers.SerializerMethodField()

    class Meta:
        model = CandidateProfile
        fields = ["id", "reference", "municipality", "district", "contact"]
        read_only_fields = fields

    def get_reference(self, profile: CandidateProfile) -> str:
        return candidate_reference(profile.pk)

    @extend_schema_field(CandidateContactSerializer(allow_null=True))
    def get_contact(self, profile: CandidateProfile) -> dict[str, Any] | None:
        if not self.context.get("show_contact"):
            return None
        return dict(CandidateContactSerializer(profile).data)


class RequirementExplanationSerializer(serializers.Serializer[Any]):
    requirement = serializers.CharField(allow_blank=True)
    skill = serializers.CharField(allow_null=True)
    required = serializers.BooleanField()  # type: ignore[assignment]
    matched_by = serializers.CharField(allow_null=True)
    candidate_term = serializers.CharField(allow_null=True)
    similarity = serializers.FloatField()
    credit = serializers.FloatField()


class ExplanationSerializer(serializers.Serializer[Any]):
    """Why the pair scored what it did (docs/engine.md, "Explanation")."""

    total = serializers.FloatField()
    components = serializers.DictField(child=serializers.FloatField())
    requirements = RequirementExplanationSerializer(many=True)
    missing_required = serializers.ListField(child=serializers.CharField(allow_blank=True))
    distance_km = serializers.FloatField(allow_null=True)
    location_tier = serializers.CharField(allow_null=True)
    excluded = serializers.ListField(child=serializers.CharField(allow_blank=True))


def explanation_of(match: Match) -> dict[str, Any]:
    """The stored breakdown in the documented shape, whatever older rows left out."""
    data = match.breakdown if isinstance(match.breakdown, dict) else {}

    def number(value: Any, default: float | None = 0.0) -> float | None:
        return float(value) if isinstance(value, int | float) else default

    def text(value: Any) -> str | None:
        return None if value is None else str(value)

    components = data.get("components")
    return {
        "total": number(data.get("total"), match.score),
        "components": {
            str(name): float(value)
            for name, value in (components.items() if isinstance(components, dict) else ())
            if isinstance(value, int | float)
        },
        "requirements": [
            {
                "requirement": str(row.get("requirement") or ""),
                "skill": text(row.get("skill")),
                "required": bool(row.get("required", False)),
                "matched_by": text(row.get("matched_by")),
                "candidate_term": text(row.get("candidate_term")),
                "similarity": number(row.get("similarity")),
                "credit": number(row.get("credit")),
            }
            for row in data.get("requirements") or []
            if isinstance(row, dict)
        ],
        "missing_required": [str(item) for item in data.get("missing_required") or []],
        "distance_km": number(data.get("distance_km"), None),
        "location_tier": text(data.get("location_tier")),
        "excluded": [str(item) for item in data.get("excluded") or []],
    }


class MatchSerializer(serializers.ModelSerializer[Match]):
    """A match in a list (context: `match_views`, each match's read model for the viewer,
    matching.read_models: whether the candidate's contact details are theirs to see)."""

    candidate = serializers.SerializerMethodField()
    placement = MatchPlacementSerializer(read_only=True)

    class Meta:
        model = Match
        fields = [
            "id",
            "score",
            "status",
            "status_changed_at",
            "scored_at",
            "candidate",
            "placement",
        ]
        read_only_fields = fields

    @extend_schema_field(MatchCandidateSerializer)
    def get_candidate(self, match: Match) -> dict[str, Any]:
        view = self.context.get("match_views", {}).get(match.pk)
        show = view is not None and view.contact is not None
        return dict(MatchCandidateSerializer(match.candidate, context={"show_contact": show}).data)


class MatchTransitionRecordSerializer(serializers.ModelSerializer[MatchTransition]):
    reason = serializers.SerializerMethodField()

    class Meta:
        model = MatchTransition
        fields = ["transition", "from_status", "to_status", "actor_role", "reason", "created_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_reason(self, record: MatchTransition) -> str | None:
        """Reasons are written about people: coordinators and admins read them."""
        return record.reason if self.context.get("show_reasons") else None


class MatchDetailSerializer(MatchSerializer):
    """A match with its explanation, the steps the viewer may take now and its history
    (context also: `history`)."""

    explanation = serializers.SerializerMethodField()
    available_transitions = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    class Meta(MatchSerializer.Meta):
        fields = [*MatchSerializer.Meta.fields, "explanation", "available_transitions", "history"]
        read_only_fields = fields

    @extend_schema_field(ExplanationSerializer)
    def get_explanation(self, match: Match) -> dict[str, Any]:
        return explanation_of(match)

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=TRANSITION_NAMES))
    )
    def get_available_transitions(self, match: Match) -> list[str]:
        view = self.context.get("match_views", {}).get(match.pk)
        return [transition.name for transition in view.actions] if view else []

    @extend_schema_field(MatchTransitionRecordSerializer(many=True))
    def get_history(self, match: Match) -> list[dict[str, Any]]:
        return [
            dict(item)
            for item in MatchTransitionRecordSerializer(
                self.context.get("history", []),
                many=True,
                context={"show_reasons": self._show_reasons(match)},
            ).data
        ]

    def _show_reasons(self, match: Match) -> bool:
        view = self.context.get("match_views", {}).get(match.pk)
        return bool(view and view.show_reasons)


class TransitionRequestSerializer(serializers.Serializer[Any]):
    transition = serializers.ChoiceField(choices=TRANSITION_NAMES)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
