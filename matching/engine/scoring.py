"""Batch scorer: component matrices, hard constraints, chunked top-k, per-pair explanations.

Everything that touches candidate × placement pairs is a numpy or scipy.sparse operation on a
chunk of candidates against all placements; Python loops run over candidates, placements or
requirements (to build the matrices) and over the returned pairs (to explain them), never
over all pairs.

Skill coverage. For a requirement r of placement p resolved to skill s of group g, the
candidate's credit is ``max(level credit, related · [another skill of g])`` when the candidate
has s (level credit: 1, or `level_shortfall_credit` below the asked minimum), otherwise
``related · [a skill of g]``; a requirement that did not resolve earns the best fuzzy
similarity between its text and the candidate's unresolved claims. That decomposes into three
sparse products per chunk: (candidate × group presence) · (group × placement requirement
shares); a sparse correction on the few pairs where the candidate has the very skill; and
(candidate × text similarity) · (text × placement shares). All sums are sparse products, whose
per-entry summation order does not depend on the chunk, so a pair scores the same in a batch,
in a rescoring and in `score_one`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final, NamedTuple

import numpy as np
import numpy.typing as npt
from scipy import sparse

from matching.engine.normalize import fold
from matching.engine.places import Gazetteer, haversine_matrix_km
from matching.engine.skills import Resolution, SkillResolver, text_similarity_matrix
from matching.engine.text import CharNgramTfidf, HybridTfidf
from matching.engine.types import (
    Candidate,
    Explanation,
    Place,
    Placement,
    RequirementMatch,
    Weights,
)

__all__ = [
    "COMPONENTS",
    "DEFAULT_CANDIDATE_LEVEL",
    "LANGUAGE_FROM_SKILL_LEVEL",
    "LOCATION_TIERS",
    "CandidateBatch",
    "CharNgramTfidf",
    "ChunkScores",
    "HybridTfidf",
    "Explainer",
    "PlaceTable",
    "PlacementIndex",
    "SkillSpace",
    "build_candidate_batch",
    "build_placement_index",
    "exclusion_reasons",
    "explanation_to_dict",
    "normalised_weights",
    "score_chunk",
    "top_k",
    "top_k_rows",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

COMPONENTS: Final[tuple[str, ...]] = ("skills", "text", "location", "education", "language")
# Per selected pair the scorer hands on the five components, then the location tier code,
# the distance (nan when unknown) and which components were known (bit i for COMPONENTS[i]):
# the columns of a "pair vector".
PAIR_VECTOR_LEN: Final = len(COMPONENTS) + 3
_TIER_AT: Final = len(COMPONENTS)
_DISTANCE_AT: Final = len(COMPONENTS) + 1
_KNOWN_AT: Final = len(COMPONENTS) + 2
ALL_KNOWN: Final = (1 << len(COMPONENTS)) - 1

# A candidate who names a skill without a level is taken to have a middling proficiency (3 of
# 5): it meets "basic" and "intermediate" minimums and earns shortfall credit for higher ones.
DEFAULT_CANDIDATE_LEVEL: Final = 3
# A language named only as a skill ("nemački") counts as CEFR B1 unless the candidate's
# structured languages list it; a proficiency 1..5 given with the claim maps to A1..C1.
LANGUAGE_FROM_SKILL_LEVEL: Final = 3
# Groups whose members are not substitutes for each other: another foreign language does not
# half-meet a German requirement, "transversal" is a catch-all, not a family, and "esco"
# holds the ESCO skills that sit nowhere in ESCO's hierarchy.
NO_RELATED_GROUPS: Final[frozenset[str]] = frozenset({"languages", "transversal", "esco"})

# Location: inside the commute radius the proximity falls gently from 1 (same place) to
# LOCATION_EDGE at the radius, beyond it halves every Weights.distance_decay_km. The score is
# LOCATION_SCALE · proximity plus the bonus of the best tier, capped at 1: a candidate in the
# very municipality gets 1, one 20 km away inside a 30 km radius about 0.84 (0.90 in the same
# district), one 25 km beyond the radius about 0.41.
LOCATION_EDGE: Final = 0.9
LOCATION_SCALE: Final = 0.9
BONUS_SAME_MUNICIPALITY: Final = 0.10
BONUS_SAME_DISTRICT: Final = 0.06
BONUS_REGIONAL_CENTRE: Final = 0.04  # placement in a regional centre within radius + decay
RELOCATION_FLOOR: Final = 0.8
UNKNOWN_LOCATION: Final = 0.5
UNKNOWN_EDUCATION: Final = 0.5
MIN_RADIUS_KM: Final = 1.0
LOCATION_TIERS: Final[tuple[str, ...]] = (
    "remote",
    "unknown",
    "same_municipality",
    "relocation",
    "same_district",
    "regional_centre",
    "within_commute",
    "beyond_commute",
)
_TIER: Final[dict[str, int]] = {name: code for code, name in enumerate(LOCATION_TIERS)}

TextModel = HybridTfidf | CharNgramTfidf
EXCLUDED_TOTAL: Final = -1.0  # total of an excluded pair inside the batch scorer
_SERIALS: Final = itertools.count(1)
_KIND_BITS: Final[dict[str, int]] = {"internship": 1, "job": 2, "self_employment": 4}


# ---------------------------------------------------------------------------
# Text documents (the model is matching.engine.text)
# ---------------------------------------------------------------------------


def placement_document(placement: Placement) -> str:
    """A placement's text for TF-IDF: title, description and skill texts, folded."""
    claims = (*placement.required_skills, *placement.preferred_skills)
    skills = " ".join(claim.text for claim in claims)
    return fold(f"{placement.title} {placement.description} {skills}")


def candidate_document(candidate: Candidate) -> str:
    """A candidate's text for TF-IDF: about, education field and skill texts, folded."""
    skills = " ".join(claim.text for claim in candidate.skills)
    return fold(f"{candidate.about} {candidate.education_field} {skills}")


# ---------------------------------------------------------------------------
# Taxonomy-level arrays
# ---------------------------------------------------------------------------


@dataclass
class SkillSpace:
    """The resolver plus the per-skill arrays the matrices need."""

    resolver: SkillResolver
    group_index: IntArray  # per skill; -1 when its group gives no related credit
    n_groups: int
    group_matrix: sparse.csr_matrix  # skills × groups, 1 where the skill belongs
    language_of: dict[int, str]  # skill index -> ISO code, for language skills

    @classmethod
    def build(cls, resolver: SkillResolver) -> SkillSpace:
        groups: dict[str, int] = {}
        index = np.full(len(resolver.skill_ids), -1, dtype=np.int64)
        language_of: dict[int, str] = {}
        for position, skill in enumerate(resolver.taxonomy.skills):
            if skill.language_code:
                language_of[position] = skill.language_code
            elif skill.group and skill.group not in NO_RELATED_GROUPS:
                index[position] = groups.setdefault(skill.group, len(groups))
        members = np.flatnonzero(index >= 0)
        n_groups = max(1, len(groups))
        group_matrix = sparse.csr_matrix(
            (np.ones(len(members)), (members, index[members])), shape=(len(index), n_groups)
        )
        return cls(resolver, index, n_groups, group_matrix, language_of)

    @property
    def n_skills(self) -> int:
        return len(self.resolver.skill_ids)


