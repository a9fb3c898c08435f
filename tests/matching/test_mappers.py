"""Mappers turn profiles, placements, municipalities and the stored taxonomy into engine inputs."""

from __future__ import annotations

from typing import Any

import pytest

from candidates.models import CandidateLanguage, CandidateProfile, CandidateSkill
from companies.models import Placement, PlacementLanguage, PlacementSkill
from matching.engine.skills import SkillResolver
from matching.engine.types import LanguageSkill, SkillClaim
from matching.mappers import (
    candidate_to_engine,
    candidate_written_terms,
    candidates_to_engine,
    gazetteer_from_db,
    place_from_municipality,
    placement_to_engine,
    placement_written_terms,
    placements_to_engine,
    taxonomy_from_db,
)
from reference.models import Skill, SkillLabel
from reference.selectors import taxonomy_version_from_db
from tests.factories import CandidateProfileFactory, PlacementFactory, municipality

pytestmark = pytest.mark.django_db


def _skill(code: str) -> Skill:
    return Skill.objects.get(code=code)


def _candidate_with_everything() -> CandidateProfile:
    profile = CandidateProfileFactory.create(
        municipality=municipality("vranje"),
        max_commute_km=40,
        willing_to_relocate=True,
        seeks_internship=False,
        seeks_job=True,
        seeks_self_employment=True,
        education_level=4,
        education_field="Mašinstvo",
        experience="Dve godine u radionici.",
    )
    CandidateSkill.objects.create(
        candidate=profile, skill=_skill("it.python"), written_as="pajton", proficiency=4
    )
    CandidateSkill.objects.create(candidate=profile, written_as="Zavarivnje", proficiency=2)
    CandidateLanguage.objects.create(candidate=profile, language="en", level="B2")
    CandidateLanguage.objects.create(candidate=profile, language="de", level="A2")
    return profile


def test_a_candidate_maps_to_the_engine_fields() -> None:
    profile = _candidate_with_everything()

    candidate = candidate_to_engine(profile)

    assert candidate.id == str(profile.pk)
    assert candidate.place is not None and candidate.place.code == "vranje"
    assert candidate.max_commute_km == 40.0
    assert candidate.willing_to_relocate is True
    assert candidate.seeking == frozenset({"job", "self_employment"})
    assert candidate.education_level == 4
    assert candidate.education_field == "Mašinstvo"
    assert candidate.about == "Dve godine u radionici."
    assert candidate.languages == (LanguageSkill("de", 2), LanguageSkill("en", 4))
    python = _skill("it.python")
    # A linked skill is given by its preferred label, so the engine resolves exactly that skill;
    # an unlinked one by the person's words (typo and all: the engine matches it fuzzily).
    assert candidate.skills == (
        SkillClaim(text=python.label_sr or python.label_en, level=4),
        SkillClaim(text="Zavarivnje", level=2),
    )
    assert candidate_written_terms(profile) == {python.label_sr or python.label_en: "pajton"}


def test_a_placement_maps_to_the_engine_fields() -> None:
    placement = PlacementFactory.create(
        municipality=municipality("leskovac"),
        kind=Placement.Kind.JOB,
        title="Zavarivač",
        description="Rad u smenama.",
        min_education_level=3,
        slots=3,
        status=Placement.Status.OPEN,
    )
    PlacementSkill.objects.create(
        placement=placement, skill=_skill("it.python"), required=True, min_proficiency=3
    )
    PlacementSkill.objects.create(placement=placement, written_as="viljuškar", required=False)
    PlacementLanguage.objects.create(placement=placement, language="de", min_level="B1")

    mapped = placement_to_engine(placement)

    python = _skill("it.python")
    assert mapped.id == str(placement.pk)
    assert mapped.kind == "job"
    assert mapped.title == "Zavarivač"
    assert mapped.description == "Rad u smenama."
    assert mapped.place is not None and mapped.place.code == "leskovac"
    assert mapped.district == mapped.place.district == municipality("leskovac").district.code
    assert mapped.required_skills == (SkillClaim(python.label_sr or python.label_en, 3),)
    assert mapped.preferred_skills == (SkillClaim("viljuškar", None),)
    assert mapped.min_education_level == 3
    assert mapped.languages == (LanguageSkill("de", 3),)
    assert mapped.slots == 3
    assert mapped.is_open is True
    assert placement_written_terms(placement) == {}


@pytest.mark.parametrize(
    "status", [Placement.Status.DRAFT, Placement.Status.FILLED, Placement.Status.CLOSED]
)
def test_a_placement_that_is_not_open_is_not_open_for_the_engine(status: str) -> None:
    assert placement_to_engine(PlacementFactory.create(status=status)).is_open is False


