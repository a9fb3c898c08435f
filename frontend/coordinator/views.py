"""Pages for the coordinator role: work queue, companies, placements, candidates, allocation.

Thin views: they read through selectors scoped by accounts.permissions (anything outside the
coordinator's districts is a 404) and change state only through the domain services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import permissions
from accounts.access import coordinator_required, is_htmx, safe_next
from accounts.models import User
from candidates.selectors import candidate_list_for_coordinator, programme_data_get
from companies import lifecycle
from companies import selectors as company_selectors
from companies.models import Company, Placement
from companies.services import company_verify, placement_approve, placement_close
from core.languages import current_language
from core.page_errors import service_errors
from frontend.coordinator.forms import (
    REASON_CHOICES,
    AllocationRunForm,
    QueueFilterForm,
    TransitionForm,
)
from frontend.workflow_words import transition_is_danger, transition_label
from matching import selectors as match_selectors
from matching import workflow
from matching.explanations import explanation_sentences
from matching.models import AllocationRun, Match
from matching.services.allocation_runs import (
    Cohort,
    allocation_run_apply,
    allocation_run_create,
    allocation_run_discard,
)
from matching.services.workflow import match_transition
from reference.models import District
from reference.skill_search import skill_display_name

PAGE_SIZE = 20


# --- helpers ---------------------------------------------------------------------------------


def _cyrillic() -> bool:
    return current_language() == "sr"


def _districts_of(user: Any) -> list[District]:
    """The districts a coordinator works in; every district for an admin."""
    queryset = District.objects.order_by("code")
    if not permissions.is_admin(user):
        queryset = queryset.filter(pk__in=permissions.coordinator_district_ids(user))
    return list(queryset)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _action_context(request: HttpRequest) -> dict[str, Any]:
    """What the match step forms of a page need: where to come back to, the reasons."""
    return {"next": request.get_full_path(), "reason_choices": REASON_CHOICES}


def _explanation(match: Match) -> list[str]:
    return explanation_sentences(
        match.breakdown,
        language=current_language(),
        commute_km=match.candidate.max_commute_km,
        audience="coordinator",
    )


def _actions(transitions: list[workflow.Transition]) -> list[dict[str, Any]]:
    return [
        {
            "name": t.name,
            "label": transition_label(t.name, "coordinator"),
            "needs_reason": t.needs_reason,
            "danger": transition_is_danger(t),
        }
        for t in transitions
    ]


def _queue_row(
    match: Match, transitions: list[workflow.Transition], **extra: Any
) -> dict[str, Any]:
    return {
        "match": match,
        "explanation": _explanation(match),
        "actions": _actions(transitions),
        **extra,
    }


def _visible_match(user: Any, match_id: int) -> Match:
    match = (
        permissions.matches_visible_to(user)
        .select_related(
            "candidate__user",
            "candidate__municipality__district",
            "placement__company",
            "placement__municipality",
        )
        .filter(pk=match_id)
        .first()
    )
    if match is None:
        raise Http404
    return match


# --- 1. the work queue ---------------------------------------------------------------------


@coordinator_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """Matches to review in the coordinator's districts, best first, with one-click steps."""
    user = request.user
    form = QueueFilterForm(
        request.GET or None,
        districts=_districts_of(user),
        placements=list(match_selectors.match_queue_placements(user=user)),
        cyrillic=_cyrillic(),
    )
    filters = form.to_filters()
    matches = match_selectors.match_queue_for_coordinator(user=user, filters=filters)
    page = Paginator(matches, PAGE_SIZE).get_page(request.GET.get("page"))
    transitions = match_selectors.match_transitions_for_visible(matches=page, user=user)
    rows = [_queue_row(match, transitions[match.pk]) for match in page]
    return render(
        request,
        "frontend/coordinator/queue.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": _query_without_page(request),
            **_action_context(request),
        },
    )