# ---------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------


class PlaceTable:
    """Every place seen so far: the gazetteer's own plus custom ones, with a distance table."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.places: list[Place] = list(gazetteer.places)
        self._index: dict[tuple[str, float, float], int] = {
            (place.code, place.latitude, place.longitude): i for i, place in enumerate(self.places)
        }
        self._matrix: npt.NDArray[np.float32] = gazetteer.distance_matrix_km
        self._districts: dict[str, int] = {}
        self.district = np.array([self._district(p.district) for p in self.places], dtype=np.int64)
        self.regional = np.array([gazetteer.is_regional_centre(p) for p in self.places], dtype=bool)

    def _district(self, code: str) -> int:
        return self._districts.setdefault(code, len(self._districts)) if code else -1

    def index(self, place: Place | None) -> int:
        """Row of a place in the table (added when new); -1 for None."""
        if place is None:
            return -1
        key = (place.code, place.latitude, place.longitude)
        position = self._index.get(key)
        if position is not None:
            return position
        known = self.gazetteer.indexed(place)
        if known is not None:
            self._index[key] = known
            return known
        position = len(self.places)
        self.places.append(place)
        self._index[key] = position
        self.district = np.append(self.district, self._district(place.district))
        self.regional = np.append(self.regional, self.gazetteer.is_regional_centre(place))
        return position

    @property
    def matrix(self) -> npt.NDArray[np.float32]:
        """Distances in km between all places of the table (float32)."""
        size = len(self.places)
        if self._matrix.shape[0] < size:
            # Custom places get rows by haversine; gazetteer pairs keep the precomputed values.
            known = self._matrix.shape[0]
            latitudes = [place.latitude for place in self.places]
            longitudes = [place.longitude for place in self.places]
            grown = haversine_matrix_km(latitudes, longitudes, latitudes, longitudes)
            table = grown.astype(np.float32)
            table[:known, :known] = self._matrix
            self._matrix = table
        return self._matrix


# ---------------------------------------------------------------------------
# Placement side
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Requirement:
    placement: int
    text: str
    resolution: Resolution
    skill: int  # -1 when unresolved
    group: int  # -1 when none or not related-able
    min_level: int  # 0 when no minimum
    required: bool


@dataclass
class PlacementIndex:
    """Everything about a list of placements the scorer needs, built once and reused."""

    placements: tuple[Placement, ...]  # sorted by id
    ids: list[str]
    requirements: list[Requirement]
    by_placement: list[list[int]]  # requirement positions of each placement
    resolved_min: FloatArray  # per resolved requirement
    resolved_group: IntArray
    pick_skill: sparse.csr_matrix  # skills × resolved requirements, 1 on the asked skill
    # (groups + resolved requirements + loose keys) × (placements required, then preferred):
    # each requirement's share 1/n of its placement's required (or preferred) list, by group,
    # by resolved requirement and by unresolved text.
    coverage_shares: sparse.csr_matrix
    loose_keys: list[str]  # folded texts of unresolved requirements
    has_required: BoolArray
    has_preferred: BoolArray
    has_education: BoolArray  # states a minimum education level
    has_languages: BoolArray  # asks for at least one language
    has_text: BoolArray  # its document has a feature of the text model
    text: sparse.csr_matrix  # n-gram features × placements
    text_model: TextModel
    place: IntArray  # rows of the place table, -1 unknown
    languages: list[str]  # language codes any placement asks for
    # Distinct attribute combinations and each placement's position among them.
    location_key: IntArray
    location_places: IntArray  # distinct places (-1 unknown) …
    location_remote: BoolArray  # … and whether remote
    education_key: tuple[IntArray, IntArray]  # distinct minimums (-1 none), key
    language_key: tuple[IntArray, IntArray]  # distinct minimum-level rows (0 = none), key
    kind_key: tuple[IntArray, BoolArray, IntArray]  # distinct kind bits, open, key
    serial: int = field(default_factory=lambda: next(_SERIALS))  # cache key for batches


class _Sparse:
    """Accumulates (row, column, value) triples for a sparse matrix."""

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.columns: list[int] = []
        self.values: list[float] = []

    def add(self, row: int, column: int, value: float) -> None:
        self.rows.append(row)
        self.columns.append(column)
        self.values.append(value)

    def matrix(self, shape: tuple[int, int]) -> sparse.csr_matrix:
        result = sparse.csr_matrix(
            (
                np.asarray(self.values, dtype=np.float64),
                (np.asarray(self.rows, dtype=np.int64), np.asarray(self.columns, dtype=np.int64)),
            ),
            shape=shape,
        )
        result.sum_duplicates()
        return result


def build_placement_index(
    placements: Sequence[Placement],
    space: SkillSpace,
    places: PlaceTable,
    text_model: TextModel,
) -> PlacementIndex:
    """Resolve every requirement and build the placement-side matrices (placements by id)."""
    ordered = tuple(sorted(placements, key=lambda placement: placement.id))
    ids = [placement.id for placement in ordered]
    if len(set(ids)) != len(ids):
        raise ValueError("placement ids must be unique")
    n_placements = len(ordered)
    claims = [
        (column, claim, required)
        for column, placement in enumerate(ordered)
        for required, group in (
            (True, placement.required_skills),
            (False, placement.preferred_skills),
        )
        for claim in group
    ]
    resolutions = space.resolver.resolve_many([claim.text for _, claim, _ in claims])
    requirements: list[Requirement] = []
    by_placement: list[list[int]] = [[] for _ in ordered]
    counts = {
        True: np.zeros(n_placements, dtype=np.int64),
        False: np.zeros(n_placements, dtype=np.int64),
    }
    for (column, claim, required), resolution in zip(claims, resolutions, strict=True):
        if not resolution.key:
            continue  # an empty requirement asks for nothing
        skill = (
            -1 if resolution.skill_id is None else space.resolver.skill_index[resolution.skill_id]
        )
        group = int(space.group_index[skill]) if skill >= 0 else -1
        level = max(0, claim.level or 0)
        by_placement[column].append(len(requirements))
        requirements.append(
            Requirement(column, claim.text, resolution, skill, group, level, required)
        )
        counts[required][column] += 1

    share = {True: _Sparse(), False: _Sparse()}
    group_share = {True: _Sparse(), False: _Sparse()}
    loose_share = {True: _Sparse(), False: _Sparse()}
    pick = _Sparse()
    # Sorted, so a placement's unresolved texts sum in the same order in any index.
    loose_numbering = {
        key: i
        for i, key in enumerate(sorted({r.resolution.key for r in requirements if r.skill < 0}))
    }
    resolved_min: list[float] = []
    resolved_group: list[int] = []
    for requirement in requirements:
        weight = 1.0 / float(counts[requirement.required][requirement.placement])
        if requirement.skill >= 0:
            column = len(resolved_min)
            pick.add(requirement.skill, column, 1.0)
            share[requirement.required].add(column, requirement.placement, weight)
            if requirement.group >= 0:
                group_share[requirement.required].add(
                    requirement.group, requirement.placement, weight
                )
            resolved_min.append(float(requirement.min_level))
            resolved_group.append(requirement.group)
        else:
            key = loose_numbering[requirement.resolution.key]
            loose_share[requirement.required].add(key, requirement.placement, weight)
    n_resolved = len(resolved_min)

    if not text_model.fitted:
        text_model.fit([placement_document(placement) for placement in ordered])
    text = text_model.transform([placement_document(placement) for placement in ordered])

    codes = sorted({language.code for placement in ordered for language in placement.languages})
    language_column = {code: i for i, code in enumerate(codes)}
    language_min = np.zeros((n_placements, len(codes)), dtype=np.int64)
    for row, placement in enumerate(ordered):
        for language in placement.languages:
            at = language_column[language.code]
            language_min[row, at] = max(language_min[row, at], max(1, language.level))

    place = np.array([places.index(p.place) for p in ordered], dtype=np.int64)
    remote = np.array([p.remote for p in ordered], dtype=bool)
    # Location depends only on (place, remote): score the distinct pairs, then gather.
    distinct, location_key = np.unique(
        np.column_stack([place, remote.astype(np.int64)]), axis=0, return_inverse=True
    )
    n_groups = space.n_groups
    n_loose = len(loose_numbering)

    def both(required: _Sparse, preferred: _Sparse, n_rows: int) -> sparse.csr_matrix:
        return sparse.hstack(
            [required.matrix((n_rows, n_placements)), preferred.matrix((n_rows, n_placements))],
            format="csr",
        )

    coverage_shares = sparse.vstack(
        [
            both(group_share[True], group_share[False], n_groups),
            both(share[True], share[False], n_resolved),
            both(loose_share[True], loose_share[False], n_loose),
        ],
        format="csr",
    )
    minimums, education_key = np.unique(
        np.array(
            [-1 if p.min_education_level is None else p.min_education_level for p in ordered],
            dtype=np.int64,
        ),
        return_inverse=True,
    )
    asked, language_key = np.unique(language_min, axis=0, return_inverse=True)
    kind_rows, kind_key = np.unique(
        np.array(
            [[_KIND_BITS.get(p.kind, 0), int(p.is_open)] for p in ordered], dtype=np.int64
        ).reshape(n_placements, 2),
        axis=0,
        return_inverse=True,
    )
    return PlacementIndex(
        placements=ordered,
        ids=ids,
        requirements=requirements,
        by_placement=by_placement,
        resolved_min=np.array(resolved_min, dtype=np.float64),
        resolved_group=np.array(resolved_group, dtype=np.int64),
        pick_skill=pick.matrix((space.n_skills, n_resolved)),
        coverage_shares=coverage_shares,
        loose_keys=list(loose_numbering),
        has_required=counts[True] > 0,
        has_preferred=counts[False] > 0,
        has_education=np.array([p.min_education_level is not None for p in ordered], dtype=bool),
        has_languages=np.asarray(language_min.any(axis=1), dtype=bool).reshape(n_placements),
        has_text=np.diff(text.indptr) > 0,
        text=text.T.tocsr(),
        text_model=text_model,
        place=place,
        languages=codes,
        location_key=location_key.reshape(-1).astype(np.int64),
        location_places=distinct[:, 0].astype(np.int64),
        location_remote=distinct[:, 1].astype(bool),
        education_key=(minimums.astype(np.int64), education_key.reshape(-1).astype(np.int64)),
        language_key=(asked.astype(np.int64), language_key.reshape(-1).astype(np.int64)),
        kind_key=(
            kind_rows[:, 0].astype(np.int64),
            kind_rows[:, 1].astype(bool),
            kind_key.reshape(-1).astype(np.int64),
        ),
    )


# ---------------------------------------------------------------------------
# Candidate side
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Claim:
    text: str
    resolution: Resolution
    skill: int  # -1 when unresolved
    level: int  # 0 when not stated

    @property
    def effective_level(self) -> int:
        return self.level if self.level > 0 else DEFAULT_CANDIDATE_LEVEL


@dataclass
class CandidateBatch:
    """Candidate-side matrices for one list of candidates (sorted by id)."""

    candidates: tuple[Candidate, ...]
    ids: list[str]
    claims: list[list[Claim]]
    level: sparse.csr_matrix  # candidates × skills, proficiency (max over claims)
    loose_keys: list[str]  # folded texts of unresolved claims
    loose: sparse.csr_matrix  # candidates × loose keys, 1 where the candidate wrote it
    documents: list[str]
    place: IntArray
    radius: FloatArray
    relocate: BoolArray
    seeking: IntArray
    education: IntArray  # -1 unknown
    languages: list[dict[str, int]]  # per candidate: code -> CEFR rank
    # Per placement index / text model: text rows and loose-text similarity.
    text: dict[int, sparse.csr_matrix] = field(default_factory=dict)
    loose_similarity: dict[int, sparse.csr_matrix] = field(default_factory=dict)


def candidate_languages(
    candidate: Candidate, claims: Iterable[Claim], space: SkillSpace
) -> dict[str, int]:
    """Structured languages, plus languages named only as skills (LANGUAGE_FROM_SKILL_LEVEL)."""
    levels: dict[str, int] = {}
    for language in candidate.languages:
        levels[language.code] = max(levels.get(language.code, 0), language.level)
    structured = set(levels)
    for claim in claims:
        code = space.language_of.get(claim.skill)
        if code is None or code in structured:
            continue
        level = min(claim.level, 5) if claim.level > 0 else LANGUAGE_FROM_SKILL_LEVEL
        levels[code] = max(levels.get(code, 0), level)
    return levels


def _max_entries(
    rows: npt.ArrayLike, columns: npt.ArrayLike, values: npt.ArrayLike, shape: tuple[int, int]
) -> sparse.csr_matrix:
    """A sparse matrix from triples, keeping the largest value of repeated entries."""
    r = np.asarray(rows, dtype=np.int64)
    c = np.asarray(columns, dtype=np.int64)
    v = np.asarray(values, dtype=np.float64)
    key = r * shape[1] + c
    order = np.lexsort((-v, key))
    key, v = key[order], v[order]
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    key, v = key[first], v[first]
    return sparse.csr_matrix((v, (key // shape[1], key % shape[1])), shape=shape)


def build_candidate_batch(
    candidates: Sequence[Candidate], space: SkillSpace, places: PlaceTable
) -> CandidateBatch:
    """Resolve every claim and build the candidate-side matrices (candidates by id)."""
    ordered = tuple(sorted(candidates, key=lambda candidate: candidate.id))
    ids = [candidate.id for candidate in ordered]
    if len(set(ids)) != len(ids):
        raise ValueError("candidate ids must be unique")
    resolutions = iter(
        space.resolver.resolve_many([claim.text for c in ordered for claim in c.skills])
    )
    skill_index = space.resolver.skill_index
    claims: list[list[Claim]] = []
    rows: list[int] = []
    columns: list[int] = []
    levels: list[float] = []
    loose_numbering: dict[str, int] = {}
    loose_rows: list[int] = []
    loose_columns: list[int] = []
    for row, candidate in enumerate(ordered):
        mine: list[Claim] = []
        for claim in candidate.skills:
            resolution = next(resolutions)
            if not resolution.key:
                continue
            skill = -1 if resolution.skill_id is None else skill_index[resolution.skill_id]
            entry = Claim(claim.text, resolution, skill, max(0, claim.level or 0))
            mine.append(entry)
            if skill >= 0:
                rows.append(row)
                columns.append(skill)
                levels.append(float(entry.effective_level))
            else:
                loose_rows.append(row)
                loose_columns.append(
                    loose_numbering.setdefault(resolution.key, len(loose_numbering))
                )
        claims.append(mine)
    n = len(ordered)
    loose = _max_entries(
        loose_rows, loose_columns, [1.0] * len(loose_rows), (n, len(loose_numbering))
    )
    return CandidateBatch(
        candidates=ordered,
        ids=ids,
        claims=claims,
        # Several claims of one skill: the highest proficiency counts, not the sum.
        level=_max_entries(rows, columns, levels, (n, space.n_skills)),
        loose_keys=list(loose_numbering),
        loose=loose,
        documents=[candidate_document(candidate) for candidate in ordered],
        place=np.array([places.index(c.place) for c in ordered], dtype=np.int64),
        radius=np.array([max(MIN_RADIUS_KM, c.max_commute_km) for c in ordered], dtype=np.float64),
        relocate=np.array([c.willing_to_relocate for c in ordered], dtype=bool),
        seeking=np.array(
            [sum(_KIND_BITS.get(kind, 0) for kind in set(c.seeking)) for c in ordered],
            dtype=np.int64,
        ),
        education=np.array(
            [-1 if c.education_level is None else c.education_level for c in ordered],
            dtype=np.int64,
        ),
        languages=[
            candidate_languages(c, mine, space) for c, mine in zip(ordered, claims, strict=True)
        ],
    )


def candidate_text(batch: CandidateBatch, index: PlacementIndex) -> sparse.csr_matrix:
    """The batch's TF-IDF rows in the index's text model (cached per model)."""
    key = index.text_model.serial
    matrix = batch.text.get(key)
    if matrix is None:
        batch.text.clear()
        matrix = index.text_model.transform(batch.documents)
        batch.text[key] = matrix
    return matrix


def loose_similarity(
    batch: CandidateBatch, index: PlacementIndex, threshold: float
) -> sparse.csr_matrix:
    """Candidate loose texts × requirement loose texts, similarity 0..1 (cached per index)."""
    matrix = batch.loose_similarity.get(index.serial)
    if matrix is None:
        batch.loose_similarity.clear()
        matrix = text_similarity_matrix(batch.loose_keys, index.loose_keys, threshold=threshold)
        batch.loose_similarity[index.serial] = matrix
    return matrix


# ---------------------------------------------------------------------------
# The chunk scorer
# ---------------------------------------------------------------------------


@dataclass
class _Table:
    """A component that depends on a few attributes of each side: its values on the distinct
    attribute combinations (`values`, rows × columns), and each candidate row's and each
    placement's combination (`row_key`, `column_key`)."""

    values: npt.NDArray[np.generic]
    row_key: IntArray
    column_key: IntArray

    def full(self) -> npt.NDArray[np.generic]:
        # Spread the few distinct rows over the placements first, then copy whole rows:
        # much faster than one two-dimensional fancy index.
        wide = np.take(self.values, self.column_key, axis=1)
        result: npt.NDArray[np.generic] = np.take(wide, self.row_key, axis=0)
        return result

    def at(self, local_rows: IntArray, columns: IntArray) -> npt.NDArray[np.generic]:
        return self.values[self.row_key[local_rows], self.column_key[columns]]

    @property
    def constant(self) -> bool:
        return self.values.size == 0 or bool((self.values == self.values.flat[0]).all())


