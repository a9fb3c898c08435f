"""Load districts, municipalities and the skill taxonomy shipped with Spona (idempotent)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reference.services import (
    TaxonomyRowError,
    curated_skills_import,
    esco_skills_import,
    reference_places_load,
    skill_groups_import,
)


class Command(BaseCommand):
    help = "Load districts, municipalities, skill groups, curated skills and ESCO (English)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--skip-esco",
            action="store_true",
            help="Do not import the ~14,000 ESCO skills (faster, for tests).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir = settings.SPONA_DATA_DIR
        places = reference_places_load(data_dir=data_dir)
        quiet = options["verbosity"] == 0
        if not quiet:
            self.stdout.write(
                f"places: created {places.created}, updated {places.updated}, "
                f"unchanged {places.unchanged}"
            )
        try:
            report = skill_groups_import(
                path=data_dir / "esco" / "esco_skill_groups.csv", kind="esco"
            )
            report.merge(skill_groups_import(path=data_dir / "skill_groups.csv", kind="curated"))
            if not options["skip_esco"]:
                report.merge(
                    esco_skills_import(
                        path=data_dir / "esco" / "esco_skills_en.csv.gz", language="en"
                    )
                )
            report.merge(curated_skills_import(paths=sorted((data_dir / "skills").glob("*.csv"))))
        except TaxonomyRowError as exc:
            raise CommandError(str(exc)) from exc
        if not quiet:
            self.stdout.write(
                f"taxonomy: groups +{report.groups_created}/~{report.groups_updated}, "
                f"skills +{report.skills_created}/~{report.skills_updated}, "
                f"labels +{report.labels_created}/-{report.labels_deleted}, "
                f"skipped rows {report.rows_skipped}"
            )
