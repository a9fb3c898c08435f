"""Frozen dataclasses the engine takes in and gives back; the engine's whole public vocabulary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

PlacementKind = Literal["internship", "job"]
Seeking = Literal["internship", "job", "self_employment"]
MatchedBy = Literal["exact", "alias", "fuzzy", "related", "text"]

CEFR_LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2")


def cefr_rank(level: str) -> int:
    """A1 → 1 … C2 → 6; raises ValueError for anything else."""
    try:
        return CEFR_LEVELS.index(level.strip().upper()) + 1
    except ValueError:
        raise ValueError(f"not a CEFR level: {level!r}") from None


@dataclass(frozen=True, slots=True)
class Place:
    """A municipality seat: where a candidate lives or a placement is."""

    code: str  # stable slug, e.g. "nis"
    name: str  # Serbian Latin display name, e.g. "Niš"
    district: str  # ISO 3166-2:RS district code, e.g. "RS-20"
    latitude: float
    longitude: float
    regional_centre: bool = False  # Niš, Vranje, Leskovac, … (see engine.places)


@dataclass(frozen=True, slots=True)
class LanguageSkill:
    code: str  # ISO 639-1 (Romani: "rom")
    level: int  # CEFR rank 1..6 (use cefr_rank)


@dataclass(frozen=True, slots=True)
class SkillClaim:
    """A skill as a person wrote it; `level` is proficiency 1..5 (candidate) or the minimum
    proficiency asked for (placement), None when not stated."""

    text: str
    level: int | None = None


@dataclass(frozen=True, slots=True)
class TaxonomySkill:
    """One skill of the taxonomy with every label and alias, in every language and script."""

    id: str  # stable code, e.g. "metal.welding" or "esco:<uuid>"
    group: str  # parent group code, e.g. "metal"; related skills share it
    preferred_label: str  # Serbian Latin where there is one, else English
    labels: tuple[str, ...]  # every label and alias (any language/script), preferred first
    language_code: str = ""  # set for language skills, e.g. "de"
    # The preferred label in each language and script (a subset of `labels`); a match on one
    # of them is "exact", on any other label "alias". Empty means just `preferred_label`.
    preferred_labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Taxonomy:
    skills: tuple[TaxonomySkill, ...]
    version: str = ""  # changes whenever the skills or labels change (cache key)


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    place: Place | None = None
    max_commute_km: float = 30.0
    willing_to_relocate: bool = False
    seeking: frozenset[str] = frozenset({"internship", "job"})
    education_level: int | None = None  # NOKS 1..8
    education_field: str = ""
    languages: tuple[LanguageSkill, ...] = ()
    skills: tuple[SkillClaim, ...] = ()
    about: str = ""  # experience and anything else in the candidate's words
    preferences: tuple[str, ...] = ()  # placement ids, best first (stable allocation)


@dataclass(frozen=True, slots=True)
class Placement:
    id: str
    kind: str = "internship"  # PlacementKind
    title: str = ""
    description: str = ""
    place: Place | None = None
    remote: bool = False
    required_skills: tuple[SkillClaim, ...] = ()
    preferred_skills: tuple[SkillClaim, ...] = ()
    min_education_level: int | None = None
    languages: tuple[LanguageSkill, ...] = ()  # minimum levels required
    slots: int = 1
    is_open: bool = True
    district: str = ""  # for allocation quotas; defaults to place.district
    preferences: tuple[str, ...] = ()  # candidate ids, best first (stable allocation)


@dataclass(frozen=True, slots=True)
class Weights:
    """Weights of the score components; they are normalised to sum to 1 when combined.

    Defaults are documented in README ("Matching score") and tuned only on benchmarks/devset.
    """

    skills: float = 0.50
    text: float = 0.15
    location: float = 0.20
    education: float = 0.10
    language: float = 0.05
    required_share: float = 0.75  # within skills: required vs preferred coverage
    related_credit: float = 0.5  # credit for a skill of the same group
    level_shortfall_credit: float = 0.6  # credit when the proficiency is below the minimum
    fuzzy_threshold: float = 86.0  # rapidfuzz score (0-100) to accept a fuzzy skill match
    distance_decay_km: float = 25.0  # beyond the commute radius the score halves every N km


@dataclass(frozen=True, slots=True)
class RequirementMatch:
    """How one skill requirement of a placement was met (or not)."""

    requirement: str  # the placement's text
    skill_id: str | None  # taxonomy skill the requirement resolved to
    required: bool
    matched_by: str | None  # MatchedBy, or None when not met
    candidate_term: str | None  # the candidate's own words that met it
    similarity: float  # 0..1 (1 for exact and alias)
    credit: float  # 0..1 contributed to coverage


@dataclass(frozen=True, slots=True)
class Explanation:
    total: float
    components: dict[str, float]
    requirements: tuple[RequirementMatch, ...]
    missing_required: tuple[str, ...]
    distance_km: float | None
    location_tier: str  # "same_municipality" | "same_district" | "regional_centre" |
    #                     "within_commute" | "beyond_commute" | "relocation" | "remote" | "unknown"
    excluded: tuple[str, ...] = ()  # hard-constraint reasons; empty when the pair is eligible
    # Components neither side stated (no skills listed, no education minimum, no languages
    # asked, a place unknown, no text): they are left out of the weighted sum and the other
    # weights renormalised. `known_share` is the share of the weights that was known.
    unknown: tuple[str, ...] = ()
    known_share: float = 1.0


@dataclass(frozen=True, slots=True)
class ScoredPair:
    candidate_id: str
    placement_id: str
    score: float
    explanation: Explanation


@dataclass(frozen=True, slots=True)
class Assignment:
    candidate_id: str
    placement_id: str
    score: float


@dataclass(frozen=True, slots=True)
class AllocationResult:
    method: str  # "optimal" | "stable"
    assignments: tuple[Assignment, ...]
    total_score: float
    unassigned_candidates: tuple[str, ...]
    open_slots: dict[str, int] = field(default_factory=dict)
