"""The public page that lists open placements."""

from __future__ import annotations

import pytest
from django.test import Client

from companies.models import Placement
from tests.factories import PlacementFactory, municipality

pytestmark = pytest.mark.django_db


def test_only_open_placements_are_listed_and_filters_apply() -> None:
    PlacementFactory.create(title="Praksa u Nišu")
    PlacementFactory.create(
        title="Posao u Pirotu", kind=Placement.Kind.JOB, municipality=municipality("pirot")
    )
    PlacementFactory.create(title="Nacrt oglasa", status=Placement.Status.DRAFT)
    page = Client().get("/").content.decode()
    assert "Praksa u Nišu" in page and "Posao u Pirotu" in page
    assert "Nacrt oglasa" not in page
    filtered = Client().get("/", {"district": "RS-22"}).content.decode()
    assert "Posao u Pirotu" in filtered and "Praksa u Nišu" not in filtered
    by_kind = Client().get("/", {"kind": "job"}).content.decode()
    assert "Posao u Pirotu" in by_kind and "Praksa u Nišu" not in by_kind


def test_the_cyrillic_page_shows_place_names_in_cyrillic() -> None:
    PlacementFactory.create(title="Praksa", municipality=municipality("pirot"))
    client = Client()
    client.cookies["django_language"] = "sr"
    page = client.get("/").content.decode()
    assert "Пирот" in page
    assert 'lang="sr-Cyrl"' in page


def test_the_health_check_answers() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"]["ok"] is True
