"""The placement workflow: every legal step, a sample of illegal ones, audit records, capacity."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from accounts import permissions
from accounts.models import User
from candidates.models import CandidateProfile
from companies.models import Company, CompanyMembership, Placement
from companies.selectors import placement_list_open
from core.exceptions import (
    ApplicationError,
    CapacityExceeded,
    IllegalTransition,
    NotFound,
    PermissionDeniedError,
)
from matching import selectors, workflow
from matching.models import Match, MatchTransition
from matching.services import match_transition, placement_fill_status_refresh
from matching.signals_workflow import match_transitioned
from reference.models import District
from tests.factories import (
    CandidateProfileFactory,
    CompanyFactory,
    OrganisationFactory,
    PlacementFactory,
    UserFactory,
    municipality,
)

pytestmark = pytest.mark.django_db

S = Match.Status
REASON = "Kandidat je odustao / the candidate withdrew"


@dataclass
class World:
    """One coordinator's district (Nišavski) with a company, a placement and a candidate, and
    an outsider of each kind."""

    coordinator: User
    other_coordinator: User
    admin: User
    candidate: CandidateProfile
    other_candidate: CandidateProfile
    company: Company
    member: User
    other_member: User
    placement: Placement

    def actor(self, role: str, match: Match | None = None) -> User:
        if role == workflow.CANDIDATE:
            return match.candidate.user if match is not None else self.candidate.user
        return {
            workflow.COMPANY: self.member,
            workflow.COORDINATOR: self.coordinator,
            workflow.ADMIN: self.admin,
            "outsider": self.other_coordinator,
        }[role]


@pytest.fixture
def world() -> World:
    eneca = OrganisationFactory.create(short_name="ENECA")
    eneca.districts.set([District.objects.get(code="RS-20")])
    nexus = OrganisationFactory.create(short_name="NEXUS")
    nexus.districts.set([District.objects.get(code="RS-24")])
    company = CompanyFactory.create(municipality=municipality("nis"))
    member = UserFactory.create(role=User.Role.COMPANY)
    CompanyMembership.objects.create(user=member, company=company)
    other_member = UserFactory.create(role=User.Role.COMPANY)
    CompanyMembership.objects.create(user=other_member, company=CompanyFactory.create())
    return World(
        coordinator=UserFactory.create(role=User.Role.COORDINATOR, organisation=eneca),
        other_coordinator=UserFactory.create(role=User.Role.COORDINATOR, organisation=nexus),
        admin=UserFactory.create(role=User.Role.ADMIN),
        candidate=CandidateProfileFactory.create(municipality=municipality("nis")),
        other_candidate=CandidateProfileFactory.create(municipality=municipality("aleksinac")),
        company=company,
        member=member,
        other_member=other_member,
        placement=PlacementFactory.create(company=company, slots=2),
    )


def make_match(world: World, status: str = S.SUGGESTED, **fields: Any) -> Match:
    fields.setdefault("candidate", world.candidate)
    fields.setdefault("placement", world.placement)
    return Match.objects.create(score=0.7, status=status, **fields)


LEGAL = [
    (transition.name, source, role)
    for transition in workflow.TRANSITIONS.values()
    for source in sorted(transition.sources)
    for role in sorted(transition.roles)
]


# --- the table itself (no database) --------------------------------------------------------


@pytest.mark.django_db(databases=[])
def test_every_status_is_reachable_from_suggested_and_only_terminal_ones_are_dead_ends() -> None:
    seen = {S.SUGGESTED.value}
    queue = deque([S.SUGGESTED.value])
    while queue:
        status = queue.popleft()
        for transition in workflow.TRANSITIONS.values():
            if status in transition.sources and transition.target not in seen:
                seen.add(transition.target)
                queue.append(transition.target)
    assert seen == set(S.values)
    for status in S.values:
        outgoing = [t for t in workflow.TRANSITIONS.values() if status in t.sources]
        assert (not outgoing) == (status in workflow.TERMINAL_STATUSES), status


@pytest.mark.django_db(databases=[])
def test_only_the_company_acceptance_takes_a_slot_and_only_leaving_steps_free_one() -> None:
    takes = {t.name for t in workflow.TRANSITIONS.values() if t.takes_slot}
    frees = {t.name for t in workflow.TRANSITIONS.values() if t.may_free_slot}
    assert takes == {"company_accept"}
    assert frees == {"candidate_decline", "end_early", "reject"}


@pytest.mark.django_db(databases=[])
def test_allowed_transitions_follow_the_table_for_each_role() -> None:
    names = [t.name for t in workflow.allowed_transitions(S.PROPOSED, workflow.COMPANY)]
    assert names == ["company_accept", "company_decline"]
    names = [t.name for t in workflow.allowed_transitions(S.SUGGESTED, workflow.COORDINATOR)]
    assert names == ["shortlist", "propose", "reject"]
    assert [t.name for t in workflow.allowed_transitions(S.SUGGESTED, "candidate")] == [
        "express_interest"
    ]
    assert workflow.allowed_transitions(S.COMPLETED, workflow.ADMIN) == []
    assert workflow.allowed_transitions(S.PROPOSED, permissions.ANONYMOUS) == []


@pytest.mark.django_db(databases=[])
def test_check_names_the_problem_for_a_wrong_state_a_wrong_role_and_an_unknown_step() -> None:
    with pytest.raises(IllegalTransition, match="cannot be moved") as wrong_state:
        workflow.check("complete", S.PROPOSED, workflow.COORDINATOR)
    assert wrong_state.value.extra == {
        "transition": "complete",
        "status": "proposed",
        "role": "coordinator",
    }
    with pytest.raises(IllegalTransition, match="role"):
        workflow.check("company_accept", S.PROPOSED, workflow.CANDIDATE)
    with pytest.raises(IllegalTransition, match="no step"):
        workflow.check("teleport", S.PROPOSED, workflow.ADMIN)
    assert workflow.check("propose", S.SUGGESTED, workflow.COORDINATOR).target == S.PROPOSED


# --- every legal step ----------------------------------------------------------------------


@pytest.mark.parametrize(("name", "source", "role"), LEGAL, ids=["-".join(t) for t in LEGAL])
def test_every_legal_transition_moves_the_match_and_writes_the_audit_record(
    world: World, name: str, source: str, role: str
) -> None:
    match = make_match(world, source)
    before = match.status_changed_at
    actor = world.actor(role, match)
    transition = workflow.TRANSITIONS[name]
    reason = REASON if transition.needs_reason else ""

    result = match_transition(match_id=match.pk, transition=name, actor=actor, reason=reason)

    match.refresh_from_db()
    assert result.status == match.status == transition.target
    assert match.status_changed_at >= before
    record = MatchTransition.objects.get(match=match)
    assert (
        record.transition,
        record.from_status,
        record.to_status,
        record.actor,
        record.actor_role,
        record.reason,
    ) == (name, source, transition.target, actor, role, reason)
    assert record.created_at is not None


def test_the_whole_happy_path_leaves_one_audit_record_per_step_in_order(world: World) -> None:
    match = make_match(world)
    steps = [
        ("express_interest", world.candidate.user),
        ("shortlist", world.coordinator),
        ("propose", world.coordinator),
        ("company_accept", world.member),
        ("candidate_accept", world.candidate.user),
        ("place", world.coordinator),
        ("complete", world.member),
    ]
    for name, actor in steps:
        match_transition(match_id=match.pk, transition=name, actor=actor)
    history = list(selectors.match_transition_history(match_id=match.pk))
    assert [(r.transition, r.actor) for r in history] == steps
    assert [r.from_status for r in history] == [
        "suggested",
        "interested",
        "shortlisted",
        "proposed",
        "company_accepted",
        "candidate_accepted",
        "placed",
    ]
    assert history[-1].to_status == S.COMPLETED
    assert all(a.created_at <= b.created_at for a, b in zip(history, history[1:], strict=False))


def test_a_reason_is_stored_stripped(world: World) -> None:
    match = make_match(world, S.PROPOSED)
    match_transition(
        match_id=match.pk,
        transition="company_decline",
        actor=world.member,
        reason="  Tražimo nekoga sa iskustvom u zavarivanju.  ",
    )
    assert MatchTransition.objects.get(match=match).reason == (
        "Tražimo nekoga sa iskustvom u zavarivanju."
    )


# --- illegal steps: nothing changes, nothing is recorded -----------------------------------


def _assert_untouched(match: Match, status: str) -> None:
    match.refresh_from_db()
    assert match.status == status
    assert not MatchTransition.objects.filter(match=match).exists()


@pytest.mark.parametrize(
    ("source", "name", "role"),
    [
        (S.SUGGESTED, "shortlist", workflow.CANDIDATE),  # a candidate cannot shortlist
        (S.SUGGESTED, "place", workflow.COORDINATOR),  # skipping the whole workflow
        (S.PROPOSED, "company_accept", workflow.COORDINATOR),  # the company decides
        (S.PROPOSED, "candidate_accept", workflow.CANDIDATE),  # before the company accepted
        (S.PROPOSED, "complete", workflow.COMPANY),
        (S.COMPANY_ACCEPTED, "company_accept", workflow.COMPANY),  # twice
        (S.CANDIDATE_ACCEPTED, "candidate_decline", workflow.CANDIDATE),  # too late
        (S.CANDIDATE_ACCEPTED, "place", workflow.CANDIDATE),  # the candidate cannot place
        (S.PLACED, "reject", workflow.COORDINATOR),  # placed: end early instead
        (S.COMPLETED, "end_early", workflow.COORDINATOR),
        (S.REJECTED, "propose", workflow.ADMIN),  # terminal, even for an admin
        (S.COMPANY_DECLINED, "company_accept", workflow.ADMIN),
        (S.ENDED_EARLY, "complete", workflow.COMPANY),
        (S.INTERESTED, "express_interest", workflow.CANDIDATE),
    ],
)
def test_an_illegal_transition_raises_and_changes_nothing(
    world: World, source: str, name: str, role: str
) -> None:
    match = make_match(world, source)
    reason = REASON if workflow.TRANSITIONS[name].needs_reason else ""
    with pytest.raises(IllegalTransition) as error:
        match_transition(match_id=match.pk, transition=name, actor=world.actor(role), reason=reason)
    assert error.value.http_status == 409
    _assert_untouched(match, source)


def test_an_unknown_step_is_illegal(world: World) -> None:
    match = make_match(world)
    with pytest.raises(IllegalTransition):
        match_transition(match_id=match.pk, transition="teleport", actor=world.admin)
    _assert_untouched(match, S.SUGGESTED)


def test_a_missing_match_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        match_transition(match_id=987654, transition="propose", actor=world.admin)


@pytest.mark.parametrize("name", ["reject", "end_early", "company_decline"])
def test_reject_end_early_and_company_decline_need_a_reason(world: World, name: str) -> None:
    source = {"reject": S.SHORTLISTED, "end_early": S.PLACED, "company_decline": S.PROPOSED}[name]
    match = make_match(world, source)
    with pytest.raises(ValidationError) as error:
        match_transition(match_id=match.pk, transition=name, actor=world.admin, reason="   ")
    assert "reason" in error.value.message_dict
    _assert_untouched(match, source)


def test_a_candidate_may_decline_an_offer_without_a_reason(world: World) -> None:
    match = make_match(world, S.COMPANY_ACCEPTED)
    match_transition(match_id=match.pk, transition="candidate_decline", actor=world.candidate.user)
    match.refresh_from_db()
    assert match.status == S.CANDIDATE_DECLINED


@pytest.mark.parametrize(
    ("source", "name", "who"),
    [
        (S.SUGGESTED, "shortlist", "other_coordinator"),  # not the candidate's district
        (S.COMPANY_ACCEPTED, "candidate_accept", "other_candidate"),  # someone else's offer
        (S.PROPOSED, "company_accept", "other_member"),  # another company
        (S.SUGGESTED, "company_accept", "member"),  # not proposed yet: the company cannot see it
        (S.PLACED, "complete", "other_member"),
    ],
)
def test_someone_who_is_no_party_to_the_match_is_refused(
    world: World, source: str, name: str, who: str
) -> None:
    match = make_match(world, source)
    actor = world.other_candidate.user if who == "other_candidate" else getattr(world, who)
    with pytest.raises(PermissionDeniedError) as error:
        match_transition(match_id=match.pk, transition=name, actor=actor)
    assert error.value.http_status == 403
    _assert_untouched(match, source)


def test_an_anonymous_or_inactive_role_is_refused(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    match = make_match(world)
    with pytest.raises(PermissionDeniedError):
        match_transition(match_id=match.pk, transition="propose", actor=AnonymousUser())
    _assert_untouched(match, S.SUGGESTED)


def test_the_api_answers_an_illegal_transition_with_409_and_the_error_body(world: World) -> None:
    from api.exception_handlers import api_exception_handler

    match = make_match(world, S.COMPLETED)
    with pytest.raises(IllegalTransition) as error:
        match_transition(match_id=match.pk, transition="propose", actor=world.coordinator)
    response = api_exception_handler(error.value, {})
    assert response is not None
    assert response.status_code == 409
    assert response.data["error"]["code"] == "illegal_transition"
    assert "Completed" in response.data["error"]["message"]


# --- the placement must be open; capacity ----------------------------------------------------


@pytest.mark.parametrize("status", [Placement.Status.CLOSED, Placement.Status.DRAFT])
def test_nothing_is_proposed_to_a_placement_that_is_not_open(world: World, status: str) -> None:
    world.placement.status = status
    world.placement.save()
    match = make_match(world)
    with pytest.raises(IllegalTransition, match="not open"):
        match_transition(match_id=match.pk, transition="propose", actor=world.coordinator)
    _assert_untouched(match, S.SUGGESTED)


def _accept(world: World, match: Match) -> Match:
    return match_transition(match_id=match.pk, transition="company_accept", actor=world.member)


def _candidates(count: int) -> list[CandidateProfile]:
    return [CandidateProfileFactory.create(municipality=municipality("nis")) for _ in range(count)]


def test_the_last_slot_taken_fills_the_placement_and_one_more_acceptance_is_refused(
    world: World,
) -> None:
    first, second, third = (make_match(world, S.PROPOSED, candidate=c) for c in _candidates(3))
    _accept(world, first)
    world.placement.refresh_from_db()
    assert world.placement.status == Placement.Status.OPEN
    _accept(world, second)
    world.placement.refresh_from_db()
    assert world.placement.status == Placement.Status.FILLED

    with pytest.raises(CapacityExceeded) as error:
        _accept(world, third)
    assert error.value.http_status == 409
    _assert_untouched(third, S.PROPOSED)
    assert world.placement not in placement_list_open()
    assert world.placement not in permissions.placements_visible_to(world.candidate.user)


def test_a_filled_placement_takes_no_new_interest_or_proposals(world: World) -> None:
    for candidate in _candidates(2):
        make_match(world, S.PLACED, candidate=candidate)
    placement_fill_status_refresh(placement_id=world.placement.pk)
    match = make_match(world)
    with pytest.raises(CapacityExceeded):
        match_transition(match_id=match.pk, transition="propose", actor=world.coordinator)
    with pytest.raises(CapacityExceeded):
        match_transition(
            match_id=match.pk, transition="express_interest", actor=world.candidate.user
        )
    _assert_untouched(match, S.SUGGESTED)


@pytest.mark.parametrize(
    ("source", "name", "actor_role"),
    [
        (S.COMPANY_ACCEPTED, "candidate_decline", workflow.CANDIDATE),
        (S.COMPANY_ACCEPTED, "reject", workflow.COORDINATOR),
        (S.CANDIDATE_ACCEPTED, "reject", workflow.COORDINATOR),
        (S.PLACED, "end_early", workflow.COMPANY),
    ],
)
def test_a_freed_slot_opens_a_filled_placement_again(
    world: World, source: str, name: str, actor_role: str
) -> None:
    leaving = make_match(world, source)
    make_match(world, S.PLACED, candidate=_candidates(1)[0])
    placement_fill_status_refresh(placement_id=world.placement.pk)
    world.placement.refresh_from_db()
    assert world.placement.status == Placement.Status.FILLED

    match_transition(
        match_id=leaving.pk, transition=name, actor=world.actor(actor_role), reason=REASON
    )
    world.placement.refresh_from_db()
    assert world.placement.status == Placement.Status.OPEN
    assert world.placement in placement_list_open()


def test_a_completed_internship_keeps_its_slot(world: World) -> None:
    first, second = (make_match(world, S.PLACED, candidate=c) for c in _candidates(2))
    placement_fill_status_refresh(placement_id=world.placement.pk)
    match_transition(match_id=first.pk, transition="complete", actor=world.member)
    world.placement.refresh_from_db()
    assert world.placement.status == Placement.Status.FILLED


def test_a_closed_placement_stays_closed_when_a_slot_frees(world: World) -> None:
    match = make_match(world, S.PLACED)
    world.placement.status = Placement.Status.CLOSED
    world.placement.save()
    match_transition(match_id=match.pk, transition="end_early", actor=world.member, reason=REASON)
    world.placement.refresh_from_db()
    assert world.placement.status == Placement.Status.CLOSED


def test_fill_status_refresh_follows_a_change_of_slots(world: World) -> None:
    make_match(world, S.PLACED)
    world.placement.slots = 1
    world.placement.save()
    assert placement_fill_status_refresh(placement_id=world.placement.pk).status == "filled"
    world.placement.slots = 3
    world.placement.save()
    assert placement_fill_status_refresh(placement_id=world.placement.pk).status == "open"


# --- the signal for notifications ----------------------------------------------------------


def test_the_signal_is_sent_once_the_step_is_committed(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    match = make_match(world)
    received: list[dict[str, Any]] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        received.append(kwargs)

    match_transitioned.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            match_transition(
                match_id=match.pk, transition="express_interest", actor=world.candidate.user
            )
        assert received == []  # not before the commit
        for callback in callbacks:
            callback()
    finally:
        match_transitioned.disconnect(receiver)
    assert len(received) == 1
    sent = received[0]
    assert sent["match"].pk == match.pk
    assert sent["record"] == MatchTransition.objects.get(match=match)
    assert (sent["transition"], sent["from_status"], sent["to_status"]) == (
        "express_interest",
        "suggested",
        "interested",
    )
    assert sent["actor"] == world.candidate.user


def test_no_signal_when_the_step_is_rolled_back(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    match = make_match(world)
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            match_transition(match_id=match.pk, transition="shortlist", actor=world.coordinator)
            raise RuntimeError("the caller failed later")
        with pytest.raises(IllegalTransition):
            match_transition(match_id=match.pk, transition="complete", actor=world.coordinator)
    assert callbacks == []
    _assert_untouched(match, S.SUGGESTED)


def test_a_failing_receiver_does_not_undo_or_break_the_step(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    def broken(sender: Any, **kwargs: Any) -> None:
        raise RuntimeError("mail server down")

    match = make_match(world)
    match_transitioned.connect(broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            match_transition(match_id=match.pk, transition="shortlist", actor=world.coordinator)
    finally:
        match_transitioned.disconnect(broken)
    match.refresh_from_db()
    assert match.status == S.SHORTLISTED


# --- selectors -------------------------------------------------------------------------------


def test_each_party_is_offered_only_its_own_steps(world: World) -> None:
    match = make_match(world, S.PROPOSED)

    def offered(user: Any) -> list[str]:
        return [t.name for t in selectors.match_transitions_available(match=match, user=user)]

    assert offered(world.member) == ["company_accept", "company_decline"]
    assert offered(world.coordinator) == ["reject"]
    assert offered(world.candidate.user) == []
    assert offered(world.other_member) == []
    assert offered(world.other_coordinator) == []
    assert offered(world.admin) == ["company_accept", "company_decline", "reject"]


# --- property: random sequences of steps by random people ----------------------------------

ROLES = [workflow.CANDIDATE, workflow.COMPANY, workflow.COORDINATOR, workflow.ADMIN, "outsider"]
ANY_STEP = st.sampled_from([*workflow.TRANSITIONS, "teleport"])


@pytest.fixture
def cohort(world: World) -> list[CandidateProfile]:
    return _candidates(4)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), slots=st.integers(min_value=1, max_value=3))
def test_random_steps_keep_the_state_valid_the_log_complete_and_the_slots_respected(
    world: World, cohort: list[CandidateProfile], data: st.DataObject, slots: int
) -> None:
    placement = PlacementFactory.create(company=world.company, slots=slots)
    matches = [make_match(world, candidate=c, placement=placement) for c in cohort]
    expected = {m.pk: S.SUGGESTED.value for m in matches}
    successes = 0
    for _ in range(data.draw(st.integers(min_value=0, max_value=30), label="steps")):
        match = data.draw(st.sampled_from(matches), label="match")
        before = expected[match.pk]
        # Mostly someone taking a step the table allows from here (so paths get long and slots
        # fill up), sometimes anyone trying any step (so illegal ones are tried too).
        legal = [
            (role, t.name) for role in ROLES for t in workflow.allowed_transitions(before, role)
        ]
        if legal and data.draw(st.integers(0, 3), label="legal?") > 0:
            role, name = data.draw(st.sampled_from(legal), label="step")
        else:
            role = data.draw(st.sampled_from(ROLES), label="role")
            name = data.draw(ANY_STEP, label="transition")
        with_reason = data.draw(st.integers(0, 5), label="reason?") > 0
        try:
            match_transition(
                match_id=match.pk,
                transition=name,
                actor=world.actor(role, match),
                reason=REASON if with_reason else "",
            )
        except (ApplicationError, ValidationError):
            pass
        else:
            successes += 1
            chosen = workflow.TRANSITIONS[name]
            assert before in chosen.sources
            assert role in chosen.roles
            expected[match.pk] = chosen.target

        stored = dict(Match.objects.filter(placement=placement).values_list("pk", "status"))
        assert stored == expected
        assert all(workflow.is_valid_status(status) for status in stored.values())
        assert MatchTransition.objects.filter(match__placement=placement).count() == successes
        held = sum(status in workflow.SLOT_HOLDING_STATUSES for status in stored.values())
        assert held <= slots
        placement.refresh_from_db()
        assert placement.status == (
            Placement.Status.FILLED if held >= slots else Placement.Status.OPEN
        )
    event(f"successful steps: {min(successes, 10)}{'+' if successes >= 10 else ''}")
    event(f"peak: {'filled' if _ever_filled(placement) else 'never filled'}")


def _ever_filled(placement: Placement) -> bool:
    return (
        MatchTransition.objects.filter(
            match__placement=placement, transition="company_accept"
        ).count()
        >= placement.slots
    )
