"""The demo programme in motion: targets, workflow stories, follow-up outcomes, demo logins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from companies.models import Placement
from demo import data
from demo.seed import SeedReport, seed_demo_programme
from followup.models import OutcomeCheck
from matching import workflow
from matching.models import Match, MatchTransition
from reports import selectors as report_selectors
from reports.models import ProgrammeTarget
from tests.module_data import module_transaction

# Big enough that every story, kandidat001's offer and firma01's proposal appear.
SIZE = {"candidates": 80, "companies": 10, "placements": 24}


def _seed() -> SeedReport:
    return seed_demo_programme(
        candidates=SIZE["candidates"],
        companies=SIZE["companies"],
        placements=SIZE["placements"],
        workflow=True,
    )


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[SeedReport]:
    """The programme seeded once for this module (tests.module_data.module_transaction);
    each test's writes roll back. Runs that need an empty database: test_seed_demo_runs.py."""
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            report = _seed()
        yield report


def _year_scope() -> report_selectors.ReportScope:
    today = timezone.localdate()
    return report_selectors.ReportScope(
        district_ids=None,
        organisation=None,
        start=today - dt.timedelta(days=365),
        end=today,
    )


def _state() -> tuple[list[Any], ...]:
    return (
        list(Match.objects.order_by("pk").values_list("pk", "status", "status_changed_at")),
        list(
            MatchTransition.objects.order_by("pk").values_list(
                "match_id", "transition", "actor__username", "reason", "created_at"
            )
        ),
        list(
            OutcomeCheck.objects.order_by("pk").values_list(
                "match_id", "months", "due_date", "status", "outcome", "recorded_at"
            )
        ),
        list(
            ProgrammeTarget.objects.order_by("pk").values_list(
                "organisation__short_name", "indicator", "value", "updated_at"
            )
        ),
        list(Placement.objects.order_by("pk").values_list("status", "start_date")),
    )


@pytest.mark.django_db
def test_the_dashboard_funnel_shows_every_stage_with_time_in_stage(seeded: SeedReport) -> None:
    report = seeded

    rows = {row.key: row for row in report_selectors.funnel(_year_scope())}
    assert rows["proposed"].count > 0
    assert rows["accepted"].count > 0
    assert rows["placed"].count > 0
    assert rows["completed"].count > 0
    assert rows["proposed"].count > rows["accepted"].count > rows["placed"].count
    assert rows["proposed"].median is not None and rows["proposed"].median.days >= 1
    assert rows["placed"].median is not None and rows["placed"].median.days >= 80
    placed_per_month = report_selectors.outcomes_per_month(_year_scope())["placed"]
    assert sum(1 for _month, count in placed_per_month if count) >= 2  # spread over months
    statuses = set(Match.objects.values_list("status", flat=True))
    for status in ("shortlisted", "proposed", "company_declined", "company_accepted"):
        assert status in statuses
    for status in ("candidate_declined", "placed", "completed", "ended_early"):
        assert status in statuses
    assert report.created["worked matches"] == Match.objects.exclude(status="suggested").count()


@pytest.mark.django_db
def test_every_worked_match_went_through_the_workflow_in_order_and_in_the_past(
    seeded: SeedReport,
) -> None:
    now = timezone.now()

    worked = Match.objects.exclude(status="suggested").prefetch_related("transitions")
    assert worked.exists()
    for match in worked:
        steps = sorted(match.transitions.all(), key=lambda record: record.pk)
        assert steps[0].from_status == "suggested"
        assert steps[-1].to_status == match.status
        for before, after in zip(steps, steps[1:], strict=False):
            assert before.to_status == after.from_status
            assert before.created_at < after.created_at
        assert match.created_at < steps[0].created_at < now
        assert match.status_changed_at == steps[-1].created_at
        for record in steps:
            rule = workflow.get_transition(record.transition)
            assert record.actor_role in rule.roles, record
            assert record.reason or not rule.needs_reason


@pytest.mark.django_db
def test_placements_hold_no_more_interns_than_slots_and_full_ones_are_filled(
    seeded: SeedReport,
) -> None:

    assert Placement.objects.filter(status=Placement.Status.FILLED, matches__status="placed")
    for placement in Placement.objects.filter(status__in=["open", "filled"]):
        held = placement.matches.filter(status__in=workflow.SLOT_HOLDING_STATUSES).count()
        assert held <= placement.slots
        if held:
            assert (placement.status == "filled") == (held == placement.slots)
        placed = placement.matches.filter(status__in=["placed", "completed", "ended_early"])
        if placed.exists():
            assert placement.start_date is not None
            assert placement.start_date <= timezone.localdate()
    # A candidate holds at most one slot.
    holders = Match.objects.filter(status__in=workflow.SLOT_HOLDING_STATUSES)
    assert holders.count() == holders.values("candidate").distinct().count()


