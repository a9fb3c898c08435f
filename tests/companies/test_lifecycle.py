"""The placement lifecycle table says which step goes from where to where, and for whom."""

from __future__ import annotations

from companies import lifecycle
from companies.models import Placement

S = Placement.Status


def test_the_steps_of_the_table() -> None:
    assert lifecycle.may_take("submit", S.DRAFT, lifecycle.MEMBER)
    assert not lifecycle.may_take("submit", S.DRAFT, lifecycle.COORDINATOR)
    assert lifecycle.may_take("approve", S.PENDING_REVIEW, lifecycle.COORDINATOR)
    assert not lifecycle.may_take("approve", S.PENDING_REVIEW, lifecycle.MEMBER)
    for status in (S.DRAFT, S.PENDING_REVIEW, S.OPEN, S.FILLED):
        assert lifecycle.may_take("close", status, lifecycle.MEMBER)
        assert lifecycle.may_take("close", status, lifecycle.COORDINATOR)
    assert not any(lifecycle.may_take(step, S.CLOSED, lifecycle.MEMBER) for step in lifecycle.STEPS)


def test_what_may_change_in_each_status() -> None:
    assert {status for status in S.values if lifecycle.is_editable(status)} == set(S.values) - {
        S.CLOSED
    }
    assert set(lifecycle.FILL_FOLLOWS_SLOTS) == lifecycle.EDITABLE_WHEN_APPROVED
    assert {"slots", "application_deadline"} == lifecycle.APPROVED_EDITABLE_FIELDS
