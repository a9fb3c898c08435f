"""Strong matches are announced once per placement; placement starts are reminded once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail

from companies.models import CompanyMembership, Placement
from matching.models import Match
from notifications.models import Notification
from notifications.services import notify_strong_matches, placement_reminders_send
from tests.factories import PlacementFactory, UserFactory
from tests.notifications.conftest import World

pytestmark = pytest.mark.django_db

E = Notification.Event
TODAY = dt.date(2027, 2, 26)


def _suggest(world: World, score: float, **placement: Any) -> Match:
    return Match.objects.create(
        candidate=world.candidate,
        placement=PlacementFactory.create(company=world.placement.company, **placement),
        score=score,
    )


def test_strong_suggestions_are_announced_best_first(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    weak = _suggest(world, 0.5)
    strong = _suggest(world, 0.8, title="Posao: tester")
    with django_capture_on_commit_callbacks(execute=True):
        created = notify_strong_matches(candidate_id=world.candidate.pk)
    # world.match (0.9) and the 0.8 one; not the 0.5 one.
    assert [n.context["placement_id"] for n in created] == [
        world.placement.pk,
        strong.placement_id,
    ]
    assert weak.placement_id not in {n.context["placement_id"] for n in created}
    assert {n.recipient_id for n in created} == {world.candidate.user_id}
    assert created[0].context["score_percent"] == 90
    assert len(mail.outbox) == 2
    assert mail.outbox[0].subject.startswith("Нова препорука")  # the candidate reads Cyrillic


def test_a_strong_match_is_announced_once_however_often_the_refresh_runs(world: World) -> None:
    assert len(notify_strong_matches(candidate_id=world.candidate.pk)) == 1
    Match.objects.filter(pk=world.match.pk).update(score=0.95)
    assert notify_strong_matches(candidate_id=world.candidate.pk) == []
    assert Notification.objects.filter(event=E.STRONG_MATCH).count() == 1


def test_the_threshold_and_the_limit_apply(world: World) -> None:
    for number in range(4):
        _suggest(world, 0.6 + number / 100, title=f"Praksa {number}")
    assert notify_strong_matches(candidate_id=world.candidate.pk, threshold=0.95) == []
    created = notify_strong_matches(candidate_id=world.candidate.pk, threshold=0.6, limit=3)
    assert len(created) == 3
    assert len(notify_strong_matches(candidate_id=world.candidate.pk, threshold=0.6)) == 2


def test_the_threshold_comes_from_the_settings(world: World, settings: Any) -> None:
    settings.MATCHING_STRONG_SCORE = 0.95
    assert notify_strong_matches(candidate_id=world.candidate.pk) == []


def test_matches_past_suggestion_or_on_closed_placements_are_not_announced(
    world: World,
) -> None:
    Match.objects.filter(pk=world.match.pk).update(status=Match.Status.PROPOSED)
    _suggest(world, 0.9, status=Placement.Status.CLOSED)
    assert notify_strong_matches(candidate_id=world.candidate.pk) == []


def _placed(world: World, start: dt.date | None) -> Match:
    Placement.objects.filter(pk=world.placement.pk).update(start_date=start)
    Match.objects.filter(pk=world.match.pk).update(status=Match.Status.PLACED)
    return world.match


def test_the_candidate_and_the_company_are_reminded_before_the_start(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    _placed(world, TODAY + dt.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        created = placement_reminders_send(today=TODAY)
    assert {(n.recipient_id, n.context["recipient_role"]) for n in created} == {
        (world.candidate.user_id, "candidate"),
        (world.member.pk, "company"),
        (world.other_member.pk, "company"),
    }
    assert {n.event for n in created} == {E.PLACEMENT_REMINDER}
    assert created[0].context["days_left"] == 3
    assert len(mail.outbox) == 3


def test_reminders_are_sent_once_per_start_date(world: World) -> None:
    _placed(world, TODAY + dt.timedelta(days=2))
    assert len(placement_reminders_send(today=TODAY)) == 3
    # The scheduler runs again the next day: nothing new.
    assert placement_reminders_send(today=TODAY + dt.timedelta(days=1)) == []
    # The start moves: a new reminder for the new date.
    Placement.objects.filter(pk=world.placement.pk).update(start_date=TODAY + dt.timedelta(3))
    assert len(placement_reminders_send(today=TODAY)) == 3


@pytest.mark.parametrize("days", [-1, 4, None])
def test_no_reminder_outside_the_window(world: World, days: int | None) -> None:
    _placed(world, None if days is None else TODAY + dt.timedelta(days=days))
    assert placement_reminders_send(today=TODAY) == []


def test_only_placed_matches_are_reminded(world: World) -> None:
    Placement.objects.filter(pk=world.placement.pk).update(start_date=TODAY)
    Match.objects.filter(pk=world.match.pk).update(status=Match.Status.CANDIDATE_ACCEPTED)
    assert placement_reminders_send(today=TODAY) == []


def test_the_window_comes_from_the_settings(world: World, settings: Any) -> None:
    settings.PLACEMENT_REMINDER_DAYS = 7
    _placed(world, TODAY + dt.timedelta(days=6))
    assert len(placement_reminders_send(today=TODAY)) == 3


def test_an_inactive_member_is_not_reminded(world: World) -> None:
    _placed(world, TODAY)
    world.other_member.is_active = False
    world.other_member.save()
    CompanyMembership.objects.create(
        user=UserFactory.create(role="company", is_active=False), company=world.placement.company
    )
    assert {n.recipient_id for n in placement_reminders_send(today=TODAY)} == {
        world.candidate.user_id,
        world.member.pk,
    }
