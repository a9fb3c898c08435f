"""Reads of reference data (municipalities by any spelling, districts, skills) and matches."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db.models import Case, Count, F, Q, QuerySet, When, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _
from django_stubs_ext import WithAnnotations

from candidates.models import CandidateProfile
from companies.models import Placement
from matching import workflow
from matching.engine.normalize import fold
from matching.models import AllocationProposal, AllocationRun, Match, MatchTransition
from reference.models import District, Municipality


def municipality_list() -> QuerySet[Municipality]:
    return Municipality.objects.select_related("district").order_by("name_latn")


def district_list() -> QuerySet[District]:
    return District.objects.order_by("code")


def municipality_find(name: str) -> Municipality | None:
    """Find a municipality by code or by name in either script, with or without diacritics."""
    cleaned = name.strip()
    if not cleaned or "\x00" in cleaned:  # NUL never names a place (and PostgreSQL refuses it)
        return None
    found = Municipality.objects.select_related("district").filter(code=cleaned.lower()).first()
    if found is not None:
        return found
    return Municipality.objects.select_related("district").filter(name_key=fold(cleaned)).first()


def municipality_get(name: str, *, field_name: str = "municipality") -> Municipality:
    """Like municipality_find, but an unknown name is a validation error naming the field."""
    found = municipality_find(name)
    if found is None:
        raise ValidationError({field_name: _("Unknown municipality: %(name)s") % {"name": name}})
    return found


# --- matching inputs and stored matches -----------------------------------------------------


def candidates_for_matching() -> QuerySet[CandidateProfile]:
    """Profiles the engine matches: those whose account is active."""
    return CandidateProfile.objects.filter(user__is_active=True).order_by("id")


def placements_for_matching() -> QuerySet[Placement]:
    """Placements the engine matches against: open ones."""
    return Placement.objects.filter(status=Placement.Status.OPEN).order_by("id")


def match_list_for_candidate(*, candidate_id: int) -> QuerySet[Match]:
    """A candidate's matches, best first, with the placement and its company."""
    return (
        Match.objects.filter(candidate_id=candidate_id)
        .select_related("placement__company", "placement__municipality")
        .order_by("-score", "id")
    )


def match_list_for_placement(*, placement_id: int) -> QuerySet[Match]:
    """A placement's matches, best first, with the candidate's user and municipality."""
    return (
        Match.objects.filter(placement_id=placement_id)
        .select_related("candidate__user", "candidate__municipality")
        .order_by("-score", "id")
    )


def match_kth_best_by_placement(
    *, k: int, exclude_candidate_id: int
) -> dict[int, tuple[float, int]]:
    """For each open placement with at least k stored matches of other active candidates, the
    k-th best of their (score, candidate id): what a candidate must beat to be in the
    placement's top k (ties go to the lower id).

    One query (a window function), returning at most one row per placement.
    """
    ranked = (
        Match.objects.filter(
            placement__status=Placement.Status.OPEN, candidate__user__is_active=True
        )
        .exclude(candidate_id=exclude_candidate_id)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("placement_id")],
                order_by=[F("score").desc(), F("candidate_id").asc()],
            )
        )
        .filter(position=k)
        .values_list("placement_id", "score", "candidate_id")
    )
    return {placement_id: (score, other) for placement_id, score, other in ranked}


def match_kth_best_by_candidate(
    *, k: int, exclude_placement_id: int
) -> dict[int, tuple[float, int]]:
    """For each active candidate with at least k stored matches to other open placements, the
    k-th best of their (score, placement id): what a placement must beat to be in the
    candidate's top k (ties go to the lower id)."""
    ranked = (
        Match.objects.filter(
            placement__status=Placement.Status.OPEN, candidate__user__is_active=True
        )
        .exclude(placement_id=exclude_placement_id)
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=[F("candidate_id")],
                order_by=[F("score").desc(), F("placement_id").asc()],
            )
        )
        .filter(position=k)
        .values_list("candidate_id", "score", "placement_id")
    )
    return {candidate_id: (score, other) for candidate_id, score, other in ranked}


# --- placement workflow and allocation runs -------------------------------------------------

# How far along a match is, for "the candidate's current match": live stages by progress,
# then finished ones (a completed internship before a declined proposal).
_STAGE_RANK: dict[str, int] = {
    Match.Status.PLACED: 12,
    Match.Status.CANDIDATE_ACCEPTED: 11,
    Match.Status.COMPANY_ACCEPTED: 10,
    Match.Status.PROPOSED: 9,
    Match.Status.SHORTLISTED: 8,
    Match.Status.INTERESTED: 7,
    Match.Status.SUGGESTED: 6,
    Match.Status.COMPLETED: 5,
    Match.Status.ENDED_EARLY: 4,
    Match.Status.CANDIDATE_DECLINED: 3,
    Match.Status.COMPANY_DECLINED: 2,
    Match.Status.REJECTED: 1,
}


