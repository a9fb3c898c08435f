"""Operational Celery tasks."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="core.ping")
def ping(token: str) -> dict[str, str]:
    """Echo a token back: the health check uses it to prove a worker answers through the broker."""
    import socket

    return {"token": token, "worker_host": socket.gethostname()}
