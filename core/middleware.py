"""Refusing unreadable requests before any view sees them, with a 400 that names the part.

A NUL character names nothing (no code, no skill, no place, no person) and PostgreSQL cannot
store or compare it: a NUL reaching a query is a 500 ("PostgreSQL text fields cannot contain
NUL"). Bytes that are not UTF-8 are silently turned into U+FFFD by Django, so a search or a
form would quietly work on something other than what was sent. Both are refused here, for
every page and API endpoint: in the path, the query string (names and values), form bodies
(URL-encoded fully, multipart field values for NUL) and request headers. A cookie carrying a
NUL is dropped instead (a browser may hold an old or forged cookie; refusing every page for it
would lock the person out), and so is a session built from one.

JSON bodies of the API are checked by its parser (api.parsers), which also limits their depth.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

NUL = "\x00"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
MULTIPART_CONTENT_TYPE = "multipart/form-data"


@dataclass(frozen=True)
class RequestProblem:
    """What cannot be read: `part` is a parameter, header or "path"; `reason` is "nul" or
    "utf8"."""

    part: str
    reason: str

    def message(self) -> str:
        if self.part == "path":
            if self.reason == "nul":
                return _("The address contains a NUL character, which is not allowed.")
            return _("The address is not valid UTF-8 text.")
        if self.reason == "nul":
            return _("“%(name)s” contains a NUL character, which is not allowed.") % {
                "name": self.part
            }
        return _("“%(name)s” is not valid UTF-8 text.") % {"name": self.part}


def _shown_name(raw: bytes) -> str:
    """A parameter's name as it may be shown back: decoded leniently, NULs made visible,
    cut to 60 characters."""
    return raw.decode("utf-8", errors="replace").replace(NUL, "\\x00")[:60] or "?"


def urlencoded_problem(raw: bytes) -> RequestProblem | None:
    """The first parameter of a query string or URL-encoded body that is not UTF-8 or that
    carries a NUL (in its name or its value), or None."""
    for pair in raw.replace(b";", b"&").split(b"&"):
        if not pair:
            continue
        name, _equals, value = pair.partition(b"=")
        name_bytes = unquote_to_bytes(name.replace(b"+", b" "))
        value_bytes = unquote_to_bytes(value.replace(b"+", b" "))
        shown = _shown_name(name_bytes)
        try:
            name_bytes.decode("utf-8")
            value_bytes.decode("utf-8")
        except UnicodeDecodeError:
            return RequestProblem(shown, "utf8")
        if b"\x00" in name_bytes or b"\x00" in value_bytes:
            return RequestProblem(shown, "nul")
    return None


def request_problem(request: HttpRequest) -> RequestProblem | None:
    """What in the request cannot be read, or None (the body only for form content types)."""
    if NUL in request.path:
        return RequestProblem("path", "nul")
    query = request.META.get("QUERY_STRING", "")
    if query:
        problem = urlencoded_problem(query.encode("latin-1", errors="replace"))
        if problem:
            return problem
    for key, value in request.META.items():
        if key == "HTTP_COOKIE":  # cookies are dropped one by one instead
            continue
        if key.startswith("HTTP_") and isinstance(value, str) and NUL in value:
            return RequestProblem(key[5:].replace("_", "-").title(), "nul")
    content_type = request.content_type or ""
    if request.method in ("POST", "PUT", "PATCH") and content_type == FORM_CONTENT_TYPE:
        problem = urlencoded_problem(request.body)
        if problem:
            return problem
    elif request.method == "POST" and content_type == MULTIPART_CONTENT_TYPE:
        for name, values in request.POST.lists():
            if NUL in name or any(NUL in value for value in values):
                return RequestProblem(_shown_name(name.encode()), "nul")
    return None


def drop_unreadable_cookies(request: HttpRequest) -> None:
    """Forget cookies that carry a NUL; a session found through one becomes a new, empty one."""
    bad = [name for name, value in request.COOKIES.items() if NUL in name or NUL in value]
    for name in bad:
        del request.COOKIES[name]
    if settings.SESSION_COOKIE_NAME in bad and hasattr(request, "session"):
        request.session = type(request.session)()


def bad_request_response(request: HttpRequest, problem: RequestProblem) -> HttpResponse:
    """The API's error body under /api/, a page elsewhere; both in the request's language."""
    with translation.override(translation.get_language_from_request(request)):
        message = problem.message()
        if request.path.startswith("/api/"):
            fields = {} if problem.part == "path" else {problem.part: [message]}
            return JsonResponse(
                {"error": {"code": "bad_request", "message": message, "fields": fields}},
                status=400,
            )
        return render(request, "frontend/bad_request.html", {"message": message}, status=400)


class RequestHygieneMiddleware:
    """Answers 400 to a request with NUL characters or invalid UTF-8 (see the module doc).

    Sits after AuthenticationMiddleware (so a session from a bad cookie can be replaced before
    anyone reads it) and runs before any view and before CSRF reads the form."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        drop_unreadable_cookies(request)
        problem = request_problem(request)
        if problem is not None:
            return bad_request_response(request, problem)
        return self.get_response(request)
