"""The command line's JSON Lines input (one candidate or placement per line) → engine dataclasses.

Every problem is an :class:`InputError` naming the source, the line and the field, e.g.
``candidates.jsonl:7: field "education.level": must be an integer 1-8, got "high"``. Reading
stops at the first problem. The format is described by the JSON Schemas in ``docs/schemas/``
(``candidate.schema.json``, ``placement.schema.json``). The choices made, and the rules a schema
cannot express:

* Blank (whitespace-only) lines are skipped; line numbers count every physical line, from 1.
  A UTF-8 byte-order mark at the start of a file is ignored.
* Each line is one JSON object. ``NaN``/``Infinity`` and an object with the same key twice are
  rejected.
* ``id`` is required: a non-empty string or an integer. Ids are compared as strings, so ``1``
  and ``"1"`` are duplicates of each other. The engine sees the string form; pass
  ``original_ids`` to get each id's JSON value back (the CLI writes ids out as they came in).
* Every other field is optional, and ``null`` means the same as leaving the field out.
* Unknown top-level fields (and unknown keys inside ``education``, a skill or a language) are
  rejected, naming the field, so that a typo such as ``"skils"`` cannot silently do nothing.
* ``municipality`` is any spelling the gazetteer knows (Latin or Cyrillic, with or without
  diacritics); an unknown name is an error, absent or ``null`` means "location unknown".
* Integers may be written as ``6`` or ``6.0`` (JSON Schema's notion of an integer); booleans are
  never numbers.
* ``seeking`` lists at least one of internship, job, self_employment; ``kind`` is internship
  (default) or job; a language is ``{"code": 2-3 letters, "level": A1..C2}`` (both
  case-insensitive), each code at most once per list; a skill is a string or
  ``{"name", "level": 1-5}`` (for a placement the level is the minimum asked for); skill names
  are trimmed and must not be empty; ``slots`` is an integer ≥ 1; placements read here are open.
* Ids in ``preferences`` are not checked against the other file (a preference for something not
  in this run is ignored by the allocation); a repeated id within one list is an error.
"""

from __future__ import annotations

import difflib
import json
import math
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Final, Protocol, TypeAlias, TypeVar

from rapidfuzz import fuzz, process

from matching.engine.normalize import fold
from matching.engine.types import (
    CEFR_LEVELS,
    Candidate,
    LanguageSkill,
    Place,
    Placement,
    SkillClaim,
    cefr_rank,
)

__all__ = [
    "CANDIDATE_FIELDS",
    "PLACEMENT_FIELDS",
    "SEEKING_VALUES",
    "InputError",
    "JsonId",
    "PlaceFinder",
    "read_candidates",
    "read_placements",
]

JsonId: TypeAlias = str | int
"""An id as it appears in the input: a JSON string or integer."""

SEEKING_VALUES: Final[tuple[str, ...]] = ("internship", "job", "self_employment")
PLACEMENT_KINDS: Final[tuple[str, ...]] = ("internship", "job")
CANDIDATE_FIELDS: Final[frozenset[str]] = frozenset(
    {
        "id",
        "municipality",
        "max_commute_km",
        "willing_to_relocate",
        "seeking",
        "education",
        "languages",
        "skills",
        "about",
        "preferences",
    }
)
PLACEMENT_FIELDS: Final[frozenset[str]] = frozenset(
    {
        "id",
        "kind",
        "title",
        "description",
        "municipality",
        "remote",
        "required_skills",
        "preferred_skills",
        "min_education_level",
        "languages",
        "slots",
        "preferences",
    }
)
_CEFR_RANKS: Final[dict[str, int]] = {level: cefr_rank(level) for level in CEFR_LEVELS}
_EDUCATION_FIELDS: Final[frozenset[str]] = frozenset({"level", "field"})
_SKILL_FIELDS: Final[frozenset[str]] = frozenset({"name", "level"})
_LANGUAGE_FIELDS: Final[frozenset[str]] = frozenset({"code", "level"})

# JSON values as json.loads returns them.
_Json: TypeAlias = "dict[str, _Json] | list[_Json] | str | int | float | bool | None"
_Source: TypeAlias = "str | os.PathLike[str] | Iterable[str]"
_T = TypeVar("_T", Candidate, Placement)


class PlaceFinder(Protocol):
    """What the reader needs of a gazetteer (``engine.places.Gazetteer`` is one)."""

    def find(self, name: str) -> Place | None: ...