def test_a_remote_placement_without_a_municipality_has_no_place_or_district() -> None:
    placement = PlacementFactory.create(municipality=None, remote=True)

    mapped = placement_to_engine(placement)

    assert mapped.place is None
    assert mapped.remote is True
    assert mapped.district == ""


def test_a_municipality_maps_to_a_place_with_its_district_and_centre_flag() -> None:
    nis = municipality("nis")
    place = place_from_municipality(nis)

    assert place.code == "nis"
    assert place.name == nis.name_latn
    assert place.district == nis.district.code
    assert (place.latitude, place.longitude) == (nis.latitude, nis.longitude)
    assert place.regional_centre is True
    assert place_from_municipality(municipality("bujanovac")).regional_centre is False


def test_the_gazetteer_from_the_database_finds_every_municipality_by_name() -> None:
    gazetteer = gazetteer_from_db()

    assert len(gazetteer) == 145
    assert gazetteer.find("Ниш") == place_from_municipality(municipality("nis"))


def test_the_taxonomy_has_every_skill_with_every_label_preferred_first() -> None:
    taxonomy = taxonomy_from_db()

    assert len(taxonomy.skills) == Skill.objects.count()
    by_id = {skill.id: skill for skill in taxonomy.skills}
    python = _skill("it.python")
    mapped = by_id["it.python"]
    assert python.group is not None and mapped.group == python.group.code == "it"
    assert mapped.preferred_label == (python.label_sr or python.label_en)
    assert mapped.labels[0] == mapped.preferred_label
    assert set(mapped.labels) == {
        *SkillLabel.objects.filter(skill=python).values_list("text", flat=True),
        mapped.preferred_label,
    }
    assert mapped.preferred_labels[0] == mapped.preferred_label
    assert set(mapped.preferred_labels) <= set(mapped.labels)
    languages = [skill for skill in taxonomy.skills if skill.language_code]
    assert languages, "the curated layer has language skills"
    assert taxonomy.version == taxonomy_version_from_db()


def test_every_skills_preferred_label_resolves_back_to_that_skill() -> None:
    taxonomy = taxonomy_from_db()
    resolver = SkillResolver(taxonomy)

    wrong = [
        (skill.id, skill.preferred_label, resolver.resolve(skill.preferred_label).skill_id)
        for skill in taxonomy.skills
        if resolver.resolve(skill.preferred_label).skill_id != skill.id
    ]
    assert wrong == []


def test_the_taxonomy_version_is_two_aggregate_queries_and_follows_label_changes(
    django_assert_num_queries: Any,
) -> None:
    with django_assert_num_queries(2):
        before = taxonomy_version_from_db()
    assert taxonomy_version_from_db() == before

    label = SkillLabel(
        skill=_skill("it.python"), language="sr-Latn", kind="alias", text="zmijski jezik"
    )
    label.source = "curated"
    label.save()
    added = taxonomy_version_from_db()
    label.delete()

    assert added != before
    assert taxonomy_version_from_db() != added


def test_the_taxonomy_loads_in_two_queries(django_assert_num_queries: Any) -> None:
    version = taxonomy_version_from_db()
    with django_assert_num_queries(2):
        taxonomy_from_db(version=version)


def _many_candidates(count: int) -> None:
    python = _skill("it.python")
    for index in range(count):
        profile = CandidateProfileFactory.create()
        CandidateSkill.objects.create(candidate=profile, skill=python, written_as="Python")
        CandidateSkill.objects.create(candidate=profile, written_as=f"vestina {index}")
        CandidateLanguage.objects.create(candidate=profile, language="en", level="B1")


def _many_placements(count: int) -> None:
    python = _skill("it.python")
    for index in range(count):
        placement = PlacementFactory.create(title=f"Praksa {index}")
        PlacementSkill.objects.create(placement=placement, skill=python)
        PlacementSkill.objects.create(placement=placement, written_as="Excel", required=False)
        PlacementLanguage.objects.create(placement=placement, language="en", min_level="A2")


@pytest.mark.parametrize("count", [3, 12])
def test_bulk_candidates_take_three_queries_whatever_their_number(
    count: int, django_assert_max_num_queries: Any
) -> None:
    _many_candidates(count)

    with django_assert_max_num_queries(3):
        candidates = candidates_to_engine(CandidateProfile.objects.all())

    assert len(candidates) == count
    assert all(len(candidate.skills) == 2 and candidate.languages for candidate in candidates)


@pytest.mark.parametrize("count", [3, 12])
def test_bulk_placements_take_three_queries_whatever_their_number(
    count: int, django_assert_max_num_queries: Any
) -> None:
    _many_placements(count)

    with django_assert_max_num_queries(3):
        placements = placements_to_engine(Placement.objects.all())

    assert len(placements) == count
    assert all(p.required_skills and p.preferred_skills and p.languages for p in placements)
