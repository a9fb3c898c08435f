"""Starts a real `celery worker` process for tests that need the real broker."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

REPO_ROOT = Path(__file__).resolve().parent.parent


def test_database_url() -> str:
    """DATABASE_URL of the database pytest-django created (test_<name>), for a worker process."""
    database = settings.DATABASES["default"]
    credentials = quote(database["USER"] or "", safe="")
    if database.get("PASSWORD"):
        credentials += ":" + quote(database["PASSWORD"], safe="")
    host = database.get("HOST") or "localhost"
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"postgres://{credentials}@{host}{port}/{quote(database['NAME'], safe='')}"


@contextmanager
def running_worker(*, name: str, use_test_database: bool = True) -> Iterator[str]:
    """Run a worker on a queue of its own; while it runs, tasks sent to the default queue go there.

    Yields the queue name once the worker has answered a ping, so the test never races its
    start-up. The worker's output goes to a temporary file, shown if it fails to answer.
    """
    from config.celery_app import app
    from core.tasks import ping

    queue = f"test-{name}-{uuid.uuid4().hex[:12]}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    if use_test_database:
        env["DATABASE_URL"] = test_database_url()
        env["DATABASE_CONN_MAX_AGE"] = "0"
    with tempfile.TemporaryFile(mode="w+") as log:
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
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        previous_queue = app.conf.task_default_queue
        try:
            try:
                ping.apply_async(args=["warm-up"], queue=queue).get(timeout=90)
            except Exception:
                log.seek(0)
                raise AssertionError(f"the worker did not answer:\n{log.read()[-4000:]}") from None
            app.conf.task_default_queue = queue
            yield queue
        finally:
            app.conf.task_default_queue = previous_queue
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
