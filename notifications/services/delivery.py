"""Creating notifications idempotently, delivering their e-mail once, and marking them read.

Delivery guarantee, per idempotency key: one Notification row, and at most one e-mail.
The row is the idempotency record. `notification_email_send` claims the row (pending →
sending, committed) before it talks to the mail server, and records the outcome after:

* the server refused or could not be reached (an exception from opening the connection or
  from sending): nothing was delivered, so the claim is released (back to pending) and the
  Celery task retries with back-off; a permanent refusal (5xx) fails at once;
* the worker died, or the database was unreachable, between the claim and the outcome: the
  row stays `sending` and is never sent again automatically (the sweep marks it failed after
  CLAIM_TIMEOUT, and an administrator can resend it). Losing one e-mail is better than
  sending a person the same message twice; the in-app notification exists either way.

SMTP cannot give exactly-once: if the server accepts the message and the connection drops
before its "250 OK" reaches us, we retry and the person gets a duplicate. The deterministic
Message-ID below lets mail clients that de-duplicate by Message-ID hide that copy.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import smtplib
from dataclasses import dataclass
from email.utils import parseaddr
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import PermissionDeniedError
from notifications.models import Notification
from notifications.rendering import RenderedMessage, render_notification
from notifications.tasks import send_email

logger = logging.getLogger(__name__)

Status = Notification.EmailStatus

# A claim older than this belongs to a worker that died mid-send.
CLAIM_TIMEOUT = dt.timedelta(minutes=15)
# A pending row untouched for this long lost its task (broker down at commit): queue it again.
# Longer than the Celery task's longest back-off (retry_backoff_max, 10 minutes).
REQUEUE_AFTER = dt.timedelta(minutes=15)
# Older news is not worth an e-mail any more; the in-app notification stays.
SEND_WITHIN = dt.timedelta(days=2)
REQUEUE_BATCH = 500


# --- creating -------------------------------------------------------------------------------


def notify(
    *, recipient: User, event: str, context: dict[str, Any], idempotency_key: str
) -> Notification:
    """Create the notification for this key, or return the one that exists.

    Only a newly created notification e-mails, after the transaction commits; a second call
    with the same key creates nothing and sends nothing.
    """
    notification, _created = notify_once(
        recipient=recipient, event=event, context=context, idempotency_key=idempotency_key
    )
    return notification


@transaction.atomic
def notify_once(
    *, recipient: User, event: str, context: dict[str, Any], idempotency_key: str
) -> tuple[Notification, bool]:
    """`notify` that also says whether the notification is new."""
    if event not in Notification.Event.values:
        raise ValueError(f"unknown notification event {event!r}")
    if not idempotency_key:
        raise ValueError("a notification needs an idempotency key")
    emailable = bool(recipient.email) and recipient.is_active
    notification, created = Notification.objects.get_or_create(
        idempotency_key=idempotency_key,
        defaults={
            "recipient": recipient,
            "event": event,
            "context": context,
            "email_status": Status.PENDING if emailable else Status.SKIPPED,
        },
    )
    if not created:
        if notification.recipient_id != recipient.pk or notification.event != event:
            # The same key for a different person or event is a bug in the caller's key.
            raise ValueError(
                f"idempotency key {idempotency_key!r} already names another notification"
            )
        return notification, False
    if emailable:
        transaction.on_commit(partial(_enqueue_email, notification.pk), robust=True)
    return notification, True


def _enqueue_email(notification_id: int) -> None:
    send_email.delay(notification_id)


# --- e-mail delivery --------------------------------------------------------------------------


def _message_id(notification: Notification) -> str:
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    domain = address.rpartition("@")[2] or "spona.local"
    return f"<notification.{notification.pk}@{domain}>"


def _email_message(notification: Notification, rendered: RenderedMessage) -> EmailMessage:
    return EmailMessage(
        subject=rendered.subject,
        body=rendered.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
        headers={
            "Message-ID": _message_id(notification),
            # RFC 3834: tells auto-responders (holiday replies) not to answer.
            "Auto-Submitted": "auto-generated",
            "Content-Language": rendered.language,
        },
    )


def _deliver(message: EmailMessage) -> None:
    """Send one message; any exception means the server did not take it (bar the caveat above).

    The connection is opened first and closed separately, so an error while saying goodbye
    after the server accepted the message is not mistaken for a failed send.
    """
    timeout = settings.EMAIL_TIMEOUT
    connection = get_connection(fail_silently=False, timeout=timeout)
    connection.open()
    try:
        sent = connection.send_messages([message])
    finally:
        with contextlib.suppress(Exception):
            connection.close()
    if sent == 0:
        raise smtplib.SMTPException("the e-mail backend reported that nothing was sent")


def _is_permanent(exc: BaseException) -> bool:
    """A 5xx answer: the server will refuse this message again, so retrying is pointless."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code >= 500
    return False


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