def match_current_for(matches: Iterable[Match]) -> Match | None:
    """The most advanced of a candidate's matches (best score among equals)."""
    return max(matches, key=lambda m: (_STAGE_RANK.get(m.status, 0), m.score, -m.pk), default=None)


def match_transition_history(*, match_id: int) -> QuerySet[MatchTransition]:
    """The audit trail of one match, oldest first, with who acted."""
    return (
        MatchTransition.objects.filter(match_id=match_id)
        .select_related("actor")
        .order_by("created_at", "id")
    )


def match_transitions_available(*, match: Match, user: Any) -> list[workflow.Transition]:
    """The steps `user` may take on `match` now (the buttons a page shows)."""
    from accounts import permissions

    if not permissions.is_party_to_match(user, match):
        return []
    return workflow.allowed_transitions(match.status, permissions.role_of(user))


class _RunCounts(TypedDict):
    proposal_count: int


def allocation_run_list(*, user: Any) -> QuerySet[WithAnnotations[AllocationRun, _RunCounts]]:
    """Runs an admin, or a coordinator of the same organisation, may see; newest first, each
    with `proposal_count`."""
    from accounts import permissions
    from accounts.models import User

    queryset = AllocationRun.objects.select_related("created_by", "organisation").annotate(
        proposal_count=Count("proposals")
    )
    role = permissions.role_of(user)
    if role == User.Role.ADMIN:
        return queryset
    if role == User.Role.COORDINATOR:
        scope = Q(created_by=user)
        if user.organisation_id is not None:
            scope |= Q(organisation_id=user.organisation_id)
        return queryset.filter(scope)
    return queryset.none()


@dataclass(frozen=True)
class AllocationComparisonRow:
    """One candidate of a run's cohort: where they stand now beside where the run puts them."""

    candidate: CandidateProfile
    current: Match | None  # the candidate's most advanced match now
    proposal: AllocationProposal | None  # None: the run left the candidate unassigned

    @property
    def changes_anything(self) -> bool:
        if self.proposal is None:
            return False
        if self.current is None:
            return True
        return not (
            self.current.placement_id == self.proposal.placement_id
            and self.current.status not in workflow.PROPOSABLE_STATUSES
        )


def allocation_run_comparison(*, run: AllocationRun) -> list[AllocationComparisonRow]:
    """The run side by side with the current state, one row per cohort candidate.

    Assigned candidates first (best score first), then the unassigned, by name. Four queries.
    """
    cohort_ids = [int(pk) for pk in run.params.get("candidate_ids", [])]
    proposals = {
        proposal.candidate_id: proposal
        for proposal in run.proposals.select_related(
            "placement__company", "placement__municipality", "match"
        )
    }
    ids = set(cohort_ids) | set(proposals)
    candidates = CandidateProfile.objects.filter(pk__in=ids).select_related("user", "municipality")
    matches_by_candidate: dict[int, list[Match]] = {}
    for match in Match.objects.filter(candidate_id__in=ids).select_related("placement__company"):
        matches_by_candidate.setdefault(match.candidate_id, []).append(match)
    rows = [
        AllocationComparisonRow(
            candidate=candidate,
            current=match_current_for(matches_by_candidate.get(candidate.pk, [])),
            proposal=proposals.get(candidate.pk),
        )
        for candidate in candidates
    ]
    rows.sort(
        key=lambda row: (
            row.proposal is None,
            -(row.proposal.score if row.proposal else 0.0),
            str(row.candidate),
            row.candidate.pk,
        )
    )
    return rows


def strong_match_candidate_ids(*, placement_id: int, threshold: float | None = None) -> list[int]:
    """Candidates whose suggestion for this open placement scores at least the strong threshold."""
    from django.conf import settings

    from companies.models import Placement

    if threshold is None:
        threshold = float(settings.MATCHING_STRONG_SCORE)
    return list(
        Match.objects.filter(
            placement_id=placement_id,
            placement__status=Placement.Status.OPEN,
            status=Match.Status.SUGGESTED,
            score__gte=threshold,
        )
        .order_by("candidate_id")
        .values_list("candidate_id", flat=True)
    )


# --- the coordinator's work queue ------------------------------------------------------------

