"""Reads ESCO v1.1.1 (skills, hierarchy, relations, occupations, ISCO) and Spona's occupations.

No Django. Everything comes from the compact files that `matching/data/esco/build.py` makes
from the official ESCO zips, plus the curated Serbian occupation layer
`matching/data/occupations/*.csv`. `load_esco()` returns one `Esco` per data folder and
process (cached, keyed by the files' paths, sizes and modification times); it reads the files'
bytes at once (for `version`) and parses each part on first use, so a caller that needs only
the skills does not pay for the 124k occupation–skill links. `Esco.load_all()` parses all.

Interface (the engine builds on it; `docs/engine.md`, "ESCO data", says the same):

* Skills, skill groups and occupations are keyed by their **ESCO URI**
  (``http://data.europa.eu/esco/skill/<uuid>``); `EscoSkill.id` is the engine's taxonomy id
  ``esco:<uuid>``. Mappings keep the files' order (sorted by URI), so iteration is stable.
* `Esco.skills[uri] -> EscoSkill`: preferred label, alternative and hidden labels (cleaned,
  deduplicated, never repeating the preferred label), `skill_type` ("skill/competence",
  "knowledge", or "" for six digital-competence concepts), `reuse_level` ("transversal",
  "cross-sector", "sector-specific", "occupation-specific", or "" for five), and `broader`: the
  URIs of the broader skills and skill groups (ESCO is poly-hierarchical: a third of the skills
  have more than one).
* `Esco.hierarchy -> SkillHierarchy`: `groups[uri] -> EscoSkillGroup` (code such as "S4.2.1",
  "K0613" — "K" + the ISCED-F field for knowledge —, "T3.2", "L1"; the four pillar roots
  "S" skills, "K" knowledge, "T" transversal, "L" language), `broader[uri]` for every node
  (skill or group), `depth[uri]` = fewest broader steps to a root (roots 0, level-3 groups 3, a
  skill under a level-3 group 4), `chain(uri)` = one shortest path up to a root,
  `ancestors(uri)` = every ancestor with its shortest distance, `root(uri)` = the pillar code.
* `Esco.skill_relations -> tuple[SkillRelation, ...]`: ESCO's skill→skill links
  (`relation` "essential" or "optional", direction original → related as ESCO states it);
  `Esco.relations_of(uri)` lists those touching a skill, from either side.
* `Esco.occupations[uri] -> EscoOccupation`: ESCO code ("5131.2"), `isco_group` (4 digits),
  labels, `broader_occupation` (URI, or None when the parent is the ISCO group itself),
  `essential_skills` and `optional_skills` (skill URIs, sorted).
* `Esco.isco_groups[code] -> IscoGroup`: the ISCO-08 tree, codes of 1–4 digits, `parent` code.
* `Esco.curated_occupations -> tuple[CuratedOccupation, ...]`: Spona's Serbian occupation layer,
  each linked to an ESCO occupation by URI (checked when loading). Serbian labels are Latin;
  Cyrillic is the caller's `latin_to_cyrillic`, folding (no diacritics) the caller's `fold`.
* `Esco.version` hashes the bytes of every file read (a cache key for derived indexes).

A malformed file raises `EscoFileError` naming the file, line and field.
"""

from __future__ import annotations

import csv
import functools
import gc
import gzip
import hashlib
import io
import operator
import re
from collections import deque
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, cast

__all__ = [
    "DEFAULT_DATA_DIR",
    "CuratedOccupation",
    "Esco",
    "EscoFileError",
    "EscoOccupation",
    "EscoSkill",
    "EscoSkillGroup",
    "IscoGroup",
    "Relation",
    "ReuseLevel",
    "SkillHierarchy",
    "SkillRelation",
    "SkillType",
    "load_esco",
]

