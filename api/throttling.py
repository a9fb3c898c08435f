"""Throttles of API v1 (logins per client address, searches per user) and the client address.

Rates come from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] and are read on every request, so a
test's override_settings takes effect (DRF's own throttles read them once, at import).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

SEARCH_PARAMETERS = ("q", "search")


def client_ip(request: HttpRequest | Any) -> str | None:
    """The client's address: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT proxies in front the
    X-Forwarded-For entry the outermost of them added (entries left of it are the client's
    own say and can be forged). Also django-axes' AXES_CLIENT_IP_CALLABLE."""
    meta = request.META
    remote = meta.get("REMOTE_ADDR")
    proxies = int(settings.TRUSTED_PROXY_COUNT)
    if proxies <= 0:
        return str(remote) if remote else None
    forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return str(remote) if remote else None


class _SettingsRateThrottle(SimpleRateThrottle):
    """A scope's rate from the current settings; no rate for the scope means no throttling."""

    def __init__(self) -> None:  # the rate is read per request, in allow_request
        pass

    def get_rate(self) -> str | None:
        rate = (api_settings.DEFAULT_THROTTLE_RATES or {}).get(str(self.scope))
        return None if rate is None else str(rate)

    def get_ident(self, request: Any) -> str:
        return client_ip(request) or "unknown"

    def applies_to(self, request: Any) -> bool:
        return True

    def allow_request(self, request: Any, view: Any) -> bool:
        if not self.applies_to(request):
            return True
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)


class LoginRateThrottle(_SettingsRateThrottle):
    """Login attempts per client address (django-axes locks username + address pairs)."""

    scope = "login"

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class SearchRateThrottle(_SettingsRateThrottle):
    """Searches (`?q=` or `?search=`, and the skills autocomplete) per user, or per address."""

    scope = "search"
    always = False  # the skills autocomplete is a search whatever its parameters

    def applies_to(self, request: Any) -> bool:
        return self.always or any(request.query_params.get(name) for name in SEARCH_PARAMETERS)

    def get_cache_key(self, request: Any, view: Any) -> str:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ident = f"user-{user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AutocompleteRateThrottle(SearchRateThrottle):
    always = True
