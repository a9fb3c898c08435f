"""The one writer of every CSV, XLSX and PDF export, safe by construction against formula injection.

Every export (labour-market insight, fairness audit, the coordinators' placement and match lists)
hands its tables to this module, so a name, title or note written by a user can never run as a
spreadsheet formula when a coordinator opens the file:

* **Text is neutralised** (OWASP's CSV-injection guidance, ASVS 1.2.10): a text cell whose first
  character — after any leading spaces and control characters, which some spreadsheets skip —
  is ``=``, ``+``, ``-``, ``@``, a tab, a carriage return, a line feed or NUL (or the full-width
  ``＝ ＋ － ＠`` that Excel's East-Asian input folds to them) gets a leading single quote in CSV
  and PDF. Numbers are typed values, never text, so ``-75`` stays a number. ``defusedcsv`` was
  considered: it checks only the very first character, not tabs, carriage returns or leading
  spaces, and it covers CSV only, while the same rule must hold for XLSX.
* **XLSX strings are strings**: every text cell is written with the string type, never as a
  formula (openpyxl otherwise turns any text beginning with ``=`` into a live formula), and a
  formula-leading one also carries Excel's own "quote prefix" flag — what Excel stores when a
  person types ``'=…`` — so the cell shows the exact text and stays text when edited. Characters
  XLSX cannot hold (C0 controls) are dropped rather than failing the export.
* **CSV** is UTF-8 with a byte-order mark (Excel otherwise reads Cyrillic as mojibake), ``;`` as
  the separator (Excel in Serbian and most European locales expects ``;`` because ``,`` is the
  decimal separator there), quoted where needed (RFC 4180: a ``;``, quote or line break inside a
  cell never starts a new cell), numbers and dates formatted for the active language.
* **PDF**: A4 landscape, DejaVu Sans embedded (it has Cyrillic and č ć š ž đ; reportlab's
  built-in Helvetica has neither), title, filters, date, the tables and their notes; text is
  XML-escaped for reportlab's paragraphs.

Cells are typed: ``str``, ``int``, ``float``, ``Decimal``, ``date``/``datetime``, ``None``, or any
other object, written as its text (e.g. the disclosure control's "<5" sentinel) — right-aligned in
XLSX, because such objects stand for hidden numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import formats, timezone

Cell = str | int | float | Decimal | dt.date | None | object

FONT_DIR = Path(__file__).resolve().parent / "fonts"
PDF_FONT = "DejaVuSans"
PDF_FONT_BOLD = "DejaVuSans-Bold"
CSV_DELIMITER = ";"
XLSX_DATE_FORMAT = "DD.MM.YYYY"
# Excel refuses sheet names longer than 31 characters or containing []:*?/\
SHEET_NAME_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Characters that make a spreadsheet read a cell as a formula (or a DDE call) when they lead it.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n\x00＝＋－＠")
# Skipped before looking for a trigger: spaces and other controls some spreadsheets trim first.
_LEADING_SKIPPED = re.compile(r"^[\s\x00-\x1f\x7f\u00a0\u2000-\u200b\u3000\ufeff]*")
# What an XLSX file cannot contain at all (openpyxl refuses it with IllegalCharacterError).
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Table:
    """A titled table ready to publish: labels translated, people counts already anonymised.

    `total_rows` says how many of the last rows are totals (rendered bold); `decimals` is how
    many places a float shows in CSV and PDF (XLSX keeps the number).
    """

    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    total_rows: int = 0
    note: str = ""
    decimals: int = 2


@dataclass(frozen=True)
class Document:
    """What an export holds: a title, the filters it was made with, its tables and notes.

    A document without a title, filters or notes is a plain list: CSV starts with the (single)
    table's header row and XLSX has no cover sheet.
    """

    title: str
    tables: Sequence[Table]
    filters: Sequence[tuple[str, str]] = ()
    notes: Sequence[str] = ()
    generated_on: dt.date = field(default_factory=timezone.localdate)

    @property
    def has_cover(self) -> bool:
        return bool(self.title or self.filters or self.notes)


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could read this text as a formula."""
    rest = _LEADING_SKIPPED.sub("", text, count=1)
    if rest != text and text[:1] in FORMULA_TRIGGERS:
        return True  # a leading tab, CR or LF is itself a trigger
    return bool(rest) and rest[0] in FORMULA_TRIGGERS


def neutralise(text: str) -> str:
    """Text that a spreadsheet shows as written and never evaluates (OWASP: a leading quote)."""
    return "'" + text if is_formula_like(text) else text


