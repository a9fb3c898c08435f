"""The workflow signal turns proposals and company decisions into the right notifications."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from accounts.models import User
from matching.models import Match, MatchTransition
from matching.signals_workflow import match_transitioned
from notifications.models import Notification
from tests.notifications.conftest import World

pytestmark = pytest.mark.django_db

S = Match.Status
E = Notification.Event
# What a context may hold: ids and display values, nothing from the programme-sensitive data.
ALLOWED_CONTEXT_KEYS = {
    "match_id",
    "candidate_id",
    "placement_id",
    "placement_title",
    "placement_kind",
    "company_id",
    "company_name",
    "municipality_name",
    "municipality_name_cyrl",
    "remote",
    "start_date",
    "recipient_role",
    "decision",
    "candidate_name",
    "score_percent",
    "days_left",
}


def _step(world: World, to_status: str, actor: User, transition: str) -> MatchTransition:
    """Move the match and send the signal as the workflow does after commit."""
    match = world.match
    record = MatchTransition.objects.create(
        match=match,
        transition=transition,
        from_status=match.status,
        to_status=to_status,
        actor=actor,
        actor_role=actor.role,
    )
    from_status, match.status = match.status, to_status
    match.save(update_fields=["status"])
    match_transitioned.send(
        sender=Match,
        match=match,
        record=record,
        transition=transition,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        reason="",
    )
    return record


def _received(world: World) -> set[tuple[str, int]]:
    return set(Notification.objects.values_list("event", "recipient_id"))


def test_a_proposal_notifies_every_member_of_the_company(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _step(world, S.PROPOSED, world.coordinator, "propose")
    assert _received(world) == {
        (E.PROPOSAL_TO_COMPANY, world.member.pk),
        (E.PROPOSAL_TO_COMPANY, world.other_member.pk),
    }
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [world.member.email, world.other_member.email]
    )


def test_an_acceptance_offers_to_the_candidate_and_tells_the_districts_coordinator(
    world: World,
) -> None:
    world.match.status = S.PROPOSED
    _step(world, S.COMPANY_ACCEPTED, world.member, "company_accept")
    assert _received(world) == {
        (E.OFFER_TO_CANDIDATE, world.candidate.user_id),
        (E.COMPANY_DECISION, world.coordinator.pk),
    }
    to_coordinator = Notification.objects.get(recipient=world.coordinator)
    assert to_coordinator.context["decision"] == "accepted"
    assert to_coordinator.context["candidate_name"] == "Marija Petrović"


def test_a_decline_tells_the_candidate_and_the_coordinator(world: World) -> None:
    world.match.status = S.PROPOSED
    _step(world, S.COMPANY_DECLINED, world.member, "company_decline")
    assert _received(world) == {
        (E.COMPANY_DECISION, world.candidate.user_id),
        (E.COMPANY_DECISION, world.coordinator.pk),
    }
    to_candidate = Notification.objects.get(recipient=world.candidate.user)
    assert to_candidate.context["decision"] == "declined"
    assert "candidate_name" not in to_candidate.context


def test_the_person_who_took_the_step_is_not_notified(world: World) -> None:
    _step(world, S.PROPOSED, world.member, "propose")  # e.g. an admin who is also a member
    assert _received(world) == {(E.PROPOSAL_TO_COMPANY, world.other_member.pk)}


def test_the_same_signal_twice_notifies_once(world: World) -> None:
    record = _step(world, S.PROPOSED, world.coordinator, "propose")
    match_transitioned.send(
        sender=Match,
        match=world.match,
        record=record,
        transition="propose",
        from_status=S.SUGGESTED,
        to_status=S.PROPOSED,
        actor=world.coordinator,
        reason="",
    )
    assert Notification.objects.count() == 2


def test_a_second_proposal_after_a_new_step_notifies_again(world: World) -> None:
    _step(world, S.PROPOSED, world.coordinator, "propose")
    world.match.status = S.SHORTLISTED
    _step(world, S.PROPOSED, world.coordinator, "propose")
    assert Notification.objects.filter(recipient=world.member).count() == 2


@pytest.mark.parametrize(
    ("to_status", "transition"),
    [(S.INTERESTED, "express_interest"), (S.SHORTLISTED, "shortlist"), (S.PLACED, "place")],
)
def test_other_steps_notify_nobody(world: World, to_status: str, transition: str) -> None:
    _step(world, to_status, world.coordinator, transition)
    assert not Notification.objects.exists()


def test_contexts_hold_only_ids_and_display_values(world: World) -> None:
    _step(world, S.PROPOSED, world.coordinator, "propose")
    world.match.status = S.PROPOSED
    _step(world, S.COMPANY_DECLINED, world.member, "company_decline")
    for context in Notification.objects.values_list("context", flat=True):
        assert set(context) <= ALLOWED_CONTEXT_KEYS


def test_the_receiver_is_connected_once() -> None:
    from notifications.receivers import DISPATCH_UID

    keys = [entry[0][0] for entry in match_transitioned.receivers]
    assert keys.count(DISPATCH_UID) == 1


def test_the_real_workflow_step_reaches_the_company(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    """End to end through matching.services.match_transition (the signal is sent on commit)."""
    from matching.services.workflow import match_transition

    with django_capture_on_commit_callbacks(execute=True):
        match_transition(match_id=world.match.pk, transition="propose", actor=world.coordinator)
    assert _received(world) == {
        (E.PROPOSAL_TO_COMPANY, world.member.pk),
        (E.PROPOSAL_TO_COMPANY, world.other_member.pk),
    }
    assert len(mail.outbox) == 2
