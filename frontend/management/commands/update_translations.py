"""Developer step: extract messages (makemessages) and derive the Cyrillic catalogue.

Extraction needs GNU gettext (xgettext, msgmerge); it keeps every existing translation,
adds new messages with an empty msgstr (msgmerge may pre-fill a close match, marked
fuzzy: fuzzy entries are not compiled and fail the completeness test until reviewed).
The Cyrillic catalogue is then rewritten from the Latin one by transliteration.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontend.management import catalogues
from frontend.management.catalogues import CatalogueError

IGNORE_PATTERNS = [
    "venv",
    "var",
    "tests",
    "benchmarks",
    "node_modules",
    "staticfiles",
    "build",
    "dist",
    "*.egg-info",
    "test-artifacts",
]


def project_root() -> Path:
    return Path(settings.BASE_DIR)


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # must run even while a page module is broken
    help = (
        "Extract translatable messages into locale/sr_Latn and locale/en (needs GNU gettext), "
        "derive locale/sr (Cyrillic) from sr_Latn, and compile all catalogues."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-extract",
            action="store_true",
            help="only derive the Cyrillic catalogue from the Latin one and compile",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        locale_dir = Path(settings.LOCALE_PATHS[0])
        latin_po = catalogues.po_path(locale_dir, catalogues.LATIN)
        if not options["no_extract"]:
            self.extract(locale_dir)
        try:
            latin = catalogues.read_catalogue(latin_po)
            cyrillic_po = catalogues.po_path(locale_dir, catalogues.CYRILLIC)
            cyrillic_po.parent.mkdir(parents=True, exist_ok=True)
            catalogues.write_atomically(
                cyrillic_po, catalogues.catalogue_bytes(catalogues.derive_cyrillic(latin))
            )
            compiled = catalogues.compile_all(locale_dir)
        except CatalogueError as exc:
            raise CommandError(str(exc)) from exc
        messages = list(latin)[1:]
        untranslated = [m for m in messages if not catalogues.is_translated(m)]
        self.stdout.write(f"derived {cyrillic_po.relative_to(locale_dir)}")
        for mo_file in compiled:
            self.stdout.write(f"compiled {mo_file.relative_to(locale_dir)}")
        self.stdout.write(
            f"{len(messages)} messages, {len(untranslated)} untranslated or fuzzy in "
            f"{latin_po.relative_to(locale_dir)}"
        )

    def extract(self, locale_dir: Path) -> None:
        root = project_root()
        previous = Path.cwd()
        os.chdir(root)  # makemessages scans the current directory
        try:
            call_command(
                "makemessages",
                locale=[catalogues.LATIN, catalogues.ENGLISH],
                domain=catalogues.DOMAIN,
                ignore_patterns=IGNORE_PATTERNS,
                no_obsolete=True,
                add_location="file",
                verbosity=0,
            )
        finally:
            os.chdir(previous)
        latin_po = catalogues.po_path(locale_dir, catalogues.LATIN)
        if not latin_po.exists():
            raise CommandError(f"makemessages did not write {latin_po}")
        catalogues.tidy_header(
            latin_po, language=catalogues.LATIN, plural_forms=catalogues.SERBIAN_PLURAL_FORMS
        )
        catalogues.tidy_header(
            catalogues.po_path(locale_dir, catalogues.ENGLISH),
            language=catalogues.ENGLISH,
            plural_forms=catalogues.ENGLISH_PLURAL_FORMS,
        )
