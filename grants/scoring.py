"""Committee scoring and ranking within the budget: pure functions on Decimals, no Django.

* **An evaluator's total** is the weighted mean of their criterion scores, each taken as a
  share of its criterion's highest score, on a 0–100 scale:
  ``100 × Σ weight·score/max ÷ Σ weight``, rounded half up to two places.
* **An application's score** is the mean of its submitted totals; the **spread** is the
  highest minus the lowest total; a spread of at least the call's ``disagreement_points`` is a
  *large disagreement*, flagged for the committee to discuss (nothing is changed by it).
* **Ranking within the budget**: money already promised (approved or contracted applications)
  is taken from the budget first. The others are taken best score first (ties: earlier
  submission, then lower id); each is recommended for funding when its score reaches the
  call's pass score and its amount fits in what is left, for the reserve list when it passes
  but does not fit, and not recommended when it is below the pass score. A lower-ranked
  application that still fits is recommended after a higher-ranked one that did not (the
  budget is used, and the higher one heads the reserve list). A recommendation is advice: the
  manager decides, with a reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal("100")
TWO_PLACES = Decimal("0.01")

FUND = "fund"
RESERVE = "reserve"
BELOW_PASS = "below_pass"  # noqa: S105 - a recommendation code, not a password
COMMITTED = "committed"


def _round(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Criterion:
    id: int
    weight: Decimal
    max_score: int


def evaluator_total(criteria: Sequence[Criterion], scores: Mapping[int, int]) -> Decimal:
    """The 0–100 total of one evaluator's scores; ValueError when one is missing or off scale."""
    if not criteria:
        raise ValueError("The rubric has no criteria.")
    weight_sum = sum((criterion.weight for criterion in criteria), Decimal("0"))
    if weight_sum <= 0:
        raise ValueError("The rubric's weights add up to nothing.")
    weighted = Decimal("0")
    for criterion in criteria:
        if criterion.id not in scores:
            raise ValueError(f"criterion {criterion.id} has no score")
        score = scores[criterion.id]
        if not 0 <= score <= criterion.max_score:
            raise ValueError(f"score {score} of criterion {criterion.id} is off its scale")
        weighted += criterion.weight * Decimal(score) / Decimal(criterion.max_score)
    return _round(HUNDRED * weighted / weight_sum)


@dataclass(frozen=True, slots=True)
class ScoreSummary:
    count: int
    average: Decimal | None
    spread: Decimal | None
    disagreement: bool


def summarise(totals: Sequence[Decimal], *, disagreement_points: Decimal) -> ScoreSummary:
    if not totals:
        return ScoreSummary(count=0, average=None, spread=None, disagreement=False)
    average = _round(sum(totals, Decimal("0")) / Decimal(len(totals)))
    spread = max(totals) - min(totals)
    return ScoreSummary(
        count=len(totals),
        average=average,
        spread=spread,
        disagreement=len(totals) > 1 and spread >= disagreement_points,
    )


@dataclass(frozen=True, slots=True)
class RankingEntry:
    application_id: int
    average: Decimal
    amount: Decimal  # what funding it costs: the approved amount if committed, else requested
    submitted_at: dt.datetime
    committed: bool = False


@dataclass(frozen=True, slots=True)
class RankedRow:
    application_id: int
    rank: int
    average: Decimal
    amount: Decimal
    recommendation: str
    # Budget left after this row's recommendation (committed money is taken first).
    remaining_after: Decimal


def rank_within_budget(
    entries: Sequence[RankingEntry], *, budget: Decimal, pass_score: Decimal
) -> list[RankedRow]:
    """Rows best score first with a recommendation each (see the module's docstring)."""
    ordered = sorted(
        entries, key=lambda entry: (-entry.average, entry.submitted_at, entry.application_id)
    )
    remaining = budget - sum((entry.amount for entry in entries if entry.committed), Decimal("0"))
    rows: list[RankedRow] = []
    for rank, entry in enumerate(ordered, start=1):
        if entry.committed:
            recommendation = COMMITTED
        elif entry.average < pass_score:
            recommendation = BELOW_PASS
        elif entry.amount <= remaining:
            recommendation = FUND
            remaining -= entry.amount
        else:
            recommendation = RESERVE
        rows.append(
            RankedRow(
                application_id=entry.application_id,
                rank=rank,
                average=entry.average,
                amount=entry.amount,
                recommendation=recommendation,
                remaining_after=remaining,
            )
        )
    return rows
