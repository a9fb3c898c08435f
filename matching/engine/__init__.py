"""Pure-Python matching engine: no Django imports."""

from matching.engine.engine import MatchingEngine, materialise_explanations
from matching.engine.scoring import explanation_to_dict
from matching.engine.skills import Resolution, SkillResolver
from matching.engine.types import (
    CEFR_LEVELS,
    AllocationResult,
    Assignment,
    Candidate,
    Explanation,
    LanguageSkill,
    MatchedBy,
    Place,
    Placement,
    PlacementKind,
    RequirementMatch,
    ScoredPair,
    Seeking,
    SkillClaim,
    Taxonomy,
    TaxonomySkill,
    Weights,
    cefr_rank,
)

__all__ = [
    "CEFR_LEVELS",
    "AllocationResult",
    "Assignment",
    "Candidate",
    "Explanation",
    "LanguageSkill",
    "MatchedBy",
    "MatchingEngine",
    "Place",
    "Placement",
    "PlacementKind",
    "RequirementMatch",
    "Resolution",
    "ScoredPair",
    "Seeking",
    "SkillClaim",
    "SkillResolver",
    "Taxonomy",
    "TaxonomySkill",
    "Weights",
    "cefr_rank",
    "explanation_to_dict",
    "materialise_explanations",
]