DEFAULT_DATA_DIR: Final = Path(__file__).resolve().parents[1] / "data"
SKILLS_FILE: Final = Path("esco") / "esco_skills_en.csv.gz"
SKILL_GROUPS_FILE: Final = Path("esco") / "esco_skill_groups.csv"
SKILL_RELATIONS_FILE: Final = Path("esco") / "esco_skill_relations.csv.gz"
OCCUPATIONS_FILE: Final = Path("esco") / "esco_occupations_en.csv.gz"
ISCO_FILE: Final = Path("esco") / "isco_groups_en.csv"
CURATED_DIR: Final = Path("occupations")
SKILL_URI_PREFIX: Final = "http://data.europa.eu/esco/skill/"
OCCUPATION_URI_PREFIX: Final = "http://data.europa.eu/esco/occupation/"
_SEPARATOR: Final = " | "
_CURATED_CODE_RE: Final = re.compile(r"^[a-z]+\.[a-z0-9-]+$")
_OCCUPATION_URI_RE: Final = re.compile(
    r"^http://data\.europa\.eu/esco/occupation/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$"
)
_CURATED_COLUMNS: Final = (
    "code",
    "label_sr",
    "label_sr_feminine",
    "aliases_sr",
    "label_en",
    "aliases_en",
    "esco_uri",
)

SkillType = Literal["skill/competence", "knowledge", ""]
ReuseLevel = Literal["transversal", "cross-sector", "sector-specific", "occupation-specific", ""]
Relation = Literal["essential", "optional"]
_SKILL_TYPES: Final[frozenset[str]] = frozenset({"skill/competence", "knowledge", ""})
_REUSE_LEVELS: Final[frozenset[str]] = frozenset(
    {"transversal", "cross-sector", "sector-specific", "occupation-specific", ""}
)
_RELATIONS: Final[frozenset[str]] = frozenset({"essential", "optional"})


class EscoFileError(ValueError):
    """An ESCO or curated occupation file is malformed; the message names file, line, field."""


@dataclass(frozen=True, slots=True)
class EscoSkill:
    uri: str
    preferred_label: str
    alt_labels: tuple[str, ...]
    hidden_labels: tuple[str, ...]  # ESCO's search-only labels (misspellings, near terms)
    skill_type: SkillType
    reuse_level: ReuseLevel
    broader: tuple[str, ...]  # URIs of broader skills and skill groups

    @property
    def id(self) -> str:
        """The engine's taxonomy id, "esco:<uuid>"."""
        return "esco:" + self.uri.rsplit("/", 1)[1]

    @property
    def labels(self) -> tuple[str, ...]:
        """Preferred label first, then the alternative labels."""
        return (self.preferred_label, *self.alt_labels)


@dataclass(frozen=True, slots=True)
class EscoSkillGroup:
    uri: str
    code: str  # "S4.2.1", "K0613", "T3.2", "L1"; roots "S", "K", "T", "L"
    preferred_label: str
    broader: str | None  # URI of the parent group; None for a pillar root


@dataclass(frozen=True, slots=True)
class SkillRelation:
    skill: str  # URI of ESCO's "original" skill
    related: str  # URI of the related skill
    relation: Relation


@dataclass(frozen=True, slots=True)
class EscoOccupation:
    uri: str
    code: str  # ESCO's occupation code, e.g. "5131.2" (ISCO group + position)
    isco_group: str  # 4-digit ISCO-08 unit group, e.g. "5131"
    preferred_label: str
    alt_labels: tuple[str, ...]
    hidden_labels: tuple[str, ...]
    broader_occupation: str | None  # URI; None when the parent is the ISCO group
    essential_skills: tuple[str, ...]  # skill URIs
    optional_skills: tuple[str, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.preferred_label, *self.alt_labels)


@dataclass(frozen=True, slots=True)
class IscoGroup:
    code: str  # 1 to 4 digits ("5", "51", "513", "5131")
    preferred_label: str
    parent: str | None  # the code one digit shorter; None for a major group

    @property
    def level(self) -> int:
        return len(self.code)


