"""Refresh stored matches now, in this process: all of them, or one candidate's or placement's."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from matching.services import (
    matches_refresh_all,
    matches_refresh_for_candidate,
    matches_refresh_for_placement,
)


class Command(BaseCommand):
    help = (
        "Score candidates against open placements and store each side's top matches "
        "(settings.MATCHING_TOP_K). Without options: everything. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--candidate", type=int, metavar="ID", help="one candidate profile")
        parser.add_argument("--placement", type=int, metavar="ID", help="one placement")

    def handle(self, *args: Any, **options: Any) -> None:
        candidate_id, placement_id = options["candidate"], options["placement"]
        if candidate_id is not None and placement_id is not None:
            raise CommandError("Give --candidate or --placement, not both.")
        if candidate_id is not None:
            report = matches_refresh_for_candidate(candidate_id=candidate_id)
        elif placement_id is not None:
            report = matches_refresh_for_placement(placement_id=placement_id)
        else:
            report = matches_refresh_all()
        self.stdout.write(report.summary())
