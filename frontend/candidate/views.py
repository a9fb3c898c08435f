"""Pages for the candidate role: sign-up, profile, matches and their steps, my data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import candidate_required, safe_next
from accounts.permissions import matches_visible_to
from candidates.models import CandidateDocument, CandidateProfile, ConsentRecord
from candidates.privacy import candidate_document_delete, candidate_document_upload
from candidates.selectors import candidate_documents_of, sensitive_data_accesses_about
from candidates.services import (
    SkillEntry,
    candidate_languages_set,
    candidate_profile_update,
    candidate_sign_up,
    candidate_skills_set,
    consent_grant,
    consent_withdraw,
)
from core.languages import current_language
from core.page_errors import service_errors
from frontend.candidate.forms import ProfileForm, SignupForm
from frontend.workflow_words import TRANSITION_LABELS, badge_class, transition_label
from matching import workflow
from matching.explanations import explanation_sentences
from matching.models import Match
from matching.selectors import (
    match_list_for_candidate,
    match_transition_history,
    match_transitions_available,
)
from matching.services.workflow import match_transition

TRANSITION_DONE = {
    "express_interest": _("We told the coordinator you are interested."),
    "candidate_accept": _("You accepted the offer. Congratulations!"),
    "candidate_decline": _("You declined the offer."),
}
# Where a match stands, said to the candidate.
STATUS_WORDS: dict[str, Promise] = {
    Match.Status.SUGGESTED: _("Suggested for you"),
    Match.Status.INTERESTED: _("You said you are interested"),
    Match.Status.SHORTLISTED: _("The coordinator is considering you"),
    Match.Status.PROPOSED: _("Proposed to the company; waiting for its answer"),
    Match.Status.COMPANY_ACCEPTED: _("The company accepted you: accept or decline the offer"),
    Match.Status.COMPANY_DECLINED: _("The company declined"),
    Match.Status.CANDIDATE_ACCEPTED: _("You accepted the offer"),
    Match.Status.CANDIDATE_DECLINED: _("You declined the offer"),
    Match.Status.PLACED: _("Placed: the placement has started"),
    Match.Status.COMPLETED: _("Completed"),
    Match.Status.ENDED_EARLY: _("Ended early"),
    Match.Status.REJECTED: _("Closed by the coordinator"),
}
OPTIONAL_CONSENTS = (
    ConsentRecord.Purpose.SHARE_WITH_COMPANIES,
    ConsentRecord.Purpose.PROGRAMME_DATA,
)


@dataclass(frozen=True)
class MatchView:
    """A match as the candidate's pages show it."""

    match: Match
    sentences: list[str]
    status_words: str
    badge: str
    actions: list[tuple[str, str]]  # (transition name, button label)


def _profile(request: HttpRequest) -> CandidateProfile:
    profile = (
        CandidateProfile.objects.filter(user_id=int(request.user.pk or 0))
        .select_related("user", "municipality")
        .first()
    )
    if profile is None:
        raise Http404("You have no candidate profile yet.")
    return profile


def _match_view(match: Match, profile: CandidateProfile, user: Any) -> MatchView:
    transitions = match_transitions_available(match=match, user=user)
    return MatchView(
        match=match,
        sentences=explanation_sentences(
            match.breakdown,
            language=current_language(),
            commute_km=profile.max_commute_km,
            audience="candidate",
        ),
        status_words=str(STATUS_WORDS.get(match.status, match.get_status_display())),
        badge=badge_class(match),
        actions=[
            (t.name, transition_label(t.name, "candidate"))
            for t in transitions
            if t.name in TRANSITION_LABELS["candidate"]
        ],
    )


# Service fields as the candidate's forms call them.
SIGNUP_FIELDS = {
    "username": "email",
    "password": "password1",
    "seeks_internship": "seeks",
    "skills[": "skills",
    "languages[": "language_0",
}
PROFILE_FIELDS = {
    "file": "cv",
    "seeks_internship": "seeks",
    "written_as": "skills",
    "skills[": "skills",
    "languages[": "language_0",
}


