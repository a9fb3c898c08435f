"""The compiled catalogues are used: pages, the language switch, dates and numbers per locale."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from tests.factories import PlacementFactory, municipality

TITLE = {
    "sr-latn": "Otvorene prakse i poslovi",
    "sr": "Отворене праксе и послови",
    "en": "Open internships and jobs",
}


@pytest.mark.usefixtures("compiled_catalogues")
@pytest.mark.parametrize(("language", "title"), TITLE.items())
def test_activating_a_language_gives_its_translation(language: str, title: str) -> None:
    with translation.override(language):
        assert translation.gettext("Open internships and jobs") == title


def test_django_maps_sr_latn_to_the_sr_Latn_locale_directory(compiled_catalogues: Path) -> None:
    assert translation.to_locale("sr-latn") == "sr_Latn"
    assert (compiled_catalogues / "sr_Latn" / "LC_MESSAGES" / "django.mo").exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("compiled_catalogues")
@pytest.mark.parametrize(("language", "title"), TITLE.items())
def test_the_public_page_renders_in_the_cookie_language(language: str, title: str) -> None:
    PlacementFactory.create(title="Praksa: junior programer", municipality=municipality("pirot"))
    client = Client()
    client.cookies["django_language"] = language
    page = client.get("/").content.decode()
    assert f"<h1>{title}</h1>" in page
    assert {"sr-latn": "Pirot", "sr": "Пирот", "en": "Pirot"}[language] in page
    others = [other for code, other in TITLE.items() if code != language]
    assert not any(f"<h1>{other}</h1>" in page for other in others)


@pytest.mark.django_db
@pytest.mark.usefixtures("compiled_catalogues")
def test_serbian_plural_forms_are_used() -> None:
    client = Client()
    client.cookies["django_language"] = "sr-latn"
    PlacementFactory.create()
    assert "1 otvoren oglas" in client.get("/").content.decode()
    PlacementFactory.create_batch(2)
    assert "3 otvorena oglasa" in client.get("/").content.decode()
    PlacementFactory.create_batch(2)
    assert "5 otvorenih oglasa" in client.get("/").content.decode()


@pytest.mark.django_db
@pytest.mark.usefixtures("compiled_catalogues")
def test_the_language_switch_sets_the_cookie_and_redirects_back() -> None:
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "sr", "next": "/?kind=job"})
    assert response.status_code == 302
    assert response["Location"] == "/?kind=job"
    assert response.cookies["django_language"].value == "sr"
    assert TITLE["sr"] in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert TITLE["en"] in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_language_switch_refuses_a_foreign_redirect() -> None:
    response = Client().post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    ("language", "short", "long"),
    [
        ("sr-latn", "27.11.2026.", "27. novembar 2026."),
        ("sr", "27.11.2026.", "27. новембар 2026."),
        ("en", "11/27/2026", "Nov. 27, 2026"),
    ],
)
def test_dates_render_in_the_locale_format(language: str, short: str, long: str) -> None:
    template = Template('{{ day|date:"SHORT_DATE_FORMAT" }}|{{ day|date:"DATE_FORMAT" }}')
    with translation.override(language):
        rendered = template.render(Context({"day": dt.date(2026, 11, 27)}))
    assert rendered == f"{short}|{long}"


@pytest.mark.parametrize(
    ("language", "number"), [("sr-latn", "1234,5"), ("sr", "1234,5"), ("en", "1234.5")]
)
def test_decimal_numbers_use_the_locale_separator(language: str, number: str) -> None:
    with translation.override(language):
        rendered = Template("{{ value|floatformat:1 }}").render(Context({"value": 1234.5}))
    assert rendered == number
