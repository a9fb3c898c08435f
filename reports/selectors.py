"""Reads for the programme dashboard and the fairness audit: aggregates computed in the database.

Definitions (shown on the pages as well):

* **reached** — candidates who registered in the period (CandidateProfile.created_at);
* **trained** — candidates who completed an employment-support training in the period
  (TrainingParticipation completed, completed_on in the period);
* **placed** (the internships indicator) — candidates whose match to an *internship* placement
  was confirmed as placed in the period (the MatchTransition to "placed"); people, not matches;
* **employed** — people found employed or self-employed in the period by a follow-up check
  after an internship (`followup.selectors.employed_candidates`) or by a grant's monitoring
  visit (`grants.selectors.grant_outcomes`), each person once;
* **funnel** — matches created in the period and the furthest stage each reached:
  suggested (every match) → proposed → accepted (the company accepted) → placed → completed.
  A match reached a stage if it has a transition into it or its status lies beyond it;
* **time in a stage** — from entering it (the match's creation for "suggested", else the first
  transition into it) to the transition into the next stage, median over the matches that made
  that step.

Scope: the districts of the candidates (coordinators: their organisation's; admins: all or one
organisation's), from accounts.permissions.report_district_ids.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import (
    Aggregate,
    BooleanField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from accounts.permissions import report_district_ids
from candidates.models import CandidateProfile, ProgrammeData, TrainingParticipation
from candidates.selectors import programme_data_counts_for_report
from companies.models import Placement
from followup import selectors as followup_selectors
from grants import selectors as grant_selectors
from matching import workflow
from matching.models import Match, MatchTransition
from reference.models import District, Municipality
from reports.disclosure import MIN_CELL_SIZE, AnonymisedTable, anonymise_table
from reports.models import ProgrammeTarget

Status = Match.Status
FOUR_FIFTHS = 0.8
MAX_MONTHS_SHOWN = 60


@dataclass(frozen=True)
class FunnelStage:
    key: str
    label: Promise
    entry_status: str | None  # the status a transition enters the stage with
    implied_by: frozenset[str]  # current statuses that prove the stage was reached


# Each stage's `implied_by` is derived from the workflow table: the statuses a match can only
# be in after passing through the stage.
FUNNEL_STAGES: tuple[FunnelStage, ...] = tuple(
    FunnelStage(
        key, label, entry, workflow.statuses_reached_only_through(entry or Status.SUGGESTED)
    )
    for key, label, entry in (
        ("suggested", _("Suggested"), None),
        ("proposed", _("Proposed"), Status.PROPOSED),
        ("accepted", _("Accepted"), Status.COMPANY_ACCEPTED),
        ("placed", _("Placed"), Status.PLACED),
        ("completed", _("Completed"), Status.COMPLETED),
    )
)
FUNNEL_BY_KEY = {stage.key: stage for stage in FUNNEL_STAGES}


# --- scope and period ------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportScope:
    """Whose candidates (districts; None = all) and which period (inclusive dates)."""

    district_ids: frozenset[int] | None
    organisation: Organisation | None
    start: dt.date
    end: dt.date

    @property
    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        return datetime_bounds(self.start, self.end)


def datetime_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, the day after end 00:00) in the current time zone: index-friendly."""
    zone = timezone.get_current_timezone()
    low = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return low, high


def report_scope(
    *, user: Any, organisation: Organisation | None, start: dt.date, end: dt.date
) -> ReportScope:
    districts = report_district_ids(user, organisation)
    return ReportScope(
        district_ids=None if districts is None else frozenset(districts),
        organisation=organisation,
        start=start,
        end=end,
    )


def _district_q(district_ids: Iterable[int] | None, candidate_path: str) -> Q:
    """Q restricting to candidates (reached by `candidate_path`) in the districts."""
    if district_ids is None:
        return Q()
    return Q(**{f"{candidate_path}municipality__district_id__in": list(district_ids)})


def candidates_in_scope(district_ids: Iterable[int] | None) -> QuerySet[CandidateProfile]:
    return CandidateProfile.objects.filter(_district_q(district_ids, "")).order_by()


