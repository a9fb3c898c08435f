"""Coordinator pages: labour-market insight (skills gap, sectors) and its CSV/XLSX/PDF exports.

Thin views: parse the filters, call `reports.insights.insight_report` (which applies the
disclosure control), render the page or hand the same tables to the one safe writer
(`core.exports`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.access import coordinator_required
from core import exports
from core.forms import DateField
from core.languages import current_language
from matching.engine.normalize import cyrillic_to_latin
from reference.models import District, Municipality
from reports import charts
from reports.disclosure import MIN_CELL_SIZE, Suppressed
from reports.insights import (
    InsightFilters,
    InsightReport,
    insight_districts,
    insight_municipalities,
    insight_report,
    place_name,
    suppression_note,
)

EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


_LATIN_TO_ASCII = str.maketrans(
    {
        "č": "c", "ć": "c", "š": "s", "ž": "z", "đ": "dj",
        "Č": "C", "Ć": "C", "Š": "S", "Ž": "Z", "Đ": "Dj",
    }
)  # fmt: skip


def export_filename(*parts: str, extension: str, on: dt.date | None = None) -> str:
    """e.g. 'trziste-rada_pirotski_2026-03-01.xlsx' (ASCII, safe in any browser)."""
    day = (on or timezone.localdate()).isoformat()
    slugs = [slugify(cyrillic_to_latin(part).translate(_LATIN_TO_ASCII)) for part in parts if part]
    return "_".join([*(slug for slug in slugs if slug), day]) + f".{extension}"


class PlaceChoiceField(forms.ModelChoiceField):
    """A district or municipality, named in the page's language and script."""

    language = "sr-latn"

    def label_from_instance(self, obj: Any) -> str:
        name = place_name(obj, self.language)
        if isinstance(obj, Municipality):
            return f"{name} ({place_name(obj.district, self.language)})"
        return name


