"""CSV, XLSX and PDF writers for report tables that have already been through disclosure control.

The writers know nothing about the data: they take `ReportTable`s whose people counts were
anonymised by `reports.disclosure` (hidden counts are the `SUPPRESSED` sentinel and are written
as "<5"), so every report (labour-market insight, fairness audit) exports the same way.

Format choices:

* **CSV** is UTF-8 with a byte-order mark (Excel otherwise reads Cyrillic as mojibake), `;` as
  the separator (Excel in Serbian and most European locales expects `;` because `,` is the
  decimal separator there), numbers formatted for the active language (decimal comma in
  Serbian). Several tables go one after another, each under its title, separated by an empty
  line.
* **XLSX**: one sheet per table, bold header row, column widths fitted to the content, numbers
  stored as numbers and hidden counts as the text "<5".
* **PDF**: A4, DejaVu Sans embedded (it has Cyrillic and č ć š ž đ; reportlab's built-in
  Helvetica has neither), title, filters, date, the tables and the note on the suppression rule.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify

from reports.disclosure import Suppressed

Cell = str | int | float | Suppressed | None

FONT_DIR = Path(__file__).resolve().parent / "fonts"
PDF_FONT = "DejaVuSans"
PDF_FONT_BOLD = "DejaVuSans-Bold"
CSV_DELIMITER = ";"
# Excel refuses sheet names longer than 31 characters or containing []:*?/\
SHEET_NAME_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class ReportTable:
    """A titled table ready to publish: counts already anonymised, labels already translated.

    `total_rows` says how many of the last rows are totals (rendered bold).
    """

    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    total_rows: int = 0
    note: str = ""


@dataclass(frozen=True)
class ReportDocument:
    """What an export holds: a title, the filters it was made with, its tables and notes."""

    title: str
    tables: Sequence[ReportTable]
    filters: Sequence[tuple[str, str]] = ()
    notes: Sequence[str] = ()
    generated_on: dt.date = field(default_factory=timezone.localdate)


def cell_text(value: Cell, *, decimals: int = 2) -> str:
    """A cell as text for CSV/PDF: hidden counts as '<5', numbers in the active language."""
    if value is None:
        return ""
    if isinstance(value, Suppressed):
        return str(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return number_format(value, use_l10n=True)
    if isinstance(value, float):
        return number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True)
    return str(value)


def export_filename(*parts: str, extension: str, on: dt.date | None = None) -> str:
    """e.g. 'trziste-rada_pirotski_2026-03-01.xlsx' (ASCII, safe in any browser)."""
    day = (on or timezone.localdate()).isoformat()
    slugs = [slugify(_ascii_latin(part)) for part in parts if part]
    return "_".join([*(slug for slug in slugs if slug), day]) + f".{extension}"


_CYRILLIC_TO_ASCII = str.maketrans(
    {
        "č": "c", "ć": "c", "š": "s", "ž": "z", "đ": "dj",
        "Č": "C", "Ć": "C", "Š": "S", "Ž": "Z", "Đ": "Dj",
    }
)  # fmt: skip


def _ascii_latin(text: str) -> str:
    from matching.engine.normalize import cyrillic_to_latin

    return cyrillic_to_latin(text).translate(_CYRILLIC_TO_ASCII)


# --- CSV -------------------------------------------------------------------------------------


def write_csv(document: ReportDocument) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([document.title])
    for label, value in document.filters:
        writer.writerow([label, value])
    for table in document.tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(list(table.columns))
        for row in table.rows:
            writer.writerow([cell_text(value) for value in row])
        if table.note:
            writer.writerow([table.note])
    if document.notes:
        writer.writerow([])
        for note in document.notes:
            writer.writerow([note])
    return buffer.getvalue().encode("utf-8-sig")


# --- XLSX ------------------------------------------------------------------------------------


def _sheet_name(title: str, taken: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", title).strip()[:SHEET_NAME_MAX] or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        number += 1
    taken.add(name.lower())
    return name


def _xlsx_value(value: Cell) -> str | int | float | None:
    if isinstance(value, Suppressed):
        return str(value)
    if isinstance(value, float):
        return round(value, 4)
    return value


def write_xlsx(document: ReportDocument) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    info = workbook.active
    if info is None:  # pragma: no cover - a new workbook always has its first sheet
        info = workbook.create_sheet()
    taken: set[str] = set()
    info.title = _sheet_name(document.title, taken)
    info.append([document.title])
    info["A1"].font = Font(bold=True, size=14)
    for label, value in document.filters:
        info.append([label, value])
    info.append([])
    for note in document.notes:
        info.append([note])
    info.column_dimensions["A"].width = 40
    info.column_dimensions["B"].width = 40

    bold = Font(bold=True)
    for table in document.tables:
        sheet = workbook.create_sheet(_sheet_name(table.title, taken))
        sheet.append(list(table.columns))
        for cell in sheet[1]:
            cell.font = bold
        for row in table.rows:
            sheet.append([_xlsx_value(value) for value in row])
        for row_cells in sheet.iter_rows(min_row=sheet.max_row - table.total_rows + 1):
            if table.total_rows:
                for cell in row_cells:
                    cell.font = bold
        for column_cells in sheet.iter_cols(min_row=2):
            for cell in column_cells:
                if cell.value == "<5":
                    cell.alignment = Alignment(horizontal="right")
        if table.note:
            sheet.append([])
            sheet.append([table.note])
        sheet.freeze_panes = "A2"
        for index, title in enumerate(table.columns, start=1):
            values = [title, *(cell_text(row[index - 1]) for row in table.rows)]
            width = min(60, max(8, *(len(value) for value in values)) + 2)
            sheet.column_dimensions[get_column_letter(index)].width = width

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# --- PDF -------------------------------------------------------------------------------------


def register_pdf_fonts() -> None:
    """Register the bundled DejaVu fonts with reportlab (idempotent)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if PDF_FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(PDF_FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(PDF_FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    addMapping(PDF_FONT, 0, 0, PDF_FONT)
    addMapping(PDF_FONT, 1, 0, PDF_FONT_BOLD)
    addMapping(PDF_FONT, 0, 1, PDF_FONT)
    addMapping(PDF_FONT, 1, 1, PDF_FONT_BOLD)


def write_pdf(document: ReportDocument, *, date_label: str = "") -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from reportlab.platypus.flowables import Flowable

    register_pdf_fonts()
    body = ParagraphStyle("body", fontName=PDF_FONT, fontSize=9, leading=12)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10)
    small_bold = ParagraphStyle("small_bold", parent=small, fontName=PDF_FONT_BOLD)
    heading = ParagraphStyle(
        "heading", parent=body, fontName=PDF_FONT_BOLD, fontSize=16, leading=20
    )
    subheading = ParagraphStyle(
        "subheading", parent=body, fontName=PDF_FONT_BOLD, fontSize=11, leading=14, spaceBefore=8
    )

    story: list[Flowable] = [Paragraph(escape(document.title), heading), Spacer(1, 3 * mm)]
    for label, value in document.filters:
        story.append(Paragraph(f"<b>{escape(label)}:</b> {escape(value)}", body))
    if date_label:
        story.append(Paragraph(escape(date_label), body))
    story.append(Spacer(1, 3 * mm))
    for note in document.notes:
        story.append(Paragraph(escape(note), small))
    page = landscape(A4)
    available = page[0] - 30 * mm
    for table in document.tables:
        story.append(Paragraph(escape(table.title), subheading))
        first_row_index = len(table.rows) - table.total_rows + 1
        data = [[Paragraph(escape(title), small_bold) for title in table.columns]]
        for index, row in enumerate(table.rows, start=1):
            style = small_bold if index >= first_row_index and table.total_rows else small
            data.append([Paragraph(escape(cell_text(value)), style) for value in row])
        columns = max(1, len(table.columns))
        first = min(available * 0.4, available / columns * 2) if columns > 1 else available
        rest = (available - first) / (columns - 1) if columns > 1 else 0
        pdf_table = Table(data, colWidths=[first, *([rest] * (columns - 1))], repeatRows=1)
        pdf_table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), PDF_FONT),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(pdf_table)
        if table.note:
            story.append(Paragraph(escape(table.note), small))

    output = io.BytesIO()
    pdf = SimpleDocTemplate(
        output,
        pagesize=page,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=document.title,
        author="Spona",
        # Otherwise reportlab starts every page in Helvetica, which has no Cyrillic.
        initialFontName=PDF_FONT,
        initialFontSize=9,
    )
    pdf.build(story)
    return output.getvalue()
