"""The menu each role sees: one list per role (each page area adds its entries here).

Exposed to every template by the `navigation` context processor as `nav_items`, a list of
(url, label, active) for the signed-in user's role.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.permissions import role_of

NavEntry = tuple[str, Promise]

MENUS: dict[str, list[NavEntry]] = {
    User.Role.CANDIDATE: [
        ("candidate:matches", _("My matches")),
        ("frontend:placement-browse", _("Open placements")),
        ("candidate:profile", _("Profile")),
        ("candidate:notifications", _("Notifications")),
        ("candidate:privacy", _("My data")),
    ],
    User.Role.COMPANY: [
        ("company:home", _("Home")),
        ("company:placements", _("Placements")),
        ("company:proposals", _("Proposed candidates")),
        ("company:profile", _("Company profile")),
        ("frontend:notifications", _("Notifications")),
    ],
    User.Role.COORDINATOR: [
        ("coordinator:queue", _("Work queue")),
        ("reports:dashboard", _("Dashboard")),
        ("coordinator:candidates", _("Candidates")),
        ("coordinator:companies", _("Companies")),
        ("coordinator:placements", _("Placements")),
        ("coordinator:allocations", _("Allocation")),
        ("followup:index", _("Follow-up")),
        ("insights:index", _("Labour market")),
        ("reports:fairness", _("Fairness")),
        ("imports:index", _("Import and export")),
        ("frontend:notifications", _("Notifications")),
    ],
}
MENUS[User.Role.ADMIN] = MENUS[User.Role.COORDINATOR]


def nav_items(user: Any, path: str) -> list[tuple[str, Promise, bool]]:
    """The role's entries; the one whose URL is the longest prefix of `path` is active."""
    entries = [(reverse(url_name), label) for url_name, label in MENUS.get(role_of(user), [])]
    # "/" (the public list) is a prefix of every path: it is active only on itself.
    prefixes = [
        url for url, _label in entries if path == url or (url != "/" and path.startswith(url))
    ]
    active = max(prefixes, key=len, default=None)
    return [(url, label, url == active) for url, label in entries]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {"nav_items": nav_items(user, request.path) if user is not None else []}


__all__ = ["MENUS", "nav_items", "navigation", "_"]
