"""Loads the skill taxonomy (curated CSVs, optionally ESCO) into engine dataclasses, no Django."""

from __future__ import annotations

import csv
import functools
import gzip
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, TextIO

from matching.engine.normalize import latin_to_cyrillic
from matching.engine.types import Taxonomy, TaxonomySkill

__all__ = ["DEFAULT_DATA_DIR", "TaxonomyFileError", "load_taxonomy"]

DEFAULT_DATA_DIR: Final = Path(__file__).resolve().parents[1] / "data"
ESCO_FILE: Final = Path("esco") / "esco_skills_en.csv.gz"
ESCO_GROUP: Final = "esco"  # group of ESCO skills that sit nowhere in ESCO's hierarchy
_ESCO_URI_PREFIX: Final = "http://data.europa.eu/esco/skill/"
_LABEL_MAX: Final = 300  # the database's label length; longer labels are cut the same way
# The first hierarchy path of an ESCO row, e.g. "[['S', 'S4', 'S4.5', 'S4.5.0'], …]".
_FIRST_PATH_RE: Final = re.compile(r"\s*\[\s*\[([^\]]*)\]")
_QUOTED_RE: Final = re.compile(r"'([^']*)'|\"([^\"]*)\"")


class TaxonomyFileError(ValueError):
    """A taxonomy file is malformed; the message names the file, line and field."""


@dataclass
class _Draft:
    code: str
    group: str
    preferred: str
    preferred_labels: list[str]
    labels: list[str]
    language_code: str
    extra: list[str] = field(default_factory=list)


def _open_text(path: Path) -> TextIO:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())[:_LABEL_MAX]


def _split(value: str | None, separator: str) -> list[str]:
    return [part for part in (_clean(piece) for piece in (value or "").split(separator)) if part]


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with _open_text(path) as handle:
        yield from enumerate(csv.DictReader(handle), start=2)


def _unique(labels: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(label for label in labels if label))


def _curated(paths: list[Path]) -> tuple[list[_Draft], dict[str, _Draft]]:
    drafts: list[_Draft] = []
    seen: dict[str, str] = {}
    by_uri: dict[str, _Draft] = {}
    for path in paths:
        for line, row in _rows(path):
            code = (row.get("code") or "").strip()
            group = (row.get("group") or "").strip()
            label_sr, label_en = _clean(row.get("label_sr")), _clean(row.get("label_en"))
            for name, value in (("code", code), ("group", group), ("label_sr", label_sr)):
                if not value:
                    raise TaxonomyFileError(f"{path.name}, line {line}: {name}: missing")
            if code in seen:
                raise TaxonomyFileError(
                    f"{path.name}, line {line}: code: duplicate of {seen[code]}"
                )
            seen[code] = f"{path.name} line {line}"
            aliases_sr = _split(row.get("aliases_sr"), "|")
            aliases_en = _split(row.get("aliases_en"), "|")
            label_cyrl = latin_to_cyrillic(label_sr)
            preferred = [label_sr, label_cyrl, label_en]
            draft = _Draft(
                code=code,
                group=group,
                preferred=label_sr,
                preferred_labels=preferred,
                labels=[
                    *preferred,
                    *aliases_sr,
                    *(latin_to_cyrillic(alias) for alias in aliases_sr),
                    *aliases_en,
                ],
                language_code=(row.get("lang_code") or "").strip(),
            )
            drafts.append(draft)
            uri = (row.get("esco_uri") or "").strip()
            if uri:
                by_uri[uri] = draft
    return drafts, by_uri


def _esco_group(hierarchy: str) -> str:
    """Deepest code of the first hierarchy path ("S4.5.0"), or ESCO_GROUP when there is none."""
    match = _FIRST_PATH_RE.match(hierarchy or "")
    if match is None:
        return ESCO_GROUP
    codes = [single or double for single, double in _QUOTED_RE.findall(match.group(1))]
    codes = [code for code in codes if code]
    return codes[-1] if codes else ESCO_GROUP


def _esco(path: Path, by_uri: dict[str, _Draft]) -> list[_Draft]:
    drafts: dict[str, _Draft] = {}
    with _open_text(path) as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        try:
            uri_at = header.index("uri")
            preferred_at = header.index("preferredLabel")
            alt_at = header.index("altLabels")
            hierarchy_at = header.index("hierarchy_codes")
        except ValueError:
            raise TaxonomyFileError(
                f"{path.name}, line 1: header: need uri, preferredLabel, altLabels, hierarchy_codes"
            ) from None
        for row in reader:
            uri = row[uri_at].strip()
            preferred = _clean(row[preferred_at])
            if not preferred or not uri.startswith(_ESCO_URI_PREFIX):
                continue  # unlabelled extractor rows; the Django import skips them too
            aliases = _split(row[alt_at], " | ")
            owner = by_uri.get(uri)
            if owner is not None:
                # A curated skill owns this URI: ESCO's labels become more aliases of it.
                owner.extra = [preferred, *aliases]
                continue
            drafts[uri] = _Draft(
                code="esco:" + uri.rsplit("/", 1)[1],
                group=_esco_group(row[hierarchy_at]),
                preferred=preferred,
                preferred_labels=[preferred],
                labels=[preferred, *aliases],
                language_code="",
            )
    return list(drafts.values())


def _version(skills: tuple[TaxonomySkill, ...]) -> str:
    digest = hashlib.blake2b(digest_size=12)
    for skill in skills:
        digest.update(
            "\x1e".join(
                (skill.id, skill.group, skill.language_code, "\x1f".join(skill.labels))
            ).encode()
        )
        digest.update(b"\x1d")
    return digest.hexdigest()


def load_taxonomy(data_dir: Path | None = None, *, include_esco: bool = False) -> Taxonomy:
    """The curated skills of `data_dir`/skills/*.csv (and ESCO's ~14,000 when asked), cached.

    Curated skills keep their code as id, their group, the Serbian Latin label as the preferred
    label, and as labels: Serbian Latin, derived Cyrillic and English preferred labels, then the
    Serbian aliases, their Cyrillic forms and the English aliases — the labels the Django import
    stores. ESCO skills get the id "esco:<uuid>", the deepest code of their first hierarchy path
    as group, and their preferred and alternative labels; an ESCO row whose URI a curated skill
    already names adds its labels to that skill instead. `version` hashes all of it. Results are
    cached per process, keyed by the files' paths, sizes and modification times.
    """
    directory = (data_dir or DEFAULT_DATA_DIR).resolve()
    paths = sorted((directory / "skills").glob("*.csv"))
    if include_esco:
        paths.append(directory / ESCO_FILE)
    stamp = tuple((str(path), *_stat(path)) for path in paths)
    return _load(directory, include_esco, stamp)


def _stat(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_size, status.st_mtime_ns


@functools.lru_cache(maxsize=8)
def _load(directory: Path, include_esco: bool, stamp: tuple[tuple[str, int, int], ...]) -> Taxonomy:
    curated_paths = sorted((directory / "skills").glob("*.csv"))
    if not curated_paths:
        raise TaxonomyFileError(f"{directory / 'skills'}: no curated skill files")
    drafts, by_uri = _curated(curated_paths)
    if include_esco:
        drafts.extend(_esco(directory / ESCO_FILE, by_uri))
    skills = tuple(
        TaxonomySkill(
            id=draft.code,
            group=draft.group,
            preferred_label=draft.preferred,
            labels=_unique(draft.labels + draft.extra),
            language_code=draft.language_code,
            preferred_labels=_unique(draft.preferred_labels),
        )
        for draft in drafts
    )
    return Taxonomy(skills=skills, version=_version(skills))
