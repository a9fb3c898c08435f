"""Coordinator pages of the outcome follow-up: checks by urgency, recording, history per match."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import coordinator_required, is_htmx, safe_next
from core.page_errors import service_errors
from followup import selectors, services
from followup.forms import OutcomeRecordForm
from followup.models import OutcomeCheck


def _pairs(checks: list[OutcomeCheck], bound: OutcomeRecordForm | None) -> list[Any]:
    """(check, form) pairs; a bound form (with its errors) replaces the blank one of its check."""
    pairs = []
    for check in checks:
        mine = bound is not None and bound.check.pk == check.pk
        pairs.append((check, bound if mine else OutcomeRecordForm(check=check)))
    return pairs


def _render_index(
    request: HttpRequest, *, bound: OutcomeRecordForm | None = None, status: int = 200
) -> HttpResponse:
    board = selectors.followup_board(user=request.user)
    context = {
        "board": board,
        "overdue": _pairs(board.overdue, bound),
        "due": _pairs(board.due, bound),
        "upcoming": _pairs(board.upcoming, bound),
        "recent": selectors.recently_recorded(user=request.user),
    }
    return render(request, "followup/index.html", context, status=status)


def _render_match(
    request: HttpRequest,
    match_id: int,
    *,
    bound: OutcomeRecordForm | None = None,
    status: int = 200,
) -> HttpResponse:
    match, checks = selectors.match_outcome_history(user=request.user, match_id=match_id)
    if match is None:
        raise Http404
    context = {"match": match, "checks": _pairs(checks, bound), "today": timezone.localdate()}
    return render(request, "followup/match.html", context, status=status)


@coordinator_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _render_index(request)


@coordinator_required
@require_GET
def match_history(request: HttpRequest, match_id: int) -> HttpResponse:
    return _render_match(request, match_id)


def _next_url(request: HttpRequest) -> str:
    return safe_next(request, reverse("followup:index"))


@coordinator_required
@require_POST
def record(request: HttpRequest, check_id: int) -> HttpResponse:
    check = selectors.outcome_check_get(user=request.user, check_id=check_id)
    if check is None:
        raise Http404
    form = OutcomeRecordForm(request.POST, check=check)
    if form.is_valid():
        with service_errors(form=form) as outcome:
            result = services.outcome_check_record(
                check_id=check.pk,
                actor=request.user,  # type: ignore[arg-type]
                outcome=form.cleaned_data["outcome"],
                unreachable=form.cleaned_data["unreachable"],
                note=form.cleaned_data["note"],
            )
        if not outcome.failed:
            saved = result.check
            if saved.status == OutcomeCheck.Status.UNREACHABLE:
                text = _("Saved: %(name)s could not be reached (%(kind)s).")
            else:
                text = _("Saved: %(outcome)s for %(name)s (%(kind)s).")
            messages.success(
                request,
                text
                % {
                    "name": saved.match.candidate,
                    "kind": saved.get_months_display(),
                    "outcome": saved.get_outcome_display(),
                },
            )
            if result.days_early:
                messages.warning(
                    request,
                    _("This check was recorded %(days)s days before it is due.")
                    % {"days": result.days_early},
                )
            if is_htmx(request):
                refreshed = selectors.outcome_check_get(user=request.user, check_id=check.pk)
                if refreshed is None:  # recorded a moment ago in the user's scope
                    raise Http404
                return render(
                    request,
                    "followup/_check.html",
                    {
                        "check": refreshed,
                        "form": OutcomeRecordForm(check=refreshed),
                        "htmx": True,
                        "today": timezone.localdate(),
                    },
                )
            return redirect(_next_url(request))
    if is_htmx(request):
        return render(
            request,
            "followup/_check.html",
            {"check": check, "form": form, "htmx": True, "today": timezone.localdate()},
        )
    if request.POST.get("from") == "match":
        return _render_match(request, check.match_id, bound=form, status=400)
    return _render_index(request, bound=form, status=400)
