"""Celery tasks of the outcome follow-up (thin: a service call)."""

from __future__ import annotations

from celery import shared_task

from followup import services


@shared_task(name="followup.tasks.outcome_reminders_send", acks_late=True)
def outcome_reminders_send() -> int:
    """Daily: tell coordinators about follow-up checks that became due (once per check).

    Idempotent: the service marks each announced check, so a repeated or duplicated run sends
    nothing new.
    """
    return len(services.outcome_reminders_send())


@shared_task(name="followup.tasks.outcome_checks_repair", acks_late=True)
def outcome_checks_repair() -> dict[str, list[int]]:
    """Daily: placed matches without outcome checks get them (idempotent; see the service)."""
    report = services.outcome_checks_repair()
    return {
        "scheduled": list(report.scheduled),
        "completions_recorded": list(report.completions_recorded),
    }
