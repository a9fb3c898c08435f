"""Tests for matching.engine.allocation: score-optimal and stable cohort allocation."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine import allocation
from matching.engine.allocation import AllocationInfeasible, allocate_optimal, allocate_stable
from matching.engine.types import AllocationResult

# ---------------------------------------------------------------------------
# Instances and references
# ---------------------------------------------------------------------------


@dataclass
class Instance:
    candidate_ids: list[str]
    placement_ids: list[str]
    slots: list[int]
    scores: np.ndarray
    eligible: np.ndarray
    min_score: float = 0.0
    districts: list[str] = field(default_factory=list)

    def args(self) -> tuple[Any, ...]:
        return (self.candidate_ids, self.placement_ids, self.slots, self.scores, self.eligible)


def make(
    scores: npt.ArrayLike,
    slots: Sequence[int],
    eligible: npt.ArrayLike | None = None,
    min_score: float = 0.0,
    districts: Sequence[str] = (),
) -> Instance:
    s = np.array(scores, dtype=np.float64).reshape(-1, len(slots))
    e = np.ones_like(s, dtype=bool) if eligible is None else np.array(eligible, dtype=bool)
    return Instance(
        candidate_ids=[f"c{i}" for i in range(s.shape[0])],
        placement_ids=[f"p{j}" for j in range(len(slots))],
        slots=list(slots),
        scores=s,
        eligible=e.reshape(s.shape),
        min_score=min_score,
        districts=list(districts),
    )


def pairs(result: AllocationResult) -> set[tuple[str, str]]:
    return {(a.candidate_id, a.placement_id) for a in result.assignments}


def check_wellformed(inst: Instance, result: AllocationResult, *, ignore_allowed: bool = False):
    """Invariants every allocation result has, whatever the method."""
    ci = {c: i for i, c in enumerate(inst.candidate_ids)}
    pj = {p: j for j, p in enumerate(inst.placement_ids)}
    ids = [a.candidate_id for a in result.assignments]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids), "a candidate placed twice"
    used = dict.fromkeys(inst.placement_ids, 0)
    for a in result.assignments:
        i, j = ci[a.candidate_id], pj[a.placement_id]
        used[a.placement_id] += 1
        assert a.score == inst.scores[i, j]
        if not ignore_allowed:
            assert inst.eligible[i, j]
            assert inst.scores[i, j] >= inst.min_score
    for j, p in enumerate(inst.placement_ids):
        assert used[p] <= inst.slots[j], f"{p} over capacity"
    assert result.open_slots == {
        p: inst.slots[j] - used[p]
        for j, p in sorted(enumerate(inst.placement_ids), key=lambda t: t[1])
        if inst.slots[j] > used[p]
    }
    assert list(result.unassigned_candidates) == sorted(set(inst.candidate_ids) - set(ids))
    assert result.total_score == pytest.approx(sum(a.score for a in result.assignments), abs=1e-6)
    assert result.total_score == round(result.total_score, 6)


def best_by_used(inst: Instance) -> dict[tuple[int, ...], float]:
    """Exhaustive optimum: for every reachable vector of used slots, the best total (DP over
    candidates, each either unassigned or on an allowed pair)."""
    n_c, n_p = inst.scores.shape
    allowed = inst.eligible & (inst.scores >= inst.min_score)
    best: dict[tuple[int, ...], float] = {(0,) * n_p: 0.0}
    for i in range(n_c):
        nxt = dict(best)
        for used, total in best.items():
            for j in range(n_p):
                if allowed[i, j] and used[j] < inst.slots[j]:
                    key = used[:j] + (used[j] + 1,) + used[j + 1 :]
                    value = total + float(inst.scores[i, j])
                    if value > nxt.get(key, -np.inf):
                        nxt[key] = value
        best = nxt
    return best


def district_counts(inst: Instance, used: Sequence[int]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for j, n in enumerate(used):
        counts[inst.districts[j]] = counts.get(inst.districts[j], 0) + n
    return counts


@dataclass
class Prefs:
    """Reference preferences for the stable method, written from the docstring's rule."""

    cand_order: dict[str, list[str]]
    place_order: dict[str, list[str]]
    acceptable: set[tuple[str, str]]

    def c_rank(self, c: str, p: str) -> int:
        return self.cand_order[c].index(p)

    def p_rank(self, p: str, c: str) -> int:
        return self.place_order[p].index(c)


