"""Import skill taxonomy files: ESCO exports (any language) and curated Serbian CSVs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reference.services import (
    TaxonomyReport,
    TaxonomyRowError,
    curated_skills_import,
    esco_skills_import,
    skill_groups_import,
)
from reference.services.taxonomy import language_from_filename


class Command(BaseCommand):
    help = (
        "Import skills. --esco takes Spona's esco_skills_en.csv(.gz) or ESCO's official "
        "skills_<lang>.csv; --curated takes curated CSV files or a folder of them; "
        "--groups takes a skill group file. Importing the same file twice changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--esco", type=Path, action="append", default=[], help="ESCO skills file (repeatable)"
        )
        parser.add_argument(
            "--language",
            default=None,
            help="label language of --esco files (default: from skills_<lang>.csv, else en)",
        )
        parser.add_argument(
            "--curated",
            type=Path,
            action="append",
            default=[],
            help="curated CSV file or folder (repeatable)",
        )
        parser.add_argument(
            "--groups",
            type=Path,
            action="append",
            default=[],
            help="skill groups CSV: curated (code,label_sr,label_en) or ESCO (code,label)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not (options["esco"] or options["curated"] or options["groups"]):
            raise CommandError("nothing to import: give --esco, --curated or --groups")
        report = TaxonomyReport()
        try:
            for path in options["groups"]:
                self._exists(path)
                header = path.read_text(encoding="utf-8-sig").splitlines()[0]
                kind = "curated" if "label_sr" in header else "esco"
                report.merge(skill_groups_import(path=path, kind=kind))
            for path in options["esco"]:
                self._exists(path)
                language = options["language"] or language_from_filename(path) or "en"
                report.merge(esco_skills_import(path=path, language=language))
            curated: list[Path] = []
            for path in options["curated"]:
                self._exists(path)
                curated.extend(sorted(path.glob("*.csv")) if path.is_dir() else [path])
            if curated:
                report.merge(curated_skills_import(paths=curated))
        except TaxonomyRowError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"groups +{report.groups_created}/~{report.groups_updated}, "
            f"skills +{report.skills_created}/~{report.skills_updated}, "
            f"labels +{report.labels_created}/-{report.labels_deleted}, "
            f"skipped rows {report.rows_skipped} {report.skipped_reasons or ''}".rstrip()
        )

    @staticmethod
    def _exists(path: Path) -> None:
        if not path.exists():
            raise CommandError(f"{path}: no such file or folder")