def matches_in_scope(district_ids: Iterable[int] | None) -> QuerySet[Match]:
    return Match.objects.filter(_district_q(district_ids, "candidate__")).order_by()


# --- building blocks -------------------------------------------------------------------------


def match_reached(stage_key: str) -> Q:
    """Q over matches that reached the funnel stage.

    Uncorrelated `IN (subquery)` rather than EXISTS on purpose: PostgreSQL hashes it once
    instead of probing the transitions per match (about 10x faster at 100,000 matches).
    """
    stage = FUNNEL_BY_KEY[stage_key]
    if stage.entry_status is None:
        return Q()
    entered = MatchTransition.objects.filter(to_status=stage.entry_status).values("match_id")
    return Q(status__in=sorted(stage.implied_by)) | Q(pk__in=entered)


def _as_flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _placed_in(low: dt.datetime, high: dt.datetime) -> Q:
    """Candidates placed in an internship within [low, high)."""
    placed = MatchTransition.objects.filter(
        to_status=Status.PLACED,
        match__placement__kind=Placement.Kind.INTERNSHIP,
        created_at__gte=low,
        created_at__lt=high,
    ).values("match__candidate_id")
    return Q(pk__in=placed)


def _trained_in(start: dt.date, end: dt.date) -> Q:
    """Candidates who completed a training within [start, end]."""
    trained = TrainingParticipation.objects.filter(
        status=TrainingParticipation.Status.COMPLETED,
        completed_on__gte=start,
        completed_on__lte=end,
    ).values("candidate_id")
    return Q(pk__in=trained)


def indicator_achieved(
    indicator: str, *, district_ids: Iterable[int] | None, start: dt.date, end: dt.date
) -> int | None:
    """People counted towards one indicator in the period; None when not measurable yet."""
    low, high = datetime_bounds(start, end)
    candidates = candidates_in_scope(district_ids)
    if indicator == ProgrammeTarget.Indicator.REACHED:
        return candidates.filter(created_at__gte=low, created_at__lt=high).count()
    if indicator == ProgrammeTarget.Indicator.TRAINING:
        return candidates.filter(_trained_in(start, end)).count()
    if indicator == ProgrammeTarget.Indicator.INTERNSHIPS:
        return candidates.filter(_placed_in(low, high)).count()
    if indicator == ProgrammeTarget.Indicator.EMPLOYMENT:
        ids = None if district_ids is None else set(district_ids)
        after_internship = followup_selectors.employed_candidates(
            district_ids=ids, start=start, end=end
        )
        through_grant = grant_selectors.grant_outcomes(
            district_ids=ids, start=start, end=end
        ).candidate_ids
        return CandidateProfile.objects.filter(
            Q(pk__in=after_internship) | Q(pk__in=through_grant)
        ).count()
    raise ValueError(f"Unknown indicator {indicator!r}")


# --- targets and progress --------------------------------------------------------------------


@dataclass(frozen=True)
class ProgressRow:
    indicator: str
    label: str
    achieved: int | None
    target: int | None
    start: dt.date
    end: dt.date
    target_id: int | None = None

    @property
    def percent(self) -> float | None:
        if self.achieved is None or not self.target:
            return None
        return 100.0 * self.achieved / self.target


def targets_for(scope: ReportScope) -> QuerySet[ProgrammeTarget]:
    """The scope's targets (its organisation's, or the programme's) overlapping the period."""
    return ProgrammeTarget.objects.filter(
        organisation=scope.organisation,
        period_start__lte=scope.end,
        period_end__gte=scope.start,
    ).order_by("indicator", "period_start")


