"""Personal data stays out of logs (PersonalDataFilter) and out of error reports."""

from __future__ import annotations

import codecs
import io
import logging
import sys
import textwrap
from typing import Any
from urllib.parse import quote_plus

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.views.debug import (
    ExceptionReporter,
    get_default_exception_reporter_filter,
    get_exception_reporter_class,
)

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


# --- paths, query strings and every handler ----------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            '"GET /coordinator/candidates/?q=Marija+Petrovi%C4%87&page=2 HTTP/1.1" 200 1234',
            '"GET /coordinator/candidates/?q=…&page=… HTTP/1.1" 200 1234',
        ),
        ('"GET /me/marija%40example.rs/ HTTP/1.1" 404 12', '"GET /me/[email]/ HTTP/1.1" 404 12'),
        ("Not Found: /x/064-123-4567/", "Not Found: /x/[phone]/"),
        ("Not Found: /api/v1/x/%2B381641234567/", "Not Found: /api/v1/x/[phone]/"),
        ("GET /?next=/me/%3Fq%3DMarija", "GET /?next=…"),
        ("done 100% in 2026/05/12", "done 100% in 2026/05/12"),
    ],
)
def test_paths_and_query_strings_are_scrubbed(line: str, expected: str) -> None:
    assert scrub(line) == expected


def _run(code: str, settings_module: str, tmp_path: Any, **env: str) -> Any:
    from tests.config.test_settings import clean_env, production_env, run_python

    if settings_module.endswith("production"):
        environment = production_env(tmp_path, **env)
    else:
        environment = clean_env(tmp_path, **env)
    result = run_python(textwrap.dedent(code), settings_module, environment)
    assert result.returncode == 0, result.stderr
    return result


EVERY_HANDLER = """
    import logging
    import django
    django.setup()
    {extra}
    from core.logging import PersonalDataFilter
    loggers = [logging.getLogger()] + [
        logging.getLogger(name) for name in logging.root.manager.loggerDict
    ]
    missing = sorted(
        f"{{logger.name}}: {{type(handler).__name__}}"
        for logger in loggers
        for handler in getattr(logger, "handlers", [])
        if not isinstance(handler, logging.NullHandler)  # writes nothing
        and not any(isinstance(f, PersonalDataFilter) for f in handler.filters)
    )
    print("MISSING", missing)
"""


@pytest.mark.parametrize(
    "settings_module",
    ["config.settings.local", "config.settings.production", "config.settings.test"],
)
def test_every_live_handler_has_the_filter(settings_module: str, tmp_path: Any) -> None:
    result = _run(EVERY_HANDLER.format(extra=""), settings_module, tmp_path)
    assert result.stdout.strip().splitlines()[-1] == "MISSING []"


def test_every_handler_of_a_celery_worker_has_the_filter(tmp_path: Any) -> None:
    """What a worker does at start-up (app.log.setup) keeps Django's filtered handlers."""
    extra = (
        "from config.celery_app import app\n"
        "    app.log.setup(loglevel='INFO', redirect_stdouts=False)\n"
        "    logging.getLogger('celery.app.trace').warning('mail to %s', 'marija@example.rs')"
    )
    result = _run(EVERY_HANDLER.format(extra=extra), "config.settings.local", tmp_path)
    assert result.stdout.strip().splitlines()[-1] == "MISSING []"
    assert "mail to [email]" in result.stderr and "marija@" not in result.stderr


def test_the_runserver_access_log_has_no_search_terms_or_addresses(tmp_path: Any) -> None:
    """django.server logs as runserver's WSGIRequestHandler.log_message does."""
    code = """
        import logging
        import django
        django.setup()
        logging.getLogger("django.server").info(
            '"%s" %s %s',
            "GET /coordinator/candidates/?q=Marija+Petrovi%C4%87 HTTP/1.1",
            "200",
            "512",
            extra={"status_code": 200, "server_time": "now"},
        )
        logging.getLogger("django.server").info(
            '"%s" %s %s', "GET /me/marija%40example.rs/ HTTP/1.1", "404", "9",
            extra={"status_code": 404, "server_time": "now"},
        )
    """
    result = _run(code, "config.settings.local", tmp_path)
    assert "/coordinator/candidates/?q=… HTTP/1.1" in result.stderr
    assert "/me/[email]/" in result.stderr
    assert "Marija" not in result.stderr and "marija" not in result.stderr