@dataclass(frozen=True, slots=True)
class CuratedOccupation:
    """An occupation of Spona's Serbian layer; every label is Serbian Latin or English."""

    code: str  # stable, "group.slug", e.g. "hospitality.waiter"
    group: str  # the code's prefix, e.g. "hospitality"
    esco_uri: str
    label_sr: str  # masculine (or only) form, e.g. "konobar"
    label_sr_feminine: str  # e.g. "konobarica"; "" where Serbian uses one form
    aliases_sr: tuple[str, ...]  # colloquial and regional names ("kelner", "šanker")
    label_en: str
    aliases_en: tuple[str, ...]

    @property
    def labels_sr(self) -> tuple[str, ...]:
        """Serbian Latin labels: masculine, feminine, then the aliases."""
        head = (
            (self.label_sr, self.label_sr_feminine) if self.label_sr_feminine else (self.label_sr,)
        )
        return (*head, *self.aliases_sr)


@dataclass(frozen=True, slots=True)
class SkillHierarchy:
    groups: Mapping[str, EscoSkillGroup]  # by URI
    broader: Mapping[str, tuple[str, ...]]  # every skill and group URI → broader URIs
    depth: Mapping[str, int]  # fewest broader steps to a pillar root (roots 0)
    roots: tuple[str, ...]  # URIs of the pillar roots
    group_by_code: Mapping[str, str]  # group code → URI

    def chain(self, uri: str) -> tuple[str, ...]:
        """A shortest path from `uri` up to its pillar root, `uri` first (ties: lowest URI)."""
        path = [uri]
        while self.broader.get(path[-1]):
            parents = self.broader[path[-1]]
            path.append(min(parents, key=lambda parent: (self.depth[parent], parent)))
        return tuple(path)

    def ancestors(self, uri: str) -> dict[str, int]:
        """Every ancestor of `uri` (skills and groups) with its fewest steps from `uri`."""
        distances: dict[str, int] = {}
        queue = deque([(uri, 0)])
        while queue:
            node, distance = queue.popleft()
            for parent in self.broader.get(node, ()):
                if parent not in distances:
                    distances[parent] = distance + 1
                    queue.append((parent, distance + 1))
        return distances

    def root(self, uri: str) -> str:
        """The pillar code ("S", "K", "T" or "L") at the end of `chain(uri)`."""
        return self.groups[self.chain(uri)[-1]].code


# --- reading -----------------------------------------------------------------------------


class _Reader:
    """Rows of one CSV file (gzip or plain), with its name for error messages."""

    def __init__(self, path: Path, data: bytes, columns: tuple[str, ...]) -> None:
        if path.suffix == ".gz":
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError) as exc:
                raise EscoFileError(f"{path.name}: not a gzip file ({exc})") from None
        self.name = path.name
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise EscoFileError(f"{path.name}: not UTF-8 ({exc.reason})") from None
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, [])
        missing = [column for column in columns if column not in header]
        if missing:
            raise EscoFileError(f"{self.name}, line 1: header: missing {', '.join(missing)}")
        self.at = tuple(header.index(column) for column in columns)
        self._rows = list(reader)

    def rows(self) -> list[list[str]]:
        """Every data row with the asked columns in the asked order; row i is on line i + 2."""
        rows, self._rows = self._rows, []
        width = max(self.at) + 1
        for line, row in enumerate(rows, start=2):
            if len(row) < width:
                raise EscoFileError(f"{self.name}, line {line}: row has {len(row)} fields")
        if self.at != tuple(range(len(self.at))):
            getter = operator.itemgetter(*self.at)
            return [list(getter(row)) for row in rows]
        return rows

    def fail(self, line: int, field: str, reason: str) -> EscoFileError:
        return EscoFileError(f"{self.name}, line {line}: {field}: {reason}")


def _split(value: str) -> tuple[str, ...]:
    return tuple(value.split(_SEPARATOR)) if value else ()


_SKILL_COLUMNS: Final = (
    "uri",
    "preferredLabel",
    "altLabels",
    "hiddenLabels",
    "skillType",
    "reuseLevel",
    "broader",
)
_OCCUPATION_COLUMNS: Final = (
    "uri",
    "code",
    "iscoGroup",
    "preferredLabel",
    "altLabels",
    "hiddenLabels",
    "broader",
    "essentialSkills",
    "optionalSkills",
)


