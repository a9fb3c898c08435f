"""The lifecycles of a grant application and of a call, as tables, and the pure rules on them.

No database access here: `grants.services.application_transition` locks the row, works out the
actor's relations to the application (grants.permissions) and applies these rules; every step
writes an ApplicationTransition.

Application:

    draft ─submit→ submitted                         (applicant or their counsellor)
    submitted ─check_eligible→ eligible              (system: the automatic check passed)
    submitted ─check_ineligible→ ineligible          (system: it did not; reasons recorded)
    ineligible ─reinstate→ eligible                  (call manager, reason: the check was wrong)
    eligible ─complete_evaluation→ evaluated         (system: enough evaluators submitted)
    evaluated ─reserve→ reserve                      (call manager, reason)
    evaluated | reserve ─approve→ approved           (call manager, reason, within the budget)
    eligible | evaluated | reserve ─reject→ rejected (call manager, reason)
    approved ─sign_contract→ contracted              (call manager, with the tranches)
    contracted ─complete→ completed                  (call manager: all paid, 12-month visit done)
    contracted ─terminate→ terminated                (call manager, reason)
    draft … approved ─withdraw→ withdrawn            (applicant or counsellor)

Relations, not roles, decide (an admin has all of them):
* **applicant** — for self-employment the beneficiary themself; for a subsidy a member of the
  company that applies;
* **counsellor** — a coordinator of the beneficiary's district (they may fill in and submit an
  application with and for the person: many beneficiaries have no computer);
* **manager** — a coordinator of the organisation that runs the call (decisions, contracts,
  payments);
* **evaluator** — a member of the call's committee (scores; takes no step here);
* **system** — the automatic steps, taken inside the service that causes them.

Decisions (where the issue is silent):
* The eligibility check is a step of its own, right after submission and in the same
  transaction, so the audit shows what the applicant did and what the rules said, apart.
  A manager may overrule it (`reinstate`) with a reason; nothing else moves an ineligible one.
* Approval, reserve and rejection each need a reason: the applicant is told it.
* Reserve-list applications may still be approved later (budget freed by a withdrawal).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.exceptions import IllegalTransition
from grants.models import GrantApplication, GrantCall

Status = GrantApplication.Status
CallStatus = GrantCall.Status

APPLICANT = "applicant"
COUNSELLOR = "counsellor"
MANAGER = "manager"
EVALUATOR = "evaluator"
SYSTEM = "system"
ADMIN = "admin"
RELATIONS: frozenset[str] = frozenset({APPLICANT, COUNSELLOR, MANAGER, EVALUATOR, SYSTEM, ADMIN})

# The applicant (or counsellor) may still change these; nobody else reads a draft.
EDITABLE_STATUSES: frozenset[str] = frozenset({Status.DRAFT})
# Waiting for evaluation or a decision.
IN_REVIEW_STATUSES: frozenset[str] = frozenset(
    {Status.SUBMITTED, Status.ELIGIBLE, Status.EVALUATED, Status.RESERVE}
)
# Money promised or spent: counts against the call's budget.
COMMITTED_STATUSES: frozenset[str] = frozenset(
    {Status.APPROVED, Status.CONTRACTED, Status.COMPLETED}
)
DECIDED_STATUSES: frozenset[str] = frozenset(
    {
        Status.APPROVED,
        Status.RESERVE,
        Status.REJECTED,
        Status.CONTRACTED,
        Status.COMPLETED,
        Status.TERMINATED,
    }
)
# Nothing follows these (an ineligible application may still be reinstated or withdrawn).
TERMINAL_STATUSES: frozenset[str] = frozenset(
    {Status.REJECTED, Status.COMPLETED, Status.TERMINATED, Status.WITHDRAWN}
)
WITHDRAWABLE_STATUSES: frozenset[str] = frozenset(
    {
        Status.DRAFT,
        Status.SUBMITTED,
        Status.ELIGIBLE,
        Status.INELIGIBLE,
        Status.EVALUATED,
        Status.RESERVE,
        Status.APPROVED,
    }
)
# The decision steps the applicant is told about (notifications).
DECISION_TRANSITIONS: frozenset[str] = frozenset({"approve", "reserve", "reject"})


@dataclass(frozen=True, slots=True)
class Transition:
    """One edge of the application's lifecycle and which relations may take it."""

    name: str
    sources: frozenset[str]
    target: str
    relations: frozenset[str]
    needs_reason: bool = False


