"""Pages for the company role: sign-up, home, company profile, placements, proposed candidates.

Thin views: the rules (who sees what, which status allows which change, the match workflow)
live in accounts.permissions and the companies/matching services; their errors are shown as
messages or as form errors naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts import permissions as rules
from accounts.access import company_required, is_htmx, safe_next
from accounts.models import User
from companies import lifecycle
from companies.models import Company, Placement
from companies.selectors import company_list_for_member, placement_list_for_member
from companies.services import (
    company_signup,
    company_update,
    placement_close,
    placement_create,
    placement_submit,
    placement_update,
)
from core.languages import current_language
from core.page_errors import service_errors
from frontend.company.forms import CompanyProfileForm, CompanySignupForm, PlacementForm
from frontend.workflow_words import transition_is_danger, transition_label
from matching import workflow
from matching.explanations import explanation_sentences
from matching.models import Match
from matching.read_models import match_views_for
from matching.selectors import match_list_for_company_member
from matching.services.workflow import match_transition
from reference.skill_search import skill_display_name


def _member(request: HttpRequest) -> User:
    """The signed-in company user (company_required let only them in)."""
    return cast(User, request.user)


def _company_for(request: HttpRequest, company_id: int | None) -> tuple[list[Company], Company]:
    companies = list(company_list_for_member(user=request.user))
    if company_id is None:
        if not companies:
            raise Http404(_("You are not a member of any company."))
        return companies, companies[0]
    for company in companies:
        if company.pk == company_id:
            return companies, company
    raise Http404(_("There is no such company."))


def _placement_for(request: HttpRequest, placement_id: int) -> Placement:
    """Another company's placement is 404 unless it is public (then 403)."""
    placement = (
        rules.placements_visible_to(request.user)
        .select_related("company", "municipality")
        .filter(pk=placement_id)
        .first()
    )
    if placement is None:
        raise Http404(_("There is no such placement."))
    if not rules.can_manage_placement(request.user, placement):
        raise PermissionDenied
    return placement


# --- sign-up -----------------------------------------------------------------------------


def signup(request: HttpRequest) -> HttpResponse:
    """A company registers: the person and the company, logged in afterwards."""
    if request.user.is_authenticated:
        return redirect("frontend:home")
    form = CompanySignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors(form=form, renamed={"password": "password1"}) as outcome:
            user, company = company_signup(
                email=data["email"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                phone=data["phone"],
                preferred_language=current_language(),
                legal_name=data["legal_name"],
                pib=data["pib"],
                mb=data["mb"],
                sector=data["sector"],
                municipality=data["municipality"],
                address=data["address"],
                website=data["website"],
                description=data["description"],
            )
        if not outcome.failed:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _(
                    "Welcome! %(company)s is registered. A programme coordinator will verify "
                    "the company; until then its placements cannot be published."
                )
                % {"company": company.legal_name},
            )
            return redirect("company:home")
    return render(request, "frontend/company/signup.html", {"form": form})


# --- home and profile ----------------------------------------------------------------------


@company_required
def home(request: HttpRequest) -> HttpResponse:
    """The company user's landing page: their companies, placements and waiting answers."""
    companies = list(company_list_for_member(user=request.user))
    placements = list(placement_list_for_member(user=request.user))
    by_company: dict[int, list[Placement]] = {}
    for placement in placements:
        by_company.setdefault(placement.company_id, []).append(placement)
    waiting = sum(getattr(p, "waiting_count", 0) for p in placements)
    return render(
        request,
        "frontend/company/home.html",
        {
            "companies": [(c, by_company.get(c.pk, [])) for c in companies],
            "waiting": waiting,
        },
    )


@company_required
def profile(request: HttpRequest, company_id: int | None = None) -> HttpResponse:
    """Edit the company's profile (companies.services.company_update)."""
    companies, company = _company_for(request, company_id)
    initial = CompanyProfileForm.initial_from(company)
    form = CompanyProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with service_errors(form=form) as outcome:
            company_update(company=company, **form.cleaned_data)
        if outcome.failed:
            company.refresh_from_db()
        else:
            messages.success(request, _("The company profile is saved."))
            return redirect("company:profile-company", company_id=company.pk)
    return render(
        request,
        "frontend/company/profile.html",
        {"form": form, "company": company, "companies": companies},
    )


# --- placements ----------------------------------------------------------------------------


@company_required
def placement_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    placements = placement_list_for_member(user=request.user)
    if status in Placement.Status.values:
        placements = placements.filter(status=status)
    else:
        status = ""
    page = Paginator(placements, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "frontend/company/placement_list.html",
        {"page": page, "statuses": Placement.Status.choices, "selected_status": status},
    )


@company_required
def placement_new(request: HttpRequest) -> HttpResponse:
    companies = list(company_list_for_member(user=request.user))
    if not companies:
        messages.error(request, _("You are not a member of any company yet."))
        return redirect("company:home")
    form = PlacementForm(request.POST or None, companies=companies)
    if request.method == "POST" and form.is_valid():
        company = companies[0]
        if "company" in form.cleaned_data:
            company = next(c for c in companies if c.pk == form.cleaned_data["company"])
        with service_errors(form=form) as outcome:
            placement = placement_create(
                company=company,
                skills=form.skill_requirements() or [],
                languages=form.languages() or [],
                **form.details(),
            )
        if not outcome.failed:
            messages.success(
                request,
                _("The placement is saved as a draft. Submit it for review when it is ready."),
            )
            return redirect("company:placement-detail", placement_id=placement.pk)
    return render(
        request,
        "frontend/company/placement_form.html",
        {"form": form, "placement": None},
    )


