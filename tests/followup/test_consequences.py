"""Outcome checks are a must-happen consequence of the workflow step, not a best-effort signal.

They are created inside the step's transaction (matching.workflow.REQUIRED_CONSEQUENCES);
without followup's provider the step fails instead of committing without them; a failing
consequence rolls the step back; the daily repair job finds placed matches without checks.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from typing import Any, cast

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from followup.models import OutcomeCheck
from followup.services import outcome_checks_repair
from followup.tasks import outcome_checks_repair as outcome_checks_repair_task
from matching import consequences, workflow
from matching.models import Match, MatchTransition
from matching.services.workflow import match_transition
from matching.signals_workflow import match_transitioned
from tests.followup.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def without_followup() -> Iterator[None]:
    """As if followup's provider had been removed (or never connected)."""
    withdrawn = {
        name: consequences.consequence_withdraw(name) for name in consequences.KNOWN_CONSEQUENCES
    }
    try:
        yield
    finally:
        for name, consequence in withdrawn.items():
            if consequence is not None:
                consequences.consequence_provide(name, consequence)


def test_placing_creates_the_checks_inside_the_steps_transaction(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    match = world.make_match()
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        match_transition(match_id=match.pk, transition="place", actor=world.coordinator)
        # Before any commit hook ran: the checks are part of the step.
        assert set(match.outcome_checks.values_list("months", flat=True)) == {0, 3, 6, 12}


def test_completing_records_the_completion_inside_the_steps_transaction(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    match = world.make_match(status=Match.Status.PLACED)
    with django_capture_on_commit_callbacks(execute=False):
        match_transition(match_id=match.pk, transition="complete", actor=world.coordinator)
    check = match.outcome_checks.get(months=OutcomeCheck.Months.COMPLETION)
    assert (check.status, check.outcome) == ("recorded", "completed")
    assert check.recorded_by == world.coordinator


def test_only_notifications_listen_to_the_after_commit_signal() -> None:
    modules = []
    for entry in match_transitioned.receivers:
        reference = entry[1]
        receiver = reference() if isinstance(reference, weakref.ReferenceType) else reference
        modules.append(getattr(receiver, "__module__", ""))
    assert not [module for module in modules if module.startswith("followup")]
    assert [module for module in modules if module.startswith("notifications")]


def test_without_followups_provider_placing_fails_and_changes_nothing(
    world: World, without_followup: None
) -> None:
    match = world.make_match()
    with pytest.raises(ImproperlyConfigured, match="outcome_checks_schedule"):
        match_transition(match_id=match.pk, transition="place", actor=world.coordinator)
    match.refresh_from_db()
    assert match.status == Match.Status.CANDIDATE_ACCEPTED
    assert not MatchTransition.objects.filter(match=match).exists()


def test_a_failing_consequence_rolls_the_step_back(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("database hiccup")

    providers = cast(dict[str, Any], consequences._providers)
    monkeypatch.setitem(providers, workflow.OUTCOME_CHECKS_SCHEDULE, broken)
    match = world.make_match()
    with pytest.raises(RuntimeError):
        match_transition(match_id=match.pk, transition="place", actor=world.coordinator)
    match.refresh_from_db()
    assert match.status == Match.Status.CANDIDATE_ACCEPTED
    assert not match.outcome_checks.exists()


def test_the_daily_repair_finds_placed_matches_without_checks(world: World) -> None:
    placed = world.make_match(status=Match.Status.PLACED)  # written outside the workflow
    completed = world.make_match(status=Match.Status.COMPLETED)
    world.make_match(status=Match.Status.CANDIDATE_ACCEPTED)  # not placed: nothing to do
    done = world.make_match()
    match_transition(match_id=done.pk, transition="place", actor=world.coordinator)

    report = outcome_checks_repair()

    assert report.scheduled == tuple(sorted((placed.pk, completed.pk)))
    assert report.completions_recorded == (completed.pk,)
    assert set(placed.outcome_checks.values_list("months", flat=True)) == {0, 3, 6, 12}
    recorded = completed.outcome_checks.get(months=OutcomeCheck.Months.COMPLETION)
    assert (recorded.status, recorded.outcome) == ("recorded", "completed")
    assert outcome_checks_repair_task.apply().get() == {
        "scheduled": [],
        "completions_recorded": [],
    }


def test_removing_the_provider_cannot_lose_checks_silently(
    world: World, without_followup: None
) -> None:
    """A step taken without the provider fails loudly; data written around the workflow is
    caught by the daily repair. Either way no placed match stays without checks."""
    match = world.make_match()
    with pytest.raises(ImproperlyConfigured):
        match_transition(match_id=match.pk, transition="place", actor=world.coordinator)
    Match.objects.filter(pk=match.pk).update(status=Match.Status.PLACED)
    assert outcome_checks_repair().scheduled == (match.pk,)
    assert match.outcome_checks.count() == 4