@dataclass
class Known:
    """Which components a pair's sides state, per side (a component neither side states is
    left out of the score): skills when the placement lists any, text when both documents
    have words, location when both places are known or the placement is remote (read from
    the tier), education when the placement states a minimum, language when it asks for one."""

    skills: BoolArray  # per placement
    text_rows: BoolArray  # per candidate row of the chunk
    text_columns: BoolArray  # per placement
    education: BoolArray  # per placement
    language: BoolArray  # per placement

    def bits(self, local_rows: IntArray, columns: IntArray, tier: _Table) -> IntArray:
        located = np.asarray(tier.at(local_rows, columns)) != _TIER["unknown"]
        parts = (
            self.skills[columns],
            self.text_rows[local_rows] & self.text_columns[columns],
            located,
            self.education[columns],
            self.language[columns],
        )
        result = np.zeros(np.shape(columns), dtype=np.int64)
        for bit, part in enumerate(parts):
            result |= np.asarray(part, dtype=np.int64) << bit
        return result


def known_components(bits: int) -> tuple[str, ...]:
    """The component names set in a known-bits value."""
    return tuple(name for bit, name in enumerate(COMPONENTS) if bits >> bit & 1)


@dataclass
class ChunkScores:
    """Scores of candidate rows `rows` × all placements of the index."""

    rows: IntArray  # candidate positions in the batch
    total: FloatArray  # EXCLUDED_TOTAL where a hard constraint fails
    excluded: BoolArray
    skills: FloatArray
    text: FloatArray
    location: _Table
    tier: _Table
    distance: _Table
    education: _Table
    language: _Table
    known: Known

    def pair_vectors(self, local_rows: IntArray, columns: IntArray) -> FloatArray:
        """Components (COMPONENTS order), tier code, distance and known bits of the pairs."""
        parts = [
            self.skills[local_rows, columns],
            self.text[local_rows, columns],
            self.location.at(local_rows, columns),
            self.education.at(local_rows, columns),
            self.language.at(local_rows, columns),
            self.tier.at(local_rows, columns),
            self.distance.at(local_rows, columns),
            self.known.bits(local_rows, columns, self.tier),
        ]
        return np.stack([np.asarray(part, dtype=np.float64) for part in parts], axis=-1)


