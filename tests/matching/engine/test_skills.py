"""Tests for matching.engine.skills: resolving free skill text against the taxonomy."""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine.normalize import fold
from matching.engine.skills import (
    DEFAULT_THRESHOLD,
    SkillResolver,
    char_score,
    content_stems,
    similarity,
    stem,
    text_similarity_matrix,
)
from matching.engine.taxonomy import load_taxonomy
from matching.engine.types import Taxonomy, TaxonomySkill


@functools.cache
def shared_resolver() -> SkillResolver:
    return SkillResolver(load_taxonomy())


@pytest.fixture
def resolver() -> SkillResolver:
    return shared_resolver()


@pytest.mark.parametrize(
    ("text", "skill_id"),
    [
        ("programiranje", "it.programming"),
        ("програмирање", "it.programming"),
        ("ПРОГРАМИРАЊЕ", "it.programming"),
        ("Pyhton", "it.python"),
        ("Pyton", "it.python"),
        ("javascirpt", "it.javascript"),
        ("welding", "metal.welding"),
        ("zavarivanje", "metal.welding"),
        ("заваривање", "metal.welding"),
        ("varilac", "metal.welding"),
        ("zavarivac", "metal.welding"),
        ("zavarivač", "metal.welding"),
        ("kelner", "hospitality.waiting-tables"),
        ("konobar", "hospitality.waiting-tables"),
        ("waiter", "hospitality.waiting-tables"),
        ("sivenje", "textile.sewing"),
        ("šivenje", "textile.sewing"),
        ("elektricar", "electrical.installations"),
        ("Excel", "office.excel"),
        ("MS Word", "office.word"),
        ("C#", "it.csharp"),
        ("C++", "it.cpp"),
        ("Java", "it.java"),
        ("JavaScript", "it.javascript"),
    ],
)
def test_resolves_both_scripts_diacritics_languages_and_typos(
    resolver: SkillResolver, text: str, skill_id: str
) -> None:
    assert resolver.resolve(text).skill_id == skill_id


@pytest.mark.parametrize(
    ("text", "skill_id"),
    [
        ("programiranja", "it.programming"),  # inflection
        ("nemačkog jezika", "languages.german"),
        ("Nemački jezik C1", "languages.german"),  # level written in
        ("kurs nemačkog jezika", "languages.german"),  # label inside a longer phrase
        ("poznavanje rada u Excelu", "office.excel"),
        ("vozačka dozvola C", "driving.cat-c"),
        ("šivenje na industrijskoj mašini", "textile.industrial-sewing"),
        ("argonsko varenje", "metal.tig-welding"),
        ("JavaScript programiranje", "it.javascript"),
        ("crtanje u autokadu", "it.autocad"),
        ("baby sitting", "education.childcare"),
    ],
)
def test_resolves_multiword_and_inflected_phrases(
    resolver: SkillResolver, text: str, skill_id: str
) -> None:
    assert resolver.resolve(text).skill_id == skill_id


def test_english_and_serbian_labels_of_one_skill_resolve_to_it(resolver: SkillResolver) -> None:
    for skill in load_taxonomy().skills[:200]:
        for label in skill.labels:
            assert resolver.resolve(label).skill_id == skill.id, (label, skill.id)


@pytest.mark.parametrize(
    "text",
    ["C", "R", "Exel", "excellent", "Jav", "masina", "iskustvo u inostranstvu", "asdfgh", "", " "],
)
def test_short_tokens_and_lookalikes_are_refused(resolver: SkillResolver, text: str) -> None:
    assert resolver.resolve(text).skill_id is None


def test_short_tokens_do_not_become_their_longer_neighbours(resolver: SkillResolver) -> None:
    assert resolver.resolve("C").skill_id != "it.csharp"
    assert resolver.resolve("Java").skill_id != "it.javascript"
    assert resolver.resolve("JavaScript").skill_id != "it.java"
    assert resolver.resolve("vozačka dozvola B kategorije").skill_id == "driving.cat-b"
    assert resolver.resolve("vozačka dozvola BE kategorije").skill_id == "driving.cat-be"


def test_matched_by_and_similarity(resolver: SkillResolver) -> None:
    exact = resolver.resolve("zavarivanje")
    assert (exact.matched_by, exact.similarity, exact.label) == ("exact", 1.0, "zavarivanje")
    english = resolver.resolve("Operate welding equipment")
    assert english.matched_by == "exact"  # English preferred label
    alias = resolver.resolve("varilac")
    assert (alias.matched_by, alias.similarity) == ("alias", 1.0)
    fuzzy = resolver.resolve("Pyhton")
    assert fuzzy.matched_by == "fuzzy"
    assert DEFAULT_THRESHOLD / 100 <= fuzzy.similarity < 1.0
    assert fuzzy.label == "Python"
    assert fuzzy.term == "Pyhton"
    assert fuzzy.key == "pyhton"
    missing = resolver.resolve("iskustvo u inostranstvu")
    assert (missing.skill_id, missing.matched_by, missing.similarity) == (None, None, 0.0)


