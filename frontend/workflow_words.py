"""The one home of how the pages show the workflow: step labels per audience, which steps are
styled as dangerous, and the badge colour of every status (matches, placements, runs).

The steps and statuses themselves are matching.workflow's table; the `status_badge` template
tag (frontend/templatetags/workflow_words.py) renders a badge from here.
"""

from __future__ import annotations

from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from companies.models import Placement
from matching import workflow
from matching.models import AllocationRun, Match

Audience = Literal["candidate", "company", "coordinator"]
Badge = Literal["ok", "warn", "bad", ""]

# What the button of each step says to each audience (step names from matching/workflow.py).
TRANSITION_LABELS: dict[Audience, dict[str, Promise]] = {
    "candidate": {
        "express_interest": _("I am interested"),
        "candidate_accept": _("Accept the offer"),
        "candidate_decline": _("Decline the offer"),
    },
    "company": {
        "company_accept": _("Accept"),
        "company_decline": _("Decline"),
        "place": _("Confirm the start"),
        "complete": _("Mark completed"),
        "end_early": _("Mark ended early"),
    },
    "coordinator": {
        "shortlist": _("Shortlist"),
        "propose": _("Propose to the company"),
        "reject": _("Reject"),
        "place": _("Confirm the start"),
        "complete": _("Mark completed"),
        "end_early": _("Ended early"),
        "express_interest": _("Express interest"),
        "company_accept": _("Accept for the company"),
        "company_decline": _("Decline for the company"),
        "candidate_accept": _("Accept for the candidate"),
        "candidate_decline": _("Decline for the candidate"),
    },
}

# Statuses in which a match ended without the internship happening or lasting.
UNSUCCESSFUL_STATUSES: frozenset[str] = workflow.TERMINAL_STATUSES - {Match.Status.COMPLETED}

MATCH_BADGES: dict[str, Badge] = {
    Match.Status.PROPOSED: "warn",
    **dict.fromkeys(workflow.SLOT_HOLDING_STATUSES, "ok"),
    **dict.fromkeys(UNSUCCESSFUL_STATUSES, "bad"),
}
PLACEMENT_BADGES: dict[str, Badge] = {
    Placement.Status.PENDING_REVIEW: "warn",
    Placement.Status.OPEN: "ok",
    Placement.Status.FILLED: "ok",
    Placement.Status.CLOSED: "bad",
}
ALLOCATION_RUN_BADGES: dict[str, Badge] = {
    AllocationRun.Status.APPLIED: "ok",
    AllocationRun.Status.DISCARDED: "bad",
}


def transition_label(name: str, audience: Audience) -> str:
    """The button text of a step for this audience (the step's name when it has none)."""
    return str(TRANSITION_LABELS[audience].get(name, name))


def transition_is_danger(transition: workflow.Transition) -> bool:
    """A step that ends the match without success (decline, end early, reject) looks dangerous."""
    return transition.target in UNSUCCESSFUL_STATUSES


def badge_class(obj: Match | Placement | AllocationRun) -> Badge:
    """The badge colour of an object's status."""
    if isinstance(obj, Match):
        return MATCH_BADGES.get(obj.status, "")
    if isinstance(obj, Placement):
        return PLACEMENT_BADGES.get(obj.status, "")
    return ALLOCATION_RUN_BADGES.get(obj.status, "")