def normalised_weights(weights: Weights) -> FloatArray:
    """The five component weights divided by their sum."""
    raw = np.array(
        [weights.skills, weights.text, weights.location, weights.education, weights.language],
        dtype=np.float64,
    )
    if (raw < 0).any() or not np.isfinite(raw).all():
        raise ValueError("component weights must be finite and not negative")
    total = float(raw.sum())
    if total <= 0:
        raise ValueError("at least one component weight must be positive")
    result: FloatArray = raw / total
    return result


def _max_join(incidence: sparse.csr_matrix, similarity: sparse.csr_matrix) -> sparse.csr_matrix:
    """(rows × keys) 0/1 incidence ⊗ (keys × targets) similarity → rows × targets, by max."""
    shape = (incidence.shape[0], similarity.shape[1])
    left = incidence.tocoo()
    if left.nnz == 0 or similarity.nnz == 0:
        return sparse.csr_matrix(shape, dtype=np.float64)
    starts = similarity.indptr[left.col]
    lengths = similarity.indptr[left.col + 1] - starts
    total = int(lengths.sum())
    if total == 0:
        return sparse.csr_matrix(shape, dtype=np.float64)
    rows = np.repeat(left.row.astype(np.int64), lengths)
    offsets = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    positions = np.repeat(starts, lengths) + offsets
    return _max_entries(rows, similarity.indices[positions], similarity.data[positions], shape)


