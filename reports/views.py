"""Coordinator pages: the programme dashboard (targets, progress, funnel) and the fairness audit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import coordinator_required
from accounts.permissions import is_admin
from core import exports
from core.exports import Cell
from core.page_errors import service_errors
from followup import selectors as followup_selectors
from reports import charts, selectors
from reports.forms import PeriodForm, TargetForm
from reports.insights import InsightFilters, skills_gap_overall
from reports.services import programme_target_set

OUTCOME_LABELS = {
    "reached": _("Reached"),
    "trained": _("Trained"),
    "placed": _("Placed in an internship"),
}
RATE_LABELS = {
    "match": _("Strong match rate"),
    "proposal": _("Proposal rate"),
    "placement": _("Placement rate"),
}


def _language() -> str:
    return (get_language() or "sr-latn").lower()


def _period(request: HttpRequest) -> tuple[PeriodForm, Any]:
    """The period form (bound to the query) and the scope it selects; an invalid query falls
    back to the default period (the form shows why)."""
    user: Any = request.user
    admin = is_admin(user)
    form = PeriodForm(request.GET or None, show_organisation=admin)
    if not (form.is_bound and form.is_valid()):
        default = PeriodForm({}, show_organisation=admin)
        default.is_valid()
        cleaned = default.cleaned_data
    else:
        cleaned = form.cleaned_data
    organisation = cleaned.get("organisation") if admin else user.organisation
    scope = selectors.report_scope(
        user=user, organisation=organisation, start=cleaned["start"], end=cleaned["end"]
    )
    return form, scope


def _dashboard_context(request: HttpRequest, scope: Any) -> dict[str, Any]:
    language = _language()
    progress = selectors.progress_rows(scope)
    districts = selectors.breakdown_by_place(scope, level="district", language=language)
    municipalities = selectors.breakdown_by_place(scope, level="municipality", language=language)
    categories = selectors.breakdown_by_category(scope)
    sensitive = [
        selectors.breakdown_sensitive(scope, group_by=group_by, reader=request.user)
        for group_by in ("gender", "is_returnee")
    ]
    per_month = selectors.outcomes_per_month(scope)
    funnel = selectors.funnel(scope)
    labels = {key: str(label) for key, label in OUTCOME_LABELS.items()}
    district_ids = None if scope.district_ids is None else set(scope.district_ids)
    retention = followup_selectors.retention_summary(
        district_ids=district_ids, start=scope.start, end=scope.end
    )
    skills_gap = skills_gap_overall(user=request.user, filters=InsightFilters(), language=language)
    return {
        "scope": scope,
        "progress": progress,
        "skills_gap": skills_gap,
        "progress_chart": mark_safe(  # noqa: S308 - charts escape every label themselves
            charts.bar_chart(
                [(row.label, row.percent or 0.0) for row in progress if row.target],
                title=_gettext("Progress against targets (%)"),
                chart_id="chart-progress",
                decimals=1,
                suffix=" %",
            )
        ),
        "has_targets": any(row.target for row in progress),
        "outcome_labels": labels,
        "districts": districts,
        "district_chart": mark_safe(  # noqa: S308
            charts.bar_chart(
                [(row.label, row.counts["reached"]) for row in districts],
                title=_gettext("People reached by district"),
                chart_id="chart-districts",
            )
        ),
        "municipalities": municipalities,
        "categories": categories,
        "category_chart": mark_safe(  # noqa: S308
            charts.bar_chart(
                [(row.label, row.counts["reached"]) for row in categories],
                title=_gettext("People reached by candidate category"),
                chart_id="chart-categories",
            )
        ),
        "sensitive": sensitive,
        "per_month": [
            (reached[0], reached[1], trained[1], placed[1])
            for reached, trained, placed in zip(
                per_month["reached"], per_month["trained"], per_month["placed"], strict=True
            )
        ],
        "month_chart": mark_safe(  # noqa: S308
            charts.line_chart(
                {labels[name]: points for name, points in per_month.items()},
                title=_gettext("People reached, trained and placed per month"),
                chart_id="chart-months",
            )
        ),
        "funnel": funnel,
        "funnel_chart": mark_safe(  # noqa: S308
            charts.funnel_chart(
                [(row.label, row.count) for row in funnel],
                title=_gettext("From suggestion to completed internship"),
                chart_id="chart-funnel",
            )
        ),
        "min_cell_size": selectors.MIN_CELL_SIZE,
        "retention": retention,
    }


@require_http_methods(["GET", "POST"])
@coordinator_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Progress against the programme's targets, broken down, over time, and the funnel."""
    admin = is_admin(request.user)
    period_form, scope = _period(request)
    status = 200
    if request.method == "POST":
        target_form = TargetForm(request.POST, show_organisation=admin)
        if target_form.is_valid():
            data = target_form.cleaned_data
            user: Any = request.user
            organisation = data.get("organisation") if admin else user.organisation
            with service_errors(form=target_form) as outcome:
                programme_target_set(
                    by=request.user,
                    organisation=organisation,
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    indicator=data["indicator"],
                    value=data["value"],
                )
            if not outcome.failed:
                messages.success(request, _("The target was saved."))
                query = QueryDict(mutable=True)
                query["start"] = data["period_start"].isoformat()
                query["end"] = data["period_end"].isoformat()
                if admin and organisation is not None:
                    query["organisation"] = str(organisation.pk)
                return redirect(f"{reverse('reports:dashboard')}?{query.urlencode()}")
        status = 400
    else:
        target_form = TargetForm(
            initial={
                "period_start": scope.start,
                "period_end": scope.end,
                "organisation": scope.organisation,
            },
            show_organisation=admin,
        )
    context = _dashboard_context(request, scope)
    context.update({"period_form": period_form, "target_form": target_form, "is_admin": admin})
    return render(request, "reports/dashboard.html", context, status=status)


