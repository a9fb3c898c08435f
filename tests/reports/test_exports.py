"""Generic report writers: CSV (BOM, ;), XLSX (sheet per table, bold header), PDF (DejaVu)."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.utils import translation
from openpyxl import load_workbook

from reports.disclosure import SUPPRESSED
from reports.exports import (
    ReportDocument,
    ReportTable,
    cell_text,
    export_filename,
    write_csv,
    write_pdf,
    write_xlsx,
)

TABLE = ReportTable(
    title="Вештине – Нишавски округ",
    columns=["Вештина", "Радна места", "Кандидати", "Однос"],
    rows=[["гајење малина", 12, SUPPRESSED, 2.5], ["Čišćenje / održavanje", 7, 5, None]],
)
TOTALS = ReportTable(
    title="Placements by sector",
    columns=["Sector", "Internship", "Job", "Total"],
    rows=[["J", 13, 6, 19], ["Total", 13, 6, 19]],
    total_rows=1,
    note="A note under the table",
)
DOCUMENT = ReportDocument(
    title="Tržište rada: veštine i sektori",
    tables=[TABLE, TOTALS],
    filters=[("Okrug", "Nišavski okrug")],
    notes=["<5 means fewer than 5."],
    generated_on=dt.date(2026, 3, 1),
)


def test_cell_text_writes_hidden_counts_as_less_than_five_and_localises_numbers() -> None:
    with translation.override("sr-latn"):
        assert cell_text(SUPPRESSED) == "<5"
        assert cell_text(2.5) == "2,50"
        assert cell_text(None) == ""
        assert cell_text(12) == "12"
    with translation.override("en"):
        assert cell_text(2.5) == "2.50"


def test_csv_is_utf8_with_bom_and_semicolons() -> None:
    with translation.override("sr"):
        content = write_csv(DOCUMENT)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Tržište rada: veštine i sektori"]
    assert ["Okrug", "Nišavski okrug"] in rows
    assert ["Вештина", "Радна места", "Кандидати", "Однос"] in rows
    assert ["гајење малина", "12", "<5", "2,50"] in rows
    assert ["Čišćenje / održavanje", "7", "5", ""] in rows
    assert ["A note under the table"] in rows
    assert ["<5 means fewer than 5."] in rows


def test_xlsx_has_a_sheet_per_table_with_bold_headers() -> None:
    workbook = load_workbook(io.BytesIO(write_xlsx(DOCUMENT)))
    assert len(workbook.sheetnames) == 3  # the cover sheet, then one per table
    cover, skills, sectors = (workbook[name] for name in workbook.sheetnames)
    assert cover["A1"].value == "Tržište rada: veštine i sektori"
    assert skills.title == "Вештине – Нишавски округ"
    assert [cell.value for cell in skills[1]] == TABLE.columns
    assert all(cell.font.bold for cell in skills[1])
    assert [cell.value for cell in skills[2]] == ["гајење малина", 12, "<5", 2.5]
    assert skills.column_dimensions["A"].width >= len("Čišćenje / održavanje")
    assert [cell.value for cell in sectors[3]] == ["Total", 13, 6, 19]
    assert sectors["A3"].font.bold and not sectors["A2"].font.bold


def test_long_and_duplicate_sheet_titles_are_made_valid() -> None:
    long_title = "Skills in demand and held – Nišavski okrug: [all]"
    document = ReportDocument(
        title="T",
        tables=[
            ReportTable(title=long_title, columns=["a"], rows=[]),
            ReportTable(title=long_title, columns=["a"], rows=[]),
        ],
    )
    names = load_workbook(io.BytesIO(write_xlsx(document))).sheetnames
    assert all(len(name) <= 31 and "[" not in name and ":" not in name for name in names)
    assert len(set(names)) == 3


def test_pdf_embeds_the_dejavu_font() -> None:
    content = write_pdf(DOCUMENT, date_label="1. 3. 2026.")
    assert content.startswith(b"%PDF")
    assert content.rstrip().endswith(b"%%EOF")
    assert b"DejaVuSans" in content
    assert b"Helvetica" not in content
    assert len(content) > 5000  # the embedded font subset alone is a few kilobytes


def test_filenames_are_ascii_with_scope_and_date() -> None:
    name = export_filename(
        "tržište rada", "Нишавски округ", extension="xlsx", on=dt.date(2026, 3, 1)
    )
    assert name == "trziste-rada_nisavski-okrug_2026-03-01.xlsx"
