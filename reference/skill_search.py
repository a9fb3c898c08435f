"""Skills autocomplete: labels ranked for a partly typed query, in any script or spelling.

A read over the taxonomy (a selector in all but location; it lives beside the one endpoint
that uses it). Every label and alias of every skill is folded (matching.engine.normalize.fold:
Cyrillic to Latin, no diacritics, lower case), so "прог", "prog" and "Prog" find the same
skills, and "vozac" finds "vozač". Ranking, best first:

1. the whole label equals the query;
2. the label starts with the query ("prog" → "programiranje");
3. every word of the query begins a word of the label ("jez nem" → "nemački jezik");
4. fuzzy, for typos ("pyhton" → "Python", "zavarivac bravar"): each query word against the
   vocabulary of label words (rapidfuzz Indel ratio), capped below the prefix matches, for
   queries of four characters or more.

The index is built once per process and rebuilt when the stored taxonomy changes (checked at
most every SKILL_SEARCH_INDEX_RECHECK_SECONDS).
"""

from __future__ import annotations

import bisect
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from rapidfuzz import fuzz, process

from core.languages import current_language
from matching.engine.normalize import fold, is_cyrillic, latin_to_cyrillic
from matching.engine.skills import char_score
from reference.models import Skill, SkillLabel
from reference.selectors import taxonomy_version_from_db

EXACT = 100.0
PREFIX = 95.0
WORD_PREFIX = 88.0
FUZZY_CAP = 84.0
FUZZY_CUTOFF = 75.0
FUZZY_WORDS = 20  # the most similar vocabulary words per query word
MIN_FUZZY_QUERY = 4
MAX_PREFIX_HITS = 2000


@dataclass(frozen=True, slots=True)
class _Entry:
    key: str
    text: str
    skill_id: int
    preferred: bool


@dataclass(frozen=True, slots=True)
class _SkillInfo:
    code: str
    skill_type: str
    label_sr: str
    label_en: str
    label_cyrl: str


@dataclass(frozen=True, slots=True)
class SkillSuggestion:
    """One skill offered for a query: its label in the asked language, the label that
    matched the query (in the script it is stored in), and how well (0..1)."""

    id: int
    code: str
    skill_type: str
    label: str
    matched_label: str
    score: float


