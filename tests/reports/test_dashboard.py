"""The programme dashboard: numbers on a known programme, scope, access, charts with tables."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from candidates.models import SensitiveDataAccess
from candidates.selectors import programme_data_counts_for_report
from core.exceptions import PermissionDeniedError
from reports import selectors
from reports.models import ProgrammeTarget
from tests.factories import CandidateProfileFactory, CompanyFactory, UserFactory
from tests.reports.dashboard_data import PERIOD, World, build_world

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


@pytest.fixture(autouse=True)
def english(client) -> Iterator[None]:
    """Labels in English (the default language is Serbian), for selectors and pages alike."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def world() -> World:
    return build_world()


def eneca_scope(world: World) -> selectors.ReportScope:
    return selectors.report_scope(
        user=world.eneca_coordinator, organisation=world.eneca, start=START, end=END
    )


def counts(rows: list[selectors.BreakdownRow]) -> dict[str, tuple[int, int, int]]:
    return {
        row.label: (row.counts["reached"], row.counts["trained"], row.counts["placed"])
        for row in rows
    }


def test_progress_counts_reached_trained_and_placed_people(world: World) -> None:
    rows = {row.indicator: row for row in selectors.progress_rows(eneca_scope(world))}
    assert rows["reached"].achieved == 11
    assert rows["training"].achieved == 6
    assert rows["internships"].achieved == 2
    assert all(row.target is None for row in rows.values())


def test_progress_uses_the_targets_own_period_and_computes_the_percentage(world: World) -> None:
    ProgrammeTarget.objects.create(
        organisation=world.eneca,
        period_start=dt.date(2025, 3, 1),
        period_end=dt.date(2025, 3, 31),
        indicator="reached",
        value=44,
    )
    rows = {row.indicator: row for row in selectors.progress_rows(eneca_scope(world))}
    assert rows["reached"].target == 44
    assert rows["reached"].achieved == 11
    assert rows["reached"].percent == pytest.approx(25.0)


def test_breakdown_by_district_municipality_and_category(world: World) -> None:
    scope = eneca_scope(world)
    assert counts(selectors.breakdown_by_place(scope, level="district", language="sr-latn")) == {
        "Nišavski okrug": (11, 6, 2)
    }
    assert counts(
        selectors.breakdown_by_place(scope, level="municipality", language="sr-latn")
    ) == {"Niš": (6, 1, 2), "Aleksinac": (5, 5, 0)}
    assert counts(selectors.breakdown_by_place(scope, level="municipality", language="sr")) == {
        "Ниш": (6, 1, 2),
        "Алексинац": (5, 5, 0),
    }
    assert counts(selectors.breakdown_by_category(scope)) == {
        "Graduate": (6, 0, 2),
        "Trained beneficiary": (5, 5, 0),
        "Other jobseeker": (0, 1, 0),
    }


def test_gender_and_returnee_counts_are_exact_aggregates(world: World) -> None:
    profiles = selectors._outcome_candidates(eneca_scope(world))
    by_gender = programme_data_counts_for_report(
        profiles=profiles,
        reader=world.eneca_coordinator,
        purpose="report:test",
        group_by="gender",
        count_flags=selectors.OUTCOME_FLAGS,
    )
    assert by_gender == {
        "female": {"candidates": 6, "reached": 6, "trained": 0, "placed": 2},
        "male": {"candidates": 5, "reached": 5, "trained": 5, "placed": 0},
        None: {"candidates": 2, "reached": 0, "trained": 1, "placed": 0},
    }
    by_returnee = programme_data_counts_for_report(
        profiles=profiles,
        reader=world.eneca_coordinator,
        purpose="report:test",
        group_by="is_returnee",
        count_flags=("placed",),
    )
    assert by_returnee == {
        True: {"candidates": 6, "placed": 2},
        False: {"candidates": 5, "placed": 0},
        None: {"candidates": 2, "placed": 0},
    }