def _distinct_rows(*columns: npt.ArrayLike) -> tuple[FloatArray, IntArray]:
    """Distinct rows of the stacked columns and each row's position among them."""
    stacked = np.column_stack([np.asarray(column, dtype=np.float64) for column in columns])
    distinct, inverse = np.unique(stacked, axis=0, return_inverse=True)
    return distinct, inverse.reshape(-1).astype(np.int64)


def score_chunk(
    space: SkillSpace,
    batch: CandidateBatch,
    rows: IntArray,
    index: PlacementIndex,
    places: PlaceTable,
    weights: Weights,
    *,
    text_rows: sparse.csr_matrix,
    loose_sim: sparse.csr_matrix,
) -> ChunkScores:
    """Every component, the hard constraints and the total for `rows` × every placement.

    Skills and text are full matrices (sparse products); location, education, language and
    the hard constraints depend on a few attributes per side, so they are computed on the
    distinct attribute combinations and gathered.
    """
    w = normalised_weights(weights)
    share = weights.required_share
    required, preferred = _coverage(space, batch, rows, index, weights, loose_sim)
    # skills = share·required + (1 − share)·preferred, or the one list the placement has;
    # a placement that lists no skills has no skills component (0 here, and not known).
    both = index.has_required & index.has_preferred
    required_weight = np.where(both, share, index.has_required.astype(np.float64))
    preferred_weight = np.where(both, 1.0 - share, index.has_preferred.astype(np.float64))
    skills = required * required_weight
    skills += preferred * preferred_weight
    del required, preferred
    text = (text_rows @ index.text).toarray()
    np.clip(text, 0.0, 1.0, out=text)

    location, tier, distance = _location(batch, rows, index, places, weights.distance_decay_km)
    education, education_excluded = _education(batch, rows, index)
    language, language_excluded = _language(batch, rows, index)
    kind_excluded = _kind(batch, rows, index)
    known = Known(
        skills=index.has_required | index.has_preferred,
        text_rows=np.diff(text_rows.indptr) > 0,
        text_columns=index.has_text,
        education=index.has_education,
        language=index.has_languages,
    )

    # Honest missing data: Σ w·known·component / Σ w·known, so a component neither side
    # states neither helps nor hurts; a pair nothing is known about scores 0.
    text_known = known.text_rows[:, None] & known.text_columns[None, :]
    weight_skills = np.where(known.skills, w[0], 0.0)[None, :]
    # Skills and text both say what the work is: for a placement that lists no skills the
    # text carries their weight. (Spread over location & co. instead, any nearby posting
    # without skills would outrank a matching one a little farther away.)
    weight_text = np.where(text_known, np.where(known.skills, w[1], w[0] + w[1])[None, :], 0.0)
    total = skills * weight_skills
    total += text * weight_text
    denominator = weight_text
    denominator += weight_skills
    located = tier.values != _TIER["unknown"]
    location_weight = _Table(np.where(located, w[2], 0.0), tier.row_key, tier.column_key)
    location_values = _Table(
        np.where(located, location.values * w[2], 0.0), tier.row_key, tier.column_key
    )
    denominator += np.asarray(location_weight.full(), dtype=np.float64)
    total += np.asarray(location_values.full(), dtype=np.float64)
    for value_table, column_known, weight in (
        (education, known.education, w[3]),
        (language, known.language, w[4]),
    ):
        if not column_known.any() or weight == 0.0:
            continue
        column_weight = np.where(column_known, weight, 0.0)[None, :]
        denominator += column_weight
        total += column_weight * (
            value_table.full() if not value_table.constant else float(value_table.values.flat[0])
        )
    positive = denominator > 0.0
    np.divide(total, denominator, out=total, where=positive)
    total[~positive] = 0.0
    del denominator
    excluded = np.zeros(total.shape, dtype=bool)
    for mask in (education_excluded, language_excluded, kind_excluded):
        if not mask.constant:
            excluded |= mask.full().astype(bool)
        elif mask.values.size and bool(mask.values.flat[0]):
            excluded[:] = True
    total[excluded] = EXCLUDED_TOTAL
    return ChunkScores(
        rows, total, excluded, skills, text, location, tier, distance, education, language, known
    )


def _coverage(
    space: SkillSpace,
    batch: CandidateBatch,
    rows: IntArray,
    index: PlacementIndex,
    weights: Weights,
    loose_sim: sparse.csr_matrix,
) -> tuple[FloatArray, FloatArray]:
    """Coverage of required and of preferred requirements, rows × placements."""
    level = batch.level[rows]
    binary = level.copy()
    binary.data[:] = 1.0
    group_counts = (binary @ space.group_matrix).tocsr()
    presence = group_counts.copy()
    presence.data[:] = weights.related_credit
    related = weights.related_credit
    # Entries where the row has the very skill a resolved requirement asks for, valued at the
    # row's proficiency. (presence · group shares) already credited them `related` when their
    # group is related-able; the correction swaps that for max(level credit, `related` if
    # another skill of the group is there, i.e. a group count of at least 2).
    exact = (level @ index.pick_skill).tocsr()
    exact.sort_indices()
    exact_rows = np.repeat(np.arange(exact.shape[0]), np.diff(exact.indptr))
    columns = exact.indices
    level_credit = np.where(
        exact.data >= index.resolved_min[columns], 1.0, weights.level_shortfall_credit
    )
    groups = index.resolved_group[columns]
    eligible = groups >= 0
    counts = group_counts.toarray()[exact_rows, np.where(eligible, groups, 0)]
    with_related = np.where(eligible & (counts >= 2), related, 0.0)
    correction = sparse.csr_matrix(
        (
            np.maximum(level_credit, with_related) - np.where(eligible, related, 0.0),
            exact.indices,
            exact.indptr,
        ),
        shape=exact.shape,
    )
    loose_credit = _max_join(batch.loose[rows], loose_sim)
    # One product: [group presence | correction | loose credit] · [shares], required and
    # preferred side by side; each entry sums over the row's own entries in a fixed order.
    left = sparse.hstack([presence, correction, loose_credit], format="csr")
    both = (left @ index.coverage_shares).toarray()
    n_placements = len(index.ids)
    required = both[:, :n_placements]
    preferred = both[:, n_placements:]
    np.clip(required, 0.0, 1.0, out=required)
    np.clip(preferred, 0.0, 1.0, out=preferred)
    return required, preferred


