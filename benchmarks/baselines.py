"""Two baseline rankers the matching engine has to beat on the dev set.

Both work on the raw JSON Lines records (plain dicts, see `benchmarks/devset/README.md`) and
know nothing about Serbian: no script folding, no diacritics, no skill taxonomy, no hard
constraints, no location. That is the point: they are what a generic résumé matcher does.

* `jaccard_rank`: token overlap (Jaccard) between the candidate's words and the placement's
  words; tokens are lower-cased runs of letters (punctuation and digits are separators).
* `tfidf_rank`: whole-text TF-IDF cosine with scikit-learn's default word analyzer, fitted on
  every candidate and placement text of the run.

Each returns `{candidate_id: [placement_id, ...]}` with every placement, best first; ties are
broken by placement id so the result is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

Record = Mapping[str, Any]
Ranking = dict[str, list[str]]

_LETTERS = re.compile(r"[^\W\d_]+")


def _skill_texts(items: Sequence[Any] | None) -> list[str]:
    """Skill entries are either a string or {"name": ..., "level": ...}."""
    texts: list[str] = []
    for item in items or ():
        if isinstance(item, Mapping):
            texts.append(str(item.get("name", "")))
        else:
            texts.append(str(item))
    return texts


def candidate_text(candidate: Record) -> str:
    """Skills + about + education field, in the candidate's own words."""
    education = candidate.get("education") or {}
    parts = [
        *_skill_texts(candidate.get("skills")),
        str(candidate.get("about") or ""),
        str(education.get("field") or "") if isinstance(education, Mapping) else "",
    ]
    return " ".join(p for p in parts if p)


def placement_text(placement: Record) -> str:
    """Title + description + required and preferred skills."""
    parts = [
        str(placement.get("title") or ""),
        str(placement.get("description") or ""),
        *_skill_texts(placement.get("required_skills")),
        *_skill_texts(placement.get("preferred_skills")),
    ]
    return " ".join(p for p in parts if p)


def word_tokens(text: str) -> set[str]:
    """Lower-cased runs of letters (any script); no folding of č/ć/š/ž/đ or Cyrillic."""
    return set(_LETTERS.findall(text.lower()))


def jaccard(a: set[str], b: set[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _order(scores: np.ndarray, placement_ids: Sequence[str]) -> list[str]:
    """Placement ids by score descending, ties by id ascending."""
    keyed = sorted(range(len(placement_ids)), key=lambda j: (-float(scores[j]), placement_ids[j]))
    return [placement_ids[j] for j in keyed]


def jaccard_scores(candidates: Sequence[Record], placements: Sequence[Record]) -> np.ndarray:
    """Matrix (candidates × placements) of token Jaccard similarities."""
    cand_tokens = [word_tokens(candidate_text(c)) for c in candidates]
    place_tokens = [word_tokens(placement_text(p)) for p in placements]
    out = np.zeros((len(candidates), len(placements)))
    for i, ct in enumerate(cand_tokens):
        for j, pt in enumerate(place_tokens):
            out[i, j] = jaccard(ct, pt)
    return out


def tfidf_scores(candidates: Sequence[Record], placements: Sequence[Record]) -> np.ndarray:
    """Matrix (candidates × placements) of TF-IDF cosine similarities (default word analyzer)."""
    cand_texts = [candidate_text(c) for c in candidates]
    place_texts = [placement_text(p) for p in placements]
    vectorizer = TfidfVectorizer()  # word analyzer, lower-case, l2-normalised rows
    matrix = vectorizer.fit_transform(cand_texts + place_texts)
    cand_m = matrix[: len(cand_texts)]
    place_m = matrix[len(cand_texts) :]
    return np.asarray((cand_m @ place_m.T).toarray())


def _rank(
    scores: np.ndarray, candidates: Sequence[Record], placements: Sequence[Record]
) -> Ranking:
    placement_ids = [str(p["id"]) for p in placements]
    return {str(c["id"]): _order(scores[i], placement_ids) for i, c in enumerate(candidates)}


def jaccard_rank(candidates: Sequence[Record], placements: Sequence[Record]) -> Ranking:
    return _rank(jaccard_scores(candidates, placements), candidates, placements)


def tfidf_rank(candidates: Sequence[Record], placements: Sequence[Record]) -> Ranking:
    return _rank(tfidf_scores(candidates, placements), candidates, placements)


BASELINES = {"jaccard": jaccard_rank, "tfidf": tfidf_rank}