def reference_prefs(
    inst: Instance,
    candidate_prefs: Mapping[str, Sequence[str]] | None,
    placement_prefs: Mapping[str, Sequence[str]] | None,
) -> Prefs:
    ci = {c: i for i, c in enumerate(inst.candidate_ids)}
    pj = {p: j for j, p in enumerate(inst.placement_ids)}

    def stated(lists: Mapping[str, Sequence[str]] | None, own: dict[str, int], other: dict):
        out: dict[str, list[str]] = {}
        for k, lst in (lists or {}).items():
            if k in own and lst:
                out[k] = list(dict.fromkeys(x for x in lst if x in other))
        return out

    cs, ps = stated(candidate_prefs, ci, pj), stated(placement_prefs, pj, ci)
    cand_order = {
        c: cs.get(c) or sorted(inst.placement_ids, key=lambda p: (-inst.scores[ci[c], pj[p]], p))
        for c in inst.candidate_ids
    }
    place_order = {
        p: ps.get(p) or sorted(inst.candidate_ids, key=lambda c: (-inst.scores[ci[c], pj[p]], c))
        for p in inst.placement_ids
    }
    acceptable = set()
    for c, p in itertools.product(inst.candidate_ids, inst.placement_ids):
        i, j = ci[c], pj[p]
        if inst.slots[j] == 0:
            continue
        if (c in cs and p not in cs[c]) or (p in ps and c not in ps[p]):
            continue
        both = c in cs and p in ps
        if both or (inst.eligible[i, j] and inst.scores[i, j] >= inst.min_score):
            acceptable.add((c, p))
    return Prefs(cand_order, place_order, acceptable)


def blocking_pairs(inst: Instance, prefs: Prefs, matched: set[tuple[str, str]]) -> list:
    partner = dict(matched)
    held: dict[str, list[str]] = {p: [] for p in inst.placement_ids}
    for c, p in matched:
        held[p].append(c)
    cap = dict(zip(inst.placement_ids, inst.slots, strict=True))
    found = []
    for c, p in prefs.acceptable:
        if partner.get(c) == p:
            continue
        if c in partner and prefs.c_rank(c, partner[c]) < prefs.c_rank(c, p):
            continue
        if len(held[p]) < cap[p] or any(prefs.p_rank(p, c) < prefs.p_rank(p, h) for h in held[p]):
            found.append((c, p))
    return found


def all_matchings(inst: Instance, acceptable: set[tuple[str, str]]):
    options = [
        [None] + [p for p in inst.placement_ids if (c, p) in acceptable] for c in inst.candidate_ids
    ]
    cap = dict(zip(inst.placement_ids, inst.slots, strict=True))
    for choice in itertools.product(*options):
        if all(choice.count(p) <= cap[p] for p in inst.placement_ids):
            yield {(c, p) for c, p in zip(inst.candidate_ids, choice, strict=True) if p}


# Scores on a coarse grid so hypothesis produces plenty of ties.
grid_scores = st.integers(-3, 10).map(lambda k: k / 10)


@st.composite
def instances(
    draw: st.DrawFn,
    max_candidates: int = 7,
    max_placements: int = 4,
    min_slots: int = 1,
    allow_negative: bool = True,
) -> Instance:
    n_c = draw(st.integers(0, max_candidates))
    n_p = draw(st.integers(1, max_placements))
    slots = draw(st.lists(st.integers(min_slots, 3), min_size=n_p, max_size=n_p))
    scores = draw(st.lists(grid_scores, min_size=n_c * n_p, max_size=n_c * n_p))
    eligible = draw(st.lists(st.booleans(), min_size=n_c * n_p, max_size=n_c * n_p))
    min_score = draw(st.sampled_from([-1.0, 0.0, 0.3, 0.5] if allow_negative else [0.0, 0.3]))
    inst = make(np.array(scores).reshape(n_c, n_p), slots, np.array(eligible).reshape(n_c, n_p))
    inst.min_score = min_score
    inst.districts = draw(st.lists(st.sampled_from(["A", "B"]), min_size=n_p, max_size=n_p))
    return inst