def _location(
    batch: CandidateBatch,
    rows: IntArray,
    index: PlacementIndex,
    places: PlaceTable,
    decay_km: float,
) -> tuple[_Table, _Table, _Table]:
    """Location score, tier code and distance on distinct (place, radius, relocation) of the
    rows × distinct (place, remote) of the placements."""
    distinct, row_key = _distinct_rows(batch.place[rows], batch.radius[rows], batch.relocate[rows])
    score, tier, distance = location_table(
        distinct[:, 0].astype(np.int64),
        distinct[:, 1],
        distinct[:, 2].astype(bool),
        index.location_places,
        index.location_remote,
        places,
        decay_km,
    )
    key = index.location_key
    return _Table(score, row_key, key), _Table(tier, row_key, key), _Table(distance, row_key, key)


def _education(
    batch: CandidateBatch, rows: IntArray, index: PlacementIndex
) -> tuple[_Table, _Table]:
    """Education component and the education_below_minimum mask."""
    levels, row_key = np.unique(batch.education[rows], return_inverse=True)
    minimums, column_key = index.education_key
    level = levels[:, None]
    minimum = minimums[None, :]
    has_minimum = minimum >= 0
    below = has_minimum & (level >= 0) & (level < minimum)
    value = np.where(has_minimum & (level < 0), UNKNOWN_EDUCATION, 1.0)
    value[below] = 0.0
    row_key = row_key.reshape(-1).astype(np.int64)
    return _Table(value, row_key, column_key), _Table(below, row_key, column_key)


def _language(
    batch: CandidateBatch, rows: IntArray, index: PlacementIndex
) -> tuple[_Table, _Table]:
    """Language component (share of requirements met) and the language_not_met mask."""
    asked, column_key = index.language_key
    have = np.array(
        [[batch.languages[r].get(code, 0) for code in index.languages] for r in rows.tolist()],
        dtype=np.int64,
    ).reshape(len(rows), len(index.languages))
    profiles, row_key = (
        np.unique(have, axis=0, return_inverse=True)
        if len(index.languages)
        else (np.zeros((1, 0), dtype=np.int64), np.zeros(len(rows), dtype=np.int64))
    )
    row_key = row_key.reshape(-1).astype(np.int64)
    wanted = asked[None, :, :] > 0
    met = (profiles[:, None, :] >= asked[None, :, :]) & wanted
    count = wanted.sum(axis=2)
    value = np.where(count > 0, met.sum(axis=2) / np.maximum(count, 1), 1.0)
    not_met: BoolArray = np.asarray((wanted & ~met).any(axis=2), dtype=bool)
    return _Table(value, row_key, column_key), _Table(not_met, row_key, column_key)


def _kind(batch: CandidateBatch, rows: IntArray, index: PlacementIndex) -> _Table:
    """The kind_not_sought and placement_not_open mask."""
    seeking, row_key = np.unique(batch.seeking[rows], return_inverse=True)
    kinds, is_open, column_key = index.kind_key
    mask = ((seeking[:, None] & kinds[None, :]) == 0) | ~is_open[None, :]
    return _Table(mask, row_key.reshape(-1).astype(np.int64), column_key)


def location_table(
    candidate_place: IntArray,
    radius: FloatArray,
    relocate: BoolArray,
    placement_place: IntArray,
    remote: BoolArray,
    places: PlaceTable,
    decay_km: float,
) -> tuple[FloatArray, npt.NDArray[np.int8], FloatArray]:
    """Location score, tier code and distance (nan when unknown) for every combination."""
    matrix = places.matrix
    known_c = candidate_place >= 0
    known_p = placement_place >= 0
    c_at = np.where(known_c, candidate_place, 0)
    p_at = np.where(known_p, placement_place, 0)
    known = known_c[:, None] & known_p[None, :]
    distance = np.where(known, matrix[np.ix_(c_at, p_at)].astype(np.float64), np.nan)
    r = radius[:, None]
    decay = max(decay_km, 1e-6)
    safe = np.where(known, distance, 0.0)
    inside = known & (safe <= r)
    proximity = np.where(
        inside,
        1.0 - (1.0 - LOCATION_EDGE) * safe / r,
        LOCATION_EDGE * np.power(0.5, np.maximum(safe - r, 0.0) / decay),
    )
    same_municipality = known & (c_at[:, None] == p_at[None, :])
    district_c = places.district[c_at][:, None]
    same_district = known & (district_c == places.district[p_at][None, :]) & (district_c >= 0)
    centre = known & places.regional[p_at][None, :] & (safe <= r + decay)
    bonus = np.select(
        [same_municipality, same_district, centre],
        [BONUS_SAME_MUNICIPALITY, BONUS_SAME_DISTRICT, BONUS_REGIONAL_CENTRE],
        0.0,
    )
    computed = np.minimum(1.0, LOCATION_SCALE * proximity + bonus)
    relocating = relocate[:, None] & known & ~same_municipality & (computed < RELOCATION_FLOOR)
    score = np.where(relocating, RELOCATION_FLOOR, computed)
    score = np.where(known, score, UNKNOWN_LOCATION)
    score = np.where(remote[None, :], 1.0, score)
    tier = np.select(
        [
            np.broadcast_to(remote[None, :], known.shape),
            ~known,
            same_municipality,
            relocating,
            same_district,
            centre,
            inside,
        ],
        [
            _TIER["remote"],
            _TIER["unknown"],
            _TIER["same_municipality"],
            _TIER["relocation"],
            _TIER["same_district"],
            _TIER["regional_centre"],
            _TIER["within_commute"],
        ],
        _TIER["beyond_commute"],
    ).astype(np.int8)
    return score, tier, distance


# ---------------------------------------------------------------------------
# Top-k selection
# ---------------------------------------------------------------------------


