"""The eligibility rules are pure: one reason per rule that applies, passed or not."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from grants.eligibility import (
    EMPLOYMENT_SUBSIDY,
    SELF_EMPLOYMENT,
    ApplicantFacts,
    CallRules,
    eligibility_check,
    is_eligible,
    own_share_percent,
)

RULES = CallRules(
    kind=SELF_EMPLOYMENT,
    district_ids=frozenset({20, 24}),
    categories=frozenset({"trained_beneficiary"}),
    requires_completed_training=True,
    max_grant=Decimal("1200000.00"),
    min_own_contribution_percent=Decimal("10"),
)
FACTS = ApplicantFacts(
    district_id=20,
    category="trained_beneficiary",
    completed_training=True,
    requested=Decimal("900000.00"),
    own_contribution=Decimal("100000.00"),
)


def failed(rules: CallRules, facts: ApplicantFacts) -> set[str]:
    return {reason.code for reason in eligibility_check(rules, facts) if not reason.passed}


def test_every_rule_of_the_call_is_reported_when_all_pass() -> None:
    reasons = eligibility_check(RULES, FACTS)
    assert [r.code for r in reasons] == [
        "district",
        "category",
        "training",
        "max_grant",
        "own_contribution",
        "one_grant",
    ]
    assert is_eligible(reasons)


def test_each_failing_rule_is_named() -> None:
    facts = ApplicantFacts(
        district_id=7,
        category="graduate",
        completed_training=False,
        requested=Decimal("1200000.01"),
        own_contribution=Decimal("0"),
        has_other_grant=True,
    )
    assert failed(RULES, facts) == {
        "district",
        "category",
        "training",
        "max_grant",
        "own_contribution",
        "one_grant",
    }


def test_a_call_without_rules_checks_only_the_money_and_one_grant_per_person() -> None:
    rules = CallRules(kind=SELF_EMPLOYMENT, max_grant=Decimal("100"))
    assert [r.code for r in eligibility_check(rules, FACTS)] == ["max_grant", "one_grant"]


def test_a_subsidy_needs_a_verified_employer_in_the_districts() -> None:
    rules = CallRules(
        kind=EMPLOYMENT_SUBSIDY, district_ids=frozenset({20}), max_grant=Decimal("1000000")
    )
    facts = ApplicantFacts(
        district_id=20,
        category="graduate",
        completed_training=False,
        requested=Decimal("500000"),
        own_contribution=Decimal("0"),
        company_verified=False,
        company_district_id=24,
    )
    assert failed(rules, facts) == {"company_verified", "company_district"}


def test_the_reason_carries_the_amounts_for_the_sentence() -> None:
    reason = next(r for r in eligibility_check(RULES, FACTS) if r.code == "own_contribution")
    assert reason.as_json() == {
        "code": "own_contribution",
        "passed": True,
        "params": {"share": "10.00", "minimum": "10.00"},
    }


@given(
    st.decimals(min_value=Decimal("0"), max_value=Decimal("10000000"), places=2),
    st.decimals(min_value=Decimal("0"), max_value=Decimal("10000000"), places=2),
)
def test_the_own_share_is_a_percentage_of_the_whole_budget(
    requested: Decimal, own: Decimal
) -> None:
    share = own_share_percent(requested, own)
    assert Decimal("0") <= share <= Decimal("100")
    if requested + own > 0:
        assert abs(share - own * 100 / (requested + own)) <= Decimal("0.005")
