"""The committed catalogues: complete, Cyrillic derived from Latin, placeholders intact."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from django.core.management import call_command
from django.core.management.base import CommandError

from frontend.management.catalogues import (
    CYRILLIC,
    ENGLISH,
    LATIN,
    SERBIAN_PLURAL_FORMS,
    derive_cyrillic,
    is_translated,
    placeholder_problems,
    po_path,
    read_catalogue,
)

LANGUAGES = [LATIN, CYRILLIC, ENGLISH]


def catalogue(locale_dir: Path, language: str) -> Catalog:
    return read_catalogue(po_path(locale_dir, language))


def entries(catalog: Catalog) -> list[tuple[object, ...]]:
    return [(m.context, m.id, m.string, m.fuzzy, sorted(m.flags)) for m in list(catalog)[1:]]


def test_every_latin_message_is_translated(compiled_catalogues: Path) -> None:
    latin = catalogue(compiled_catalogues, LATIN)
    missing = [m.id for m in list(latin)[1:] if not is_translated(m)]
    assert missing == [], (
        f"{len(missing)} messages in locale/sr_Latn lack a (non-fuzzy) translation; run "
        "`manage.py update_translations` and translate them"
    )


def test_the_cyrillic_catalogue_is_the_transliteration_of_the_latin_one(
    compiled_catalogues: Path,
) -> None:
    latin = catalogue(compiled_catalogues, LATIN)
    cyrillic = catalogue(compiled_catalogues, CYRILLIC)
    assert entries(cyrillic) == entries(derive_cyrillic(latin)), (
        "locale/sr is out of date: run `manage.py update_translations --no-extract`"
    )


def test_serbian_catalogues_declare_three_plural_forms(compiled_catalogues: Path) -> None:
    for language in (LATIN, CYRILLIC):
        catalog = catalogue(compiled_catalogues, language)
        assert catalog.num_plurals == 3
        assert catalog.plural_expr in SERBIAN_PLURAL_FORMS


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_their_msgid(
    compiled_catalogues: Path, language: str
) -> None:
    problems = placeholder_problems(catalogue(compiled_catalogues, language))
    assert [str(p) for p in problems] == []


def test_the_english_catalogue_leaves_msgstr_empty(compiled_catalogues: Path) -> None:
    english = catalogue(compiled_catalogues, ENGLISH)
    latin = catalogue(compiled_catalogues, LATIN)
    assert {m.id for m in list(english)[1:]} == {m.id for m in list(latin)[1:]}
    filled = [m.id for m in list(english)[1:] if m.string and any(m.string) and m.string != m.id]
    assert filled == []


def write_po(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    header = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Plural-Forms: {SERBIAN_PLURAL_FORMS}\\n"\n\n'
    )
    path.write_text(header + body, encoding="utf-8")
    return path


def test_compiling_leaves_out_fuzzy_and_empty_entries(tmp_path: Path) -> None:
    po_file = write_po(
        po_path(tmp_path, LATIN),
        'msgid "Save"\nmsgstr "Sačuvaj"\n\n'
        '#, fuzzy\nmsgid "Saved"\nmsgstr "Sačuvaj"\n\n'
        'msgid "Delete"\nmsgstr ""\n\n'
        'msgid "%(n)s day"\nmsgid_plural "%(n)s days"\n'
        'msgstr[0] "%(n)s dan"\nmsgstr[1] "%(n)s dana"\nmsgstr[2] "%(n)s dana"\n',
    )
    call_command("compile_translations", locale_dir=tmp_path)
    with po_file.with_suffix(".mo").open("rb") as handle:
        compiled = read_mo(handle)
    saved = compiled.get("Save")
    assert saved is not None and saved.string == "Sačuvaj"
    assert compiled.get("Saved") is None
    assert compiled.get("Delete") is None
    plural = compiled.get(("%(n)s day", "%(n)s days"))
    assert plural is not None
    assert plural.string == ["%(n)s dan", "%(n)s dana", "%(n)s dana"]
    assert compiled.num_plurals == 3


def test_a_broken_catalogue_fails_loudly(tmp_path: Path) -> None:
    write_po(po_path(tmp_path, LATIN), 'msgid "Save"\nmsgstr "Sačuvaj\n')
    with pytest.raises(CommandError, match="django.po"):
        call_command("compile_translations", locale_dir=tmp_path)


def test_a_duplicate_message_fails_loudly(tmp_path: Path) -> None:
    write_po(po_path(tmp_path, LATIN), 'msgid "Save"\nmsgstr "A"\n\nmsgid "Save"\nmsgstr "B"\n')
    with pytest.raises(CommandError, match="duplicate"):
        call_command("compile_translations", locale_dir=tmp_path)


def test_a_translation_with_wrong_placeholders_fails_compilation(tmp_path: Path) -> None:
    write_po(
        po_path(tmp_path, LATIN),
        '#, python-format\nmsgid "Page %(number)s"\nmsgstr "Stranica %(broj)s"\n',
    )
    with pytest.raises(CommandError, match="placeholders"):
        call_command("compile_translations", locale_dir=tmp_path)


def test_no_catalogue_at_all_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no django.po"):
        call_command("compile_translations", locale_dir=tmp_path)
