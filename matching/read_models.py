"""One read model of a match per audience: what the viewer sees of the candidate (a reference,
or their contact details too), which steps they may take, and whether they read the reasons.

The API's match serializers and the company's pages both build from `match_views_for`, so the
rule "what a company sees of a candidate" has one home; a rule that narrows it further (such
as the candidate's consent to share with companies) belongs in `_contact_visible`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from accounts import permissions
from accounts.models import User
from candidates.models import candidate_reference
from matching import workflow
from matching.models import Match
from matching.selectors import match_transitions_available

STAFF = frozenset({User.Role.COORDINATOR, User.Role.ADMIN})


@dataclass(frozen=True, slots=True)
class CandidateContact:
    first_name: str
    last_name: str
    email: str
    phone: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True, slots=True)
class MatchView:
    """A match as one viewer may see it."""

    match: Match
    audience: str  # the viewer's role (accounts.permissions.role_of)
    candidate_reference: str  # the pseudonym everyone but staff knows the candidate by
    contact: CandidateContact | None  # None: the viewer may not see the candidate's contact
    actions: tuple[workflow.Transition, ...]  # the steps the viewer may take now
    show_reasons: bool  # reasons are written about people: staff read them


def _contact_visible(audience: str, match: Match) -> bool:
    """Staff see every candidate's contact; a company from the candidate's acceptance on; the
    candidate is themself (no contact block)."""
    if audience in STAFF:
        return True
    if audience == User.Role.COMPANY:
        return permissions.company_may_see_contact(match)
    return False


def _contact_of(match: Match) -> CandidateContact:
    user = match.candidate.user
    return CandidateContact(
        first_name=user.first_name, last_name=user.last_name, email=user.email, phone=user.phone
    )


def match_views_for(
    user: Any, matches: Iterable[Match], *, with_actions: bool = False
) -> list[MatchView]:
    """The matches as `user` may see them (they must be among matches_visible_to(user)); the
    available steps only when asked (`with_actions`: one permission check per match)."""
    audience = permissions.role_of(user)
    return [
        MatchView(
            match=match,
            audience=audience,
            candidate_reference=candidate_reference(match.candidate_id),
            contact=_contact_of(match) if _contact_visible(audience, match) else None,
            actions=tuple(match_transitions_available(match=match, user=user))
            if with_actions
            else (),
            show_reasons=audience in STAFF,
        )
        for match in matches
    ]


def match_view_for(user: Any, match: Match) -> MatchView:
    """One match as `user` may see it, with the steps they may take."""
    return match_views_for(user, [match], with_actions=True)[0]
