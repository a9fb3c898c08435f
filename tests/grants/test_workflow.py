"""The application lifecycle table: every state reachable, terminal states final, steps named."""

from __future__ import annotations

import pytest

from core.exceptions import IllegalTransition
from grants import workflow
from grants.models import GrantApplication

Status = GrantApplication.Status


def test_every_status_is_reachable_from_a_draft() -> None:
    reached: set[str] = {Status.DRAFT}
    frontier: list[str] = [Status.DRAFT]
    while frontier:
        status = frontier.pop()
        for transition in workflow.TRANSITIONS.values():
            if status in transition.sources and transition.target not in reached:
                reached.add(transition.target)
                frontier.append(transition.target)
    assert reached == set(Status.values)


def test_nothing_leaves_a_terminal_status() -> None:
    for transition in workflow.TRANSITIONS.values():
        assert not transition.sources & workflow.TERMINAL_STATUSES, transition.name


def test_decisions_and_overrules_need_a_reason() -> None:
    needing = {name for name, t in workflow.TRANSITIONS.items() if t.needs_reason}
    assert needing == {"reinstate", "reserve", "approve", "reject", "terminate"}


def test_the_system_steps_are_the_systems_alone() -> None:
    system = {name for name, t in workflow.TRANSITIONS.items() if workflow.SYSTEM in t.relations}
    assert system == {"check_eligible", "check_ineligible", "complete_evaluation"}
    for name in system:
        with pytest.raises(IllegalTransition):
            workflow.check(name, workflow.TRANSITIONS[name].target, frozenset({workflow.MANAGER}))


def test_an_applicant_cannot_decide_and_a_manager_cannot_submit() -> None:
    applicant = frozenset({workflow.APPLICANT})
    manager = frozenset({workflow.MANAGER})
    with pytest.raises(IllegalTransition):
        workflow.check("approve", Status.EVALUATED, applicant)
    with pytest.raises(IllegalTransition):
        workflow.check("submit", Status.DRAFT, manager)
    assert workflow.check("submit", Status.DRAFT, applicant).target == Status.SUBMITTED
    assert [t.name for t in workflow.allowed_transitions(Status.EVALUATED, manager)] == [
        "reserve",
        "approve",
        "reject",
    ]


def test_every_requestable_step_is_in_the_table() -> None:
    assert set(workflow.REQUESTABLE_TRANSITIONS) <= set(workflow.TRANSITIONS)