def _claim(notification_id: int) -> tuple[Notification | None, str]:
    """Take the row for sending; (None, why) when there is nothing to send."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None:
            return None, "missing"
        if notification.email_status != Status.PENDING:
            return None, notification.email_status
        recipient = notification.recipient
        if not recipient.email or not recipient.is_active:
            notification.email_status = Status.SKIPPED
            notification.save(update_fields=["email_status"])
            return None, Status.SKIPPED
        notification.email_status = Status.SENDING
        notification.email_claimed_at = timezone.now()
        notification.email_attempts += 1
        notification.email_error = ""
        notification.save(
            update_fields=["email_status", "email_claimed_at", "email_attempts", "email_error"]
        )
    return notification, Status.SENDING


def _release(notification: Notification, *, status: str, error: str) -> None:
    """Record an unsuccessful attempt, unless someone else already changed the row."""
    Notification.objects.filter(
        pk=notification.pk,
        email_status=Status.SENDING,
        email_claimed_at=notification.email_claimed_at,
    ).update(email_status=status, email_error=error)


def notification_email_send(*, notification_id: int) -> str:
    """Send the notification's e-mail unless it was sent, skipped or is being sent.

    Returns the resulting status ("sent", "failed", "skipped", "sending", "missing").
    Raises smtplib.SMTPException or OSError for a transient failure, after releasing the
    claim, so that the Celery task retries.
    """
    notification, outcome = _claim(notification_id)
    if notification is None:
        return outcome
    try:
        message = _email_message(notification, render_notification(notification))
        _deliver(message)
    except (smtplib.SMTPException, OSError) as exc:
        if _is_permanent(exc):
            logger.warning("e-mail for notification %s refused: %s", notification.pk, exc)
            _release(notification, status=Status.FAILED, error=_describe(exc))
            return Status.FAILED
        _release(notification, status=Status.PENDING, error=_describe(exc))
        raise
    except Exception as exc:
        # A bug (a template missing, a bad context): retrying would fail the same way.
        _release(notification, status=Status.FAILED, error=_describe(exc))
        raise
    # Whatever happened to the row meanwhile (the sweep may have given up on a very slow
    # send), the message went out: record that.
    Notification.objects.filter(pk=notification.pk).exclude(email_status=Status.SENT).update(
        email_status=Status.SENT, emailed_at=timezone.now(), email_error=""
    )
    return Status.SENT


def notification_email_give_up(*, notification_id: int, error: str) -> None:
    """The task ran out of retries: mark a still-pending e-mail failed."""
    Notification.objects.filter(pk=notification_id, email_status=Status.PENDING).update(
        email_status=Status.FAILED, email_error=error[:300]
    )


@transaction.atomic
def notification_email_resend(*, notification: Notification) -> bool:
    """Queue a failed e-mail again (an administrator's decision); False if it did not fail."""
    updated = Notification.objects.filter(pk=notification.pk, email_status=Status.FAILED).update(
        email_status=Status.PENDING, email_claimed_at=None
    )
    if updated:
        transaction.on_commit(partial(_enqueue_email, notification.pk), robust=True)
    return bool(updated)


@dataclass(frozen=True)
class OutboxSweep:
    requeued: int
    abandoned: int
    expired: int


@transaction.atomic
def email_outbox_sweep(*, now: dt.datetime | None = None) -> OutboxSweep:
    """Periodic housekeeping: requeue lost tasks, give up on dead claims and stale news."""
    now = now or timezone.now()
    abandoned = Notification.objects.filter(
        email_status=Status.SENDING, email_claimed_at__lt=now - CLAIM_TIMEOUT
    ).update(
        email_status=Status.FAILED,
        email_error=(
            "The worker stopped after claiming this e-mail; it may have been sent, so it is "
            "not sent again automatically."
        ),
    )
    expired = Notification.objects.filter(
        email_status=Status.PENDING, created_at__lt=now - SEND_WITHIN
    ).update(email_status=Status.FAILED, email_error="Not sent in time; too old to send now.")
    lost = list(
        Notification.objects.filter(email_status=Status.PENDING, created_at__lt=now - REQUEUE_AFTER)
        .filter(Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - REQUEUE_AFTER))
        .order_by("created_at")
        .values_list("pk", flat=True)[:REQUEUE_BATCH]
    )
    for notification_id in lost:
        # A second task for a row whose first task is only late is harmless: one claims it.
        transaction.on_commit(partial(_enqueue_email, notification_id), robust=True)
    if abandoned or expired or lost:
        logger.warning(
            "e-mail outbox: %s requeued, %s abandoned claims, %s expired",
            len(lost),
            abandoned,
            expired,
        )
    return OutboxSweep(requeued=len(lost), abandoned=abandoned, expired=expired)


# --- reading ---------------------------------------------------------------------------------


def notification_mark_read(*, notification: Notification, user: User) -> Notification:
    """Mark one of the user's own notifications read (again is a no-op)."""
    if notification.recipient_id != user.pk:
        raise PermissionDeniedError(_("You can only mark your own notifications as read."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    """Mark all of the user's unread notifications read; returns how many changed."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
