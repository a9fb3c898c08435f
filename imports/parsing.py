"""Reading uploaded CSV/XLSX files into rows keyed by canonical column names.

Headers are matched after `fold` (script-, case- and diacritic-insensitive), so only Latin
aliases are listed: "Име и презиме", "IME I PREZIME" and "Ime i prezime" are the same header.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matching.engine.normalize import fold

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000

BENEFICIARIES = "beneficiaries"
COMPANIES = "companies"

# canonical column -> (label shown on the page, accepted header spellings in Latin)
Column = tuple[Any, tuple[str, ...]]

BENEFICIARY_COLUMNS: dict[str, Column] = {
    "full_name": (
        gettext_lazy("Full name"),
        (
            "ime i prezime",
            "prezime i ime",
            "ime prezime",
            "name",
            "full name",
            "korisnik",
            "polaznik",
            "ucesnik",
        ),
    ),
    "first_name": (gettext_lazy("First name"), ("ime", "first name", "given name")),
    "last_name": (gettext_lazy("Last name"), ("prezime", "last name", "surname", "family name")),
    "municipality": (
        gettext_lazy("Municipality"),
        (
            "opstina",
            "opstina prebivalista",
            "grad opstina",
            "grad",
            "mesto",
            "municipality",
            "town",
        ),
    ),
    "phone": (
        gettext_lazy("Phone"),
        (
            "telefon",
            "broj telefona",
            "mobilni",
            "kontakt telefon",
            "tel",
            "phone",
            "mobile",
            "phone number",
        ),
    ),
    "email": (gettext_lazy("E-mail"), ("email", "e mail", "imejl", "mejl", "e posta")),
    "training": (
        gettext_lazy("Training"),
        ("obuka", "naziv obuke", "trening", "training", "course"),
    ),
    "date": (
        gettext_lazy("Date"),
        ("datum", "datum obuke", "datum pocetka", "date", "training date", "start date"),
    ),
    "end_date": (
        gettext_lazy("End date"),
        ("datum zavrsetka", "kraj obuke", "end date"),
    ),
    "category": (gettext_lazy("Category"), ("kategorija", "category")),
}

COMPANY_COLUMNS: dict[str, Column] = {
    "legal_name": (
        gettext_lazy("Legal name"),
        (
            "naziv",
            "naziv firme",
            "poslovno ime",
            "naziv preduzeca",
            "firma",
            "preduzece",
            "company",
            "legal name",
            "company name",
        ),
    ),
    "pib": (
        gettext_lazy("PIB"),
        ("pib", "poreski broj", "poreski identifikacioni broj", "tax id", "tax number"),
    ),
    "mb": (gettext_lazy("MB"), ("mb", "maticni broj", "registration number", "company number")),
    "municipality": BENEFICIARY_COLUMNS["municipality"],
    "sector": (
        gettext_lazy("Sector"),
        ("delatnost", "sektor", "sektor delatnosti", "sector", "industry", "nace"),
    ),
    "address": (gettext_lazy("Address"), ("adresa", "address")),
    "contact_name": (
        gettext_lazy("Contact person"),
        ("kontakt osoba", "osoba za kontakt", "kontakt", "contact person", "contact name"),
    ),
    "contact_email": (
        gettext_lazy("Contact e-mail"),
        (
            "email",
            "e mail",
            "imejl",
            "mejl",
            "kontakt email",
            "kontakt e mail",
            "contact email",
            "contact e mail",
            "e posta",
        ),
    ),
    "contact_phone": (
        gettext_lazy("Contact phone"),
        ("telefon", "kontakt telefon", "broj telefona", "tel", "phone", "contact phone"),
    ),
}

COLUMNS: dict[str, dict[str, Column]] = {
    BENEFICIARIES: BENEFICIARY_COLUMNS,
    COMPANIES: COMPANY_COLUMNS,
}


class ImportFileError(ValidationError):
    """The file as a whole cannot be read (too big, wrong format, no usable header)."""


@dataclass(frozen=True)
class Row:
    """One data row: its number as the spreadsheet shows it and its cells by canonical name."""

    number: int
    cells: dict[str, Any]

    def text(self, name: str) -> str:
        value = self.cells.get(name)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # Excel stores 0641234567 as the number 641234567.0
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return value.isoformat()
        return " ".join(str(value).split())


@dataclass
class Table:
    kind: str
    headers: dict[str, str] = field(default_factory=dict)  # canonical -> header as written
    ignored_headers: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    def header(self, name: str) -> str:
        """The column's header as the file wrote it (for messages), else its label."""
        if name in self.headers:
            return self.headers[name]
        columns = COLUMNS[self.kind]
        return str(columns[name][0]) if name in columns else name


