"""Operational exports (person-level, coordinators only): placements and matches as CSV/XLSX.

The tables are written by the one safe writer (`core.exports`): CSV in UTF-8 with a BOM and `;`
between cells, which Excel in a Serbian locale opens as columns with the letters intact, dates
and scores the page language's way; names and titles never become spreadsheet formulas.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Placement
from core.exports import Cell, Document, Table, write_csv, write_xlsx
from matching.models import Match
from reference.models import Municipality
from reference.skill_search import skill_display_name

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def municipality_name(municipality: Municipality | None, *, cyrillic: bool) -> str:
    if municipality is None:
        return ""
    return municipality.name_cyrl if cyrillic else municipality.name_latn


def _date(value: dt.date | dt.datetime | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date()
    return value


def placement_table(
    placements: Iterable[Placement], *, cyrillic: bool
) -> tuple[list[str], list[list[Cell]]]:
    headers = [
        _("Company"),
        _("Title"),
        _("Kind"),
        _("Municipality"),
        _("Remote"),
        _("Status"),
        _("Slots"),
        _("Start date"),
        _("Duration (months)"),
        _("Application deadline"),
        _("Created"),
        _("Required skills"),
    ]
    rows: list[list[Cell]] = []
    for placement in placements:
        skills = [
            skill_display_name(row.skill) if row.skill is not None else row.written_as
            for row in getattr(placement, "required_skills", placement.skills.all())
        ]
        rows.append(
            [
                placement.company.legal_name,
                placement.title,
                str(placement.get_kind_display()),
                municipality_name(placement.municipality, cyrillic=cyrillic),
                _("yes") if placement.remote else _("no"),
                str(placement.get_status_display()),
                placement.slots,
                placement.start_date,
                placement.duration_months,
                placement.application_deadline,
                _date(placement.created_at),
                "; ".join(skills),
            ]
        )
    return headers, rows


def match_table(matches: Iterable[Match], *, cyrillic: bool) -> tuple[list[str], list[list[Cell]]]:
    headers = [
        _("Candidate"),
        _("Candidate's municipality"),
        _("Placement"),
        _("Company"),
        _("Placement municipality"),
        _("Score"),
        _("Status"),
        _("Created"),
        _("Status changed"),
    ]
    rows: list[list[Cell]] = []
    for match in matches:
        user = match.candidate.user
        rows.append(
            [
                user.get_full_name() or user.username,
                municipality_name(match.candidate.municipality, cyrillic=cyrillic),
                match.placement.title,
                match.placement.company.legal_name,
                municipality_name(match.placement.municipality, cyrillic=cyrillic),
                round(match.score, 3),
                str(match.get_status_display()),
                _date(match.created_at),
                _date(match.status_changed_at),
            ]
        )
    return headers, rows


def export_document(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> Document:
    """A plain list (header row first, no cover sheet) for the one safe writer."""
    return Document(title="", tables=[Table(title="", columns=headers, rows=rows, decimals=3)])


def to_csv(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    return write_csv(export_document(headers, rows))


def to_xlsx(headers: Sequence[str], rows: Sequence[Sequence[Cell]], *, title: str) -> bytes:
    return write_xlsx(export_document(headers, rows), sheet_name=title)
