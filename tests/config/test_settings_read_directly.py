"""Tunables have one default, in config/settings: code reads them directly."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
APPS = [
    "accounts", "api", "candidates", "companies", "config", "core", "demo", "followup",
    "frontend", "grants", "imports", "matching", "notifications", "reference", "reports",
]  # fmt: skip
SECOND_DEFAULT = re.compile(r"getattr\(\s*settings\s*,")


def test_no_module_gives_a_setting_a_second_default() -> None:
    offenders = [
        f"{path.relative_to(REPO)}:{number}"
        for app in APPS
        for path in sorted((REPO / app).rglob("*.py"))
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if SECOND_DEFAULT.search(line)
    ]
    assert offenders == []
