"""Compile every locale/<lang>/LC_MESSAGES/django.po to .mo with Babel (no GNU gettext needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontend.management.catalogues import CatalogueError, compile_all


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # must run even while a page module is broken
    help = (
        "Compile the translation catalogues under LOCALE_PATHS[0] to .mo files with Babel. "
        "Fuzzy and untranslated entries are left out; a broken catalogue is an error."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--locale-dir", type=Path, default=None, help="default: LOCALE_PATHS[0]"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        locale_dir = options["locale_dir"] or Path(settings.LOCALE_PATHS[0])
        try:
            compiled = compile_all(locale_dir)
        except CatalogueError as exc:
            raise CommandError(str(exc)) from exc
        for mo_file in compiled:
            self.stdout.write(f"compiled {mo_file.relative_to(locale_dir)}")
