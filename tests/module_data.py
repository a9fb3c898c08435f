"""Data shared by the tests of one module: built once, rolled back after the module."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction


@contextmanager
def module_transaction(django_db_blocker: Any) -> Iterator[None]:
    """A transaction held open across a module's tests and rolled back after the last one.

    For data that is expensive to build and that every test of a module reads: a
    module-scoped fixture builds it inside this block (``with django_db_blocker.unblock()``),
    and each test, asking for ``db`` as usual, runs in a savepoint inside it, so whatever a
    test writes is rolled back before the next test and the shared data is gone at the end
    of the module. The same on SQLite and PostgreSQL (both nest savepoints). Every test of
    such a module sees the shared data, so tests that need an empty database live elsewhere;
    transactional tests (``transaction=True``) cannot run inside it.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
