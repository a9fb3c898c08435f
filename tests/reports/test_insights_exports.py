"""Insight exports: CSV/XLSX/PDF with the page's filters, anonymised the same way."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import User
from reference.models import Municipality
from tests.reports.insights_data import Market, build_market

pytestmark = pytest.mark.django_db


@pytest.fixture
def market() -> Market:
    return build_market()


def client_for(user: User, language: str = "en") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def export(user: User, language: str = "en", **params: str | int) -> Any:
    return client_for(user, language).get(reverse("insights:export"), params)


def test_csv_export_has_bom_semicolons_and_anonymised_values(market: Market) -> None:
    response = export(market.coordinator, format="csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="trziste-rada_all_{today}.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert ["Python (computer programming)", "12", "5", "7", "2.40"] in rows
    assert ["raspberry growing", "<5", "<5", "<5", "<5"] in rows
    assert any("fewer than 5" in " ".join(row) for row in rows)
    for row in rows:
        assert not set(row[1:]) & {"1", "2", "3", "4"}, row


def test_export_of_one_municipality_is_named_after_it(market: Market) -> None:
    aleksinac = Municipality.objects.get(code="aleksinac")
    response = export(market.coordinator, format="csv", municipality=aleksinac.pk)
    assert "trziste-rada_aleksinac_" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert "Aleksinac" in text
    assert "Python" not in text  # nobody in Aleksinac offers or asks for it


def _sheet_rows(workbook: Any, title_start: str) -> list[list[object]]:
    name = next(n for n in workbook.sheetnames if n.startswith(title_start))
    return [list(row) for row in workbook[name].iter_rows(values_only=True)]


def test_xlsx_export_cannot_reveal_a_hidden_cell_from_the_totals(market: Market) -> None:
    response = export(market.admin, format="xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    overview = _sheet_rows(workbook, "Candidates and placements")
    assert overview[0] == ["District", "Candidates", "Placements"]
    assert overview[1:] == [
        ["Nišavski okrug", "<5", "<5"],
        ["Pčinjski okrug", "<5", "<5"],
        ["Total", 8, 15],
    ]
    for title in ("Candidates and placements", "Placements by sector", "Candidates by category"):
        rows = [row for row in _sheet_rows(workbook, title)[1:] if row and row[0] is not None]
        has_total_column = _sheet_rows(workbook, title)[0][-1] == "Total"
        body = [row[1:] for row in rows]
        columns = list(zip(*body, strict=True))
        lines = columns + (body if has_total_column else [])
        for line in lines:
            # One hidden value in a sum would be recoverable by subtraction.
            assert sum(1 for value in line if value == "<5") != 1, (title, line)
        for value in (value for line in body for value in line):
            assert not (isinstance(value, int) and 1 <= value <= 4), (title, value)


def test_xlsx_export_in_cyrillic(market: Market) -> None:
    response = export(market.coordinator, "sr", format="xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    text = " ".join(
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    assert "Нишавски округ" in text
    assert "гајење малина" in text


def test_pdf_export_embeds_a_cyrillic_font(market: Market) -> None:
    response = export(market.coordinator, "sr", format="pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="trziste-rada_')
    assert response.content.startswith(b"%PDF")
    assert b"DejaVuSans" in response.content
    assert b"Helvetica" not in response.content


def test_unknown_format_and_invalid_filters_are_refused(market: Market) -> None:
    assert export(market.coordinator, format="docx").status_code == 400
    vranje = Municipality.objects.get(code="vranje")
    refused = export(market.coordinator, format="csv", municipality=vranje.pk)
    assert refused.status_code == 400
    assert b"Pcinjski" not in refused.content and "Vranje" not in refused.content.decode()