@company_required
def placement_edit(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = _placement_for(request, placement_id)
    locked = placement.status in lifecycle.EDITABLE_WHEN_APPROVED
    initial = PlacementForm.initial_from(placement)
    form = PlacementForm(request.POST or None, initial=initial, locked=locked)
    if request.method == "POST" and form.is_valid():
        previous = {row.skill_id: row.written_as for row in placement.skills.all() if row.skill_id}
        with service_errors(request, form=form) as outcome:
            placement_update(
                placement=placement,
                by=_member(request),
                skills=form.skill_requirements(previous),
                languages=form.languages(),
                **form.details(),
            )
        if not outcome.failed:
            messages.success(request, _("The placement is saved."))
            return redirect("company:placement-detail", placement_id=placement.pk)
    return render(
        request,
        "frontend/company/placement_form.html",
        {"form": form, "placement": placement},
    )


@company_required
def placement_detail(request: HttpRequest, placement_id: int) -> HttpResponse:
    """One placement, its requirements and the candidates proposed for it."""
    placement = _placement_for(request, placement_id)
    skills = [
        (skill_display_name(row.skill) if row.skill else row.written_as, row.required)
        for row in placement.skills.select_related("skill")
    ]
    proposals = _proposals(
        request, match_list_for_company_member(user=request.user, placement_id=placement.pk)
    )
    return render(
        request,
        "frontend/company/placement_detail.html",
        {
            "placement": placement,
            "required_skills": [name for name, required in skills if required],
            "preferred_skills": [name for name, required in skills if not required],
            "languages": list(placement.languages.all()),
            "proposals": proposals,
            "can_edit": lifecycle.is_editable(placement.status),
            "can_submit": lifecycle.may_take("submit", placement.status, lifecycle.MEMBER),
            "can_close": lifecycle.may_take("close", placement.status, lifecycle.MEMBER),
        },
    )


@company_required
@require_POST
def placement_submit_view(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = _placement_for(request, placement_id)
    with service_errors(request) as outcome:
        placement_submit(placement=placement, by=_member(request))
    if not outcome.failed:
        messages.success(
            request, _("The placement is sent for review. A coordinator will publish it.")
        )
    return redirect("company:placement-detail", placement_id=placement.pk)


@company_required
@require_POST
def placement_close_view(request: HttpRequest, placement_id: int) -> HttpResponse:
    placement = _placement_for(request, placement_id)
    with service_errors(request) as outcome:
        placement_close(placement=placement, by=_member(request))
    if not outcome.failed:
        messages.success(request, _("The placement is closed."))
    return redirect("company:placement-detail", placement_id=placement.pk)


# --- proposed candidates -------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    name: str
    label: Any
    needs_reason: bool
    danger: bool


@dataclass(frozen=True)
class Proposal:
    """A match as the company sees it: a reference until the candidate accepted, then the
    contact details too (the same minimisation as the API's MatchSerializer)."""

    match: Match
    reference: str
    municipality: str
    education: str
    skills: list[str]
    languages: list[str]
    explanation: list[str]
    contact: dict[str, str] | None
    actions: list[Action]


def _proposals(request: HttpRequest, matches: Any) -> list[Proposal]:
    """The proposals as the company's read model of each match shows them (matching.read_models:
    the same rule as the API's match serializers)."""
    language = current_language()
    proposals = []
    for view in match_views_for(request.user, matches, with_actions=True):
        match, candidate = view.match, view.match.candidate
        place = candidate.municipality
        contact = None
        if view.contact is not None:
            contact = {
                "name": view.contact.name,
                "email": view.contact.email,
                "phone": view.contact.phone,
            }
        proposals.append(
            Proposal(
                match=match,
                reference=view.candidate_reference,
                municipality=place.name_cyrl if language == "sr" else place.name_latn,
                education=candidate.get_education_level_display()
                if candidate.education_level
                else "",
                skills=[
                    skill_display_name(row.skill) if row.skill else row.written_as
                    for row in candidate.skills.all()
                ],
                languages=[
                    f"{row.get_language_display()} {row.level}" for row in candidate.languages.all()
                ],
                explanation=explanation_sentences(
                    match.breakdown if isinstance(match.breakdown, dict) else {},
                    language=language,
                    commute_km=candidate.max_commute_km,
                    audience="company",
                ),
                contact=contact,
                actions=[
                    Action(
                        name=t.name,
                        label=transition_label(t.name, "company"),
                        needs_reason=t.needs_reason,
                        danger=transition_is_danger(t),
                    )
                    for t in view.actions
                ],
            )
        )
    return proposals


@company_required
def proposals(request: HttpRequest) -> HttpResponse:
    """Every candidate a coordinator proposed to the user's companies."""
    show = request.GET.get("show", "")
    matches = match_list_for_company_member(user=request.user)
    if show == "waiting":
        matches = matches.filter(status=Match.Status.PROPOSED)
    else:
        show = ""
    page = Paginator(matches, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "frontend/company/proposals.html",
        {"page": page, "proposals": _proposals(request, page.object_list), "show": show},
    )


@company_required
@require_POST
def match_step(request: HttpRequest, match_id: int) -> HttpResponse:
    """Take one workflow step on a proposed match (accept, decline, complete, …)."""
    match = match_list_for_company_member(user=request.user).filter(pk=match_id).first()
    if match is None:
        raise Http404(_("There is no such proposal."))
    name = request.POST.get("transition", "")
    reason = request.POST.get("reason", "")[:2000]
    target = safe_next(request, reverse("company:proposals"))
    if name not in workflow.TRANSITIONS:
        messages.error(request, _("Unknown step."))
        return redirect(target)
    with service_errors(request) as outcome:
        match_transition(match_id=match.pk, transition=name, actor=request.user, reason=reason)
    if not outcome.failed:
        messages.success(
            request, _("Saved: %(step)s.") % {"step": transition_label(name, "company")}
        )
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)