def _date(value: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def cell_text(value: Cell, *, decimals: int = 2) -> str:
    """A cell as safe text for CSV/PDF: numbers and dates the active language's way."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return formats.number_format(value, use_l10n=True)
    if isinstance(value, float):
        return formats.number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True)
    if isinstance(value, Decimal):
        return formats.number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True)
    if isinstance(value, dt.date):
        return formats.date_format(_date(value), "SHORT_DATE_FORMAT")
    return neutralise(str(value))


# --- CSV -------------------------------------------------------------------------------------


def write_csv(document: Document) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL
    )

    def text_row(*values: str) -> list[str]:
        return [neutralise(value) for value in values]

    if document.title:
        writer.writerow(text_row(document.title))
    for label, value in document.filters:
        writer.writerow(text_row(label, value))
    for index, table in enumerate(document.tables):
        if document.has_cover or index:
            writer.writerow([])
        if table.title and (document.has_cover or len(document.tables) > 1):
            writer.writerow(text_row(table.title))
        writer.writerow(text_row(*table.columns))
        for row in table.rows:
            writer.writerow([cell_text(value, decimals=table.decimals) for value in row])
        if table.note:
            writer.writerow(text_row(table.note))
    if document.notes:
        writer.writerow([])
        for note in document.notes:
            writer.writerow(text_row(note))
    return buffer.getvalue().encode("utf-8-sig")


# --- XLSX ------------------------------------------------------------------------------------


def _sheet_name(title: str, taken: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", _XLSX_ILLEGAL.sub("", title)).strip().strip("'")
    base = base[:SHEET_NAME_MAX].strip() or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        number += 1
    taken.add(name.lower())
    return name


class _XlsxCells:
    """Builds write-only cells: typed numbers and dates, text always as text."""

    def __init__(self, sheet: Any) -> None:
        from openpyxl.styles import Alignment, Font

        self.sheet = sheet
        self.bold = Font(bold=True)
        self.right = Alignment(horizontal="right")

    def make(self, value: Cell, *, bold: bool = False) -> Any:
        from openpyxl.cell import WriteOnlyCell

        if isinstance(value, bool):
            value = str(value)
        if value is None or isinstance(value, int | float | Decimal):
            number = round(value, 4) if isinstance(value, float) else value
            cell = WriteOnlyCell(self.sheet, value=number)
        elif isinstance(value, dt.date):
            cell = WriteOnlyCell(self.sheet, value=_date(value))
            cell.number_format = XLSX_DATE_FORMAT
        else:
            text = _XLSX_ILLEGAL.sub("", str(value))
            cell = WriteOnlyCell(self.sheet, value=text)
            # openpyxl types text beginning with "=" as a formula; it is text, always.
            cell.data_type = "s"
            if is_formula_like(text):
                cell.quotePrefix = True
            if not isinstance(value, str):  # a hidden count such as "<5"
                cell.alignment = self.right
        if bold:
            cell.font = self.bold
        return cell


def _column_widths(table: Table) -> list[int]:
    widths = []
    for index, title in enumerate(table.columns):
        values = [title, *(cell_text(row[index]) for row in table.rows if index < len(row))]
        widths.append(min(60, max(8, *(len(value) for value in values)) + 2))
    return widths


def write_xlsx(document: Document, *, sheet_name: str = "") -> bytes:
    """One sheet per table (named after it, or `sheet_name` for an untitled single table)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    if document.has_cover:
        cover = workbook.create_sheet(_sheet_name(document.title or sheet_name, taken))
        cover.column_dimensions["A"].width = 40
        cover.column_dimensions["B"].width = 40
        cells = _XlsxCells(cover)
        heading = cells.make(document.title)
        heading.font = Font(bold=True, size=14)
        cover.append([heading])
        for label, value in document.filters:
            cover.append([cells.make(label), cells.make(value)])
        cover.append([])
        for note in document.notes:
            cover.append([cells.make(note)])

    for table in document.tables:
        sheet = workbook.create_sheet(_sheet_name(table.title or sheet_name, taken))
        for index, width in enumerate(_column_widths(table), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        cells = _XlsxCells(sheet)
        sheet.append([cells.make(title, bold=True) for title in table.columns])
        first_total = len(table.rows) - table.total_rows
        for index, row in enumerate(table.rows):
            bold = table.total_rows > 0 and index >= first_total
            sheet.append([cells.make(value, bold=bold) for value in row])
        if table.note:
            sheet.append([])
            sheet.append([cells.make(table.note)])

    if not workbook.worksheets:
        workbook.create_sheet(_sheet_name(sheet_name, taken))
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


def _pdf_text(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(_XLSX_ILLEGAL.sub("", neutralise(text)))


def write_pdf(document: Document, *, date_label: str = "") -> bytes:
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

    story: list[Flowable] = [Paragraph(_pdf_text(document.title), heading), Spacer(1, 3 * mm)]
    for label, value in document.filters:
        story.append(Paragraph(f"<b>{_pdf_text(label)}:</b> {_pdf_text(value)}", body))
    if date_label:
        story.append(Paragraph(_pdf_text(date_label), body))
    story.append(Spacer(1, 3 * mm))
    for note in document.notes:
        story.append(Paragraph(_pdf_text(note), small))
    page = landscape(A4)
    available = page[0] - 30 * mm
    for table in document.tables:
        story.append(Paragraph(_pdf_text(table.title), subheading))
        first_row_index = len(table.rows) - table.total_rows + 1
        data = [[Paragraph(_pdf_text(title), small_bold) for title in table.columns]]
        for index, row in enumerate(table.rows, start=1):
            style = small_bold if index >= first_row_index and table.total_rows else small
            data.append(
                [
                    Paragraph(_pdf_text(cell_text(value, decimals=table.decimals)), style)
                    for value in row
                ]
            )
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
            story.append(Paragraph(_pdf_text(table.note), small))

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
