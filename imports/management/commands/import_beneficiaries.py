"""CLI: import a beneficiaries CSV/XLSX as a coordinator (same rules as the import page)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from core.exceptions import ApplicationError
from imports.parsing import BENEFICIARIES, ImportFileError, read_table
from imports.services import beneficiaries_import


class Command(BaseCommand):
    help = "Import beneficiaries (and their trainings) from a CSV or XLSX file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--as", dest="username", required=True, help="the coordinator")
        parser.add_argument("--sheet", default="", help="XLSX sheet (default: the first)")
        parser.add_argument("--dry-run", action="store_true", help="report only, write nothing")
        parser.add_argument(
            "--valid-only", action="store_true", help="import the valid rows despite errors"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        path: Path = options["file"]
        try:
            table = read_table(path.read_bytes(), kind=BENEFICIARIES, sheet=options["sheet"])
            report = beneficiaries_import(
                rows=table,
                by=user,
                dry_run=options["dry_run"],
                valid_only=options["valid_only"],
            )
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        except ImportFileError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        for row in report.rows:
            if row.errors:
                for error in row.errors:
                    self.stdout.write(f"row {row.number} [{error.column}]: {error.message}")
            else:
                details = f" ({', '.join(row.changes)})" if row.changes else ""
                details += f": {row.note}" if row.note else ""
                self.stdout.write(f"row {row.number}: {row.outcome} {row.label}{details}")
        summary = (
            f"created {report.created}, updated {report.updated}, "
            f"unchanged {report.unchanged}, errors {report.errors}, "
            f"possible duplicates {report.duplicates}"
        )
        if report.written:
            self.stdout.write(self.style.SUCCESS(f"imported: {summary}"))
        elif report.dry_run:
            self.stdout.write(f"dry run, nothing written: {summary}")
        else:
            raise CommandError(f"nothing written (use --valid-only to skip errors): {summary}")
