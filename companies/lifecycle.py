"""The placement lifecycle as one table: the steps, from where to where, and who takes them.

    draft ─submit (company)→ pending_review ─approve (coordinator)→ open
    draft | pending_review | open | filled ─close (company or coordinator)→ closed
    open ⇄ filled                        by the slots the workflow holds, never by hand

What may change in each status is here too: a draft or a placement in review in full, an
approved one (open or filled) only its slots and deadline, a closed one nothing. The services
(companies.services) enforce it; the pages read it to offer only what the services will take.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from companies.models import Placement

Status = Placement.Status

MEMBER = "member"  # a member of the placement's company
COORDINATOR = "coordinator"  # a coordinator of the placement's district


@dataclass(frozen=True, slots=True)
class PlacementStep:
    name: str
    sources: frozenset[str]
    target: str
    by: frozenset[str]


STEPS: dict[str, PlacementStep] = {
    step.name: step
    for step in (
        PlacementStep(
            "submit", frozenset({Status.DRAFT}), Status.PENDING_REVIEW, frozenset({MEMBER})
        ),
        PlacementStep(
            "approve", frozenset({Status.PENDING_REVIEW}), Status.OPEN, frozenset({COORDINATOR})
        ),
        PlacementStep(
            "close",
            frozenset({Status.DRAFT, Status.PENDING_REVIEW, Status.OPEN, Status.FILLED}),
            Status.CLOSED,
            frozenset({MEMBER, COORDINATOR}),
        ),
    )
}
# What someone without the relation the step needs is told.
REFUSALS: dict[str, Promise] = {
    "submit": _("Only the company's members can submit its placements."),
    "approve": _("Only a coordinator of the district can approve this."),
    "close": _("You cannot close this placement."),
}
# Open and filled follow the slots held (matching.services.workflow), in both directions.
FILL_FOLLOWS_SLOTS: dict[str, str] = {Status.OPEN: Status.FILLED, Status.FILLED: Status.OPEN}

EDITABLE_IN_FULL: frozenset[str] = frozenset({Status.DRAFT, Status.PENDING_REVIEW})
# Approved: the candidates saw it, so only these may change (close it and post a new one).
EDITABLE_WHEN_APPROVED: frozenset[str] = frozenset({Status.OPEN, Status.FILLED})
APPROVED_EDITABLE_FIELDS: frozenset[str] = frozenset({"slots", "application_deadline"})


def may_take(step: str, status: str, who: str) -> bool:
    """Whether someone in the relation `who` (MEMBER, COORDINATOR) may take `step` now."""
    chosen = STEPS[step]
    return status in chosen.sources and who in chosen.by


def is_editable(status: str) -> bool:
    return status in EDITABLE_IN_FULL | EDITABLE_WHEN_APPROVED