def top_k(scores: FloatArray, k: int, *, axis: int = 1) -> tuple[IntArray, FloatArray]:
    """The k best eligible entries (score ≥ 0) of every row (`axis=1`) or column (`axis=0`),
    ordered by score (descending) then position (ascending): positions are in id order, so
    ties go to the smaller id. Returns (positions, scores), one row per key; keys with fewer
    than k eligible entries are padded with position 0 and score -inf.

    The k-th largest value comes from np.partition; every entry at least as large is then
    sorted exactly, so ties at the k-th place are broken by position too.
    """
    n_keys, n_items = (scores.shape[0], scores.shape[1]) if axis == 1 else scores.shape[::-1]
    k = min(k, n_items)
    picked = np.zeros((n_keys, max(k, 0)), dtype=np.int64)
    best = np.full((n_keys, max(k, 0)), -np.inf)
    if k <= 0 or n_keys == 0:
        return picked, best
    if k < n_items:
        # In float32 (faster), lowered by a margin well above its rounding error, so the
        # threshold can only let in more entries than the exact k-th value would.
        negated = np.negative(scores, dtype=np.float32)
        kth = -np.partition(negated, k - 1, axis=axis).take(k - 1, axis=axis)
        threshold = np.maximum(kth.astype(np.float64) - 1e-6, 0.0)
    else:
        threshold = np.zeros(n_keys)
    flat = np.flatnonzero(scores >= (threshold[:, None] if axis == 1 else threshold[None, :]))
    rows, columns = np.divmod(flat, scores.shape[1])
    keys, items = (rows, columns) if axis == 1 else (columns, rows)
    values = scores.ravel()[flat]
    order = np.lexsort((items, -values, keys))
    keys, items, values = keys[order], items[order], values[order]
    rank = np.arange(len(keys)) - np.searchsorted(keys, keys)
    keep = rank < k
    picked[keys[keep], rank[keep]] = items[keep]
    best[keys[keep], rank[keep]] = values[keep]
    return picked, best


def top_k_rows(scores: FloatArray, k: int) -> tuple[IntArray, FloatArray]:
    """`top_k` along rows: the k best eligible columns of every row."""
    return top_k(scores, k, axis=1)


# ---------------------------------------------------------------------------
# Explanations
# ---------------------------------------------------------------------------

_METHOD_ORDER: Final[dict[str | None, int]] = {None: 0, "exact": 0, "alias": 1, "fuzzy": 2}
_WEAKER: Final[dict[tuple[str | None, str | None], str]] = {
    (a, b): max((a or "exact", b or "exact"), key=lambda m: _METHOD_ORDER.get(m, 0))
    for a in (None, "exact", "alias", "fuzzy")
    for b in (None, "exact", "alias", "fuzzy")
}


class LazyExplanation(Explanation):
    """An Explanation built from a pair's scores when its fields are first read.

    Ranking 10,000 candidates × 2,000 placements returns some 240,000 pairs; building each
    explanation (a Python loop over the placement's requirements) up front took longer than
    all the scoring. This subclass holds the pair's position and score vector and builds the
    fields on first access, once; it behaves as the plain dataclass (equal to an Explanation
    with the same fields, pickled and copied as one, `eager()` gives one).
    """

    __slots__ = ("_source", "_built")

    def __init__(
        self,
        total: float,
        components: dict[str, float],
        requirements: tuple[RequirementMatch, ...],
        missing_required: tuple[str, ...],
        distance_km: float | None,
        location_tier: str,
        excluded: tuple[str, ...] = (),
        unknown: tuple[str, ...] = (),
        known_share: float = 1.0,
    ) -> None:
        # Same signature as Explanation, so dataclasses.replace() keeps working.
        object.__setattr__(self, "_source", None)
        object.__setattr__(
            self,
            "_built",
            Explanation(
                total,
                components,
                requirements,
                missing_required,
                distance_km,
                location_tier,
                excluded,
                unknown,
                known_share,
            ),
        )

    @classmethod
    def deferred(
        cls,
        explainer: Explainer,
        row: int,
        column: int,
        total: float,
        vector: Sequence[float],
        excluded: tuple[str, ...],
    ) -> LazyExplanation:
        self = object.__new__(cls)
        object.__setattr__(self, "_source", (explainer, row, column, total, vector, excluded))
        object.__setattr__(self, "_built", None)
        return self

    def eager(self) -> Explanation:
        """The same explanation as a plain Explanation (built now if it was not yet)."""
        built: Explanation | None = object.__getattribute__(self, "_built")
        if built is None:
            explainer, row, column, total, vector, excluded = object.__getattribute__(
                self, "_source"
            )
            built = explainer.build(row, column, total, vector, excluded)
            object.__setattr__(self, "_built", built)
            object.__setattr__(self, "_source", None)
        return built

    @property
    def total(self) -> float:
        source = object.__getattribute__(self, "_source")
        return float(source[3]) if source is not None else self.eager().total

    @property
    def components(self) -> dict[str, float]:
        return self.eager().components

    @property
    def requirements(self) -> tuple[RequirementMatch, ...]:
        return self.eager().requirements

    @property
    def missing_required(self) -> tuple[str, ...]:
        return self.eager().missing_required

    @property
    def distance_km(self) -> float | None:
        return self.eager().distance_km

    @property
    def location_tier(self) -> str:
        return self.eager().location_tier

    @property
    def excluded(self) -> tuple[str, ...]:
        return self.eager().excluded

    @property
    def unknown(self) -> tuple[str, ...]:
        return self.eager().unknown

    @property
    def known_share(self) -> float:
        return self.eager().known_share

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyExplanation):
            other = other.eager()
        if not isinstance(other, Explanation):
            return NotImplemented
        return self.eager() == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self.eager()).replace("Explanation(", "LazyExplanation(", 1)

    def __reduce__(self) -> tuple[type[Explanation], tuple[object, ...]]:
        built = self.eager()
        return (
            Explanation,
            (
                built.total,
                built.components,
                built.requirements,
                built.missing_required,
                built.distance_km,
                built.location_tier,
                built.excluded,
                built.unknown,
                built.known_share,
            ),
        )


class _Profile(NamedTuple):
    """A candidate's claims arranged for explaining: by skill (best level), by group, and
    unresolved ones by folded text."""

    own: dict[int, Claim]
    relatives: dict[int, list[Claim]]
    loose: dict[str, Claim]


