"""Turn database rows into the matching engine's frozen dataclasses (and nothing else).

The engine never sees a model: services call these mappers and hand the dataclasses over.
Bulk mappers prefetch everything in a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from candidates.models import CandidateLanguage, CandidateProfile, CandidateSkill
from companies.models import Placement, PlacementLanguage, PlacementSkill
from matching.engine.places import REGIONAL_CENTRES, Gazetteer
from matching.engine.types import (
    Candidate,
    LanguageSkill,
    Place,
    SkillClaim,
    Taxonomy,
    TaxonomySkill,
    cefr_rank,
)
from matching.engine.types import Placement as EnginePlacement
from reference.models import Municipality, Skill, SkillLabel
from reference.selectors import taxonomy_version_from_db

# ESCO skills outside ESCO's hierarchy share one group, as in matching.engine.taxonomy.
ESCO_GROUP = "esco"
# Order of a skill's labels after the preferred one: Serbian first, then English, then the rest.
_LANGUAGE_ORDER = {"sr-Latn": 0, "sr-Cyrl": 1, "en": 2}
_SOURCE_ORDER: dict[str, int] = {Skill.Source.CURATED.value: 0, Skill.Source.ESCO.value: 1}


# --- taxonomy ------------------------------------------------------------------------------


def _skill_preferred_label(label_sr: str, label_en: str) -> str:
    return label_sr or label_en


def taxonomy_from_db(*, version: str | None = None) -> Taxonomy:
    """Every skill with every label, preferred first, in two queries.

    Curated skills come before ESCO ones, and only a label of the skill's own source counts
    as preferred (ESCO's English label of a curated skill is an alias), as in
    `matching.engine.taxonomy.load_taxonomy`: where two skills share a label, the engine's
    resolver gives it to the earlier skill, so a curated skill's preferred label always
    resolves to that skill. `version` may be passed when the caller has just computed
    `taxonomy_version_from_db()`.
    """
    version = version if version is not None else taxonomy_version_from_db()
    labels: dict[int, list[tuple[str, str, str, str]]] = defaultdict(list)
    for skill_id, kind, language, source, text in SkillLabel.objects.values_list(
        "skill_id", "kind", "language", "source", "text"
    ).iterator(chunk_size=5000):
        labels[skill_id].append((kind, language, source, text))
    rows = sorted(
        Skill.objects.values_list(
            "id", "code", "group__code", "source", "label_sr", "label_en", "language_code"
        ).iterator(chunk_size=5000),
        key=lambda row: (_SOURCE_ORDER.get(row[3], 2), row[0]),
    )
    skills: list[TaxonomySkill] = []
    for skill_id, code, group_code, source, label_sr, label_en, language_code in rows:
        preferred_label = _skill_preferred_label(label_sr, label_en)
        ranked = sorted(
            (
                0 if kind == SkillLabel.Kind.PREFERRED and label_source == source else 1,
                _SOURCE_ORDER.get(label_source, 2),
                _LANGUAGE_ORDER.get(language, 3),
                text,
            )
            for kind, language, label_source, text in labels.get(skill_id, ())
        )
        texts = [preferred_label, *(text for *_order, text in ranked)]
        preferred = [preferred_label, *(text for rank, *_o, text in ranked if rank == 0)]
        skills.append(
            TaxonomySkill(
                id=code,
                group=group_code or (ESCO_GROUP if source == Skill.Source.ESCO else ""),
                preferred_label=preferred_label,
                labels=tuple(dict.fromkeys(text for text in texts if text)),
                language_code=language_code,
                preferred_labels=tuple(dict.fromkeys(text for text in preferred if text)),
            )
        )
    return Taxonomy(skills=tuple(skills), version=version)


# --- places --------------------------------------------------------------------------------


def place_from_municipality(municipality: Municipality) -> Place:
    """The engine's place for a municipality (select_related("district") saves a query)."""
    return Place(
        code=municipality.code,
        name=municipality.name_latn,
        district=municipality.district.code,
        latitude=municipality.latitude,
        longitude=municipality.longitude,
        regional_centre=municipality.code in REGIONAL_CENTRES,
    )


def gazetteer_from_db() -> Gazetteer:
    """The municipalities as stored (one query), looked up by Latin, Cyrillic and seat name."""
    municipalities = list(Municipality.objects.select_related("district").order_by("code"))
    names = [
        (spelling, municipality.code)
        for municipality in municipalities
        for spelling in (municipality.name_cyrl, municipality.seat_latn)
        if spelling
    ]
    return Gazetteer([place_from_municipality(m) for m in municipalities], names=names)


# --- skills and languages -----------------------------------------------------------------


def _claim_text(skill: Skill | None, written_as: str) -> str:
    """What the engine resolves: a linked skill's preferred label (so it resolves to exactly
    that skill), otherwise the person's own words."""
    if skill is not None:
        return _skill_preferred_label(skill.label_sr, skill.label_en) or written_as
    return written_as


def _written_terms(rows: Iterable[CandidateSkill | PlacementSkill]) -> dict[str, str]:
    terms: dict[str, str] = {}
    for row in rows:
        text = _claim_text(row.skill, row.written_as)
        if row.written_as and row.written_as != text:
            terms.setdefault(text, row.written_as)
    return terms


def candidate_written_terms(profile: CandidateProfile) -> dict[str, str]:
    """Claim text given to the engine → the candidate's own words, where they differ.

    The engine only knows one text per claim, and for linked skills that is the preferred
    label; services put the words the person wrote back into the stored explanation.
    """
    return _written_terms(profile.skills.all())


def placement_written_terms(placement: Placement) -> dict[str, str]:
    """Requirement text given to the engine → the company's own words, where they differ."""
    return _written_terms(placement.skills.all())


def _languages(rows: Iterable[tuple[str, str]]) -> tuple[LanguageSkill, ...]:
    return tuple(
        LanguageSkill(code=code, level=cefr_rank(level)) for code, level in sorted(set(rows))
    )


# --- candidates ----------------------------------------------------------------------------


def candidate_queryset_for_engine(
    queryset: QuerySet[CandidateProfile] | None = None,
) -> QuerySet[CandidateProfile]:
    """The profiles with everything the mapper reads: 3 queries for any number of rows."""
    queryset = queryset if queryset is not None else CandidateProfile.objects.all()
    return queryset.select_related("municipality__district").prefetch_related(
        Prefetch(
            "skills",
            queryset=CandidateSkill.objects.select_related("skill").order_by("id"),
        ),
        Prefetch("languages", queryset=CandidateLanguage.objects.order_by("language")),
    )


def candidate_to_engine(profile: CandidateProfile) -> Candidate:
    """One candidate profile as the engine sees it (no sensitive programme data exists here)."""
    seeking = {
        kind
        for kind, wanted in (
            ("internship", profile.seeks_internship),
            ("job", profile.seeks_job),
            ("self_employment", profile.seeks_self_employment),
        )
        if wanted
    }
    skills = tuple(
        SkillClaim(text=_claim_text(row.skill, row.written_as), level=row.proficiency)
        for row in profile.skills.all()
    )
    return Candidate(
        id=str(profile.pk),
        place=place_from_municipality(profile.municipality),
        max_commute_km=float(profile.max_commute_km),
        willing_to_relocate=profile.willing_to_relocate,
        seeking=frozenset(seeking),
        education_level=profile.education_level,
        education_field=profile.education_field,
        languages=_languages((row.language, row.level) for row in profile.languages.all()),
        skills=tuple(claim for claim in skills if claim.text),
        about=profile.experience,
    )


def candidates_to_engine(queryset: QuerySet[CandidateProfile]) -> list[Candidate]:
    """Candidates for a queryset of profiles, in a fixed number of queries."""
    return [candidate_to_engine(profile) for profile in candidate_queryset_for_engine(queryset)]


# --- placements ----------------------------------------------------------------------------


def placement_queryset_for_engine(
    queryset: QuerySet[Placement] | None = None,
) -> QuerySet[Placement]:
    """The placements with everything the mapper reads: 3 queries for any number of rows."""
    queryset = queryset if queryset is not None else Placement.objects.all()
    return queryset.select_related("municipality__district").prefetch_related(
        Prefetch(
            "skills",
            queryset=PlacementSkill.objects.select_related("skill").order_by("-required", "id"),
        ),
        Prefetch("languages", queryset=PlacementLanguage.objects.order_by("language")),
    )


def placement_to_engine(placement: Placement) -> EnginePlacement:
    """One placement as the engine sees it; a placement that is not open is excluded there."""
    required: list[SkillClaim] = []
    preferred: list[SkillClaim] = []
    for row in placement.skills.all():
        text = _claim_text(row.skill, row.written_as)
        if text:
            (required if row.required else preferred).append(
                SkillClaim(text=text, level=row.min_proficiency)
            )
    place = (
        place_from_municipality(placement.municipality)
        if placement.municipality is not None
        else None
    )
    return EnginePlacement(
        id=str(placement.pk),
        kind=placement.kind,
        title=placement.title,
        description=placement.description,
        place=place,
        remote=placement.remote,
        required_skills=tuple(required),
        preferred_skills=tuple(preferred),
        min_education_level=placement.min_education_level,
        languages=_languages((row.language, row.min_level) for row in placement.languages.all()),
        slots=placement.slots,
        is_open=placement.status == Placement.Status.OPEN,
        district=place.district if place is not None else "",
    )


def placements_to_engine(queryset: QuerySet[Placement]) -> list[EnginePlacement]:
    """Placements for a queryset, in a fixed number of queries."""
    return [placement_to_engine(p) for p in placement_queryset_for_engine(queryset)]