class SkillSearchIndex:
    """Every label of every skill, folded, with sorted views for prefix search."""

    def __init__(self, skills: dict[int, _SkillInfo], entries: Iterable[_Entry]) -> None:
        self.skills = skills
        unique: dict[tuple[str, int], _Entry] = {}
        for entry in entries:
            seen = unique.get((entry.key, entry.skill_id))
            if entry.key and (seen is None or (entry.preferred and not seen.preferred)):
                unique[(entry.key, entry.skill_id)] = entry
        self.entries: list[_Entry] = list(unique.values())
        self.keys: list[str] = [entry.key for entry in self.entries]
        self._sorted_keys: list[tuple[str, int]] = sorted(
            (key, position) for position, key in enumerate(self.keys)
        )
        self._sorted_words: list[tuple[str, int]] = sorted(
            {(word, position) for position, key in enumerate(self.keys) for word in key.split()}
        )
        # Typos are forgiven word by word: the vocabulary is a few ten thousand words where
        # the labels are a hundred thousand phrases, and a word is what people misspell.
        self._word_positions: dict[str, list[int]] = {}
        for word, position in self._sorted_words:
            self._word_positions.setdefault(word, []).append(position)
        self._vocabulary: list[str] = list(self._word_positions)

    @classmethod
    def from_db(cls) -> SkillSearchIndex:
        cyrillic: dict[int, str] = dict(
            SkillLabel.objects.filter(language="sr-Cyrl", kind=SkillLabel.Kind.PREFERRED)
            .order_by("skill_id", "id")
            .values_list("skill_id", "text")
        )
        skills = {
            pk: _SkillInfo(
                code=code,
                skill_type=skill_type,
                label_sr=label_sr,
                label_en=label_en,
                label_cyrl=cyrillic.get(pk, ""),
            )
            for pk, code, skill_type, label_sr, label_en in Skill.objects.values_list(
                "id", "code", "skill_type", "label_sr", "label_en"
            ).iterator(chunk_size=5000)
        }
        entries: list[_Entry] = []
        for pk, info in skills.items():
            for text in (info.label_sr, info.label_en):
                if text:
                    entries.append(_Entry(fold(text), text, pk, True))
        for skill_id, key, text, kind in SkillLabel.objects.values_list(
            "skill_id", "key", "text", "kind"
        ).iterator(chunk_size=5000):
            entries.append(
                _Entry(key or fold(text), text, skill_id, kind == SkillLabel.Kind.PREFERRED)
            )
        return cls(skills, entries)

    # -- search ----------------------------------------------------------------------------

    def _prefixed(self, sorted_pairs: list[tuple[str, int]], prefix: str) -> list[int]:
        start = bisect.bisect_left(sorted_pairs, (prefix, -1))
        found: list[int] = []
        for text, position in sorted_pairs[start : start + MAX_PREFIX_HITS]:
            if not text.startswith(prefix):
                break
            found.append(position)
        return found

    def _scores(self, query: str, limit: int) -> dict[int, float]:
        scores: dict[int, float] = {}

        def offer(position: int, score: float) -> None:
            if score > scores.get(position, 0.0):
                scores[position] = score

        for position in self._prefixed(self._sorted_keys, query):
            key = self.keys[position]
            # Shorter labels first: "python" before "python web frameworks" for "pyt".
            offer(position, EXACT if key == query else PREFIX + 4.0 * len(query) / len(key))
        words = query.split()
        if words:
            anchor = max(words, key=len)
            for position in self._prefixed(self._sorted_words, anchor):
                label_words = self.keys[position].split()
                if all(any(lw.startswith(w) for lw in label_words) for w in words):
                    key = self.keys[position]
                    offer(position, WORD_PREFIX + 6.0 * len(query) / max(len(key), len(query)))
        strong = sum(1 for score in scores.values() if score >= WORD_PREFIX)
        if len(query) >= MIN_FUZZY_QUERY and strong < limit and words:
            for position, score in self._fuzzy(words).items():
                offer(position, score)
        return scores

    def _fuzzy(self, words: list[str]) -> dict[int, float]:
        """Labels whose words are each like a query word (Indel ratio at least FUZZY_CUTOFF,
        or the query word begins one of them), scored below every prefix match."""
        similar: list[dict[str, float]] = []
        for word in words:
            found = {word: 100.0} if word in self._word_positions else {}
            if len(word) >= MIN_FUZZY_QUERY:
                for match, _value, _index in process.extract(
                    word,
                    self._vocabulary,
                    scorer=fuzz.ratio,
                    score_cutoff=FUZZY_CUTOFF,
                    limit=FUZZY_WORDS,
                ):
                    # Re-scored with the engine's measure: a swap of two neighbouring letters
                    # ("pyhton") costs half an edit, and short words are held stricter.
                    found[match] = max(found.get(match, 0.0), char_score(word, match))
            similar.append(found)
        anchor = max(range(len(words)), key=lambda index: len(words[index]))
        candidates: set[int] = set()
        for match in similar[anchor]:
            candidates.update(self._word_positions[match][:MAX_PREFIX_HITS])
        results: dict[int, float] = {}
        for position in candidates:
            label_words = self.keys[position].split()
            best: list[float] = []
            for word, found in zip(words, similar, strict=True):
                value = max(
                    100.0 if label_word.startswith(word) else found.get(label_word, 0.0)
                    for label_word in label_words
                )
                if value < FUZZY_CUTOFF:
                    break
                best.append(value)
            else:
                # A label with more words than the query fits it less.
                fit = 0.9 + 0.1 * min(1.0, len(words) / len(label_words))
                results[position] = FUZZY_CAP * fit * sum(best) / (100.0 * len(best))
        return results

    def search(
        self, query: str, *, limit: int = 10, language: str = "sr-latn"
    ) -> list[SkillSuggestion]:
        folded = " ".join(fold(query).split())
        if not folded:
            return []
        # Per skill its best label: highest score, then one in the script the person typed
        # (the folded keys of "zavarivač" and "заваривач" are equal), then a preferred label,
        # then the shortest.
        cyrillic = is_cyrillic(query)
        best: dict[int, tuple[float, bool, bool, int, str]] = {}
        for position, score in self._scores(folded, limit).items():
            entry = self.entries[position]
            candidate = (
                score,
                is_cyrillic(entry.text) == cyrillic,
                entry.preferred,
                -len(entry.text),
                entry.text,
            )
            if entry.skill_id not in best or candidate[:4] > best[entry.skill_id][:4]:
                best[entry.skill_id] = candidate
        ordered = sorted(
            best.items(),
            key=lambda item: (-item[1][0], not item[1][2], -item[1][3], self.skills[item[0]].code),
        )
        return [
            SkillSuggestion(
                id=skill_id,
                code=self.skills[skill_id].code,
                skill_type=self.skills[skill_id].skill_type,
                label=skill_label(self.skills[skill_id], language),
                matched_label=text,
                score=round(score / 100.0, 3),
            )
            for skill_id, (score, _script, _preferred, _length, text) in ordered[:limit]
        ]