def test_gunicorn_logs_paths_without_queries_and_scrubbed() -> None:
    """A real gunicorn with deploy/gunicorn.conf.py, serving a trivial WSGI app."""
    import re
    import subprocess
    import sys
    import urllib.request

    from tests.config.test_settings import REPO_ROOT

    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "tests.core.gunicorn_app:app"),
            *("--config", "deploy/gunicorn.conf.py", "--bind", "127.0.0.1:0", "--workers", "1"),
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert server.stdout is not None
    output: list[str] = []
    try:
        port = None
        for line in server.stdout:  # until gunicorn says where it listens (or exits)
            output.append(line)
            found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", line)
            if found:
                port = int(found.group(1))
                break
        assert port, "".join(output)
        for path in ("/coordinator/candidates/?q=Marija", "/me/marija%40example.rs/"):
            url = f"http://127.0.0.1:{port}{path}"
            request = urllib.request.Request(url, headers={"Referer": f"{url}&x=Petrovic"})
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                assert response.status == 200
    finally:
        server.terminate()
        rest, _ = server.communicate(timeout=30)
        output.append(rest)
    log = "".join(output)
    assert '"GET /coordinator/candidates/ HTTP/1.1" 200' in log
    assert '"GET /me/[email]/ HTTP/1.1" 200' in log
    for secret in ("Marija", "marija", "Petrovic", "q="):
        assert secret not in log, log


def test_local_e_mail_goes_to_files_not_to_the_logs(tmp_path: Any) -> None:
    code = """
        import django
        django.setup()
        from pathlib import Path
        from django.conf import settings
        from django.core.mail import send_mail
        send_mail("Predlog", "Poštovana Marija, vaš broj 064 123 4567", None, ["m@example.rs"])
        print("FILES", len(list(Path(settings.EMAIL_FILE_PATH).iterdir())))
    """
    result = _run(code, "config.settings.local", tmp_path)
    assert "FILES 1" in result.stdout
    for secret in ("Marija", "064 123 4567", "m@example.rs"):
        assert secret not in result.stdout and secret not in result.stderr
    mail_dir = tmp_path / "var" / "mail"
    assert "Marija" in next(mail_dir.iterdir()).read_text(encoding="utf-8", errors="replace")


def test_production_refuses_the_console_e_mail_backend(tmp_path: Any) -> None:
    from tests.config.test_settings import PRODUCTION, django_setup, production_env

    env = production_env(tmp_path, EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
    result = django_setup(PRODUCTION, env)
    assert result.returncode != 0 and "console e-mail backend" in result.stderr


def test_axes_names_no_username_address_or_browser() -> None:
    from core.logging import axes_client_str

    line = axes_client_str(
        "marija@example.rs", "10.1.2.3", "Mozilla/5.0", ("/accounts/login/",), None
    )
    again = axes_client_str("marija@example.rs", "10.9.9.9", "curl", "/accounts/login/", None)
    other = axes_client_str("petar@example.rs", "10.1.2.3", "Mozilla/5.0", "/", None)
    assert "marija" not in line and "10.1.2.3" not in line and "Mozilla" not in line
    assert line.split("account: ")[1] == again.split("account: ")[1]  # one account, one digest
    assert line.split("account: ")[1] != other.split("account: ")[1]


def test_error_reports_leave_out_query_values_and_referrers(settings: Any) -> None:
    settings.DEBUG = False
    # Built at run time (rot13), so the source lines the report quotes do not contain it.
    searched = codecs.decode("Znevwn Crgebivć", "rot13")
    request = RequestFactory().get(
        "/coordinator/candidates/", {"q": searched}, HTTP_REFERER=f"/x/?q={searched}"
    )
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        reporter_class: Any = get_exception_reporter_class(request)
        reporter = reporter_class(request, *sys.exc_info())
    text, html = reporter.get_traceback_text(), reporter.get_traceback_html()
    assert searched not in text and searched not in html
    for part in (*searched.split(), quote_plus(searched)):
        assert part not in text and part not in html
