"""The signal sent after a match moved through the workflow (sent on commit, never on rollback).

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
