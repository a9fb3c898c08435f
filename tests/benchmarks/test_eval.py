"""The quality evaluation: metric arithmetic, dev-set integrity and an eval smoke run."""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks import baselines
from benchmarks import eval as ev

REPO_ROOT = Path(__file__).resolve().parents[2]
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")


# ---------------------------------------------------------------------------
# Metrics on hand-computed examples
# ---------------------------------------------------------------------------


def test_ndcg_of_a_perfect_ranking_is_one() -> None:
    grades = {"a": 3, "b": 2, "c": 1}
    assert ev.ndcg_at_k(["a", "b", "c", "x", "y"], grades, 5) == pytest.approx(1.0)


def test_ndcg_of_a_known_imperfect_ranking() -> None:
    # ranking c(0), a(3), b(2): DCG = 0 + 7/log2(3) + 3/log2(4) = 4.41650 + 1.5 = 5.91650
    # ideal a, b:               IDCG = 7 + 3/log2(3)            = 7 + 1.89279 = 8.89279
    grades = {"a": 3, "b": 2, "c": 0}
    assert ev.ndcg_at_k(["c", "a", "b"], grades, 5) == pytest.approx(0.66532, abs=1e-5)


def test_ndcg_cuts_at_k_and_ignores_unjudged() -> None:
    grades = {"a": 1}
    # a at rank 6 is outside the top 5 → 0; unjudged placements are 0
    assert ev.ndcg_at_k(["u1", "u2", "u3", "u4", "u5", "a"], grades, 5) == 0.0
    # a at rank 2: (2^1-1)/log2(3) / 1
    assert ev.ndcg_at_k(["u1", "a"], grades, 5) == pytest.approx(1 / math.log2(3))


def test_ndcg_is_zero_without_positive_grades() -> None:
    assert ev.ndcg_at_k(["a", "b"], {"a": 0}, 5) == 0.0


def test_mrr_counts_only_grade_two_and_up() -> None:
    grades = {"x": 1, "a": 2, "b": 3}
    assert ev.reciprocal_rank(["x", "y", "a", "b"], grades) == pytest.approx(1 / 3)
    assert ev.reciprocal_rank(["b", "a"], grades) == 1.0
    assert ev.reciprocal_rank(["x", "y"], grades) == 0.0  # excluded/absent = not retrieved


def test_recall_at_k() -> None:
    grades = {"a": 3, "b": 2, "c": 1}
    ranking = ["a", "q", "r", "s", "t", "u", "v", "w", "x", "y", "b"]
    assert ev.recall_at_k(ranking, grades, 10) == pytest.approx(0.5)  # b is 11th
    assert ev.recall_at_k(ranking, grades, 11) == pytest.approx(1.0)
    assert ev.recall_at_k([], grades, 10) == 0.0


def test_evaluate_averages_over_candidates() -> None:
    qrels = {"c1": {"p1": 3}, "c2": {"p2": 2}}
    means, per = ev.evaluate({"c1": ["p1", "p2"], "c2": ["p1", "p2"]}, qrels, ["c1", "c2"])
    assert per["c1"]["mrr"] == 1.0 and per["c2"]["mrr"] == 0.5
    assert means["mrr"] == pytest.approx(0.75)
    assert means["recall@10"] == pytest.approx(1.0)


def test_parse_weights() -> None:
    assert ev.parse_weights("skills=0.6, text=0.1") == {"skills": 0.6, "text": 0.1}
    assert ev.parse_weights(None) == {}
    with pytest.raises(ValueError):
        ev.parse_weights("skills")
    with pytest.raises(ValueError):
        ev.parse_weights("skills=much")


# ---------------------------------------------------------------------------
# Baselines
# ---------------------------------------------------------------------------


def test_baseline_tokens_do_not_fold_serbian() -> None:
    assert baselines.word_tokens("Šivenje, šivenje! sivenje 3x") == {"šivenje", "sivenje", "x"}
    assert baselines.word_tokens("Шивење") == {"шивење"}


def test_baselines_rank_every_placement_deterministically() -> None:
    cands = [{"id": "c1", "skills": ["welding"], "about": "MAG welding"}]
    places: list[dict[str, Any]] = [
        {"id": "p2", "title": "Cook"},
        {"id": "p1", "title": "Welder", "required_skills": [{"name": "welding"}]},
        {"id": "p0", "title": "Cook"},
    ]
    for rank in (baselines.jaccard_rank, baselines.tfidf_rank):
        assert rank(cands, places) == {"c1": ["p1", "p0", "p2"]}


