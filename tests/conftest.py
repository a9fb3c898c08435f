"""Suite-wide fixtures and the rule for tests that need real services."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

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
    except Exception as exc:  # noqa: BLE001 - any failure means the broker is unusable
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


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """Districts, municipalities and the curated skills are there for every database test.

    Loaded once into the test database; transactional tests flush it, so it is reloaded
    after them (the load is idempotent).
    """
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db"} & set(request.fixturenames):
        return
    if marker is not None and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
    else:
        request.getfixturevalue("db")
    from matching.models import Municipality, Skill

    if not Municipality.objects.exists() or not Skill.objects.exists():
        call_command("load_reference_data", "--skip-esco", verbosity=0)
