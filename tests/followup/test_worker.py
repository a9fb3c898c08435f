"""A real Celery worker runs the daily reminder task against the test database, once per check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.conf import settings

from followup.services import outcome_checks_schedule
from followup.tasks import outcome_reminders_send
from matching.models import Match
from notifications.models import Notification
from tests.celery_worker import running_worker
from tests.followup.conftest import World

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker_queue() -> Iterator[str]:
    with running_worker(name="followup") as queue:
        yield queue


def test_the_worker_announces_a_due_check_to_each_coordinator_once(
    world: World, worker_queue: str
) -> None:
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    match = world.make_match(status=Match.Status.PLACED)
    outcome_checks_schedule(match=match)
    match.outcome_checks.filter(months=3).update(due_date=dt.date(2020, 1, 1))

    assert outcome_reminders_send.apply_async().get(timeout=60) == 2
    assert outcome_reminders_send.apply_async().get(timeout=60) == 0
    recipients = Notification.objects.filter(
        event=Notification.Event.OUTCOME_CHECK_DUE
    ).values_list("recipient_id", flat=True)
    assert sorted(recipients) == sorted([world.coordinator.pk, world.colleague.pk])