def test_aggregate_read_is_logged_once_without_a_candidate(world: World) -> None:
    before = SensitiveDataAccess.objects.count()
    selectors.breakdown_sensitive(
        eneca_scope(world), group_by="gender", reader=world.eneca_coordinator
    )
    rows = list(
        SensitiveDataAccess.objects.order_by("-id")[: SensitiveDataAccess.objects.count() - before]
    )
    assert len(rows) == 1
    assert rows[0].candidate_id is None
    assert rows[0].reader == world.eneca_coordinator
    assert rows[0].fields == ["aggregate:gender"]
    assert rows[0].purpose == "report:dashboard-gender"


def test_aggregate_read_outside_the_readers_districts_is_refused_and_logged(
    world: World,
) -> None:
    with pytest.raises(PermissionDeniedError):
        programme_data_counts_for_report(
            profiles=selectors.candidates_in_scope(None),
            reader=world.eneca_coordinator,
            purpose="report:test",
            group_by="gender",
        )
    last = SensitiveDataAccess.objects.order_by("-id").first()
    assert last is not None and last.outcome == SensitiveDataAccess.Outcome.DENIED


def test_gender_table_suppresses_small_cells(world: World) -> None:
    breakdown = selectors.breakdown_sensitive(
        eneca_scope(world), group_by="gender", reader=world.eneca_coordinator
    )
    rows = dict(breakdown.rows)
    assert rows["Female"][0] == 6
    assert rows["Female"][2].is_suppressed  # 2 placed women: fewer than 5
    assert rows["Male"][:2] == (5, 5)


def test_funnel_counts_and_median_days_per_stage(world: World) -> None:
    rows = {row.key: row for row in selectors.funnel(eneca_scope(world))}
    assert {key: row.count for key, row in rows.items()} == {
        "suggested": 11,
        "proposed": 4,
        "accepted": 3,
        "placed": 2,
        "completed": 1,
    }
    assert rows["suggested"].median == dt.timedelta(days=5)
    assert rows["proposed"].median == dt.timedelta(days=3)
    assert rows["accepted"].median == dt.timedelta(days=15)
    assert rows["placed"].median == dt.timedelta(days=30)
    assert rows["completed"].median is None
    assert rows["proposed"].share_of_previous == pytest.approx(4 / 11)


def test_outcomes_per_month(world: World) -> None:
    series = selectors.outcomes_per_month(eneca_scope(world))
    assert len(series["reached"]) == 12
    assert dict(series["reached"])[dt.date(2025, 3, 1)] == 11
    assert dict(series["trained"])[dt.date(2025, 5, 1)] == 5
    assert dict(series["trained"])[dt.date(2025, 6, 1)] == 1
    assert dict(series["placed"])[dt.date(2025, 4, 1)] == 2
    assert sum(count for _month, count in series["placed"]) == 2


def test_coordinator_sees_only_their_districts(world: World) -> None:
    nexus = selectors.report_scope(
        user=world.nexus_coordinator, organisation=world.nexus, start=START, end=END
    )
    assert counts(selectors.breakdown_by_place(nexus, level="district", language="sr-latn")) == {
        "Pčinjski okrug": (3, 0, 0)
    }
    # A coordinator cannot widen the scope by naming another organisation.
    widened = selectors.report_scope(
        user=world.nexus_coordinator, organisation=world.eneca, start=START, end=END
    )
    assert widened.district_ids == nexus.district_ids


