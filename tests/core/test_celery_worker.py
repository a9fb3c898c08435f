"""A real Celery worker process answers tasks through the real Redis broker."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from core.tasks import ping

pytestmark = pytest.mark.services
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def celery_worker_process() -> Iterator[str]:
    """Start `celery worker` as its own process, listening on a queue only this test uses."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config.celery_app",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            queue,
            "--loglevel=WARNING",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # Wait until the worker is consuming: the first ping is answered once it is up.
        ping.apply_async(args=["warm-up"], queue=queue).get(timeout=90)
        yield queue
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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
    from config.celery_app import app

    app.conf.task_default_queue = celery_worker_process
    try:
        response = Client().get("/healthz", {"worker": "1"})
    finally:
        app.conf.task_default_queue = "celery"
    body = response.json()
    assert response.status_code == 200, body
    assert body["checks"]["worker"] == {"ok": True, "detail": "worker"}
    assert body["checks"]["database"]["ok"] is True