def _skill_rows(reader: _Reader) -> tuple[list[str], list[list[str]]]:
    """Skill URIs and fields in file order (the row index is how other files name a skill)."""
    uris: list[str] = []
    rows: list[list[str]] = []
    width = len(reader.at)
    for line, row in enumerate(reader.rows(), start=2):
        fields = row[:width]
        uri, preferred, _alt, _hidden, skill_type, reuse_level, _broader = fields
        if not uri.startswith(SKILL_URI_PREFIX):
            raise reader.fail(line, "uri", f"{uri!r} is not an ESCO skill URI")
        if not preferred:
            raise reader.fail(line, "preferredLabel", "missing")
        if skill_type not in _SKILL_TYPES:
            raise reader.fail(line, "skillType", f"unknown {skill_type!r}")
        if reuse_level not in _REUSE_LEVELS:
            raise reader.fail(line, "reuseLevel", f"unknown {reuse_level!r}")
        uris.append(uri)
        rows.append(fields)
    return uris, rows


def _skill_at(reader: _Reader, line: int, field: str, value: str, uris: list[str]) -> str:
    try:
        return uris[int(value)]
    except (ValueError, IndexError):
        raise reader.fail(line, field, f"{value!r} is not a skill row number") from None


def _skills_at(
    reader: _Reader, line: int, field: str, value: str, uris: list[str]
) -> tuple[str, ...]:
    """The skill URIs of space-separated row numbers."""
    try:
        return tuple(map(uris.__getitem__, map(int, value.split())))
    except (ValueError, IndexError):
        raise reader.fail(line, field, f"{value!r} are not skill row numbers") from None


def _read_groups(reader: _Reader) -> dict[str, tuple[str, str, str]]:
    """Group code → (URI, label, broader code)."""
    groups: dict[str, tuple[str, str, str]] = {}
    lines: dict[str, int] = {}
    for line, row in enumerate(reader.rows(), start=2):
        code, label, uri, broader = row[: len(reader.at)]
        for name, value in (("code", code), ("label", label), ("uri", uri)):
            if not value:
                raise reader.fail(line, name, "missing")
        if code in groups:
            raise reader.fail(line, "code", f"duplicate {code!r}")
        groups[code] = (uri, label, broader)
        lines[code] = line
    for code, (_uri, _label, broader) in groups.items():
        if broader and broader not in groups:
            raise reader.fail(lines[code], "broader", f"{broader!r} is not a group code")
    return groups


def _read_skills(
    reader: _Reader,
    uris: list[str],
    rows: list[list[str]],
    groups: dict[str, tuple[str, str, str]],
) -> dict[str, EscoSkill]:
    group_uris = {code: uri for code, (uri, _label, _broader) in groups.items()}
    skills: dict[str, EscoSkill] = {}
    for line, (uri, preferred, alt, hidden, skill_type, reuse_level, broader) in enumerate(
        rows, start=2
    ):
        parents: list[str] = []
        for reference in _split(broader):
            parent = group_uris.get(reference)
            if parent is None:
                parent = _skill_at(reader, line, "broader", reference, uris)
            parents.append(parent)
        skills[uri] = EscoSkill(
            uri=uri,
            preferred_label=preferred,
            alt_labels=_split(alt),
            hidden_labels=_split(hidden),
            skill_type=cast(SkillType, skill_type),
            reuse_level=cast(ReuseLevel, reuse_level),
            broader=tuple(parents),
        )
    return skills


