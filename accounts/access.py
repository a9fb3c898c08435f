"""Page access by role: the pages' side of accounts.permissions (which holds the rules)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.models import User
from accounts.permissions import role_of

View = TypeVar("View", bound=Callable[..., HttpResponse])


def role_required(*roles: str) -> Callable[[View], View]:
    """Anonymous visitors go to the login page; signed-in users of another role get 403.

    Admins pass wherever coordinators do (they see everything coordinators see).
    """
    allowed = set(roles)
    if User.Role.COORDINATOR in allowed:
        allowed.add(User.Role.ADMIN)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if role_of(request.user) not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


candidate_required = role_required(User.Role.CANDIDATE)
company_required = role_required(User.Role.COMPANY)
coordinator_required = role_required(User.Role.COORDINATOR)


def is_htmx(request: HttpRequest) -> bool:
    """True when htmx made the request (then a view may answer with a fragment)."""
    return request.headers.get("HX-Request") == "true"


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` address the form carried (POST, else GET) when it stays on this site;
    otherwise `default`. Every page that returns "back" after an action uses it."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
