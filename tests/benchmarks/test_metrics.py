"""The quality metrics of benchmarks/eval.py on hand-computed examples, and the bootstrap."""

from __future__ import annotations

import math

import pytest

from benchmarks import eval as ev


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
    assert ev.ndcg_at_k(["u1", "u2", "u3", "u4", "u5", "a"], grades, 5) == 0.0
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


def test_evaluate_averages_over_the_given_candidates_only() -> None:
    qrels = {"c1": {"p1": 3}, "c2": {"p2": 2}, "c3": {"p1": 3}}
    rankings = {"c1": ["p1", "p2"], "c2": ["p1", "p2"], "c3": ["p2", "p1"]}
    means, per = ev.evaluate(rankings, qrels, ["c1", "c2"])
    assert set(per) == {"c1", "c2"}
    assert per["c1"]["mrr"] == 1.0 and per["c2"]["mrr"] == 0.5
    assert means["mrr"] == pytest.approx(0.75)
    assert means["recall@10"] == pytest.approx(1.0)


def test_hubness_is_the_share_of_top_lists_holding_the_most_frequent_placement() -> None:
    rankings = {
        "c1": ["hub", "a", "b", "c", "d", "e"],
        "c2": ["a", "hub", "f", "g", "h"],
        "c3": ["x", "y", "z", "w", "v", "hub"],  # hub is 6th: outside the top 5
        "c4": ["hub"],
    }
    share, hub = ev.hubness(rankings, ["c1", "c2", "c3", "c4"], 5)
    assert hub == "hub"
    assert share == pytest.approx(3 / 4)
    assert ev.hubness({}, [], 5) == (0.0, "")


def test_oracle_hubness_counts_only_relevant_labels() -> None:
    qrels = {"c1": {"p1": 3, "p2": 1}, "c2": {"p1": 2, "p3": 3}, "c3": {"p2": 1, "p4": 2}}
    assert ev.oracle_hubness(qrels, ["c1", "c2", "c3"], 5) == pytest.approx(2 / 3)


def test_bootstrap_is_deterministic_with_its_seed_and_brackets_the_mean() -> None:
    values = [0.1, 0.9, 0.4, 0.7, 0.3, 1.0, 0.0, 0.55]
    first = ev.bootstrap_interval(values, resamples=500, seed=7)
    assert first == ev.bootstrap_interval(values, resamples=500, seed=7)
    assert first != ev.bootstrap_interval(values, resamples=500, seed=8)
    low, high = first
    assert low < sum(values) / len(values) < high
    assert low >= 0.0 and high <= 1.0


def test_bootstrap_of_a_constant_is_that_constant() -> None:
    assert ev.bootstrap_interval([0.5] * 10, resamples=200) == pytest.approx((0.5, 0.5))
    assert ev.bootstrap_interval([], resamples=200) == (0.0, 0.0)


def test_paired_bootstrap_of_a_ranker_against_itself_is_zero() -> None:
    a = [0.2, 0.8, 0.5, 0.9]
    assert ev.paired_bootstrap_interval(a, a, resamples=300) == pytest.approx((0.0, 0.0))
    with pytest.raises(ValueError):
        ev.paired_bootstrap_interval(a, a[:2])


def test_paired_bootstrap_sees_a_consistent_small_gain() -> None:
    """Each candidate gains 0.05 over a very noisy baseline: the unpaired intervals overlap,
    the paired interval of the difference is exactly +0.05."""
    baseline = [0.1, 0.9, 0.3, 0.7, 0.5, 0.2, 0.8, 0.4, 0.6, 0.0]
    engine = [b + 0.05 for b in baseline]
    assert ev.bootstrap_interval(engine)[0] < ev.bootstrap_interval(baseline)[1]
    low, high = ev.paired_bootstrap_interval(engine, baseline, resamples=500)
    assert low == pytest.approx(0.05) and high == pytest.approx(0.05)


def test_parse_weights() -> None:
    assert ev.parse_weights("skills=0.6, text=0.1") == {"skills": 0.6, "text": 0.1}
    assert ev.parse_weights(None) == {}
    with pytest.raises(ValueError):
        ev.parse_weights("skills")
    with pytest.raises(ValueError):
        ev.parse_weights("skills=much")
