"""Seed the deterministic demo programme and print how to log in (safe to run again)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings

from demo.data import DEMO_PASSWORD, ORGANISATIONS
from demo.seed import DEMO_LOGINS, DemoSeedError, seed_demo_programme

DEMO_URL = "http://127.0.0.1:8000/"


class Command(BaseCommand):
    help = (
        "Create a demo programme (organisations, companies, placements, candidates, trainings) "
        "and set it in motion (targets, workflow steps, follow-up outcomes) through the "
        "services. Deterministic and idempotent: a second run creates nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--candidates", type=int, default=300, help="default: 300")
        parser.add_argument("--companies", type=int, default=40, help="default: 40")
        parser.add_argument("--placements", type=int, default=80, help="default: 80")
        parser.add_argument("--seed", type=int, default=2020, help="default: 2020")
        parser.add_argument(
            "--no-workflow",
            action="store_true",
            help="create the people, companies and placements only: no targets, no workflow "
            "steps, no follow-up (the matches are then refreshed by a Celery task)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo's people are fictional: the in-app notifications the workflow creates are
        # kept, the e-mails it sends while seeding go to memory instead of the console.
        try:
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                report = seed_demo_programme(
                    candidates=options["candidates"],
                    companies=options["companies"],
                    placements=options["placements"],
                    seed=options["seed"],
                    workflow=not options["no_workflow"],
                    stdout=self.stdout if options["verbosity"] > 1 else None,
                )
        except DemoSeedError as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:  # a service refused demo data: a bug worth seeing
            raise CommandError(f"A service rejected demo data: {exc}") from exc
        for line in report.summary_lines():
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(
            f"Open {DEMO_URL} and log in (every demo account's password is {DEMO_PASSWORD}):"
        )
        other_coordinators = ", ".join(spec.coordinator_username for spec in ORGANISATIONS[1:])
        for login in DEMO_LOGINS:
            note = f"  (also {other_coordinators})" if login.role == "coordinator" else ""
            self.stdout.write(f"  {login.role:<12} {login.username}{note}")