def _hierarchy(
    groups: dict[str, tuple[str, str, str]], skills: Mapping[str, EscoSkill]
) -> SkillHierarchy:
    by_uri: dict[str, EscoSkillGroup] = {}
    broader: dict[str, tuple[str, ...]] = {}
    for code, (uri, label, parent_code) in groups.items():
        parent = groups[parent_code][0] if parent_code else None
        by_uri[uri] = EscoSkillGroup(uri=uri, code=code, preferred_label=label, broader=parent)
        broader[uri] = (parent,) if parent else ()
    for uri, skill in skills.items():
        broader[uri] = skill.broader
    roots = tuple(uri for uri, group in by_uri.items() if group.broader is None)
    # Fewest steps to a root: breadth-first from the roots along narrower links.
    narrower: dict[str, list[str]] = {}
    for node, parents in broader.items():
        for parent in parents:
            narrower.setdefault(parent, []).append(node)
    depth = dict.fromkeys(roots, 0)
    queue = deque(roots)
    while queue:
        node = queue.popleft()
        for child in narrower.get(node, ()):
            if child not in depth:
                depth[child] = depth[node] + 1
                queue.append(child)
    unreachable = sorted(node for node in broader if node not in depth)
    if unreachable:
        raise EscoFileError(
            f"{SKILLS_FILE.name}: broader: {len(unreachable)} skills reach no pillar root, "
            f"e.g. {unreachable[0]}"
        )
    return SkillHierarchy(
        groups=by_uri,
        broader=broader,
        depth=depth,
        roots=roots,
        group_by_code={code: uri for code, (uri, _label, _parent) in groups.items()},
    )


def _read_relations(reader: _Reader, uris: list[str]) -> tuple[SkillRelation, ...]:
    relations: list[SkillRelation] = []
    for line, row in enumerate(reader.rows(), start=2):
        skill, kind, related = row[: len(reader.at)]
        if kind not in _RELATIONS:
            raise reader.fail(line, "relationType", f"unknown {kind!r}")
        relations.append(
            SkillRelation(
                skill=_skill_at(reader, line, "skill", skill, uris),
                related=_skill_at(reader, line, "relatedSkill", related, uris),
                relation=cast(Relation, kind),
            )
        )
    return tuple(relations)


def _read_isco(reader: _Reader) -> dict[str, IscoGroup]:
    groups: dict[str, IscoGroup] = {}
    for line, row in enumerate(reader.rows(), start=2):
        code, label = row[: len(reader.at)]
        if not code.isdigit() or not 1 <= len(code) <= 4:
            raise reader.fail(line, "code", f"{code!r} is not an ISCO-08 code")
        if not label:
            raise reader.fail(line, "label", "missing")
        parent = code[:-1] or None
        if parent is not None and parent not in groups:
            raise reader.fail(line, "code", f"{code} comes before its parent {parent}")
        groups[code] = IscoGroup(code=code, preferred_label=label, parent=parent)
    return groups


def _read_occupations(
    reader: _Reader, skill_uris: list[str], isco: Mapping[str, IscoGroup]
) -> dict[str, EscoOccupation]:
    rows = reader.rows()
    uris = [row[0] for row in rows]
    occupations: dict[str, EscoOccupation] = {}
    for line, row in enumerate(rows, start=2):
        uri, code, isco_group, preferred, alt, hidden, broader, essential, optional = row[
            : len(reader.at)
        ]
        if not _OCCUPATION_URI_RE.match(uri):
            raise reader.fail(line, "uri", f"{uri!r} is not an ESCO occupation URI")
        if len(isco_group) != 4 or isco_group not in isco:
            raise reader.fail(line, "iscoGroup", f"{isco_group!r} is not an ISCO unit group")
        if not preferred:
            raise reader.fail(line, "preferredLabel", "missing")
        broader_occupation: str | None = None
        if broader != isco_group:
            try:
                broader_occupation = uris[int(broader)]
            except (ValueError, IndexError):
                raise reader.fail(line, "broader", f"{broader!r} is not an occupation") from None
        occupations[uri] = EscoOccupation(
            uri=uri,
            code=code,
            isco_group=isco_group,
            preferred_label=preferred,
            alt_labels=_split(alt),
            hidden_labels=_split(hidden),
            broader_occupation=broader_occupation,
            essential_skills=_skills_at(reader, line, "essentialSkills", essential, skill_uris),
            optional_skills=_skills_at(reader, line, "optionalSkills", optional, skill_uris),
        )
    return occupations


