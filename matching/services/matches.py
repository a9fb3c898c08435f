"""Refresh stored matches: score with the engine, keep each side's top k, write Match rows.

These services are the only writers of Match scores. A pair is stored when it is among the
candidate's k best open placements or among the placement's k best active candidates
(settings.MATCHING_TOP_K). A pair a person has acted on (any status but "suggested") is never
deleted and never changes status here; only its score and breakdown are brought up to date.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from matching import selectors
from matching.engine.engine import MatchingEngine
from matching.engine.scoring import explanation_to_dict
from matching.engine.types import Candidate, ScoredPair, Weights
from matching.engine.types import Placement as EnginePlacement
from matching.mappers import (
    candidate_queryset_for_engine,
    candidate_to_engine,
    candidate_written_terms,
    gazetteer_from_db,
    placement_queryset_for_engine,
    placement_to_engine,
    placement_written_terms,
    taxonomy_from_db,
)
from matching.models import Match
from reference.selectors import taxonomy_version_from_db

logger = logging.getLogger(__name__)

WRITE_BATCH_SIZE = 500
SCORE_DECIMALS = 6  # stored scores are rounded so that float noise never counts as a change

Pair = tuple[int, int]  # (candidate pk, placement pk)


@dataclass(frozen=True)
class MatchRefreshReport:
    """What one refresh wrote."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    candidates: int = 0  # scored
    placements: int = 0  # scored against
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        return (
            f"{self.candidates} candidates × {self.placements} open placements: "
            f"{self.created} matches created, {self.updated} updated, {self.deleted} deleted, "
            f"{self.unchanged} unchanged ({self.seconds:.2f} s)"
        )


# --- the engine, one per process ---------------------------------------------------------

_engine_lock = threading.Lock()
_engine_cache: dict[str, tuple[tuple[str, Weights], MatchingEngine]] = {}


def matching_weights() -> Weights:
    """Weights from settings.MATCHING_WEIGHTS (a dict of Weights fields; missing → default)."""
    return Weights(**settings.MATCHING_WEIGHTS)


def matching_top_k() -> int:
    return max(1, int(settings.MATCHING_TOP_K))


def get_engine() -> MatchingEngine:
    """The process's engine, rebuilt when the stored taxonomy or the weights change.

    Checking costs two aggregate queries; rebuilding loads every skill and label, and the
    engine then fits its resolver on first use. The engine caches fitted artefacts, so the
    services call it under `_scoring_lock`.
    """
    key = (taxonomy_version_from_db(), matching_weights())
    with _engine_lock:
        cached = _engine_cache.get("engine")
        if cached is not None and cached[0] == key:
            return cached[1]
        engine = MatchingEngine(
            taxonomy=taxonomy_from_db(version=key[0]),
            gazetteer=gazetteer_from_db(),
            weights=key[1],
        )
        _engine_cache["engine"] = (key, engine)
        return engine


def engine_cache_clear() -> None:
    with _engine_lock:
        _engine_cache.clear()


# The engine keeps per-call caches (placement index, candidate matrices) that are not safe to
# share between threads; a threaded web server or worker pool takes turns.
_scoring_lock = threading.RLock()


# --- loading inputs ----------------------------------------------------------------------


@dataclass
class _Inputs:
    candidates: list[Candidate]
    placements: list[EnginePlacement]
    candidate_terms: dict[str, dict[str, str]]
    placement_terms: dict[str, dict[str, str]]


def _load_candidates(queryset: Any) -> tuple[list[Candidate], dict[str, dict[str, str]]]:
    profiles = list(candidate_queryset_for_engine(queryset))
    return (
        [candidate_to_engine(profile) for profile in profiles],
        {str(profile.pk): candidate_written_terms(profile) for profile in profiles},
    )


def _load_placements(queryset: Any) -> tuple[list[EnginePlacement], dict[str, dict[str, str]]]:
    rows = list(placement_queryset_for_engine(queryset))
    return (
        [placement_to_engine(row) for row in rows],
        {str(row.pk): placement_written_terms(row) for row in rows},
    )


# --- turning scored pairs into stored values ---------------------------------------------


@dataclass(frozen=True)
class _Scored:
    score: float
    breakdown: dict[str, Any]


