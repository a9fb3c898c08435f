"""Admin for the grant scheme: read-mostly views for support (coordinators use the pages, and
every change of state goes through grants.services)."""

from __future__ import annotations

from django.contrib import admin

from grants.models import (
    ApplicationDocument,
    ApplicationTransition,
    BudgetLine,
    CommitteeMember,
    Evaluation,
    GrantApplication,
    GrantCall,
    GrantContract,
    MonitoringVisit,
    Receipt,
    RubricCriterion,
    Tranche,
)


class RubricCriterionInline(admin.TabularInline[RubricCriterion, GrantCall]):
    model = RubricCriterion
    extra = 0


class CommitteeMemberInline(admin.TabularInline[CommitteeMember, GrantCall]):
    model = CommitteeMember
    extra = 0
    raw_id_fields = ["evaluator"]


@admin.register(GrantCall)
class GrantCallAdmin(admin.ModelAdmin[GrantCall]):
    list_display = [
        "title",
        "organisation",
        "kind",
        "status",
        "opens_on",
        "closes_on",
        "budget_rsd",
    ]
    list_filter = ["kind", "status", "organisation"]
    search_fields = ["title"]
    filter_horizontal = ["eligible_districts"]
    readonly_fields = ["status", "created_by", "created_at", "updated_at"]
    inlines = [RubricCriterionInline, CommitteeMemberInline]


class BudgetLineInline(admin.TabularInline[BudgetLine, GrantApplication]):
    model = BudgetLine
    extra = 0


class TransitionInline(admin.TabularInline[ApplicationTransition, GrantApplication]):
    model = ApplicationTransition
    extra = 0
    can_delete = False
    readonly_fields = [
        "transition",
        "from_status",
        "to_status",
        "actor",
        "actor_role",
        "reason",
        "details",
        "created_at",
    ]

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(GrantApplication)
class GrantApplicationAdmin(admin.ModelAdmin[GrantApplication]):
    list_display = ["id", "call", "kind", "status", "requested_rsd", "approved_rsd", "submitted_at"]
    list_filter = ["kind", "status", "call"]
    raw_id_fields = ["beneficiary", "company", "business_municipality"]
    readonly_fields = [
        "status",
        "status_changed_at",
        "requested_rsd",
        "own_contribution_rsd",
        "eligibility",
        "eligibility_checked_at",
        "submitted_at",
        "decided_at",
        "decided_by",
        "created_by",
    ]
    inlines = [BudgetLineInline, TransitionInline]


@admin.register(ApplicationDocument)
class ApplicationDocumentAdmin(admin.ModelAdmin[ApplicationDocument]):
    list_display = ["id", "application", "kind", "content_type", "size_bytes", "created_at"]
    readonly_fields = ["file", "content_type", "original_name", "size_bytes", "sha256"]
    raw_id_fields = ["application", "uploaded_by"]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin[Evaluation]):
    list_display = ["id", "application", "evaluator", "status", "total_score", "submitted_at"]
    list_filter = ["status"]
    raw_id_fields = ["application", "evaluator"]
    readonly_fields = ["total_score", "submitted_at", "declared_at"]


class TrancheInline(admin.TabularInline[Tranche, GrantContract]):
    model = Tranche
    extra = 0
    readonly_fields = ["status", "paid_on", "paid_by"]


class VisitInline(admin.TabularInline[MonitoringVisit, GrantContract]):
    model = MonitoringVisit
    extra = 0
    readonly_fields = ["outcome_positive", "recorded_at", "recorded_by"]


@admin.register(GrantContract)
class GrantContractAdmin(admin.ModelAdmin[GrantContract]):
    list_display = ["number", "application", "signed_on", "amount_rsd"]
    search_fields = ["number"]
    raw_id_fields = ["application", "signed_by"]
    inlines = [TrancheInline, VisitInline]


@admin.register(Receipt)
class ReceiptAdmin(admin.ModelAdmin[Receipt]):
    list_display = ["id", "tranche", "amount_rsd", "issued_on", "content_type"]
    readonly_fields = ["file", "content_type", "original_name", "size_bytes", "sha256"]
    raw_id_fields = ["tranche", "uploaded_by"]
