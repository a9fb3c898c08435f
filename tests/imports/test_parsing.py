"""Reading CSV/XLSX uploads: encodings, delimiters, headers in either script, dates, phones."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from imports.parsing import (
    BENEFICIARIES,
    COMPANIES,
    MAX_FILE_BYTES,
    MAX_ROWS,
    ImportFileError,
    normalize_phone,
    parse_date,
    read_table,
)

LATIN_CSV = (
    "Ime i prezime;Opština;Telefon;Obuka;Datum\nĐorđe Šćekić;Niš;064 123 4567;Kuvar;15.03.2027.\n"
)


def test_utf8_with_bom_and_semicolons_is_read() -> None:
    table = read_table(b"\xef\xbb\xbf" + LATIN_CSV.encode("utf-8"), kind=BENEFICIARIES)
    assert table.headers["full_name"] == "Ime i prezime"
    assert table.headers["municipality"] == "Opština"
    [row] = table.rows
    assert row.number == 2
    assert row.text("full_name") == "Đorđe Šćekić"
    assert row.text("date") == "15.03.2027."


def test_windows_1250_is_detected() -> None:
    table = read_table(LATIN_CSV.encode("cp1250"), kind=BENEFICIARIES)
    assert table.rows[0].text("full_name") == "Đorđe Šćekić"
    assert table.headers["municipality"] == "Opština"


def test_utf16_from_excel_with_tabs_is_read() -> None:
    text = LATIN_CSV.replace(";", "\t")
    table = read_table(text.encode("utf-16"), kind=BENEFICIARIES)
    assert table.rows[0].text("full_name") == "Đorđe Šćekić"


def test_comma_delimiter_and_cyrillic_headers() -> None:
    text = "Име и презиме,Општина,Телефон\nЈелена Стојановић,Пирот,060/555-12-34\n"
    table = read_table(text.encode("utf-8"), kind=BENEFICIARIES)
    assert set(table.headers) == {"full_name", "municipality", "phone"}
    assert table.rows[0].text("full_name") == "Јелена Стојановић"


def test_english_and_split_name_headers_unknown_columns_ignored() -> None:
    text = "First name,Last name,Municipality,Shoe size\nAna,Ilic,Nis,40\n"
    table = read_table(text.encode(), kind=BENEFICIARIES)
    assert table.rows[0].text("first_name") == "Ana"
    assert table.ignored_headers == ["Shoe size"]


def test_blank_rows_are_skipped_and_row_numbers_are_the_spreadsheet_s() -> None:
    text = "Ime i prezime;Opština\n\nAna Ilić;Niš\n;\nIva Ilić;Pirot\n"
    table = read_table(text.encode(), kind=BENEFICIARIES)
    assert [row.number for row in table.rows] == [3, 5]


def test_missing_name_column_is_a_file_error() -> None:
    with pytest.raises(ImportFileError, match="no name column"):
        read_table("Opština;Telefon\nNiš;0641234567\n".encode(), kind=BENEFICIARIES)


def test_company_file_must_have_its_required_columns() -> None:
    with pytest.raises(ImportFileError, match="MB") as info:
        read_table(b"Naziv;PIB;Opstina;Delatnost\nFirma;100000032;Nis;C\n", kind=COMPANIES)
    assert "PIB" not in str(info.value.messages)


def test_file_size_and_row_caps() -> None:
    with pytest.raises(ImportFileError, match="too big"):
        read_table(b"x" * (MAX_FILE_BYTES + 1), kind=BENEFICIARIES)
    rows = "".join(f"Osoba Broj{n};Niš\n" for n in range(MAX_ROWS + 1))
    with pytest.raises(ImportFileError, match="too many rows"):
        read_table(("Ime i prezime;Opština\n" + rows).encode(), kind=BENEFICIARIES)


def test_header_only_file_is_an_error() -> None:
    with pytest.raises(ImportFileError, match="no data rows"):
        read_table(b"Ime i prezime;Opstina\n", kind=BENEFICIARIES)


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    workbook = Workbook()
    first = True
    for title, rows in sheets.items():
        sheet = workbook.active if first else workbook.create_sheet()
        assert sheet is not None
        sheet.title = title
        first = False
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_first_sheet_with_real_dates_and_numeric_phones() -> None:
    content = _xlsx(
        {
            "Polaznici": [
                ["Ime i prezime", "Opština", "Telefon", "Datum"],
                ["Ana Ilić", "Niš", 641234567, dt.date(2027, 3, 15)],
            ],
            "Drugo": [["nothing"]],
        }
    )
    table = read_table(content, kind=BENEFICIARIES)
    [row] = table.rows
    assert row.text("phone") == "641234567"
    assert parse_date(row.cells["date"]) == dt.date(2027, 3, 15)


def test_xlsx_named_sheet_and_unknown_sheet() -> None:
    content = _xlsx(
        {
            "Prvi": [["nothing"]],
            "Polaznici": [
                ["Ime i prezime", "Opstina", "Datum"],
                ["Iva Ilic", "Pirot", "01.04.2027."],
            ],
        }
    )
    table = read_table(content, kind=BENEFICIARIES, sheet="polaznici")
    assert table.rows[0].text("full_name") == "Iva Ilic"
    with pytest.raises(ImportFileError, match="no sheet named"):
        read_table(content, kind=BENEFICIARIES, sheet="Treći")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15.03.2027.", dt.date(2027, 3, 15)),
        ("15.03.2027", dt.date(2027, 3, 15)),
        ("5. 3. 2027.", dt.date(2027, 3, 5)),
        ("15/03/2027", dt.date(2027, 3, 15)),
        ("2027-03-15", dt.date(2027, 3, 15)),
        ("", None),
    ],
)
def test_dates_in_usual_forms(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["15.13.2027.", "mart 2027", "32.01.2027"])
def test_bad_dates_raise(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("064 123 4567", "+381641234567"),
        ("064/123-45-67", "+381641234567"),
        ("+381 64 1234567", "+381641234567"),
        ("+381 (0)64 1234567", "+381641234567"),
        ("00381641234567", "+381641234567"),
        ("381641234567", "+381641234567"),
        ("641234567", "+381641234567"),
        ("018 123 456", "+38118123456"),
        ("+49 151 23456789", "+4915123456789"),
        ("", ""),
    ],
)
def test_phone_numbers_normalise_to_e164(text: str, expected: str) -> None:
    assert normalize_phone(text) == expected


@pytest.mark.parametrize("text", ["12345", "064 abc 4567", "+381 64", "0641234567890"])
def test_bad_phone_numbers_raise(text: str) -> None:
    with pytest.raises(ValueError):
        normalize_phone(text)
