"""Coordinators hear once about each follow-up check that became due (daily beat task)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.core import mail

from followup.models import OutcomeCheck
from followup.services import outcome_checks_schedule, outcome_reminders_send
from followup.tasks import outcome_reminders_send as outcome_reminders_task
from matching.models import Match
from notifications.models import Notification
from tests.followup.conftest import World

pytestmark = pytest.mark.django_db
TODAY = dt.date(2027, 6, 10)
EVENT = Notification.Event.OUTCOME_CHECK_DUE


def _placed(world: World, *, due: dt.date, place: str = "nis", **kwargs: Any) -> OutcomeCheck:
    """A placed match whose 3-month check is due on `due` (the others much later)."""
    match = world.make_match(status=Match.Status.PLACED, place=place, **kwargs)
    outcome_checks_schedule(match=match)
    match.outcome_checks.exclude(months=3).update(due_date=dt.date(2030, 1, 1))
    check = match.outcome_checks.get(months=3)
    check.due_date = due
    check.save()
    return check


def _received() -> list[tuple[int, int]]:
    return sorted(
        Notification.objects.filter(event=EVENT).values_list("recipient_id", "context__check_count")
    )


def test_a_due_check_notifies_the_districts_coordinators_once(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _placed(world, due=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        first = outcome_reminders_send(today=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        second = outcome_reminders_send(today=TODAY + dt.timedelta(days=1))
    assert {n.recipient_id for n in first} == {world.coordinator.pk, world.colleague.pk}
    assert second == []
    assert _received() == sorted([(world.coordinator.pk, 1), (world.colleague.pk, 1)])
    # Not the coordinator of another district.
    assert not Notification.objects.filter(recipient=world.far_coordinator).exists()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [world.coordinator.email, world.colleague.email]
    )
    assert "Marija" in mail.outbox[0].subject


def test_a_check_not_yet_due_waits_for_its_day(world: World) -> None:
    check = _placed(world, due=TODAY + dt.timedelta(days=1))
    assert outcome_reminders_send(today=TODAY) == []
    assert len(outcome_reminders_send(today=check.due_date)) == 2
    check.refresh_from_db()
    assert check.reminded_at is not None


def test_several_due_checks_make_one_digest_per_coordinator(world: World) -> None:
    _placed(world, due=TODAY, first_name="Marija")
    _placed(world, due=TODAY - dt.timedelta(days=3), first_name="Jelena")
    _placed(world, due=TODAY, place="vranje", first_name="Stefan")
    outcome_reminders_send(today=TODAY)
    assert _received() == sorted(
        [(world.coordinator.pk, 2), (world.colleague.pk, 2), (world.far_coordinator.pk, 1)]
    )
    digest = Notification.objects.get(recipient=world.coordinator)
    names = {item["candidate_name"] for item in digest.context["checks"]}
    assert names == {"Marija Petrović", "Jelena Petrović"}
    # A check that becomes due later is announced on its own; the first two are not repeated.
    _placed(world, due=TODAY + dt.timedelta(days=2), first_name="Milan")
    outcome_reminders_send(today=TODAY + dt.timedelta(days=2))
    latest = Notification.objects.filter(recipient=world.coordinator).order_by("-id").first()
    assert latest is not None
    assert latest.context["check_count"] == 1
    assert latest.context["candidate_name"] == "Milan Petrović"


def test_recorded_checks_are_not_announced(world: World) -> None:
    check = _placed(world, due=TODAY)
    OutcomeCheck.objects.filter(pk=check.pk).update(status="recorded", outcome="unemployed")
    assert outcome_reminders_send(today=TODAY) == []


def test_a_district_without_coordinators_keeps_its_checks_for_later(world: World) -> None:
    check = _placed(world, due=TODAY, place="pirot")
    assert outcome_reminders_send(today=TODAY) == []
    check.refresh_from_db()
    assert check.reminded_at is None


def test_the_digest_email_lists_the_checks_in_the_coordinators_language(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    world.coordinator.preferred_language = "sr"
    world.coordinator.save()
    world.colleague.preferred_language = "en"
    world.colleague.save()
    _placed(world, due=TODAY, first_name="Marija")
    _placed(world, due=TODAY, first_name="Jelena")
    with django_capture_on_commit_callbacks(execute=True):
        outcome_reminders_send(today=TODAY)
    by_address = {message.to[0]: message for message in mail.outbox}
    serbian = by_address[world.coordinator.email]
    english = by_address[world.colleague.email]
    assert serbian.subject == "Праћење исхода: 2 провера на реду"
    assert "3 месеца од почетка, рок 10.06.2027." in serbian.body
    assert english.subject == "2 follow-up checks are due"
    assert "Jelena Petrović" in english.body
    assert "3 months after the start, due on 10 June 2027" in english.body


def test_the_task_runs_the_service_in_process(world: World) -> None:
    _placed(world, due=dt.date(2020, 1, 1))
    assert outcome_reminders_task.delay().get() == 2
    assert outcome_reminders_task.delay().get() == 0


def test_the_beat_schedule_runs_the_reminders_daily() -> None:
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "followup.tasks.outcome_reminders_send"
    ]
    assert len(entries) == 1
    schedule = entries[0]["schedule"]
    assert schedule.hour == {8}
    assert schedule.minute == {30}
    assert schedule.day_of_week == set(range(7))