def _breakdown(
    pair: ScoredPair, candidate_terms: Mapping[str, str], placement_terms: Mapping[str, str]
) -> dict[str, Any]:
    """The explanation as JSON, with the words people wrote where the engine saw a label."""
    data: dict[str, Any] = explanation_to_dict(pair.explanation)
    for requirement in data.get("requirements", []):
        term = requirement.get("candidate_term")
        if term in candidate_terms:
            requirement["candidate_term"] = candidate_terms[term]
        text = requirement.get("requirement")
        if text in placement_terms:
            requirement["requirement"] = placement_terms[text]
    data["missing_required"] = [
        placement_terms.get(text, text) for text in data.get("missing_required", [])
    ]
    normalised: dict[str, Any] = _plain(data)
    return normalised


def _plain(value: Any) -> Any:
    """The value as the database gives it back (lists, plain floats), to compare with it."""
    if hasattr(value, "item") and not isinstance(value, dict):  # a numpy scalar
        value = value.item()
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, bool | str | None):
        return value
    if isinstance(value, int):
        return int(value)
    return float(value)


def _scored(pair: ScoredPair, inputs: _Inputs) -> _Scored:
    score = min(1.0, max(0.0, round(float(pair.score), SCORE_DECIMALS)))
    return _Scored(
        score=score,
        breakdown=_breakdown(
            pair,
            inputs.candidate_terms.get(pair.candidate_id, {}),
            inputs.placement_terms.get(pair.placement_id, {}),
        ),
    )


def _key(pair: ScoredPair) -> Pair:
    return int(pair.candidate_id), int(pair.placement_id)


def _beats(score: float, own_id: int, threshold: tuple[float, int] | None) -> bool:
    """Whether (score, id) ranks above the k-th best of the others (ties: lower id first)."""
    if threshold is None:
        return True  # fewer than k others are stored: everyone eligible is in the top k
    other_score, other_id = threshold
    return score > other_score or (score == other_score and own_id < other_id)


def _rescore_acted_on(
    engine: MatchingEngine,
    inputs: _Inputs,
    acted_on: Iterable[Pair],
    already: Mapping[Pair, _Scored],
) -> dict[Pair, _Scored]:
    """Fresh scores for acted-on pairs outside the top k (excluded pairs score 0, with
    reasons). Pairs whose candidate is inactive or whose placement is not open keep the
    score they had when that happened."""
    candidates = {c.id: c for c in inputs.candidates}
    placements = {p.id: p for p in inputs.placements}
    result: dict[Pair, _Scored] = {}
    for candidate_pk, placement_pk in sorted(set(acted_on) - already.keys()):
        candidate = candidates.get(str(candidate_pk))
        placement = placements.get(str(placement_pk))
        if candidate is None or placement is None:
            continue
        pair = engine.score_one(candidate, placement)
        result[(candidate_pk, placement_pk)] = _scored(pair, inputs)
    return result


@dataclass(frozen=True)
class PairScore:
    """One pair as the engine scores it: the stored values, and why it is excluded if so."""

    score: float
    breakdown: dict[str, Any]
    excluded: tuple[str, ...]


def match_score_pair(*, candidate_id: int, placement_id: int) -> PairScore | None:
    """Score one (candidate, placement) pair the way a refresh would store it.

    None when the candidate is not matched (inactive account) or the placement is not open.
    An excluded pair scores 0 and carries the hard-constraint reasons in `excluded`.
    """
    candidates, candidate_terms = _load_candidates(
        selectors.candidates_for_matching().filter(pk=candidate_id)
    )
    placements, placement_terms = _load_placements(
        selectors.placements_for_matching().filter(pk=placement_id)
    )
    if not candidates or not placements:
        return None
    inputs = _Inputs(candidates, placements, candidate_terms, placement_terms)
    with _scoring_lock:
        pair = get_engine().score_one(candidates[0], placements[0])
    scored = _scored(pair, inputs)
    return PairScore(
        score=scored.score,
        breakdown=scored.breakdown,
        excluded=tuple(str(reason) for reason in pair.explanation.excluded),
    )


# --- writing -----------------------------------------------------------------------------


