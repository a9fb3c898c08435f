"""Scoring and ranking are pure functions on Decimals: properties over many inputs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from grants import scoring
from grants.scoring import Criterion, RankingEntry

weights = st.decimals(min_value=Decimal("0.5"), max_value=Decimal("10"), places=2)
rubrics = st.lists(
    st.tuples(weights, st.integers(min_value=1, max_value=20)), min_size=1, max_size=6
)
money = st.decimals(min_value=Decimal("1000"), max_value=Decimal("2000000"), places=2)
averages = st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=2)
EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def criteria_of(rubric: list[tuple[Decimal, int]]) -> list[Criterion]:
    return [Criterion(id=i, weight=w, max_score=m) for i, (w, m) in enumerate(rubric)]


@given(rubrics, st.data())
def test_a_total_lies_between_0_and_100_with_two_places(rubric: list, data: st.DataObject) -> None:
    criteria = criteria_of(rubric)
    scores = {c.id: data.draw(st.integers(0, c.max_score)) for c in criteria}
    total = scoring.evaluator_total(criteria, scores)
    assert Decimal("0") <= total <= Decimal("100")
    assert total == total.quantize(Decimal("0.01"))


@given(rubrics)
def test_full_marks_are_100_and_nothing_is_0(rubric: list) -> None:
    criteria = criteria_of(rubric)
    assert scoring.evaluator_total(criteria, {c.id: c.max_score for c in criteria}) == 100
    assert scoring.evaluator_total(criteria, {c.id: 0 for c in criteria}) == 0


def test_weights_count_and_rounding_is_half_up() -> None:
    criteria = [Criterion(1, Decimal("2"), 10), Criterion(2, Decimal("1"), 10)]
    # 100 · (2·0.5 + 1·1.0) / 3 = 66.666… → 66.67
    assert scoring.evaluator_total(criteria, {1: 5, 2: 10}) == Decimal("66.67")
    with pytest.raises(ValueError, match="no score"):
        scoring.evaluator_total(criteria, {1: 5})
    with pytest.raises(ValueError, match="off its scale"):
        scoring.evaluator_total(criteria, {1: 11, 2: 0})


def test_disagreement_is_the_spread_against_the_threshold() -> None:
    summary = scoring.summarise(
        [Decimal("80"), Decimal("59.99")], disagreement_points=Decimal("20")
    )
    assert summary.average == Decimal("70.00")  # 69.995 rounds half up
    assert summary.disagreement is True
    assert (
        scoring.summarise([Decimal("80")], disagreement_points=Decimal("1")).disagreement is False
    )
    assert scoring.summarise([], disagreement_points=Decimal("1")).average is None


entries = st.lists(st.tuples(averages, money, st.booleans()), min_size=0, max_size=12).map(
    lambda rows: [
        RankingEntry(
            application_id=i,
            average=avg,
            amount=amount,
            submitted_at=EPOCH + dt.timedelta(hours=i),
            committed=committed,
        )
        for i, (avg, amount, committed) in enumerate(rows)
    ]
)


@given(entries, money, averages)
def test_recommended_money_never_exceeds_what_the_budget_leaves(
    rows: list[RankingEntry], budget: Decimal, pass_score: Decimal
) -> None:
    ranked = scoring.rank_within_budget(rows, budget=budget, pass_score=pass_score)
    committed = sum((r.amount for r in rows if r.committed), Decimal("0"))
    funded = sum((r.amount for r in ranked if r.recommendation == scoring.FUND), Decimal("0"))
    assert funded <= max(budget - committed, Decimal("0")) or funded == 0
    assert [r.rank for r in ranked] == list(range(1, len(rows) + 1))
    assert all(a.average >= b.average for a, b in zip(ranked, ranked[1:], strict=False))
    by_id = {r.application_id: r for r in ranked}
    for row in rows:
        recommendation = by_id[row.application_id].recommendation
        if row.committed:
            assert recommendation == scoring.COMMITTED
        elif row.average < pass_score:
            assert recommendation == scoring.BELOW_PASS
        else:
            assert recommendation in (scoring.FUND, scoring.RESERVE)


@given(entries, money, averages)
def test_a_reserve_row_did_not_fit_in_what_was_left(
    rows: list[RankingEntry], budget: Decimal, pass_score: Decimal
) -> None:
    ranked = scoring.rank_within_budget(rows, budget=budget, pass_score=pass_score)
    left = budget - sum((r.amount for r in rows if r.committed), Decimal("0"))
    for row in ranked:
        if row.recommendation == scoring.FUND:
            left -= row.amount
            assert left >= 0
        elif row.recommendation == scoring.RESERVE:
            assert row.amount > left


def test_ties_go_to_the_earlier_submission() -> None:
    rows = [
        RankingEntry(2, Decimal("70"), Decimal("500"), EPOCH + dt.timedelta(hours=1)),
        RankingEntry(1, Decimal("70"), Decimal("500"), EPOCH + dt.timedelta(hours=2)),
    ]
    ranked = scoring.rank_within_budget(rows, budget=Decimal("500"), pass_score=Decimal("50"))
    assert [(r.application_id, r.recommendation) for r in ranked] == [
        (2, scoring.FUND),
        (1, scoring.RESERVE),
    ]
