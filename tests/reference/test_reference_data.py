"""Districts and municipalities load completely, correctly and idempotently."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from matching.selectors import municipality_find, municipality_get
from reference.models import District, Municipality
from reference.services import reference_places_load

pytestmark = pytest.mark.django_db

SOUTH_EAST = {
    "RS-24": {
        "Vranje",
        "Bujanovac",
        "Preševo",
        "Surdulica",
        "Vladičin Han",
        "Bosilegrad",
        "Trgovište",
    },
    "RS-23": {"Leskovac", "Lebane", "Medveđa", "Bojnik", "Vlasotince", "Crna Trava"},
    "RS-20": {"Niš", "Aleksinac", "Svrljig", "Merošina", "Ražanj", "Doljevac", "Gadžin Han"},
    "RS-22": {"Pirot", "Dimitrovgrad", "Babušnica", "Bela Palanka"},
    "RS-21": {"Prokuplje", "Kuršumlija", "Blace", "Žitorađa"},
    "RS-15": {"Zaječar", "Knjaževac", "Boljevac", "Sokobanja"},
    "RS-14": {"Bor", "Negotin", "Kladovo", "Majdanpek"},
}


def test_every_local_self_government_unit_outside_kosovo_is_loaded() -> None:
    assert District.objects.count() == 25
    assert Municipality.objects.count() == 145
    assert not District.objects.filter(code__in=["RS-25", "RS-26", "RS-27", "RS-28", "RS-29"])


@pytest.mark.parametrize("district_code", sorted(SOUTH_EAST))
def test_the_programme_region_is_complete(district_code: str) -> None:
    names = set(
        Municipality.objects.filter(district__code=district_code).values_list(
            "name_latn", flat=True
        )
    )
    assert SOUTH_EAST[district_code] <= names


def test_names_come_in_both_scripts_and_seats_lie_in_serbia() -> None:
    nis = Municipality.objects.get(code="nis")
    assert (nis.name_latn, nis.name_cyrl, nis.kind) == ("Niš", "Ниш", "city")
    assert nis.district.name_cyrl == "Нишавски округ"
    assert 43.2 < nis.latitude < 43.4 and 21.8 < nis.longitude < 22.0
    for municipality in Municipality.objects.all():
        assert 41.85 <= municipality.latitude <= 46.19
        assert 18.81 <= municipality.longitude <= 23.01


@pytest.mark.parametrize("written", ["Niš", "Nis", "NIŠ", "Ниш", "ниш", "nis"])
def test_a_municipality_is_found_whatever_the_script_or_diacritics(written: str) -> None:
    found = municipality_find(written)
    assert found is not None and found.code == "nis"


def test_an_unknown_municipality_is_an_error_naming_the_field() -> None:
    with pytest.raises(ValidationError) as error:
        municipality_get("Atlantida", field_name="municipality")
    assert "municipality" in error.value.message_dict
    assert "Atlantida" in error.value.message_dict["municipality"][0]


def test_loading_twice_changes_nothing() -> None:
    before = list(Municipality.objects.order_by("code").values())
    report = reference_places_load(data_dir=settings.SPONA_DATA_DIR)
    assert report.created == {"districts": 0, "municipalities": 0}
    assert report.updated == {"districts": 0, "municipalities": 0}
    assert report.unchanged == {"districts": 25, "municipalities": 145}
    assert list(Municipality.objects.order_by("code").values()) == before


def test_a_row_with_coordinates_outside_serbia_aborts_the_load(tmp_path: Path) -> None:
    shutil.copy(settings.SPONA_DATA_DIR / "districts.csv", tmp_path / "districts.csv")
    source = settings.SPONA_DATA_DIR / "municipalities.csv"
    with source.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    fieldnames = list(rows[0])
    rows[0] = {**rows[0], "name_latn": rows[0]["name_latn"] + " (changed)"}
    bad_line = 3
    rows[bad_line - 2] = {**rows[bad_line - 2], "lat": "48.2"}
    with (tmp_path / "municipalities.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)
    before = list(Municipality.objects.order_by("code").values())
    with pytest.raises(ValidationError) as error:
        reference_places_load(data_dir=tmp_path)
    message = error.value.messages[0]
    assert f"line {bad_line}" in message and "latitude" in message
    assert list(Municipality.objects.order_by("code").values()) == before  # nothing half-saved


def test_the_database_refuses_a_seat_outside_serbia() -> None:
    nis = Municipality.objects.get(code="nis")
    with pytest.raises(IntegrityError), transaction.atomic():
        Municipality.objects.filter(pk=nis.pk).update(latitude=48.2)


def test_a_name_with_a_nul_byte_finds_no_municipality() -> None:
    # PostgreSQL refuses NUL in text; the lookup answers "unknown" instead of a server error.
    assert municipality_find("Ni\x00š") is None
    assert municipality_find("\x00") is None