def _clean(value: str) -> str:
    return " ".join(value.split())


def _aliases(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part for part in map(_clean, value.split("|")) if part))


def _has_cyrillic(text: str) -> bool:
    return any("\u0400" <= char <= "\u04ff" for char in text)


def _read_curated(
    readers: list[_Reader], occupation_uris: frozenset[str]
) -> tuple[CuratedOccupation, ...]:
    curated: list[CuratedOccupation] = []
    seen: dict[str, str] = {}
    for reader in readers:
        for line, row in enumerate(reader.rows(), start=2):
            code, label_sr, label_f, aliases_sr, label_en, aliases_en, uri = map(
                _clean, row[: len(reader.at)]
            )
            if not _CURATED_CODE_RE.match(code):
                raise reader.fail(line, "code", f"{code!r} is not group.slug in lower-case ASCII")
            if code in seen:
                raise reader.fail(line, "code", f"duplicate of {seen[code]}")
            seen[code] = f"{reader.name} line {line}"
            for name, value in (("label_sr", label_sr), ("label_en", label_en)):
                if not value:
                    raise reader.fail(line, name, "missing")
            for name, value in (
                ("label_sr", label_sr),
                ("label_sr_feminine", label_f),
                ("aliases_sr", aliases_sr),
            ):
                if _has_cyrillic(value):
                    raise reader.fail(line, name, "write Latin; Cyrillic is derived")
            if not _OCCUPATION_URI_RE.match(uri):
                raise reader.fail(line, "esco_uri", f"{uri!r} is not an ESCO occupation URI")
            if uri not in occupation_uris:
                raise reader.fail(line, "esco_uri", f"{uri} is not an occupation of ESCO v1.1.1")
            curated.append(
                CuratedOccupation(
                    code=code,
                    group=code.split(".", 1)[0],
                    esco_uri=uri,
                    label_sr=label_sr,
                    label_sr_feminine=label_f,
                    aliases_sr=_aliases(aliases_sr),
                    label_en=label_en,
                    aliases_en=_aliases(aliases_en),
                )
            )
    return tuple(curated)


def _relations_index(
    relations: tuple[SkillRelation, ...],
) -> dict[str, tuple[SkillRelation, ...]]:
    index: dict[str, list[SkillRelation]] = {}
    for relation in relations:
        index.setdefault(relation.skill, []).append(relation)
        if relation.related != relation.skill:
            index.setdefault(relation.related, []).append(relation)
    return {uri: tuple(found) for uri, found in index.items()}


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects (about a third
    of the parse time is otherwise spent in collections that free nothing)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- the data set ------------------------------------------------------------------------