@coordinator_required
@require_POST
def match_step(request: HttpRequest, match_id: int) -> HttpResponse:
    """Take one workflow step on a match (shortlist, propose, reject with a reason, …).

    Plain POST: a message and back to where the form was. htmx: the queue row, redrawn.
    """
    user = request.user
    match = _visible_match(user, match_id)
    form = TransitionForm(request.POST)
    errors: list[str] = []
    notice = ""
    if not form.is_valid():
        errors = [
            str(message)
            for field, field_errors in form.errors.items()
            for message in field_errors
            if field
        ]
    else:
        name = form.cleaned_data["transition"]
        with service_errors() as outcome:
            match = match_transition(
                match_id=match.pk, transition=name, actor=user, reason=form.reason()
            )
        errors = outcome.messages
        if not outcome.failed:
            notice = _("%(candidate)s – %(placement)s: now “%(status)s”.") % {
                "candidate": match.candidate,
                "placement": match.placement.title,
                "status": match.get_status_display(),
            }
    if is_htmx(request):
        match = _visible_match(user, match_id)
        transitions = match_selectors.match_transitions_available(match=match, user=user)
        row = _queue_row(match, transitions, errors=errors, notice=notice)
        return render(
            request,
            "frontend/coordinator/_queue_row.html",
            {
                "row": row,
                "next": safe_next(request, reverse("coordinator:queue")),
                "reason_choices": REASON_CHOICES,
            },
        )
    for message in errors:
        messages.error(request, message)
    if notice:
        messages.success(request, notice)
    return redirect(safe_next(request, reverse("coordinator:queue")))


# --- 2. companies --------------------------------------------------------------------------


@coordinator_required
@require_GET
def companies(request: HttpRequest) -> HttpResponse:
    """Companies of the coordinator's districts, the ones still to verify first."""
    shown = request.GET.get("verified", "")
    verified = {"no": False, "yes": True}.get(shown)
    queryset = company_selectors.company_list_for_coordinator(user=request.user, verified=verified)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "frontend/coordinator/companies.html",
        {"page": page, "shown": shown, "query": _query_without_page(request)},
    )


def _company_or_404(user: Any, company_id: int) -> Company:
    company = company_selectors.company_get_for_coordinator(user=user, company_id=company_id)
    if company is None:
        raise Http404
    return company


@coordinator_required
@require_GET
def company_detail(request: HttpRequest, company_id: int) -> HttpResponse:
    company = _company_or_404(request.user, company_id)
    return render(request, "frontend/coordinator/company_detail.html", {"company": company})


@coordinator_required
@require_POST
def company_verify_view(request: HttpRequest, company_id: int) -> HttpResponse:
    """Mark a company verified (PIB and MB checked against the business register)."""
    company = _company_or_404(request.user, company_id)
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - the decorator let only signed-in users in
    if company.verified:
        messages.info(request, _("%(company)s was already verified.") % {"company": company})
    else:
        with service_errors(request) as outcome:
            company_verify(company=company, by=user)
        if not outcome.failed:
            messages.success(request, _("%(company)s is verified.") % {"company": company})
    return redirect(safe_next(request, reverse("coordinator:companies")))


# --- 3. placements -------------------------------------------------------------------------


@coordinator_required
@require_GET
def placements(request: HttpRequest) -> HttpResponse:
    """Placements by status; by default the ones waiting for a coordinator's approval."""
    status = request.GET.get("status", Placement.Status.PENDING_REVIEW)
    if status not in Placement.Status.values and status != "all":
        status = Placement.Status.PENDING_REVIEW
    queryset = company_selectors.placement_list_for_coordinator(
        user=request.user, status="" if status == "all" else status
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "frontend/coordinator/placements.html",
        {
            "page": page,
            "status": status,
            "statuses": Placement.Status.choices,
            "query": _query_without_page(request),
        },
    )


def _placement_or_404(user: Any, placement_id: int) -> Placement:
    placement = company_selectors.placement_get_for_coordinator(
        user=user, placement_id=placement_id
    )
    if placement is None:
        raise Http404
    return placement


@coordinator_required
@require_GET
def placement_detail(request: HttpRequest, placement_id: int) -> HttpResponse:
    """A placement with what it asks for and its matches in the coordinator's districts."""
    user = request.user
    placement = _placement_or_404(user, placement_id)
    visible = permissions.matches_visible_to(user).values("pk")
    matches = list(
        match_selectors.match_list_for_placement(placement_id=placement.pk).filter(pk__in=visible)
    )
    transitions = match_selectors.match_transitions_for_visible(matches=matches, user=user)
    rows = [_queue_row(match, transitions[match.pk]) for match in matches]
    skills = [
        {
            "name": skill_display_name(row.skill) if row.skill else row.written_as,
            "required": row.required,
        }
        for row in placement.skills.all()
    ]
    return render(
        request,
        "frontend/coordinator/placement_detail.html",
        {
            "placement": placement,
            "skills": skills,
            "rows": rows,
            "may_act": permissions.coordinates_placement(user, placement),
            "closable": lifecycle.may_take("close", placement.status, lifecycle.COORDINATOR),
            **_action_context(request),
        },
    )


