"""Allocation runs: the request that starts one, the run with its proposals, the apply report."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from candidates.models import CandidateProfile, candidate_reference
from matching.models import AllocationProposal, AllocationRun
from matching.services.allocation_runs import Cohort

MAX_IDS = 5000
MAX_ID = 2**63 - 1  # the largest id a database column holds


class CohortSerializer(serializers.Serializer[Any]):
    district_codes = serializers.ListField(
        child=serializers.CharField(max_length=5), required=False, max_length=50
    )
    municipality_codes = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, max_length=200
    )
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=CandidateProfile.Category.choices),
        required=False,
        max_length=3,
    )
    seeking = serializers.ChoiceField(
        choices=[("", "anything"), ("internship", "internship"), ("job", "job")],
        required=False,
        allow_blank=True,
        default="",
    )

    def to_cohort(self, data: dict[str, Any]) -> Cohort:
        return Cohort(
            district_codes=tuple(data.get("district_codes", ())),
            municipality_codes=tuple(data.get("municipality_codes", ())),
            categories=tuple(data.get("categories", ())),
            seeking=data.get("seeking", ""),
        )


class AllocationRunCreateSerializer(serializers.Serializer[Any]):
    """Either `candidate_ids` or a `cohort` filter (or neither: everyone in your districts)."""

    method = serializers.ChoiceField(
        choices=AllocationRun.Method.choices, default=AllocationRun.Method.OPTIMAL
    )
    min_score = serializers.FloatField(min_value=0.0, max_value=1.0, default=0.3)
    candidate_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=MAX_IDS,
    )
    cohort = CohortSerializer(required=False)
    placement_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=MAX_IDS,
    )
    district_quotas = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=100000), required=False
    )
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "candidate_ids" in attrs and "cohort" in attrs:
            raise serializers.ValidationError(
                {"cohort": ["Give either a list of candidates or a cohort filter, not both."]}
            )
        return attrs

    def service_arguments(self) -> dict[str, Any]:
        data = self.validated_data
        cohort = data.get("cohort")
        return {
            "method": data["method"],
            "min_score": data["min_score"],
            "candidate_ids": data.get("candidate_ids"),
            "cohort": CohortSerializer().to_cohort(cohort) if cohort is not None else None,
            "placement_ids": data.get("placement_ids"),
            "district_quotas": data.get("district_quotas") or None,
            "description": data.get("description", ""),
        }


class AllocationRunSerializer(serializers.ModelSerializer[AllocationRun]):
    created_by = serializers.CharField(source="created_by.username", read_only=True)
    organisation: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="short_name", read_only=True, allow_null=True
    )
    proposal_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = AllocationRun
        fields = [
            "id",
            "method",
            "min_score",
            "status",
            "cohort_description",
            "total_score",
            "proposal_count",
            "created_by",
            "organisation",
            "created_at",
            "applied_at",
        ]
        read_only_fields = fields


class ProposalSerializer(serializers.ModelSerializer[AllocationProposal]):
    candidate_reference = serializers.SerializerMethodField()
    placement_title = serializers.CharField(source="placement.title", read_only=True)
    company = serializers.CharField(source="placement.company.legal_name", read_only=True)

    class Meta:
        model = AllocationProposal
        fields = [
            "id",
            "candidate",
            "candidate_reference",
            "placement",
            "placement_title",
            "company",
            "score",
            "outcome",
            "outcome_detail",
            "match",
        ]
        read_only_fields = fields

    def get_candidate_reference(self, proposal: AllocationProposal) -> str:
        return candidate_reference(proposal.candidate_id)


class AllocationRunDetailSerializer(AllocationRunSerializer):
    proposals = ProposalSerializer(many=True, read_only=True)
    unassigned_candidates = serializers.SerializerMethodField()
    left_out_holding_a_slot = serializers.SerializerMethodField()

    class Meta(AllocationRunSerializer.Meta):
        fields = [
            *AllocationRunSerializer.Meta.fields,
            "proposals",
            "unassigned_candidates",
            "left_out_holding_a_slot",
        ]
        read_only_fields = fields

    def get_unassigned_candidates(self, run: AllocationRun) -> list[int]:
        return [int(pk) for pk in (run.params or {}).get("unassigned_candidates", [])]

    def get_left_out_holding_a_slot(self, run: AllocationRun) -> list[int]:
        return [int(pk) for pk in (run.params or {}).get("left_out_holding_a_slot", [])]


class SkippedPairSerializer(serializers.Serializer[Any]):
    candidate_id = serializers.IntegerField()
    placement_id = serializers.IntegerField()
    reason = serializers.CharField()


class AllocationApplyReportSerializer(serializers.Serializer[Any]):
    run_id = serializers.IntegerField()
    proposed = serializers.ListField(child=serializers.IntegerField())
    already_proposed = serializers.ListField(child=serializers.IntegerField())
    skipped = SkippedPairSerializer(many=True)
