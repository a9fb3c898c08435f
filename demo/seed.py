"""Seed a deterministic, idempotent demo programme through the services, so validation applies.

The parts: demo.common (shared helpers and the report), demo.writing (how people write skills),
demo.plans (who and what), demo.seeder (writing them), demo.motion (the programme in motion)."""

from __future__ import annotations

import time

from django.db import transaction

from demo.common import (
    DEMO_LOGINS,
    DemoLogin,
    DemoSeedError,
    SeedReport,
    _Writable,
    make_typo,
    pib_check_digit,
    strip_diacritics,
)
from demo.motion import _ProgrammeInMotion
from demo.seeder import _Seeder
from matching.models import Match
from matching.tasks import matches_refresh_enqueue, matching_refresh_suspended


def seed_demo_programme(
    *,
    candidates: int = 300,
    companies: int = 40,
    placements: int = 80,
    seed: int = 2020,
    workflow: bool = False,
    stdout: _Writable | None = None,
) -> SeedReport:
    """Create the demo programme, skipping whatever already exists (by username, PIB, title).

    Everything random comes from ``random.Random`` instances derived from ``seed``, so the
    same arguments always produce the same people, companies and placements. Each candidate
    and company has its own stream, so a larger run extends a smaller one instead of
    reshuffling it.

    With ``workflow`` (the default) the programme is also set in motion, once: the year's
    targets, the matches computed at once (no worker needed), the best matches of each open
    placement taken through the workflow with dates spread over the past months, and the
    follow-up checks of the placed ones, most of those due recorded.
    """
    if min(candidates, companies, placements) < 0:
        raise DemoSeedError("Counts cannot be negative.")
    if placements and not companies:
        raise DemoSeedError("Placements need at least one company.")
    started = time.perf_counter()
    report = SeedReport(seed=seed)
    motion = _ProgrammeInMotion(seed=seed, report=report, out=stdout)
    refresh_later = not workflow
    with transaction.atomic():
        with matching_refresh_suspended():  # no refresh per saved row...
            _Seeder(seed=seed, report=report, out=stdout).run(
                candidates=candidates, companies=companies, placements=placements
            )
            if workflow:
                motion.seed_targets()
                if motion.already_in_motion():
                    report.existing["matches in motion"] += motion.matches_in_motion()
                    refresh_later = bool(report.total_created)
                else:
                    # The stories need the matches now, whether or not a worker runs.
                    from matching.services.matches import matches_refresh_all

                    matches_refresh_all()
                    motion.seed_outcomes(motion.seed_workflow())
        # ...but one full refresh (a Celery task) once the programme is committed.
        if refresh_later and (report.total_created or not Match.objects.exists()):
            matches_refresh_enqueue("all")
    if workflow:
        # After the commit, once the notifications of the steps went out.
        report.created["recorded dates settled"] += motion.settle_recorded_dates()
    report.seconds = time.perf_counter() - started
    return report


__all__ = [
    "DEMO_LOGINS",
    "DemoLogin",
    "DemoSeedError",
    "SeedReport",
    "make_typo",
    "pib_check_digit",
    "seed_demo_programme",
    "strip_diacritics",
]
