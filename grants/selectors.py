"""Reads of the grant scheme: scoped lists, one application with what its page needs, the
committee's blind view, the ranking within the budget, and the programme's outcome figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from candidates.models import CandidateProfile
from grants import permissions, scoring, workflow
from grants.models import (
    ApplicationTransition,
    CriterionScore,
    Evaluation,
    GrantApplication,
    GrantCall,
    GrantContract,
    MonitoringVisit,
    Receipt,
    Tranche,
)

Status = GrantApplication.Status
Kind = GrantCall.Kind

GRANT_OUTCOME_DEFINITION: Promise = _(
    "People employed or self-employed through a grant: beneficiaries of a signed grant contract "
    "whose monitoring visit (3, 6 or 12 months after signing) in the period found them working "
    "— in their own business, which is operating (self-employment), or for the subsidised "
    "employer (employment subsidy). Each person is counted once, on the day of the visit."
)


def call_list_for(user: Any) -> QuerySet[GrantCall]:
    return (
        permissions.calls_visible_to(user)
        .select_related("organisation")
        .annotate(
            application_count=Count("applications", filter=~Q(applications__status=Status.DRAFT))
        )
        .order_by("-opens_on", "title", "id")
    )


def call_get(*, user: Any, call_id: int) -> GrantCall | None:
    return (
        permissions.calls_visible_to(user)
        .select_related("organisation")
        .prefetch_related("criteria", "eligible_districts", "committee__evaluator")
        .filter(pk=call_id)
        .first()
    )


def _with_display(queryset: QuerySet[GrantApplication]) -> QuerySet[GrantApplication]:
    return queryset.select_related(
        "call__organisation",
        "beneficiary__user",
        "beneficiary__municipality__district",
        "company",
        "business_municipality",
    )


def application_list_for(
    user: Any, *, call_id: int | None = None, status: str | None = None
) -> QuerySet[GrantApplication]:
    queryset = GrantApplication.objects.filter(
        pk__in=permissions.applications_visible_to(user).values("pk")
    )
    if call_id is not None:
        queryset = queryset.filter(call_id=call_id)
    if status:
        queryset = queryset.filter(status=status)
    return _with_display(queryset).order_by("-created_at", "-id")


def application_get(*, user: Any, application_id: int) -> GrantApplication | None:
    return (
        _with_display(permissions.applications_visible_to(user).filter(pk=application_id))
        .prefetch_related(
            "budget_lines",
            "documents",
            Prefetch("call__criteria"),
        )
        .first()
    )


def application_history(*, application_id: int) -> QuerySet[ApplicationTransition]:
    return ApplicationTransition.objects.filter(application_id=application_id).select_related(
        "actor"
    )


def applications_of_person(*, user: Any, profile: CandidateProfile) -> list[GrantApplication]:
    """A beneficiary's applications as the viewer may see them (the person's page)."""
    return list(application_list_for(user).filter(beneficiary=profile))


def call_committed_rsd(call: GrantCall, *, excluding: int | None = None) -> Decimal:
    """Money the call has promised: approved, contracted and completed applications, plus
    what was actually paid on terminated contracts."""
    promised = call.applications.filter(status__in=workflow.COMMITTED_STATUSES)
    if excluding is not None:
        promised = promised.exclude(pk=excluding)
    promised_total = promised.aggregate(total=Sum("approved_rsd"))["total"] or Decimal("0")
    paid_terminated = Tranche.objects.filter(
        contract__application__call=call,
        contract__application__status=Status.TERMINATED,
        status=Tranche.Status.PAID,
    ).aggregate(total=Sum("amount_rsd"))["total"] or Decimal("0")
    return Decimal(promised_total) + Decimal(paid_terminated)


# --- evaluation ------------------------------------------------------------------------------


def evaluation_summary(application: GrantApplication) -> scoring.ScoreSummary:
    totals = [
        total
        for total in application.evaluations.filter(status=Evaluation.Status.SUBMITTED).values_list(
            "total_score", flat=True
        )
        if total is not None
    ]
    return scoring.summarise(totals, disagreement_points=application.call.disagreement_points)


def evaluations_of(application: GrantApplication) -> list[Evaluation]:
    """Every evaluation with its scores (for managers: check permissions.may_see_evaluations)."""
    return list(
        application.evaluations.select_related("evaluator").prefetch_related(
            Prefetch("scores", queryset=CriterionScore.objects.select_related("criterion"))
        )
    )


def own_evaluation(*, user: Any, application_id: int) -> Evaluation | None:
    return (
        Evaluation.objects.filter(application_id=application_id, evaluator_id=user.pk)
        .prefetch_related("scores")
        .first()
    )


def evaluation_queue(*, user: Any) -> list[GrantApplication]:
    """Eligible applications of calls whose committee the user sits on, that they have not
    finished (no declaration yet, or still scoring)."""
    finished = Evaluation.objects.filter(
        evaluator_id=user.pk,
        status__in=[Evaluation.Status.SUBMITTED, Evaluation.Status.RECUSED],
    ).values("application_id")
    return list(
        _with_display(
            GrantApplication.objects.filter(
                call__committee__evaluator_id=user.pk, status=Status.ELIGIBLE
            ).exclude(pk__in=finished)
        ).order_by("call_id", "submitted_at", "id")
    )


@dataclass(frozen=True)
class RankingRow:
    application: GrantApplication
    summary: scoring.ScoreSummary
    ranked: scoring.RankedRow | None  # None: not scored yet


@dataclass(frozen=True)
class CallRanking:
    call: GrantCall
    rows: list[RankingRow]
    committed_rsd: Decimal

    @property
    def remaining_rsd(self) -> Decimal:
        return self.call.budget_rsd - self.committed_rsd


RANKED_STATUSES = frozenset(
    {
        Status.ELIGIBLE,
        Status.EVALUATED,
        Status.RESERVE,
        Status.APPROVED,
        Status.REJECTED,
        Status.CONTRACTED,
        Status.COMPLETED,
        Status.TERMINATED,
    }
)


def call_ranking(call: GrantCall) -> CallRanking:
    """Applications of the call best score first, with averages, disagreement flags and the
    recommendation within the budget (grants.scoring); unscored ones last."""
    applications = list(
        _with_display(call.applications.filter(status__in=RANKED_STATUSES)).prefetch_related(
            Prefetch(
                "evaluations",
                queryset=Evaluation.objects.filter(status=Evaluation.Status.SUBMITTED),
                to_attr="submitted_evaluations",
            )
        )
    )
    summaries: dict[int, scoring.ScoreSummary] = {}
    entries: list[scoring.RankingEntry] = []
    for application in applications:
        totals = [
            e.total_score for e in application.submitted_evaluations if e.total_score is not None
        ]
        summary = scoring.summarise(totals, disagreement_points=call.disagreement_points)
        summaries[application.pk] = summary
        scored = application.status != Status.ELIGIBLE and summary.average is not None
        if scored and application.status not in (Status.REJECTED, Status.TERMINATED):
            committed = application.status in workflow.COMMITTED_STATUSES
            entries.append(
                scoring.RankingEntry(
                    application_id=application.pk,
                    average=summary.average or Decimal("0"),
                    amount=(application.approved_rsd or application.requested_rsd)
                    if committed
                    else application.requested_rsd,
                    submitted_at=application.submitted_at or application.created_at,
                    committed=committed,
                )
            )
    committed_rsd = call_committed_rsd(call)
    # What was paid on terminated contracts is spent too; the rest of the committed money is
    # in the entries (rank_within_budget takes it from the budget first).
    in_entries = sum((entry.amount for entry in entries if entry.committed), Decimal("0"))
    ranked = scoring.rank_within_budget(
        entries, budget=call.budget_rsd - (committed_rsd - in_entries), pass_score=call.pass_score
    )
    by_id = {row.application_id: row for row in ranked}
    rows = [
        RankingRow(
            application=application,
            summary=summaries[application.pk],
            ranked=by_id.get(application.pk),
        )
        for application in applications
    ]
    rows.sort(
        key=lambda row: (
            row.ranked is None,
            row.ranked.rank if row.ranked else 0,
            -(row.summary.average or Decimal("0")),
            row.application.pk,
        )
    )
    return CallRanking(call=call, rows=rows, committed_rsd=committed_rsd)


# --- contracts and monitoring ----------------------------------------------------------------


def contract_of(application: GrantApplication) -> GrantContract | None:
    return (
        GrantContract.objects.filter(application=application)
        .prefetch_related(
            Prefetch("tranches", queryset=Tranche.objects.prefetch_related("receipts")),
            "visits",
        )
        .first()
    )


def receipts_total(tranche: Tranche) -> Decimal:
    total = sum((receipt.amount_rsd for receipt in tranche.receipts.all()), Decimal("0"))
    return Decimal(total)


def visits_due(
    *, user: Any, today: dt.date | None = None, days_ahead: int = 30
) -> list[MonitoringVisit]:
    """Open monitoring visits of running contracts in the user's scope due within `days_ahead`."""
    today = today or timezone.localdate()
    return list(
        permissions.visits_visible_to(user)
        .filter(
            status=MonitoringVisit.Status.DUE,
            due_on__lte=today + dt.timedelta(days=days_ahead),
            contract__application__status=Status.CONTRACTED,
        )
        .select_related("contract__application__call", "contract__application__beneficiary__user")
        .order_by("due_on", "id")
    )