# ---------------------------------------------------------------------------
# Optimal: hand-made cases
# ---------------------------------------------------------------------------


def test_optimal_is_not_greedy() -> None:
    # Greedy by score takes c0→p0 (0.9) and is left with c1→p1 (0.1): 1.0. The optimum is 1.6.
    inst = make([[0.9, 0.8], [0.8, 0.1]], slots=[1, 1])
    result = allocate_optimal(*inst.args())
    assert pairs(result) == {("c0", "p1"), ("c1", "p0")}
    assert result.total_score == 1.6
    assert result.method == "optimal"
    check_wellformed(inst, result)


def test_optimal_maximises_score_not_head_count() -> None:
    # Placing both (c0→p1, c1→p0) is worth 0.2; placing only c0→p0 is worth 0.9. A large
    # negative cost on forbidden cells would have forced the two-person answer.
    inst = make([[0.9, 0.1], [0.1, 0.5]], slots=[1, 1], eligible=[[True, True], [True, False]])
    result = allocate_optimal(*inst.args())
    assert pairs(result) == {("c0", "p0")}
    assert result.total_score == 0.9
    assert result.unassigned_candidates == ("c1",)
    assert result.open_slots == {"p1": 1}
    check_wellformed(inst, result)


def test_slot_capacity_respected() -> None:
    inst = make([[0.5], [0.9], [0.7], [0.8]], slots=[2])
    result = allocate_optimal(*inst.args())
    assert pairs(result) == {("c1", "p0"), ("c3", "p0")}
    assert result.unassigned_candidates == ("c0", "c2")
    assert result.open_slots == {}
    check_wellformed(inst, result)


def test_min_score_and_eligibility_respected() -> None:
    inst = make(
        [[0.95, 0.2], [0.9, 0.25], [0.4, 0.6]],
        slots=[3, 3],
        eligible=[[False, True], [True, True], [True, False]],
        min_score=0.3,
    )
    result = allocate_optimal(*inst.args(), min_score=0.3)
    # c0's only eligible pair (p1) is below min_score; c2 is ineligible for p1.
    assert pairs(result) == {("c1", "p0"), ("c2", "p0")}
    assert result.unassigned_candidates == ("c0",)
    assert result.open_slots == {"p0": 1, "p1": 3}
    check_wellformed(inst, result)


def test_more_slots_than_candidates() -> None:
    inst = make([[0.3, 0.6, 0.2], [0.9, 0.1, 0.4]], slots=[5, 4, 0])
    result = allocate_optimal(*inst.args())
    assert pairs(result) == {("c0", "p1"), ("c1", "p0")}
    assert result.open_slots == {"p0": 4, "p1": 3}
    check_wellformed(inst, result)


def test_zero_score_pairs_fill_free_slots() -> None:
    # c1's only allowed pair scores 0: worth nothing, but a free slot is better used than not.
    inst = make([[0.5, 0.0], [0.0, 0.0]], slots=[1, 1], eligible=[[True, False], [True, True]])
    result = allocate_optimal(*inst.args())
    assert pairs(result) == {("c0", "p0"), ("c1", "p1")}
    assert result.total_score == 0.5


def test_empty_inputs() -> None:
    result = allocate_optimal([], ["p0"], [2], np.zeros((0, 1)), np.zeros((0, 1), dtype=bool))
    assert result.assignments == () and result.open_slots == {"p0": 2}
    result = allocate_optimal(["c0"], [], [], np.zeros((1, 0)), np.zeros((1, 0), dtype=bool))
    assert result.unassigned_candidates == ("c0",) and result.total_score == 0.0
    result = allocate_stable(["c0"], [], [], np.zeros((1, 0)), np.zeros((1, 0), dtype=bool))
    assert result.unassigned_candidates == ("c0",) and result.method == "stable"


