"""Suite-wide fixtures and the rule for tests that need real services."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

REQUIRE_SERVICES = os.environ.get("SPONA_REQUIRE_SERVICES", "") == "1"
REPO_ROOT = Path(__file__).resolve().parent.parent


def services_problem() -> str | None:
    """Why the real-service tests cannot run here, or None when PostgreSQL and Redis are set."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        return "DATABASE_URL does not point to PostgreSQL"
    broker = settings.CELERY_BROKER_URL
    if not broker.startswith(("redis://", "rediss://")):
        return "CELERY_BROKER_URL does not point to Redis"
    try:
        import redis

        redis.Redis.from_url(broker, socket_connect_timeout=2).ping()
    except Exception as exc:
        return f"Redis at CELERY_BROKER_URL does not answer: {type(exc).__name__}"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    problem = services_problem()
    if problem is None:
        return
    for item in items:
        if "services" in item.keywords:
            if REQUIRE_SERVICES:
                item.add_marker(pytest.mark.usefixtures("_services_required"))
            else:
                item.add_marker(pytest.mark.skip(reason=f"needs real services: {problem}"))


@pytest.fixture
def _services_required() -> None:
    problem = services_problem()
    if problem:
        pytest.fail(f"SPONA_REQUIRE_SERVICES=1 but {problem}")


def pytest_sessionstart(session: pytest.Session) -> None:
    if REQUIRE_SERVICES:
        problem = services_problem()
        if problem:
            raise pytest.UsageError(f"SPONA_REQUIRE_SERVICES=1 but {problem}")


def _load_reference_data() -> None:
    call_command("load_reference_data", "--skip-esco", verbosity=0)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Load districts, municipalities and the curated skills once, committed, for the session."""
    with django_db_blocker.unblock():
        _load_reference_data()


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixturenames = getattr(item, "fixturenames", ())
    return "transactional_db" in fixturenames or (
        marker is not None and bool(marker.kwargs.get("transaction", False))
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    """Transactional tests end with a flush of every table: reload the reference data after it.

    Done here, after every fixture of the test has been torn down, because only then has
    pytest-django's flush run (whatever order the fixtures were set up in).
    """
    result = yield
    if _is_transactional(item):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _load_reference_data()
    return result


@pytest.fixture(autouse=True)
def _no_language_leaks() -> Any:
    """Each test starts in the default language: a request through LocaleMiddleware (or a
    test's translation.activate) leaves its language active in the thread afterwards."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def eager_celery(request: pytest.FixtureRequest) -> Any:
    """Run Celery tasks in-process, whatever broker the environment names (CI names Redis but
    runs no worker outside the worker tests); tests marked `services` keep the real broker."""
    if "services" in request.keywords:
        yield
        return
    from config.celery_app import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = previous
