"""The automatic eligibility check of a grant application: pure rules, no Django.

`eligibility_check(rules, facts)` returns one `Reason` per rule, passed or not, so the
applicant and the coordinator see what was checked, not only what failed. The texts are in
`grants.texts` (translated); here only stable codes and their parameters.

Rules (each call sets the first five; the last three hold for every call):
* ``district`` — the beneficiary lives in one of the call's districts (none listed: any);
* ``category`` — the beneficiary's category is one of the call's (none listed: any);
* ``training`` — the beneficiary completed a programme training, when the call requires it;
* ``max_grant`` — the amount asked from the grant is at most the call's maximum per grant;
* ``own_contribution`` — own contribution / total budget ≥ the call's minimum share;
* ``one_grant`` — the person has no other approved or running grant (one grant per person:
  the scheme's 150 places are for 150 people);
* ``company_verified`` and ``company_district`` (subsidies) — the employer was verified by a
  coordinator, and is seated in one of the call's districts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal("100")
PERCENT_PLACES = Decimal("0.01")

SELF_EMPLOYMENT = "self_employment"
EMPLOYMENT_SUBSIDY = "employment_subsidy"

CODES: tuple[str, ...] = (
    "district",
    "category",
    "training",
    "max_grant",
    "own_contribution",
    "one_grant",
    "company_verified",
    "company_district",
)


@dataclass(frozen=True, slots=True)
class CallRules:
    kind: str
    district_ids: frozenset[int] = frozenset()
    categories: frozenset[str] = frozenset()
    requires_completed_training: bool = False
    max_grant: Decimal = Decimal("0")
    min_own_contribution_percent: Decimal = Decimal("0")


@dataclass(frozen=True, slots=True)
class ApplicantFacts:
    district_id: int
    category: str
    completed_training: bool
    requested: Decimal
    own_contribution: Decimal
    has_other_grant: bool = False
    company_verified: bool | None = None
    company_district_id: int | None = None


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    passed: bool
    params: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {"code": self.code, "passed": self.passed, "params": dict(self.params)}


def own_share_percent(requested: Decimal, own_contribution: Decimal) -> Decimal:
    """Own contribution as a percentage of the whole budget, to two places (0 when empty)."""
    total = requested + own_contribution
    if total <= 0:
        return Decimal("0.00")
    return (own_contribution * HUNDRED / total).quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)


def eligibility_check(rules: CallRules, facts: ApplicantFacts) -> list[Reason]:
    reasons: list[Reason] = []
    if rules.district_ids:
        reasons.append(Reason("district", facts.district_id in rules.district_ids))
    if rules.categories:
        reasons.append(
            Reason("category", facts.category in rules.categories, {"category": facts.category})
        )
    if rules.requires_completed_training:
        reasons.append(Reason("training", facts.completed_training))
    reasons.append(
        Reason(
            "max_grant",
            facts.requested <= rules.max_grant,
            {"requested": f"{facts.requested:.2f}", "maximum": f"{rules.max_grant:.2f}"},
        )
    )
    if rules.min_own_contribution_percent > 0:
        share = own_share_percent(facts.requested, facts.own_contribution)
        reasons.append(
            Reason(
                "own_contribution",
                share >= rules.min_own_contribution_percent,
                {"share": f"{share:.2f}", "minimum": f"{rules.min_own_contribution_percent:.2f}"},
            )
        )
    reasons.append(Reason("one_grant", not facts.has_other_grant))
    if rules.kind == EMPLOYMENT_SUBSIDY:
        reasons.append(Reason("company_verified", bool(facts.company_verified)))
        if rules.district_ids:
            reasons.append(
                Reason("company_district", facts.company_district_id in rules.district_ids)
            )
    return reasons


def is_eligible(reasons: Sequence[Reason]) -> bool:
    return all(reason.passed for reason in reasons)