class InputError(ValueError):
    """A line of the input is wrong. ``str()`` reads ``source:line: field "f": reason``.

    ``line`` is 0 for a problem with the whole source (a file that cannot be read); ``field``
    is None for a problem with the whole line (not JSON, not an object).
    """

    def __init__(self, source: str, line: int, field: str | None, reason: str) -> None:
        self.source = source
        self.line = line
        self.field = field
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        if self.field is None:
            return f"{where}: {self.reason}"
        return f'{where}: field "{self.field}": {self.reason}'

    def __reduce__(self) -> tuple[type[InputError], tuple[str, int, str | None, str]]:
        return (InputError, (self.source, self.line, self.field, self.reason))


# ---------------------------------------------------------------------------
# Lines
# ---------------------------------------------------------------------------


def _source_name(path_or_lines: _Source, source_name: str | None) -> str:
    if source_name is not None:
        return source_name
    if isinstance(path_or_lines, str | os.PathLike):
        return os.fspath(path_or_lines)
    return "<input>"


def _numbered_lines(path_or_lines: _Source, source: str) -> Iterator[tuple[int, str]]:
    """Yield (line number, text) for every non-blank line."""
    if isinstance(path_or_lines, str | os.PathLike):
        try:
            data = Path(path_or_lines).read_bytes()
        except OSError as exc:
            raise InputError(source, 0, None, f"cannot read: {exc.strerror or exc}") from None
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        for number, raw in enumerate(data.split(b"\n"), start=1):
            if not raw.strip():
                continue
            try:
                yield number, raw.decode("utf-8")
            except UnicodeDecodeError:
                raise InputError(source, number, None, "not valid UTF-8 text") from None
        return
    for number, text in enumerate(path_or_lines, start=1):
        if number == 1:
            text = text.removeprefix("\ufeff")
        if text.strip():
            yield number, text


class _BadConstant(ValueError):
    pass


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _reject_constant(name: str) -> float:
    raise _BadConstant(name)


def _object_without_duplicates(pairs: list[tuple[str, _Json]]) -> dict[str, _Json]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


_DECODER: Final = json.JSONDecoder(
    parse_constant=_reject_constant, object_pairs_hook=_object_without_duplicates
)


def _parse_line(text: str, source: str, number: int) -> dict[str, _Json]:
    try:
        value: _Json = _DECODER.decode(text)
    except _BadConstant as exc:
        raise InputError(source, number, None, f"invalid JSON: {exc} is not allowed") from None
    except _DuplicateKey as exc:
        raise InputError(source, number, exc.key, "appears twice in one object") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            source, number, None, f"invalid JSON: {exc.msg} (column {exc.colno})"
        ) from None
    except ValueError as exc:  # e.g. an integer literal with too many digits
        raise InputError(source, number, None, f"invalid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise InputError(
            source, number, None, f"each line must be a JSON object, got {_kind(value)}"
        )
    return value


# ---------------------------------------------------------------------------
# Field checks
# ---------------------------------------------------------------------------


