"""The consequences a workflow step must have, called inside the step's transaction.

`matching.workflow.REQUIRED_CONSEQUENCES` names them per target status. The app that owns one
(followup: the outcome checks) provides it at start-up with `consequence_provide`, because it
stands above matching and matching may not import it. `match_transition` calls
`consequences_run` before it returns: an exception rolls the step back, and a step whose
consequence nobody provides fails (ImproperlyConfigured) rather than committing without it.
So removing a provider cannot silently lose outcome checks, which a receiver of a robust
signal after commit could (it only logged the failure). `followup.services.
outcome_checks_repair` is the daily net under both.
"""

from __future__ import annotations

from typing import Protocol

from django.core.exceptions import ImproperlyConfigured

from accounts.models import User
from matching import workflow
from matching.models import Match, MatchTransition

KNOWN_CONSEQUENCES: frozenset[str] = frozenset(
    name for names in workflow.REQUIRED_CONSEQUENCES.values() for name in names
)


class Consequence(Protocol):
    def __call__(self, *, match: Match, record: MatchTransition, actor: User | None) -> None: ...


_providers: dict[str, Consequence] = {}


def consequence_provide(name: str, consequence: Consequence) -> None:
    """Register the function that carries out the named consequence (AppConfig.ready)."""
    if name not in KNOWN_CONSEQUENCES:
        raise ImproperlyConfigured(f"{name!r} is not a consequence the workflow table names")
    _providers[name] = consequence


def consequence_withdraw(name: str) -> Consequence | None:
    """Unregister a consequence and return it (tests use it to prove a step then fails)."""
    return _providers.pop(name, None)


def consequences_run(*, match: Match, record: MatchTransition, actor: User | None) -> None:
    """Carry out every consequence the step's target status requires, in table order."""
    for name in workflow.REQUIRED_CONSEQUENCES.get(record.to_status, ()):
        consequence = _providers.get(name)
        if consequence is None:
            raise ImproperlyConfigured(
                f"No app provides the workflow consequence {name!r}; the step to "
                f"{record.to_status!r} would lose it (is followup in INSTALLED_APPS?)."
            )
        consequence(match=match, record=record, actor=actor)
