"""The match lifecycle as one table of transitions, and the pure rules that read it.

No database access here: `matching.services.workflow.match_transition` locks rows, checks the
actor's relation to the match (accounts.permissions), and applies the rules below.

    suggested ─express_interest→ interested
    suggested | interested ─shortlist→ shortlisted
    suggested | interested | shortlisted ─propose→ proposed
    proposed ─company_accept→ company_accepted        (takes a slot; CapacityExceeded when full)
    proposed ─company_decline→ company_declined       (reason required)
    company_accepted ─candidate_accept→ candidate_accepted
    company_accepted ─candidate_decline→ candidate_declined   (frees the slot)
    candidate_accepted ─place→ placed                 (coordinator or company confirms the start)
    placed ─complete→ completed
    placed ─end_early→ ended_early                    (reason required; frees the slot)
    any open stage ─reject→ rejected                  (coordinator; reason required)

Decisions (see docs/workflow.md):
* "placed" is a separate confirmation after the candidate accepted, taken by the coordinator
  or the company: acceptance is a promise, placement is the internship actually starting
  (contract signed, first day). Making it automatic would count promises as placements in the
  programme's target of 100 internships.
* A slot is held from the company's acceptance on: company_accepted, candidate_accepted,
  placed and completed occupy it (a completed internship used its slot; to take more interns
  the company raises `slots`). candidate_declined, ended_early and rejected free it, so a
  placement filled by an intern who dropped out opens again.
* Reasons are required where someone else needs them to act: reject (the candidate and the
  other coordinators), end_early (programme reporting), company_decline (the coordinator
  proposes someone better next time). A candidate may decline without giving a reason: many
  beneficiaries have little formal education and a mandatory text box is a barrier.
* The coordinator may propose straight from suggested or interested; shortlisting is an
  optional internal step. Allocation runs propose this way.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.exceptions import IllegalTransition
from matching.models import Match

Status = Match.Status

CANDIDATE = "candidate"
COMPANY = "company"
COORDINATOR = "coordinator"
ADMIN = "admin"
ROLES: frozenset[str] = frozenset({CANDIDATE, COMPANY, COORDINATOR, ADMIN})

# States in which the match holds one of the placement's slots.
SLOT_HOLDING_STATUSES: frozenset[str] = frozenset(
    {
        Status.COMPANY_ACCEPTED,
        Status.CANDIDATE_ACCEPTED,
        Status.PLACED,
        Status.COMPLETED,
    }
)
# States from which nothing further happens.
TERMINAL_STATUSES: frozenset[str] = frozenset(
    {
        Status.COMPANY_DECLINED,
        Status.CANDIDATE_DECLINED,
        Status.COMPLETED,
        Status.ENDED_EARLY,
        Status.REJECTED,
    }
)
# Open stages: the coordinator may still reject the match.
OPEN_STATUSES: frozenset[str] = frozenset(
    {
        Status.SUGGESTED,
        Status.INTERESTED,
        Status.SHORTLISTED,
        Status.PROPOSED,
        Status.COMPANY_ACCEPTED,
        Status.CANDIDATE_ACCEPTED,
    }
)
# States the coordinator may propose from (an allocation run moves these to "proposed").
PROPOSABLE_STATUSES: frozenset[str] = frozenset(
    {Status.SUGGESTED, Status.INTERESTED, Status.SHORTLISTED}
)
# Consequences that must happen with a step, called inside its transaction (matching.
# consequences): when one fails, or no app provides it, the step fails with it and nothing is
# committed. The programme's retention and employment indicators are counted from the outcome
# checks, so they may not ride on a best-effort signal. Notifications and derived data are not
# here: they follow the step after commit (matching.signals_workflow.match_transitioned).
OUTCOME_CHECKS_SCHEDULE = "outcome_checks_schedule"
OUTCOME_COMPLETION_RECORD = "outcome_completion_record"
REQUIRED_CONSEQUENCES: dict[str, tuple[str, ...]] = {
    Status.PLACED: (OUTCOME_CHECKS_SCHEDULE,),
    Status.COMPLETED: (OUTCOME_COMPLETION_RECORD,),
    Status.ENDED_EARLY: (OUTCOME_COMPLETION_RECORD,),
}


@dataclass(frozen=True, slots=True)
class Transition:
    """One edge of the state machine and who may take it."""

    name: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    needs_reason: bool = False
    # The placement must be open (not filled, closed or a draft) to take this transition.
    needs_open_placement: bool = False

    @property
    def takes_slot(self) -> bool:
        return self.target in SLOT_HOLDING_STATUSES and not self.sources <= SLOT_HOLDING_STATUSES

    @property
    def may_free_slot(self) -> bool:
        return self.target not in SLOT_HOLDING_STATUSES and bool(
            self.sources & SLOT_HOLDING_STATUSES
        )

    @property
    def affects_capacity(self) -> bool:
        """Whether the placement row must be locked: the slot count can change."""
        return self.takes_slot or self.may_free_slot


def _t(
    name: str,
    sources: set[str],
    target: str,
    roles: set[str],
    *,
    needs_reason: bool = False,
    needs_open_placement: bool = False,
) -> Transition:
    return Transition(
        name=name,
        sources=frozenset(sources),
        target=target,
        roles=frozenset(roles | {ADMIN}),
        needs_reason=needs_reason,
        needs_open_placement=needs_open_placement,
    )


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t(
            "express_interest",
            {Status.SUGGESTED},
            Status.INTERESTED,
            {CANDIDATE},
            needs_open_placement=True,
        ),
        _t("shortlist", {Status.SUGGESTED, Status.INTERESTED}, Status.SHORTLISTED, {COORDINATOR}),
        _t(
            "propose",
            set(PROPOSABLE_STATUSES),
            Status.PROPOSED,
            {COORDINATOR},
            needs_open_placement=True,
        ),
        _t(
            "company_accept",
            {Status.PROPOSED},
            Status.COMPANY_ACCEPTED,
            {COMPANY},
            needs_open_placement=True,
        ),
        _t(
            "company_decline",
            {Status.PROPOSED},
            Status.COMPANY_DECLINED,
            {COMPANY},
            needs_reason=True,
        ),
        _t("candidate_accept", {Status.COMPANY_ACCEPTED}, Status.CANDIDATE_ACCEPTED, {CANDIDATE}),
        _t("candidate_decline", {Status.COMPANY_ACCEPTED}, Status.CANDIDATE_DECLINED, {CANDIDATE}),
        _t("place", {Status.CANDIDATE_ACCEPTED}, Status.PLACED, {COORDINATOR, COMPANY}),
        _t("complete", {Status.PLACED}, Status.COMPLETED, {COORDINATOR, COMPANY}),
        _t(
            "end_early",
            {Status.PLACED},
            Status.ENDED_EARLY,
            {COORDINATOR, COMPANY},
            needs_reason=True,
        ),
        _t("reject", set(OPEN_STATUSES), Status.REJECTED, {COORDINATOR}, needs_reason=True),
    )
}


def statuses_reached_only_through(status: str) -> frozenset[str]:
    """The statuses a match can only be in once it has been in `status` (itself included):
    those no path of the table from "suggested" reaches when `status` is taken out."""
    if status == Status.SUGGESTED:
        return frozenset(Status.values)
    reached = {Status.SUGGESTED.value}
    frontier = [Status.SUGGESTED.value]
    while frontier:
        current = frontier.pop()
        for step in TRANSITIONS.values():
            if current in step.sources and step.target != status and step.target not in reached:
                reached.add(step.target)
                frontier.append(step.target)
    return frozenset(Status.values) - reached


# Derived from the table: the company sees a candidate from the proposal on, and their contact
# details from the candidate's acceptance on (accounts.permissions applies both).
COMPANY_VISIBLE_STATUSES: frozenset[str] = statuses_reached_only_through(Status.PROPOSED)
CONTACT_VISIBLE_STATUSES: frozenset[str] = statuses_reached_only_through(Status.CANDIDATE_ACCEPTED)
# States of a match that went through `placed`: its outcome checks exist (or are repaired).
PLACED_OR_LATER: frozenset[str] = statuses_reached_only_through(Status.PLACED)


def get_transition(name: str) -> Transition:
    try:
        return TRANSITIONS[name]
    except KeyError:
        raise IllegalTransition(
            f"There is no step called “{name}”.", extra={"transition": name}
        ) from None


def allowed_transitions(status: str, role: str) -> list[Transition]:
    """The transitions someone in `role` may take from `status`, in table order."""
    return [t for t in TRANSITIONS.values() if status in t.sources and role in t.roles]


def check(transition: Transition | str, status: str, role: str) -> Transition:
    """Return the transition when `role` may take it from `status`; raise IllegalTransition."""
    chosen = get_transition(transition) if isinstance(transition, str) else transition
    extra = {"transition": chosen.name, "status": status, "role": role}
    if status not in chosen.sources:
        raise IllegalTransition(
            f"A match that is “{_label(status)}” cannot be moved by “{chosen.name}”.",
            extra=extra,
        )
    if role not in chosen.roles:
        raise IllegalTransition(
            f"Someone in the role “{role}” cannot take the step “{chosen.name}”.", extra=extra
        )
    return chosen


def _label(status: str) -> str:
    return str(dict(Status.choices).get(status, status))


def is_valid_status(status: str) -> bool:
    return status in Status.values
