"""Personal data stays out of logs (PersonalDataFilter) and out of error reports."""

from __future__ import annotations

import io
import logging
import sys
from typing import Any

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.views.debug import ExceptionReporter, get_default_exception_reporter_filter

from core.logging import PersonalDataExceptionReporterFilter, PersonalDataFilter, scrub


@pytest.mark.parametrize(
    "text",
    [
        "marija.petrovic@example.rs",
        "Marija+spona@gmail.com",
        "+381 64 123 4567",
        "+381641234567",
        "+381 (0)64 123-45-67",
        "00381 64/123-45-67",
        "064 123 4567",
        "064/123-45-67",
        "0641234567",
        "065 12 34 567",
        "018/523-456",
        "018 523 456",
        "0101990710006",
        "3112985735017",
    ],
)
def test_personal_data_is_scrubbed(text: str) -> None:
    scrubbed = scrub(f"kandidat {text} se javio")
    assert text not in scrubbed
    assert scrubbed.startswith("kandidat [") and scrubbed.endswith("] se javio")


@pytest.mark.parametrize(
    "text",
    [
        "candidate 12345 matched placement 678",
        "2026-11-27 13:36:33,130 INFO done",
        "score 0.8123456 in 0.0123456 s",
        "took 1700000000000 ms since epoch",  # 13 digits, but not a date: not a JMBG
        "version 2026-11",
        "refreshed 1234567 matches",
    ],
)
def test_ordinary_numbers_are_left_alone(text: str) -> None:
    assert scrub(text) == text


def _record(msg: str, *args: Any, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc is not None else None
    return logging.LogRecord("spona", logging.ERROR, __file__, 1, msg, args, exc_info)


def test_the_filter_scrubs_arguments_and_keeps_the_record() -> None:
    record = _record("mail to %s failed (phone %s)", "a@b.rs", "064 123 4567")
    assert PersonalDataFilter().filter(record) is True
    assert record.getMessage() == "mail to [email] failed (phone [phone])"


def test_the_filter_scrubs_tracebacks() -> None:
    try:
        raise ValueError("duplicate key (email)=(marija@example.rs)")
    except ValueError as error:
        record = _record("import failed", exc=error)
    PersonalDataFilter().filter(record)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.emit(record)
    output = stream.getvalue()
    assert "ValueError" in output and "[email]" in output and "marija@" not in output


def test_every_configured_handler_has_the_filter() -> None:
    logging_config: dict[str, Any] = settings.LOGGING
    assert logging_config["handlers"]
    for name, handler in logging_config["handlers"].items():
        assert "personal_data" in handler.get("filters", []), name
    personal_data = logging_config["filters"]["personal_data"]
    assert personal_data["()"] == "core.logging.PersonalDataFilter"


def test_the_live_console_handler_carries_the_filter() -> None:
    root_handlers = [
        h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler)
    ]
    filtered = [
        h for h in root_handlers if any(isinstance(f, PersonalDataFilter) for f in h.filters)
    ]
    assert filtered, "the console handler from LOGGING should carry the filter"


def test_error_reports_leave_out_local_variables_and_posted_values(settings: Any) -> None:
    settings.DEBUG = False
    assert isinstance(get_default_exception_reporter_filter(), PersonalDataExceptionReporterFilter)
    # Built at run time, so the source lines the report quotes do not contain the values.
    email = "@".join(["marija", "example.rs"])
    secret_phone = "".join(["064", " 765 ", "4321"])
    request = RequestFactory().post("/candidates/", {"email": email})
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        reporter = ExceptionReporter(request, *sys.exc_info())
    text = reporter.get_traceback_text()
    html = reporter.get_traceback_html()
    assert secret_phone not in text and secret_phone not in html
    assert email not in text and email not in html
    assert "RuntimeError" in text


def test_error_reports_keep_variables_in_debug(settings: Any) -> None:
    settings.DEBUG = True
    request = RequestFactory().get("/")
    visible_value = "-".join(["a", "value", "to", "see"])
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        reporter = ExceptionReporter(request, *sys.exc_info())
    assert visible_value in reporter.get_traceback_html()  # the frame's variables are shown
