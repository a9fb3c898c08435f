"""Cohort allocation runs: compute a proposal with the engine, then apply or discard it.

A run is computed outside any transaction (scoring a cohort can take seconds) and stored as a
draft: who → where with the score, and the total. Nothing changes in the workflow until a
coordinator applies it; then every pair becomes "proposed to company" through the state
machine, in one transaction, and pairs that cannot be proposed any more are reported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from candidates.models import CandidateProfile
from companies.models import Placement
from core.exceptions import ApplicationError, IllegalTransition, PermissionDeniedError
from matching import workflow
from matching.engine.types import AllocationResult
from matching.mappers import candidates_to_engine, placements_to_engine
from matching.models import AllocationProposal, AllocationRun, Match
from matching.services.workflow import match_transition
from reference.models import District

# A candidate who holds a slot now is not in anyone's cohort (completed ones may be again).
_HOLDING_NOW = frozenset(workflow.SLOT_HOLDING_STATUSES - {Match.Status.COMPLETED})


@dataclass(frozen=True)
class Cohort:
    """Which candidates an allocation run places, when they are not listed one by one.

    Every filter is optional; the coordinator's own districts always bound the result.
    """

    district_codes: tuple[str, ...] = ()
    municipality_codes: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    seeking: Literal["", "internship", "job"] = ""

    def describe(self) -> str:
        parts = []
        if self.district_codes:
            names = District.objects.filter(code__in=self.district_codes).values_list(
                "name_latn", flat=True
            )
            parts.append(_("districts: %(names)s") % {"names": ", ".join(sorted(names))})
        if self.municipality_codes:
            parts.append(
                _("municipalities: %(codes)s") % {"codes": ", ".join(self.municipality_codes)}
            )
        if self.categories:
            parts.append(_("categories: %(names)s") % {"names": ", ".join(self.categories)})
        if self.seeking:
            parts.append(_("seeking: %(kind)s") % {"kind": self.seeking})
        return "; ".join(parts) or _("all candidates in my districts")

    def apply_to(self, queryset: QuerySet[CandidateProfile]) -> QuerySet[CandidateProfile]:
        if self.district_codes:
            queryset = queryset.filter(municipality__district__code__in=self.district_codes)
        if self.municipality_codes:
            queryset = queryset.filter(municipality__code__in=self.municipality_codes)
        if self.categories:
            queryset = queryset.filter(category__in=self.categories)
        if self.seeking == "internship":
            queryset = queryset.filter(seeks_internship=True)
        elif self.seeking == "job":
            queryset = queryset.filter(seeks_job=True)
        return queryset


@dataclass(frozen=True)
class SkippedPair:
    candidate_id: int
    placement_id: int
    reason: str


@dataclass(frozen=True)
class AllocationApplyReport:
    """What applying a run did: the matches now proposed, and the pairs left alone (why)."""

    run_id: int
    proposed: list[int] = field(default_factory=list)  # match ids moved to "proposed"
    already_proposed: list[int] = field(default_factory=list)
    skipped: list[SkippedPair] = field(default_factory=list)


def _require_coordinator(by: Any) -> None:
    if permissions.role_of(by) not in (User.Role.COORDINATOR, User.Role.ADMIN):
        raise PermissionDeniedError(_("Only coordinators run allocations."))


def _may_manage_run(by: Any, run: AllocationRun) -> bool:
    if permissions.is_admin(by):
        return True
    if permissions.role_of(by) != User.Role.COORDINATOR:
        return False
    return run.created_by_id == by.pk or (
        run.organisation_id is not None and run.organisation_id == by.organisation_id
    )


def _cohort_candidates(
    *, by: Any, candidate_ids: Iterable[int] | None, cohort: Cohort | None
) -> tuple[list[int], list[int]]:
    """(candidates to allocate, candidates left out because they hold a slot now)."""
    visible = permissions.candidates_visible_to(by)
    if candidate_ids is not None:
        wanted = sorted(set(candidate_ids))
        found = set(visible.filter(pk__in=wanted).values_list("pk", flat=True))
        outside = [pk for pk in wanted if pk not in found]
        if outside:
            raise PermissionDeniedError(
                _("Some candidates are not in your districts (or do not exist)."),
                extra={"candidate_ids": outside},
            )
        queryset = visible.filter(pk__in=wanted)
    else:
        queryset = (cohort or Cohort()).apply_to(visible)
    queryset = queryset.filter(user__is_active=True)
    holding = set(
        queryset.filter(matches__status__in=_HOLDING_NOW).values_list("pk", flat=True).distinct()
    )
    chosen = sorted(set(queryset.values_list("pk", flat=True)) - holding)
    return chosen, sorted(holding)


def _open_placements_with_room(*, by: Any, placement_ids: Iterable[int] | None) -> dict[int, int]:
    """Open placements the coordinator may allocate to → slots still free."""
    queryset = permissions.placements_visible_to(by).filter(status=Placement.Status.OPEN)
    if placement_ids is not None:
        wanted = sorted(set(placement_ids))
        queryset = queryset.filter(pk__in=wanted)
        found = set(queryset.values_list("pk", flat=True))
        missing = [pk for pk in wanted if pk not in found]
        if missing:
            raise ValidationError(
                {
                    "placement_ids": [
                        _("These placements are not open or not visible to you: %(ids)s")
                        % {"ids": ", ".join(map(str, missing))}
                    ]
                }
            )
    rows = (
        Placement.objects.filter(pk__in=queryset.values("pk"))
        .annotate(
            held=Count("matches", filter=Q(matches__status__in=workflow.SLOT_HOLDING_STATUSES))
        )
        .values_list("pk", "slots", "held")
    )
    return {pk: slots - held for pk, slots, held in rows if slots - held > 0}


def _allocate(
    *,
    candidate_ids: list[int],
    free_slots: Mapping[int, int],
    method: str,
    min_score: float,
    district_quotas: Mapping[str, int] | None,
) -> AllocationResult:
    from matching.engine.allocation import AllocationInfeasible
    from matching.services.matches import get_engine

    candidates = candidates_to_engine(CandidateProfile.objects.filter(pk__in=candidate_ids))
    placements = [
        # The engine fills `slots`; give it the slots still free, not the placement's total.
        dataclasses.replace(placement, slots=free_slots[int(placement.id)])
        for placement in placements_to_engine(Placement.objects.filter(pk__in=list(free_slots)))
    ]
    try:
        return get_engine().allocate(
            candidates,
            placements,
            method=cast(Literal["optimal", "stable"], method),
            min_score=min_score,
            district_quotas=district_quotas,
        )
    except AllocationInfeasible as error:
        raise ValidationError({"district_quotas": [str(error)]}) from error


def allocation_run_create(
    *,
    by: Any,
    candidate_ids: Iterable[int] | None = None,
    cohort: Cohort | None = None,
    placement_ids: Iterable[int] | None = None,
    method: str = AllocationRun.Method.OPTIMAL,
    min_score: float = 0.3,
    district_quotas: Mapping[str, int] | None = None,
    description: str = "",
) -> AllocationRun:
    """Run the engine's allocation over a cohort and store the result as a draft proposal.

    The cohort is `candidate_ids` (each must be in the coordinator's districts) or a `cohort`
    filter within those districts (all of them when neither is given); candidates holding a
    slot now are left out. Placements are `placement_ids` or every open placement the
    coordinator sees, each with the slots still free. `district_quotas` (district code →
    minimum number of interns placed there) is for the optimal method only; a quota that
    cannot be met is a ValidationError. Not atomic on purpose: the engine runs outside a
    transaction and only the result is written, in one.
    """
    _require_coordinator(by)
    if candidate_ids is not None and cohort is not None:
        raise ValidationError(
            {"cohort": [_("Give either a list of candidates or a cohort filter, not both.")]}
        )
    if method not in AllocationRun.Method.values:
        raise ValidationError({"method": [_("Choose “optimal” or “stable”.")]})
    if not 0.0 <= min_score <= 1.0:
        raise ValidationError({"min_score": [_("The minimum score is between 0 and 1.")]})
    quotas = {str(code): int(limit) for code, limit in (district_quotas or {}).items()}
    if any(limit < 0 for limit in quotas.values()):
        raise ValidationError({"district_quotas": [_("A quota cannot be negative.")]})
    if quotas and method != AllocationRun.Method.OPTIMAL:
        raise ValidationError(
            {"district_quotas": [_("District quotas apply to the optimal method only.")]}
        )

    chosen, holding = _cohort_candidates(by=by, candidate_ids=candidate_ids, cohort=cohort)
    if not chosen:
        raise ValidationError({"candidate_ids": [_("There is nobody to allocate in this cohort.")]})
    free_slots = _open_placements_with_room(by=by, placement_ids=placement_ids)
    if not free_slots:
        raise ValidationError({"placement_ids": [_("No open placement has a free slot.")]})

    result = _allocate(
        candidate_ids=chosen,
        free_slots=free_slots,
        method=method,
        min_score=min_score,
        district_quotas=quotas or None,
    )
    if candidate_ids is not None:
        cohort_text = description or _("%(count)d chosen candidates") % {"count": len(chosen)}
    else:
        cohort_text = description or (cohort or Cohort()).describe()
    params: dict[str, Any] = {
        "candidate_ids": chosen,
        "left_out_holding_a_slot": holding,
        "free_slots": {str(pk): slots for pk, slots in sorted(free_slots.items())},
        "district_quotas": quotas,
        "cohort": dataclasses.asdict(cohort) if cohort is not None else None,
        "unassigned_candidates": sorted(int(pk) for pk in result.unassigned_candidates),
        "open_slots_after": {str(pk): n for pk, n in sorted(result.open_slots.items())},
    }
    with transaction.atomic():
        run = AllocationRun.objects.create(
            created_by=by,
            organisation_id=getattr(by, "organisation_id", None),
            method=method,
            min_score=min_score,
            params=params,
            cohort_description=cohort_text[:500],
            total_score=max(0.0, float(result.total_score)),
        )
        AllocationProposal.objects.bulk_create(
            AllocationProposal(
                run=run,
                candidate_id=int(assignment.candidate_id),
                placement_id=int(assignment.placement_id),
                score=min(1.0, max(0.0, float(assignment.score))),
            )
            for assignment in result.assignments
        )
    return run


def _slot_holder_elsewhere(candidate_id: int, placement_id: int) -> bool:
    return (
        Match.objects.filter(candidate_id=candidate_id, status__in=_HOLDING_NOW)
        .exclude(placement_id=placement_id)
        .exists()
    )


@transaction.atomic
def allocation_run_apply(*, run: AllocationRun, by: Any) -> AllocationApplyReport:
    """Propose every pair of a draft run to its company, as the coordinator `by`.

    Each pair's match is created when missing (with the run's score) and moved to "proposed"
    by the state machine, so each step has its audit record. Pairs that cannot be proposed
    (the match was declined, rejected or moved on; the placement filled up or closed; the
    candidate holds a slot elsewhere; the candidate is outside `by`'s districts) are skipped
    and reported; the rest are applied. All in one transaction.
    """
    locked = AllocationRun.objects.select_for_update().get(pk=run.pk)
    if not _may_manage_run(by, locked):
        raise PermissionDeniedError(_("This allocation run belongs to another organisation."))
    if locked.status != AllocationRun.Status.DRAFT:
        raise IllegalTransition(
            _("This allocation run was already %(status)s.") % {"status": locked.status},
            extra={"run": locked.pk, "status": locked.status},
        )
    report = AllocationApplyReport(run_id=locked.pk)
    reason = _("Allocation run %(id)d") % {"id": locked.pk}
    proposals = list(locked.proposals.order_by("-score", "id"))
    for proposal in proposals:
        pair = (proposal.candidate_id, proposal.placement_id)
        if _slot_holder_elsewhere(*pair):
            _skip(report, proposal, _("The candidate already holds a slot at another placement."))
            continue
        try:
            # A savepoint per pair: a pair that fails leaves no half-made match behind.
            with transaction.atomic():
                match, _created = Match.objects.get_or_create(
                    candidate_id=proposal.candidate_id,
                    placement_id=proposal.placement_id,
                    defaults={"score": proposal.score},
                )
                if match.status == Match.Status.PROPOSED:
                    proposal.outcome = AllocationProposal.Outcome.PROPOSED
                    proposal.outcome_detail = _("Already proposed before this run.")
                    proposal.match = match
                    report.already_proposed.append(match.pk)
                    continue
                if match.status not in workflow.PROPOSABLE_STATUSES:
                    raise IllegalTransition(
                        _("The match is already “%(status)s”.")
                        % {"status": Match.Status(match.status).label}
                    )
                match = match_transition(
                    match_id=match.pk, transition="propose", actor=by, reason=reason
                )
        except ApplicationError as error:
            _skip(report, proposal, error.message)
            continue
        proposal.outcome = AllocationProposal.Outcome.PROPOSED
        proposal.outcome_detail = ""
        proposal.match = match
        report.proposed.append(match.pk)
    AllocationProposal.objects.bulk_update(proposals, ["outcome", "outcome_detail", "match"])
    locked.status = AllocationRun.Status.APPLIED
    locked.applied_at = timezone.now()
    locked.applied_by = by
    locked.save(update_fields=["status", "applied_at", "applied_by"])
    run.refresh_from_db()
    return report


def _skip(report: AllocationApplyReport, proposal: AllocationProposal, reason: str) -> None:
    proposal.outcome = AllocationProposal.Outcome.SKIPPED
    proposal.outcome_detail = reason[:300]
    report.skipped.append(SkippedPair(proposal.candidate_id, proposal.placement_id, reason))


@transaction.atomic
def allocation_run_discard(*, run: AllocationRun, by: Any) -> AllocationRun:
    """Set a draft run aside; nothing in the workflow changes."""
    locked = AllocationRun.objects.select_for_update().get(pk=run.pk)
    if not _may_manage_run(by, locked):
        raise PermissionDeniedError(_("This allocation run belongs to another organisation."))
    if locked.status != AllocationRun.Status.DRAFT:
        raise IllegalTransition(
            _("This allocation run was already %(status)s.") % {"status": locked.status},
            extra={"run": locked.pk, "status": locked.status},
        )
    locked.status = AllocationRun.Status.DISCARDED
    locked.save(update_fields=["status"])
    run.refresh_from_db()
    return locked