def test_slots_and_districts_as_mappings() -> None:
    inst = make([[0.9, 0.1], [0.8, 0.7]], slots=[1, 1])
    by_list = allocate_optimal(
        *inst.args(), placement_districts=["A", "B"], district_quotas={"B": 1}
    )
    by_map = allocate_optimal(
        inst.candidate_ids,
        inst.placement_ids,
        {"p1": 1, "p0": 1},
        inst.scores,
        inst.eligible,
        placement_districts={"p0": "A", "p1": "B"},
        district_quotas={"B": 1},
    )
    assert by_list == by_map
    assert pairs(by_map) == {("c0", "p0"), ("c1", "p1")}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"candidate_ids": ["c0", "c0"]}, "duplicate candidate id"),
        ({"placement_ids": ["p0", "p0"]}, "duplicate placement id"),
        ({"slots": [1]}, "slots has 1 entries"),
        ({"slots": [1, -1]}, "integer ≥ 0"),
        ({"slots": [1, 1.5]}, "integer ≥ 0"),
        ({"slots": {"p0": 1}}, "no entry for placement 'p1'"),
        ({"scores": np.zeros((2, 3))}, "scores has shape"),
        ({"scores": np.array([[0.1, np.nan], [0.2, 0.3]])}, "not finite for candidate 'c0'"),
        ({"eligible": np.ones((2, 2))}, "bool matrix"),
        ({"eligible": np.ones((1, 2), dtype=bool)}, "eligible has shape"),
    ],
)
def test_malformed_input(change: dict[str, Any], message: str) -> None:
    kwargs: dict[str, Any] = {
        "candidate_ids": ["c0", "c1"],
        "placement_ids": ["p0", "p1"],
        "slots": [1, 1],
        "scores": np.full((2, 2), 0.5),
        "eligible": np.ones((2, 2), dtype=bool),
    } | change
    for allocate in (allocate_optimal, allocate_stable):
        with pytest.raises(ValueError, match=message):
            allocate(**kwargs)


# ---------------------------------------------------------------------------
# Optimal: district quotas
# ---------------------------------------------------------------------------


def test_quota_moves_an_intern_to_the_district() -> None:
    # Unconstrained: c0→p0, c1→p1 (1.7). At least one in district S (p2) costs the least by
    # moving c1 (0.8 → 0.6): 1.5.
    inst = make([[0.9, 0.2, 0.1], [0.3, 0.8, 0.6]], slots=[1, 1, 1])
    free = allocate_optimal(*inst.args())
    assert pairs(free) == {("c0", "p0"), ("c1", "p1")}
    result = allocate_optimal(
        *inst.args(), placement_districts=["N", "N", "S"], district_quotas={"S": 1, "N": 0}
    )
    assert pairs(result) == {("c0", "p0"), ("c1", "p2")}
    assert result.total_score == 1.5
    check_wellformed(inst, result)


def test_quota_can_use_a_negative_score_pair() -> None:
    inst = make([[0.9, -0.2]], slots=[1, 1], min_score=-1.0)
    result = allocate_optimal(
        *inst.args(), min_score=-1.0, placement_districts=["N", "S"], district_quotas={"S": 1}
    )
    assert pairs(result) == {("c0", "p1")}
    assert result.total_score == -0.2


def test_quota_beyond_reach_names_the_district() -> None:
    inst = make([[0.9, 0.5], [0.8, 0.4], [0.7, 0.1]], slots=[3, 3], min_score=0.3)
    with pytest.raises(AllocationInfeasible, match="district S needs at least 3") as info:
        allocate_optimal(
            *inst.args(),
            min_score=0.3,
            placement_districts=["N", "S"],
            district_quotas={"S": 3},
        )
    assert (info.value.district, info.value.quota, info.value.most) == ("S", 3, 2)
    assert isinstance(info.value, ValueError)


