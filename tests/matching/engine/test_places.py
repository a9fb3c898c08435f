"""Tests for matching.engine.places: the gazetteer, name lookup and great-circle distances."""

from __future__ import annotations

import math

import numpy as np
import pytest

from matching.engine.places import (
    EARTH_RADIUS_KM,
    REGIONAL_CENTRES,
    Gazetteer,
    haversine_km,
    haversine_matrix_km,
)
from matching.engine.types import Place


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.default()


def test_default_gazetteer_has_the_145_municipalities(gazetteer: Gazetteer) -> None:
    assert len(gazetteer) == 145
    assert len(gazetteer.places) == 145
    assert len({place.code for place in gazetteer.places}) == 145


def test_default_gazetteer_is_cached(gazetteer: Gazetteer) -> None:
    assert Gazetteer.default() is gazetteer


@pytest.mark.parametrize(
    "spelling", ["Niš", "NIŠ", "Nis", "nis", "Ниш", "НИШ", "grad Niš", "Grad Nis", "  Niš "]
)
def test_find_accepts_any_script_case_and_diacritics(gazetteer: Gazetteer, spelling: str) -> None:
    place = gazetteer.find(spelling)
    assert place is not None
    assert place.code == "nis"


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("opština Bujanovac", "bujanovac"),
        ("Опш­тина Бујановац".replace("\xad", ""), "bujanovac"),
        ("Soko Banja", "sokobanja"),
        ("novi sad", "novi-sad"),
        ("Нови Сад", "novi-sad"),
        ("Vladičin Han", "vladicin-han"),
        ("vladicin-han", "vladicin-han"),
        ("Crna Trava", "crna-trava"),
    ],
)
def test_find_by_other_spellings_and_code(gazetteer: Gazetteer, spelling: str, code: str) -> None:
    place = gazetteer.find(spelling)
    assert place is not None
    assert place.code == code


@pytest.mark.parametrize("spelling", ["", "Atlantis", "Pristina", "grad"])
def test_find_returns_none_for_unknown_names(gazetteer: Gazetteer, spelling: str) -> None:
    assert gazetteer.find(spelling) is None


def test_get_and_index_of_agree(gazetteer: Gazetteer) -> None:
    vranje = gazetteer.get("vranje")
    assert vranje.name == "Vranje"
    assert vranje.district == "RS-24"
    assert gazetteer.places[gazetteer.index_of("vranje")] == vranje
    with pytest.raises(KeyError):
        gazetteer.get("atlantis")


def test_regional_centres_are_flagged(gazetteer: Gazetteer) -> None:
    flagged = {place.code for place in gazetteer.places if place.regional_centre}
    assert flagged == set(REGIONAL_CENTRES)
    assert {"nis", "vranje", "leskovac", "pirot", "zajecar", "prokuplje", "bor"} <= flagged


def test_distance_matrix_is_symmetric_float32_with_zero_diagonal(gazetteer: Gazetteer) -> None:
    matrix = gazetteer.distance_matrix_km
    assert matrix.shape == (145, 145)
    assert matrix.dtype == np.float32
    assert np.allclose(matrix, matrix.T)
    assert np.all(np.diag(matrix) == 0)


def test_nis_to_vranje_is_about_86_km(gazetteer: Gazetteer) -> None:
    distance = gazetteer.distance_km(gazetteer.get("nis"), gazetteer.get("vranje"))
    assert 80 < distance < 92


def test_haversine_known_value() -> None:
    # A quarter of a meridian: from the equator to the pole.
    assert haversine_km(0.0, 0.0, 90.0, 0.0) == pytest.approx(math.pi * EARTH_RADIUS_KM / 2)
    assert haversine_km(43.0, 21.0, 43.0, 21.0) == 0.0


def test_haversine_matrix_matches_scalar() -> None:
    latitudes, longitudes = [43.32, 42.55, 44.8], [21.9, 21.9, 20.46]
    matrix = haversine_matrix_km(latitudes, longitudes, latitudes, longitudes)
    for i in range(3):
        for j in range(3):
            assert matrix[i, j] == pytest.approx(
                haversine_km(latitudes[i], longitudes[i], latitudes[j], longitudes[j]), abs=1e-6
            )


def test_places_from_elsewhere_with_the_same_data_use_the_table(gazetteer: Gazetteer) -> None:
    nis = gazetteer.get("nis")
    copy = Place(nis.code, nis.name, nis.district, nis.latitude, nis.longitude)
    assert gazetteer.indexed(copy) == gazetteer.index_of("nis")
    assert gazetteer.distance_km(copy, gazetteer.get("vranje")) == gazetteer.distance_km(
        nis, gazetteer.get("vranje")
    )


def test_custom_places_are_measured_directly(gazetteer: Gazetteer) -> None:
    village = Place("selo", "Selo", "RS-20", 43.40, 21.95)
    nis = gazetteer.get("nis")
    assert gazetteer.indexed(village) is None
    expected = haversine_km(43.40, 21.95, nis.latitude, nis.longitude)
    assert gazetteer.distance_km(village, nis) == pytest.approx(expected)
    matrix = gazetteer.distance_matrix([village, nis], [nis])
    assert matrix.shape == (2, 1)
    assert matrix[0, 0] == pytest.approx(expected, rel=1e-5)
    assert matrix[1, 0] == 0.0


def test_moved_place_with_a_known_code_is_not_taken_from_the_table(gazetteer: Gazetteer) -> None:
    nis = gazetteer.get("nis")
    moved = Place("nis", "Niš", "RS-20", nis.latitude + 0.1, nis.longitude)
    assert gazetteer.indexed(moved) is None
    assert gazetteer.distance_km(moved, nis) == pytest.approx(11.1, abs=0.2)


def test_distance_matrix_of_known_places_indexes_the_table(gazetteer: Gazetteer) -> None:
    a = [gazetteer.get("nis"), gazetteer.get("pirot")]
    b = [gazetteer.get("vranje"), gazetteer.get("bor"), gazetteer.get("nis")]
    matrix = gazetteer.distance_matrix(a, b)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            assert (
                matrix[i, j]
                == gazetteer.distance_matrix_km[
                    gazetteer.index_of(x.code), gazetteer.index_of(y.code)
                ]
            )


def test_duplicate_codes_are_refused() -> None:
    place = Place("x", "X", "RS-20", 43.0, 21.0)
    with pytest.raises(ValueError, match="duplicate"):
        Gazetteer([place, place])
