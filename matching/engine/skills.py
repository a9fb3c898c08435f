"""Skill resolution: free text → a taxonomy skill (exact, alias or fuzzy), or kept as text.

The similarity is built for Serbian skill phrases written by hand: any script, with or without
diacritics, inflected ("programiranja", "nemačkog jezika"), misspelt ("Pyhton") or wrapped in
filler words ("poznavanje rada u Excelu", "engleski B2"). Two measures are combined:

* **characters** — the better of rapidfuzz's Indel ratio and a Damerau-style similarity in
  which swapping two neighbouring letters costs half an edit, on the folded strings; and
* **words** — a character-weighted Dice overlap of the content words after a light Serbian
  stemmer, each word matched to its most similar counterpart (so inflection and word order do
  not matter); a label whose every content word occurs in the text, or a text of two or more
  content words that all occur in the label, counts at least `CONTAINED_SCORE`.

Short strings are held to a stricter standard: nothing shorter than `MIN_FUZZY_LEN`
characters matches fuzzily at all ("C" never becomes "C#"), the character score is stretched
away from 100 for strings shorter than 8 characters, words of at most three characters must
be equal and carry extra weight, and the character measure is not used on phrases whose
short words differ ("vozačka dozvola B" vs "… C"). Scores are on rapidfuzz's 0–100 scale; the
acceptance threshold is `Weights.fuzzy_threshold` (86 by default).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Levenshtein
from scipy import sparse

from matching.engine.normalize import fold
from matching.engine.types import Taxonomy

__all__ = [
    "CONTAINED_SCORE",
    "DEFAULT_THRESHOLD",
    "MIN_FUZZY_LEN",
    "Resolution",
    "SkillResolver",
    "content_stems",
    "similarity",
    "stem",
    "text_similarity_matrix",
]

DEFAULT_THRESHOLD: Final = 86.0
MIN_FUZZY_LEN: Final = 4  # shorter strings match only exactly
SHORT_TOKEN_LEN: Final = 3  # words this short ("b", "c#", "sql", "co2") must match exactly
SHORT_TOKEN_WEIGHT: Final = 6  # …and weigh like a six-letter word in the word overlap
STRICT_BELOW_LEN: Final = 8  # the character score is stretched for strings shorter than this
CONTAINED_SCORE: Final = 90.0
SINGLE_CONTAINED_SCORE: Final = 88.0
SINGLE_CONTAINED_MIN_LEN: Final = 5
SINGLE_CONTAINED_MAX_WORDS: Final = 3  # …inside a text of at most this many content words
PREFIX_MIN_LEN: Final = 5  # a word this long that begins another counts as PREFIX_SIMILARITY
PREFIX_SIMILARITY: Final = 0.9
PREFIX_MIN_SHARE: Final = 0.6  # …when it is at least this share of the longer word
_PREFILTER: Final = 60.0  # cdist cut-off that only selects candidates for exact scoring
# Labels re-scored exactly per query: the best by Indel ratio (at least _CHAR_PREFILTER, which
# any label that can reach the threshold on characters exceeds) and the ones sharing the most
# word weight.
_CHAR_PREFILTER: Final = 70.0
CONFIDENT: Final = 95.0  # a word-overlap match this good needs no character search
_CHAR_CANDIDATES: Final = 5
_WORD_CANDIDATES: Final = 8
_RESOLVED_KEPT: Final = 200_000  # resolutions remembered per distinct text

# Serbian (and English) function words and the filler people write around a skill: they say
# nothing about which skill it is. Compared after folding, before stemming.
# fmt: off
_STOPWORDS: Final[frozenset[str]] = frozenset({
    "i", "u", "na", "sa", "s", "za", "od", "do", "o", "po", "kao", "iz", "uz", "ili", "te",
    "and", "of", "in", "on", "the", "for", "with", "a", "an", "to", "or",
    "znanje", "znanja", "poznavanje", "poznavanja", "iskustvo", "iskustva", "iskustvom",
    "osnove", "osnovno", "osnovni", "osnovna", "napredno", "napredni", "srednje", "srednji",
    "dobro", "dobar", "odlicno", "odlican", "vrlo", "veoma", "aktivno", "pasivno", "nivo",
    "nivoa", "godina", "godine", "god",
    "basic", "basics", "advanced", "intermediate", "fluent", "native", "good", "very",
    "excellent", "knowledge", "experience", "level", "skills", "skill", "years",
    "a1", "a2", "b1", "b2", "c1", "c2",
})
# Inflectional endings stripped by `stem`, longest first; a stem keeps at least 3 letters.
_SUFFIXES: Final[tuple[str, ...]] = tuple(sorted({
    "ovima", "evima", "ijama", "ovoga", "ama", "ima", "om", "em", "og", "ega", "emu",
    "omu", "oj", "ih", "im", "ovi", "ove", "ova", "ovu", "evi", "eve", "eva", "a", "e", "i",
    "o", "u",
}, key=len, reverse=True))
# fmt: on
_MIN_STEM: Final = 3


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a piece of skill text resolved to."""

    term: str  # the text as written
    key: str  # its folded comparison key
    skill_id: str | None  # None when unresolved (the text is kept and compared as text)
    matched_by: str | None  # "exact" (a preferred label) | "alias" | "fuzzy" | None
    similarity: float  # 0..1; 1 for exact and alias
    label: str | None = None  # the taxonomy label it matched


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Strip one Serbian inflectional ending from a folded word ("nemackog" → "nemack")."""
    if not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


@functools.lru_cache(maxsize=65536)
def content_stems(key: str) -> tuple[str, ...]:
    """Stems of the content words of a folded key, in order, without repeats."""
    return tuple(dict.fromkeys(stem(word) for word in key.split() if word not in _STOPWORDS))


def _weight(token: str) -> int:
    return SHORT_TOKEN_WEIGHT if len(token) <= SHORT_TOKEN_LEN else len(token)


@functools.lru_cache(maxsize=1 << 16)
def _short_tokens(stems: tuple[str, ...]) -> frozenset[str]:
    return frozenset(token for token in stems if len(token) <= SHORT_TOKEN_LEN)


def _stretch(score: float, length: int) -> float:
    """Push a score away from 100 for short strings: one typo weighs more in five letters."""
    if length >= STRICT_BELOW_LEN:
        return score
    factor = 1.0 + (STRICT_BELOW_LEN - length) / 4.0
    return max(0.0, 100.0 - (100.0 - score) * factor)


def char_score(a: str, b: str) -> float:
    """Character similarity 0..100 of two folded strings, strict for short ones."""
    if a == b:
        return 100.0
    shorter, longer = sorted((len(a), len(b)))
    if shorter < MIN_FUZZY_LEN:
        return 0.0
    ratio = fuzz.ratio(a, b)
    # Damerau-style: an adjacent transposition (OSA 1, Levenshtein 2) costs half an edit.
    osa = OSA.distance(a, b)
    lev = Levenshtein.distance(a, b)
    damerau = 100.0 * (1.0 - (1.5 * osa - 0.5 * lev) / longer)
    return _stretch(max(ratio, damerau), longer)


@functools.lru_cache(maxsize=1 << 18)
def _token_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if len(a) <= SHORT_TOKEN_LEN or len(b) <= SHORT_TOKEN_LEN:
        return 0.0
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if (
        len(shorter) >= PREFIX_MIN_LEN
        and len(shorter) >= PREFIX_MIN_SHARE * len(longer)
        and longer.startswith(shorter)
    ):
        # Serbian derivation grows words at the end ("argon" → "argonsko").
        return PREFIX_SIMILARITY
    score = char_score(a, b)
    return score / 100.0 if score >= DEFAULT_THRESHOLD else 0.0


@functools.lru_cache(maxsize=1 << 16)
def _weights(stems: tuple[str, ...]) -> tuple[tuple[int, ...], int]:
    weights = tuple(_weight(token) for token in stems)
    return weights, sum(weights)


def word_score(
    a_stems: tuple[str, ...],
    b_stems: tuple[str, ...],
    vocabulary: Container[str] | None = None,
) -> float:
    """Character-weighted Dice overlap 0..100 of the stems of a text (`a`) and a label (`b`).

    One side wholly inside the other ("kurs nemačkog jezika" ⊃ "nemački jezik") counts at
    least CONTAINED_SCORE, less half the shortfall of words that matched only fuzzily. A
    single-word label inside a short text ("JavaScript programiranje" ⊃ "JavaScript") counts
    SINGLE_CONTAINED_SCORE when the word is long enough to be specific and every other word
    of the text is a known one (in `vocabulary`, when given): "montažer skele" with a typo in
    "skele" must not become "montažer" (video editing). A lone word of the text inside a longer
    label says too little ("mašina") and gets no such floor.
    """
    if not a_stems or not b_stems:
        return 0.0
    table = [[_token_similarity(x, y) for y in b_stems] for x in a_stems]
    best_a = [max(row) for row in table]
    best_b = [max(column) for column in zip(*table, strict=True)]
    weight_a, total_a = _weights(a_stems)
    weight_b, total_b = _weights(b_stems)
    matched_a = sum([w * s for w, s in zip(weight_a, best_a, strict=True)])
    matched_b = sum([w * s for w, s in zip(weight_b, best_b, strict=True)])
    score = 100.0 * (matched_a + matched_b) / (total_a + total_b)
    if min(best_a) > 0.0 and len(a_stems) >= 2:
        score = max(score, CONTAINED_SCORE - 50.0 * (1.0 - matched_a / total_a))
    if min(best_b) > 0.0:
        if len(b_stems) >= 2:
            score = max(score, CONTAINED_SCORE - 50.0 * (1.0 - matched_b / total_b))
        elif (
            len(b_stems[0]) >= SINGLE_CONTAINED_MIN_LEN
            and len(a_stems) <= SINGLE_CONTAINED_MAX_WORDS
            and (vocabulary is None or all(token in vocabulary for token in a_stems))
        ):
            score = max(score, SINGLE_CONTAINED_SCORE - 50.0 * (1.0 - matched_b / total_b))
    return float(score)


def similarity(a: str, b: str, vocabulary: Container[str] | None = None) -> float:
    """Similarity 0..100 of a text `a` to a label `b` (folded keys): the better of the
    character and word measures (symmetric except for a single-word label inside a phrase,
    see `word_score`; `vocabulary` is the set of known stems)."""
    if a == b:
        return 100.0 if a else 0.0
    if len(a) < MIN_FUZZY_LEN or len(b) < MIN_FUZZY_LEN:
        return 0.0  # "Jav" is not "Java", even though "Javi" and "Jave" are
    a_stems, b_stems = content_stems(a), content_stems(b)
    words = word_score(a_stems, b_stems, vocabulary)
    if a_stems and set(a_stems) == set(b_stems):
        return 100.0  # the same words up to inflection and order
    if _short_tokens(a_stems) != _short_tokens(b_stems):
        return words
    return float(max(words, char_score(a, b)))


# ---------------------------------------------------------------------------
# The resolver
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Label:
    key: str
    text: str
    skill: int  # index into the taxonomy's skills
    preferred: bool


class SkillResolver:
    """Resolves skill text against one taxonomy; results are cached per distinct text."""

    def __init__(self, taxonomy: Taxonomy, *, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.taxonomy = taxonomy
        self.threshold = threshold
        self.skill_ids: tuple[str, ...] = tuple(skill.id for skill in taxonomy.skills)
        self.skill_index: dict[str, int] = {sid: i for i, sid in enumerate(self.skill_ids)}
        if len(self.skill_index) != len(self.skill_ids):
            raise ValueError("taxonomy has duplicate skill ids")
        labels: dict[str, _Label] = {}
        # Preferred labels first, so a key that is one skill's preferred label and another's
        # alias goes to the former; among equals the earlier skill wins (stable).
        for want_preferred in (True, False):
            for index, skill in enumerate(taxonomy.skills):
                preferred = set(skill.preferred_labels or (skill.preferred_label,))
                for text in skill.labels:
                    if (text in preferred) != want_preferred:
                        continue
                    key = fold(text)
                    if key and key not in labels:
                        labels[key] = _Label(key, text, index, want_preferred)
        self._labels = labels
        self._keys: list[str] = list(labels)
        self._label_list: list[_Label] = list(labels.values())
        self._stems: list[tuple[str, ...]] = [content_stems(key) for key in self._keys]
        postings: dict[str, list[int]] = {}
        for position, stems in enumerate(self._stems):
            for token in stems:
                postings.setdefault(token, []).append(position)
        self._postings = {token: np.array(ids, dtype=np.int32) for token, ids in postings.items()}
        n_labels = max(1, len(self._keys))
        self._idf = {token: math.log(1.0 + n_labels / len(ids)) for token, ids in postings.items()}
        self._max_idf = math.log(1.0 + n_labels)
        self._label_mass = [sum(self._idf[token] for token in stems) for stems in self._stems]
        # Labels by their set of content stems: a query with the same words is a sure match.
        self._stem_sets: dict[frozenset[str], int] = {}
        for position, stems in enumerate(self._stems):
            if stems:
                self._stem_sets.setdefault(frozenset(stems), position)
        # Among equally similar labels prefer the more specific one: the one whose rarest word
        # is rarer ("JavaScript programiranje" → JavaScript, not programming).
        self._specificity: list[float] = [
            max((-len(postings[token]) for token in stems), default=0) for stems in self._stems
        ]
        self._cache: dict[str, tuple[int, float]] = {}  # key -> (label position or -1, score)
        self._resolved: dict[str, Resolution] = {}  # text -> resolution at `_resolved_at`
        self._resolved_at = threshold

    # -- single ------------------------------------------------------------------------

    def resolve(self, text: str) -> Resolution:
        """Resolve one piece of text (see `resolve_many`)."""
        return self.resolve_many([text])[0]

    def resolve_many(self, texts: Sequence[str]) -> list[Resolution]:
        """Resolve texts: exact key of a preferred label → "exact", of another label →
        "alias", else the most similar label when its score reaches the threshold → "fuzzy",
        else unresolved. Distinct texts are scored once, in one batch, and cached."""
        if self._resolved_at != self.threshold:
            self._resolved.clear()  # fuzzy decisions depend on the threshold
            self._resolved_at = self.threshold
        resolved = self._resolved
        new = [text for text in dict.fromkeys(texts) if text not in resolved]
        if new:
            keys = [fold(text) for text in new]
            pending = sorted(
                {k for k in keys if k and k not in self._labels and k not in self._cache}
            )
            if pending:
                self._search(pending)
            for text, key in zip(new, keys, strict=True):
                resolved[text] = self._resolution(text, key)
        result = [resolved[text] for text in texts]
        if len(resolved) > _RESOLVED_KEPT:
            for text in list(resolved)[: len(resolved) - _RESOLVED_KEPT]:
                del resolved[text]
        return result

    def _resolution(self, text: str, key: str) -> Resolution:
        label = self._labels.get(key)
        if label is not None:
            return Resolution(
                term=text,
                key=key,
                skill_id=self.skill_ids[label.skill],
                matched_by="exact" if label.preferred else "alias",
                similarity=1.0,
                label=label.text,
            )
        position, score = self._cache.get(key, (-1, 0.0))
        if position < 0 or score < self.threshold:
            return Resolution(term=text, key=key, skill_id=None, matched_by=None, similarity=0.0)
        label = self._label_list[position]
        return Resolution(
            term=text,
            key=key,
            skill_id=self.skill_ids[label.skill],
            matched_by="fuzzy",
            similarity=round(score / 100.0, 4),
            label=label.text,
        )

    def best_match(self, text: str) -> tuple[str | None, float]:
        """The most similar skill and its score 0..100 whatever the threshold (for tuning)."""
        key = fold(text)
        label = self._labels.get(key)
        if label is not None:
            return self.skill_ids[label.skill], 100.0
        if key and key not in self._cache:
            self._search([key])
        position, score = self._cache.get(key, (-1, 0.0))
        return (self.skill_ids[self._label_list[position].skill] if position >= 0 else None), score

    # -- batch fuzzy search ------------------------------------------------------------

    def _search(self, queries: list[str]) -> None:
        """Best label for each query: first the labels with the same words (up to
        inflection and order), then those sharing the most informative words; a query still
        below CONFIDENT then also gets the labels nearest by characters (one C-level,
        multi-threaded rapidfuzz.cdist pass for all of them)."""
        unsure: list[tuple[str, set[int]]] = []
        for query in queries:
            stems = content_stems(query)
            same_words = (
                self._stem_sets.get(frozenset(stems))
                if stems and len(query) >= MIN_FUZZY_LEN
                else None
            )
            if same_words is not None:
                self._cache[query] = (same_words, 100.0)
                continue
            candidates = set(self._word_candidates(stems))
            position, score = self._best(query, candidates)
            self._cache[query] = (position, score)
            if score < CONFIDENT:
                unsure.append((query, candidates))
        if not unsure:
            return
        char_hits = process.cdist(
            [query for query, _ in unsure],
            self._keys,
            scorer=fuzz.ratio,
            score_cutoff=_CHAR_PREFILTER,
            dtype=np.uint8,
            workers=-1,
        )
        for row, (query, seen) in enumerate(unsure):
            hits = np.flatnonzero(char_hits[row])
            if hits.size > _CHAR_CANDIDATES:
                hits = hits[np.argsort(-char_hits[row, hits], kind="stable")[:_CHAR_CANDIDATES]]
            extra = set(hits.tolist()) - seen
            if not extra:
                continue
            position, score = self._best(query, extra | seen)
            self._cache[query] = (position, score)

    def _best(self, query: str, candidates: Iterable[int]) -> tuple[int, float]:
        """The best label among `candidates`: highest similarity, then a preferred label,
        then the more specific one, then the earlier one."""
        best: tuple[float, bool, float, int] = (0.0, False, 0.0, 0)
        best_position = -1
        for position in candidates:
            score = similarity(query, self._keys[position], self._postings)
            if score <= 0.0:
                continue
            rank = (
                score,
                self._label_list[position].preferred,
                self._specificity[position],
                -position,
            )
            if rank > best:
                best, best_position = rank, position
        return best_position, best[0]

    def _word_candidates(self, stems: tuple[str, ...]) -> list[int]:
        """Labels sharing the most informative words with the query: ranked by a Dice overlap
        of idf-weighted stems, so a label made mostly of the query's rarer words comes first."""
        if not stems:
            return []
        shared: dict[int, float] = {}
        query_mass = 0.0
        for token in stems:
            idf = self._idf.get(token)
            if idf is None:
                query_mass += self._max_idf
                continue
            query_mass += idf
            for position in self._postings[token].tolist():
                shared[position] = shared.get(position, 0.0) + idf
        mass = self._label_mass
        ranked = sorted(
            shared,
            key=lambda position: (-shared[position] / (query_mass + mass[position]), position),
        )
        return ranked[:_WORD_CANDIDATES]


