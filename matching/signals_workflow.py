"""Signals of matching for notifications and derived data (never for what must happen: that is
matching.workflow.REQUIRED_CONSEQUENCES, inside the step's transaction).

`match_transitioned` is sent after a match moved through the workflow (on commit, never on
rollback).

Receivers (notifications, e-mail, Celery tasks) get keyword arguments:
``match`` (the Match after the step), ``record`` (the MatchTransition audit row),
``transition`` (its name), ``from_status``, ``to_status``, ``actor`` (a User) and ``reason``.

    from matching.signals_workflow import match_transitioned

    @receiver(match_transitioned)
    def notify(sender, *, match, record, transition, **kwargs): ...
"""

from __future__ import annotations

from django.dispatch import Signal

match_transitioned = Signal()
# Sent by the refresh tasks once a candidate's stored matches were refreshed (committed), with
# ``candidate_ids``: notifications announces the new strong matches.
matches_refreshed = Signal()
