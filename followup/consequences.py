"""Receivers that turn workflow steps into outcome checks (connected in FollowupConfig)."""

from __future__ import annotations

import logging
from typing import Any

from followup.services import outcome_checks_schedule, outcome_completion_record_from_transition
from matching.models import Match

logger = logging.getLogger(__name__)

DISPATCH_UID = "followup.on_match_transitioned"


def on_match_transitioned(
    sender: Any,
    *,
    match: Match,
    to_status: str,
    actor: Any = None,
    reason: str = "",
    **kwargs: Any,
) -> None:
    """matching.signals_workflow.match_transitioned: sent after the step committed."""
    if to_status == Match.Status.PLACED:
        outcome_checks_schedule(match=match)
    elif to_status in (Match.Status.COMPLETED, Match.Status.ENDED_EARLY):
        outcome_completion_record_from_transition(
            match=match, to_status=to_status, actor=actor, reason=reason or ""
        )


def connect_receivers() -> None:
    from matching.signals_workflow import match_transitioned

    match_transitioned.connect(on_match_transitioned, dispatch_uid=DISPATCH_UID)