def test_dashboard_page_shows_the_coordinators_numbers_only(client, world: World) -> None:
    client.force_login(world.eneca_coordinator)
    response = client.get(reverse("reports:dashboard"), PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nišavski okrug" in html
    assert "Pčinjski okrug" not in html
    assert "Aleksinac" in html and "Vranje" not in html
    funnel = re.search(r'<table id="table-funnel">.*?</table>', html, re.S)
    assert funnel is not None
    assert re.search(r'data-stage="suggested">.*?<td class="num">11</td>', funnel.group(0), re.S)
    assert "No follow-up data yet" in html or 'id="table-retention"' in html


def test_admin_may_filter_by_organisation(client, world: World) -> None:
    admin = UserFactory.create(role=User.Role.ADMIN)
    client.force_login(admin)
    everything = client.get(reverse("reports:dashboard"), PERIOD).content.decode()
    assert "Nišavski okrug" in everything and "Pčinjski okrug" in everything
    only_nexus = client.get(
        reverse("reports:dashboard"), {**PERIOD, "organisation": world.nexus.pk}
    ).content.decode()
    assert "Pčinjski okrug" in only_nexus and "Nišavski okrug" not in only_nexus


def test_every_chart_is_valid_svg_followed_by_its_table(client, world: World) -> None:
    client.force_login(world.eneca_coordinator)
    html = client.get(reverse("reports:dashboard"), PERIOD).content.decode()
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(svgs) >= 4
    for svg in svgs:
        root = ET.fromstring(svg)  # noqa: S314 - our own page
        assert root.get("role") == "img"
    pieces = html.split("<svg")[1:]
    for piece in pieces:
        after = piece.split("</svg>", 1)[1]
        next_svg = after.find("<svg")
        next_table = after.find("<table")
        assert next_table != -1
        assert next_svg == -1 or next_table < next_svg
    assert html.count("<caption>") >= len(svgs)


@pytest.mark.parametrize("role", [User.Role.CANDIDATE, User.Role.COMPANY])
@pytest.mark.parametrize(
    "name", ["reports:dashboard", "reports:fairness", "reports:fairness-export"]
)
def test_candidates_and_companies_are_refused(client, role: str, name: str) -> None:
    if role == User.Role.CANDIDATE:
        user = CandidateProfileFactory.create().user
    else:
        CompanyFactory.create()
        user = UserFactory.create(role=User.Role.COMPANY)
    client.force_login(user)
    assert client.get(reverse(name)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client) -> None:
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_recorded_follow_up_outcomes_feed_retention_and_the_employment_target(
    client, world: World
) -> None:
    from followup.models import OutcomeCheck
    from matching.models import Match

    placed = list(
        Match.objects.filter(
            candidate__in=world.graduates, status__in=[Match.Status.PLACED, Match.Status.COMPLETED]
        )
    )
    assert len(placed) == 2
    recorded_at = dt.datetime(2025, 10, 1, 12, tzinfo=dt.UTC)
    outcomes = [OutcomeCheck.Outcome.EMPLOYED_SAME, OutcomeCheck.Outcome.UNEMPLOYED]
    for match, outcome in zip(placed, outcomes, strict=True):
        OutcomeCheck.objects.update_or_create(
            match=match,
            months=3,
            defaults={
                "due_date": dt.date(2025, 9, 30),
                "status": OutcomeCheck.Status.RECORDED,
                "outcome": outcome,
                "recorded_at": recorded_at,
            },
        )
    ProgrammeTarget.objects.create(
        organisation=world.eneca,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        indicator=ProgrammeTarget.Indicator.EMPLOYMENT,
        value=4,
    )
    client.force_login(world.eneca_coordinator)
    html = client.get(reverse("reports:dashboard"), PERIOD).content.decode()
    retention = re.search(r'<table id="table-retention">.*?</table>', html, re.S)
    assert retention is not None
    three_months = re.search(r"3 months</th>(.*?)</tr>", retention.group(0), re.S)
    assert three_months is not None
    cells = re.findall(r'<td class="num">([^<]*)</td>', three_months.group(1))
    assert cells[:3] == ["2", "2", "1"] and cells[3].startswith("50")
    assert (
        selectors.indicator_achieved(
            ProgrammeTarget.Indicator.EMPLOYMENT,
            district_ids=None,
            start=dt.date(2025, 1, 1),
            end=dt.date(2025, 12, 31),
        )
        == 1
    )