def test_quota_for_a_district_without_placements() -> None:
    inst = make([[0.9]], slots=[1])
    with pytest.raises(AllocationInfeasible) as info:
        allocate_optimal(*inst.args(), placement_districts=["N"], district_quotas={"E": 1})
    assert (info.value.district, info.value.most) == ("E", 0)


def test_quotas_feasible_alone_but_not_together() -> None:
    # Only c0 can go to either district; each quota alone is fine, both together are not.
    inst = make([[0.5, 0.5], [0.9, 0.9]], slots=[1, 1], eligible=[[True, True], [False, False]])
    with pytest.raises(AllocationInfeasible, match="cannot all be met together") as info:
        allocate_optimal(
            *inst.args(), placement_districts=["A", "B"], district_quotas={"A": 1, "B": 1}
        )
    assert info.value.most == 0 and info.value.quota == 1


def test_quotas_need_districts() -> None:
    inst = make([[0.9]], slots=[1])
    with pytest.raises(ValueError, match="needs placement_districts"):
        allocate_optimal(*inst.args(), district_quotas={"A": 1})
    with pytest.raises(ValueError, match="integer ≥ 0"):
        allocate_optimal(*inst.args(), placement_districts=["A"], district_quotas={"A": -1})
    # Zero quotas are no quotas at all.
    assert pairs(allocate_optimal(*inst.args(), district_quotas={"A": 0})) == {("c0", "p0")}


# ---------------------------------------------------------------------------
# Optimal: properties against exhaustive search
# ---------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(instances())
def test_optimal_equals_exhaustive_optimum(inst: Instance) -> None:
    result = allocate_optimal(*inst.args(), min_score=inst.min_score)
    check_wellformed(inst, result)
    assert result.total_score == pytest.approx(max(best_by_used(inst).values()), abs=1e-6)


@settings(max_examples=100, deadline=None)
@given(instances())
def test_optimal_lp_path_equals_exhaustive_optimum(inst: Instance) -> None:
    # The sparse LP used when the slot-expanded matrix would be too big, with a starting pair
    # set so small that pricing has to bring in the rest.
    with (
        mock.patch.object(allocation, "MAX_DENSE_CELLS", 0),
        mock.patch.object(allocation, "INITIAL_PER_CANDIDATE", 1),
        mock.patch.object(allocation, "INITIAL_PER_SLOT", 0),
    ):
        result = allocate_optimal(*inst.args(), min_score=inst.min_score)
    check_wellformed(inst, result)
    assert result.total_score == pytest.approx(max(best_by_used(inst).values()), abs=1e-6)


@settings(max_examples=50, deadline=None)
@given(instances(), st.sampled_from(["full_lp", "milp"]))
def test_optimal_lp_fallbacks_equal_exhaustive_optimum(inst: Instance, fallback: str) -> None:
    # "full_lp": pricing gives up at once and every allowed pair goes in; "milp": the LP answer
    # looks fractional, so the integrality safety net solves the final pair set.
    real_lp = allocation._restricted_lp

    def fractional_lp(*args: Any) -> Any:
        x, shortfall, duals = real_lp(*args)
        return np.where(x > 0.5, 0.75, x), shortfall, duals

    patches: list[Any] = [mock.patch.object(allocation, "MAX_DENSE_CELLS", 0)]
    if fallback == "full_lp":
        patches.append(mock.patch.object(allocation, "MAX_PRICING_ROUNDS", 0))
    else:
        patches.append(mock.patch.object(allocation, "_restricted_lp", fractional_lp))
    with patches[0], patches[1]:
        result = allocate_optimal(*inst.args(), min_score=inst.min_score)
    check_wellformed(inst, result)
    assert result.total_score == pytest.approx(max(best_by_used(inst).values()), abs=1e-6)