# Queue status filters (the coordinator's words) → match states.
QUEUE_STATUS_GROUPS: dict[str, tuple[str, ...]] = {
    "suggested": (Match.Status.SUGGESTED,),
    "interested": (Match.Status.INTERESTED,),
    "shortlisted": (Match.Status.SHORTLISTED,),
    "waiting_company": (Match.Status.PROPOSED,),
    "waiting_candidate": (Match.Status.COMPANY_ACCEPTED,),
    "ready_to_place": (Match.Status.CANDIDATE_ACCEPTED,),
}
# Stages before a proposal only make sense while the placement is open.
_BEFORE_PROPOSAL = (Match.Status.SUGGESTED, Match.Status.INTERESTED, Match.Status.SHORTLISTED)


@dataclass(frozen=True)
class MatchQueueFilters:
    district_code: str = ""
    placement_id: int | None = None
    kind: str = ""
    status: str = ""  # a key of QUEUE_STATUS_GROUPS, or "" for every open stage


def match_queue_for_coordinator(*, user: Any, filters: MatchQueueFilters) -> QuerySet[Match]:
    """Matches waiting for a coordinator's attention in their districts, best first.

    Every open stage of the workflow (suggestions and shortlisted pairs only while the
    placement is open); with the candidate, their district and the placement's company.
    """
    from accounts import permissions

    statuses = QUEUE_STATUS_GROUPS.get(filters.status, tuple(workflow.OPEN_STATUSES))
    queryset = (
        permissions.matches_visible_to(user)
        .filter(status__in=statuses)
        .exclude(Q(status__in=_BEFORE_PROPOSAL) & ~Q(placement__status=Placement.Status.OPEN))
        .select_related(
            "candidate__user",
            "candidate__municipality__district",
            "placement__company",
            "placement__municipality",
        )
    )
    if filters.district_code:
        queryset = queryset.filter(candidate__municipality__district__code=filters.district_code)
    if filters.placement_id is not None:
        queryset = queryset.filter(placement_id=filters.placement_id)
    if filters.kind:
        queryset = queryset.filter(placement__kind=filters.kind)
    return queryset.order_by("-score", "id")


def match_queue_placements(*, user: Any) -> QuerySet[Placement]:
    """Placements that have matches in the user's queue (the queue's placement filter)."""
    from accounts import permissions

    match_placements = permissions.matches_visible_to(user).filter(
        status__in=workflow.OPEN_STATUSES
    )
    return (
        Placement.objects.filter(pk__in=match_placements.values("placement_id"))
        .select_related("company")
        .order_by("title", "id")
    )


def match_transitions_for_visible(
    *, matches: Iterable[Match], user: Any
) -> dict[int, list[workflow.Transition]]:
    """The steps `user` may take on each of `matches`, without a query per match.

    The matches must come from `accounts.permissions.matches_visible_to(user)`: whoever sees
    a match there is a party to it (`is_party_to_match`), so only the table is left to read.
    Same answer as `match_transitions_available` for each.
    """
    from accounts import permissions

    role = permissions.role_of(user)
    return {match.pk: workflow.allowed_transitions(match.status, role) for match in matches}


def allocation_run_pair_matches(*, run: AllocationRun) -> dict[tuple[int, int], Match]:
    """The stored match of each pair a run proposes, keyed by (candidate id, placement id), for
    its score breakdown; pairs without a stored match are absent. Two queries."""
    pairs = set(run.proposals.values_list("candidate_id", "placement_id"))
    if not pairs:
        return {}
    # Both id lists, then the exact pairs in Python: a long OR of pairs is too deep for SQLite.
    found = Match.objects.filter(
        candidate_id__in={candidate for candidate, _placement in pairs},
        placement_id__in={placement for _candidate, placement in pairs},
    )
    return {
        (match.candidate_id, match.placement_id): match
        for match in found
        if (match.candidate_id, match.placement_id) in pairs
    }


def match_list_for_company_member(*, user: Any, placement_id: int | None = None) -> QuerySet[Match]:
    """The matches proposed to the user's companies (proposed or later; accounts.permissions
    decides), waiting answers first, then best score, with the candidate's place, skills and
    languages prefetched."""
    from accounts import permissions

    queryset = (
        permissions.matches_visible_to(user)
        .select_related(
            "candidate__user",
            "candidate__municipality__district",
            "placement__company",
            "placement__municipality",
        )
        .prefetch_related("candidate__skills__skill", "candidate__languages")
    )
    if placement_id is not None:
        queryset = queryset.filter(placement_id=placement_id)
    waiting_first = Case(When(status=Match.Status.PROPOSED, then=0), default=1)
    return queryset.order_by(waiting_first, "-score", "id")
