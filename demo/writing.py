"""How demo people write their skills: the taxonomy's forms, scripts, diacritics and typos."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from candidates.services import (
    SkillEntry,
)
from demo import data
from demo.common import TYPO_SHARE, DemoSeedError, make_typo, strip_diacritics
from matching.engine.normalize import fold, latin_to_cyrillic
from reference.models import Skill, SkillLabel

# ---------------------------------------------------------------------------
# Reference data the seeder needs
# ---------------------------------------------------------------------------


def _all_skill_codes() -> set[str]:
    codes = set(data.TRANSVERSAL_SKILLS) | {data.DRIVING_LICENCE_SKILL}
    for occupation in data.OCCUPATIONS:
        codes.update(occupation.skills)
    for templates in data.PLACEMENT_TEMPLATES.values():
        for template in templates:
            codes.update(template.required)
            codes.update(template.preferred)
    for training in data.TRAININGS:
        codes.update(training.skills)
    return codes


class _SkillCatalogue:
    """The curated skills the demo uses, their labels, and lookups by folded key."""

    def __init__(self) -> None:
        codes = _all_skill_codes()
        self._skills = {
            skill.code: skill
            for skill in Skill.objects.filter(code__in=codes, source=Skill.Source.CURATED)
        }
        missing = sorted(codes - self._skills.keys())
        if missing:
            raise DemoSeedError(
                f"{len(missing)} curated skills are missing ({', '.join(missing[:8])}"
                f"{', …' if len(missing) > 8 else ''}); run `manage.py load_reference_data`."
            )
        self._latin: dict[str, list[str]] = {code: [] for code in codes}
        self._english: dict[str, list[str]] = {code: [] for code in codes}
        labels = (
            SkillLabel.objects.filter(
                skill__code__in=codes, source=Skill.Source.CURATED, language__in=["sr-Latn", "en"]
            )
            .order_by("skill__code", "language", "-kind", "text")  # preferred before aliases
            .values_list("skill__code", "language", "text")
        )
        for code, language, text in labels:
            (self._latin if language == "sr-Latn" else self._english)[code].append(text)
        self._keys: dict[str, frozenset[int]] = {}
        self._by_pk = {skill.pk: skill for skill in self._skills.values()}

    def get(self, code: str) -> Skill:
        return self._skills[code]

    def latin_forms(self, code: str) -> list[str]:
        """Preferred Serbian Latin label first, then the aliases."""
        return self._latin[code] or [self._skills[code].label_sr or self._skills[code].label_en]

    def english_forms(self, code: str) -> list[str]:
        return self._english[code]

    def resolve(self, text: str) -> frozenset[int]:
        """Ids of every skill (curated or ESCO) with a label whose folded key equals the text's."""
        key = fold(text)
        if key not in self._keys:
            self._keys[key] = frozenset(
                SkillLabel.objects.filter(key=key).values_list("skill_id", flat=True)
            )
        return self._keys[key]

    def skill_by_pk(self, pk: int) -> Skill:
        if pk not in self._by_pk:
            self._by_pk[pk] = Skill.objects.get(pk=pk)
        return self._by_pk[pk]


@dataclass(frozen=True)
class _Writing:
    """How one candidate writes: script, diacritics, and the grammatical gender of nouns."""

    cyrillic: bool
    no_diacritics: bool
    female: bool

    def apply(self, text: str) -> str:
        if self.no_diacritics:
            text = strip_diacritics(text)
        if self.cyrillic:
            text = latin_to_cyrillic(text)
        return text


_FEMININE_SUFFIXES = ("ica", "ka", "kinja")


def _fits_gender(text: str, forms: Sequence[str], female: bool) -> bool:
    """False for "konobarica" written by a man, or "konobar" by a woman, when both are listed."""
    for other in forms:
        for suffix in _FEMININE_SUFFIXES:
            if (not female and text == other + suffix) or (female and other == text + suffix):
                return False
    return True


def _written_skill(
    rng: random.Random, catalogue: _SkillCatalogue, code: str, writing: _Writing
) -> SkillEntry:
    """A skill as a person writes it; linked only when the text's folded key finds a skill."""
    english = catalogue.english_forms(code)
    in_english = bool(english) and code.startswith("it.") and rng.random() < 0.3
    forms = english if in_english else catalogue.latin_forms(code)
    aliases = [form for form in forms[1:] if _fits_gender(form, forms, writing.female)]
    text = forms[0] if not aliases or rng.random() < 0.3 else rng.choice(aliases)
    if rng.random() < TYPO_SHARE:
        for _attempt in range(6):
            typo = make_typo(rng, text)
            if fold(typo) != fold(text) and not catalogue.resolve(typo):
                text = typo
                break
    if not in_english:  # English terms stay in Latin script even in Cyrillic text
        text = writing.apply(text)
    proficiency = rng.choice((2, 3, 3, 4, 4, 5))
    ids = catalogue.resolve(text)
    intended = catalogue.get(code)
    if not ids:
        return SkillEntry(skill=None, written_as=text, proficiency=proficiency)
    skill = intended if intended.pk in ids else catalogue.skill_by_pk(min(ids))
    return SkillEntry(skill=skill, written_as=text, proficiency=proficiency)
