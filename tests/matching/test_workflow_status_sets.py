"""Every status set is derived from the transition table, and says what it always said."""

from __future__ import annotations

from accounts import permissions
from followup import services as followup_services
from matching import workflow
from reports.selectors import FUNNEL_BY_KEY

S = workflow.Status
AFTER_PROPOSAL = {
    S.PROPOSED,
    S.COMPANY_ACCEPTED,
    S.COMPANY_DECLINED,
    S.CANDIDATE_ACCEPTED,
    S.CANDIDATE_DECLINED,
    S.PLACED,
    S.COMPLETED,
    S.ENDED_EARLY,
}


def test_the_company_sees_a_candidate_from_the_proposal_and_their_contact_from_acceptance() -> None:
    assert workflow.COMPANY_VISIBLE_STATUSES == AFTER_PROPOSAL
    assert {
        S.CANDIDATE_ACCEPTED,
        S.PLACED,
        S.COMPLETED,
        S.ENDED_EARLY,
    } == workflow.CONTACT_VISIBLE_STATUSES
    assert permissions.COMPANY_VISIBLE_STATUSES is workflow.COMPANY_VISIBLE_STATUSES
    assert permissions.CONTACT_VISIBLE_STATUSES is workflow.CONTACT_VISIBLE_STATUSES


def test_the_funnel_stages_are_the_statuses_reached_only_through_them() -> None:
    assert FUNNEL_BY_KEY["suggested"].implied_by == set(S.values)
    assert FUNNEL_BY_KEY["proposed"].implied_by == AFTER_PROPOSAL
    assert FUNNEL_BY_KEY["accepted"].implied_by == AFTER_PROPOSAL - {S.PROPOSED, S.COMPANY_DECLINED}
    assert FUNNEL_BY_KEY["placed"].implied_by == workflow.PLACED_OR_LATER
    assert FUNNEL_BY_KEY["completed"].implied_by == {S.COMPLETED}


def test_placed_or_later_is_what_has_outcome_checks() -> None:
    assert {S.PLACED, S.COMPLETED, S.ENDED_EARLY} == workflow.PLACED_OR_LATER
    assert set(workflow.REQUIRED_CONSEQUENCES) == workflow.PLACED_OR_LATER
    assert set(followup_services.COMPLETION_BY_STATUS) == workflow.PLACED_OR_LATER - {S.PLACED}


def test_a_status_a_cycle_could_bypass_is_not_claimed() -> None:
    # Rejection is reachable before and after a proposal, so it proves no stage.
    assert S.REJECTED not in workflow.statuses_reached_only_through(S.PROPOSED)