def match_headers(kind: str, raw_headers: list[Any]) -> tuple[dict[int, str], Table]:
    """Map column positions to canonical names; unknown headers are listed, not errors."""
    aliases: dict[str, str] = {}
    for name, (_label, spellings) in COLUMNS[kind].items():
        for spelling in spellings:
            aliases.setdefault(fold(spelling), name)
    positions: dict[int, str] = {}
    table = Table(kind=kind)
    for index, raw in enumerate(raw_headers):
        written = " ".join(str(raw or "").split())
        if not written:
            continue
        canonical = aliases.get(fold(written))
        if canonical is None or canonical in table.headers:
            table.ignored_headers.append(written)
            continue
        positions[index] = canonical
        table.headers[canonical] = written
    if kind == BENEFICIARIES:
        has_name = "full_name" in table.headers or (
            "first_name" in table.headers and "last_name" in table.headers
        )
        required = ["municipality"]
        if not has_name:
            raise ImportFileError(
                _(
                    "The file has no name column: use “Full name” (Ime i prezime) or both "
                    "“First name” (Ime) and “Last name” (Prezime)."
                )
            )
    else:
        required = ["legal_name", "pib", "mb", "municipality", "sector"]
    missing = [str(COLUMNS[kind][name][0]) for name in required if name not in table.headers]
    if missing:
        raise ImportFileError(
            _("The file lacks these columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return positions, table


def _decode(content: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text"), else Windows-1250."""
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    head = content[:2000]
    if head and head.count(b"\x00") > len(head) // 4:
        return content.decode("utf-16-le" if head[1:2] == b"\x00" else "utf-16-be")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("cp1250")


def _sniff_delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _csv_rows(content: bytes) -> list[list[Any]]:
    try:
        text = _decode(content)
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("The file's text encoding could not be recognised.")) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=_sniff_delimiter(text))]


def _xlsx_rows(content: bytes, sheet: str) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise ImportFileError(_("The spreadsheet could not be opened.")) from exc
    try:
        if sheet:
            names = {fold(name): name for name in workbook.sheetnames}
            if fold(sheet) not in names:
                raise ImportFileError(
                    _("The spreadsheet has no sheet named “%(sheet)s” (it has: %(sheets)s).")
                    % {"sheet": sheet, "sheets": ", ".join(workbook.sheetnames)}
                )
            worksheet = workbook[names[fold(sheet)]]
        else:
            worksheet = workbook.worksheets[0]
        rows: list[list[Any]] = []
        for values in worksheet.iter_rows(values_only=True):
            rows.append(list(values))
            if len(rows) > MAX_ROWS + 50:  # blank rows are skipped later; stop reading early
                break
        return rows
    finally:
        workbook.close()


def is_xlsx(content: bytes) -> bool:
    return content.startswith(b"PK\x03\x04")


def read_table(content: bytes, *, kind: str, sheet: str = "") -> Table:
    """Parse an uploaded file; raises ImportFileError when the file as a whole is unusable."""
    if kind not in COLUMNS:
        raise ImportFileError(_("Unknown import kind."))
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError(
            _("The file is too big: at most %(size)d MB.")
            % {"size": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if not content.strip():
        raise ImportFileError(_("The file is empty."))
    raw_rows = _xlsx_rows(content, sheet) if is_xlsx(content) else _csv_rows(content)
    # The header is the first non-blank row.
    start = 0
    while start < len(raw_rows) and not any(_blank(cell) is False for cell in raw_rows[start]):
        start += 1
    if start >= len(raw_rows):
        raise ImportFileError(_("The file is empty."))
    positions, table = match_headers(kind, raw_rows[start])
    for offset, values in enumerate(raw_rows[start + 1 :], start=start + 2):
        if all(_blank(cell) for cell in values):
            continue
        cells = {name: values[index] for index, name in positions.items() if index < len(values)}
        table.rows.append(Row(number=offset, cells=cells))
        if len(table.rows) > MAX_ROWS:
            raise ImportFileError(
                _("The file has too many rows: at most %(rows)d per import.") % {"rows": MAX_ROWS}
            )
    if not table.rows:
        raise ImportFileError(_("The file has a header but no data rows."))
    return table


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


_DATE_PATTERNS = (
    re.compile(r"^(?P<d>\d{1,2})\.\s*(?P<m>\d{1,2})\.\s*(?P<y>\d{4})\.?$"),
    re.compile(r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
)


def parse_date(value: Any) -> dt.date | None:
    """A real spreadsheet date, or text as dd.mm.yyyy(.), dd/mm/yyyy or yyyy-mm-dd.

    Returns None for an empty cell; raises ValueError for anything else it cannot read.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    if " " in text and re.match(r"^\d{4}-\d{2}-\d{2} 00:00(:00)?$", text):
        text = text.split(" ", 1)[0]
    for pattern in _DATE_PATTERNS:
        found = pattern.match(text)
        if found:
            return dt.date(int(found["y"]), int(found["m"]), int(found["d"]))
    raise ValueError(text)


_PHONE_JUNK = re.compile(r"[\s\-/().]")


def normalize_phone(value: str) -> str:
    """A phone number in E.164 form: Serbian numbers as +381…, others kept with their +code.

    Accepts 064 123 4567, 064/123-45-67, 00381 64 1234567, +381 (0)64 1234567, 381641234567
    and 641234567 (Excel dropped the leading zero). Returns "" for an empty value; raises
    ValueError when the value is not a phone number.
    """
    text = _PHONE_JUNK.sub("", value.strip())
    if not text:
        return ""
    text = text.replace("+3810", "+381")  # "+381 (0)64 …"
    if text.startswith("00"):
        text = "+" + text[2:]
    if text.startswith("+"):
        digits = text[1:]
        if not digits.isdigit():
            raise ValueError(value)
        if digits.startswith("381"):
            national = digits[3:].removeprefix("0")
        else:
            if not 8 <= len(digits) <= 15:
                raise ValueError(value)
            return "+" + digits
    elif not text.isdigit():
        raise ValueError(value)
    elif text.startswith("381") and len(text) >= 11:
        national = text[3:]
    elif text.startswith("0"):
        national = text[1:]
    else:
        national = text
    if not (8 <= len(national) <= 9 and national[0] in "123456789"):
        raise ValueError(value)
    return "+381" + national