@pytest.mark.django_db
def test_targets_are_set_for_the_programme_and_each_organisation_this_year(
    seeded: SeedReport,
) -> None:
    year = timezone.localdate().year

    targets = ProgrammeTarget.objects.filter(
        period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31)
    )
    programme = dict(targets.filter(organisation__isnull=True).values_list("indicator", "value"))
    assert programme == {"internships": 100, "employment": 150, "training": 660, "reached": 2400}
    for spec in data.ORGANISATIONS:
        mine = targets.filter(organisation__short_name=spec.short_name)
        assert set(mine.values_list("indicator", flat=True)) == set(programme)
    care = dict(targets.filter(organisation__short_name="CARE").values_list("indicator", "value"))
    assert care["internships"] == 40
    scope = report_selectors.ReportScope(
        district_ids=None, organisation=None, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31)
    )
    rows = {row.indicator: row for row in report_selectors.progress_rows(scope)}
    assert rows["internships"].target == 100
    assert rows["internships"].achieved


@pytest.mark.django_db
def test_placed_matches_have_outcome_checks_some_recorded_and_some_left_due(
    seeded: SeedReport,
) -> None:
    today = timezone.localdate()

    placed = Match.objects.filter(status__in=["placed", "completed", "ended_early"])
    assert placed.exists()
    for match in placed:
        assert set(match.outcome_checks.values_list("months", flat=True)) >= {3, 6, 12}
    completion = OutcomeCheck.objects.filter(months=0, match__status="completed")
    assert completion.exists()
    assert set(completion.values_list("outcome", flat=True)) == {"completed"}
    assert set(
        OutcomeCheck.objects.filter(months=0, match__status="ended_early").values_list(
            "outcome", flat=True
        )
    ) == {"ended_early"}
    employment = OutcomeCheck.objects.filter(months__gt=0)
    recorded = employment.exclude(status="due")
    assert recorded.exists()
    assert all((check.status == "unreachable") == (check.outcome == "") for check in recorded)
    assert employment.filter(status="due", due_date__lte=today).exists()  # work for the page
    assert employment.filter(status="due", due_date__gt=today).exists()
    for check in OutcomeCheck.objects.exclude(status="due"):
        assert check.recorded_at is not None
        assert check.recorded_at <= timezone.now()
        if check.months:
            assert timezone.localdate(check.recorded_at) >= check.due_date
            assert check.recorded_by is not None
            assert check.recorded_by.role == User.Role.COORDINATOR


@pytest.mark.django_db
def test_the_demo_logins_have_an_offer_and_a_proposal_waiting_for_them(
    seeded: SeedReport,
) -> None:

    # kandidat001 gets the first offer whenever they have a suggestion (true in the full demo;
    # this small programme gives them none), so the page check uses the first offer made.
    offer = (
        Match.objects.filter(status=Match.Status.COMPANY_ACCEPTED)
        .select_related("candidate__user")
        .order_by("candidate__user__username")
        .first()
    )
    assert offer is not None
    proposal = (
        Match.objects.filter(status=Match.Status.PROPOSED)
        .select_related("placement__company")
        .order_by("placement__company__pib", "pk")
        .first()
    )
    assert proposal is not None

    client = Client()
    client.force_login(offer.candidate.user)
    page = client.get(reverse("candidate:match-detail", args=[offer.pk]))
    assert page.status_code == 200
    assert "candidate_accept" in page.content.decode()

    client.force_login(proposal.placement.company.memberships.get(role="owner").user)
    page = client.get(reverse("company:proposals"))
    assert page.status_code == 200
    assert proposal.placement.title in page.content.decode()


@pytest.mark.django_db
def test_the_coordinator_pages_show_the_funnel_and_the_follow_up_work(
    seeded: SeedReport,
) -> None:
    client = Client()
    client.force_login(User.objects.get(username=data.ADMIN_USERNAME))

    dashboard = client.get(reverse("reports:dashboard"))
    followup = client.get(reverse("followup:index"))

    assert dashboard.status_code == 200
    assert followup.status_code == 200
    funnel_rows = {row.key: row.count for row in dashboard.context["funnel"]}
    assert funnel_rows["placed"] > 0
    due = OutcomeCheck.objects.filter(status="due", due_date__lte=timezone.localdate()).first()
    assert due is not None
    assert due.match.candidate.user.last_name in followup.content.decode()


@pytest.mark.django_db
def test_running_the_seed_again_changes_nothing(seeded: SeedReport) -> None:
    before = _state()

    again = _seed()

    assert again.total_created == 0
    assert again.existing["targets"] == 16
    assert again.existing["matches in motion"] > 0
    assert _state() == before
