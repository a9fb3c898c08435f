"""Labour-market insight: selector counts, scope, filters and the anonymised page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from companies.models import Placement
from reference.models import District, Municipality, Skill, SkillGroup
from reports.disclosure import SUPPRESSED
from reports.insights import (
    InsightFilters,
    area_overview,
    candidates_by_category_and_education,
    insight_report,
    placements_by_sector,
    skill_demand_supply,
)
from tests.reports.insights_data import PYTHON, RASPBERRY, Market, build_market

pytestmark = pytest.mark.django_db


@pytest.fixture
def market() -> Market:
    return build_market()


def client_for(user: User, language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def _district(code: str) -> District:
    return District.objects.get(code=code)


def _by_key(rows: list, key: int) -> tuple[int, int]:
    row = next(row for row in rows if row.key == key)
    return row.demand, row.supply


def test_demand_and_supply_per_skill_and_district(market: Market) -> None:
    result = {
        item.district_id: item
        for item in skill_demand_supply(user=market.admin, filters=InsightFilters())
    }
    nisava, pcinja = result[_district("RS-20").pk], result[_district("RS-24").pk]
    python, raspberry = Skill.objects.get(code=PYTHON), Skill.objects.get(code=RASPBERRY)

    # Open + filled placements that *require* the skill; drafts and "preferred" do not count.
    assert _by_key(nisava.skills, python.pk) == (12, 5)
    assert _by_key(nisava.skills, raspberry.pk) == (1, 2)
    assert (nisava.placements, nisava.candidates) == (14, 6)
    assert _by_key(pcinja.skills, python.pk) == (1, 2)
    assert (pcinja.placements, pcinja.candidates) == (1, 2)
    # Skill groups: distinct placements / people per group.
    it_group, agri = SkillGroup.objects.get(code="it"), SkillGroup.objects.get(code="agri")
    assert _by_key(nisava.groups, it_group.pk) == (12, 5)
    assert _by_key(nisava.groups, agri.pk) == (1, 2)


def test_a_coordinator_sees_only_their_districts(market: Market) -> None:
    result = skill_demand_supply(user=market.coordinator, filters=InsightFilters())
    assert [item.district_id for item in result] == [_district("RS-20").pk]
    other = skill_demand_supply(user=market.other_coordinator, filters=InsightFilters())
    assert [item.district_id for item in other] == [_district("RS-24").pk]
    # Filtering on a district outside the scope yields nothing rather than leaking it.
    outside = InsightFilters(district_id=_district("RS-24").pk)
    assert skill_demand_supply(user=market.coordinator, filters=outside) == []


def test_municipality_and_period_filters(market: Market) -> None:
    aleksinac = Municipality.objects.get(code="aleksinac")
    result = skill_demand_supply(
        user=market.coordinator, filters=InsightFilters(municipality_id=aleksinac.pk)
    )
    assert len(result) == 1
    assert (result[0].placements, result[0].candidates) == (1, 1)

    Placement.objects.filter(pk__in=[p.pk for p in market.python_placements]).update(
        created_at=dt.datetime(2020, 5, 1, tzinfo=dt.UTC)
    )
    recent = InsightFilters(date_from=dt.date(2024, 1, 1))
    (nisava,) = skill_demand_supply(user=market.coordinator, filters=recent)
    python = Skill.objects.get(code=PYTHON)
    assert _by_key(nisava.skills, python.pk) == (0, 5)
    old = InsightFilters(date_to=dt.date(2020, 12, 31))
    (nisava,) = skill_demand_supply(user=market.coordinator, filters=old)
    assert nisava.placements == 12
    assert nisava.candidates == 0


def test_area_sector_and_category_counts(market: Market) -> None:
    level, areas = area_overview(user=market.admin, filters=InsightFilters())
    assert level == "district"
    assert {(a.area_id, a.candidates, a.placements) for a in areas} == {
        (_district("RS-20").pk, 6, 14),
        (_district("RS-24").pk, 2, 1),
    }
    level, areas = area_overview(
        user=market.coordinator, filters=InsightFilters(district_id=_district("RS-20").pk)
    )
    assert level == "municipality"
    assert {(a.area_id, a.candidates, a.placements) for a in areas} == {
        (Municipality.objects.get(code="nis").pk, 5, 13),
        (Municipality.objects.get(code="aleksinac").pk, 1, 1),
    }
    assert placements_by_sector(user=market.coordinator, filters=InsightFilters()) == {
        "J": {"internship": 13},
        "A": {"job": 1},
    }
    assert candidates_by_category_and_education(
        user=market.coordinator, filters=InsightFilters()
    ) == {"graduate": {"higher": 6}}


def test_report_tables_are_anonymised(market: Market) -> None:
    report = insight_report(user=market.coordinator, filters=InsightFilters(), language="en")
    (section,) = report.districts
    rows = {row[0]: list(row[1:]) for row in section.skills.rows}
    assert rows["Python (computer programming)"] == [12, 5, 7, pytest.approx(2.4)]
    assert rows["raspberry growing"] == [SUPPRESSED] * 4
    assert (section.candidates, section.placements) == (6, 14)
    # Admin: Pčinjski has 2 candidates and 1 placement, so Nišavski's figures are hidden too
    # (otherwise the shown total minus Nišavski would give Pčinjski's).
    admin = insight_report(user=market.admin, filters=InsightFilters(), language="en")
    assert [row[1:] for row in admin.overview.rows] == [
        [SUPPRESSED, SUPPRESSED],
        [SUPPRESSED, SUPPRESSED],
        [8, 15],
    ]
    nisava = next(s for s in admin.districts if s.district.code == "RS-20")
    assert (nisava.candidates, nisava.placements) == (SUPPRESSED, SUPPRESSED)


def _num_cells(html: str) -> list[str]:
    return re.findall(r'<td class="num">(.*?)</td>', html, flags=re.S)


def test_page_shows_suppressed_cells_as_less_than_five(market: Market) -> None:
    response = client_for(market.coordinator).get(reverse("insights:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nišavski okrug" in html
    assert "Pčinjski okrug" not in html
    assert "&lt;5</abbr>" in html
    assert 'id="suppression-legend"' in html
    cells = _num_cells(html)
    assert cells, "the page has number cells"
    # No published figure on the page is a count from 1 to 4.
    for cell in cells:
        text = re.sub(r"<[^>]+>", "", cell).strip()
        assert text not in {"1", "2", "3", "4"}, cell
    assert '<td class="num">12</td><td class="num">5</td><td class="num">7</td>' in html
    assert "<svg" in html  # the demand chart, with its table below


def test_page_in_cyrillic_names_districts_and_skills_in_cyrillic(market: Market) -> None:
    response = client_for(market.coordinator, "sr").get(reverse("insights:index"))
    html = response.content.decode()
    assert "Нишавски округ" in html
    assert "гајење малина" in html


def test_page_filters_by_municipality(market: Market) -> None:
    aleksinac = Municipality.objects.get(code="aleksinac")
    response = client_for(market.coordinator).get(
        reverse("insights:index"), {"municipality": aleksinac.pk}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skills in demand and held – Aleksinac" in html


def test_a_municipality_outside_the_scope_is_refused_with_a_message(market: Market) -> None:
    vranje = Municipality.objects.get(code="vranje")
    response = client_for(market.coordinator).get(
        reverse("insights:index"), {"municipality": vranje.pk}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert "Skills in demand and held" not in html


def test_period_end_before_start_is_refused(market: Market) -> None:
    response = client_for(market.coordinator).get(
        reverse("insights:index"), {"date_from": "2025-05-01", "date_to": "2025-01-01"}
    )
    assert "The end of the period is before its start." in response.content.decode()


@pytest.mark.parametrize("role_user", ["candidate_user", "company_user"])
def test_other_roles_get_403(market: Market, role_user: str) -> None:
    client = client_for(getattr(market, role_user))
    assert client.get(reverse("insights:index")).status_code == 403
    assert client.get(reverse("insights:export"), {"format": "csv"}).status_code == 403


def test_anonymous_visitors_go_to_the_login_page(market: Market) -> None:
    response = Client().get(reverse("insights:index"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_coordinator_menu_links_to_the_page(market: Market) -> None:
    response = client_for(market.coordinator).get(reverse("insights:index"))
    assert f'href="{reverse("insights:index")}"' in response.content.decode()
    assert "Labour market" in response.content.decode()


def test_the_dashboard_shows_the_skills_gap_of_all_the_coordinators_districts(
    market: Market,
) -> None:
    from reports.disclosure import Suppressed
    from reports.insights import skills_gap_overall

    table = skills_gap_overall(user=market.coordinator, filters=InsightFilters(), language="en")
    assert table.rows, "the fixture has placements requiring skills"
    for row in table.rows:
        for cell in row[1:3]:
            assert isinstance(cell, Suppressed) or not 1 <= int(str(cell)) <= 4
    html = client_for(market.coordinator).get("/coordinator/reports/").content.decode()
    assert 'id="skills-gap-heading"' in html
    assert str(table.rows[0][0]) in html