def progress_rows(scope: ReportScope) -> list[ProgressRow]:
    """Each target with what was achieved over the target's own period; indicators without a
    target show what was achieved in the chosen period."""
    rows: list[ProgressRow] = []
    targets = list(targets_for(scope))
    for indicator, label in ProgrammeTarget.Indicator.choices:
        mine = [target for target in targets if target.indicator == indicator]
        for target in mine:
            rows.append(
                ProgressRow(
                    indicator=indicator,
                    label=str(label),
                    achieved=indicator_achieved(
                        indicator,
                        district_ids=scope.district_ids,
                        start=target.period_start,
                        end=target.period_end,
                    ),
                    target=target.value,
                    start=target.period_start,
                    end=target.period_end,
                    target_id=target.pk,
                )
            )
        if not mine:
            rows.append(
                ProgressRow(
                    indicator=indicator,
                    label=str(label),
                    achieved=indicator_achieved(
                        indicator, district_ids=scope.district_ids, start=scope.start, end=scope.end
                    ),
                    target=None,
                    start=scope.start,
                    end=scope.end,
                )
            )
    return rows


# --- breakdowns ------------------------------------------------------------------------------

OUTCOME_FLAGS = ("reached", "trained", "placed")


@dataclass(frozen=True)
class BreakdownRow:
    key: Any
    label: str
    counts: dict[str, int]


def _outcome_candidates(scope: ReportScope) -> QuerySet[CandidateProfile]:
    """Candidates in scope with one flag per outcome in the period.

    Not filtered to those with an outcome: a WHERE on the flags would make PostgreSQL compute
    each subquery twice; groups with nothing to count are dropped after aggregation instead.
    """
    low, high = scope.bounds
    return candidates_in_scope(scope.district_ids).annotate(
        reached=_as_flag(Q(created_at__gte=low, created_at__lt=high)),
        trained=_as_flag(_trained_in(scope.start, scope.end)),
        placed=_as_flag(_placed_in(low, high)),
    )


def _any_outcome(counts: dict[str, Any]) -> bool:
    return any(counts[flag] for flag in OUTCOME_FLAGS)


def _flag_counts(**extra: Any) -> dict[str, Any]:
    return {flag: Count("pk", filter=Q(**{flag: True})) for flag in OUTCOME_FLAGS} | extra


def _name_field(language: str) -> str:
    return "name_cyrl" if language == "sr" else "name_latn"


def breakdown_by_place(scope: ReportScope, *, level: str, language: str) -> list[BreakdownRow]:
    """Outcome counts per district or municipality (of the candidate's residence)."""
    if level not in ("district", "municipality"):
        raise ValueError("level is district or municipality")
    key = "municipality__district_id" if level == "district" else "municipality_id"
    rows = _outcome_candidates(scope).values(key).annotate(**_flag_counts()).order_by(key)
    counted = {
        row[key]: {flag: row[flag] for flag in OUTCOME_FLAGS} for row in rows if _any_outcome(row)
    }
    model: Any = District if level == "district" else Municipality
    name = _name_field(language)
    labels = dict(model.objects.filter(pk__in=counted).values_list("pk", name))
    result = [BreakdownRow(pk, labels.get(pk, "?"), counts) for pk, counts in counted.items()]
    return sorted(result, key=lambda row: row.label)


def breakdown_by_category(scope: ReportScope) -> list[BreakdownRow]:
    rows = _outcome_candidates(scope).values("category").annotate(**_flag_counts())
    labels = dict(CandidateProfile.Category.choices)
    counted = {row["category"]: row for row in rows if _any_outcome(row)}
    return [
        BreakdownRow(value, str(label), {flag: counted[value][flag] for flag in OUTCOME_FLAGS})
        for value, label in labels.items()
        if value in counted
    ]


def sensitive_group_labels(group_by: str) -> list[tuple[Any, str]]:
    """The groups of a programme-data field, in display order; None = not recorded."""
    if group_by == "gender":
        groups: list[tuple[Any, str]] = [
            (value, str(label)) for value, label in ProgrammeData.Gender.choices
        ]
    else:
        groups = [(True, str(_("Returnee"))), (False, str(_("Not a returnee")))]
    return [*groups, (None, str(_("Not recorded")))]


