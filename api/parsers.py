"""The API's JSON parser: JSON as usual, but no NUL character anywhere in the body.

A NUL cannot be stored in a PostgreSQL text column and names nothing (no code, no skill, no
place), so a body carrying one is refused as a whole with 400 naming where it was, before any
field reaches a query.
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


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
        data = super().parse(stream, media_type, parser_context)
        where = nul_path(data)
        if where is not None:
            raise ParseError(f"Text may not contain the NUL character (at {where}).")
        return data
