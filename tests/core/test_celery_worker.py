"""A real Celery worker process answers tasks through the real Redis broker."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client

from core.tasks import ping
from tests.celery_worker import running_worker

pytestmark = pytest.mark.services


@pytest.fixture
def celery_worker_process() -> Iterator[str]:
    """A `celery worker` process listening on a queue only this test uses (no database)."""
    with running_worker(name="core", use_test_database=False) as queue:
        yield queue


def test_settings_send_tasks_to_the_broker_when_one_is_configured() -> None:
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert settings.CELERY_TASK_ALWAYS_EAGER is False


def test_a_task_round_trips_through_redis_to_a_real_worker(celery_worker_process: str) -> None:
    token = uuid.uuid4().hex
    started = time.monotonic()
    result = ping.apply_async(args=[token], queue=celery_worker_process)
    answer = result.get(timeout=60)
    assert answer["token"] == token
    assert result.status == "SUCCESS"
    assert time.monotonic() - started < 60


@pytest.mark.django_db
def test_health_check_reports_the_worker(celery_worker_process: str) -> None:
    response = Client().get("/healthz", {"worker": "1"})
    body = response.json()
    assert response.status_code == 200, body
    assert body["checks"]["worker"] == {"ok": True, "detail": "worker"}
    assert body["checks"]["database"]["ok"] is True
