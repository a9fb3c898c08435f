"""Capacity holds under concurrent approvals: real threads, each with its own PostgreSQL
connection, released together by a barrier against one placement's row lock."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from functools import partial

import pytest
from django.db import connection, connections

from accounts.models import User
from companies.models import CompanyMembership, Placement
from core.exceptions import ApplicationError
from matching import workflow
from matching.models import Match, MatchTransition
from matching.services import match_transition
from tests.factories import (
    CandidateProfileFactory,
    CompanyFactory,
    PlacementFactory,
    UserFactory,
    municipality,
)

# Transactional: every thread commits through its own connection. The `transactional_db`
# fixture (rather than `django_db(transaction=True)`) lets tests/conftest.py reload the
# reference data after the flush; with the marker the flush would run after the reload.
pytestmark = [pytest.mark.services, pytest.mark.usefixtures("transactional_db")]

THREADS = 8
SLOTS = 2


def _run_together(jobs: list[Callable[[], object]]) -> list[str]:
    """Run each job in its own thread, all released at once; the outcome of each, in order."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = ["not run"] * len(jobs)

    def worker(index: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            job()
            outcomes[index] = "ok"
        except ApplicationError as error:
            outcomes[index] = error.code
        except Exception as error:  # reported as the test's failure below
            outcomes[index] = f"unexpected {type(error).__name__}: {error}"
        finally:
            connections.close_all()  # this thread's connection; the test database is dropped later

    threads = [
        threading.Thread(target=worker, args=(index, job), daemon=True)
        for index, job in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a worker hung (deadlock?)"
    return outcomes


def _step(match: Match, transition: str, actor: User, reason: str = "") -> Callable[[], object]:
    return partial(
        match_transition, match_id=match.pk, transition=transition, actor=actor, reason=reason
    )


def _proposed_matches(placement: Placement, count: int) -> list[Match]:
    return [
        Match.objects.create(
            candidate=CandidateProfileFactory.create(municipality=municipality("nis")),
            placement=placement,
            score=0.8,
            status=Match.Status.PROPOSED,
        )
        for _ in range(count)
    ]


def _members(placement: Placement, count: int) -> list[User]:
    members = []
    for _ in range(count):
        member = UserFactory.create(role=User.Role.COMPANY)
        CompanyMembership.objects.create(user=member, company=placement.company)
        members.append(member)
    return members


def test_the_database_is_postgresql() -> None:
    assert connection.vendor == "postgresql"


@pytest.mark.parametrize("round_", range(3))
def test_eight_concurrent_acceptances_of_a_two_slot_placement_yield_exactly_two(
    round_: int,
) -> None:
    placement = PlacementFactory.create(
        company=CompanyFactory.create(municipality=municipality("nis")), slots=SLOTS
    )
    matches = _proposed_matches(placement, THREADS)
    members = _members(placement, THREADS)

    outcomes = _run_together(
        [_step(m, "company_accept", u) for m, u in zip(matches, members, strict=True)]
    )

    assert Counter(outcomes) == {"ok": SLOTS, "capacity_exceeded": THREADS - SLOTS}, outcomes
    held = Match.objects.filter(
        placement=placement, status__in=workflow.SLOT_HOLDING_STATUSES
    ).count()
    assert held == SLOTS
    assert Match.objects.filter(placement=placement, status=Match.Status.PROPOSED).count() == 6
    assert MatchTransition.objects.filter(match__placement=placement).count() == SLOTS
    placement.refresh_from_db()
    assert placement.status == Placement.Status.FILLED


def test_two_members_accepting_the_same_proposal_at_once_accept_it_once() -> None:
    placement = PlacementFactory.create(
        company=CompanyFactory.create(municipality=municipality("nis")), slots=SLOTS
    )
    (match,) = _proposed_matches(placement, 1)
    members = _members(placement, 4)
    outcomes = _run_together([_step(match, "company_accept", member) for member in members])
    assert Counter(outcomes) == {"ok": 1, "illegal_transition": 3}, outcomes
    assert MatchTransition.objects.filter(match=match).count() == 1


def test_a_slot_freed_while_others_accept_is_taken_at_most_once() -> None:
    """One intern leaves (end_early) while five proposals are accepted at the same moment:
    whatever the order, the placement never holds more than its slots."""
    placement = PlacementFactory.create(
        company=CompanyFactory.create(municipality=municipality("nis")), slots=SLOTS
    )
    placed = [
        Match.objects.create(
            candidate=CandidateProfileFactory.create(municipality=municipality("nis")),
            placement=placement,
            score=0.9,
            status=Match.Status.PLACED,
        )
        for _ in range(SLOTS)
    ]
    placement.status = Placement.Status.FILLED
    placement.save()
    waiting = _proposed_matches(placement, 5)
    members = _members(placement, 6)

    jobs = [_step(placed[0], "end_early", members[0], reason="Moved away")]
    jobs += [
        _step(match, "company_accept", member)
        for match, member in zip(waiting, members[1:], strict=True)
    ]
    outcomes = _run_together(jobs)

    assert outcomes[0] == "ok"
    accepted = outcomes[1:].count("ok")
    assert accepted <= 1
    assert set(outcomes[1:]) <= {"ok", "capacity_exceeded"}
    held = Match.objects.filter(
        placement=placement, status__in=workflow.SLOT_HOLDING_STATUSES
    ).count()
    assert held == SLOTS - 1 + accepted
    placement.refresh_from_db()
    assert placement.status == (Placement.Status.FILLED if held >= SLOTS else Placement.Status.OPEN)
