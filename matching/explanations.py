"""Match explanations in words, from the stored JSON form (``Match.breakdown``).

``explanation_sentences(breakdown, language=..., commute_km=..., audience=...)`` turns the
dict written by ``matching.engine.scoring.explanation_to_dict`` (docs/engine.md,
"Explanation") into a few short sentences, e.g.

    Odgovara: 4 od 5 traženih veština (Python, SQL, Git, Linux); nedostaje: Docker.
    Udaljenost 12 km (u okviru vaših 30 km).

Pure code: no templates, no database and no Django translation machinery. The phrases are
written out here for Serbian Latin and English; Serbian Cyrillic (Django's ``"sr"``) is
always ``latin_to_cyrillic`` of the Serbian Latin sentence, so the two scripts cannot drift
apart (technical terms such as Python or SQL stay Latin, as that function intends).

Old or partial rows are tolerated: a missing or malformed key simply contributes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from matching.engine.normalize import cyrillic_to_latin, latin_to_cyrillic

__all__ = ["AUDIENCES", "LANGUAGES", "explanation_sentences", "plural_form"]

LANGUAGES: Final[tuple[str, ...]] = ("sr-latn", "sr", "en")
AUDIENCES: Final[tuple[str, ...]] = ("candidate", "coordinator", "company")

# Language requirement codes -> (Serbian adjective, English name).
_LANGUAGE_NAMES: Final[dict[str, tuple[str, str]]] = {
    "de": ("nemački", "German"),
    "en": ("engleski", "English"),
    "it": ("italijanski", "Italian"),
    "fr": ("francuski", "French"),
    "ru": ("ruski", "Russian"),
    "rom": ("romski", "Romani"),
    "sq": ("albanski", "Albanian"),
    "bg": ("bugarski", "Bulgarian"),
    "hu": ("mađarski", "Hungarian"),
    "ro": ("rumunski", "Romanian"),
    "mk": ("makedonski", "Macedonian"),
    "sl": ("slovenački", "Slovenian"),
}

# Serbian noun phrase after "od M": singular (genitive sg.), paucal, plural (genitive pl.).
_SR_REQUIRED_SKILLS: Final[tuple[str, str, str]] = (
    "tražene veštine",
    "tražene veštine",
    "traženih veština",
)

_YOU: Final = "you"
_THIRD: Final = "third"


def plural_form(n: int) -> int:
    """Serbian plural class of ``n``: 0 singular, 1 paucal (2–4), 2 plural (incl. 11–14)."""
    n = abs(n)
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


def _format_int(value: int, english: bool) -> str:
    text = f"{value:,}"
    return text if english else text.replace(",", ".")


def _join(items: Sequence[str]) -> str:
    return ", ".join(items)


# ---------------------------------------------------------------------------
# Phrase tables (Serbian Latin and English; Cyrillic is derived)
# ---------------------------------------------------------------------------


def _sr_skills(
    matched: int, required: int, names: Sequence[str], partial: str, missing: Sequence[str]
) -> str:
    text = f"Odgovara: {matched} od {required} {_SR_REQUIRED_SKILLS[plural_form(required)]}"
    if names:
        text += f" ({_join(names)})"
    if partial:
        text += f"; delimično: {partial}"
    if missing:
        text += f"; nedostaje: {_join(missing)}"
    return text + "."


def _en_skills(
    matched: int, required: int, names: Sequence[str], partial: str, missing: Sequence[str]
) -> str:
    noun = "required skill" if required == 1 else "required skills"
    text = f"Matches {matched} of {required} {noun}"
    if names:
        text += f" ({_join(names)})"
    if partial:
        text += f"; partly: {partial}"
    if missing:
        text += f"; missing: {_join(missing)}"
    return text + "."


_PHRASES: Final[dict[str, dict[str, Any]]] = {
    "sr-latn": {
        "skills": _sr_skills,
        "no_skills": "Oglas ne traži posebne veštine.",
        "only_missing": "Nedostaje: {missing}.",
        "related": "{requirement} (srodna veština: {term})",
        "related_no_term": "{requirement} (srodna veština)",
        "preferred": {
            _YOU: ("Imate i poželjnu veštinu: {names}.", "Imate i poželjne veštine: {names}."),
            _THIRD: ("Ima i poželjnu veštinu: {names}.", "Ima i poželjne veštine: {names}."),
        },
        "remote": "Rad na daljinu.",
        "same_place": "U istom mestu.",
        "distance": "Udaljenost {km} km.",
        "within": {
            _YOU: "Udaljenost {km} km (u okviru vaših {radius} km).",
            _THIRD: "Udaljenost {km} km (u okviru kandidatovih {radius} km).",
        },
        "beyond": {
            _YOU: "Udaljenost {km} km (više od vaših {radius} km).",
            _THIRD: "Udaljenost {km} km (više od kandidatovih {radius} km).",
        },
        "relocation": {
            _YOU: (
                "Spremni ste na preseljenje.",
                "Udaljenost {km} km; spremni ste na preseljenje.",
            ),
            _THIRD: (
                "Kandidat je spreman na preseljenje.",
                "Udaljenost {km} km; kandidat je spreman na preseljenje.",
            ),
        },
        "kind_not_sought": {
            _YOU: "Ne tražite ovu vrstu angažmana.",
            _THIRD: "Kandidat ne traži ovu vrstu angažmana.",
        },
        "education_below_minimum": {
            _YOU: "Vaše obrazovanje je ispod najnižeg koje oglas traži.",
            _THIRD: "Obrazovanje kandidata je ispod najnižeg koje oglas traži.",
        },
        "placement_not_open": "Oglas više nije otvoren.",
        "language_not_met": {
            _YOU: "Ne ispunjavate uslov za {language}.",
            _THIRD: "Kandidat ne ispunjava uslov za {language}.",
        },
        "language_known": "{name} jezik",
        "language_unknown": "jezik ({code})",
        "excluded_other": "Nije ispunjen jedan od obaveznih uslova oglasa.",
    },
    "en": {
        "skills": _en_skills,
        "no_skills": "The posting does not ask for specific skills.",
        "only_missing": "Missing: {missing}.",
        "related": "{requirement} (related skill: {term})",
        "related_no_term": "{requirement} (related skill)",
        "preferred": {
            _YOU: (
                "You also have a preferred skill: {names}.",
                "You also have preferred skills: {names}.",
            ),
            _THIRD: (
                "The candidate also has a preferred skill: {names}.",
                "The candidate also has preferred skills: {names}.",
            ),
        },
        "remote": "Remote work.",
        "same_place": "In the same place.",
        "distance": "Distance {km} km.",
        "within": {
            _YOU: "Distance {km} km (within your {radius} km).",
            _THIRD: "Distance {km} km (within the candidate's {radius} km).",
        },
        "beyond": {
            _YOU: "Distance {km} km (beyond your {radius} km).",
            _THIRD: "Distance {km} km (beyond the candidate's {radius} km).",
        },
        "relocation": {
            _YOU: (
                "You are willing to relocate.",
                "Distance {km} km; you are willing to relocate.",
            ),
            _THIRD: (
                "The candidate is willing to relocate.",
                "Distance {km} km; the candidate is willing to relocate.",
            ),
        },
        "kind_not_sought": {
            _YOU: "You are not looking for this kind of placement.",
            _THIRD: "The candidate is not looking for this kind of placement.",
        },
        "education_below_minimum": {
            _YOU: "Your education is below the minimum the posting asks for.",
            _THIRD: "The candidate's education is below the minimum the posting asks for.",
        },
        "placement_not_open": "The posting is no longer open.",
        "language_not_met": {
            _YOU: "You do not meet the {language} requirement.",
            _THIRD: "The candidate does not meet the {language} requirement.",
        },
        "language_known": "{name} language",
        "language_unknown": "language ({code})",
        "excluded_other": "A mandatory condition of the posting is not met.",
    },
}


# ---------------------------------------------------------------------------
# Defensive readers for old or partial rows
# ---------------------------------------------------------------------------


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _list(value: object) -> list[Any]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        return []
    return list(value)


def _unique(items: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


# ---------------------------------------------------------------------------
# The sentences
# ---------------------------------------------------------------------------


def explanation_sentences(
    breakdown: Mapping[str, Any],
    *,
    language: str,
    commute_km: float | None = None,
    audience: str = "candidate",
) -> list[str]:
    """Sentences explaining a match, in ``language`` ("sr-latn", "sr" = Cyrillic, "en").

    ``audience`` "candidate" addresses the reader ("vaših 30 km", "your 30 km");
    "coordinator" and "company" speak of the candidate in the third person. ``commute_km``
    is the candidate's commute radius, shown next to the distance when given.
    Order: required skills, preferred skills, distance, one sentence per exclusion reason.
    """
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {LANGUAGES}")
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; expected one of {AUDIENCES}")
    english = language == "en"
    phrases = _PHRASES["en" if english else "sr-latn"]
    person = _YOU if audience == "candidate" else _THIRD
    # Skill texts are shown as written; for Serbian they are put in Latin first (and the
    # whole Latin sentence is transliterated for Cyrillic below).
    name: Callable[[str], str] = (lambda s: s) if english else cyrillic_to_latin
    data: Mapping[str, Any] = breakdown if isinstance(breakdown, Mapping) else {}

    sentences = [
        *_skill_sentences(data, phrases, person, name),
        *_distance_sentences(data, phrases, person, commute_km, english),
        *_exclusion_sentences(data, phrases, person, english),
    ]
    if language == "sr":
        return [latin_to_cyrillic(sentence) for sentence in sentences]
    return sentences


def _skill_sentences(
    data: Mapping[str, Any],
    phrases: Mapping[str, Any],
    person: str,
    name: Callable[[str], str],
) -> list[str]:
    required_total = 0
    matched: list[str] = []
    partial: list[str] = []
    partial_texts: set[str] = set()
    preferred: list[str] = []
    for item in _list(data.get("requirements")):
        if not isinstance(item, Mapping):
            continue
        text = name(_text(item.get("requirement")))
        required = item.get("required") is True
        by = item.get("matched_by")
        met = isinstance(by, str) and bool(by)
        if required:
            required_total += 1
        if not met or not text:
            continue
        if by == "related":
            if required:
                term = name(_text(item.get("candidate_term")))
                key = "related" if term else "related_no_term"
                partial.append(phrases[key].format(requirement=text, term=term))
                partial_texts.add(text)
        elif required:
            matched.append(text)
        else:
            preferred.append(text)
    matched_count = len(matched)
    # A requirement met only by a related skill is also in missing_required (engine.md); it
    # is named once, under "partly".
    missing = [
        text
        for text in _unique([name(_text(m)) for m in _list(data.get("missing_required"))])
        if text not in partial_texts
    ]

    sentences: list[str] = []
    if required_total:
        skills: Callable[..., str] = phrases["skills"]
        sentences.append(skills(matched_count, required_total, matched, _join(partial), missing))
    elif missing:  # an inconsistent old row: missing skills but no requirement list
        sentences.append(phrases["only_missing"].format(missing=_join(missing)))
    elif "requirements" in data or "missing_required" in data:
        sentences.append(phrases["no_skills"])
    preferred = _unique(preferred)
    if preferred:
        one, many = phrases["preferred"][person]
        sentences.append((one if len(preferred) == 1 else many).format(names=_join(preferred)))
    return sentences


def _distance_sentences(
    data: Mapping[str, Any],
    phrases: Mapping[str, Any],
    person: str,
    commute_km: float | None,
    english: bool,
) -> list[str]:
    tier = data.get("location_tier")
    distance = _number(data.get("distance_km"))
    if tier == "remote":
        return [phrases["remote"]]
    if tier == "relocation":
        without, with_km = phrases["relocation"][person]
        if distance is None:
            return [without]
        return [with_km.format(km=_format_int(round(distance), english))]
    if tier == "unknown" or distance is None:
        return []
    if distance < 1:
        return [phrases["same_place"]]
    km = round(distance)
    radius = _number(commute_km)
    if radius is None or radius <= 0:
        return [phrases["distance"].format(km=_format_int(km, english))]
    radius_km = round(radius)
    key = "within" if km <= radius_km else "beyond"
    return [
        phrases[key][person].format(
            km=_format_int(km, english), radius=_format_int(radius_km, english)
        )
    ]


def _exclusion_sentences(
    data: Mapping[str, Any], phrases: Mapping[str, Any], person: str, english: bool
) -> list[str]:
    sentences: list[str] = []
    for reason in _list(data.get("excluded")):
        if not isinstance(reason, str) or not reason.strip():
            continue
        code, _, argument = reason.strip().partition(":")
        if code in ("kind_not_sought", "education_below_minimum"):
            sentence = phrases[code][person]
        elif code == "placement_not_open":
            sentence = phrases[code]
        elif code == "language_not_met":
            lang = argument.strip().lower()
            names = _LANGUAGE_NAMES.get(lang)
            if names is not None:
                described = phrases["language_known"].format(name=names[1] if english else names[0])
            else:
                described = phrases["language_unknown"].format(code=lang.upper() or "?")
            sentence = phrases["language_not_met"][person].format(language=described)
        else:
            sentence = phrases["excluded_other"]
        if sentence not in sentences:
            sentences.append(sentence)
    return sentences