# ---------------------------------------------------------------------------
# Unresolved text against unresolved text
# ---------------------------------------------------------------------------


def text_similarity_matrix(
    left: Sequence[str], right: Sequence[str], *, threshold: float
) -> sparse.csr_matrix:
    """Similarity 0..1 of folded keys `left` × `right`, zero below `threshold` (sparse).

    rapidfuzz.cdist preselects the pairs (Indel ratio and token-set ratio over stems, both
    C-level and multi-threaded); only those are scored exactly with `similarity`.
    """
    if not left or not right:
        return sparse.csr_matrix((len(left), len(right)), dtype=np.float64)
    by_chars = process.cdist(
        left, right, scorer=fuzz.ratio, score_cutoff=_PREFILTER, dtype=np.uint8, workers=-1
    )
    left_stems = [" ".join(content_stems(key)) for key in left]
    right_stems = [" ".join(content_stems(key)) for key in right]
    by_words = process.cdist(
        left_stems,
        right_stems,
        scorer=fuzz.token_set_ratio,
        score_cutoff=_PREFILTER,
        dtype=np.uint8,
        workers=-1,
    )
    rows, columns = np.nonzero((by_chars > 0) | (by_words > 0))
    values = np.array(
        [
            similarity(left[r], right[c])
            for r, c in zip(rows.tolist(), columns.tolist(), strict=True)
        ],
        dtype=np.float64,
    )
    keep = values >= threshold
    return sparse.csr_matrix(
        (values[keep] / 100.0, (rows[keep], columns[keep])), shape=(len(left), len(right))
    )
