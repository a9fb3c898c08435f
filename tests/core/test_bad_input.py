"""Bad input never 500s: NUL characters and invalid UTF-8 anywhere in a request, JSON nested
too deep or too large, and dates outside what arithmetic on them can handle — each answered
with a 400 that names what was wrong (core.middleware, api.parsers, core.validators).

The last tests repeat the unauthenticated cases under config.settings.production in a fresh
interpreter (DEBUG off, HTTPS, the production host check), where a 500 would have shown.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from api.parsers import nesting_exceeds
from companies.models import Placement
from core.middleware import urlencoded_problem
from core.validators import LATEST_DATE, validate_date_in_range
from imports.services import _date
from tests.config.test_settings import PRODUCTION, production_env, run_python
from tests.factories import CompanyFactory, UserFactory

PUBLIC_PAGES = ("/", "/placements/1/", "/accounts/login/", "/me/signup/", "/company/signup/")


def _client() -> Client:
    return Client(raise_request_exception=False)


# --- the pieces ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"q=Ni%C5%A1&kind=job", None),
        (b"q=a+b&page=2;x=1", None),
        (b"q=a%00b", ("q", "nul")),
        (b"district=%00", ("district", "nul")),
        (b"na%00me=1", ("na\\x00me", "nul")),
        (b"q=%ff%fe", ("q", "utf8")),
        (b"q=\xff", ("q", "utf8")),
        (b"%ff=1", ("\ufffd", "utf8")),
    ],
)
def test_urlencoded_problem_names_the_parameter(raw: bytes, expected: Any) -> None:
    problem = urlencoded_problem(raw)
    assert (None if problem is None else (problem.part, problem.reason)) == expected


@pytest.mark.parametrize(
    ("text", "limit", "deeper"),
    [
        ("[[[]]]", 3, False),
        ("[[[[]]]]", 3, True),
        ('{"a": [{"b": "[[[[[[[[[["}]}', 3, False),  # brackets in strings do not count
        ('{"a": "\\"[[[["}', 1, False),
        ("[" * 5000 + "]" * 5000, 32, True),
        ('{"title": "Praksa", "skills": [{"written_as": "Python"}]}', 32, False),
        ("", 32, False),
    ],
)
def test_nesting_is_measured_outside_strings(text: str, limit: int, deeper: bool) -> None:
    assert nesting_exceeds(text, limit) is deeper


def test_dates_are_bounded() -> None:
    validate_date_in_range(dt.date(2026, 11, 27))
    validate_date_in_range(LATEST_DATE)
    for value in (dt.date(9999, 12, 31), dt.date(1, 1, 1), LATEST_DATE + dt.timedelta(days=1)):
        with pytest.raises(Exception, match="Enter a date between"):
            validate_date_in_range(value)


# --- pages and endpoints without logging in --------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
@pytest.mark.parametrize("query", ["q=a%00b", "municipality=%00", "district=%00", "q=%ff%fe"])
def test_a_public_page_refuses_nul_and_invalid_utf8_in_the_query(path: str, query: str) -> None:
    response = _client().get(f"{path}?{query}")
    assert response.status_code == 400
    name = query.split("=")[0]
    assert f"“{name}”" in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_the_error_page_speaks_the_visitors_language() -> None:
    client = _client()
    client.cookies["django_language"] = "sr-latn"
    response = client.get("/?q=a%00b")
    assert response.status_code == 400
    assert "NUL" in response.content.decode() and "Zahtev" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/districts/?x=%00",
        "/api/v1/municipalities/?district=%00",
        "/api/v1/skills/?q=%ff",
        "/skills/suggest/?q=%00",
        "/skills/chip/?code=%00&field=required_skills",
        "/api/v1/municipalities/%00/",
    ],
)
def test_the_api_and_fragments_refuse_nul_with_the_error_body(path: str) -> None:
    response = _client().get(path)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response.json()["error"]["code"] == "bad_request"


@pytest.mark.django_db
def test_the_login_form_refuses_a_nul_or_invalid_utf8_body() -> None:
    with_nul = _client().post("/accounts/login/", {"username": "a\x00b", "password": "x"})
    assert with_nul.status_code == 400 and "“username”" in with_nul.content.decode()
    invalid = _client().post(
        "/accounts/login/",
        b"username=%ff%fe&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert invalid.status_code == 400 and "UTF-8" in invalid.content.decode()


@pytest.mark.django_db
def test_a_header_with_a_nul_is_refused_and_a_cookie_with_one_is_dropped() -> None:
    assert _client().get("/", HTTP_USER_AGENT="Mozilla\x00").status_code == 400
    client = _client()
    client.cookies["sessionid"] = "\\000abcdefghijklmnop"  # unquoted to a NUL by Django
    assert client.get("/").status_code == 200
    client.cookies["sessionid"] = "abc"
    assert client.get("/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        "[" * 5000 + "]" * 5000,
        '{"username": ' + "[" * 50 + "]" * 50 + ', "password": "x"}',
        '{"username": {"a": ' * 40 + "1" + "}" * 40 + "}",
    ],
)
def test_the_token_login_refuses_deeply_nested_json(body: str) -> None:
    response = _client().post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nests deeper than 32" in response.json()["error"]["message"]


@pytest.mark.django_db
def test_the_api_refuses_a_body_too_large_and_one_not_utf8(settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    large = json.dumps({"username": "x" * 2000, "password": "y"})
    response = _client().post("/api/v1/auth/token/", large, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
    latin = b'{"username": "\xff\xfe", "password": "x"}'
    response = _client().post("/api/v1/auth/token/", latin, content_type="application/json")
    assert response.status_code == 400 and "utf-8" in response.json()["error"]["message"]


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("end", ["9999-12-31", "2101-01-01"])
def test_a_report_period_ending_in_9999_is_a_form_error(end: str) -> None:
    admin = UserFactory.create(role=User.Role.ADMIN, is_staff=True, is_superuser=True)
    client = _client()
    client.force_login(admin)
    response = client.get(f"/coordinator/reports/?start=2020-01-01&end={end}")
    assert response.status_code == 200
    assert "Enter a date between 1900-01-01 and 2100-12-31." in response.content.decode()


@pytest.mark.django_db
def test_a_placement_starting_in_9999_is_refused_by_the_api() -> None:
    company = CompanyFactory.create()
    member = UserFactory.create(role=User.Role.COMPANY)
    company.memberships.create(user=member)
    client = APIClient()
    client.force_authenticate(member)
    response = client.post(
        "/api/v1/placements/",
        {
            "company": company.pk,
            "title": "Praksa",
            "kind": "internship",
            "municipality": "nis",
            "start_date": "9999-12-31",
            "application_deadline": "0001-01-01",
        },
        format="json",
    )
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) >= {"start_date", "application_deadline"}
    assert not Placement.objects.exists()


@pytest.mark.django_db
def test_a_placement_starting_in_9999_is_refused_by_the_model() -> None:
    from django.core.exceptions import ValidationError

    from companies.services import placement_create

    with pytest.raises(ValidationError) as raised:
        placement_create(
            company=CompanyFactory.create(),
            kind="job",
            title="Posao",
            start_date=dt.date(9999, 12, 31),
        )
    assert "start_date" in raised.value.message_dict


def test_an_import_row_dated_9999_is_a_row_error() -> None:
    class _Row:
        cells = {"date": "31.12.9999."}

        def text(self, column: str) -> str:
            return str(self.cells[column])

    errors: dict[str, list[str]] = {}
    assert _date(_Row(), "date", errors) is None  # type: ignore[arg-type]
    assert errors == {"date": ["Enter a date between 1900-01-01 and 2100-12-31."]}


# --- the same under production settings ------------------------------------------------------

PRODUCTION_PROBE = textwrap.dedent(
    """
    import json
    import django
    django.setup()
    from pathlib import Path
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.test import Client
    # The manifest collectstatic would write (names unchanged), without copying anything.
    names = {path: path for finder in finders.get_finders() for path, _ in finder.list([])}
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    (Path(settings.STATIC_ROOT) / "staticfiles.json").write_text(
        json.dumps({"paths": names, "version": "1.1"})
    )
    from django.test.utils import setup_test_environment
    setup_test_environment()
    client = Client(HTTP_HOST="spona.example.org", raise_request_exception=False)
    deep = "[" * 5000 + "]" * 5000
    results = {
        "deep_token_login": client.post(
            "/api/v1/auth/token/", deep, content_type="application/json", secure=True
        ).status_code,
        "nul_in_public_query": client.get("/?district=%00", secure=True).status_code,
        "nul_in_api_query": client.get("/api/v1/districts/?x=%00", secure=True).status_code,
        "utf8_in_login_body": client.post(
            "/accounts/login/", b"username=%ff", secure=True,
            content_type="application/x-www-form-urlencoded",
        ).status_code,
    }
    print(json.dumps(results))
    """
)


def test_bad_input_is_a_400_under_production_settings(tmp_path: Path) -> None:
    env = production_env(tmp_path, STATIC_ROOT=str(tmp_path / "static"))
    result = run_python(PRODUCTION_PROBE, PRODUCTION, env)
    assert result.returncode == 0, result.stderr
    statuses = json.loads(result.stdout.strip().splitlines()[-1])
    assert statuses == {
        "deep_token_login": 400,
        "nul_in_public_query": 400,
        "nul_in_api_query": 400,
        "utf8_in_login_body": 400,
    }, result.stderr