def test_threshold_decides_fuzzy_matches() -> None:
    taxonomy = load_taxonomy()
    skill, score = SkillResolver(taxonomy).best_match("Pyhton")
    assert skill == "it.python"
    assert SkillResolver(taxonomy, threshold=score).resolve("Pyhton").skill_id == "it.python"
    strict = SkillResolver(taxonomy, threshold=score + 0.01)
    assert strict.resolve("Pyhton").skill_id is None
    assert strict.resolve("python").skill_id == "it.python"  # exact matches ignore it


def test_changing_the_threshold_reuses_the_cached_search(resolver: SkillResolver) -> None:
    loose = SkillResolver(load_taxonomy(), threshold=50.0)
    result = loose.resolve("mysq")
    loose.threshold = 99.0
    assert loose.resolve("mysq").skill_id is None
    loose.threshold = 50.0
    assert loose.resolve("mysq") == result


def test_resolve_many_keeps_order_and_duplicates(resolver: SkillResolver) -> None:
    results = resolver.resolve_many(["kelner", "Pyhton", "kelner", "nepoznato nešto"])
    assert [r.skill_id for r in results] == [
        "hospitality.waiting-tables",
        "it.python",
        "hospitality.waiting-tables",
        None,
    ]
    assert [r.term for r in results] == ["kelner", "Pyhton", "kelner", "nepoznato nešto"]


def test_preferred_label_wins_over_an_alias_of_another_skill() -> None:
    taxonomy = Taxonomy(
        skills=(
            TaxonomySkill("a.one", "a", "alpha", ("alpha", "shared")),
            TaxonomySkill("a.two", "a", "shared", ("shared", "beta")),
        )
    )
    resolution = SkillResolver(taxonomy).resolve("shared")
    assert (resolution.skill_id, resolution.matched_by) == ("a.two", "exact")


def test_duplicate_skill_ids_are_refused() -> None:
    skill = TaxonomySkill("a.one", "a", "alpha", ("alpha",))
    with pytest.raises(ValueError, match="duplicate"):
        SkillResolver(Taxonomy(skills=(skill, skill)))


# --- the similarity measure ------------------------------------------------------------


def test_stem_strips_one_serbian_ending() -> None:
    assert stem("nemackog") == stem("nemacki") == "nemack"
    assert stem("programiranja") == stem("programiranje")
    assert stem("python") == "python"
    assert stem("rad") == "rad"  # stems keep three letters
    assert content_stems("poznavanje rada u excelu") == ("rad", "excel")


def test_char_score_is_strict_for_short_strings() -> None:
    assert char_score("pyhton", "python") >= DEFAULT_THRESHOLD  # transposition: half an edit
    assert char_score("exel", "excel") < DEFAULT_THRESHOLD
    assert char_score("c", "c#") == 0.0
    assert char_score("java", "javascript") < DEFAULT_THRESHOLD
    assert char_score("programiranja", "programiranje") > 90


def test_similarity_is_100_for_the_same_words_in_any_order_or_form() -> None:
    assert similarity(fold("jezika nemačkog"), fold("nemački jezik")) == 100.0
    assert similarity("", "") == 0.0


def test_short_words_must_match_exactly_in_phrases() -> None:
    assert similarity("vozacka dozvola b kategorije", "vozacka dozvola c kategorije") < 86
    assert similarity("c programiranje", "c# programiranje") < 86


def test_text_similarity_matrix_keeps_pairs_above_threshold() -> None:
    left = ["rad sa kasom galeb", "viljuskar", "nesto sasvim drugo"]
    right = ["kasa galeb", "rad sa kasom galeb"]
    matrix = text_similarity_matrix(left, right, threshold=86.0).toarray()
    assert matrix.shape == (3, 2)
    assert matrix[0, 1] == 1.0
    assert matrix[0, 0] >= 0.86  # "kasa galeb" is inside the text
    assert (matrix[1:] == 0).all()
    empty = text_similarity_matrix([], right, threshold=86.0)
    assert empty.shape == (0, 2)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30), st.text(max_size=30))
def test_similarity_is_bounded(a: str, b: str) -> None:
    value = similarity(fold(a), fold(b))
    assert 0.0 <= value <= 100.0


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_any_text_resolves_without_error(text: str) -> None:
    resolution = shared_resolver().resolve(text)
    assert 0.0 <= resolution.similarity <= 1.0
    assert (resolution.skill_id is None) == (resolution.matched_by is None)
