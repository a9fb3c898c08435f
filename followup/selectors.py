"""Reads of the outcome follow-up: the coordinator's lists and the dashboard's retention figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts import permissions
from followup.models import EMPLOYED_OUTCOMES, OutcomeCheck
from matching.models import Match

CheckStatus = OutcomeCheck.Status
CHECK_MONTHS: tuple[int, ...] = (0, 3, 6, 12)


def outcome_checks_visible_to(user: Any) -> QuerySet[OutcomeCheck]:
    """Checks of the matches the user may see (coordinators: their districts' candidates)."""
    return OutcomeCheck.objects.filter(match__in=permissions.matches_visible_to(user))


def _with_display(queryset: QuerySet[OutcomeCheck]) -> QuerySet[OutcomeCheck]:
    return queryset.select_related(
        "match__candidate__user",
        "match__candidate__municipality",
        "match__placement__company",
        "recorded_by",
    )


@dataclass(frozen=True)
class FollowupBoard:
    """The coordinator's page: open checks by urgency, and the recent records."""

    today: dt.date
    overdue: list[OutcomeCheck]
    due: list[OutcomeCheck]
    upcoming: list[OutcomeCheck]
    overdue_after_days: int
    upcoming_days: int


def followup_board(*, user: Any, today: dt.date | None = None) -> FollowupBoard:
    """Open checks in the user's scope: overdue (due more than FOLLOWUP_OVERDUE_AFTER_DAYS
    ago), due (due by today) and upcoming (due within FOLLOWUP_UPCOMING_DAYS)."""
    today = today or timezone.localdate()
    upcoming_days = int(settings.FOLLOWUP_UPCOMING_DAYS)
    overdue_after = int(settings.FOLLOWUP_OVERDUE_AFTER_DAYS)
    open_checks = list(
        _with_display(
            outcome_checks_visible_to(user).filter(
                status=CheckStatus.DUE, due_date__lte=today + dt.timedelta(days=upcoming_days)
            )
        ).order_by("due_date", "months", "id")
    )
    overdue_before = today - dt.timedelta(days=overdue_after)
    return FollowupBoard(
        today=today,
        overdue=[check for check in open_checks if check.due_date < overdue_before],
        due=[check for check in open_checks if overdue_before <= check.due_date <= today],
        upcoming=[check for check in open_checks if check.due_date > today],
        overdue_after_days=overdue_after,
        upcoming_days=upcoming_days,
    )


def outcome_check_get(*, user: Any, check_id: int) -> OutcomeCheck | None:
    return _with_display(outcome_checks_visible_to(user)).filter(pk=check_id).first()


def match_outcome_history(*, user: Any, match_id: int) -> tuple[Match | None, list[OutcomeCheck]]:
    """A placed match in the user's scope and all of its checks (0, 3, 6, 12 months)."""
    match = (
        permissions.matches_visible_to(user)
        .select_related("candidate__user", "placement__company")
        .filter(pk=match_id)
        .first()
    )
    if match is None:
        return None, []
    checks = list(
        OutcomeCheck.objects.filter(match=match).select_related("recorded_by").order_by("months")
    )
    return match, checks


def recently_recorded(*, user: Any, limit: int = 20) -> list[OutcomeCheck]:
    return list(
        _with_display(outcome_checks_visible_to(user).exclude(status=CheckStatus.DUE)).order_by(
            "-recorded_at", "-id"
        )[:limit]
    )


# --- the dashboard's interface -----------------------------------------------------------------


@dataclass(frozen=True)
class RetentionRow:
    """Outcome checks at one point in time (0 = internship completion, 3, 6, 12 months)."""

    months: int
    due: int  # checks due by today in the scope and period
    recorded: int  # of those, with an outcome recorded (unreachable ones are not)
    employed: int  # employed by the same employer, elsewhere, or self-employed; 0: completed
    rate: float | None  # employed / recorded; None when nothing was recorded


def _in_districts(queryset: QuerySet[OutcomeCheck], district_ids: set[int] | None) -> Any:
    if district_ids is None:
        return queryset
    return queryset.filter(match__candidate__municipality__district_id__in=district_ids)


def retention_summary(
    *, district_ids: set[int] | None, start: dt.date | None, end: dt.date | None
) -> list[RetentionRow]:
    """One row per check (0, 3, 6, 12 months) for checks due in [start, end] and by today.

    `district_ids` is the candidates' districts (None: all); start/end bound the due date
    (None: open). Aggregated in the database, one query.
    """
    today = timezone.localdate()
    queryset = _in_districts(OutcomeCheck.objects.filter(due_date__lte=today), district_ids)
    if start is not None:
        queryset = queryset.filter(due_date__gte=start)
    if end is not None:
        queryset = queryset.filter(due_date__lte=end)
    recorded = Q(status=CheckStatus.RECORDED)
    employed = recorded & (
        (Q(months=0) & Q(outcome=OutcomeCheck.Outcome.COMPLETED))
        | (~Q(months=0) & Q(outcome__in=EMPLOYED_OUTCOMES))
    )
    counts = {
        row["months"]: row
        for row in queryset.order_by()
        .values("months")
        .annotate(
            due_count=Count("id"),
            recorded_count=Count("id", filter=recorded),
            employed_count=Count("id", filter=employed),
        )
    }
    rows: list[RetentionRow] = []
    for months in CHECK_MONTHS:
        row = counts.get(months, {})
        recorded_count = int(row.get("recorded_count", 0))
        employed_count = int(row.get("employed_count", 0))
        rows.append(
            RetentionRow(
                months=months,
                due=int(row.get("due_count", 0)),
                recorded=recorded_count,
                employed=employed_count,
                rate=employed_count / recorded_count if recorded_count else None,
            )
        )
    return rows


def employed_candidates(
    *, district_ids: set[int] | None, start: dt.date | None, end: dt.date | None
) -> QuerySet[Any]:
    """Ids of the candidates with an employed or self-employed outcome (3, 6 or 12 months)
    recorded in [start, end] (the day it was recorded, local time; None: open)."""
    queryset = _in_districts(
        OutcomeCheck.objects.filter(
            status=CheckStatus.RECORDED, outcome__in=EMPLOYED_OUTCOMES, months__gt=0
        ),
        district_ids,
    )
    if start is not None:
        queryset = queryset.filter(recorded_at__date__gte=start)
    if end is not None:
        queryset = queryset.filter(recorded_at__date__lte=end)
    return queryset.values("match__candidate_id").distinct()


def employed_count(
    *, district_ids: set[int] | None, start: dt.date | None, end: dt.date | None
) -> int:
    """How many distinct candidates `employed_candidates` finds."""
    return employed_candidates(district_ids=district_ids, start=start, end=end).count()
