"""Celery tasks for notification e-mail and the periodic reminders (thin: ids in, a service call).

`send_email` retries transient SMTP and connection errors with exponential back-off (30 s,
1, 2, 4, 8 minutes, with jitter, at most 10). It is idempotent: the service claims the
notification row before sending, so a retried or duplicated task never sends twice (see
notifications.services.delivery for the at-most-once choice).
"""

from __future__ import annotations

import smtplib
from typing import Any

from celery import shared_task

# The services are imported when a task runs: the services import this module (to queue the
# e-mail task), so the tasks reach back into them only at run time, never at import.


@shared_task(
    bind=True,
    name="notifications.send_email",
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, OSError),
    # A factor of 30 s rather than 1 s: a mail server that is down is rarely back in seconds.
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def send_email(self: Any, notification_id: int) -> str:
    from notifications.services import notification_email_give_up, notification_email_send

    try:
        return notification_email_send(notification_id=notification_id)
    except (smtplib.SMTPException, OSError) as exc:
        if self.request.retries >= self.max_retries:
            notification_email_give_up(
                notification_id=notification_id,
                error=f"Gave up after {self.request.retries + 1} attempts: {exc}",
            )
        raise


@shared_task(name="notifications.placement_reminders", acks_late=True)
def placement_reminders() -> int:
    """Daily: remind people of placements starting soon (idempotent per match, day, person)."""
    from notifications.services import placement_reminders_send

    return len(placement_reminders_send())


@shared_task(name="notifications.sweep_email_outbox", acks_late=True)
def sweep_email_outbox() -> dict[str, int]:
    """Every few minutes: requeue e-mails whose task was lost; give up on dead claims."""
    from notifications.services import email_outbox_sweep

    sweep = email_outbox_sweep()
    return {"requeued": sweep.requeued, "abandoned": sweep.abandoned, "expired": sweep.expired}
