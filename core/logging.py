"""Keeping personal data out of logs and error reports: a log filter and an exception filter.

Names cannot be recognised in free text, so the rule stays that log messages carry ids, not
people; the filter is the safety net for what slips through: e-mail addresses, Serbian phone
numbers and JMBG-like personal numbers, also percent-encoded in a request path
(`/x/marija%40example.rs/`) or standing alone as a path segment (`/x/064-123-4567/`), and the
values of query strings (a name searched for, `?q=Marija`), which are dropped whole: an access
log line keeps the path and the parameter names (`/coordinator/candidates/?q=…&page=…`).

The filter is on every handler: Django's console, `django.server` (runserver's access log) and
`mail_admins` (config/settings/base.py), Celery's worker (config/celery_app.py) and gunicorn's
access and error logs (deploy/gunicorn.conf.py, whose access log leaves the query string out
altogether).
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import unquote

from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")
# JMBG: DDMMYYY RR BBB K. A 13-digit run whose first four digits read as a day and a month
# (so millisecond timestamps and other long ids are left alone).
JMBG = re.compile(r"(?<!\d)(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{9}(?!\d)")
# +381 / 00381, an optional (0), then 7 to 10 digits with spaces, slashes, dots or dashes.
PHONE_INTERNATIONAL = re.compile(r"(?:\+|\b00)\s?381(?:[\s./-]*\(?0\)?)?(?:[\s./-]?\d){7,10}(?!\d)")
# National formats: 06x mobiles and 0xx landlines, e.g. 064 123 4567, 064/123-45-67, 018/523-456.
PHONE_NATIONAL = re.compile(r"(?<![\w+.,:/-])0[1-9]\d?(?:[\s./-]?\d){6,8}(?![\w])")

# A national number that is a whole segment of a path: /…/064-123-4567/ (the general pattern
# leaves numbers after "/" alone, so that dates and ids written with slashes survive).
PHONE_PATH_SEGMENT = re.compile(r"(?<=/)0[1-9]\d?(?:[\s.-]?\d){6,8}(?=/|\?|\s|\"|$)")
# A query string inside a URL or a request line: everything from "?" up to a space or quote.
QUERY_STRING = re.compile(r"(?<=\?)[^\s\"'#]+")
QUERY_PAIR = re.compile(r"([^&;=]+)=[^&;]*")
PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")

REPLACEMENTS = (
    (EMAIL, "[email]"),
    (JMBG, "[jmbg]"),
    (PHONE_INTERNATIONAL, "[phone]"),
    (PHONE_NATIONAL, "[phone]"),
    (PHONE_PATH_SEGMENT, "[phone]"),
)


def _query_without_values(match: re.Match[str]) -> str:
    return QUERY_PAIR.sub(lambda pair: f"{pair.group(1)}=…", match.group(0))


def scrub(text: str) -> str:
    """The text with e-mail addresses, phone numbers and JMBG-like numbers replaced and the
    values of query strings dropped; percent escapes are decoded first, so that an encoded
    address (marija%40example.rs) is found too."""
    text = QUERY_STRING.sub(_query_without_values, text)
    if PERCENT_ESCAPE.search(text):
        text = unquote(text, errors="replace")
    for pattern, replacement in REPLACEMENTS:
        text = pattern.sub(replacement, text)
    return text


class PersonalDataFilter(logging.Filter):
    """A handler filter that scrubs the formatted message, the traceback and the stack.

    The message is formatted here (args merged in) so that a value passed as an argument is
    scrubbed too; the traceback is formatted here for the same reason and kept in exc_text,
    which standard formatters use instead of formatting exc_info again.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the record, let logging report it
            return True
        record.msg = scrub(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


class PersonalDataExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports (the 500 e-mail to ADMINS) without local variables or POSTed values.

    Frames of services hold profiles, users and uploaded files; marking each function with
    sensitive_variables would be easy to forget, so outside DEBUG every frame is cleansed.
    The traceback itself (files, lines, code) stays, which is what debugging needs most.
    """

    def get_traceback_frame_variables(self, request: Any, tb_frame: Any) -> Any:
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]

    def get_post_parameters(self, request: Any) -> Any:
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        cleansed = request.POST.copy()
        for key in cleansed:
            cleansed[key] = self.cleansed_substitute
        return cleansed

    # Request headers and environment entries that carry the query string or a previous page's
    # address with its query (searches for people by name).
    URL_META = ("QUERY_STRING", "HTTP_REFERER", "REQUEST_URI", "RAW_URI")

    def get_safe_request_meta(self, request: Any) -> Any:
        meta = super().get_safe_request_meta(request)
        if self.is_active(request):
            for key in self.URL_META:
                if meta.get(key):
                    meta[key] = self.cleansed_substitute
        return meta


class PersonalDataExceptionReporter(ExceptionReporter):
    """Error reports that show the query's parameter names but not their values, the user by
    id (a user's str() is their full name) and the exception's message scrubbed."""

    def get_traceback_data(self) -> dict[str, Any]:
        data = super().get_traceback_data()
        if self.request is None or not self.filter.is_active(self.request):
            return data
        substitute = self.filter.cleansed_substitute
        data["request_GET_items"] = [(key, substitute) for key in self.request.GET]
        if data.get("request_insecure_uri"):
            data["request_insecure_uri"] = scrub(str(data["request_insecure_uri"]))
        user = getattr(self.request, "user", None)
        if user is not None and getattr(user, "pk", None) is not None:
            data["user_str"] = f"user {user.pk}"
        if data.get("exception_value"):
            data["exception_value"] = scrub(str(data["exception_value"]))
        return data


def axes_client_str(
    username: str | None, ip_address: str | None, user_agent: str, path_info: Any, request: Any
) -> str:
    """django-axes' AXES_CLIENT_STR_CALLABLE: the path and a keyed digest of the username.

    The digest (HMAC with SECRET_KEY, 10 hex digits) tells log readers that failures are for
    one account without naming it; the address and the browser are left out."""
    from django.utils.crypto import salted_hmac

    path = path_info[0] if isinstance(path_info, tuple) else path_info
    account = salted_hmac("core.logging.axes", username or "").hexdigest()[:10] if username else "-"
    return f"{{path: {scrub(str(path or ''))!r}, account: {account}}}"
