"""Translation catalogues: Latin → Cyrillic derivation, placeholder checks, Babel compilation.

The Serbian Latin catalogue (``locale/sr_Latn``) is the one translators edit; the Cyrillic one
(``locale/sr``) is always derived from it by transliteration, so the two cannot drift. Parts
of a message that are code rather than language (printf and brace placeholders, template
tags, HTML tags and entities, URLs and e-mail addresses) are never transliterated.
"""

from __future__ import annotations

import io
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from matching.engine.normalize import latin_to_cyrillic

DOMAIN: Final = "django"
LATIN: Final = "sr_Latn"
CYRILLIC: Final = "sr"
ENGLISH: Final = "en"
SERBIAN_PLURAL_FORMS: Final = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)
ENGLISH_PLURAL_FORMS: Final = "nplurals=2; plural=(n != 1);"

# printf-style placeholders as Python's % operator reads them ("%(name)s", "%s", "%.1f",
# "%%"). The space flag is left out on purpose: "50% i više" is text, not "% i".
_PRINTF: Final = r"%(?:\([^()]*\))?[#0+\-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]"
# str.format fields ("{name}", "{0}", "{count:d}") and Django template syntax.
_BRACE: Final = r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{[\w.\[\]]*(?:![rsa])?(?::[^{}]*)?\}"
_TAG: Final = r"</?[A-Za-z][^<>]*>|<!--.*?-->"
_ENTITY: Final = r"&(?:[A-Za-z][A-Za-z0-9]*|#\d+|#[xX][0-9A-Fa-f]+);"
_URL: Final = r"(?:https?://|mailto:|www\.)[^\s<>\"']+"
_EMAIL: Final = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
PROTECTED_RE: Final = re.compile(
    "|".join(f"(?:{part})" for part in (_BRACE, _TAG, _ENTITY, _URL, _EMAIL, _PRINTF)), re.DOTALL
)
PLACEHOLDER_RE: Final = re.compile(f"{_PRINTF}|{_BRACE}", re.DOTALL)

# Serbian acronyms written in capitals; the transliterator keeps short all-caps words Latin
# (they are usually "IT", "CNC", "PDF"), but these are Serbian and have Cyrillic forms.
SERBIAN_ACRONYMS: Final[frozenset[str]] = frozenset(
    {"PIB", "MB", "JMBG", "NSZ", "RS", "DOO", "AD", "PDV", "OŠ", "SŠ", "NVO", "JLS"}
)
_ACRONYM_RE: Final = re.compile(
    r"(?<![^\W\d_])(?:" + "|".join(sorted(SERBIAN_ACRONYMS, key=len, reverse=True)) + r")(?![^\W_])"
)
_ACRONYM_LETTERS: Final[dict[str, str]] = {
    "A": "А",
    "B": "Б",
    "D": "Д",
    "G": "Г",
    "J": "Ј",
    "L": "Л",
    "M": "М",
    "N": "Н",  # fmt: skip
    "O": "О",
    "P": "П",
    "R": "Р",
    "S": "С",
    "Š": "Ш",
    "V": "В",
    "Z": "З",
    "I": "И",  # fmt: skip
}

# Private-use code points stand in for protected parts while the rest is transliterated;
# they are neither letters nor digits, so they also end the word around them.
_SENTINEL_BASE: Final = 0xF0000


class CatalogueError(Exception):
    """A catalogue cannot be read, or a message in it would break at run time."""


def transliterate_message(text: str) -> str:
    """Serbian Latin → Cyrillic, leaving placeholders, tags, entities and URLs untouched."""
    if not text:
        return text
    if any(ord(ch) >= _SENTINEL_BASE for ch in text):
        raise ValueError("text contains supplementary private-use characters")
    kept: list[str] = []

    def protect(match: re.Match[str]) -> str:
        kept.append(match.group())
        return chr(_SENTINEL_BASE + len(kept) - 1)

    def acronym(match: re.Match[str]) -> str:
        kept.append("".join(_ACRONYM_LETTERS[ch] for ch in match.group()))
        return chr(_SENTINEL_BASE + len(kept) - 1)

    masked = PROTECTED_RE.sub(protect, text)
    masked = _ACRONYM_RE.sub(acronym, masked)
    converted = latin_to_cyrillic(masked)
    return re.sub(
        "[\U000f0000-\U000fffff]", lambda m: kept[ord(m.group()) - _SENTINEL_BASE], converted
    )


def placeholders(text: str) -> Counter[str]:
    """The placeholders in a message (``%%`` is an escaped percent sign, not one)."""
    return Counter(p for p in PLACEHOLDER_RE.findall(text) if p != "%%")


def _strings(message: Message) -> tuple[tuple[str, ...], tuple[str, ...]]:
    ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
    strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    return tuple(str(i) for i in ids), tuple(str(s or "") for s in strings)


def is_translated(message: Message) -> bool:
    """True if every form has a translation that is not fuzzy."""
    _, strings = _strings(message)
    return not message.fuzzy and all(strings)


@dataclass(frozen=True)
class PlaceholderProblem:
    msgid: str
    msgstr: str
    expected: list[str]
    found: list[str]

    def __str__(self) -> str:
        return f"{self.msgid!r} → {self.msgstr!r}: expected {self.expected}, found {self.found}"


def placeholder_problems(catalog: Catalog) -> list[PlaceholderProblem]:
    """Translations whose placeholders differ from the source's.

    Empty and fuzzy translations are skipped: neither is compiled, so neither is used.

    A singular message must keep exactly the placeholders of its msgid. Every plural form
    must keep those of msgid_plural: in Serbian form 0 also serves 21, 31, ..., so it
    cannot drop the number the way the English singular may.
    """
    problems = []
    for message in list(catalog)[1:]:
        if message.fuzzy:
            continue
        ids, strings = _strings(message)
        expected = placeholders(ids[-1])
        for string in strings:
            if string and placeholders(string) != expected:
                problems.append(
                    PlaceholderProblem(
                        msgid=ids[-1],
                        msgstr=string,
                        expected=sorted(expected.elements()),
                        found=sorted(placeholders(string).elements()),
                    )
                )
    return problems