class Esco:
    """ESCO v1.1.1 and the curated occupations of one data folder; each part is parsed on
    first use and kept (get one through `load_esco`, which caches it per process)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._bytes: dict[Path, bytes] = {}
        digest = hashlib.blake2b(digest_size=12)
        for path in _files(directory):
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise EscoFileError(f"{path}: cannot read ({exc.strerror})") from None
            self._bytes[path] = data
            digest.update(path.name.encode() + b"\x00" + data)
        self.version: str = digest.hexdigest()

    def _reader(self, name: Path, columns: tuple[str, ...]) -> _Reader:
        path = self.directory / name
        return _Reader(path, self._bytes.pop(path, b"") or path.read_bytes(), columns)

    @functools.cached_property
    def _skill_table(self) -> tuple[_Reader, list[str], list[list[str]]]:
        with _no_gc():
            reader = self._reader(SKILLS_FILE, _SKILL_COLUMNS)
            uris, rows = _skill_rows(reader)
            return reader, uris, rows

    @functools.cached_property
    def _groups(self) -> dict[str, tuple[str, str, str]]:
        with _no_gc():
            return _read_groups(
                self._reader(SKILL_GROUPS_FILE, ("code", "label", "uri", "broader"))
            )

    @functools.cached_property
    def skills(self) -> Mapping[str, EscoSkill]:
        """Every ESCO skill by URI, sorted by URI."""
        with _no_gc():
            reader, uris, rows = self._skill_table
            return _read_skills(reader, uris, rows, self._groups)

    @functools.cached_property
    def hierarchy(self) -> SkillHierarchy:
        with _no_gc():
            return _hierarchy(self._groups, self.skills)

    @functools.cached_property
    def skill_relations(self) -> tuple[SkillRelation, ...]:
        with _no_gc():
            reader = self._reader(SKILL_RELATIONS_FILE, ("skill", "relationType", "relatedSkill"))
            return _read_relations(reader, self._skill_table[1])

    @functools.cached_property
    def _relations_by_skill(self) -> dict[str, tuple[SkillRelation, ...]]:
        with _no_gc():
            return _relations_index(self.skill_relations)

    def relations_of(self, uri: str) -> tuple[SkillRelation, ...]:
        """ESCO's skill–skill relations in which `uri` is either side."""
        return self._relations_by_skill.get(uri, ())

    @functools.cached_property
    def isco_groups(self) -> Mapping[str, IscoGroup]:
        """The ISCO-08 groups by code, parents before children."""
        with _no_gc():
            return _read_isco(self._reader(ISCO_FILE, ("code", "label")))

    @functools.cached_property
    def occupations(self) -> Mapping[str, EscoOccupation]:
        """Every ESCO occupation by URI, sorted by URI."""
        with _no_gc():
            reader = self._reader(OCCUPATIONS_FILE, _OCCUPATION_COLUMNS)
            return _read_occupations(reader, self._skill_table[1], self.isco_groups)

    @functools.cached_property
    def curated_occupations(self) -> tuple[CuratedOccupation, ...]:
        """Spona's Serbian occupations, in file order (files sorted by name)."""
        with _no_gc():
            readers = [
                self._reader(path.relative_to(self.directory), _CURATED_COLUMNS)
                for path in sorted((self.directory / CURATED_DIR).glob("*.csv"))
            ]
            return _read_curated(readers, frozenset(self.occupations))

    def curated_by_uri(self) -> dict[str, list[CuratedOccupation]]:
        """Curated occupations grouped by their ESCO occupation URI."""
        grouped: dict[str, list[CuratedOccupation]] = {}
        for occupation in self.curated_occupations:
            grouped.setdefault(occupation.esco_uri, []).append(occupation)
        return grouped

    def load_all(self) -> Esco:
        """Parse every part now (e.g. before forking workers); returns self."""
        for part in ("hierarchy", "_relations_by_skill", "occupations", "curated_occupations"):
            getattr(self, part)
        return self


# --- entry point -------------------------------------------------------------------------


def _files(directory: Path) -> list[Path]:
    fixed = [SKILLS_FILE, SKILL_GROUPS_FILE, SKILL_RELATIONS_FILE, ISCO_FILE, OCCUPATIONS_FILE]
    return [directory / name for name in fixed] + sorted((directory / CURATED_DIR).glob("*.csv"))


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        status = path.stat()
    except OSError:
        return str(path), -1, -1  # Esco() reports the missing file by name
    return str(path), status.st_size, status.st_mtime_ns


def load_esco(data_dir: Path | None = None) -> Esco:
    """ESCO v1.1.1 and the curated occupations of `data_dir` (default: Spona's data folder).

    Cached per process, keyed by the files' paths, sizes and modification times; reading the
    files happens here (for `version`), parsing each part on its first use.
    """
    directory = (data_dir or DEFAULT_DATA_DIR).resolve()
    return _load(directory, tuple(_stamp(path) for path in _files(directory)))


@functools.lru_cache(maxsize=4)
def _load(directory: Path, stamp: tuple[tuple[str, int, int], ...]) -> Esco:
    del stamp  # only part of the cache key
    return Esco(directory)
