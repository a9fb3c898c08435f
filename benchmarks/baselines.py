"""Three baseline rankers the matching engine has to beat on every dev-set slice.

They are what a user could write in an afternoon, done fairly:

* the text is **folded** exactly as the engine folds it (`matching.engine.normalize.fold`:
  Cyrillic → Latin, diacritics and case removed), so a baseline is not handicapped by script;
* the three **hard rules** every matcher applies are applied (kind not sought, education below the
  minimum, a required language missing or too low; the same rules the labels use), and excluded
  placements are left out of the ranking, as the engine leaves them out. No location, no skill
  taxonomy, no weights: the comparison measures ranking, not filtering.

Rankers (all on the raw JSON Lines records, plain dicts):

* `jaccard`: token-set overlap |A ∩ B| / |A ∪ B| of the folded words;
* `tfidf`: word TF-IDF cosine, scikit-learn's `TfidfVectorizer` (defaults, folded input), fitted
  on every candidate and placement text of the run;
* `bm25`: Okapi BM25 (`rank_bm25.BM25Okapi`, k1 = 1.5, b = 0.75), the placements as documents,
  the candidate's folded words as the query.

Two **diagnostic** variants, `tfidf+geo` and `bm25+geo`, also sort the placements a candidate can
reach (remote, within `max_commute_km` — 30 when not stated — of the candidate's municipality, or
any placement when the candidate relocates) before those they cannot, keeping the text order
within each group: a commute filter is the next thing an afternoon's matcher adds, and the
difference tells how much of the engine's lead is location rather than matching. `make eval`
prints them but the targets compare the engine with the three plain baselines.

Candidate text: skills + about + education field; placement text: title + description +
required and preferred skills. Each ranker returns `{candidate_id: [placement_id, ...]}`, best
first, ties broken by placement id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from rank_bm25 import BM25Okapi
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.engine.normalize import fold

Record = Mapping[str, Any]
Ranking = dict[str, list[str]]
CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")
DEFAULT_SEEKING = ("internship", "job")
DEFAULT_KIND = "internship"


def _skill_texts(items: Sequence[Any] | None) -> list[str]:
    """Skill entries are either a string or {"name": ..., "level": ...}."""
    texts: list[str] = []
    for item in items or ():
        if isinstance(item, Mapping):
            texts.append(str(item.get("name") or ""))
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


def word_tokens(text: str) -> list[str]:
    """The folded words of text, in order ("Šivenje, ШИВЕЊЕ" → ["sivenje", "sivenje"])."""
    return fold(text).split()


def jaccard(a: set[str], b: set[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def hard_excluded(candidate: Record, placement: Record) -> bool:
    """Kind not sought, stated education below the minimum, or a required language not met."""
    seeking = candidate.get("seeking") or DEFAULT_SEEKING
    if (placement.get("kind") or DEFAULT_KIND) not in seeking:
        return True
    minimum = placement.get("min_education_level")
    level = (candidate.get("education") or {}).get("level")
    if minimum is not None and level is not None and level < minimum:
        return True
    spoken = {
        str(lang["code"]).lower(): CEFR.index(str(lang["level"]).upper())
        for lang in candidate.get("languages") or ()
    }
    return any(
        spoken.get(str(lang["code"]).lower(), -1) < CEFR.index(str(lang["level"]).upper())
        for lang in placement.get("languages") or ()
    )


def jaccard_scores(candidates: Sequence[Record], placements: Sequence[Record]) -> np.ndarray:
    """Matrix (candidates × placements) of token Jaccard similarities."""
    cand_tokens = [set(word_tokens(candidate_text(c))) for c in candidates]
    place_tokens = [set(word_tokens(placement_text(p))) for p in placements]
    out = np.zeros((len(candidates), len(placements)))
    for i, ct in enumerate(cand_tokens):
        for j, pt in enumerate(place_tokens):
            out[i, j] = jaccard(ct, pt)
    return out


def tfidf_scores(candidates: Sequence[Record], placements: Sequence[Record]) -> np.ndarray:
    """Matrix (candidates × placements) of word TF-IDF cosine similarities."""
    cand_texts = [candidate_text(c) for c in candidates]
    place_texts = [placement_text(p) for p in placements]
    vectorizer = TfidfVectorizer(preprocessor=fold)  # word analyzer, l2-normalised rows
    matrix = vectorizer.fit_transform(cand_texts + place_texts)
    cand_m = matrix[: len(cand_texts)]
    place_m = matrix[len(cand_texts) :]
    return np.asarray((cand_m @ place_m.T).toarray())


def bm25_scores(candidates: Sequence[Record], placements: Sequence[Record]) -> np.ndarray:
    """Matrix (candidates × placements) of Okapi BM25 scores, placements as the documents."""
    corpus = [word_tokens(placement_text(p)) for p in placements]
    if not any(corpus):
        return np.zeros((len(candidates), len(placements)))
    index = BM25Okapi([doc or [""] for doc in corpus])
    out = np.zeros((len(candidates), len(placements)))
    for i, c in enumerate(candidates):
        query = word_tokens(candidate_text(c))
        if query:
            out[i] = index.get_scores(query)
    return out


def _rank(
    scores: np.ndarray, candidates: Sequence[Record], placements: Sequence[Record]
) -> Ranking:
    """Placement ids by score descending, ties by id ascending; hard-excluded pairs left out."""
    placement_ids = [str(p["id"]) for p in placements]
    ranking: Ranking = {}
    for i, c in enumerate(candidates):
        allowed = [j for j, p in enumerate(placements) if not hard_excluded(c, p)]
        allowed.sort(key=lambda j: (-float(scores[i, j]), placement_ids[j]))
        ranking[str(c["id"])] = [placement_ids[j] for j in allowed]
    return ranking


def jaccard_rank(candidates: Sequence[Record], placements: Sequence[Record]) -> Ranking:
    return _rank(jaccard_scores(candidates, placements), candidates, placements)


def tfidf_rank(candidates: Sequence[Record], placements: Sequence[Record]) -> Ranking:
    return _rank(tfidf_scores(candidates, placements), candidates, placements)


def bm25_rank(candidates: Sequence[Record], placements: Sequence[Record]) -> Ranking:
    return _rank(bm25_scores(candidates, placements), candidates, placements)


DEFAULT_RADIUS_KM = 30  # the command line's default max_commute_km


def reachable(candidate: Record, placement: Record, gazetteer: Any) -> bool:
    """Remote, the candidate relocates, either place unknown, or within the commute radius."""
    if placement.get("remote") or candidate.get("willing_to_relocate"):
        return True
    home = gazetteer.find(str(candidate["municipality"])) if candidate.get("municipality") else None
    there = (
        gazetteer.find(str(placement["municipality"])) if placement.get("municipality") else None
    )
    if home is None or there is None:
        return True
    radius = candidate.get("max_commute_km")
    radius = DEFAULT_RADIUS_KM if radius is None else float(radius)
    return bool(gazetteer.distance_km(home, there) <= radius)


def with_commute_tier(
    rank: Callable[[Sequence[Record], Sequence[Record]], Ranking],
) -> Callable[[Sequence[Record], Sequence[Record]], Ranking]:
    """rank, then the reachable placements before the others (stable within each group)."""

    def ranked(candidates: Sequence[Record], placements: Sequence[Record]) -> Ranking:
        from matching.engine.places import Gazetteer

        gazetteer = Gazetteer.default()
        by_id = {str(p["id"]): p for p in placements}
        base = rank(candidates, placements)
        return {
            str(c["id"]): sorted(
                base[str(c["id"])], key=lambda pid: not reachable(c, by_id[pid], gazetteer)
            )
            for c in candidates
        }

    return ranked


BASELINES: dict[str, Callable[[Sequence[Record], Sequence[Record]], Ranking]] = {
    "jaccard": jaccard_rank,
    "tfidf": tfidf_rank,
    "bm25": bm25_rank,
}
DIAGNOSTIC_BASELINES: dict[str, Callable[[Sequence[Record], Sequence[Record]], Ranking]] = {
    "tfidf+geo": with_commute_tier(tfidf_rank),
    "bm25+geo": with_commute_tier(bm25_rank),
}
