"""Admin for matches, their workflow audit and allocation runs."""

from typing import TypeVar

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from matching.models import AllocationProposal, AllocationRun, Match, MatchTransition


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin[Match]):
    list_display = ["candidate", "placement", "score", "status", "status_changed_at"]
    list_filter = ["status", "placement__kind", "placement__municipality__district"]
    search_fields = [
        "candidate__user__last_name",
        "candidate__user__first_name",
        "placement__title",
        "placement__company__legal_name",
    ]
    list_select_related = ["candidate__user", "placement__company"]
    raw_id_fields = ["candidate", "placement"]
    readonly_fields = [
        "score",
        "explanation_in_words",
        "breakdown",
        "scored_at",
        "status_changed_at",
    ]

    @admin.display(description="Explanation")
    def explanation_in_words(self, match: Match) -> str:
        """The stored explanation as sentences in the coordinator's language and script."""
        from django.utils.translation import get_language

        from matching.explanations import explanation_sentences

        language = get_language() or "sr-latn"
        sentences = explanation_sentences(
            match.breakdown or {},
            language=language if language in ("sr-latn", "sr", "en") else "sr-latn",
            commute_km=match.candidate.max_commute_km,
            audience="coordinator",
        )
        return " ".join(sentences)


# --- placement workflow audit and allocation runs (read-only: services write them) ---------


_Audited = TypeVar("_Audited", bound=Model)


class _ReadOnlyAdmin(admin.ModelAdmin[_Audited]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: _Audited | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: _Audited | None = None) -> bool:
        return False


@admin.register(MatchTransition)
class MatchTransitionAdmin(_ReadOnlyAdmin[MatchTransition]):
    list_display = ["created_at", "match", "transition", "from_status", "to_status", "actor"]
    list_filter = ["transition", "to_status", "actor_role"]
    search_fields = ["match__candidate__user__last_name", "match__placement__title", "reason"]
    list_select_related = ["match__candidate__user", "match__placement__company", "actor"]
    date_hierarchy = "created_at"


class AllocationProposalInline(admin.TabularInline[AllocationProposal, AllocationRun]):
    model = AllocationProposal
    extra = 0
    fields = ["candidate", "placement", "score", "outcome", "outcome_detail", "match"]
    readonly_fields = ["candidate", "placement", "score", "outcome", "outcome_detail", "match"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: AllocationRun | None = None) -> bool:
        return False


@admin.register(AllocationRun)
class AllocationRunAdmin(_ReadOnlyAdmin[AllocationRun]):
    list_display = [
        "id",
        "created_at",
        "created_by",
        "organisation",
        "method",
        "status",
        "total_score",
        "applied_at",
    ]
    list_filter = ["status", "method", "organisation"]
    search_fields = ["cohort_description", "created_by__last_name", "created_by__username"]
    list_select_related = ["created_by", "organisation"]
    inlines = [AllocationProposalInline]


@admin.register(AllocationProposal)
class AllocationProposalAdmin(_ReadOnlyAdmin[AllocationProposal]):
    list_display = ["run", "candidate", "placement", "score", "outcome"]
    list_filter = ["outcome", "run__method"]
    search_fields = [
        "candidate__user__last_name",
        "candidate__user__first_name",
        "placement__title",
        "placement__company__legal_name",
    ]
    list_select_related = ["run", "candidate__user", "placement__company"]
