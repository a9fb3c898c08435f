"""Reference data endpoints of API v1."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_districts_are_listed_with_both_scripts() -> None:
    response = APIClient().get("/api/v1/districts/")
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 25
    assert {
        "code": "RS-20",
        "name_latn": "Nišavski okrug",
        "name_cyrl": "Нишавски округ",
        "seat_latn": "Niš",
    } in body


@pytest.mark.parametrize("query", ["Вла", "vla", "Vlá"])
def test_municipality_search_ignores_script_and_diacritics(query: str) -> None:
    response = APIClient().get("/api/v1/municipalities/", {"q": query})
    names = {row["name_latn"] for row in response.json()}
    assert {"Vladičin Han", "Vlasotince"} <= names
    assert all(name.startswith("Vla") for name in names)


def test_municipalities_filter_by_district() -> None:
    response = APIClient().get("/api/v1/municipalities/", {"district": "RS-22"})
    assert {row["name_latn"] for row in response.json()} == {
        "Pirot",
        "Dimitrovgrad",
        "Babušnica",
        "Bela Palanka",
    }


def test_an_unknown_route_uses_the_error_format() -> None:
    response = APIClient().get("/api/v1/municipalities/", {"district": "RS-20"}, format="json")
    assert response.status_code == 200
    response = APIClient().post("/api/v1/districts/", {})
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"
