"""Tests for MatchingEngine: batch top-k against brute force, chunking, rescoring, caching."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine import MatchingEngine, materialise_explanations
from matching.engine.places import Gazetteer
from matching.engine.taxonomy import load_taxonomy
from matching.engine.types import (
    Candidate,
    LanguageSkill,
    Placement,
    ScoredPair,
    SkillClaim,
    Taxonomy,
    Weights,
)

GAZETTEER = Gazetteer.default()
TAXONOMY = load_taxonomy()
SOUTH_EAST = [p for p in GAZETTEER.places if p.district in {"RS-20", "RS-22", "RS-23", "RS-24"}]
GROUPS = ["it", "metal", "hospitality", "textile", "retail"]
WORDS = [
    "radio",
    "sam",
    "u",
    "firmi",
    "vredan",
    "pouzdan",
    "iskustvo",
    "nemačka",
    "posao",
    "smene",
    "obuka",
    "tim",
]


def _typo(text: str, rng: random.Random) -> str:
    if len(text) < 6:
        return text
    i = rng.randrange(1, len(text) - 2)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def make_inputs(
    seed: int, n_candidates: int = 24, n_placements: int = 14
) -> tuple[list[Candidate], list[Placement]]:
    """Random but plausible inputs: skills from a few groups, typos, places, constraints."""
    rng = random.Random(seed)
    by_group = {g: [s for s in TAXONOMY.skills if s.group == g] for g in GROUPS}

    def claim(group: str, level_range: tuple[int, int] | None) -> SkillClaim:
        skill = rng.choice(by_group[group])
        text = rng.choice(skill.labels)
        if rng.random() < 0.2:
            text = _typo(text, rng)
        if rng.random() < 0.1:
            text = "nešto sasvim " + rng.choice(WORDS)  # stays unresolved
        level = rng.randint(*level_range) if level_range and rng.random() < 0.5 else None
        return SkillClaim(text, level)

    placements = []
    for i in range(n_placements):
        group = rng.choice(GROUPS)
        placements.append(
            Placement(
                id=f"p{i:02d}",
                kind=rng.choice(["internship", "job"]),
                title=rng.choice(by_group[group]).preferred_label,
                description=" ".join(rng.sample(WORDS, 5)),
                place=rng.choice(SOUTH_EAST) if rng.random() < 0.9 else None,
                remote=rng.random() < 0.1,
                required_skills=tuple(claim(group, (2, 4)) for _ in range(rng.randint(0, 3))),
                preferred_skills=tuple(claim(group, None) for _ in range(rng.randint(0, 2))),
                min_education_level=rng.choice([None, None, 3, 4, 6]),
                languages=(LanguageSkill("de", rng.randint(2, 4)),) if rng.random() < 0.2 else (),
                is_open=rng.random() < 0.93,
            )
        )
    candidates = []
    for i in range(n_candidates):
        groups = rng.sample(GROUPS, 2)
        candidates.append(
            Candidate(
                id=f"c{i:02d}",
                place=rng.choice(SOUTH_EAST) if rng.random() < 0.9 else None,
                max_commute_km=rng.choice([10.0, 25.0, 40.0]),
                willing_to_relocate=rng.random() < 0.2,
                seeking=frozenset(rng.sample(["internship", "job"], rng.randint(1, 2))),
                education_level=rng.choice([None, 2, 3, 4, 6]),
                education_field=rng.choice(["", "mašinstvo", "ekonomija"]),
                languages=(LanguageSkill("de", rng.randint(1, 6)),) if rng.random() < 0.4 else (),
                skills=tuple(claim(rng.choice(groups), (1, 5)) for _ in range(rng.randint(0, 5))),
                about=" ".join(rng.sample(WORDS, 4)),
            )
        )
    return candidates, placements


def brute_force(
    engine: MatchingEngine,
    candidates: Sequence[Candidate],
    placements: Sequence[Placement],
    k: int | None,
    by: str,
) -> dict[str, list[tuple[str, float]]]:
    """score_one on every pair, eligible pairs sorted by (-score, id)."""
    result: dict[str, list[tuple[str, float]]] = {}
    keys = candidates if by == "candidate" else placements
    others = placements if by == "candidate" else candidates
    for key in keys:
        scored = []
        for other in others:
            pair = (
                engine.score_one(key, other)  # type: ignore[arg-type]
                if by == "candidate"
                else engine.score_one(other, key)  # type: ignore[arg-type]
            )
            if not pair.explanation.excluded:
                scored.append((other.id, pair.score))
        scored.sort(key=lambda item: (-item[1], item[0]))
        result[key.id] = scored if k is None else scored[:k]
    return result


def flat(ranking: dict[str, list[ScoredPair]], by: str) -> dict[str, list[tuple[str, float]]]:
    if by == "candidate":
        return {key: [(p.placement_id, p.score) for p in pairs] for key, pairs in ranking.items()}
    return {key: [(p.candidate_id, p.score) for p in pairs] for key, pairs in ranking.items()}


@pytest.fixture(scope="module")
def inputs() -> tuple[list[Candidate], list[Placement]]:
    return make_inputs(11)


def test_top_k_both_equals_score_one_brute_force(
    inputs: tuple[list[Candidate], list[Placement]],
) -> None:
    candidates, placements = inputs
    engine = MatchingEngine(TAXONOMY, GAZETTEER)
    by_candidate, by_placement = engine.top_k_both(candidates, placements, k=5)
    assert flat(by_candidate, "candidate") == brute_force(
        engine, candidates, placements, 5, "candidate"
    )
    assert flat(by_placement, "placement") == brute_force(
        engine, candidates, placements, 5, "placement"
    )


@settings(max_examples=6, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=6))
def test_rank_equals_brute_force_on_random_inputs(seed: int, k: int) -> None:
    candidates, placements = make_inputs(seed, n_candidates=10, n_placements=8)
    engine = MatchingEngine(TAXONOMY, GAZETTEER, chunk_size=3)
    ranked = engine.rank(candidates, placements, top_k=k, by="candidate")
    assert flat(ranked, "candidate") == brute_force(engine, candidates, placements, k, "candidate")
    columns = engine.rank(candidates, placements, top_k=None, by="placement")
    assert flat(columns, "placement") == brute_force(
        engine, candidates, placements, None, "placement"
    )


@pytest.mark.parametrize("chunk_size", [1, 2, 5, 7, 100])
def test_chunk_size_does_not_change_results(
    inputs: tuple[list[Candidate], list[Placement]], chunk_size: int
) -> None:
    candidates, placements = inputs
    reference = MatchingEngine(TAXONOMY, GAZETTEER).top_k_both(candidates, placements, k=6)
    chunked = MatchingEngine(TAXONOMY, GAZETTEER, chunk_size=chunk_size).top_k_both(
        candidates, placements, k=6
    )
    assert flat(chunked[0], "candidate") == flat(reference[0], "candidate")
    assert flat(chunked[1], "placement") == flat(reference[1], "placement")
    first = reference[0]["c00"][0].explanation if reference[0]["c00"] else None
    again = chunked[0]["c00"][0].explanation if chunked[0]["c00"] else None
    assert first == again


def test_rank_lists_every_key_and_only_eligible_pairs(
    inputs: tuple[list[Candidate], list[Placement]],
) -> None:
    candidates, placements = inputs
    engine = MatchingEngine(TAXONOMY, GAZETTEER)
    ranked = engine.rank(candidates, placements, top_k=None)
    assert set(ranked) == {c.id for c in candidates}
    assert sum(len(pairs) for pairs in ranked.values()) < len(candidates) * len(placements)
    for pairs in ranked.values():
        assert all(not pair.explanation.excluded for pair in pairs)
        assert all(pair.score >= 0 for pair in pairs)
        assert [p.score for p in pairs] == sorted((p.score for p in pairs), reverse=True)
    by_placement = engine.rank(candidates, placements, top_k=3, by="placement")
    assert set(by_placement) == {p.id for p in placements}
    assert all(len(pairs) <= 3 for pairs in by_placement.values())
    with pytest.raises(ValueError):
        engine.rank(candidates, placements, by="nobody")  # type: ignore[arg-type]


def test_top_k_both_agrees_with_rank_in_both_directions(
    inputs: tuple[list[Candidate], list[Placement]],
) -> None:
    candidates, placements = inputs
    engine = MatchingEngine(TAXONOMY, GAZETTEER)
    rows, columns = engine.top_k_both(candidates, placements, k=4)
    assert flat(rows, "candidate") == flat(
        engine.rank(candidates, placements, top_k=4), "candidate"
    )
    assert flat(columns, "placement") == flat(
        engine.rank(candidates, placements, top_k=4, by="placement"), "placement"
    )
    # A pair in both lists is one object.
    for cid, pairs in rows.items():
        for pair in pairs:
            same = [p for p in columns[pair.placement_id] if p.candidate_id == cid]
            if same:
                assert same[0] is pair


def test_rescore_candidate_equals_the_batch_row(
    inputs: tuple[list[Candidate], list[Placement]],
) -> None:
    candidates, placements = inputs
    engine = MatchingEngine(TAXONOMY, GAZETTEER)
    rows, _ = engine.top_k_both(candidates, placements, k=5)
    for candidate in candidates[:8]:
        rescored = engine.rescore_candidate(candidate, placements, top_k=5)
        assert [(p.placement_id, p.score) for p in rescored] == [
            (p.placement_id, p.score) for p in rows[candidate.id]
        ]
        assert [p.explanation for p in rescored] == [p.explanation for p in rows[candidate.id]]


def test_rescoring_an_edited_candidate_equals_a_fresh_batch(
    inputs: tuple[list[Candidate], list[Placement]],
) -> None:
    candidates, placements = inputs
    engine = MatchingEngine(TAXONOMY, GAZETTEER)
    engine.top_k_both(candidates, placements, k=5)
    edited = dataclasses.replace(
        candidates[0], skills=(*candidates[0].skills, SkillClaim("kelner")), about="konobar"
    )
    rescored = engine.rescore_candidate(edited, placements, top_k=None)
    fresh = MatchingEngine(TAXONOMY, GAZETTEER).rank(
        [edited, *candidates[1:]], placements, top_k=None
    )
    assert [(p.placement_id, p.score) for p in rescored] == [
        (p.placement_id, p.score) for p in fresh[edited.id]
    ]


def test_rescore_placement_equals_the_batch_column(
    inputs: tuple[list[Candidate], list[Placement]],
) -> None:
    candidates, placements = inputs
    engine = MatchingEngine(TAXONOMY, GAZETTEER)
    _, columns = engine.top_k_both(candidates, placements, k=6)
    for placement in placements:
        rescored = engine.rescore_placement(placement, candidates, top_k=6)
        assert [(p.candidate_id, p.score) for p in rescored] == [
            (p.candidate_id, p.score) for p in columns[placement.id]
        ]


def test_results_do_not_depend_on_input_order(
    inputs: tuple[list[Candidate], list[Placement]],
) -> None:
    candidates, placements = inputs
    first = MatchingEngine(TAXONOMY, GAZETTEER).top_k_both(candidates, placements, k=5)
    rng = random.Random(5)
    shuffled_c, shuffled_p = candidates[:], placements[:]
    rng.shuffle(shuffled_c)
    rng.shuffle(shuffled_p)
    second = MatchingEngine(TAXONOMY, GAZETTEER).top_k_both(shuffled_c, shuffled_p, k=5)
    assert flat(first[0], "candidate") == flat(second[0], "candidate")
    assert flat(first[1], "placement") == flat(second[1], "placement")
    again = MatchingEngine(TAXONOMY, GAZETTEER).top_k_both(candidates, placements, k=5)
    assert flat(first[0], "candidate") == flat(again[0], "candidate")


def test_ties_are_broken_by_id() -> None:
    place = GAZETTEER.get("nis")
    twins = [
        Candidate(cid, place=place, skills=(SkillClaim("zavarivanje"),))
        for cid in ("c3", "c1", "c10", "c2")
    ]
    job = Placement("p", kind="job", place=place, required_skills=(SkillClaim("zavarivanje"),))
    ranked = MatchingEngine(TAXONOMY, GAZETTEER).rank(twins, [job], top_k=None, by="placement")
    assert [pair.candidate_id for pair in ranked["p"]] == ["c1", "c10", "c2", "c3"]
    assert len({pair.score for pair in ranked["p"]}) == 1
    jobs = [dataclasses.replace(job, id=pid) for pid in ("p2", "p1", "p3")]
    top = MatchingEngine(TAXONOMY, GAZETTEER).rank(twins[:1], jobs, top_k=2)
    assert [pair.placement_id for pair in top["c3"]] == ["p1", "p2"]


def test_duplicate_ids_are_refused() -> None:
    job = Placement("p")
    with pytest.raises(ValueError, match="unique"):
        MatchingEngine(TAXONOMY, GAZETTEER).rank([Candidate("c")], [job, job])
    with pytest.raises(ValueError, match="unique"):
        MatchingEngine(TAXONOMY, GAZETTEER).rank([Candidate("c"), Candidate("c")], [job])


def test_empty_inputs() -> None:
    engine = MatchingEngine(TAXONOMY, GAZETTEER)
    assert engine.rank([], [Placement("p")]) == {}
    assert engine.rank([Candidate("c")], []) == {"c": []}
    assert engine.top_k_both([], []) == ({}, {})


def test_fitted_artefacts_are_cached_and_rebuilt_when_inputs_change(
    inputs: tuple[list[Candidate], list[Placement]],
) -> None:
    candidates, placements = inputs
    engine = MatchingEngine(TAXONOMY, GAZETTEER)
    engine.top_k_both(candidates, placements, k=3)
    space, model = engine.space, engine._text_model
    engine.rescore_candidate(candidates[0], list(placements))  # equal list, same artefacts
    assert engine.space is space and engine._text_model is model
    engine.rank(candidates, placements[:-1])  # another corpus: the text model is refitted
    assert engine._text_model is not model
    engine.taxonomy = Taxonomy(skills=TAXONOMY.skills[:50], version="smaller")
    assert engine.space is not space
    assert len(engine.space.resolver.skill_ids) == 50


def test_weights_can_change_between_calls(
    inputs: tuple[list[Candidate], list[Placement]],
) -> None:
    candidates, placements = inputs
    engine = MatchingEngine(TAXONOMY, GAZETTEER)
    before = flat(engine.rank(candidates, placements, top_k=3), "candidate")
    engine.weights = Weights(skills=0.0, text=0.0, location=1.0, education=0.0, language=0.0)
    location_only = engine.rank(candidates, placements, top_k=3)
    for pairs in location_only.values():
        for pair in pairs:
            # A pair whose places are not both known has nothing to be scored on: 0.
            expected = (
                0.0
                if "location" in pair.explanation.unknown
                else pair.explanation.components["location"]
            )
            assert pair.score == pytest.approx(expected)
    engine.weights = Weights()
    assert flat(engine.rank(candidates, placements, top_k=3), "candidate") == before


def test_score_matrix_matches_score_one(
    inputs: tuple[list[Candidate], list[Placement]],
) -> None:
    candidates, placements = inputs
    engine = MatchingEngine(TAXONOMY, GAZETTEER)
    candidate_ids, placement_ids, scores, eligible = engine.score_matrix(candidates, placements)
    assert candidate_ids == sorted(c.id for c in candidates)
    assert placement_ids == sorted(p.id for p in placements)
    by_id_c = {c.id: c for c in candidates}
    by_id_p = {p.id: p for p in placements}
    for i in range(0, len(candidate_ids), 5):
        for j in range(len(placement_ids)):
            pair = engine.score_one(by_id_c[candidate_ids[i]], by_id_p[placement_ids[j]])
            assert scores[i, j] == pair.score
            assert eligible[i, j] == (not pair.explanation.excluded)
    assert np.all(scores[~eligible] == 0.0)


def test_allocate_delegates_to_the_allocation_module(
    inputs: tuple[list[Candidate], list[Placement]],
) -> None:
    candidates, placements = inputs
    engine = MatchingEngine(TAXONOMY, GAZETTEER)
    _, _, scores, eligible = engine.score_matrix(candidates, placements)
    positions_c = {cid: i for i, cid in enumerate(sorted(c.id for c in candidates))}
    positions_p = {pid: j for j, pid in enumerate(sorted(p.id for p in placements))}
    for method in ("optimal", "stable"):
        result = engine.allocate(candidates, placements, method=method, min_score=0.2)
        assert result.method == method
        assert len({a.candidate_id for a in result.assignments}) == len(result.assignments)
        for assignment in result.assignments:
            i, j = positions_c[assignment.candidate_id], positions_p[assignment.placement_id]
            assert eligible[i, j]
            assert assignment.score == pytest.approx(scores[i, j])
            assert assignment.score >= 0.2
    with pytest.raises(ValueError):
        engine.allocate(candidates, placements, method="random")  # type: ignore[arg-type]


def test_resolve_uses_the_engines_threshold() -> None:
    engine = MatchingEngine(TAXONOMY, GAZETTEER)
    assert engine.resolve("Pyhton").skill_id == "it.python"
    engine.weights = Weights(fuzzy_threshold=99.0)
    assert engine.resolve("Pyhton").skill_id is None


def test_materialise_explanations_builds_them_all(
    inputs: tuple[list[Candidate], list[Placement]],
) -> None:
    candidates, placements = inputs
    rows, _ = MatchingEngine(TAXONOMY, GAZETTEER).top_k_both(candidates, placements, k=3)
    pairs = [pair for found in rows.values() for pair in found]
    materialise_explanations(pairs)
    for pair in pairs:
        assert object.__getattribute__(pair.explanation, "_built") is not None
        assert len(pair.explanation.requirements) == len(
            [p for p in placements if p.id == pair.placement_id][0].required_skills
        ) + len([p for p in placements if p.id == pair.placement_id][0].preferred_skills)
