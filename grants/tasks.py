"""Celery tasks of the grant scheme (thin: a service call)."""

from __future__ import annotations

from celery import shared_task

from grants import services


@shared_task(name="grants.close_calls_due", acks_late=True)
def close_calls_due() -> int:
    """Daily: calls whose closing date has passed stop taking applications (idempotent)."""
    return services.grant_calls_close_due()