def _write(
    *, scope: Q, wanted: Mapping[Pair, _Scored], acted_on_scores: Mapping[Pair, _Scored]
) -> tuple[int, int, int, int]:
    """Make the Match rows in `scope` agree with `wanted`, in one transaction.

    Rows of wanted pairs are created or updated (score, breakdown, scored_at); suggested rows
    that are not wanted are deleted; acted-on rows get `acted_on_scores` or stay as they are.
    Statuses are never written. Returns (created, updated, deleted, unchanged).
    """
    now = timezone.now()
    with transaction.atomic():
        rows = (
            Match.objects.filter(scope)
            .order_by()
            .values_list("id", "candidate_id", "placement_id", "status", "score", "breakdown")
        )
        existing = {
            (candidate_id, placement_id): (pk, status, score, breakdown)
            for pk, candidate_id, placement_id, status, score, breakdown in rows
        }
        to_create: list[Match] = []
        to_update: list[Match] = []
        to_delete: list[int] = []
        unchanged = 0
        for key in sorted(wanted.keys() - existing.keys()):
            value = wanted[key]
            to_create.append(
                Match(
                    candidate_id=key[0],
                    placement_id=key[1],
                    score=value.score,
                    breakdown=value.breakdown,
                    status=Match.Status.SUGGESTED,
                    scored_at=now,
                    status_changed_at=now,
                )
            )
        for key, (pk, status, score, breakdown) in sorted(existing.items()):
            fresh = wanted.get(key) or acted_on_scores.get(key)
            if fresh is None:
                if status == Match.Status.SUGGESTED:
                    to_delete.append(pk)
                continue
            if fresh.score == score and fresh.breakdown == breakdown:
                unchanged += 1
                continue
            to_update.append(
                Match(
                    pk=pk,
                    score=fresh.score,
                    breakdown=fresh.breakdown,
                    scored_at=now,
                    updated_at=now,
                )
            )
        deleted = 0
        for start in range(0, len(to_delete), WRITE_BATCH_SIZE):
            # Only rows still "suggested": one acted on since we read it stays.
            deleted += Match.objects.filter(
                id__in=to_delete[start : start + WRITE_BATCH_SIZE], status=Match.Status.SUGGESTED
            ).delete()[0]
        Match.objects.bulk_update(
            to_update,
            ["score", "breakdown", "scored_at", "updated_at"],
            batch_size=WRITE_BATCH_SIZE,
        )
        # A concurrent refresh may have created the same pair since we read: update it then.
        Match.objects.bulk_create(
            to_create,
            batch_size=WRITE_BATCH_SIZE,
            update_conflicts=True,
            unique_fields=["candidate", "placement"],
            update_fields=["score", "breakdown", "scored_at", "updated_at"],
        )
    return len(to_create), len(to_update), deleted, unchanged


def _acted_on(scope: Q) -> set[Pair]:
    return set(
        Match.objects.filter(scope)
        .exclude(status=Match.Status.SUGGESTED)
        .order_by()
        .values_list("candidate_id", "placement_id")
    )


def _report(
    counts: tuple[int, int, int, int], *, candidates: int, placements: int, started: float
) -> MatchRefreshReport:
    created, updated, deleted, unchanged = counts
    return MatchRefreshReport(
        created=created,
        updated=updated,
        deleted=deleted,
        unchanged=unchanged,
        candidates=candidates,
        placements=placements,
        seconds=round(time.perf_counter() - started, 3),
    )


# --- the services ------------------------------------------------------------------------


def matches_refresh_for_candidate(*, candidate_id: int) -> MatchRefreshReport:
    """Rescore one candidate against every open placement and store the pairs that are in
    the candidate's top k, or good enough for a placement's top k (compared with the k-th
    best stored match of that placement). An unknown or inactive candidate loses its
    suggestions.

    Other candidates' rows are not touched: one pushed out of a placement's top k by this
    candidate keeps its row until its own refresh or the nightly full refresh.
    """
    started = time.perf_counter()
    k = matching_top_k()
    scope = Q(candidate_id=candidate_id)
    candidates, candidate_terms = _load_candidates(
        selectors.candidates_for_matching().filter(pk=candidate_id)
    )
    if not candidates:
        counts = _write(scope=scope, wanted={}, acted_on_scores={})
        return _report(counts, candidates=0, placements=0, started=started)
    placements, placement_terms = _load_placements(selectors.placements_for_matching())
    inputs = _Inputs(candidates, placements, candidate_terms, placement_terms)
    candidate = candidates[0]
    thresholds = selectors.match_kth_best_by_placement(k=k, exclude_candidate_id=candidate_id)
    acted_on = _acted_on(scope)
    wanted: dict[Pair, _Scored] = {}
    eligible: dict[Pair, _Scored] = {}
    with _scoring_lock:
        engine = get_engine()
        ranked = engine.rescore_candidate(candidate, placements, top_k=None) if placements else []
        for position, pair in enumerate(ranked):
            key = _key(pair)
            scored = _scored(pair, inputs)
            eligible[key] = scored
            if position < k or _beats(scored.score, candidate_id, thresholds.get(key[1])):
                wanted[key] = scored
        acted_on_scores = {key: eligible[key] for key in acted_on if key in eligible}
        acted_on_scores |= _rescore_acted_on(engine, inputs, acted_on, eligible)
    counts = _write(scope=scope, wanted=wanted, acted_on_scores=acted_on_scores)
    return _report(counts, candidates=1, placements=len(placements), started=started)


