"""Celery tasks that refresh stored matches, and the on-commit scheduling that coalesces them.

Changes to a profile or a placement ask for a refresh with `matches_refresh_enqueue`; the
request waits for the transaction to commit, several requests in one transaction become one,
and a request for a refresh that is already queued (a cache key set with add/NX, cleared when
the task starts) is dropped, so a burst of edits causes one task run.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any, Literal

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, OperationalError, transaction

from matching.signals_workflow import matches_refreshed

logger = logging.getLogger(__name__)

Kind = Literal["candidate", "placement", "all"]

# A queued refresh's key outlives the countdown by this much, so a lost task blocks new
# refreshes of the same object for at most this long (the nightly refresh catches up).
PENDING_GRACE_SECONDS = 120

_RETRY = {
    "bind": True,
    "acks_late": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 6,
}


# --- the tasks: ids in, a service call, a small report out ---------------------------------
# The services are imported when a task runs: importing this module (signal handlers do, at
# start-up) must not load numpy, scipy and scikit-learn into every process.


@shared_task(name="matching.refresh_candidate", **_RETRY)
def refresh_candidate(self: Any, candidate_id: int) -> dict[str, Any]:
    """Refresh one candidate's matches (idempotent: a second run changes nothing)."""
    from matching.services.matches import matches_refresh_for_candidate

    refresh_pending_clear("candidate", candidate_id)
    report = matches_refresh_for_candidate(candidate_id=candidate_id).as_dict()
    # Each (candidate, placement) pair is announced at most once, so this is idempotent.
    matches_refreshed.send(sender=refresh_candidate, candidate_ids=[candidate_id])
    return report


@shared_task(name="matching.refresh_placement", **_RETRY)
def refresh_placement(self: Any, placement_id: int) -> dict[str, Any]:
    """Refresh one placement's matches (idempotent)."""
    from matching.selectors import strong_match_candidate_ids
    from matching.services.matches import matches_refresh_for_placement

    refresh_pending_clear("placement", placement_id)
    report = matches_refresh_for_placement(placement_id=placement_id).as_dict()
    matches_refreshed.send(
        sender=refresh_placement,
        candidate_ids=list(strong_match_candidate_ids(placement_id=placement_id)),
    )
    return report


@shared_task(name="matching.refresh_all", **_RETRY)
def refresh_all(self: Any) -> dict[str, Any]:
    """Refresh every match (nightly, after seeding and imports; idempotent).

    It sends no strong-match notifications: a full refresh after seeding or an import would
    otherwise mail every candidate at once; single refreshes (after a person's own change)
    announce new strong matches.
    """
    from matching.services.matches import matches_refresh_all

    refresh_pending_clear("all", None)
    return matches_refresh_all().as_dict()


_TASKS = {"candidate": refresh_candidate, "placement": refresh_placement, "all": refresh_all}


# --- coalescing --------------------------------------------------------------------------


def pending_key(kind: Kind, pk: int | None) -> str:
    return f"matching:pending:{kind}" + ("" if pk is None else f":{pk}")


def refresh_pending_clear(kind: Kind, pk: int | None) -> None:
    """Called by a task as it starts: a change from now on queues another run."""
    try:
        cache.delete(pending_key(kind, pk))
    except Exception:  # the cache is an optimisation; a refresh must not fail because of it
        logger.warning("could not clear %s", pending_key(kind, pk), exc_info=True)


def _coalesce_seconds() -> int:
    return int(settings.MATCHING_COALESCE_SECONDS)


def _claim(kind: Kind, pk: int | None) -> bool:
    """Mark a refresh as queued; False when one is queued and has not started yet."""
    try:
        return bool(
            cache.add(pending_key(kind, pk), 1, timeout=_coalesce_seconds() + PENDING_GRACE_SECONDS)
        )
    except Exception:
        logger.warning("cache unavailable; queueing without coalescing", exc_info=True)
        return True


def _dispatch(requests: set[tuple[Kind, int | None]]) -> None:
    if ("all", None) in requests:
        requests = {("all", None)}  # a full refresh covers everything else
    for kind, pk in sorted(requests, key=lambda item: (item[0], item[1] or 0)):
        if not _claim(kind, pk):
            continue
        try:
            _TASKS[kind].apply_async(args=[] if pk is None else [pk], countdown=_coalesce_seconds())
        except Exception:
            # Broker down (or, with eager tasks, the refresh itself failed): the change is
            # saved all the same; the nightly refresh catches up.
            refresh_pending_clear(kind, pk)
            logger.exception("could not run the %s refresh for %s", kind, pk)


_local = threading.local()


def matches_refresh_enqueue(
    kind: Kind, pk: int | None = None, *, using: str = DEFAULT_DB_ALIAS
) -> None:
    """Ask for a refresh of one candidate's or placement's matches (or of all) after commit.

    Outside a transaction the refresh is queued at once. Nothing happens inside
    `matching_refresh_suspended()`.
    """
    if getattr(_local, "suspended", 0):
        return
    if kind != "all" and pk is None:
        raise ValueError(f"a {kind} refresh needs an id")
    if not transaction.get_connection(using).in_atomic_block:
        _dispatch({(kind, pk)})
        return
    # Each request waits for the commit on its own (a rolled-back savepoint drops it with its
    # changes); the cache claim in _dispatch makes the second request for the same refresh in
    # the same transaction, or while one is queued, a no-op.
    transaction.on_commit(partial(_dispatch, {(kind, pk)}), using=using, robust=True)


@contextmanager
def matching_refresh_suspended() -> Iterator[None]:
    """Changes made inside ask for no refresh (this thread only): bulk operations such as the
    demo seeder and imports use it, then ask for one full refresh at the end."""
    _local.suspended = getattr(_local, "suspended", 0) + 1
    try:
        yield
    finally:
        _local.suspended -= 1
