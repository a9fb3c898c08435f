"""Thin page views shared by every role: public browse, log in/out, home, skill picker."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts.models import User
from accounts.permissions import role_of
from companies.models import Placement
from companies.selectors import placement_list_open
from matching.selectors import district_list, municipality_list

# Where each role lands after logging in.
ROLE_HOME = {
    User.Role.CANDIDATE: "candidate:matches",
    User.Role.COMPANY: "company:home",
    User.Role.COORDINATOR: "coordinator:queue",
    User.Role.ADMIN: "coordinator:queue",
}


def placement_browse(request: HttpRequest) -> HttpResponse:
    """Public list of open internships and jobs, filtered by place and kind."""
    kind = request.GET.get("kind", "")
    if kind not in Placement.Kind.values:
        kind = ""
    district = request.GET.get("district", "")
    municipality = request.GET.get("municipality", "")
    placements = placement_list_open(
        municipality_code=municipality, kind=kind, district_code=district
    )
    page = Paginator(placements, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "frontend/placement_browse.html",
        {
            "page": page,
            "kinds": Placement.Kind.choices,
            "districts": district_list(),
            "municipalities": municipality_list(),
            "selected": {"kind": kind, "district": district, "municipality": municipality},
        },
    )


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
