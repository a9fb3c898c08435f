"""Celery tasks of the imports (thin: a service call)."""

from __future__ import annotations

from celery import shared_task

from imports import services


@shared_task(name="imports.expire_uploads", acks_late=True)
def expire_uploads() -> int:
    """Daily: delete uploaded files past IMPORT_RETENTION_DAYS. Idempotent (an erased file is
    skipped), so a repeated run deletes nothing new."""
    return services.import_batches_expire()
