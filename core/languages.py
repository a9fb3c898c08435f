"""The page language as Spona's three catalogues name it: sr-latn, sr (Cyrillic) or en."""

from __future__ import annotations

from django.utils.translation import get_language

LANGUAGES = frozenset({"sr-latn", "sr", "en"})
DEFAULT_LANGUAGE = "sr-latn"


def current_language() -> str:
    """The active language, or Serbian Latin when it is none of ours."""
    language = (get_language() or DEFAULT_LANGUAGE).lower()
    return language if language in LANGUAGES else DEFAULT_LANGUAGE
