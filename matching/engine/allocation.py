"""Cohort allocation proposals: score-optimal (assignment / LP) and stable (deferred acceptance)."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, linprog, milp

from matching.engine.types import AllocationResult, Assignment

FloatMatrix = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]

# Above this many cells the slot-expanded assignment matrix (8 bytes a cell) would cost more
# memory than it is worth; the same problem is then solved as a sparse LP over allowed pairs.
MAX_DENSE_CELLS = 30_000_000

# Starting pair set of the column-generation LP: each candidate's best few placements and each
# placement's best candidates. Small keeps the LP fast; pricing adds whatever else is needed.
INITIAL_PER_CANDIDATE = 8
INITIAL_PER_SLOT = 2

# A pair is priced into the LP when its reduced cost is below -PRICING_TOLERANCE. Adding a pair
# is cheap, so this is tighter than HiGHS's own dual tolerance: it only errs towards more pairs.
PRICING_TOLERANCE = 1e-9
MAX_PRICING_ROUNDS = 50
# Once some pair violates, every pair within this reduced cost (score units) joins as well:
# each round is a full re-solve and the duals shift between rounds, so a few large rounds beat
# many small ones (2500-slot stress case: 6 rounds and 2.2 s → 2 rounds and 1.0 s).
PRICING_MARGIN = 0.02

# Dual simplex: it ends on a vertex (integral here) and was the fastest HiGHS method on the
# restricted LPs measured; interior point only won on the hardest one.
_LP_METHOD = "highs-ds"
_UNRANKED = np.iinfo(np.int64).max


class AllocationInfeasible(ValueError):
    """The district quotas cannot be met with the allowed pairs and the slots available."""

    def __init__(self, message: str, *, district: str, quota: int, most: int) -> None:
        super().__init__(message)
        self.district = district
        self.quota = quota
        self.most = most


@dataclass(frozen=True, slots=True)
class _Problem:
    candidate_ids: tuple[str, ...]
    placement_ids: tuple[str, ...]
    slots: IntArray
    scores: FloatMatrix
    eligible: BoolArray


def _validate(
    candidate_ids: Sequence[str],
    placement_ids: Sequence[str],
    slots: Sequence[int] | Mapping[str, int],
    scores: npt.ArrayLike,
    eligible: npt.ArrayLike,
) -> _Problem:
    cids = tuple(candidate_ids)
    pids = tuple(placement_ids)
    for kind, ids in (("candidate", cids), ("placement", pids)):
        repeated = [x for x, n in Counter(ids).items() if n > 1]
        if repeated:
            raise ValueError(f"duplicate {kind} id: {repeated[0]!r}")
    shape = (len(cids), len(pids))
    score_arr = np.asarray(scores, dtype=np.float64)
    if score_arr.size == 0:
        score_arr = score_arr.reshape(shape)
    if score_arr.shape != shape:
        raise ValueError(f"scores has shape {score_arr.shape}, expected {shape}")
    if not np.isfinite(score_arr).all():
        i, j = (int(v) for v in np.argwhere(~np.isfinite(score_arr))[0])
        raise ValueError(f"score is not finite for candidate {cids[i]!r}, placement {pids[j]!r}")
    elig_arr = np.asarray(eligible)
    if elig_arr.size == 0:
        elig_arr = elig_arr.reshape(shape)
    if elig_arr.shape != shape:
        raise ValueError(f"eligible has shape {elig_arr.shape}, expected {shape}")
    if elig_arr.dtype != np.bool_:
        raise ValueError(f"eligible must be a bool matrix, got dtype {elig_arr.dtype}")
    if isinstance(slots, Mapping):
        missing = [p for p in pids if p not in slots]
        if missing:
            raise ValueError(f"slots has no entry for placement {missing[0]!r}")
        slot_list = [slots[p] for p in pids]
    else:
        slot_list = list(slots)
    if len(slot_list) != len(pids):
        raise ValueError(f"slots has {len(slot_list)} entries for {len(pids)} placements")
    slot_arr = np.zeros(len(pids), dtype=np.intp)
    for j, n in enumerate(slot_list):
        if not isinstance(n, int | np.integer) or isinstance(n, bool) or n < 0:
            raise ValueError(f"slots for placement {pids[j]!r} must be an integer ≥ 0, got {n!r}")
        slot_arr[j] = int(n)
    return _Problem(cids, pids, slot_arr, score_arr, elig_arr.astype(np.bool_, copy=False))


def _result(method: str, problem: _Problem, rows: IntArray, cols: IntArray) -> AllocationResult:
    used = np.bincount(cols, minlength=len(problem.placement_ids))
    remaining = problem.slots - used
    # Cheap and never expected to fire; a proposal that overfills a placement must not go out.
    if (remaining < 0).any() or np.unique(rows).size != rows.size:
        raise AssertionError("allocation broke a capacity or placed someone twice")
    assignments = sorted(
        (
            Assignment(
                candidate_id=problem.candidate_ids[i],
                placement_id=problem.placement_ids[j],
                score=float(problem.scores[i, j]),
            )
            for i, j in zip(rows.tolist(), cols.tolist(), strict=True)
        ),
        key=lambda a: a.candidate_id,
    )
    assigned = {a.candidate_id for a in assignments}
    # Summed in id order so equal assignments give bit-identical totals.
    total = round(sum(a.score for a in assignments), 6)
    return AllocationResult(
        method=method,
        assignments=tuple(assignments),
        total_score=total + 0.0,  # normalises -0.0
        unassigned_candidates=tuple(sorted(c for c in problem.candidate_ids if c not in assigned)),
        open_slots={
            problem.placement_ids[j]: int(remaining[j])
            for j in sorted(range(len(remaining)), key=lambda j: problem.placement_ids[j])
            if remaining[j] > 0
        },
    )


# ---------------------------------------------------------------------------
# Optimal
# ---------------------------------------------------------------------------


def allocate_optimal(
    candidate_ids: Sequence[str],
    placement_ids: Sequence[str],
    slots: Sequence[int] | Mapping[str, int],
    scores: npt.ArrayLike,
    eligible: npt.ArrayLike,
    *,
    min_score: float = 0.0,
    placement_districts: Sequence[str] | Mapping[str, str] | None = None,
    district_quotas: Mapping[str, int] | None = None,
) -> AllocationResult:
    """Assign candidates to placement slots so the total score of the assigned pairs is maximal.

    `scores` and `eligible` are (n_candidates × n_placements); a pair is allowed when it is
    eligible and its score ≥ `min_score`. Each candidate gets at most one placement, each
    placement at most its `slots` (given in placement order, or as a mapping by placement id;
    `placement_districts` likewise). The result is a proposal for a coordinator to review.

    Without quotas the problem goes to `linear_sum_assignment` with one column per usable slot;
    disallowed cells are worth 0 there (the same as leaving both sides unassigned) rather than a
    large negative number, because a large penalty would make the solver place as many people as
    possible first and only then look at scores, which is not the score optimum. Among equally
    good totals, free slots are then filled with allowed zero-score pairs. (When the expanded
    matrix would exceed MAX_DENSE_CELLS, the LP below solves the same problem.)

    `district_quotas` (district → minimum number of interns placed there, `placement_districts`
    giving each placement's district) makes it a network flow with lower bounds. When the
    assignment above already meets every quota it is the answer; otherwise the flow is solved
    as an LP with HiGHS over a growing set of pairs (column generation, priced with the
    duals over every allowed pair), whose vertex solutions are integral because the constraint
    matrix is totally unimodular (candidate rows form one laminar family, placement and district
    rows — each placement in exactly one district — another). With quotas an allowed pair whose
    score is negative (possible when `min_score` < 0) may be used to meet a quota.

    Raises `AllocationInfeasible` (a ValueError) naming a district whose quota cannot be met and
    the most it could get, and ValueError for malformed input. Deterministic for equal input.
    """
    problem = _validate(candidate_ids, placement_ids, slots, scores, eligible)
    allowed = problem.eligible & (problem.scores >= min_score) & (problem.slots > 0)[None, :]
    quotas = _parse_quotas(problem, placement_districts, district_quotas)

    # Without quotas a negative-score pair never raises the total, so it is never worth using.
    rows, cols = _max_weight(problem.scores, allowed & (problem.scores >= 0), problem.slots)
    if quotas is not None and not _meets_quotas(cols, quotas):
        rows, cols = _solve_flow_lp(problem.scores, allowed, problem.slots, quotas, (rows, cols))
    rows, cols = _fill_zero_ties(problem, allowed, rows, cols)
    return _result("optimal", problem, rows, cols)


@dataclass(frozen=True, slots=True)
class _Quotas:
    names: tuple[str, ...]  # quota districts, sorted
    minimum: IntArray  # per quota district
    of_placement: IntArray  # index into names per placement, -1 when not a quota district


def _parse_quotas(
    problem: _Problem,
    placement_districts: Sequence[str] | Mapping[str, str] | None,
    district_quotas: Mapping[str, int] | None,
) -> _Quotas | None:
    if not district_quotas:
        return None
    for name, q in district_quotas.items():
        if not isinstance(q, int | np.integer) or isinstance(q, bool) or q < 0:
            raise ValueError(f"quota for district {name!r} must be an integer ≥ 0, got {q!r}")
    wanted = sorted(name for name, q in district_quotas.items() if q > 0)
    if not wanted:
        return None
    if isinstance(placement_districts, Mapping):
        districts = [placement_districts.get(p, "") for p in problem.placement_ids]
    elif placement_districts is not None and len(placement_districts) == len(problem.placement_ids):
        districts = list(placement_districts)
    else:
        raise ValueError("district_quotas needs placement_districts, one per placement")
    index = {name: k for k, name in enumerate(wanted)}
    return _Quotas(
        names=tuple(wanted),
        minimum=np.array([int(district_quotas[n]) for n in wanted], dtype=np.intp),
        of_placement=np.array([index.get(d, -1) for d in districts], dtype=np.intp),
    )


def _meets_quotas(cols: IntArray, quotas: _Quotas) -> bool:
    district = quotas.of_placement[cols]
    counts = np.bincount(district[district >= 0], minlength=len(quotas.names))
    return bool((counts >= quotas.minimum).all())


def _max_weight(
    scores: FloatMatrix, allowed: BoolArray, slots: IntArray
) -> tuple[IntArray, IntArray]:
    """Maximum-weight b-matching over allowed pairs (weights ≥ 0), as (rows, cols)."""
    rows = np.flatnonzero(allowed.any(axis=1))
    cols = np.flatnonzero(allowed.any(axis=0))
    if rows.size == 0:
        return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
    sub = allowed[np.ix_(rows, cols)]
    # A placement never takes more people than it has slots or allowed candidates.
    caps = np.minimum(slots[cols], sub.sum(axis=0))
    if rows.size * int(caps.sum()) > MAX_DENSE_CELLS:
        return _solve_flow_lp(scores, allowed, slots, None, None)
    expand = np.repeat(np.arange(cols.size), caps)
    value = np.where(sub, scores[np.ix_(rows, cols)], 0.0)[:, expand]
    r, c = linear_sum_assignment(value, maximize=True)
    r = np.asarray(r, dtype=np.intp)
    c = expand[np.asarray(c, dtype=np.intp)]
    keep = sub[r, c]
    return rows[r[keep]], cols[c[keep]]


def _fill_zero_ties(
    problem: _Problem, allowed: BoolArray, rows: IntArray, cols: IntArray
) -> tuple[IntArray, IntArray]:
    """Give still-free slots to unassigned candidates over allowed pairs that cost nothing."""
    remaining = problem.slots - np.bincount(cols, minlength=len(problem.placement_ids))
    free = np.ones(len(problem.candidate_ids), dtype=np.bool_)
    free[rows] = False
    usable = allowed & (problem.scores >= 0)
    extra_r: list[int] = []
    extra_c: list[int] = []
    for i in np.flatnonzero(free & usable[:, remaining > 0].any(axis=1)).tolist():
        options = np.flatnonzero(usable[i] & (remaining > 0))
        if options.size:
            j = int(options[np.argmax(problem.scores[i, options])])
            remaining[j] -= 1
            extra_r.append(i)
            extra_c.append(j)
    if not extra_r:
        return rows, cols
    return (
        np.concatenate([rows, np.array(extra_r, dtype=np.intp)]),
        np.concatenate([cols, np.array(extra_c, dtype=np.intp)]),
    )


def _top_pairs(scores: FloatMatrix, allowed: BoolArray, slots: IntArray) -> BoolArray:
    """The starting pair set: each candidate's best placements and each placement's best people."""
    masked = np.where(allowed, scores, -np.inf)
    keep = np.zeros_like(allowed)
    n_c, n_p = allowed.shape
    k = min(INITIAL_PER_CANDIDATE, n_p)
    if k:
        best = np.argpartition(-masked, k - 1, axis=1)[:, :k]
        np.put_along_axis(keep, best, True, axis=1)
    by_placement = np.argsort(-masked, axis=0, kind="stable")
    rank = np.empty_like(by_placement)
    np.put_along_axis(rank, by_placement, np.arange(n_c)[:, None], axis=0)
    keep |= rank < (INITIAL_PER_SLOT * slots)[None, :]
    return keep & allowed


def _solve_flow_lp(
    scores: FloatMatrix,
    allowed: BoolArray,
    slots: IntArray,
    quotas: _Quotas | None,
    start: tuple[IntArray, IntArray] | None,
) -> tuple[IntArray, IntArray]:
    """The score optimum with quotas by LP column generation; raises AllocationInfeasible."""
    n_p = allowed.shape[1]
    of_placement = np.full(n_p, -1, dtype=np.intp) if quotas is None else quotas.of_placement
    minimum = np.zeros(0, dtype=np.intp) if quotas is None else quotas.minimum
    # Quotas are elastic (a shortfall variable per district, priced above any possible total
    # score) so every restricted LP is feasible and the duals stay meaningful; a shortfall left
    # in the optimum then means the quotas really are infeasible, and it is the least one.
    penalty = 1.0 + float(np.abs(np.where(allowed, scores, 0.0)).max(axis=1, initial=0.0).sum())

    in_lp = _top_pairs(scores, allowed, slots)
    if start is not None:
        in_lp[start[0], start[1]] = True
    for _ in range(MAX_PRICING_ROUNDS):
        x, shortfall, (y_cand, y_place, y_district) = _restricted_lp(
            scores, in_lp, slots, of_placement, minimum, penalty
        )
        # Reduced cost of each pair in the minimisation; below zero it would improve the LP.
        # Placements outside quota districts (index -1) pick up the appended zero.
        district_dual = np.append(y_district, 0.0)[of_placement]
        reduced = -scores - y_cand[:, None] - (y_place + district_dual)[None, :]
        outside = allowed & ~in_lp
        if not (outside & (reduced < -PRICING_TOLERANCE)).any():
            break
        # Near-violators come in too: duals move between rounds, and each round is a full
        # re-solve, so fewer, larger rounds are faster.
        in_lp |= outside & (reduced < PRICING_MARGIN)
    else:
        in_lp = allowed.copy()
        x, shortfall, _ = _restricted_lp(scores, in_lp, slots, of_placement, minimum, penalty)
    pair_rows, pair_cols = np.nonzero(in_lp)
    if ((x > 1e-6) & (x < 1 - 1e-6)).any():
        # Total unimodularity makes every vertex integral, so this is only a numerical safety
        # net: the same pair set solved with integrality has the same optimum.
        x, shortfall = _restricted_milp(scores, in_lp, slots, of_placement, minimum, penalty)
    if quotas is not None and (shortfall > 0.5).any():
        _raise_infeasible(scores, allowed, slots, quotas, np.rint(shortfall).astype(np.intp))
    chosen = x > 0.5
    return pair_rows[chosen].astype(np.intp), pair_cols[chosen].astype(np.intp)


def _flow_model(
    scores: FloatMatrix,
    in_lp: BoolArray,
    slots: IntArray,
    of_placement: IntArray,
    minimum: IntArray,
    penalty: float,
) -> tuple[FloatMatrix, sparse.csr_array, FloatMatrix, FloatMatrix]:
    """Objective, A (rows: candidates, placements, quota districts) and its row bounds."""
    n_c, n_p = in_lp.shape
    k = len(minimum)
    r, c = np.nonzero(in_lp)
    n = r.size
    pairs = np.arange(n)
    quota_pairs = of_placement[c] >= 0
    row_idx = np.concatenate([r, n_c + c, n_c + n_p + of_placement[c][quota_pairs]])
    col_idx = np.concatenate([pairs, pairs, pairs[quota_pairs]])
    # Shortfall columns: district row  Σ x + shortfall ≥ quota.
    row_idx = np.concatenate([row_idx, n_c + n_p + np.arange(k)])
    col_idx = np.concatenate([col_idx, n + np.arange(k)])
    a = sparse.csr_array((np.ones(row_idx.size), (row_idx, col_idx)), shape=(n_c + n_p + k, n + k))
    objective = np.concatenate([-scores[r, c], np.full(k, penalty)])
    lower = np.concatenate([np.zeros(n_c + n_p), minimum.astype(np.float64)])
    upper = np.concatenate([np.ones(n_c), slots.astype(np.float64), np.full(k, np.inf)])
    return objective, a, lower, upper


def _restricted_lp(
    scores: FloatMatrix,
    in_lp: BoolArray,
    slots: IntArray,
    of_placement: IntArray,
    minimum: IntArray,
    penalty: float,
) -> tuple[FloatMatrix, FloatMatrix, tuple[FloatMatrix, FloatMatrix, FloatMatrix]]:
    """Pair values, shortfalls and the duals of the candidate, placement and district rows
    (as multipliers of the un-negated rows: reduced cost = c − Σ a·dual)."""
    n_c, n_p = in_lp.shape
    k = len(minimum)
    objective, a, lower, upper = _flow_model(scores, in_lp, slots, of_placement, minimum, penalty)
    # linprog wants A_ub x ≤ b: the quota rows (≥) are negated.
    sign = np.concatenate([np.ones(n_c + n_p), -np.ones(k)])
    b_ub = np.concatenate([upper[: n_c + n_p], -lower[n_c + n_p :]])
    n = objective.size
    bounds = np.zeros((n, 2))
    # x ≤ 1 already follows from the candidate rows, but stating it makes the dual simplex 2-3×
    # faster on instances where the quotas bind (measured).
    bounds[:, 1] = 1.0
    bounds[n - k :, 1] = minimum
    res = linprog(
        objective,
        A_ub=sparse.diags_array(sign) @ a,
        b_ub=b_ub,
        bounds=bounds,
        method=_LP_METHOD,
    )
    if res.status != 0:
        raise RuntimeError(f"allocation LP failed: {res.message}")
    x = cast(FloatMatrix, np.asarray(res.x, dtype=np.float64))
    y = cast(FloatMatrix, np.asarray(res.ineqlin.marginals, dtype=np.float64)) * sign
    return x[: n - k], x[n - k :], (y[:n_c], y[n_c : n_c + n_p], y[n_c + n_p :])


def _restricted_milp(
    scores: FloatMatrix,
    in_lp: BoolArray,
    slots: IntArray,
    of_placement: IntArray,
    minimum: IntArray,
    penalty: float,
) -> tuple[FloatMatrix, FloatMatrix]:
    k = len(minimum)
    objective, a, lower, upper = _flow_model(scores, in_lp, slots, of_placement, minimum, penalty)
    n = objective.size
    ub = np.concatenate([np.ones(n - k), minimum.astype(np.float64)])
    res = milp(
        objective,
        constraints=LinearConstraint(a, lower, upper),
        bounds=Bounds(np.zeros(n), ub),
        integrality=np.ones(n),
        options={"mip_rel_gap": 0.0},
    )
    if res.status != 0:
        raise RuntimeError(f"allocation MILP failed: {res.message}")
    x = np.rint(np.asarray(res.x, dtype=np.float64))
    return x[: n - k], x[n - k :]


def _raise_infeasible(
    scores: FloatMatrix,
    allowed: BoolArray,
    slots: IntArray,
    quotas: _Quotas,
    shortfall: IntArray,
) -> None:
    short = [d for d in range(len(quotas.names)) if shortfall[d] > 0]
    # First a district that cannot reach its quota even alone: the clearest thing to report.
    for d in short:
        in_district = quotas.of_placement == d
        ones = np.where(allowed & in_district[None, :], 1.0, 0.0)
        most = int(_max_weight(ones, ones > 0, slots)[0].size)
        if most < quotas.minimum[d]:
            name, quota = quotas.names[d], int(quotas.minimum[d])
            raise AllocationInfeasible(
                f"district {name} needs at least {quota} interns placed, but at most {most} can "
                f"be (slots there and eligible candidates with score ≥ min_score)",
                district=name,
                quota=quota,
                most=most,
            )
    d = short[0]
    name, quota = quotas.names[d], int(quotas.minimum[d])
    most = quota - int(shortfall[d])
    others = ", ".join(
        f"{quotas.names[e]} {int(quotas.minimum[e] - shortfall[e])} of {int(quotas.minimum[e])}"
        for e in short[1:]
    )
    raise AllocationInfeasible(
        f"district quotas cannot all be met together (they compete for the same candidates): "
        f"in an allocation that misses them by the fewest interns, district {name} gets {most} "
        f"of its {quota}" + (f"; also short: {others}" if others else ""),
        district=name,
        quota=quota,
        most=most,
    )


# ---------------------------------------------------------------------------
# Stable
# ---------------------------------------------------------------------------


def allocate_stable(
    candidate_ids: Sequence[str],
    placement_ids: Sequence[str],
    slots: Sequence[int] | Mapping[str, int],
    scores: npt.ArrayLike,
    eligible: npt.ArrayLike,
    *,
    min_score: float = 0.0,
    candidate_prefs: Mapping[str, Sequence[str]] | None = None,
    placement_prefs: Mapping[str, Sequence[str]] | None = None,
) -> AllocationResult:
    """Candidate-proposing deferred acceptance with capacities (hospitals/residents).

    Inputs as for `allocate_optimal`; `min_score` and eligibility apply as described below.

    Preference lists: a candidate (placement) with a stated, non-empty list in `candidate_prefs`
    (`placement_prefs`) ranks in that order; ids that are not in the input are ignored, repeats
    count once (so a list naming only unknown ids accepts no one). An empty list counts as not
    stated, as `Candidate.preferences` and `Placement.preferences` default to ().
    A side without a stated list ranks by score, highest first, ties broken by id ascending.

    A pair (c, p) is acceptable when:
      * both c and p stated lists: p is on c's list and c is on p's list — the lists alone
        decide, so eligibility, `min_score` and the scores play no part (a pair excluded by a
        hard constraint is accepted if both lists name each other);
      * only c stated a list: p is on c's list, and the pair is eligible with score ≥ min_score;
      * only p stated a list: c is on p's list, and the pair is eligible with score ≥ min_score;
      * neither: the pair is eligible with score ≥ min_score.
    Placements with 0 slots accept no one.

    The result is the candidate-optimal stable matching: no candidate and placement that are
    acceptable to each other would both rather have each other (the placement having a free slot
    or holding someone it ranks lower). It is unique for the given preferences, so it does not
    depend on proposal order. The result is a proposal for a coordinator to review.
    """
    problem = _validate(candidate_ids, placement_ids, slots, scores, eligible)
    n_c, n_p = problem.scores.shape
    cand_index = {c: i for i, c in enumerate(problem.candidate_ids)}
    place_index = {p: j for j, p in enumerate(problem.placement_ids)}

    # cand_rank[i, j]: where placement j is in candidate i's order; place_rank[j, i]: where
    # candidate i is in placement j's order. Each row-major for its owner, so sorting and the
    # lists built from them run along contiguous memory.
    cand_rank, cand_stated = _ranks(
        problem.scores, candidate_prefs, cand_index, place_index, problem.placement_ids
    )
    place_rank, place_stated = _ranks(
        np.ascontiguousarray(problem.scores.T),
        placement_prefs,
        place_index,
        cand_index,
        problem.candidate_ids,
    )
    allowed = problem.eligible & (problem.scores >= min_score)
    acceptable = (
        (cand_rank != _UNRANKED)
        & (place_rank != _UNRANKED).T
        & (allowed | (cand_stated[:, None] & place_stated[None, :]))
        & (problem.slots > 0)[None, :]
    )

    # Ranks are < n_p, so the sort key fits a small integer type, which numpy's stable sort
    # handles by radix sort: about twice as fast as on int64.
    key_type = np.int16 if n_p < np.iinfo(np.int16).max else np.int32
    key = np.where(acceptable, cand_rank, n_p).astype(key_type)
    lengths = acceptable.sum(axis=1)
    order = np.argsort(key, axis=1, kind="stable")[:, : int(lengths.max(initial=0))]
    proposals = [row[:length] for row, length in zip(order.tolist(), lengths.tolist(), strict=True)]
    rank_of = place_rank.tolist()
    capacity = problem.slots.tolist()

    next_choice = [0] * n_c
    held: list[list[tuple[int, int]]] = [[] for _ in range(n_p)]  # max-heap on rank: (-rank, i)
    free = list(range(n_c - 1, -1, -1))
    while free:
        i = free.pop()
        mine = proposals[i]
        while next_choice[i] < len(mine):
            j = mine[next_choice[i]]
            next_choice[i] += 1
            rank = rank_of[j][i]
            heap = held[j]
            if len(heap) < capacity[j]:
                heapq.heappush(heap, (-rank, i))
                break
            if rank < -heap[0][0]:
                _, displaced = heapq.heapreplace(heap, (-rank, i))
                free.append(displaced)
                break

    pairs = sorted((i, j) for j, heap in enumerate(held) for _, i in heap)
    rows = np.array([i for i, _ in pairs], dtype=np.intp)
    cols = np.array([j for _, j in pairs], dtype=np.intp)
    return _result("stable", problem, rows, cols)


def _ranks(
    scores: FloatMatrix,
    stated: Mapping[str, Sequence[str]] | None,
    own_index: Mapping[str, int],
    other_index: Mapping[str, int],
    other_ids: Sequence[str],
) -> tuple[npt.NDArray[np.int64], BoolArray]:
    """Each row's rank of every column: from its stated list (unlisted: _UNRANKED) or, without
    one, by score descending then id ascending. Also which rows stated a list."""
    n_rows, n_cols = scores.shape
    rank = np.empty((n_rows, n_cols), dtype=np.int64)
    has_list = np.zeros(n_rows, dtype=np.bool_)
    for owner, wanted in (stated or {}).items():
        row = own_index.get(owner)
        if row is None or not wanted:
            continue
        has_list[row] = True
        rank[row] = _UNRANKED
        position = 0
        for other in wanted:
            col = other_index.get(other)
            if col is not None and rank[row, col] == _UNRANKED:
                rank[row, col] = position
                position += 1
    derived = np.flatnonzero(~has_list)
    if derived.size and n_cols:
        by_id = np.array(sorted(range(n_cols), key=lambda col: other_ids[col]), dtype=np.intp)
        # Columns laid out in id order, then a stable sort on score descending: equal scores
        # keep id order. Faster than a two-key lexsort on the whole matrix.
        in_id_order = -(scores if derived.size == n_rows else scores[derived])[:, by_id]
        order = by_id[np.argsort(in_id_order, axis=1, kind="stable")]
        sub_rank = np.empty_like(order, dtype=np.int64)
        np.put_along_axis(sub_rank, order, np.arange(n_cols, dtype=np.int64)[None, :], axis=1)
        rank[derived] = sub_rank
    return rank, has_list
