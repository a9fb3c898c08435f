"""The fairness audit: rates, ratios to the best group, four-fifths flags, small groups."""

from __future__ import annotations

import csv
import dataclasses
import inspect
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from candidates.models import CandidateProfile
from matching import mappers
from matching.engine import types as engine_types
from matching.models import Match
from reports import selectors
from tests.factories import PlacementFactory, UserFactory
from tests.reports.dashboard_data import candidate

pytestmark = pytest.mark.django_db

SENSITIVE_WORDS = ("gender", "returnee", "vulnerab", "programme_data", "programmedata")


@pytest.fixture(autouse=True)
def english(client) -> Iterator[None]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def group(place: str, size: int, *, strong: int, placed: int, gender: str | None = None) -> None:
    """`size` candidates in `place`; the first `strong` have a strong match, the first `placed`
    were placed (a placed match is also a proposed one)."""
    placement = PlacementFactory.create(slots=50)
    for index in range(size):
        profile = candidate(place=place, gender=gender)
        if index < strong or index < placed:
            Match.objects.create(
                candidate=profile,
                placement=placement,
                score=settings.MATCHING_STRONG_SCORE if index < strong else 0.4,
                status=Match.Status.PLACED if index < placed else Match.Status.SUGGESTED,
            )


@pytest.fixture
def admin() -> User:
    return UserFactory.create(role=User.Role.ADMIN)


@pytest.fixture
def example() -> None:
    group("nis", 10, strong=10, placed=5, gender="female")  # Nišavski: 1.0 / 0.5 / 0.5
    group("pirot", 10, strong=10, placed=3, gender="male")  # Pirotski: 1.0 / 0.3 / 0.3
    group("vranje", 8, strong=4, placed=4, gender="female")  # Pčinjski: 0.5 / 0.5 / 0.5
    group("leskovac", 3, strong=3, placed=3, gender="other")  # Jablanički: too small


def rows_of(groupings: list[selectors.FairnessGrouping], key: str) -> dict[str, Any]:
    grouping = next(item for item in groupings if item.key == key)
    return {row.label: row for row in grouping.rows}


def test_rates_ratios_and_flags_by_district(admin: User, example: None) -> None:
    audit = selectors.fairness_audit(district_ids=None, reader=admin, language="sr-latn")
    rows = rows_of(audit, "district")
    nis, pirot, pcinja = rows["Nišavski okrug"], rows["Pirotski okrug"], rows["Pčinjski okrug"]
    assert nis.rates == {"match": 1.0, "proposal": 0.5, "placement": 0.5}
    assert pirot.ratios["placement"] == pytest.approx(0.6)
    assert pirot.flags == {"proposal", "placement"}
    assert pcinja.ratios == {"match": 0.5, "proposal": 1.0, "placement": 1.0}
    assert pcinja.flags == {"match"}
    assert nis.flags == set() and not nis.flagged


def test_groups_under_five_are_not_rated(admin: User, example: None) -> None:
    audit = selectors.fairness_audit(district_ids=None, reader=admin, language="sr-latn")
    small = rows_of(audit, "district")["Jablanički okrug"]
    assert small.too_small and not small.rated
    assert small.rates == {} and small.flags == set()
    # Its 100 % placement rate does not become the best group's rate either.
    assert rows_of(audit, "district")["Nišavski okrug"].ratios["placement"] == 1.0


def test_gender_rates_come_from_aggregates(admin: User, example: None) -> None:
    audit = selectors.fairness_audit(district_ids=None, reader=admin, language="en")
    rows = rows_of(audit, "gender")
    assert rows["Female"].candidates == 18
    assert rows["Female"].rates["placement"] == pytest.approx(9 / 18)
    assert rows["Male"].ratios["placement"] == pytest.approx(0.6)
    assert "placement" in rows["Male"].flags
    assert rows["Other"].too_small


def test_page_labels_flags_in_words(client, admin: User, example: None) -> None:
    client.force_login(admin)
    html = client.get(reverse("reports:fairness")).content.decode()
    pirot = re.search(
        r'<tr class="flagged" data-group="\d+">\s*<th scope="row">Pirotski okrug', html
    )
    assert pirot is not None
    assert "Below four fifths" in html
    assert "fewer than 5" in html


def test_csv_export(client, admin: User, example: None) -> None:
    client.force_login(admin)
    response = client.get(reverse("reports:fairness-export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = response.content.decode("utf-8-sig")
    table = list(csv.DictReader(io.StringIO(content), delimiter=";"))
    by_group = {(row["grouping"], row["group"]): row for row in table}
    pirot = by_group[("district", "Pirotski okrug")]
    assert pirot["candidates"] == "10"
    assert pirot["placement_rate"] == "0.300"
    assert pirot["placement_ratio_to_best"] == "0.600"
    assert pirot["flagged"] == "yes"
    assert pirot["flagged_rates"] == "proposal placement"
    assert by_group[("district", "Nišavski okrug")]["flagged"] == "no"
    small = by_group[("district", "Jablanički okrug")]
    assert small["candidates"] == "fewer than 5"
    assert small["placement_rate"] == "" and small["flagged"] == ""
    assert {row["grouping"] for row in table} == {"gender", "returnee", "category", "district"}


def test_coordinator_audit_covers_only_their_districts(client, example: None) -> None:
    from tests.reports.dashboard_data import coordinator, organisation

    user = coordinator(organisation("ENECA", "RS-20"))
    client.force_login(user)
    table = client.get(reverse("reports:fairness-export")).content.decode()
    assert "Nišavski okrug" in table
    assert "Pirotski okrug" not in table


def test_matching_inputs_carry_no_group_data() -> None:
    """Group data is for reporting only: the engine's inputs and the mappers never see it."""
    for cls in (engine_types.Candidate, engine_types.Placement):
        names = [field.name.lower() for field in dataclasses.fields(cls)]
        assert not [name for name in names if any(word in name for word in SENSITIVE_WORDS)]
    source = inspect.getsource(mappers).lower()
    assert not [word for word in SENSITIVE_WORDS if word in source]
    profile_fields = [field.name for field in CandidateProfile._meta.concrete_fields]
    assert not [name for name in profile_fields if any(w in name for w in SENSITIVE_WORDS)]


def test_the_dashboard_lists_only_the_flagged_groups(client, admin: User, example: None) -> None:
    client.force_login(admin)
    dashboard = client.get(reverse("reports:dashboard")).content.decode()
    assert reverse("reports:fairness-flags") in dashboard  # loaded by htmx after the page
    flags = client.get(reverse("reports:fairness-flags")).content.decode()
    items = re.findall(r"<li>(.*?)</li>", flags, re.S)
    assert any("Pirotski okrug" in item and "Proposal rate" in item for item in items)
    assert any("Pčinjski okrug" in item and "Strong match rate" in item for item in items)
    assert not any("Nišavski okrug" in item or "Jablanički" in item for item in items)


def test_the_dashboard_says_when_no_group_is_flagged(client, admin: User) -> None:
    group("nis", 10, strong=10, placed=5)
    group("pirot", 10, strong=10, placed=5)
    client.force_login(admin)
    flags = client.get(reverse("reports:fairness-flags")).content.decode()
    assert "No group is below four fifths" in flags and "<li>" not in flags