def matches_refresh_for_placement(*, placement_id: int) -> MatchRefreshReport:
    """Rescore one placement against every active candidate and store the pairs in the
    placement's top k, or good enough for a candidate's top k. A placement that is not open
    (or no longer exists) loses its suggestions; acted-on matches stay."""
    started = time.perf_counter()
    k = matching_top_k()
    scope = Q(placement_id=placement_id)
    placements, placement_terms = _load_placements(selectors.placements_for_matching())
    placement = next((p for p in placements if p.id == str(placement_id)), None)
    if placement is None:
        counts = _write(scope=scope, wanted={}, acted_on_scores={})
        return _report(counts, candidates=0, placements=0, started=started)
    candidates, candidate_terms = _load_candidates(selectors.candidates_for_matching())
    inputs = _Inputs(candidates, placements, candidate_terms, placement_terms)
    thresholds = selectors.match_kth_best_by_candidate(k=k, exclude_placement_id=placement_id)
    acted_on = _acted_on(scope)
    wanted: dict[Pair, _Scored] = {}
    eligible: dict[Pair, _Scored] = {}
    with _scoring_lock:
        engine = get_engine()
        if candidates:
            _fit_text_model(engine, candidates[0], placements)
            ranked = engine.rescore_placement(placement, candidates, top_k=None)
        else:
            ranked = []
        for position, pair in enumerate(ranked):
            key = _key(pair)
            scored = _scored(pair, inputs)
            eligible[key] = scored
            if position < k or _beats(scored.score, placement_id, thresholds.get(key[0])):
                wanted[key] = scored
        acted_on_scores = {key: eligible[key] for key in acted_on if key in eligible}
        acted_on_scores |= _rescore_acted_on(engine, inputs, acted_on, eligible)
    counts = _write(scope=scope, wanted=wanted, acted_on_scores=acted_on_scores)
    return _report(counts, candidates=len(candidates), placements=1, started=started)


def _fit_text_model(
    engine: MatchingEngine, candidate: Candidate, placements: Sequence[EnginePlacement]
) -> None:
    """Make the engine's text model the one fitted on every open placement.

    `rescore_placement` reuses whatever corpus the engine last fitted on (or fits on the one
    placement when it has none), which would make the text score of a pair depend on what
    the process did before. Ranking one candidate against all open placements refits on the
    full corpus when it changed (and otherwise costs one candidate's scores).
    """
    engine.rescore_candidate(candidate, placements, top_k=1)


def matches_refresh_all() -> MatchRefreshReport:
    """Rescore every active candidate against every open placement in one pass (the engine's
    top_k_both) and make the stored matches exactly the union of both sides' top k, plus
    the acted-on matches (rescored, never deleted)."""
    started = time.perf_counter()
    k = matching_top_k()
    candidates, candidate_terms = _load_candidates(selectors.candidates_for_matching())
    placements, placement_terms = _load_placements(selectors.placements_for_matching())
    inputs = _Inputs(candidates, placements, candidate_terms, placement_terms)
    scope = Q()
    acted_on = _acted_on(scope)
    wanted: dict[Pair, _Scored] = {}
    with _scoring_lock:
        engine = get_engine()
        if candidates and placements:
            by_candidate, by_placement = engine.top_k_both(candidates, placements, k=k)
            for pairs in (*by_candidate.values(), *by_placement.values()):
                for pair in pairs:
                    key = _key(pair)
                    if key not in wanted:
                        wanted[key] = _scored(pair, inputs)
        acted_on_scores = _rescore_acted_on(engine, inputs, acted_on, wanted)
    counts = _write(scope=scope, wanted=wanted, acted_on_scores=acted_on_scores)
    report = _report(
        counts, candidates=len(candidates), placements=len(placements), started=started
    )
    logger.info("matches_refresh_all: %s", report.summary())
    return report
