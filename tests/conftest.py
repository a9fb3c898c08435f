"""Suite-wide fixtures and the rule for tests that need real services."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model
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


def _table_models() -> list[type[Model]]:
    """Every model with a table of its own (many-to-many tables included)."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


# The tables load_reference_data fills, each with a copy of its rows as the command left them
# in the fresh test database (a table of the test database that Django does not know, so no
# flush empties it), taken once per process and put back after every flush.
_reference_tables: list[tuple[type[Model], str]] = []


def _snapshot_reference_data() -> None:
    before = {model: model._base_manager.count() for model in _table_models()}
    _load_reference_data()
    filled = [m for m in _table_models() if m._base_manager.count() != before[m]]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in filled:
            table = model._meta.db_table
            copy = f"spona_test_copy_{table}"
            cursor.execute(f"DROP TABLE IF EXISTS {quote(copy)}")
            # The names are the models' own tables, not input (S608).
            sql = f"CREATE TABLE {quote(copy)} AS SELECT * FROM {quote(table)}"  # noqa: S608
            cursor.execute(sql)
            _reference_tables.append((model, copy))


def _restore_reference_data() -> None:
    """Put the rows load_reference_data wrote back into the flushed tables, with their ids.

    The same state as running the command again (the command has its own tests) in a
    hundredth of its time, and ids stay stable, so nothing a process cached by id goes stale.
    If a table is not empty (nothing flushed it), the command runs instead.
    """
    if not _reference_tables or any(model._base_manager.exists() for model, _ in _reference_tables):
        _load_reference_data()
        return
    quote = connection.ops.quote_name
    models = [model for model, _ in _reference_tables]
    with transaction.atomic(), connection.cursor() as cursor:
        for model, copy in _reference_tables:
            # Columns by name: a migration test may have rebuilt a table in another order.
            columns = ", ".join(quote(field.column) for field in model._meta.local_concrete_fields)
            table = quote(model._meta.db_table)
            sql = f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {quote(copy)}"  # noqa: S608
            cursor.execute(sql)
        # A flush with reset_sequences restarts the id sequences below the restored ids.
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def _end_leftover_connections() -> None:
    """End the other sessions on this process's PostgreSQL test database before it is dropped.

    A thread a test started can outlive it holding a connection: the live server answers
    each browser connection in a daemon thread of its own, which keeps its database
    connection (CONN_MAX_AGE) while the browser keeps the socket alive, and is not joined
    when the server stops. DROP DATABASE then fails ("is being accessed by other users") and
    pytest-django leaves the database behind with a warning.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Load districts, municipalities and the curated skills once, committed, for the session."""
    with django_db_blocker.unblock():
        _snapshot_reference_data()
    yield
    with django_db_blocker.unblock():
        _end_leftover_connections()


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
            _restore_reference_data()
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
