"""Latin → Cyrillic for catalogue messages: language is converted, code is left alone."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontend.management.catalogues import placeholders, transliterate_message


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Otvorene prakse i poslovi", "Отворене праксе и послови"),
        ("Sačuvaj izmene", "Сачувај измене"),
        ("Ljubljana, NJEGOŠ, džak", "Љубљана, ЊЕГОШ, џак"),
        ("Nadživeti injekciju", "Надживети инјекцију"),
        ("Rad u IT sektoru", "Рад у IT сектору"),
        ("Napomena", "Напомена"),
        ("", ""),
    ],
)
def test_serbian_text_is_transliterated(latin: str, cyrillic: str) -> None:
    assert transliterate_message(latin) == cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Oglas je u statusu „%(status)s“.", "Оглас је у статусу „%(status)s“."),
        ("Stranica %(number)s od %(total)s", "Страница %(number)s од %(total)s"),
        ("%s i %d dana, %.1f km, 50%% popust", "%s и %d дана, %.1f км, 50%% попуст"),
        ("Zdravo {name}, imate {count:d} poruka", "Здраво {name}, имате {count:d} порука"),
        ("Vidi {{ user.name }} i {% url 'home' %}", "Види {{ user.name }} и {% url 'home' %}"),
        (
            '<a href="%(signup_url)s" title="Registracija">Registrujte se</a>',
            '<a href="%(signup_url)s" title="Registracija">Региструјте се</a>',
        ),
        ("Dva&nbsp;dana &amp; noć &#8211; kraj", "Два&nbsp;дана &amp; ноћ &#8211; крај"),
        (
            "Pišite na podrska@spona.rs ili https://spona.rs/pomoc/",
            "Пишите на podrska@spona.rs или https://spona.rs/pomoc/",
        ),
    ],
)
def test_placeholders_tags_entities_and_urls_are_kept(latin: str, cyrillic: str) -> None:
    assert transliterate_message(latin) == cyrillic


def test_serbian_acronyms_get_their_cyrillic_form_but_foreign_ones_do_not() -> None:
    assert transliterate_message("PIB i MB kompanije, PDF i CNC") == "ПИБ и МБ компаније, PDF и CNC"
    assert transliterate_message("PIB-a") == "ПИБ-а"


def test_placeholders_ignores_escaped_percent_signs() -> None:
    assert placeholders("50%% od %(total)s i %s") == {"%(total)s": 1, "%s": 1}


_PROTECTED_RE = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}|</?[a-z]+(?: href=\"[^\"]*\")?>")

_names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8)
_words = st.text(alphabet="abcčćdđefghijklmnoprsštuvzžABCČĆDĐLNJEFGHIKMOPRSŠTUVZŽ ,.", max_size=12)
_placeholders = st.one_of(
    st.builds(lambda name, kind: f"%({name}){kind}", _names, st.sampled_from("sd")),
    st.builds(lambda name: f"{{{name}}}", _names),
    st.builds(
        lambda tag, href: f'<{tag} href="{href}">' if href else f"<{tag}>",
        st.sampled_from(["a", "strong", "em"]),
        st.sampled_from(["", "/prijava/", "%(url)s", "https://spona.rs/nalog"]),
    ),
    st.sampled_from(["</a>", "</strong>", "</em>"]),
)


@given(st.lists(st.one_of(_words, _placeholders), max_size=8))
def test_transliteration_never_changes_a_placeholder_or_tag(parts: list[str]) -> None:
    text = "".join(parts)
    result = transliterate_message(text)
    assert _PROTECTED_RE.findall(result) == _PROTECTED_RE.findall(text)
    assert placeholders(result) == placeholders(text)