def _placement_step(request: HttpRequest, placement_id: int, step: str) -> HttpResponse:
    placement = _placement_or_404(request.user, placement_id)
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - the decorator let only signed-in users in
    with service_errors(request) as outcome:
        if step == "approve":
            placement_approve(placement=placement, by=user)
            notice = _("“%(title)s” is approved and open.")
        else:
            placement_close(placement=placement, by=user)
            notice = _("“%(title)s” is closed.")
    if not outcome.failed:
        messages.success(request, notice % {"title": placement.title})
    return redirect(safe_next(request, reverse("coordinator:placements")))


@coordinator_required
@require_POST
def placement_approve_view(request: HttpRequest, placement_id: int) -> HttpResponse:
    return _placement_step(request, placement_id, "approve")


@coordinator_required
@require_POST
def placement_close_view(request: HttpRequest, placement_id: int) -> HttpResponse:
    return _placement_step(request, placement_id, "close")


# --- 4. candidates -------------------------------------------------------------------------


@coordinator_required
@require_GET
def candidates(request: HttpRequest) -> HttpResponse:
    """Candidates of the coordinator's districts, searched by name in either script."""
    user = request.user
    query = request.GET.get("q", "").strip()[:100]
    municipality = request.GET.get("municipality", "")
    queryset = candidate_list_for_coordinator(
        user=user, query=query, municipality_code=municipality
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    districts = {district.pk for district in _districts_of(user)}
    municipalities = [m for m in match_selectors.municipality_list() if m.district_id in districts]
    return render(
        request,
        "frontend/coordinator/candidates.html",
        {
            "page": page,
            "q": query,
            "municipality": municipality,
            "municipalities": municipalities,
            "query": _query_without_page(request),
        },
    )


@coordinator_required
@require_GET
def candidate_detail(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """A candidate's profile, skills, languages and matches with their history.

    Programme data (returnee status, vulnerability, gender) is read only when asked for
    (`?programme_data=1`), through candidates.selectors.programme_data_get, which checks the
    reader and logs the read.
    """
    user = request.user
    profile = (
        permissions.candidates_visible_to(user)
        .select_related("user", "municipality__district")
        .prefetch_related("skills__skill", "languages")
        .filter(pk=candidate_id)
        .first()
    )
    if profile is None:
        raise Http404
    matches = list(match_selectors.match_list_for_candidate(candidate_id=profile.pk))
    for match in matches:
        match.candidate = profile  # already loaded; the explanation reads its radius
    transitions = match_selectors.match_transitions_for_visible(matches=matches, user=user)
    rows = [
        _queue_row(
            match,
            transitions[match.pk],
            history=list(match_selectors.match_transition_history(match_id=match.pk)),
        )
        for match in matches
    ]
    skills = [
        {
            "name": skill_display_name(row.skill) if row.skill else row.written_as,
            "proficiency": row.proficiency,
        }
        for row in profile.skills.all()
    ]
    show_programme_data = request.GET.get("programme_data") == "1"
    programme_data = None
    if show_programme_data:
        with service_errors(request) as outcome:
            programme_data = programme_data_get(
                profile=profile, reader=user, purpose="coordinator_page"
            )
        show_programme_data = not outcome.failed
    return render(
        request,
        "frontend/coordinator/candidate_detail.html",
        {
            "profile": profile,
            "skills": skills,
            "rows": rows,
            "show_programme_data": show_programme_data,
            "programme_data": programme_data,
            "vulnerabilities": _vulnerability_labels(programme_data),
            **_action_context(request),
            # Back without ?programme_data=1: a step must not read the sensitive data again.
            "next": reverse("coordinator:candidate-detail", args=[profile.pk]),
        },
    )


def _vulnerability_labels(data: Any) -> list[str]:
    if data is None:
        return []
    from candidates.models import ProgrammeData

    labels = dict(ProgrammeData.Vulnerability.choices)
    return [str(labels.get(code, code)) for code in data.vulnerabilities or []]


# --- 5. cohort allocation ------------------------------------------------------------------


def _allocation_form(request: HttpRequest, data: Any = None) -> AllocationRunForm:
    return AllocationRunForm(data, districts=_districts_of(request.user), cyrillic=_cyrillic())


@coordinator_required
def allocations(request: HttpRequest) -> HttpResponse:
    """The allocation runs (newest first) and the form that starts a new one."""
    user = request.user
    form = _allocation_form(request, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cohort = Cohort(
            district_codes=tuple(data["districts"]),
            categories=tuple(data["categories"]),
            seeking=data["seeking"] or "",
        )
        with service_errors(form=form, renamed={}) as outcome:
            run = allocation_run_create(
                by=user,
                cohort=cohort,
                method=data["method"],
                min_score=data["min_score"],
                description=data["description"],
            )
        if not outcome.failed:
            messages.success(
                request, _("Allocation run %(id)d is ready for review.") % {"id": run.pk}
            )
            return redirect("coordinator:allocation-detail", run_id=run.pk)
    elif request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    runs = match_selectors.allocation_run_list(user=user).order_by("-created_at", "-id")
    page = Paginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
    status = 200 if not form.errors else 400
    return render(
        request,
        "frontend/coordinator/allocations.html",
        {"form": form, "page": page},
        status=status,
    )


def _run_or_404(user: Any, run_id: int) -> AllocationRun:
    run = match_selectors.allocation_run_list(user=user).filter(pk=run_id).first()
    if run is None:
        raise Http404
    return run


@coordinator_required
@require_GET
def allocation_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """A run side by side with where each candidate stands now; Apply or Discard a draft."""
    run = _run_or_404(request.user, run_id)
    comparison = match_selectors.allocation_run_comparison(run=run)
    pair_matches = match_selectors.allocation_run_pair_matches(run=run)
    rows = []
    for row in comparison:
        pair_match = None
        if row.proposal is not None:
            pair_match = pair_matches.get((row.candidate.pk, row.proposal.placement_id))
        explanation = []
        if pair_match is not None:
            pair_match.candidate = row.candidate
            explanation = _explanation(pair_match)
        rows.append({"row": row, "explanation": explanation})
    return render(
        request,
        "frontend/coordinator/allocation_detail.html",
        {
            "run": run,
            "rows": rows,
            "is_draft": run.status == AllocationRun.Status.DRAFT,
            "left_out": len(run.params.get("left_out_holding_a_slot", [])),
        },
    )


@coordinator_required
@require_POST
def allocation_apply_view(request: HttpRequest, run_id: int) -> HttpResponse:
    """Propose every pair of the run to its company; report what was skipped and why."""
    run = _run_or_404(request.user, run_id)
    with service_errors(request) as outcome:
        report = allocation_run_apply(run=run, by=request.user)
    if not outcome.failed:
        messages.success(
            request,
            _(
                "Run %(id)d applied: %(proposed)d proposed, %(already)d already proposed, "
                "%(skipped)d skipped."
            )
            % {
                "id": run.pk,
                "proposed": len(report.proposed),
                "already": len(report.already_proposed),
                "skipped": len(report.skipped),
            },
        )
        if report.skipped:
            messages.warning(
                request, _("The skipped pairs and the reasons are listed below the run.")
            )
    return redirect("coordinator:allocation-detail", run_id=run.pk)


@coordinator_required
@require_POST
def allocation_discard_view(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run_or_404(request.user, run_id)
    with service_errors(request) as outcome:
        allocation_run_discard(run=run, by=request.user)
    if outcome.failed:
        return redirect("coordinator:allocation-detail", run_id=run.pk)
    messages.success(request, _("Run %(id)d discarded; nothing changed.") % {"id": run.pk})
    return redirect("coordinator:allocations")


__all__ = [
    "allocation_apply_view",
    "allocation_detail",
    "allocation_discard_view",
    "allocations",
    "candidate_detail",
    "candidates",
    "companies",
    "company_detail",
    "company_verify_view",
    "match_step",
    "placement_approve_view",
    "placement_close_view",
    "placement_detail",
    "placements",
    "queue",
]
