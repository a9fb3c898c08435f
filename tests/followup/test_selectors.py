"""The dashboard's retention figures, counted in the database on a constructed example."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from followup.models import OutcomeCheck
from followup.selectors import RetentionRow, employed_count, retention_summary
from matching.models import Match
from reference.models import District
from tests.followup.conftest import World

pytestmark = pytest.mark.django_db
NISAVA = "RS-20"
PCINJA = "RS-24"


def _check(
    match: Match,
    months: int,
    due: dt.date,
    *,
    status: str = "due",
    outcome: str = "",
    recorded_on: dt.date | None = None,
) -> OutcomeCheck:
    recorded_at = None
    if recorded_on is not None:
        recorded_at = timezone.make_aware(dt.datetime.combine(recorded_on, dt.time(12)))
    return OutcomeCheck.objects.create(
        match=match,
        months=months,
        due_date=due,
        status=status,
        outcome=outcome,
        recorded_at=recorded_at,
    )


@pytest.fixture
def example(world: World) -> dict[str, int]:
    """Three candidates in Niš (Nišava) and one in Vranje (Pčinja)."""
    placed = Match.Status.PLACED
    ana, bojan, ceca = (world.make_match(status=placed, first_name=n) for n in "ABC")
    vesna = world.make_match(status=placed, place="vranje", first_name="V")
    d = dt.date
    # Completion: A completed, B ended early, C open (due), V completed.
    _check(ana, 0, d(2025, 3, 1), status="recorded", outcome="completed", recorded_on=d(2025, 3, 1))
    _check(
        bojan, 0, d(2025, 3, 1), status="recorded", outcome="ended_early", recorded_on=d(2025, 2, 1)
    )
    _check(ceca, 0, d(2025, 3, 1))
    _check(
        vesna, 0, d(2025, 3, 1), status="recorded", outcome="completed", recorded_on=d(2025, 3, 2)
    )
    # 3 months: A same employer, B self-employed, C unreachable, V unemployed.
    _check(
        ana, 3, d(2025, 6, 1), status="recorded", outcome="employed_same", recorded_on=d(2025, 6, 1)
    )
    _check(
        bojan,
        3,
        d(2025, 6, 1),
        status="recorded",
        outcome="self_employed",
        recorded_on=d(2025, 6, 3),
    )
    _check(ceca, 3, d(2025, 6, 1), status="unreachable", recorded_on=d(2025, 6, 5))
    _check(
        vesna, 3, d(2025, 6, 1), status="recorded", outcome="unemployed", recorded_on=d(2025, 6, 1)
    )
    # 6 months: A elsewhere, B in education; C's is in the future (not due yet).
    _check(
        ana,
        6,
        d(2025, 9, 1),
        status="recorded",
        outcome="employed_elsewhere",
        recorded_on=d(2025, 9, 1),
    )
    _check(
        bojan, 6, d(2025, 9, 1), status="recorded", outcome="education", recorded_on=d(2025, 9, 2)
    )
    _check(ceca, 6, timezone.localdate() + dt.timedelta(days=5))
    return {
        "nisava": District.objects.get(code=NISAVA).pk,
        "pcinja": District.objects.get(code=PCINJA).pk,
    }


def test_retention_summary_of_all_districts(example: dict[str, int]) -> None:
    assert retention_summary(district_ids=None, start=None, end=None) == [
        RetentionRow(months=0, due=4, recorded=3, employed=2, rate=2 / 3),
        RetentionRow(months=3, due=4, recorded=3, employed=2, rate=2 / 3),
        RetentionRow(months=6, due=2, recorded=2, employed=1, rate=0.5),
        RetentionRow(months=12, due=0, recorded=0, employed=0, rate=None),
    ]


def test_retention_summary_of_one_district_and_a_period(example: dict[str, int]) -> None:
    rows = retention_summary(
        district_ids={example["pcinja"]}, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)
    )
    assert [(r.months, r.due, r.recorded, r.employed, r.rate) for r in rows] == [
        (0, 1, 1, 1, 1.0),
        (3, 1, 1, 0, 0.0),
        (6, 0, 0, 0, None),
        (12, 0, 0, 0, None),
    ]
    # The period bounds the due date: only the 3- and 6-month checks of the Nišava district.
    rows = retention_summary(
        district_ids={example["nisava"]}, start=dt.date(2025, 5, 1), end=dt.date(2025, 9, 1)
    )
    assert [(r.months, r.due, r.recorded, r.employed) for r in rows] == [
        (0, 0, 0, 0),
        (3, 3, 2, 2),
        (6, 2, 2, 1),
        (12, 0, 0, 0),
    ]
    assert retention_summary(district_ids=set(), start=None, end=None)[1].due == 0


def test_employed_count_counts_distinct_candidates_by_the_day_recorded(
    example: dict[str, int],
) -> None:
    # A (same employer, then elsewhere) and B (self-employed); completion does not count.
    assert employed_count(district_ids=None, start=None, end=None) == 2
    assert employed_count(district_ids={example["nisava"]}, start=None, end=None) == 2
    assert employed_count(district_ids={example["pcinja"]}, start=None, end=None) == 0
    assert employed_count(district_ids=None, start=dt.date(2025, 6, 2), end=None) == 2
    assert employed_count(district_ids=None, start=dt.date(2025, 6, 4), end=None) == 1
    assert employed_count(district_ids=None, start=None, end=dt.date(2025, 6, 1)) == 1
    assert employed_count(district_ids=None, start=dt.date(2025, 9, 2), end=None) == 0