def _kind(value: _Json) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _show(value: _Json) -> str:
    """The value as JSON, shortened, for an error message."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


class _Line:
    """Field checks for one line; every failure is an InputError naming the line and field."""

    __slots__ = ("number", "source")

    def __init__(self, source: str, number: int) -> None:
        self.source = source
        self.number = number

    def error(self, field: str, reason: str) -> InputError:
        return InputError(self.source, self.number, field, reason)

    def got(self, field: str, expected: str, value: _Json) -> InputError:
        return self.error(field, f"must be {expected}, got {_show(value)}")

    def reject_unknown(self, obj: dict[str, _Json], allowed: frozenset[str], prefix: str) -> None:
        for key in obj:
            if key not in allowed:
                hint = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
                reason = "unknown field"
                if hint:
                    reason += f' (did you mean "{hint[0]}"?)'
                raise self.error(prefix + key, reason)

    def identifier(self, value: _Json, field: str) -> tuple[str, JsonId]:
        if isinstance(value, str):
            if not value.strip():
                raise self.got(field, "a non-empty string or an integer", value)
            return value, value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value), value
        raise self.got(field, "a non-empty string or an integer", value)

    def integer(self, value: _Json, field: str, low: int, high: int | None) -> int:
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        if number is None or number < low or (high is not None and number > high):
            expected = f"an integer {low}-{high}" if high is not None else f"an integer ≥ {low}"
            raise self.got(field, expected, value)
        return number

    def distance(self, value: _Json, field: str) -> float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
            if math.isfinite(number) and number >= 0:
                return number
        raise self.got(field, "a number ≥ 0", value)

    def boolean(self, value: _Json, field: str) -> bool:
        if isinstance(value, bool):
            return value
        raise self.got(field, "true or false", value)

    def text(self, value: _Json, field: str) -> str:
        if isinstance(value, str):
            return value
        raise self.got(field, "a string", value)

    def array(self, value: _Json, field: str) -> list[_Json]:
        if isinstance(value, list):
            return value
        raise self.got(field, "an array", value)

    def obj(self, value: _Json, field: str) -> dict[str, _Json]:
        if isinstance(value, dict):
            return value
        raise self.got(field, "an object", value)

    def choice(self, value: _Json, field: str, allowed: tuple[str, ...]) -> str:
        if isinstance(value, str) and value in allowed:
            return value
        listed = ", ".join(f'"{a}"' for a in allowed)
        raise self.got(field, f"one of {listed}", value)

    def skills(self, value: _Json, field: str) -> tuple[SkillClaim, ...]:
        claims: list[SkillClaim] = []
        for index, item in enumerate(self.array(value, field)):
            if isinstance(item, str):
                text = item.strip()
                if not text:
                    raise self.got(f"{field}[{index}]", "a non-empty skill name", item)
                claims.append(SkillClaim(text))
                continue
            where = f"{field}[{index}]"
            if not isinstance(item, dict):
                raise self.got(where, 'a string or an object {"name", "level"}', item)
            if not _SKILL_FIELDS.issuperset(item):
                self.reject_unknown(item, _SKILL_FIELDS, where + ".")
            name = item.get("name")
            if not isinstance(name, str) or not name.strip():
                raise self.got(where + ".name", "a non-empty string", name)
            raw_level = item.get("level")
            level = None if raw_level is None else self.integer(raw_level, where + ".level", 1, 5)
            claims.append(SkillClaim(name.strip(), level))
        return tuple(claims)

    def languages(self, value: _Json, field: str) -> tuple[LanguageSkill, ...]:
        result: list[LanguageSkill] = []
        seen: set[str] = set()
        for index, item in enumerate(self.array(value, field)):
            where = f"{field}[{index}]"
            entry = self.obj(item, where)
            if not _LANGUAGE_FIELDS.issuperset(entry):
                self.reject_unknown(entry, _LANGUAGE_FIELDS, where + ".")
            code = entry.get("code")
            if not (
                isinstance(code, str) and 2 <= len(code) <= 3 and code.isascii() and code.isalpha()
            ):
                raise self.got(where + ".code", 'a language code such as "de" or "rom"', code)
            code = code.lower()
            if code in seen:
                raise self.error(where + ".code", f'language "{code}" is listed twice')
            seen.add(code)
            level = entry.get("level")
            rank = _CEFR_RANKS.get(level.strip().upper()) if isinstance(level, str) else None
            if rank is None:
                raise self.got(where + ".level", f"a CEFR level {'/'.join(CEFR_LEVELS)}", level)
            result.append(LanguageSkill(code, rank))
        return tuple(result)

    def preferences(self, value: _Json, field: str) -> tuple[str, ...]:
        result: list[str] = []
        seen: set[str] = set()
        for index, item in enumerate(self.array(value, field)):
            key, _original = self.identifier(item, f"{field}[{index}]")
            if key in seen:
                raise self.error(f"{field}[{index}]", f"id {_show(item)} is listed twice")
            seen.add(key)
            result.append(key)
        return tuple(result)


class _Places:
    """Municipality lookups, memoised for one read (inputs repeat the same few names)."""

    __slots__ = ("cache", "finder")

    def __init__(self, finder: PlaceFinder) -> None:
        self.finder = finder
        self.cache: dict[str, Place | None] = {}

    def resolve(self, line: _Line, value: _Json) -> Place | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise line.got("municipality", "a municipality name", value)
        try:
            place = self.cache[value]
        except KeyError:
            place = self.finder.find(value) if value.strip() else None
            self.cache[value] = place
        if place is None:
            reason = f"unknown municipality {_show(value)}"
            hint = self.suggest(value)
            if hint:
                reason += f' (did you mean "{hint}"?)'
            raise line.error("municipality", reason)
        return place

    def suggest(self, name: str) -> str | None:
        """The closest known municipality name, when the finder lists its places."""
        places: Iterable[Place] = getattr(self.finder, "places", ())
        names = [place.name for place in places]
        if not names or not name.strip():
            return None
        best = process.extractOne(
            fold(name), [fold(n) for n in names], scorer=fuzz.ratio, score_cutoff=75
        )
        return names[best[2]] if best is not None else None


# ---------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------


def _record_id(obj: dict[str, _Json], line: _Line, allowed: frozenset[str]) -> tuple[str, JsonId]:
    """Refuse unknown fields, require an id; the id as a string key and as written."""
    if not allowed.issuperset(obj):
        line.reject_unknown(obj, allowed, "")
    if "id" not in obj:
        raise line.error("id", "is required")
    return line.identifier(obj["id"], "id")


def _candidate(obj: dict[str, _Json], line: _Line, places: _Places) -> tuple[Candidate, JsonId]:
    key, original = _record_id(obj, line, CANDIDATE_FIELDS)
    kwargs: dict[str, Any] = {}
    for name, value in obj.items():
        if value is None or name == "id":
            continue
        if name == "municipality":
            kwargs["place"] = places.resolve(line, value)
        elif name == "max_commute_km":
            kwargs["max_commute_km"] = line.distance(value, name)
        elif name == "willing_to_relocate":
            kwargs["willing_to_relocate"] = line.boolean(value, name)
        elif name == "seeking":
            items = line.array(value, name)
            if not items:
                raise line.error(name, "must list at least one of internship, job, self_employment")
            kwargs["seeking"] = frozenset(
                line.choice(item, f"{name}[{i}]", SEEKING_VALUES) for i, item in enumerate(items)
            )
        elif name == "education":
            education = line.obj(value, name)
            line.reject_unknown(education, _EDUCATION_FIELDS, "education.")
            level = education.get("level")
            if level is not None:
                kwargs["education_level"] = line.integer(level, "education.level", 1, 8)
            field = education.get("field")
            if field is not None:
                kwargs["education_field"] = line.text(field, "education.field")
        elif name == "languages":
            kwargs["languages"] = line.languages(value, name)
        elif name == "skills":
            kwargs["skills"] = line.skills(value, name)
        elif name == "about":
            kwargs["about"] = line.text(value, name)
        elif name == "preferences":
            kwargs["preferences"] = line.preferences(value, name)
    return Candidate(id=key, **kwargs), original


def _placement(obj: dict[str, _Json], line: _Line, places: _Places) -> tuple[Placement, JsonId]:
    key, original = _record_id(obj, line, PLACEMENT_FIELDS)
    kwargs: dict[str, Any] = {}
    for name, value in obj.items():
        if value is None or name == "id":
            continue
        if name == "kind":
            kwargs["kind"] = line.choice(value, name, PLACEMENT_KINDS)
        elif name in ("title", "description"):
            kwargs[name] = line.text(value, name)
        elif name == "municipality":
            place = places.resolve(line, value)
            kwargs["place"] = place
            if place is not None:
                kwargs["district"] = place.district
        elif name == "remote":
            kwargs["remote"] = line.boolean(value, name)
        elif name in ("required_skills", "preferred_skills"):
            kwargs[name] = line.skills(value, name)
        elif name == "min_education_level":
            kwargs[name] = line.integer(value, name, 1, 8)
        elif name == "languages":
            kwargs["languages"] = line.languages(value, name)
        elif name == "slots":
            kwargs["slots"] = line.integer(value, name, 1, None)
        elif name == "preferences":
            kwargs["preferences"] = line.preferences(value, name)
    return Placement(id=key, **kwargs), original


def _read(
    path_or_lines: _Source,
    gazetteer: PlaceFinder,
    source_name: str | None,
    original_ids: dict[str, JsonId] | None,
    build: Callable[[dict[str, _Json], _Line, _Places], tuple[_T, JsonId]],
) -> list[_T]:
    source = _source_name(path_or_lines, source_name)
    places = _Places(gazetteer)
    records: list[_T] = []
    first_line: dict[str, int] = {}
    ids = original_ids if original_ids is not None else {}
    for number, text in _numbered_lines(path_or_lines, source):
        line = _Line(source, number)
        record, original = build(_parse_line(text, source, number), line, places)
        key = str(original)
        if key in first_line:
            raise line.error(
                "id", f"duplicate id {_show(original)} (first on line {first_line[key]})"
            )
        first_line[key] = number
        ids[key] = original
        records.append(record)
    return records


def read_candidates(
    path_or_lines: _Source,
    gazetteer: PlaceFinder,
    *,
    source_name: str | None = None,
    original_ids: dict[str, JsonId] | None = None,
) -> list[Candidate]:
    """Read candidates, one JSON object per line, in input order.

    ``path_or_lines`` is a path (``str`` or ``PathLike``) or any iterable of lines (e.g. an open
    text file). ``source_name`` is what error messages call the input (default: the path, or
    ``<input>``). When ``original_ids`` is given it is filled with ``Candidate.id`` → the id's
    JSON value (string or integer). Raises :class:`InputError` at the first problem.
    """
    return _read(path_or_lines, gazetteer, source_name, original_ids, _candidate)


def read_placements(
    path_or_lines: _Source,
    gazetteer: PlaceFinder,
    *,
    source_name: str | None = None,
    original_ids: dict[str, JsonId] | None = None,
) -> list[Placement]:
    """Read placements, one JSON object per line, in input order (see :func:`read_candidates`).

    Placements read here are always open (``is_open=True``); ``district`` is the municipality's.
    """
    return _read(path_or_lines, gazetteer, source_name, original_ids, _placement)