@dataclass(frozen=True)
class SensitiveBreakdown:
    """Counts per group after disclosure control (cells may be reports.disclosure.SUPPRESSED)."""

    group_by: str
    labels: list[str]
    table: AnonymisedTable
    columns: tuple[str, ...] = OUTCOME_FLAGS

    @property
    def rows(self) -> list[tuple[str, tuple[Any, ...]]]:
        return list(zip(self.labels, self.table.cells, strict=True))


def breakdown_sensitive(scope: ReportScope, *, group_by: str, reader: Any) -> SensitiveBreakdown:
    """Outcome counts per gender or returnee status: aggregates only, small cells suppressed."""
    counted = programme_data_counts_for_report(
        profiles=_outcome_candidates(scope),
        reader=reader,
        purpose=f"report:dashboard-{group_by}",
        group_by=group_by,
        count_flags=OUTCOME_FLAGS,
    )
    groups = sensitive_group_labels(group_by)
    zero = dict.fromkeys(OUTCOME_FLAGS, 0)
    cells = [[counted.get(value, zero)[flag] for flag in OUTCOME_FLAGS] for value, _l in groups]
    table = anonymise_table(cells, row_totals=False, column_totals=True)
    return SensitiveBreakdown(
        group_by=group_by, labels=[label for _v, label in groups], table=table
    )


# --- over time -------------------------------------------------------------------------------


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    months: list[dt.date] = []
    current = start.replace(day=1)
    while current <= end and len(months) < MAX_MONTHS_SHOWN:
        months.append(current)
        current = (current + dt.timedelta(days=32)).replace(day=1)
    return months


