"""The API's JSON parser: JSON as usual, but bounded and without NUL characters.

* (A body larger than DATA_UPLOAD_MAX_MEMORY_SIZE never gets here: DRF reads it through
  request.body, which Django refuses with 400.)
* Nesting deeper than API_JSON_MAX_DEPTH is refused with 400 before it is parsed: Python's json
  module recurses per level, and a few thousand "[" raise RecursionError (a 500) in the parser
  or in anything that walks the result. No request of this API nests deeper than 4.
* A NUL cannot be stored in a PostgreSQL text column and names nothing (no code, no skill, no
  place), so a body carrying one is refused as a whole with 400 naming where it was, before
  any field reaches a query.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, get_encoding  # type: ignore[attr-defined]
from rest_framework.utils import json
from rest_framework.utils.json import strict_constant

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST_PAIR = re.compile(r"\[\]|\{\}")


def nesting_exceeds(text: str, limit: int) -> bool:
    """Whether JSON text nests arrays and objects more than `limit` deep.

    Strings are removed first (brackets inside them do not count), then only the brackets are
    kept and the innermost pairs are removed `limit` times, each pass in C: what remains after
    that is nested deeper than the limit. Mismatched brackets are left for the parser to
    refuse."""
    brackets = _NOT_A_BRACKET.sub("", _JSON_STRING.sub("", text))
    for _level in range(limit):
        if not brackets:
            return False
        brackets, removed = _INNERMOST_PAIR.subn("", brackets)
        if not removed:
            return False
    return bool(_INNERMOST_PAIR.search(brackets))


def nul_path(value: Any, path: str = "") -> str | None:
    """Where the first NUL character is (e.g. "skills[0].written_as"), or None."""
    if isinstance(value, str):
        return path or "(body)" if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in str(key):
                return f"{path}.{key!r}" if path else repr(key)
            found = nul_path(item, f"{path}.{key}" if path else str(key))
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = nul_path(item, f"{path}[{index}]")
            if found:
                return found
    return None


class StrictJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        encoding = get_encoding(parser_context or {})
        raw = stream.read() if stream is not None else b""
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ParseError(
                _("The body is not valid %(encoding)s text.") % {"encoding": encoding}
            ) from exc
        max_depth = int(settings.API_JSON_MAX_DEPTH)
        if nesting_exceeds(text, max_depth):
            raise ParseError(
                _("The JSON body nests deeper than %(depth)d levels.") % {"depth": max_depth}
            )
        try:
            data = json.loads(text, parse_constant=strict_constant if self.strict else None)
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
        where = nul_path(data)
        if where is not None:
            raise ParseError(f"Text may not contain the NUL character (at {where}).")
        return data