@st.composite
def quota_instances(draw: st.DrawFn) -> tuple[Instance, dict[str, int], bool]:
    inst = draw(instances())
    quotas = {d: draw(st.integers(0, 3)) for d in draw(st.sets(st.sampled_from("AB"), min_size=1))}
    return inst, quotas, draw(st.booleans())


@settings(max_examples=300, deadline=None)
@given(quota_instances())
def test_optimal_with_quotas_equals_exhaustive_optimum(case: tuple[Instance, dict, bool]) -> None:
    inst, quotas, tiny_start = case
    best = best_by_used(inst)
    feasible = [
        total
        for used, total in best.items()
        if all(district_counts(inst, used).get(d, 0) >= q for d, q in quotas.items())
    ]
    call: dict[str, Any] = {
        "min_score": inst.min_score,
        "placement_districts": inst.districts,
        "district_quotas": quotas,
    }
    with (
        mock.patch.object(allocation, "INITIAL_PER_CANDIDATE", 0 if tiny_start else 8),
        mock.patch.object(allocation, "INITIAL_PER_SLOT", 0 if tiny_start else 2),
    ):
        if not feasible:
            with pytest.raises(AllocationInfeasible) as info:
                allocate_optimal(*inst.args(), **call)
            err = info.value
            assert err.most < err.quota == quotas[err.district]
            alone = {
                d: max(district_counts(inst, used).get(d, 0) for used in best)
                for d, q in quotas.items()
            }
            short_alone = sorted(d for d, q in quotas.items() if alone[d] < q)
            if short_alone:
                assert (err.district, err.most) == (short_alone[0], alone[short_alone[0]])
            return
        result = allocate_optimal(*inst.args(), **call)
    check_wellformed(inst, result)
    assert result.total_score == pytest.approx(max(feasible), abs=1e-6)
    placed = dict.fromkeys(quotas, 0)
    for a in result.assignments:
        d = inst.districts[inst.placement_ids.index(a.placement_id)]
        placed[d] = placed.get(d, 0) + 1
    assert all(placed[d] >= q for d, q in quotas.items())


@settings(max_examples=100, deadline=None)
@given(instances(), st.randoms(use_true_random=False))
def test_optimal_is_deterministic_and_order_free(inst: Instance, rnd: Any) -> None:
    first = allocate_optimal(*inst.args(), min_score=inst.min_score)
    assert allocate_optimal(*inst.args(), min_score=inst.min_score) == first
    # Shuffled input order: the same total (the tie-break may pick another optimum).
    rows = list(range(len(inst.candidate_ids)))
    cols = list(range(len(inst.placement_ids)))
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    shuffled = allocate_optimal(
        [inst.candidate_ids[i] for i in rows],
        [inst.placement_ids[j] for j in cols],
        [inst.slots[j] for j in cols],
        inst.scores[np.ix_(rows, cols)],
        inst.eligible[np.ix_(rows, cols)],
        min_score=inst.min_score,
    )
    assert shuffled.total_score == pytest.approx(first.total_score, abs=1e-6)


# ---------------------------------------------------------------------------
# Stable
# ---------------------------------------------------------------------------


def test_stable_textbook_case() -> None:
    # Scores give c0: p0 > p1, c1: p0 > p1, c2: p1 > p0; p0: c1 > c0 > c2; p1: c0 > c2 > c1.
    inst = make([[0.8, 0.7], [0.9, 0.2], [0.1, 0.6]], slots=[1, 1])
    result = allocate_stable(*inst.args())
    # c0 and c1 propose to p0, which keeps c1; c0 goes to p1, displacing nobody (c2 proposes
    # there too and is turned down: p1 ranks c0 (0.7) above c2 (0.6)).
    assert pairs(result) == {("c1", "p0"), ("c0", "p1")}
    assert result.method == "stable"
    assert result.unassigned_candidates == ("c2",)
    check_wellformed(inst, result)