def po_path(locale_dir: Path, language: str) -> Path:
    return locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


_QUOTED: Final = r'"(?:[^"\\]|\\.)*"'
_PO_LINE_RE: Final = re.compile(
    rf"(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])[ \t]+{_QUOTED}|{_QUOTED})?[ \t]*"
)


def read_catalogue(path: Path) -> Catalog:
    """Read a .po file strictly: a syntax error or a duplicate raises CatalogueError.

    Babel alone is lenient (an unterminated string loses its last character, a duplicate
    message is silently dropped), so every line is checked against the PO grammar first.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{path}: {exc}") from exc
    for number, line in enumerate(text.splitlines(), start=1):
        if not _PO_LINE_RE.fullmatch(line):
            raise CatalogueError(f"{path}:{number}: not valid PO syntax: {line!r}")
    try:
        catalog = read_po(io.BytesIO(text.encode("utf-8")), abort_invalid=True)
    except Exception as exc:  # Babel raises PoFileError, but also ValueError on bad headers
        raise CatalogueError(f"{path}: {exc}") from exc
    keys = Counter(
        match.group().strip()
        for match in re.finditer(
            r'^(?:msgctxt .*\n(?:".*"\n)*)?msgid .*\n(?:".*"\n)*', text, flags=re.MULTILINE
        )
    )
    duplicates = sorted(key for key, count in keys.items() if count > 1)
    if duplicates:
        raise CatalogueError(f"{path}: duplicate messages: {duplicates}")
    return catalog


def derive_cyrillic(latin: Catalog) -> Catalog:
    """The Cyrillic catalogue: every Latin message transliterated, flags and comments kept."""
    cyrillic = Catalog(
        locale=None,
        domain=DOMAIN,
        header_comment=(
            "# Serbian Cyrillic translations of Spona, GENERATED from sr_Latn by\n"
            "# `manage.py update_translations` - do not edit; edit the Latin catalogue.\n#"
        ),
        project=latin.project,
        version=latin.version,
        fuzzy=False,
    )
    cyrillic.mime_headers = [
        (name, value)
        for name, value in latin.mime_headers
        if name.lower() not in ("language", "plural-forms")
    ] + [("Language", CYRILLIC), ("Plural-Forms", SERBIAN_PLURAL_FORMS)]
    for message in list(latin)[1:]:
        if isinstance(message.string, (list, tuple)):
            string: str | tuple[str, ...] = tuple(
                transliterate_message(s or "") for s in message.string
            )
        else:
            string = transliterate_message(message.string or "")
        cyrillic.add(
            message.id,
            string,
            locations=message.locations,
            flags=message.flags,
            auto_comments=message.auto_comments,
            user_comments=message.user_comments,
            context=message.context,
        )
    return cyrillic


def catalogue_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_previous=False)
    return buffer.getvalue()


_HEADER_FIELD_RE: Final = r'^"{name}: .*"\n(?:"(?![\w-]+: ).*"\n)*'


def tidy_header(path: Path, *, language: str, plural_forms: str) -> None:
    """Fix the header makemessages writes: project name, Language, Plural-Forms, not fuzzy.

    msgmerge keeps an existing header, so this is idempotent across re-runs.
    """
    text = path.read_text(encoding="utf-8")
    head, separator, body = text.partition("\n\n")
    head = re.sub(r"^#, fuzzy\n(?=msgid \"\"\nmsgstr \"\"\n)", "", head, flags=re.MULTILINE)
    head = re.sub(
        r"\A(?:#.*\n)+?(?=#, |msgid )",
        f"# Spona translations ({language}).\n# This file is distributed under the same licence "
        "as Spona.\n",
        head,
    )
    for name, value in (
        ("Project-Id-Version", "Spona"),
        ("Language", language),
        ("Plural-Forms", plural_forms),
    ):
        field = f'"{name}: {value}\\n"\n'
        pattern = re.compile(_HEADER_FIELD_RE.format(name=name), flags=re.MULTILINE)
        found = pattern.search(head + "\n")
        if found:
            padded = head + "\n"
            head = (padded[: found.start()] + field + padded[found.end() :])[:-1]
        else:
            head = f"{head}\n{field[:-1]}"
    path.write_text(head + separator + body, encoding="utf-8")


def compile_catalogue(po_file: Path) -> Path:
    """Write the .mo next to a .po with Babel; fuzzy and empty entries are left out.

    Raises CatalogueError when the file does not parse or a translation's placeholders
    differ from its msgid's (such a message would raise KeyError/TypeError at run time).
    """
    catalog = read_catalogue(po_file)
    problems = placeholder_problems(catalog)
    if problems:
        listed = "\n  ".join(str(p) for p in problems)
        raise CatalogueError(f"{po_file}: placeholders differ from the msgid:\n  {listed}")
    mo_file = po_file.with_suffix(".mo")
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    write_atomically(mo_file, buffer.getvalue())
    return mo_file


def write_atomically(path: Path, data: bytes) -> None:
    """Replace a file in one step, so a running server never reads half a catalogue."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_bytes(data)
    os.replace(partial, path)


def compile_all(locale_dir: Path) -> list[Path]:
    po_files = sorted(locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    if not po_files:
        raise CatalogueError(f"no {DOMAIN}.po catalogues under {locale_dir}")
    return [compile_catalogue(po_file) for po_file in po_files]