def _as_month(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date().replace(day=1)
    return value.replace(day=1)


def outcomes_per_month(scope: ReportScope) -> dict[str, list[tuple[dt.date, int]]]:
    """People reached, trained and placed per calendar month of the period (zeros filled)."""
    low, high = scope.bounds
    zone = timezone.get_current_timezone()
    reached = (
        candidates_in_scope(scope.district_ids)
        .filter(created_at__gte=low, created_at__lt=high)
        .annotate(month=TruncMonth("created_at", tzinfo=zone))
        .values("month")
        .annotate(n=Count("pk"))
    )
    trained = (
        TrainingParticipation.objects.filter(
            _district_q(scope.district_ids, "candidate__"),
            status=TrainingParticipation.Status.COMPLETED,
            completed_on__gte=scope.start,
            completed_on__lte=scope.end,
        )
        .annotate(month=TruncMonth("completed_on"))
        .values("month")
        .annotate(n=Count("candidate", distinct=True))
        .order_by()
    )
    placed = (
        MatchTransition.objects.filter(
            _district_q(scope.district_ids, "match__candidate__"),
            to_status=Status.PLACED,
            match__placement__kind=Placement.Kind.INTERNSHIP,
            created_at__gte=low,
            created_at__lt=high,
        )
        .annotate(month=TruncMonth("created_at", tzinfo=zone))
        .values("month")
        .annotate(n=Count("match__candidate", distinct=True))
        .order_by()
    )
    months = months_between(scope.start, scope.end)
    series: dict[str, list[tuple[dt.date, int]]] = {}
    for name, rows in (("reached", reached), ("trained", trained), ("placed", placed)):
        by_month = {_as_month(row["month"]): row["n"] for row in rows}
        series[name] = [(month, by_month.get(month, 0)) for month in months]
    return series


# --- funnel and time in stage ----------------------------------------------------------------


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5): works on numbers and on intervals."""

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


@dataclass(frozen=True)
class FunnelRow:
    key: str
    label: str
    count: int
    median: dt.timedelta | None = None  # time spent in this stage before the next
    share_of_previous: float | None = None

    @property
    def median_days(self) -> float | None:
        return None if self.median is None else self.median.total_seconds() / 86400

    @property
    def share_percent(self) -> float | None:
        return None if self.share_of_previous is None else 100 * self.share_of_previous


def _funnel_matches(scope: ReportScope) -> QuerySet[Match]:
    low, high = scope.bounds
    return matches_in_scope(scope.district_ids).filter(created_at__gte=low, created_at__lt=high)


def funnel_counts(scope: ReportScope) -> dict[str, int]:
    aggregates = {
        stage.key: Count("pk", filter=match_reached(stage.key)) for stage in FUNNEL_STAGES
    }
    result = _funnel_matches(scope).aggregate(**aggregates)
    return {key: int(value or 0) for key, value in result.items()}


def stage_median(scope: ReportScope, stage_key: str) -> dt.timedelta | None:
    """Median time from entering the stage to entering the next (matches created in period)."""
    keys = [stage.key for stage in FUNNEL_STAGES]
    position = keys.index(stage_key)
    if position + 1 >= len(keys):
        return None
    stage, following = FUNNEL_STAGES[position], FUNNEL_STAGES[position + 1]
    low, high = scope.bounds
    exits = MatchTransition.objects.filter(
        _district_q(scope.district_ids, "match__candidate__"),
        to_status=following.entry_status,
        match__created_at__gte=low,
        match__created_at__lt=high,
    ).order_by()
    if stage.entry_status is None:
        exits = exits.annotate(entered_at=F("match__created_at"))
    else:
        # A join to the entry transition (each status is entered at most once per match), not a
        # correlated subquery per exit: one hash join instead of a probe per row.
        exits = exits.annotate(
            entry=FilteredRelation(
                "match__transitions",
                condition=Q(match__transitions__to_status=stage.entry_status),
            ),
            entered_at=F("entry__created_at"),
        ).filter(entered_at__isnull=False)
    if connection.vendor == "postgresql":
        duration = ExpressionWrapper(
            F("created_at") - F("entered_at"), output_field=DurationField()
        )
        value = exits.aggregate(median=Median(duration, output_field=DurationField()))["median"]
        return value if isinstance(value, dt.timedelta) else None
    # Portable fallback: only the two timestamps leave the database.
    spans = [left - right for left, right in exits.values_list("created_at", "entered_at")]
    if not spans:
        return None
    seconds = statistics.median(span.total_seconds() for span in spans)
    return dt.timedelta(seconds=seconds)


def funnel(scope: ReportScope) -> list[FunnelRow]:
    counts = funnel_counts(scope)
    rows: list[FunnelRow] = []
    previous: int | None = None
    for stage in FUNNEL_STAGES:
        count = counts[stage.key]
        share = None if not previous else count / previous
        rows.append(
            FunnelRow(
                key=stage.key,
                label=str(stage.label),
                count=count,
                median=stage_median(scope, stage.key),
                share_of_previous=share,
            )
        )
        previous = count
    return rows


# --- fairness audit --------------------------------------------------------------------------

FAIRNESS_RATES = ("match", "proposal", "placement")
FAIRNESS_GROUPINGS = ("gender", "returnee", "category", "district")


@dataclass
class FairnessRow:
    grouping: str
    key: Any
    label: str
    candidates: int
    counts: dict[str, int] = field(default_factory=dict)
    rates: dict[str, float | None] = field(default_factory=dict)
    ratios: dict[str, float | None] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    rated: bool = False

    @property
    def too_small(self) -> bool:
        return self.candidates < MIN_CELL_SIZE

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    def cells(self) -> list[tuple[str, float | None, float | None, bool]]:
        """(rate, rate in per cent, ratio to the best group, flagged) for the page."""
        cells: list[tuple[str, float | None, float | None, bool]] = []
        for rate in FAIRNESS_RATES:
            value = self.rates.get(rate)
            percent = None if value is None else 100 * value
            cells.append((rate, percent, self.ratios.get(rate), rate in self.flags))
        return cells


@dataclass(frozen=True)
class FairnessGrouping:
    key: str
    label: str
    rows: list[FairnessRow]


def _fairness_candidates(district_ids: Iterable[int] | None) -> QuerySet[CandidateProfile]:
    """Every candidate in scope with a flag per rate: a strong match (score at least
    MATCHING_STRONG_SCORE), a match that was proposed, a match that was placed."""
    strong = Match.objects.filter(score__gte=settings.MATCHING_STRONG_SCORE)
    proposed = Match.objects.filter(match_reached("proposed"))
    placed = Match.objects.filter(match_reached("placed"))
    return candidates_in_scope(district_ids).annotate(
        match=_as_flag(Q(pk__in=strong.values("candidate_id"))),
        proposal=_as_flag(Q(pk__in=proposed.values("candidate_id"))),
        placement=_as_flag(Q(pk__in=placed.values("candidate_id"))),
    )


def _rate_rows(grouping: str, groups: list[tuple[Any, str, dict[str, int]]]) -> FairnessGrouping:
    rows: list[FairnessRow] = []
    for key, label, counts in groups:
        candidates = counts.get("candidates", 0)
        row = FairnessRow(grouping=grouping, key=key, label=label, candidates=candidates)
        # Groups under the cell size, and "not recorded", are shown but never rated.
        row.rated = key is not None and candidates >= MIN_CELL_SIZE
        if row.rated:
            row.counts = {rate: counts.get(rate, 0) for rate in FAIRNESS_RATES}
            row.rates = {rate: row.counts[rate] / candidates for rate in FAIRNESS_RATES}
        rows.append(row)
    rated = [row for row in rows if row.rated]
    for rate in FAIRNESS_RATES:
        best = max((row.rates[rate] or 0.0 for row in rated), default=0.0)
        for row in rated:
            value = row.rates[rate]
            row.ratios[rate] = None if best == 0 or value is None else value / best
            ratio = row.ratios[rate]
            if ratio is not None and ratio < FOUR_FIFTHS:
                row.flags.add(rate)
    labels = {
        "gender": _("Gender"),
        "returnee": _("Returnee status"),
        "category": _("Candidate category"),
        "district": _("District"),
    }
    return FairnessGrouping(key=grouping, label=str(labels[grouping]), rows=rows)


def fairness_audit(
    *, district_ids: Iterable[int] | None, reader: Any, language: str
) -> list[FairnessGrouping]:
    """Rates per group and each rate's ratio to the best group's (four-fifths rule).

    match rate: share of the group's candidates with at least one stored match scoring at least
    settings.MATCHING_STRONG_SCORE; proposal rate: with at least one match that reached
    "proposed"; placement rate: with at least one that reached "placed". Over every candidate in
    scope, all time. Programme data (gender, returnee) is read as aggregates only, for reporting.
    """
    candidates = _fairness_candidates(district_ids)
    groupings: list[FairnessGrouping] = []
    for grouping, field_name in (("gender", "gender"), ("returnee", "is_returnee")):
        counted = programme_data_counts_for_report(
            profiles=candidates,
            reader=reader,
            purpose=f"report:fairness-{grouping}",
            group_by=field_name,
            count_flags=FAIRNESS_RATES,
        )
        groups = [
            (value, label, counted[value])
            for value, label in sensitive_group_labels(field_name)
            if value in counted
        ]
        groupings.append(_rate_rows(grouping, groups))
    rate_counts = {rate: Count("pk", filter=Q(**{rate: True})) for rate in FAIRNESS_RATES}
    by_category = {
        row["category"]: row
        for row in candidates.values("category").annotate(candidates=Count("pk"), **rate_counts)
    }
    groupings.append(
        _rate_rows(
            "category",
            [
                (value, str(label), by_category[value])
                for value, label in CandidateProfile.Category.choices
                if value in by_category
            ],
        )
    )
    by_district = {
        row["municipality__district_id"]: row
        for row in candidates.values("municipality__district_id").annotate(
            candidates=Count("pk"), **rate_counts
        )
    }
    names = dict(
        District.objects.filter(pk__in=by_district).values_list("pk", _name_field(language))
    )
    groupings.append(
        _rate_rows(
            "district",
            sorted(
                ((pk, names.get(pk, "?"), row) for pk, row in by_district.items()),
                key=lambda item: item[1],
            ),
        )
    )
    return groupings


def organisation_choices() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")