def _fairness_scope(request: HttpRequest) -> tuple[PeriodForm, Any]:
    return _period(request)


@require_GET
@coordinator_required
def fairness(request: HttpRequest) -> HttpResponse:
    """Rates per gender, returnee status, category and district, and the four-fifths check."""
    period_form, scope = _fairness_scope(request)
    groupings = selectors.fairness_audit(
        district_ids=scope.district_ids, reader=request.user, language=_language()
    )
    export_query = QueryDict(mutable=True)
    if scope.organisation is not None and is_admin(request.user):
        export_query["organisation"] = str(scope.organisation.pk)
    return render(
        request,
        "reports/fairness.html",
        {
            "groupings": groupings,
            "rate_labels": RATE_LABELS,
            "min_cell_size": selectors.MIN_CELL_SIZE,
            "strong_score": selectors.settings.MATCHING_STRONG_SCORE,
            "period_form": period_form,
            "is_admin": is_admin(request.user),
            "export_query": export_query.urlencode(),
        },
    )


@require_GET
@coordinator_required
def fairness_flags(request: HttpRequest) -> HttpResponse:
    """The dashboard's fairness section: only the groups flagged by the four-fifths rule.

    Loaded by htmx after the dashboard (the audit reads every candidate in scope, so the
    dashboard itself stays fast); without JavaScript the dashboard links to the full audit.
    """
    _form, scope = _fairness_scope(request)
    groupings = selectors.fairness_audit(
        district_ids=scope.district_ids, reader=request.user, language=_language()
    )
    flagged = [
        (
            grouping,
            row,
            [RATE_LABELS[rate] for rate in selectors.FAIRNESS_RATES if rate in row.flags],
        )
        for grouping in groupings
        for row in grouping.rows
        if row.rated and row.flagged
    ]
    return render(request, "reports/partials/fairness_flags.html", {"flagged": flagged})


@require_GET
@coordinator_required
def fairness_export(request: HttpRequest) -> HttpResponse:
    """The fairness audit as CSV: one row per group, a `flagged` column (four-fifths rule)."""
    _form, scope = _fairness_scope(request)
    groupings = selectors.fairness_audit(
        district_ids=scope.district_ids, reader=request.user, language=_language()
    )
    columns = ["grouping", "group", "candidates"]
    for rate in selectors.FAIRNESS_RATES:
        columns += [f"{rate}_rate", f"{rate}_ratio_to_best"]
    columns += ["flagged", "flagged_rates"]
    fewer = _gettext("fewer than %(count)d") % {"count": selectors.MIN_CELL_SIZE}
    rows: list[list[Cell]] = []
    for grouping in groupings:
        for row in grouping.rows:
            if row.too_small:
                rows.append([grouping.key, row.label, fewer, *[None] * 6, None, None])
                continue
            cells: list[Cell] = []
            for rate in selectors.FAIRNESS_RATES:
                cells += [row.rates.get(rate), row.ratios.get(rate)]
            flagged = ("yes" if row.flagged else "no") if row.rated else None
            rows.append(
                [
                    grouping.key,
                    row.label,
                    row.candidates,
                    *cells,
                    flagged,
                    " ".join(rate for rate in selectors.FAIRNESS_RATES if rate in row.flags),
                ]
            )
    document = exports.Document(
        title="", tables=[exports.Table(title="", columns=columns, rows=rows, decimals=3)]
    )
    response = HttpResponse(exports.write_csv(document), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="fairness-audit.csv"'
    return response


__all__ = ["dashboard", "fairness", "fairness_export", "fairness_flags"]