# ---------------------------------------------------------------------------
# Dev set integrity
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def devset() -> ev.Devset:
    return ev.load_devset()


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_devset_size(devset: ev.Devset) -> None:
    assert len(devset.candidates) >= 60
    assert len(devset.placements) >= 40
    assert len(set(devset.candidate_ids)) == len(devset.candidates)
    assert len({p["id"] for p in devset.placements}) == len(devset.placements)


def test_every_candidate_has_a_relevant_placement(devset: ev.Devset) -> None:
    for cid in devset.candidate_ids:
        grades = devset.qrels.get(cid, {})
        assert max(grades.values(), default=0) >= 2, cid


def test_every_placement_is_relevant_to_someone(devset: ev.Devset) -> None:
    relevant = {pid for g in devset.qrels.values() for pid, v in g.items() if v >= 2}
    assert relevant == {p["id"] for p in devset.placements}


def test_qrels_ids_exist(devset: ev.Devset) -> None:
    pids = {p["id"] for p in devset.placements}
    assert set(devset.qrels) <= set(devset.candidate_ids)
    for grades in devset.qrels.values():
        assert set(grades) <= pids
        assert set(grades.values()) <= {0, 1, 2, 3}


def test_hard_excluded_pairs_are_graded_zero(devset: ev.Devset) -> None:
    """Kind not sought, education below the minimum, language not met → the label must be 0."""
    cands = {c["id"]: c for c in devset.candidates}
    places = {p["id"]: p for p in devset.placements}
    for cid, grades in devset.qrels.items():
        c = cands[cid]
        spoken = {lang["code"]: CEFR.index(lang["level"]) for lang in c.get("languages", [])}
        for pid, grade in grades.items():
            if grade == 0:
                continue
            p = places[pid]
            assert p["kind"] in c["seeking"], (cid, pid, "kind")
            minimum = p.get("min_education_level")
            assert minimum is None or c["education"]["level"] >= minimum, (cid, pid, "edu")
            for lang in p.get("languages", []):
                assert spoken.get(lang["code"], -1) >= CEFR.index(lang["level"]), (cid, pid)


def test_tricky_cases_are_present(devset: ev.Devset) -> None:
    """Each hard constraint excludes at least one placement a naive matcher would propose."""
    cands = {c["id"]: c for c in devset.candidates}
    places = {p["id"]: p for p in devset.placements}
    reasons: set[str] = set()
    for cid, grades in devset.qrels.items():
        c = cands[cid]
        spoken = {lang["code"]: CEFR.index(lang["level"]) for lang in c.get("languages", [])}
        for pid in grades:
            p = places[pid]
            if p["kind"] not in c["seeking"]:
                reasons.add("kind")
            if (p.get("min_education_level") or 0) > c["education"]["level"]:
                reasons.add("education")
            if any(spoken.get(x["code"], -1) < CEFR.index(x["level"]) for x in p["languages"]):
                reasons.add("language")
    assert reasons == {"kind", "education", "language"}
    assert any(p["remote"] for p in devset.placements)
    assert any(c["willing_to_relocate"] for c in devset.candidates)


def test_a_quarter_of_candidates_write_cyrillic(devset: ev.Devset) -> None:
    cyrillic = [c for c in devset.candidates if any(CYRILLIC.search(s) for s in _strings(c))]
    assert len(cyrillic) >= 0.25 * len(devset.candidates)
    assert len(cyrillic) < len(devset.candidates)  # and the rest write Latin


def test_english_skill_names_and_typos_are_present(devset: ev.Devset) -> None:
    skills = {s.lower() for c in devset.candidates for s in _strings(c.get("skills", []))}
    english = {"welding", "forklift", "customer service", "sewing", "manual testing", "packing"}
    assert len(english & skills) >= 4
    assert {"pyhton", "konobra", "zavarivnje"} <= skills


def test_devset_reads_with_the_cli_reader(devset: ev.Devset) -> None:
    """The dev set is valid CLI input: every municipality resolves, every field is known."""
    from matching.engine.jsonio import read_candidates, read_placements
    from matching.engine.places import Gazetteer

    gazetteer = Gazetteer.default()
    cands = read_candidates(devset.directory / "candidates.jsonl", gazetteer)
    places = read_placements(devset.directory / "placements.jsonl", gazetteer)
    assert all(c.place is not None for c in cands)
    assert all(p.place is not None for p in places)


# ---------------------------------------------------------------------------
# Smoke run of the report
# ---------------------------------------------------------------------------


def test_eval_json_reports_three_rankers() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "benchmarks" / "eval.py"), "--json"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report["rankers"]) == {"engine", "jaccard", "tfidf"}
    for row in report["rankers"].values():
        for metric in ("ndcg@5", "mrr", "recall@10"):
            assert 0.0 <= row[metric] <= 1.0
    assert report["targets"]["pass"] in (True, False)