def skill_label(info: _SkillInfo, language: str) -> str:
    """The skill's name in the request's language: English, Serbian Cyrillic or Latin."""
    if language == "en":
        return info.label_en or info.label_sr or info.code
    if language == "sr":
        if info.label_cyrl:
            return info.label_cyrl
        return latin_to_cyrillic(info.label_sr) if info.label_sr else info.label_en or info.code
    return info.label_sr or info.label_en or info.code


# --- the per-process index ---------------------------------------------------------------

_lock = threading.Lock()
_state: dict[str, tuple[str, float, SkillSearchIndex]] = {}


def skill_search_index() -> SkillSearchIndex:
    """The index for the stored taxonomy (rebuilt when the taxonomy's fingerprint changes)."""
    recheck = float(settings.SKILL_SEARCH_INDEX_RECHECK_SECONDS)
    now = time.monotonic()
    with _lock:
        cached = _state.get("index")
        if cached is not None and now - cached[1] < recheck:
            return cached[2]
        version = taxonomy_version_from_db()
        if cached is not None and cached[0] == version:
            _state["index"] = (version, now, cached[2])
            return cached[2]
        index = SkillSearchIndex.from_db()
        _state["index"] = (version, now, index)
        return index


def skill_search_index_clear() -> None:
    with _lock:
        _state.clear()


def skills_suggest(
    *, query: str, limit: int = 10, language: str = "sr-latn"
) -> list[SkillSuggestion]:
    return skill_search_index().search(query, limit=limit, language=language)


# --- the one rule that links typed text to a skill -------------------------------------------

# Typed text is taken to be the taxonomy skill its best suggestion names when that suggestion
# is a whole-label, prefix or word-prefix match (score >= SURE_MATCH_SCORE), or a fuzzy match
# (typos) scoring at least TYPO_MATCH_SCORE and clearly ahead of the next one (TYPO_MARGIN);
# otherwise it stays in the person's own words (the engine still resolves it when scoring).
SURE_MATCH_SCORE = 0.86
TYPO_MATCH_SCORE = 0.70
TYPO_MARGIN = 0.03


def skill_resolve_typed(*, text: str, language: str | None = None) -> Skill | None:
    """The taxonomy skill that typed text names for sure, or None to keep the words as typed."""
    suggestions = skills_suggest(query=text, limit=2, language=language or current_language())
    if not suggestions:
        return None
    best = suggestions[0].score
    runner_up = suggestions[1].score if len(suggestions) > 1 else 0.0
    if best >= SURE_MATCH_SCORE or (best >= TYPO_MATCH_SCORE and best - runner_up >= TYPO_MARGIN):
        return Skill.objects.filter(pk=suggestions[0].id).first()
    return None


def skill_display_name(skill: Skill, language: str | None = None) -> str:
    """A taxonomy skill's name in the page's language and script."""
    info = skill_search_index().skills.get(skill.pk)
    if info is None:
        return skill.code
    return skill_label(info, language or current_language())
