"""Health checks for the database and, when configured, the Celery broker and a worker."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import connection


def database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return False, type(exc).__name__
    return True, connection.vendor


def worker_roundtrip(timeout: float = 5.0) -> tuple[bool, str]:
    """Send core.ping through the broker and wait for a worker's answer."""
    from core.tasks import ping

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True, "eager (in-process)"
    token = uuid.uuid4().hex
    try:
        result: Any = ping.apply_async(args=[token]).get(timeout=timeout)
    except Exception as exc:
        return False, type(exc).__name__
    return result.get("token") == token, "worker"