def _t(
    name: str, sources: set[str], target: str, relations: set[str], *, needs_reason: bool = False
) -> Transition:
    return Transition(
        name=name,
        sources=frozenset(sources),
        target=target,
        relations=frozenset(relations | {ADMIN}),
        needs_reason=needs_reason,
    )


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t("submit", {Status.DRAFT}, Status.SUBMITTED, {APPLICANT, COUNSELLOR}),
        _t("check_eligible", {Status.SUBMITTED}, Status.ELIGIBLE, {SYSTEM}),
        _t("check_ineligible", {Status.SUBMITTED}, Status.INELIGIBLE, {SYSTEM}),
        _t("reinstate", {Status.INELIGIBLE}, Status.ELIGIBLE, {MANAGER}, needs_reason=True),
        _t("complete_evaluation", {Status.ELIGIBLE}, Status.EVALUATED, {SYSTEM}),
        _t("reserve", {Status.EVALUATED}, Status.RESERVE, {MANAGER}, needs_reason=True),
        _t(
            "approve",
            {Status.EVALUATED, Status.RESERVE},
            Status.APPROVED,
            {MANAGER},
            needs_reason=True,
        ),
        _t(
            "reject",
            {Status.ELIGIBLE, Status.EVALUATED, Status.RESERVE},
            Status.REJECTED,
            {MANAGER},
            needs_reason=True,
        ),
        _t("sign_contract", {Status.APPROVED}, Status.CONTRACTED, {MANAGER}),
        _t("complete", {Status.CONTRACTED}, Status.COMPLETED, {MANAGER}),
        _t("terminate", {Status.CONTRACTED}, Status.TERMINATED, {MANAGER}, needs_reason=True),
        _t("withdraw", set(WITHDRAWABLE_STATUSES), Status.WITHDRAWN, {APPLICANT, COUNSELLOR}),
    )
}
# What a person may ask for through the generic transition endpoint and form ("approve" goes to
# application_decide with the approved amount; the contract has its own endpoint and form).
REQUESTABLE_TRANSITIONS: tuple[str, ...] = (
    "submit",
    "reinstate",
    "reserve",
    "approve",
    "reject",
    "complete",
    "terminate",
    "withdraw",
)


def get_transition(name: str) -> Transition:
    try:
        return TRANSITIONS[name]
    except KeyError:
        raise IllegalTransition(
            f"There is no step called “{name}”.", extra={"transition": name}
        ) from None


def allowed_transitions(status: str, relations: frozenset[str]) -> list[Transition]:
    """The steps someone with these relations may take from `status`, in table order."""
    return [t for t in TRANSITIONS.values() if status in t.sources and t.relations & relations]


def check(transition: Transition | str, status: str, relations: frozenset[str]) -> Transition:
    """The transition, when one of `relations` may take it from `status`; IllegalTransition
    otherwise (wrong state, or nobody of these relations takes this step)."""
    chosen = get_transition(transition) if isinstance(transition, str) else transition
    extra = {"transition": chosen.name, "status": status, "relations": sorted(relations)}
    if status not in chosen.sources:
        raise IllegalTransition(
            f"An application that is “{_label(status)}” cannot be moved by “{chosen.name}”.",
            extra=extra,
        )
    if not chosen.relations & relations:
        raise IllegalTransition(f"You cannot take the step “{chosen.name}”.", extra=extra)
    return chosen


def acting_relation(transition: Transition, relations: frozenset[str]) -> str:
    """The relation recorded in the audit row: the most specific one the actor holds."""
    for relation in (APPLICANT, COUNSELLOR, MANAGER, SYSTEM, ADMIN):
        if relation in relations and relation in transition.relations:
            return relation
    return sorted(relations & transition.relations)[0]


def _label(status: str) -> str:
    return str(dict(Status.choices).get(status, status))


# --- the call ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CallTransition:
    name: str
    sources: frozenset[str]
    target: str


CALL_TRANSITIONS: dict[str, CallTransition] = {
    t.name: t
    for t in (
        CallTransition("open", frozenset({CallStatus.DRAFT}), CallStatus.OPEN),
        CallTransition("close", frozenset({CallStatus.OPEN}), CallStatus.EVALUATION),
        CallTransition("finalise", frozenset({CallStatus.EVALUATION}), CallStatus.DECIDED),
    )
}


def check_call(name: str, status: str) -> CallTransition:
    chosen = CALL_TRANSITIONS.get(name)
    if chosen is None:
        raise IllegalTransition(f"There is no step called “{name}”.", extra={"transition": name})
    if status not in chosen.sources:
        raise IllegalTransition(
            f"A call that is “{dict(CallStatus.choices).get(status, status)}” cannot be moved "
            f"by “{name}”.",
            extra={"transition": name, "status": status},
        )
    return chosen
