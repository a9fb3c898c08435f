"""Thin page views shared by every role: public browse and placement detail, notifications,
log in/out, home."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.access import candidate_required, safe_next
from accounts.models import User
from accounts.permissions import role_of
from candidates.models import CandidateProfile
from companies.models import Placement
from companies.selectors import placement_get_open, placement_list_open
from core.choices import NaceSection
from core.exceptions import ApplicationError, NotFound
from core.languages import current_language
from matching.explanations import explanation_sentences
from matching.models import Match
from matching.selectors import district_list, municipality_list
from matching.services.workflow import match_express_interest
from notifications.models import Notification
from notifications.rendering import render_message
from notifications.selectors import notification_list_for, unread_count
from notifications.services import notification_mark_read, notifications_mark_all_read

# Where each role lands after logging in.
ROLE_HOME: dict[str, str] = {
    User.Role.CANDIDATE: "candidate:matches",
    User.Role.COMPANY: "company:home",
    User.Role.COORDINATOR: "coordinator:queue",
    User.Role.ADMIN: "coordinator:queue",
}


BROWSE_DISTANCES = (10, 20, 30, 50, 100)


def _own_candidate_profile(user: Any) -> CandidateProfile | None:
    if role_of(user) != User.Role.CANDIDATE:
        return None
    return CandidateProfile.objects.filter(user_id=user.pk).select_related("municipality").first()


def placement_browse(request: HttpRequest) -> HttpResponse:
    """Public list of open internships and jobs: text search, place, kind, sector and, for a
    signed-in candidate, distance from where they live."""
    kind = request.GET.get("kind", "")
    if kind not in Placement.Kind.values:
        kind = ""
    sector = request.GET.get("sector", "")
    if sector not in NaceSection.values:
        sector = ""
    district = request.GET.get("district", "")
    municipality = request.GET.get("municipality", "")
    text = request.GET.get("q", "").strip()[:200]
    profile = _own_candidate_profile(request.user)
    within = request.GET.get("within", "")
    within_km = int(within) if within.isdigit() and int(within) in BROWSE_DISTANCES else None
    placements = placement_list_open(
        municipality_code=municipality,
        kind=kind,
        district_code=district,
        text=text,
        sector=sector,
        near=profile.municipality if profile and within_km else None,
        within_km=within_km if profile else None,
    )
    page = Paginator(placements, 20).get_page(request.GET.get("page"))
    selected = {
        "q": text,
        "kind": kind,
        "district": district,
        "municipality": municipality,
        "sector": sector,
        "within": str(within_km) if profile and within_km else "",
    }
    return render(
        request,
        "frontend/placement_browse.html",
        {
            "page": page,
            "kinds": Placement.Kind.choices,
            "sectors": NaceSection.choices,
            "districts": district_list(),
            "municipalities": municipality_list(),
            "distances": BROWSE_DISTANCES if profile else (),
            "profile": profile,
            "selected": selected,
            "query_string": urlencode({k: v for k, v in selected.items() if v}),
        },
    )


def placement_detail(request: HttpRequest, placement_id: int) -> HttpResponse:
    """One open placement; a candidate can say they are interested from here."""
    placement = placement_get_open(placement_id=placement_id)
    if placement is None:
        raise Http404
    profile = _own_candidate_profile(request.user)
    match = (
        Match.objects.filter(candidate=profile, placement=placement).first() if profile else None
    )
    return render(
        request,
        "frontend/placement_detail.html",
        {
            "placement": placement,
            "profile": profile,
            "match": match,
            "can_express_interest": profile is not None
            and (match is None or match.status == Match.Status.SUGGESTED),
        },
    )


@candidate_required
@require_POST
def placement_express_interest(request: HttpRequest, placement_id: int) -> HttpResponse:
    """The candidate is interested in a placement; hard-constraint refusals become messages."""
    try:
        match = match_express_interest(placement_id=placement_id, actor=request.user)
    except NotFound:
        raise Http404 from None
    except ApplicationError as exc:
        excluded = exc.extra.get("excluded")
        if excluded:
            reasons = explanation_sentences(
                {"excluded": excluded}, language=current_language(), audience="candidate"
            )
            messages.error(
                request,
                " ".join([str(_("You cannot express interest in this placement.")), *reasons]),
            )
        else:
            messages.error(request, exc.message)
        return redirect("frontend:placement-detail", placement_id=placement_id)
    messages.success(request, _("We told the coordinator you are interested."))
    return redirect("candidate:match-detail", match_id=match.pk)


# --- notifications (every role) ---------------------------------------------------------------


@dataclass(frozen=True)
class NotificationRow:
    notification: Notification
    subject: str
    body: str
    match_url: str


def _notification_row(notification: Notification, language: str, user: Any) -> NotificationRow:
    try:
        rendered = render_message(
            event=notification.event,
            language=language,
            context=notification.context,
            first_name=getattr(user, "first_name", ""),
        )
        subject, body = rendered.subject, rendered.body
    except TemplateDoesNotExist:  # an event without a message template yet: its name only
        subject, body = str(notification.get_event_display()), ""
    match_id = notification.context.get("match_id")
    match_url = ""
    if isinstance(match_id, int) and role_of(user) == User.Role.CANDIDATE:
        match_url = reverse("candidate:match-detail", args=[match_id])
    return NotificationRow(notification, subject, body, match_url)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The signed-in user's notifications, newest first, unread marked."""
    language = current_language()
    page = Paginator(notification_list_for(request.user), 30).get_page(request.GET.get("page"))  # type: ignore[arg-type]
    rows = [_notification_row(n, language, request.user) for n in page]
    return render(
        request,
        "frontend/notifications.html",
        {"page": page, "rows": rows, "unread": unread_count(request.user)},  # type: ignore[arg-type]
    )


def _back(request: HttpRequest) -> str:
    return safe_next(request, reverse("frontend:notifications"))


@login_required
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = notification_list_for(request.user).filter(pk=notification_id).first()  # type: ignore[arg-type]
    if notification is None:
        raise Http404
    notification_mark_read(notification=notification, user=request.user)  # type: ignore[arg-type]
    return redirect(_back(request))


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    marked = notifications_mark_all_read(user=request.user)  # type: ignore[arg-type]
    messages.success(
        request,
        ngettext(
            "%(count)d notification marked read.", "%(count)d notifications marked read.", marked
        )
        % {"count": marked},
    )
    return redirect(_back(request))


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in user's start page, by role; visitors see the public list."""
    target = ROLE_HOME.get(role_of(request.user))
    return redirect(target or "frontend:placement-browse")


class LoginView(auth_views.LoginView):
    template_name = "frontend/auth/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass
