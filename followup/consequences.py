"""The workflow consequences followup provides: a step's outcome checks, in its transaction.

Provided to matching.consequences at start-up (FollowupConfig.ready); matching calls them from
`match_transition`, inside the step's transaction (see matching.workflow.REQUIRED_CONSEQUENCES).
"""

from __future__ import annotations

from accounts.models import User
from followup.services import outcome_checks_schedule, outcome_completion_record_from_transition
from matching import workflow
from matching.consequences import consequence_provide
from matching.models import Match, MatchTransition


def checks_schedule(*, match: Match, record: MatchTransition, actor: User | None) -> None:
    """A placed match gets its 3/6/12-month checks and, for an internship, its completion."""
    outcome_checks_schedule(match=match)


def completion_record(*, match: Match, record: MatchTransition, actor: User | None) -> None:
    """The `complete` / `end_early` step records the completion check by whoever took it."""
    outcome_completion_record_from_transition(
        match=match, to_status=record.to_status, actor=actor, reason=record.reason
    )


def provide() -> None:
    consequence_provide(workflow.OUTCOME_CHECKS_SCHEDULE, checks_schedule)
    consequence_provide(workflow.OUTCOME_COMPLETION_RECORD, completion_record)