def receipt_for_download(*, user: Any, receipt_id: int) -> Receipt | None:
    receipt = (
        Receipt.objects.filter(pk=receipt_id)
        .select_related(
            "tranche__contract__application__beneficiary", "tranche__contract__application__call"
        )
        .first()
    )
    if receipt is None or not receipt.file:
        return None
    application = receipt.tranche.contract.application
    if not permissions.applications_visible_to(user).filter(pk=application.pk).exists():
        return None
    if not permissions.may_see_documents(user, application):
        return None
    return receipt


# --- the programme's figures -----------------------------------------------------------------


@dataclass(frozen=True)
class GrantOutcomes:
    """People employed or self-employed through a grant in a period (see the definition)."""

    people: int
    self_employed: int
    employed: int
    definition: str
    # The beneficiaries counted (CandidateProfile ids), for a dashboard that adds other sources.
    candidate_ids: QuerySet[Any]


def _in_districts(queryset: QuerySet[MonitoringVisit], district_ids: Iterable[int] | None) -> Any:
    if district_ids is None:
        return queryset
    return queryset.filter(
        contract__application__beneficiary__municipality__district_id__in=list(district_ids)
    )


def grant_outcomes(
    *,
    district_ids: Iterable[int] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> GrantOutcomes:
    """Beneficiaries found working at a monitoring visit in [start, end] (None: open), in the
    districts (of the beneficiary; None: all). One query per figure, counted in the database."""
    visits = _in_districts(
        MonitoringVisit.objects.filter(
            status=MonitoringVisit.Status.RECORDED, outcome_positive=True
        ),
        district_ids,
    )
    if start is not None:
        visits = visits.filter(visited_on__gte=start)
    if end is not None:
        visits = visits.filter(visited_on__lte=end)
    person = "contract__application__beneficiary"
    counts = visits.aggregate(
        people=Count(person, distinct=True),
        self_employed=Count(
            person, distinct=True, filter=Q(contract__application__kind=Kind.SELF_EMPLOYMENT)
        ),
        employed=Count(
            person, distinct=True, filter=Q(contract__application__kind=Kind.EMPLOYMENT_SUBSIDY)
        ),
    )
    return GrantOutcomes(
        people=int(counts["people"] or 0),
        self_employed=int(counts["self_employed"] or 0),
        employed=int(counts["employed"] or 0),
        definition=str(GRANT_OUTCOME_DEFINITION),
        candidate_ids=visits.values(person).distinct(),
    )