def test_stable_differs_from_optimal() -> None:
    inst = make([[0.9, 0.8], [0.8, 0.1]], slots=[1, 1])
    # p0 ranks c0 (0.9) first and c0 ranks p0 first: they are a pair in every stable matching.
    assert pairs(allocate_stable(*inst.args())) == {("c0", "p0"), ("c1", "p1")}
    assert allocate_optimal(*inst.args()).total_score > allocate_stable(*inst.args()).total_score


def test_stable_ties_broken_by_id() -> None:
    inst = make([[0.5, 0.5], [0.5, 0.5]], slots=[1, 1])
    # Both candidates rank p0 first (id); p0 ranks c0 first (id).
    assert pairs(allocate_stable(*inst.args())) == {("c0", "p0"), ("c1", "p1")}


def test_stable_lists_on_both_sides_decide_alone() -> None:
    # c0–p1 is ineligible and scores below min_score, but both lists name each other.
    inst = make([[0.9, 0.1], [0.8, 0.7]], slots=[1, 1], eligible=[[True, False], [True, True]])
    result = allocate_stable(
        *inst.args(),
        min_score=0.5,
        candidate_prefs={"c0": ["p1", "p0"], "c1": ["p0"]},
        placement_prefs={"p0": ["c1"], "p1": ["c0", "c1"]},
    )
    assert pairs(result) == {("c0", "p1"), ("c1", "p0")}
    assert result.total_score == 0.9


def test_stable_one_sided_list_still_needs_eligibility() -> None:
    inst = make([[0.9, 0.6], [0.8, 0.7]], slots=[1, 1], eligible=[[True, False], [True, True]])
    result = allocate_stable(*inst.args(), candidate_prefs={"c0": ["p1", "nope", "p1"]})
    # c0 only listed p1, which it is not eligible for; c1 (scores) gets p0.
    assert pairs(result) == {("c1", "p0")}
    result = allocate_stable(*inst.args(), placement_prefs={"p0": ["c1"], "p1": ["c0", "c1"]})
    # p0 only accepts c1; p1 lists c0 but the pair is ineligible, so c0 stays out.
    assert pairs(result) == {("c1", "p0")}
    assert result.unassigned_candidates == ("c0",)


def test_stable_empty_list_means_not_stated() -> None:
    inst = make([[0.9, 0.6], [0.8, 0.7]], slots=[1, 1])
    plain = allocate_stable(*inst.args())
    assert allocate_stable(*inst.args(), candidate_prefs={"c0": [], "zz": ["p0"]}) == plain


def test_stable_capacity_and_zero_slots() -> None:
    inst = make([[0.9, 0.9], [0.8, 0.9], [0.7, 0.9]], slots=[2, 0])
    result = allocate_stable(*inst.args())
    assert pairs(result) == {("c0", "p0"), ("c1", "p0")}
    check_wellformed(inst, result)


@st.composite
def stable_cases(draw: st.DrawFn, max_candidates: int = 7) -> tuple[Instance, dict, dict]:
    inst = draw(instances(max_candidates=max_candidates, min_slots=0))

    def lists(owners: list[str], others: list[str]) -> dict[str, list[str]]:
        out = {}
        for owner in draw(st.lists(st.sampled_from(owners), unique=True)) if owners else []:
            out[owner] = draw(st.lists(st.sampled_from([*others, "ghost"]), max_size=5))
        return out

    return (
        inst,
        lists(inst.candidate_ids, inst.placement_ids),
        lists(inst.placement_ids, inst.candidate_ids),
    )


@settings(max_examples=300, deadline=None)
@given(stable_cases())
def test_stable_has_no_blocking_pair(case: tuple[Instance, dict, dict]) -> None:
    inst, cp, pp = case
    result = allocate_stable(
        *inst.args(), min_score=inst.min_score, candidate_prefs=cp, placement_prefs=pp
    )
    check_wellformed(inst, result, ignore_allowed=True)
    prefs = reference_prefs(inst, cp, pp)
    matched = pairs(result)
    assert matched <= prefs.acceptable
    assert blocking_pairs(inst, prefs, matched) == []