# --- sign-up ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """A graduate or jobseeker creates an account and a profile; no CV needed."""
    if request.user.is_authenticated:
        return redirect("frontend:home")
    language = current_language()
    form = SignupForm(request.POST or None, language=language)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with service_errors(form=form, renamed=SIGNUP_FIELDS) as outcome:
            profile = candidate_sign_up(
                email=data["email"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                phone=data["phone"],
                municipality=data["municipality"],
                category=data["category"],
                preferred_language=data["preferred_language"],
                max_commute_km=data["max_commute_km"],
                consents=form.consents(),
                **form.seeks_flags(),
            )
        if not outcome.failed:
            login(request, profile.user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to Spona! Tell us what you can do."))
            return redirect("candidate:onboarding")
    return render(request, "frontend/candidate/signup.html", {"form": form})


# --- profile ---------------------------------------------------------------------------------


def _profile_page(request: HttpRequest, *, onboarding: bool) -> HttpResponse:
    profile = _profile(request)
    language = current_language()
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, language=language)
        if form.is_valid():
            proficiency = {
                row.skill_id: row.proficiency for row in profile.skills.all() if row.skill_id
            }
            skills = [
                SkillEntry(
                    skill=picked.skill,
                    written_as=picked.written_as,
                    proficiency=proficiency.get(picked.skill.pk, 3) if picked.skill else 3,
                )
                for picked in form.cleaned_data["skills"]
            ]
            # One transaction: a refused CV leaves the profile as it was. Saving the skills
            # and languages asks for a refresh of the matches (matching.signals).
            with service_errors(form=form, renamed=PROFILE_FIELDS) as outcome, transaction.atomic():
                candidate_profile_update(profile=profile, **form.profile_fields())
                candidate_skills_set(profile=profile, skills=skills)
                candidate_languages_set(profile=profile, languages=form.cleaned_data["languages"])
                if form.cleaned_data.get("cv"):
                    candidate_document_upload(
                        profile=profile, uploaded_file=form.cleaned_data["cv"]
                    )
            if outcome.failed:
                profile.refresh_from_db()
            else:
                if onboarding:
                    messages.success(
                        request, _("Your profile is saved. Your matches are being updated.")
                    )
                    return redirect("candidate:matches")
                messages.success(request, _("Your profile is saved."))
                return redirect("candidate:profile")
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(profile), language=language)
    return render(
        request,
        "frontend/candidate/profile.html",
        {
            "form": form,
            "onboarding": onboarding,
            "profile": profile,
            "documents": candidate_documents_of(profile=profile),
        },
    )


@candidate_required
@require_http_methods(["GET", "POST"])
def onboarding(request: HttpRequest) -> HttpResponse:
    """The guided first fill-in of the profile after sign-up."""
    return _profile_page(request, onboarding=True)


@candidate_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    return _profile_page(request, onboarding=False)


@candidate_required
@require_POST
def document_delete(request: HttpRequest, document_id: int) -> HttpResponse:
    document = CandidateDocument.objects.filter(
        pk=document_id, candidate__user_id=int(request.user.pk or 0)
    ).first()
    if document is None:
        raise Http404
    candidate_document_delete(document=document)
    messages.success(request, _("The document is deleted."))
    return redirect(safe_next(request, reverse("candidate:profile")))


# --- matches ---------------------------------------------------------------------------------


def _visible_matches(request: HttpRequest, profile: CandidateProfile) -> Any:
    return match_list_for_candidate(candidate_id=profile.pk).filter(
        pk__in=matches_visible_to(request.user).values("pk")
    )


@candidate_required
def matches(request: HttpRequest) -> HttpResponse:
    """The candidate's home: their matches, best first, explained, with their next steps."""
    profile = _profile(request)
    rows = [_match_view(m, profile, request.user) for m in _visible_matches(request, profile)]
    return render(
        request,
        "frontend/candidate/matches.html",
        {"rows": rows, "profile": profile, "has_skills": profile.skills.exists()},
    )


@candidate_required
def match_detail(request: HttpRequest, match_id: int) -> HttpResponse:
    profile = _profile(request)
    match = _visible_matches(request, profile).filter(pk=match_id).first()
    if match is None:
        raise Http404
    return render(
        request,
        "frontend/candidate/match_detail.html",
        {
            "row": _match_view(match, profile, request.user),
            "history": match_transition_history(match_id=match.pk),
            "placement": match.placement,
        },
    )


@candidate_required
@require_POST
def match_action(request: HttpRequest, match_id: int) -> HttpResponse:
    """One step of the workflow on the candidate's own match; refusals become messages."""
    profile = _profile(request)
    if not _visible_matches(request, profile).filter(pk=match_id).exists():
        raise Http404
    name = request.POST.get("transition", "")
    back = safe_next(request, reverse("candidate:match-detail", args=[match_id]))
    if name not in TRANSITION_LABELS["candidate"] or name not in workflow.TRANSITIONS:
        messages.error(request, _("This step is not available."))
        return redirect(back)
    with service_errors(request) as outcome:
        match_transition(match_id=match_id, transition=name, actor=request.user)
    if not outcome.failed:
        messages.success(request, TRANSITION_DONE[name])
    return redirect(back)


# --- my data ---------------------------------------------------------------------------------


@candidate_required
@require_http_methods(["GET", "POST"])
def privacy(request: HttpRequest) -> HttpResponse:
    """Download my data, the consents given (withdraw or give optional ones), who looked."""
    profile = _profile(request)
    if request.method == "POST":
        purpose = request.POST.get("purpose", "")
        action = request.POST.get("action", "")
        if purpose not in {p.value for p in OPTIONAL_CONSENTS} or action not in {
            "grant",
            "withdraw",
        }:
            messages.error(request, _("Unknown consent."))
        elif action == "withdraw":
            consent_withdraw(profile=profile, purpose=purpose)
            messages.success(request, _("Your consent is withdrawn."))
        else:
            consent_grant(profile=profile, purpose=purpose)
            messages.success(request, _("Thank you, your consent is recorded."))
        return redirect("candidate:privacy")
    consents = list(profile.consents.all())
    active = {c.purpose for c in consents if c.is_active}
    return render(
        request,
        "frontend/candidate/privacy.html",
        {
            "profile": profile,
            "consents": consents,
            "optional": [(p.value, p.label, p.value in active) for p in OPTIONAL_CONSENTS],
            "accesses": sensitive_data_accesses_about(profile=profile)[:100],
            "documents": candidate_documents_of(profile=profile),
        },
    )
