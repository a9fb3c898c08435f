"""MatchingEngine: the facade that scores, ranks, rescores, explains and allocates."""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Literal, TypeVar

import numpy as np
import numpy.typing as npt

from matching.engine.places import Gazetteer
from matching.engine.scoring import (
    PAIR_VECTOR_LEN,
    CandidateBatch,
    ChunkScores,
    Explainer,
    HybridTfidf,
    LazyExplanation,
    PlacementIndex,
    PlaceTable,
    SkillSpace,
    build_candidate_batch,
    build_placement_index,
    candidate_text,
    exclusion_reasons,
    loose_similarity,
    placement_document,
    score_chunk,
    top_k,
    top_k_rows,
)
from matching.engine.skills import Resolution, SkillResolver
from matching.engine.types import (
    AllocationResult,
    Candidate,
    Placement,
    ScoredPair,
    Taxonomy,
    Weights,
)

__all__ = ["MatchingEngine", "materialise_explanations"]

# Cells (candidates × placements) scored per chunk: bounds the memory of one chunk (about a
# dozen float64 matrices of this size) whatever the input size.
CHUNK_CELLS = 4_000_000

By = Literal["candidate", "placement"]
K = TypeVar("K")
V = TypeVar("V")


@dataclasses.dataclass
class _Picked:
    """Selected pairs of one direction: for each key (candidate row or placement column), the
    other side's positions, the totals and the pair vectors, best first."""

    keys: npt.NDArray[np.int64]
    others: npt.NDArray[np.int64]
    values: npt.NDArray[np.float64]
    vectors: npt.NDArray[np.float64]


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector during a call: the engine makes hundreds of
    thousands of small acyclic objects (resolutions, claims, pairs), and the collector's
    passes over the growing heap took a third of the time of making them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class MatchingEngine:
    """Scores candidates against placements; see docs/engine.md for the contract.

    Fitted artefacts are cached on the engine: the skill resolver (per taxonomy version and
    fuzzy threshold), the TF-IDF model (fitted on the placements of a ranking call, refitted
    when that corpus changes; single-pair and single-placement calls reuse it), the index of
    the last placement list, the matrices of the last candidate list, and recent single
    candidates and placements. Returned explanations are LazyExplanation objects: equal to
    plain Explanations, their per-requirement detail is built when first read.
    """

    def __init__(
        self,
        taxonomy: Taxonomy,
        gazetteer: Gazetteer | None = None,
        weights: Weights | None = None,
        *,
        chunk_size: int | None = None,
    ) -> None:
        self.taxonomy = taxonomy
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.default()
        self.weights = weights if weights is not None else Weights()
        self.chunk_size = chunk_size
        self._space: SkillSpace | None = None
        self._space_version: str | None = None
        self._places = PlaceTable(self.gazetteer)
        self._text_model = HybridTfidf()
        self._corpus: tuple[str, ...] | None = None
        self._index: tuple[tuple[Placement, ...], str, PlacementIndex] | None = None
        self._batch: tuple[tuple[Candidate, ...], str, CandidateBatch] | None = None
        # Single placements (score_one, rescore_placement) and single candidates (score_one,
        # rescore_candidate) seen recently, so repeated calls skip rebuilding them.
        self._singles: dict[tuple[Placement, str, int], PlacementIndex] = {}
        self._single_batches: dict[tuple[Candidate, str], CandidateBatch] = {}

    # -- cached artefacts ----------------------------------------------------------------

    @property
    def space(self) -> SkillSpace:
        """The skill resolver and skill arrays, rebuilt when the taxonomy version changes."""
        version = self.taxonomy.version or str(id(self.taxonomy))
        if self._space is None or self._space_version != version:
            resolver = SkillResolver(self.taxonomy, threshold=self.weights.fuzzy_threshold)
            self._space = SkillSpace.build(resolver)
            self._space_version = version
            self._index = None
            self._batch = None
        self._space.resolver.threshold = self.weights.fuzzy_threshold
        return self._space

    def resolve(self, text: str) -> Resolution:
        """Resolve one skill text with the engine's taxonomy and threshold."""
        return self.space.resolver.resolve(text)

    def _cache_key(self) -> str:
        return f"{self._space_version}|{self.weights.fuzzy_threshold}"

    def _placement_index(self, placements: Sequence[Placement], *, refit: bool) -> PlacementIndex:
        """The index of `placements`. Ranking calls (`refit`) make their placements the text
        corpus, refitting the TF-IDF model when the corpus changed, and keep the index for the
        next call; single-pair and single-placement calls use the current model as it is.

        The idf is learned from the placements only, not from both sides: with the candidates
        in the corpus, editing one candidate would change every other pair's text score (a
        warm rescoring would no longer equal a fresh batch), and on the dev sets it scored
        lower on three of the four slices (docs/engine.md, "Text")."""
        space = self.space
        ordered = tuple(placements)
        key = self._cache_key()
        cached = self._index
        if (
            cached is not None
            and cached[1] == key
            and cached[2].text_model is self._text_model
            and _same(cached[0], ordered)
        ):
            return cached[2]
        if refit or not self._text_model.fitted:
            documents = tuple(sorted(placement_document(p) for p in ordered))
            if documents != self._corpus or not self._text_model.fitted:
                self._text_model = HybridTfidf().fit(documents)
                self._corpus = documents
        if not refit and len(ordered) == 1:
            single_key = (ordered[0], key, self._text_model.serial)
            found = self._singles.get(single_key)
            if found is None:
                found = build_placement_index(ordered, space, self._places, self._text_model)
                _remember(self._singles, single_key, found)
            return found
        index = build_placement_index(ordered, space, self._places, self._text_model)
        if refit:
            self._index = (ordered, key, index)
        return index

    def _candidate_batch(self, candidates: Sequence[Candidate], *, keep: bool) -> CandidateBatch:
        space = self.space
        ordered = tuple(candidates)
        key = self._cache_key()
        cached = self._batch
        if cached is not None and cached[1] == key and _same(cached[0], ordered):
            return cached[2]
        if not keep and len(ordered) == 1:
            single_key = (ordered[0], key)
            found = self._single_batches.get(single_key)
            if found is None:
                found = build_candidate_batch(ordered, space, self._places)
                _remember(self._single_batches, single_key, found)
            return found
        batch = build_candidate_batch(ordered, space, self._places)
        if keep:
            self._batch = (ordered, key, batch)
        return batch

    def _chunk_rows(self, n_rows: int, n_columns: int) -> int:
        if self.chunk_size is not None:
            return max(1, self.chunk_size)
        return max(1, min(n_rows, CHUNK_CELLS // max(1, n_columns)))

    def _iterate(self, batch: CandidateBatch, index: PlacementIndex) -> Iterator[ChunkScores]:
        """Score the batch chunk by chunk of candidates against every placement."""
        space = self.space
        text = candidate_text(batch, index)
        loose = loose_similarity(batch, index, self.weights.fuzzy_threshold)
        step = self._chunk_rows(len(batch.ids), len(index.ids))
        for start in range(0, len(batch.ids), step):
            rows = np.arange(start, min(len(batch.ids), start + step), dtype=np.int64)
            yield score_chunk(
                space,
                batch,
                rows,
                index,
                self._places,
                self.weights,
                text_rows=text[rows],
                loose_sim=loose,
            )

    def _explainer(self, batch: CandidateBatch, index: PlacementIndex) -> Explainer:
        loose = loose_similarity(batch, index, self.weights.fuzzy_threshold)
        return Explainer(self.space, batch, index, self.weights, loose)

    # -- ranking -------------------------------------------------------------------------

    @_gc_paused()
    def top_k_both(
        self, candidates: Sequence[Candidate], placements: Sequence[Placement], k: int = 20
    ) -> tuple[dict[str, list[ScoredPair]], dict[str, list[ScoredPair]]]:
        """The k best eligible placements of every candidate and the k best eligible
        candidates of every placement, from one pass over the candidate chunks."""
        index = self._placement_index(placements, refit=True)
        batch = self._candidate_batch(candidates, keep=True)
        by_candidate, by_placement = self._select(batch, index, k, k)
        return self._materialise(batch, index, by_candidate, by_placement)

    @_gc_paused()
    def rank(
        self,
        candidates: Sequence[Candidate],
        placements: Sequence[Placement],
        top_k: int | None = 10,
        by: By = "candidate",
    ) -> dict[str, list[ScoredPair]]:
        """Eligible pairs best first for every candidate (or placement); None = all of them."""
        if by not in ("candidate", "placement"):
            raise ValueError(f"by must be 'candidate' or 'placement', not {by!r}")
        index = self._placement_index(placements, refit=True)
        batch = self._candidate_batch(candidates, keep=True)
        if by == "candidate":
            k = len(index.ids) if top_k is None else top_k
            rows, _ = self._select(batch, index, k, 0)
            return self._materialise(batch, index, rows, None)[0]
        k = len(batch.ids) if top_k is None else top_k
        _, columns = self._select(batch, index, 0, k)
        return self._materialise(batch, index, None, columns)[1]

    @_gc_paused()
    def score_one(self, candidate: Candidate, placement: Placement) -> ScoredPair:
        """Score and explain one pair; an excluded pair has score 0 and its reasons."""
        index = self._placement_index([placement], refit=False)
        batch = self._candidate_batch([candidate], keep=False)
        chunk = next(self._iterate(batch, index))
        vector = chunk.pair_vectors(np.zeros(1, np.int64), np.zeros(1, np.int64))[0].tolist()
        reasons = exclusion_reasons(candidate, placement, batch.languages[0])
        total = 0.0 if chunk.excluded[0, 0] else float(chunk.total[0, 0])
        explanation = self._explainer(batch, index).explain(0, 0, total, vector, reasons)
        return ScoredPair(candidate.id, placement.id, total, explanation)

    @_gc_paused()
    def rescore_candidate(
        self, candidate: Candidate, placements: Sequence[Placement], top_k: int | None = 20
    ) -> list[ScoredPair]:
        """One candidate against every placement (warm: the placement index is reused)."""
        index = self._placement_index(placements, refit=True)
        batch = self._candidate_batch([candidate], keep=False)
        k = len(index.ids) if top_k is None else top_k
        selected, _ = self._select(batch, index, k, 0)
        result, _ = self._materialise(batch, index, selected, None)
        return result[candidate.id]

    @_gc_paused()
    def rescore_placement(
        self, placement: Placement, candidates: Sequence[Candidate], top_k: int | None = 20
    ) -> list[ScoredPair]:
        """One placement against every candidate (warm: the candidate matrices are reused)."""
        index = self._placement_index([placement], refit=False)
        batch = self._candidate_batch(candidates, keep=True)
        k = len(batch.ids) if top_k is None else top_k
        _, selected = self._select(batch, index, 0, k)
        _, result = self._materialise(batch, index, None, selected)
        return result[placement.id]

    @_gc_paused()
    def score_matrix(
        self, candidates: Sequence[Candidate], placements: Sequence[Placement]
    ) -> tuple[list[str], list[str], npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
        """Dense scores and eligibility of every pair (ids sorted; rows candidates)."""
        index = self._placement_index(placements, refit=True)
        batch = self._candidate_batch(candidates, keep=True)
        scores = np.zeros((len(batch.ids), len(index.ids)), dtype=np.float64)
        eligible = np.zeros((len(batch.ids), len(index.ids)), dtype=bool)
        for chunk in self._iterate(batch, index):
            scores[chunk.rows] = np.where(chunk.excluded, 0.0, chunk.total)
            eligible[chunk.rows] = ~chunk.excluded
        return batch.ids, index.ids, scores, eligible

    def allocate(
        self,
        candidates: Sequence[Candidate],
        placements: Sequence[Placement],
        method: Literal["optimal", "stable"] = "optimal",
        min_score: float = 0.3,
        district_quotas: Mapping[str, int] | None = None,
    ) -> AllocationResult:
        """Place candidates into placement slots (matching/engine/allocation.py)."""
        from matching.engine import allocation

        candidate_ids, placement_ids, scores, eligible = self.score_matrix(candidates, placements)
        by_id = {placement.id: placement for placement in placements}
        slots = {pid: by_id[pid].slots for pid in placement_ids}
        if method == "optimal":
            districts = {pid: _district(by_id[pid]) for pid in placement_ids}
            return allocation.allocate_optimal(
                candidate_ids,
                placement_ids,
                slots,
                scores,
                eligible,
                min_score=min_score,
                placement_districts=districts,
                district_quotas=dict(district_quotas or {}),
            )
        if method == "stable":
            return allocation.allocate_stable(
                candidate_ids,
                placement_ids,
                slots,
                scores,
                eligible,
                min_score=min_score,
                candidate_prefs={c.id: list(c.preferences) for c in candidates if c.preferences}
                or None,
                placement_prefs={p.id: list(p.preferences) for p in placements if p.preferences}
                or None,
            )
        raise ValueError(f"method must be 'optimal' or 'stable', not {method!r}")

    # -- selection and explanation -------------------------------------------------------

    def _select(
        self, batch: CandidateBatch, index: PlacementIndex, k_rows: int, k_columns: int
    ) -> tuple[list[_Picked] | None, _Picked | None]:
        """One pass over the candidate chunks keeping the best k_rows placements of every
        candidate (per chunk) and the best k_columns candidates of every placement (merged
        across chunks); 0 means that direction is not wanted."""
        by_candidate: list[_Picked] | None = [] if k_rows > 0 else None
        n_columns = len(index.ids)
        width = max(k_columns, 0)
        best = _Picked(
            np.arange(n_columns),
            np.full((n_columns, width), -1, dtype=np.int64),
            np.full((n_columns, width), -np.inf),
            np.zeros((n_columns, width, PAIR_VECTOR_LEN)),
        )
        all_columns = np.arange(n_columns)[:, None]
        for chunk in self._iterate(batch, index):
            if by_candidate is not None:
                picked, values = top_k_rows(chunk.total, k_rows)
                local = np.broadcast_to(np.arange(len(chunk.rows))[:, None], picked.shape)
                by_candidate.append(
                    _Picked(chunk.rows, picked, values, chunk.pair_vectors(local, picked))
                )
            if k_columns > 0:
                picked, values = top_k(chunk.total, k_columns, axis=0)  # local rows per column
                vectors = chunk.pair_vectors(picked, np.broadcast_to(all_columns, picked.shape))
                merged_rows = np.concatenate([best.others, chunk.rows[picked]], axis=1)
                merged_values = np.concatenate([best.values, values], axis=1)
                merged_vectors = np.concatenate([best.vectors, vectors], axis=1)
                order = np.lexsort((merged_rows, -merged_values), axis=1)[:, :k_columns]
                best = _Picked(
                    best.keys,
                    np.take_along_axis(merged_rows, order, axis=1),
                    np.take_along_axis(merged_values, order, axis=1),
                    np.take_along_axis(merged_vectors, order[:, :, None], axis=1),
                )
        return by_candidate, (best if k_columns > 0 else None)

    def _materialise(
        self,
        batch: CandidateBatch,
        index: PlacementIndex,
        by_candidate: list[_Picked] | None,
        by_placement: _Picked | None,
    ) -> tuple[dict[str, list[ScoredPair]], dict[str, list[ScoredPair]]]:
        """ScoredPairs for the selected eligible pairs, one object per pair; their
        explanations are built when first read."""
        explainer = self._explainer(batch, index)
        explain = explainer.explain
        candidate_ids, placement_ids = batch.ids, index.ids
        width = len(placement_ids)
        made: dict[int, ScoredPair] = {}  # row * width + column -> the pair, made once

        candidates_out: dict[str, list[ScoredPair]] = {}
        for part in by_candidate or ():
            for row, columns, values, vectors in zip(
                part.keys.tolist(),
                part.others.tolist(),
                part.values.tolist(),
                part.vectors.tolist(),
                strict=True,
            ):
                cid = candidate_ids[row]
                pairs: list[ScoredPair] = []
                for column, total, vector in zip(columns, values, vectors, strict=True):
                    if total < 0.0:
                        break  # eligible pairs come first; the rest is padding
                    pair = ScoredPair(
                        cid, placement_ids[column], total, explain(row, column, total, vector)
                    )
                    made[row * width + column] = pair
                    pairs.append(pair)
                candidates_out[cid] = pairs
        placements_out: dict[str, list[ScoredPair]] = {}
        if by_placement is not None:
            for column, rows, values, vectors in zip(
                by_placement.keys.tolist(),
                by_placement.others.tolist(),
                by_placement.values.tolist(),
                by_placement.vectors.tolist(),
                strict=True,
            ):
                pid = placement_ids[column]
                pairs = []
                for row, total, vector in zip(rows, values, vectors, strict=True):
                    if total < 0.0:
                        break
                    found = made.get(row * width + column)
                    pairs.append(
                        found
                        if found is not None
                        else ScoredPair(
                            candidate_ids[row], pid, total, explain(row, column, total, vector)
                        )
                    )
                placements_out[pid] = pairs
        if by_candidate is not None:
            for cid in candidate_ids:
                candidates_out.setdefault(cid, [])
        return candidates_out, placements_out


SINGLES_KEPT = 512


@_gc_paused()
def materialise_explanations(pairs: Iterable[ScoredPair]) -> None:
    """Build the (lazy) explanations of `pairs` now, in one go with the garbage collector
    paused: about twice as fast as reading them one by one, e.g. before writing them all."""
    for pair in pairs:
        explanation = pair.explanation
        if isinstance(explanation, LazyExplanation):
            explanation.eager()


def _remember(cache: dict[K, V], key: K, value: V) -> None:
    """Insert into a small cache, dropping the oldest entries beyond SINGLES_KEPT."""
    cache[key] = value
    while len(cache) > SINGLES_KEPT:
        del cache[next(iter(cache))]


def _district(placement: Placement) -> str:
    """The placement's district for quotas: its own, else its place's."""
    if placement.district:
        return placement.district
    return placement.place.district if placement.place is not None else ""


def _same(cached: tuple[object, ...], current: tuple[object, ...]) -> bool:
    """Same inputs: the same objects (fast path) or equal ones, in the same order."""
    if len(cached) != len(current):
        return False
    return all(a is b for a, b in zip(cached, current, strict=True)) or cached == current
