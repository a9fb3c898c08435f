"""Receivers that turn workflow steps into notifications (connected in NotificationsConfig)."""

from __future__ import annotations

import logging
from typing import Any

from notifications.services import match_transition_notify

logger = logging.getLogger(__name__)

DISPATCH_UID = "notifications.on_match_transitioned"


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


def connect_receivers() -> None:
    try:
        from matching.signals_workflow import match_transitioned
    except ImportError:  # the workflow module is optional for this app
        logger.warning("matching.signals_workflow is missing; workflow notifications are off")
        return
    match_transitioned.connect(on_match_transitioned, dispatch_uid=DISPATCH_UID)
