"""Celery tasks that refresh matches: options, idempotency, retries, the nightly schedule, the
demo seeding, and a real worker writing matches through the real broker."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError

from companies.models import Placement
from companies.services import SkillRequirement, placement_create
from config.celery_app import app as celery_app
from demo.seed import seed_demo_programme
from matching.models import Match
from matching.tasks import (
    matching_refresh_suspended,
    pending_key,
    refresh_all,
    refresh_candidate,
    refresh_placement,
)
from reference.models import Skill
from tests.celery_worker import running_worker
from tests.factories import CandidateProfileFactory, CompanyFactory, municipality

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    before = celery_app.conf.task_always_eager
    celery_app.conf.update(task_always_eager=True)
    try:
        yield
    finally:
        celery_app.conf.update(task_always_eager=before)


def _python_candidates(count: int) -> list[int]:
    python = Skill.objects.get(code="it.python")
    ids = []
    with matching_refresh_suspended():
        for _ in range(count):
            profile = CandidateProfileFactory.create(municipality=municipality("nis"))
            profile.skills.create(skill=python, proficiency=4)
            ids.append(profile.pk)
    return ids


def _open_python_placement(title: str = "Python praksa") -> Placement:
    return placement_create(
        company=CompanyFactory.create(),
        kind=Placement.Kind.INTERNSHIP,
        title=title,
        municipality=municipality("nis"),
        duration_months=3,
        status=Placement.Status.OPEN,
        skills=[SkillRequirement(skill=Skill.objects.get(code="it.python"))],
    )


def test_the_tasks_are_named_acknowledged_late_and_retried_on_database_errors() -> None:
    for task, name in (
        (refresh_candidate, "matching.refresh_candidate"),
        (refresh_placement, "matching.refresh_placement"),
        (refresh_all, "matching.refresh_all"),
    ):
        assert task.name == name
        assert task.acks_late is True
        assert OperationalError in task.autoretry_for
        assert task.retry_backoff
        assert task.max_retries and task.max_retries > 0


def test_the_nightly_full_refresh_runs_at_three_in_belgrade() -> None:
    entries = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "matching.refresh_all"
    ]
    assert len(entries) == 1
    assert entries[0]["schedule"] == crontab(hour=3, minute=0)
    assert settings.CELERY_TIMEZONE == "Europe/Belgrade"
    assert celery_app.conf.beat_schedule == settings.CELERY_BEAT_SCHEDULE


@pytest.mark.django_db
def test_a_task_clears_its_queued_mark_and_refreshes(settings: Any) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{uuid.uuid4().hex}",
        }
    }
    candidates = _python_candidates(2)
    with matching_refresh_suspended():
        placement = _open_python_placement()
    cache.set(pending_key("placement", placement.pk), 1)

    first = refresh_placement.apply(args=[placement.pk]).get()
    second = refresh_placement.apply(args=[placement.pk]).get()

    assert cache.get(pending_key("placement", placement.pk)) is None
    assert first["created"] == 2
    assert (second["created"], second["updated"], second["deleted"]) == (0, 0, 0)
    assert set(Match.objects.values_list("candidate_id", flat=True)) == set(candidates)


@pytest.mark.django_db
def test_single_refreshes_announce_strong_matches_once_and_the_full_refresh_does_not() -> None:
    from notifications.models import Notification

    candidates = _python_candidates(2)
    with matching_refresh_suspended():
        placement = _open_python_placement()
    refresh_all.apply().get()
    assert not Notification.objects.exists()  # the full refresh stays quiet

    strong = Match.objects.filter(
        placement=placement, score__gte=settings.MATCHING_STRONG_SCORE
    ).values_list("candidate_id", flat=True)
    assert set(strong) == set(candidates), "two Python candidates in Niš fit a Python praksa in Niš"
    refresh_placement.apply(args=[placement.pk]).get()
    refresh_candidate.apply(args=[candidates[0]]).get()
    notes = Notification.objects.filter(event="strong_match")
    assert sorted(notes.values_list("recipient__candidate_profile__id", flat=True)) == sorted(
        candidates
    )


@pytest.mark.django_db
def test_a_database_error_is_retried_and_the_retry_succeeds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import matching.services.matches as matches

    candidates = _python_candidates(1)
    real = matches.matches_refresh_for_candidate
    calls: list[int] = []

    def flaky(*, candidate_id: int) -> Any:
        calls.append(candidate_id)
        if len(calls) == 1:
            raise OperationalError("could not serialize access")
        return real(candidate_id=candidate_id)

    monkeypatch.setattr(matches, "matches_refresh_for_candidate", flaky)

    # throw=False: what a worker does (eager runs propagate the Retry instead of retrying).
    result = refresh_candidate.apply(args=[candidates[0]], throw=False)

    assert result.successful()
    assert calls == [candidates[0], candidates[0]]


@pytest.mark.django_db
@pytest.mark.usefixtures("eager_tasks")
def test_seeding_the_demo_ends_with_one_full_refresh_and_matches_exist(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        seed_demo_programme(candidates=30, companies=6, placements=10)

    matches = Match.objects.select_related("placement")
    assert matches.count() > 0
    assert all(match.placement.status == Placement.Status.OPEN for match in matches)
    assert all(match.breakdown["excluded"] == [] for match in matches)
    # Every candidate with an eligible open placement has at least one suggestion.
    assert Match.objects.values("candidate_id").distinct().count() > 10


# --- a real worker, through the real broker -----------------------------------------------


def _forget_queued_marks() -> None:
    import redis

    client = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    for key in client.scan_iter("*matching:pending:*"):
        client.delete(key)


@pytest.fixture
def matching_worker() -> Iterator[str]:
    """A `celery worker` process on this run's test database; the refresh tasks go to it."""
    with running_worker(name="matching") as queue:
        yield queue


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_placement_saved_through_the_service_gets_matches_written_by_a_real_worker(
    matching_worker: str, settings: Any
) -> None:
    assert celery_app.conf.task_always_eager is False
    settings.MATCHING_COALESCE_SECONDS = 1
    _forget_queued_marks()
    candidates = _python_candidates(3)

    placement = _open_python_placement()  # commits; the hook queues matching.refresh_placement

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if Match.objects.filter(placement=placement).count() == len(candidates):
            break
        time.sleep(0.5)
    stored = set(Match.objects.filter(placement=placement).values_list("candidate_id", flat=True))
    assert stored == set(candidates)
    assert all(match.breakdown["requirements"] for match in Match.objects.all())
    # The worker cleared the "already queued" mark as the task started.
    assert cache.get(pending_key("placement", placement.pk)) is None
