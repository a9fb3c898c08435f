"""A real Celery worker sends a notification e-mail through Redis, once, into the test DB."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from django.conf import settings

from notifications.models import Notification
from notifications.services import notify
from notifications.tasks import send_email
from tests.celery_worker import running_worker
from tests.factories import UserFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]
Status = Notification.EmailStatus


@pytest.fixture
def worker_queue() -> Iterator[str]:
    """A `celery worker` process on the test database; default-queue tasks go to it."""
    with running_worker(name="notifications") as queue:
        yield queue


def _wait_for_status(notification: Notification, status: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        notification.refresh_from_db()
        if notification.email_status == status:
            return
        time.sleep(0.25)
    pytest.fail(
        f"e-mail status stayed {notification.email_status!r}, wanted {status!r}"
        f" ({notification.email_error})"
    )


def test_the_worker_sends_the_email_of_a_new_notification_once(worker_queue: str) -> None:
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    user = UserFactory.create(preferred_language="sr")
    # Autocommit (a transactional test): the task is queued as soon as the row is committed.
    notification = notify(
        recipient=user,
        event=Notification.Event.STRONG_MATCH,
        context={"placement_title": "Praksa: junior programer", "company_name": "Firma d.o.o."},
        idempotency_key=f"worker-test:{uuid.uuid4().hex}",
    )
    _wait_for_status(notification, Status.SENT)
    assert notification.emailed_at is not None
    assert notification.email_attempts == 1

    # A duplicated task (a redelivery, a sweep) finds the row sent and sends nothing.
    assert send_email.apply_async(args=[notification.pk]).get(timeout=60) == Status.SENT
    notification.refresh_from_db()
    assert notification.email_attempts == 1
