"""Scheduling checks when a match is placed, completion from the workflow, recording outcomes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from core.exceptions import NotFound, PermissionDeniedError
from followup.models import OutcomeCheck
from followup.services import (
    add_months,
    outcome_check_record,
    outcome_checks_schedule,
    placement_anchor_date,
)
from matching.models import Match
from matching.services.workflow import match_transition
from tests.factories import UserFactory
from tests.followup.conftest import World

Outcome = OutcomeCheck.Outcome
S = Match.Status


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are asserted by their English text (the pages' tests cover the others)."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2027, 3, 1), 3, dt.date(2027, 6, 1)),
        (dt.date(2027, 3, 1), 12, dt.date(2028, 3, 1)),
        (dt.date(2027, 1, 31), 1, dt.date(2027, 2, 28)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
        (dt.date(2027, 8, 31), 6, dt.date(2028, 2, 29)),
        (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),
        (dt.date(2027, 5, 31), 6, dt.date(2027, 11, 30)),
        (dt.date(2027, 10, 15), 3, dt.date(2028, 1, 15)),
        (dt.date(2027, 12, 31), 12, dt.date(2028, 12, 31)),
        (dt.date(2028, 2, 29), 12, dt.date(2029, 2, 28)),
        (dt.date(2027, 11, 30), 3, dt.date(2028, 2, 29)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_last_day_of_a_shorter_month(
    day: dt.date, months: int, expected: dt.date
) -> None:
    assert add_months(day, months) == expected


needs_db = pytest.mark.django_db


def _place(world: World, match: Match, capture: Any) -> Match:
    with capture(execute=True):
        return match_transition(match_id=match.pk, transition="place", actor=world.coordinator)


def _due_dates(match: Match) -> dict[int, dt.date]:
    return dict(match.outcome_checks.values_list("months", "due_date"))


@needs_db
def test_placing_a_match_schedules_checks_at_3_6_and_12_months_and_at_the_internship_end(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    match = world.make_match(start_date=dt.date(2099, 8, 31), duration_months=6)
    _place(world, match, django_capture_on_commit_callbacks)
    # The start date is later than the day of the `placed` step: it is the anchor.
    assert _due_dates(match) == {
        0: dt.date(2100, 2, 28),
        3: dt.date(2099, 11, 30),
        6: dt.date(2100, 2, 28),
        12: dt.date(2100, 8, 31),
    }
    assert set(match.outcome_checks.values_list("status", flat=True)) == {"due"}


@needs_db
def test_a_placement_that_started_before_the_placed_step_counts_from_the_step(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    match = world.make_match(start_date=dt.date(2020, 1, 15))
    _place(world, match, django_capture_on_commit_callbacks)
    today = timezone.localdate()
    assert placement_anchor_date(match) == today
    assert _due_dates(match)[3] == add_months(today, 3)


@needs_db
def test_a_job_without_a_planned_duration_gets_no_completion_check(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    match = world.make_match(kind="job", duration_months=None)
    _place(world, match, django_capture_on_commit_callbacks)
    assert sorted(_due_dates(match)) == [3, 6, 12]


@needs_db
def test_scheduling_again_creates_nothing_and_keeps_what_was_recorded(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    match = world.make_match()
    _place(world, match, django_capture_on_commit_callbacks)
    match.outcome_checks.filter(months=3).update(
        status="recorded", outcome=Outcome.EMPLOYED_SAME, due_date=dt.date(2027, 6, 2)
    )
    checks = outcome_checks_schedule(match=match)
    assert [check.months for check in checks] == [0, 3, 6, 12]
    assert OutcomeCheck.objects.filter(match=match).count() == 4
    three = match.outcome_checks.get(months=3)
    assert (three.status, three.outcome, three.due_date) == (
        "recorded",
        Outcome.EMPLOYED_SAME,
        dt.date(2027, 6, 2),
    )


@needs_db
def test_a_match_that_was_not_placed_cannot_be_scheduled(world: World) -> None:
    match = world.make_match(status=S.PROPOSED)
    with pytest.raises(ValidationError) as error:
        outcome_checks_schedule(match=match)
    assert "match" in error.value.message_dict
    assert not OutcomeCheck.objects.exists()


@needs_db
@pytest.mark.parametrize(
    ("transition", "reason", "outcome"),
    [("complete", "", Outcome.COMPLETED), ("end_early", "Moved to Germany", Outcome.ENDED_EARLY)],
)
def test_the_companys_completion_step_records_the_completion_check(
    world: World,
    django_capture_on_commit_callbacks: Any,
    transition: str,
    reason: str,
    outcome: str,
) -> None:
    match = world.make_match()
    _place(world, match, django_capture_on_commit_callbacks)
    member = UserFactory.create(role="company")
    world.company.memberships.create(user=member)
    with django_capture_on_commit_callbacks(execute=True):
        match_transition(match_id=match.pk, transition=transition, actor=member, reason=reason)
    check = match.outcome_checks.get(months=0)
    assert check.status == "recorded"
    assert check.outcome == outcome
    assert check.recorded_by == member
    assert check.note == reason
    # The employment checks stay open.
    assert set(match.outcome_checks.exclude(months=0).values_list("status", flat=True)) == {"due"}


@needs_db
def test_completing_a_job_without_duration_creates_and_records_its_completion_check(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    match = world.make_match(kind="job", duration_months=None)
    _place(world, match, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        match_transition(match_id=match.pk, transition="complete", actor=world.coordinator)
    check = match.outcome_checks.get(months=0)
    assert (check.status, check.outcome, check.due_date) == (
        "recorded",
        Outcome.COMPLETED,
        timezone.localdate(),
    )


# --- recording -------------------------------------------------------------------------------


@pytest.fixture
def open_check(world: World) -> OutcomeCheck:
    match = world.make_match(status=S.PLACED)
    outcome_checks_schedule(match=match)
    check = match.outcome_checks.get(months=6)
    check.due_date = timezone.localdate()
    check.save()
    return check


@needs_db
def test_a_coordinator_records_an_employment_outcome(
    world: World, open_check: OutcomeCheck
) -> None:
    result = outcome_check_record(
        check_id=open_check.pk,
        actor=world.coordinator,
        outcome=Outcome.EMPLOYED_ELSEWHERE,
        note=" Works in Leskovac ",
    )
    open_check.refresh_from_db()
    assert (open_check.status, open_check.outcome, open_check.note) == (
        "recorded",
        Outcome.EMPLOYED_ELSEWHERE,
        "Works in Leskovac",
    )
    assert open_check.recorded_by == world.coordinator
    assert open_check.recorded_at is not None
    assert result.days_early == 0


@needs_db
def test_an_unreachable_person_is_recorded_without_an_outcome(
    world: World, open_check: OutcomeCheck
) -> None:
    outcome_check_record(check_id=open_check.pk, actor=world.coordinator, unreachable=True)
    open_check.refresh_from_db()
    assert (open_check.status, open_check.outcome) == ("unreachable", "")


@needs_db
@pytest.mark.parametrize(
    ("outcome", "unreachable", "message"),
    [
        (Outcome.COMPLETED, False, "is not an outcome of the check"),
        ("", False, "Choose the outcome"),
        ("promoted", False, "no such outcome"),
        (Outcome.UNEMPLOYED, True, "Leave the outcome empty"),
    ],
)
def test_an_outcome_that_does_not_fit_is_refused_on_the_outcome_field(
    world: World, open_check: OutcomeCheck, outcome: str, unreachable: bool, message: str
) -> None:
    with pytest.raises(ValidationError) as error:
        outcome_check_record(
            check_id=open_check.pk,
            actor=world.coordinator,
            outcome=outcome,
            unreachable=unreachable,
        )
    assert message in " ".join(error.value.message_dict["outcome"])
    open_check.refresh_from_db()
    assert open_check.status == "due"


@needs_db
def test_an_employment_outcome_is_refused_for_the_completion_check(world: World) -> None:
    match = world.make_match(status=S.PLACED)
    check = outcome_checks_schedule(match=match)[0]
    assert check.months == 0
    with pytest.raises(ValidationError) as error:
        outcome_check_record(check_id=check.pk, actor=world.coordinator, outcome="employed_same")
    assert "Internship completion" in error.value.message_dict["outcome"][0]


@needs_db
def test_an_employment_check_can_be_recorded_two_weeks_early_but_not_earlier(
    world: World, open_check: OutcomeCheck
) -> None:
    today = timezone.localdate()
    open_check.due_date = today + dt.timedelta(days=14)
    open_check.save()
    result = outcome_check_record(
        check_id=open_check.pk, actor=world.coordinator, outcome=Outcome.UNEMPLOYED
    )
    assert result.days_early == 14

    later = open_check.match.outcome_checks.get(months=12)
    later.due_date = today + dt.timedelta(days=15)
    later.save()
    with pytest.raises(ValidationError) as error:
        outcome_check_record(check_id=later.pk, actor=world.coordinator, outcome="unemployed")
    assert "can be recorded from 14 days before" in error.value.message_dict["outcome"][0]


@needs_db
def test_the_completion_check_may_be_recorded_before_it_is_due(world: World) -> None:
    match = world.make_match(status=S.PLACED, start_date=dt.date(2099, 1, 1))
    check = outcome_checks_schedule(match=match)[0]
    result = outcome_check_record(check_id=check.pk, actor=world.coordinator, outcome="ended_early")
    assert result.check.outcome == "ended_early"
    assert result.days_early > 0


@needs_db
def test_a_coordinator_of_another_district_cannot_record_the_check(
    world: World, open_check: OutcomeCheck
) -> None:
    with pytest.raises(NotFound):
        outcome_check_record(
            check_id=open_check.pk, actor=world.far_coordinator, outcome="unemployed"
        )


@needs_db
def test_a_company_member_cannot_record_outcomes(world: World, open_check: OutcomeCheck) -> None:
    member = UserFactory.create(role="company")
    world.company.memberships.create(user=member)
    with pytest.raises(PermissionDeniedError):
        outcome_check_record(check_id=open_check.pk, actor=member, outcome="unemployed")
