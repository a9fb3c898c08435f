"""Receivers that turn workflow steps and refreshed matches into notifications (connected in
NotificationsConfig)."""

from __future__ import annotations

import logging
from typing import Any

from notifications.services import match_transition_notify, notify_strong_matches

logger = logging.getLogger(__name__)

DISPATCH_UID = "notifications.on_match_transitioned"
REFRESHED_DISPATCH_UID = "notifications.on_matches_refreshed"


def on_match_transitioned(
    sender: Any,
    *,
    match: Any,
    to_status: str,
    record: Any = None,
    actor: Any = None,
    **kwargs: Any,
) -> None:
    """matching.signals_workflow.match_transitioned: sent after the step committed."""
    match_transition_notify(match=match, to_status=to_status, record=record, actor=actor)


def on_matches_refreshed(sender: Any, *, candidate_ids: list[int], **kwargs: Any) -> None:
    """matching.signals_workflow.matches_refreshed: announce each candidate's new strong
    matches (each pair at most once, so a repeated refresh announces nothing new)."""
    for candidate_id in candidate_ids:
        notify_strong_matches(candidate_id=candidate_id)


def connect_receivers() -> None:
    try:
        from matching.signals_workflow import match_transitioned, matches_refreshed
    except ImportError:  # the workflow module is optional for this app
        logger.warning("matching.signals_workflow is missing; workflow notifications are off")
        return
    match_transitioned.connect(on_match_transitioned, dispatch_uid=DISPATCH_UID)
    matches_refreshed.connect(on_matches_refreshed, dispatch_uid=REFRESHED_DISPATCH_UID)