class Explainer:
    """Builds explanations for chosen pairs of one batch × one index."""

    def __init__(
        self,
        space: SkillSpace,
        batch: CandidateBatch,
        index: PlacementIndex,
        weights: Weights,
        loose_sim: sparse.csr_matrix,
    ) -> None:
        self.space, self.batch, self.index, self.weights = space, batch, index, weights
        self._loose_key_column = {key: i for i, key in enumerate(index.loose_keys)}
        self._loose_key_row = {key: i for i, key in enumerate(batch.loose_keys)}
        self._loose_columns = loose_sim.tocsc()
        self._profiles: dict[int, _Profile] = {}
        self._unmet_cache: dict[int, RequirementMatch] = {}

    def explain(
        self,
        row: int,
        column: int,
        total: float,
        vector: Sequence[float],
        excluded: tuple[str, ...] = (),
    ) -> Explanation:
        """The explanation of one pair, built when first read (see LazyExplanation)."""
        return LazyExplanation.deferred(self, row, column, total, vector, excluded)

    def build(
        self,
        row: int,
        column: int,
        total: float,
        vector: Sequence[float],
        excluded: tuple[str, ...] = (),
    ) -> Explanation:
        """The explanation of one pair from its pair vector (see ChunkScores.pair_vectors)."""
        distance = float(vector[_DISTANCE_AT])
        requirements = self.requirement_matches(row, column)
        known_bits = int(vector[_KNOWN_AT])
        shares = normalised_weights(self.weights)
        known_share = float(
            sum(share for bit, share in enumerate(shares.tolist()) if known_bits >> bit & 1)
        )
        return Explanation(
            total=float(total),
            components=dict(zip(COMPONENTS, vector[: len(COMPONENTS)], strict=True)),
            requirements=requirements,
            # A related skill earns partial credit, but the skill itself is still missing.
            missing_required=tuple(
                match.requirement
                for match in requirements
                if match.required and (match.credit <= 0 or match.matched_by == "related")
            ),
            distance_km=None if distance != distance else distance,  # nan: a place is unknown
            location_tier=LOCATION_TIERS[int(vector[_TIER_AT])],
            excluded=excluded,
            unknown=tuple(name for name in COMPONENTS if name not in known_components(known_bits)),
            known_share=known_share,
        )

    def _profile(self, row: int) -> _Profile:
        profile = self._profiles.get(row)
        if profile is not None:
            return profile
        own: dict[int, Claim] = {}
        relatives: dict[int, list[Claim]] = {}
        loose: dict[str, Claim] = {}
        group_index = self.space.group_index
        for claim in self.batch.claims[row]:
            if claim.skill < 0:
                loose.setdefault(claim.resolution.key, claim)
                continue
            held = own.get(claim.skill)
            if held is None or claim.effective_level > held.effective_level:
                own[claim.skill] = claim
            group = int(group_index[claim.skill])
            if group >= 0:
                relatives.setdefault(group, []).append(claim)
        profile = _Profile(own, relatives, loose)
        self._profiles[row] = profile
        return profile

    def requirement_matches(self, row: int, column: int) -> tuple[RequirementMatch, ...]:
        """How each requirement of placement `column` is met by candidate `row` (mirrors the
        credit arithmetic of the batch scorer)."""
        own, relatives, loose = self._profile(row)
        related_credit = self.weights.related_credit
        shortfall = self.weights.level_shortfall_credit
        matches: list[RequirementMatch] = []
        requirements = self.index.requirements
        for position in self.index.by_placement[column]:
            requirement = requirements[position]
            skill = requirement.skill
            if skill < 0:
                matches.append(self._loose_match(requirement, loose))
                continue
            other = None
            for claim in relatives.get(requirement.group, ()):
                if claim.skill != skill:
                    other = claim
                    break
            related = related_credit if other is not None else 0.0
            mine = own.get(skill)
            if mine is not None:
                credit = 1.0 if mine.effective_level >= requirement.min_level else shortfall
                if credit >= related:
                    resolution = requirement.resolution
                    matches.append(
                        RequirementMatch(
                            requirement.text,
                            resolution.skill_id,
                            requirement.required,
                            _WEAKER[mine.resolution.matched_by, resolution.matched_by],
                            mine.text,
                            min(mine.resolution.similarity, resolution.similarity),
                            credit,
                        )
                    )
                    continue
            if other is not None:
                matches.append(
                    RequirementMatch(
                        requirement.text,
                        requirement.resolution.skill_id,
                        requirement.required,
                        "related",
                        other.text,
                        other.resolution.similarity,
                        related,
                    )
                )
            else:
                matches.append(self._unmet(position))
        return tuple(matches)

    def _unmet(self, position: int) -> RequirementMatch:
        match = self._unmet_cache.get(position)
        if match is None:
            match = _unmet(self.index.requirements[position])
            self._unmet_cache[position] = match
        return match

    def _loose_match(self, requirement: Requirement, loose: dict[str, Claim]) -> RequirementMatch:
        column = self._loose_key_column.get(requirement.resolution.key)
        best_claim, best = None, 0.0
        if column is not None and loose:
            start, end = self._loose_columns.indptr[column : column + 2]
            hits = dict(
                zip(
                    self._loose_columns.indices[start:end].tolist(),
                    self._loose_columns.data[start:end].tolist(),
                    strict=True,
                )
            )
            for key, claim in loose.items():
                value = hits.get(self._loose_key_row.get(key, -1), 0.0)
                if value > best:
                    best_claim, best = claim, value
        if best_claim is None:
            return _unmet(requirement)
        return RequirementMatch(
            requirement=requirement.text,
            skill_id=None,
            required=requirement.required,
            matched_by="text",
            candidate_term=best_claim.text,
            similarity=best,
            credit=best,
        )


def _unmet(requirement: Requirement) -> RequirementMatch:
    return RequirementMatch(
        requirement=requirement.text,
        skill_id=requirement.resolution.skill_id,
        required=requirement.required,
        matched_by=None,
        candidate_term=None,
        similarity=0.0,
        credit=0.0,
    )


def exclusion_reasons(
    candidate: Candidate, placement: Placement, languages: dict[str, int]
) -> tuple[str, ...]:
    """The hard constraints a pair breaks, as codes (empty when the pair is eligible)."""
    reasons: list[str] = []
    if not placement.is_open:
        reasons.append("placement_not_open")
    if placement.kind not in candidate.seeking:
        reasons.append("kind_not_sought")
    if (
        placement.min_education_level is not None
        and candidate.education_level is not None
        and candidate.education_level < placement.min_education_level
    ):
        reasons.append("education_below_minimum")
    wanted: dict[str, int] = {}
    for language in placement.languages:
        wanted[language.code] = max(wanted.get(language.code, 0), max(1, language.level))
    for code in sorted(wanted):
        if languages.get(code, 0) < wanted[code]:
            reasons.append(f"language_not_met:{code}")
    return tuple(reasons)


def explanation_to_dict(explanation: Explanation) -> dict[str, object]:
    """The JSON form of an explanation (docs/engine.md): plain types, rounded floats."""
    distance = explanation.distance_km
    return {
        "total": round(explanation.total, 4),
        "components": {name: round(value, 4) for name, value in explanation.components.items()},
        "requirements": [
            {
                "requirement": match.requirement,
                "skill": match.skill_id,
                "required": match.required,
                "matched_by": match.matched_by,
                "candidate_term": match.candidate_term,
                "similarity": round(match.similarity, 4),
                "credit": round(match.credit, 4),
            }
            for match in explanation.requirements
        ],
        "missing_required": list(explanation.missing_required),
        "distance_km": None if distance is None else round(distance, 1),
        "location_tier": explanation.location_tier,
        "excluded": list(explanation.excluded),
        "unknown": list(explanation.unknown),
        "known_share": round(explanation.known_share, 4),
    }
