"""send_email retries transient failures, never sends twice, and gives up cleanly."""

from __future__ import annotations

import datetime as dt
import smtplib
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import Notification
from notifications.services import email_outbox_sweep
from notifications.tasks import send_email
from tests.factories import UserFactory
from tests.notifications.backends import FlakyBackend

pytestmark = pytest.mark.django_db

Status = Notification.EmailStatus
FLAKY = "tests.notifications.backends.FlakyBackend"


@pytest.fixture
def flaky(settings: Any) -> Iterator[type[FlakyBackend]]:
    """The flaky backend, and eager tasks that retry in-process: with the suite's eager
    propagation a retry would surface as celery.exceptions.Retry instead of running."""
    from config.celery_app import app

    settings.EMAIL_BACKEND = FLAKY
    FlakyBackend.fail_next(0)
    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    try:
        yield FlakyBackend
    finally:
        app.conf.task_eager_propagates = previous


def _run(notification_id: int) -> Any:
    return send_email.apply(args=[notification_id])


def _pending(**overrides: Any) -> Notification:
    """A notification whose e-mail is still to be sent (created without queueing a task)."""
    values: dict[str, Any] = {
        "recipient": UserFactory.create(preferred_language="sr"),
        "event": Notification.Event.OFFER_TO_CANDIDATE,
        "context": {"placement_title": "Praksa", "company_name": "Firma d.o.o."},
        "idempotency_key": f"test:{Notification.objects.count()}",
    }
    values.update(overrides)
    return Notification.objects.create(**values)


def test_an_smtp_failure_is_retried_and_the_email_goes_out_once(
    flaky: type[FlakyBackend],
) -> None:
    notification = _pending()
    flaky.fail_next(1)
    result = _run(notification.pk)
    assert result.get() == Status.SENT
    assert flaky.attempts == 2
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.email_status == Status.SENT
    assert notification.email_attempts == 2
    assert notification.emailed_at is not None
    assert notification.email_error == ""


def test_the_email_is_in_the_recipients_language_with_a_stable_message_id(
    flaky: type[FlakyBackend],
) -> None:
    notification = _pending()
    _run(notification.pk)
    message = mail.outbox[0]
    assert message.subject.startswith("Понуда за Вас")
    assert message.extra_headers["Message-ID"] == f"<notification.{notification.pk}@spona.local>"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_running_the_task_twice_sends_once(flaky: type[FlakyBackend]) -> None:
    notification = _pending()
    assert _run(notification.pk).get() == Status.SENT
    assert _run(notification.pk).get() == Status.SENT
    assert len(mail.outbox) == 1
    assert flaky.attempts == 1


def test_a_claimed_row_is_not_sent_again(flaky: type[FlakyBackend]) -> None:
    """A worker that died after claiming may have sent: at most once wins over delivery."""
    notification = _pending(email_status=Status.SENDING, email_claimed_at=timezone.now())
    assert _run(notification.pk).get() == Status.SENDING
    assert mail.outbox == []


def test_a_permanent_refusal_fails_without_retrying(flaky: type[FlakyBackend]) -> None:
    notification = _pending()
    refused = smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"no such user")})
    flaky.fail_next(10, refused)
    assert _run(notification.pk).get() == Status.FAILED
    assert flaky.attempts == 1
    notification.refresh_from_db()
    assert notification.email_status == Status.FAILED
    assert "SMTPRecipientsRefused" in notification.email_error


def test_after_the_last_retry_the_email_is_marked_failed(flaky: type[FlakyBackend]) -> None:
    notification = _pending()
    flaky.fail_next(100, ConnectionRefusedError("mail server down"))
    with pytest.raises(ConnectionRefusedError):
        _run(notification.pk).get()
    assert flaky.attempts == send_email.max_retries + 1
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.email_status == Status.FAILED
    assert notification.email_attempts == send_email.max_retries + 1
    assert "Gave up after 6 attempts" in notification.email_error


def test_a_deleted_notification_is_nothing_to_send(flaky: type[FlakyBackend]) -> None:
    assert _run(987654).get() == "missing"


def test_a_recipient_who_lost_their_address_is_skipped(flaky: type[FlakyBackend]) -> None:
    notification = _pending(recipient=UserFactory.create(email=""))
    assert _run(notification.pk).get() == Status.SKIPPED
    assert mail.outbox == []


def test_the_sweep_gives_up_on_dead_claims_and_requeues_lost_tasks(
    flaky: type[FlakyBackend], django_capture_on_commit_callbacks: Any
) -> None:
    now = timezone.now()
    dead = _pending(email_status=Status.SENDING, email_claimed_at=now - dt.timedelta(hours=1))
    busy = _pending(email_status=Status.SENDING, email_claimed_at=now - dt.timedelta(minutes=1))
    lost = _pending()
    fresh = _pending()
    stale = _pending()
    Notification.objects.filter(pk=lost.pk).update(created_at=now - dt.timedelta(hours=1))
    Notification.objects.filter(pk=stale.pk).update(created_at=now - dt.timedelta(days=3))

    with django_capture_on_commit_callbacks(execute=True):
        sweep = email_outbox_sweep(now=now)

    assert (sweep.requeued, sweep.abandoned, sweep.expired) == (1, 1, 1)
    statuses = dict(Notification.objects.values_list("pk", "email_status"))
    assert statuses == {
        dead.pk: Status.FAILED,
        busy.pk: Status.SENDING,
        lost.pk: Status.SENT,
        fresh.pk: Status.PENDING,
        stale.pk: Status.FAILED,
    }
    assert len(mail.outbox) == 1


def test_the_reminder_task_reports_how_many_it_created(flaky: type[FlakyBackend]) -> None:
    from notifications.tasks import placement_reminders

    assert placement_reminders.apply().get() == 0