class InsightFilterForm(forms.Form):
    """The page's and the exports' filters (GET); choices limited to the user's districts."""

    district = PlaceChoiceField(
        label=gettext_lazy("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=gettext_lazy("All my districts"),
    )
    municipality = PlaceChoiceField(
        label=gettext_lazy("Municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=gettext_lazy("All municipalities"),
    )
    date_from = DateField(label=gettext_lazy("Registered from"), required=False)
    date_to = DateField(label=gettext_lazy("Registered until"), required=False)

    def __init__(self, *args: Any, user: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district_field = self.fields["district"]
        municipality_field = self.fields["municipality"]
        assert isinstance(district_field, PlaceChoiceField)  # noqa: S101 - narrows the type
        assert isinstance(municipality_field, PlaceChoiceField)  # noqa: S101
        district_field.queryset = insight_districts(user=user).order_by("name_latn")
        municipality_field.queryset = insight_municipalities(user=user)
        district_field.language = municipality_field.language = language

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        district, municipality = data.get("district"), data.get("municipality")
        if district and municipality and municipality.district_id != district.pk:
            self.add_error("municipality", _("This municipality is not in the chosen district."))
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data

    def to_filters(self) -> InsightFilters:
        data = self.cleaned_data
        district, municipality = data.get("district"), data.get("municipality")
        return InsightFilters(
            district_id=district.pk if district else None,
            municipality_id=municipality.pk if municipality else None,
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )

    def described(self) -> list[tuple[str, str]]:
        """The filters in words, for the exports' header."""
        data = self.cleaned_data
        district, municipality = data.get("district"), data.get("municipality")
        language = current_language()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        period = _("all time")
        if date_from or date_to:
            period = "{} – {}".format(
                formats.date_format(date_from, "SHORT_DATE_FORMAT") if date_from else "…",
                formats.date_format(date_to, "SHORT_DATE_FORMAT") if date_to else "…",
            )
        return [
            (
                _("District"),
                place_name(district, language) if district else _("All my districts"),
            ),
            (
                _("Municipality"),
                place_name(municipality, language) if municipality else _("All municipalities"),
            ),
            (_("Registered in the period"), period),
        ]

    def scope_name(self) -> str:
        data = self.cleaned_data
        place = data.get("municipality") or data.get("district")
        return place.name_latn if place else "all"


def _chart_rows(bars: list[tuple[str, Any]]) -> list[tuple[str, float]]:
    """Only published numbers are drawn; hidden ones stay "<5" in the table below the chart."""
    return [(label, float(value)) for label, value in bars if not isinstance(value, Suppressed)]


def _svg(markup: str) -> SafeString:
    # reports.charts escapes every label and number it writes into the SVG.
    return mark_safe(markup)  # noqa: S308


def _charts_for(report: InsightReport) -> dict[int, dict[str, SafeString | str]]:
    result: dict[int, dict[str, SafeString | str]] = {}
    for section in report.districts:
        demand = _chart_rows([(bar.label, bar.demand) for bar in section.chart])
        supply = _chart_rows([(bar.label, bar.supply) for bar in section.chart])
        result[section.district.pk] = {
            "demand": _svg(
                charts.bar_chart(
                    demand,
                    title=_("Placements requiring each skill – %(area)s") % {"area": section.name},
                    chart_id=f"demand-{section.district.pk}",
                )
            )
            if demand
            else "",
            "supply": _svg(
                charts.bar_chart(
                    supply,
                    title=_("Candidates holding each skill – %(area)s") % {"area": section.name},
                    chart_id=f"supply-{section.district.pk}",
                )
            )
            if supply
            else "",
        }
    return result


@require_GET
@coordinator_required
def index(request: HttpRequest) -> HttpResponse:
    language = current_language()
    form = InsightFilterForm(request.GET or None, user=request.user, language=language)
    report = None
    chart_markup: dict[int, dict[str, SafeString | str]] = {}
    if not request.GET or form.is_valid():
        filters = form.to_filters() if form.is_bound else InsightFilters()
        report = insight_report(user=request.user, filters=filters, language=language)
        chart_markup = _charts_for(report)
    sections = [
        {"section": section, "charts": chart_markup.get(section.district.pk, {})}
        for section in (report.districts if report else [])
    ]
    return render(
        request,
        "reports/insights.html",
        {
            "form": form,
            "report": report,
            "sections": sections,
            "min_cell_size": MIN_CELL_SIZE,
            "suppression_note": suppression_note(),
            "export_query": request.GET.urlencode(),
        },
    )


@require_GET
@coordinator_required
def export(request: HttpRequest) -> HttpResponse:
    export_format = request.GET.get("format", "")
    if export_format not in EXPORT_FORMATS:
        return HttpResponseBadRequest(_("Choose the format: csv, xlsx or pdf."))
    language = current_language()
    form = InsightFilterForm(request.GET, user=request.user, language=language)
    if not form.is_valid():
        errors = "; ".join(str(error) for errors in form.errors.values() for error in errors)
        return HttpResponseBadRequest(errors)
    report = insight_report(user=request.user, filters=form.to_filters(), language=language)
    today = timezone.localdate()
    document = exports.Document(
        title=_("Labour market: skills and sectors"),
        tables=report.tables,
        filters=form.described(),
        notes=[
            suppression_note(),
            _(
                "Placements: open and filled placements, with the skills they require. "
                "Candidates: people with a candidate profile, with the skills they listed."
            ),
        ],
        generated_on=today,
    )
    content_type = EXPORT_FORMATS[export_format]
    if export_format == "pdf":
        content = exports.write_pdf(
            document,
            date_label=_("Generated on %(date)s")
            % {"date": formats.date_format(today, "SHORT_DATE_FORMAT")},
        )
    elif export_format == "xlsx":
        content = exports.write_xlsx(document)
    else:
        content = exports.write_csv(document)
    filename = export_filename("trziste-rada", form.scope_name(), extension=export_format, on=today)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