@settings(max_examples=150, deadline=None)
@given(stable_cases(max_candidates=5))
def test_stable_is_candidate_optimal(case: tuple[Instance, dict, dict]) -> None:
    inst, cp, pp = case
    prefs = reference_prefs(inst, cp, pp)
    stable = [
        m for m in all_matchings(inst, prefs.acceptable) if not blocking_pairs(inst, prefs, m)
    ]
    result = dict(
        pairs(
            allocate_stable(
                *inst.args(), min_score=inst.min_score, candidate_prefs=cp, placement_prefs=pp
            )
        )
    )
    assert dict(result) in [dict(m) for m in stable]
    for m in stable:
        other = dict(m)
        for c in inst.candidate_ids:
            if c in other:
                # No stable matching gives any candidate a better placement than this one.
                assert c in result and prefs.c_rank(c, result[c]) <= prefs.c_rank(c, other[c])


@settings(max_examples=150, deadline=None)
@given(
    instances(min_slots=0),
    st.data(),
)
def test_stable_with_full_lists_ignores_scores(inst: Instance, data: st.DataObject) -> None:
    cp = {
        c: data.draw(st.lists(st.sampled_from(inst.placement_ids), min_size=1, unique=True))
        for c in inst.candidate_ids
    }
    pp = {
        p: data.draw(st.lists(st.sampled_from(inst.candidate_ids), min_size=1, unique=True))
        for p in inst.placement_ids
        if inst.candidate_ids
    }
    first = allocate_stable(
        *inst.args(), min_score=inst.min_score, candidate_prefs=cp, placement_prefs=pp
    )
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    other = allocate_stable(
        inst.candidate_ids,
        inst.placement_ids,
        inst.slots,
        rng.random(inst.scores.shape),
        rng.random(inst.scores.shape) < 0.5,
        min_score=float(rng.random()),
        candidate_prefs=cp,
        placement_prefs=pp,
    )
    assert pairs(first) == pairs(other)
    assert first.unassigned_candidates == other.unassigned_candidates


@settings(max_examples=100, deadline=None)
@given(stable_cases(), st.randoms(use_true_random=False))
def test_stable_is_deterministic_and_order_free(
    case: tuple[Instance, dict, dict], rnd: Any
) -> None:
    inst, cp, pp = case
    call: dict[str, Any] = {
        "min_score": inst.min_score,
        "candidate_prefs": cp,
        "placement_prefs": pp,
    }
    first = allocate_stable(*inst.args(), **call)
    assert allocate_stable(*inst.args(), **call) == first
    # The candidate-optimal stable matching is unique, so input order cannot matter.
    rows = list(range(len(inst.candidate_ids)))
    cols = list(range(len(inst.placement_ids)))
    rnd.shuffle(rows)
    rnd.shuffle(cols)
    shuffled = allocate_stable(
        [inst.candidate_ids[i] for i in rows],
        [inst.placement_ids[j] for j in cols],
        [inst.slots[j] for j in cols],
        inst.scores[np.ix_(rows, cols)],
        inst.eligible[np.ix_(rows, cols)],
        **call,
    )
    assert shuffled == first


# ---------------------------------------------------------------------------
# Size
# ---------------------------------------------------------------------------


@pytest.mark.slow
def test_a_cohort_of_bench_size_fills_every_slot() -> None:
    """2,000 candidates into 1,000 slots (speed is reported by make bench, not asserted)."""
    rng = np.random.default_rng(7)
    n_c, n_p = 2000, 500
    cids = [f"c{i:04d}" for i in range(n_c)]
    pids = [f"p{j:03d}" for j in range(n_p)]
    slots = (rng.multinomial(1000 - n_p, np.ones(n_p) / n_p) + 1).tolist()
    scores = rng.random((n_c, n_p))
    eligible = rng.random((n_c, n_p)) < 0.7
    for allocate in (allocate_optimal, allocate_stable):
        result = allocate(cids, pids, slots, scores, eligible, min_score=0.3)
        assert len(result.assignments) == 1000
