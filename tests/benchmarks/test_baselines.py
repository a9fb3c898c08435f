"""The baselines of benchmarks/baselines.py: folded text, hard rules, ties, the commute tier."""

from __future__ import annotations

from typing import Any

from benchmarks import baselines


def test_tokens_are_folded_like_the_engine_folds() -> None:
    assert baselines.word_tokens("Šivenje, ШИВЕЊЕ! sivenje") == ["sivenje"] * 3
    assert baselines.word_tokens("Ниш NIŠ") == ["nis", "nis"]


def test_cyrillic_and_latin_spellings_match_in_every_baseline() -> None:
    cands = [{"id": "c1", "skills": ["шивење", "оверлок"]}]
    places: list[dict[str, Any]] = [  # three: Okapi's IDF is 0 for a term in 1 of 2 documents
        {"id": "p1", "title": "Kuvar", "required_skills": ["kuvanje"]},
        {"id": "p2", "title": "Šivačica", "required_skills": ["šivenje", "overlok"]},
        {"id": "p3", "title": "Vozač", "required_skills": ["vožnja"]},
    ]
    for name, rank in baselines.BASELINES.items():
        assert rank(cands, places)["c1"][0] == "p2", name


def test_baselines_rank_every_allowed_placement_with_ties_by_id() -> None:
    cands = [{"id": "c1", "skills": ["welding"], "about": "MAG welding"}]
    places: list[dict[str, Any]] = [
        {"id": "p2", "title": "Cook"},
        {"id": "p1", "title": "Welder", "required_skills": [{"name": "welding"}]},
        {"id": "p0", "title": "Cook"},
    ]
    for name, rank in baselines.BASELINES.items():
        assert rank(cands, places) == {"c1": ["p1", "p0", "p2"]}, name


def test_hard_rules_leave_placements_out() -> None:
    cand = {
        "id": "c1",
        "seeking": ["job"],
        "education": {"level": 3},
        "languages": [{"code": "de", "level": "B1"}],
        "skills": ["welding"],
    }
    places: list[dict[str, Any]] = [
        {"id": "ok", "kind": "job", "title": "Welder"},
        {"id": "kind", "title": "Welder (internship by default)"},
        {"id": "edu", "kind": "job", "title": "Welder", "min_education_level": 4},
        {
            "id": "lang",
            "kind": "job",
            "title": "Welder",
            "languages": [{"code": "de", "level": "B2"}],
        },
        {
            "id": "lang2",
            "kind": "job",
            "title": "Welder",
            "languages": [{"code": "en", "level": "A1"}],
        },
    ]
    for rank in baselines.BASELINES.values():
        assert rank([cand], places) == {"c1": ["ok"]}


def test_unstated_education_is_not_below_a_minimum() -> None:
    cand = {"id": "c1", "skills": ["welding"]}
    place = {"id": "p1", "kind": "job", "min_education_level": 4}
    assert not baselines.hard_excluded(cand, place)


def test_bm25_copes_with_placements_without_text() -> None:
    cands: list[dict[str, Any]] = [{"id": "c1", "skills": ["python"]}, {"id": "c2"}]
    places: list[dict[str, Any]] = [
        {"id": "p1"},
        {"id": "p2", "title": "Python developer"},
        {"id": "p3", "title": "Cook"},
    ]
    ranking = baselines.bm25_rank(cands, places)
    assert ranking["c1"][0] == "p2"
    assert ranking["c2"] == ["p1", "p2", "p3"]
    assert baselines.bm25_rank(cands, [{"id": "p1"}]) == {"c1": ["p1"], "c2": ["p1"]}


def test_commute_tier_puts_reachable_placements_first() -> None:
    cand = {"id": "c1", "municipality": "Niš", "max_commute_km": 30, "skills": ["welding"]}
    places: list[dict[str, Any]] = [
        {"id": "far", "municipality": "Beograd", "title": "Welder welding"},
        {"id": "near", "municipality": "Aleksinac", "title": "Cook"},
        {"id": "remote", "municipality": "Beograd", "remote": True, "title": "Driver"},
    ]
    tiered = baselines.DIAGNOSTIC_BASELINES["tfidf+geo"]([cand], places)["c1"]
    assert tiered[-1] == "far"
    assert set(tiered[:2]) == {"near", "remote"}
    relocating = {**cand, "willing_to_relocate": True}
    assert baselines.DIAGNOSTIC_BASELINES["tfidf+geo"]([relocating], places)["c1"][0] == "far"
