"""A candidate browsing open placements expresses interest in one: the match is the stored
one or a new one scored by the engine, and the step goes through the workflow (audit record,
state, capacity). Excluded pairs and placements out of the candidate's sight create nothing."""

from __future__ import annotations

import pytest

from accounts.models import User
from candidates.models import CandidateProfile, CandidateSkill
from companies.models import Placement, PlacementSkill
from core.exceptions import CapacityExceeded, IllegalTransition, NotFound, PermissionDeniedError
from matching.models import Match, MatchTransition
from matching.services import match_express_interest
from matching.services.matches import SCORE_DECIMALS
from reference.models import Skill
from tests.api.conftest import client_for
from tests.factories import (
    CandidateProfileFactory,
    OrganisationFactory,
    PlacementFactory,
    UserFactory,
    municipality,
)

pytestmark = pytest.mark.django_db


def _candidate(*, internship: bool = True, job: bool = True) -> CandidateProfile:
    profile = CandidateProfileFactory.create(
        municipality=municipality("nis"), seeks_internship=internship, seeks_job=job
    )
    CandidateSkill.objects.create(
        candidate=profile, skill=Skill.objects.get(code="it.python"), proficiency=4
    )
    return profile


def _placement(
    *, kind: str = Placement.Kind.INTERNSHIP, status: str = Placement.Status.OPEN, slots: int = 2
) -> Placement:
    placement = PlacementFactory.create(
        municipality=municipality("nis"), kind=kind, status=status, slots=slots
    )
    PlacementSkill.objects.create(
        placement=placement, skill=Skill.objects.get(code="it.python"), required=True
    )
    return placement


def test_creates_the_match_with_the_engines_score_and_an_audit_record() -> None:
    profile, placement = _candidate(), _placement()

    match = match_express_interest(placement_id=placement.pk, actor=profile.user)

    stored = Match.objects.get(candidate=profile, placement=placement)
    assert stored.pk == match.pk
    assert stored.status == Match.Status.INTERESTED
    assert 0.0 < stored.score <= 1.0
    assert stored.score == round(stored.score, SCORE_DECIMALS)
    assert stored.breakdown["excluded"] == []
    assert stored.breakdown["total"] == pytest.approx(stored.score, abs=1e-4)
    assert stored.breakdown["requirements"][0]["skill"] == "it.python"
    record = MatchTransition.objects.get(match=stored)
    assert (record.transition, record.from_status, record.to_status) == (
        "express_interest",
        Match.Status.SUGGESTED,
        Match.Status.INTERESTED,
    )
    assert record.actor == profile.user
    assert record.actor_role == User.Role.CANDIDATE


def test_an_excluded_pair_is_refused_and_nothing_is_stored() -> None:
    profile = _candidate(internship=True, job=False)
    placement = _placement(kind=Placement.Kind.JOB)

    with pytest.raises(IllegalTransition) as caught:
        match_express_interest(placement_id=placement.pk, actor=profile.user)

    assert caught.value.http_status == 409
    assert "kind_not_sought" in caught.value.message
    assert caught.value.extra["excluded"] == ["kind_not_sought"]
    assert not Match.objects.exists()
    assert not MatchTransition.objects.exists()


def test_an_existing_suggestion_is_moved_without_a_duplicate() -> None:
    profile, placement = _candidate(), _placement()
    suggestion = Match.objects.create(
        candidate=profile, placement=placement, score=0.42, breakdown={"total": 0.42}
    )

    match = match_express_interest(placement_id=placement.pk, actor=profile.user)

    assert match.pk == suggestion.pk
    assert Match.objects.filter(candidate=profile, placement=placement).count() == 1
    suggestion.refresh_from_db()
    assert suggestion.status == Match.Status.INTERESTED
    assert suggestion.score == 0.42  # the stored score is the refresh's business
    assert MatchTransition.objects.filter(match=suggestion).count() == 1


def test_a_second_call_is_an_illegal_transition() -> None:
    profile, placement = _candidate(), _placement()
    match_express_interest(placement_id=placement.pk, actor=profile.user)

    with pytest.raises(IllegalTransition):
        match_express_interest(placement_id=placement.pk, actor=profile.user)

    assert Match.objects.count() == 1
    assert MatchTransition.objects.count() == 1


@pytest.mark.parametrize("role", [User.Role.COMPANY, User.Role.COORDINATOR, User.Role.ADMIN])
def test_only_candidates_may_express_interest(role: str) -> None:
    placement = _placement()
    organisation = OrganisationFactory.create() if role == User.Role.COORDINATOR else None
    actor = UserFactory.create(role=role, organisation=organisation)
    with pytest.raises(PermissionDeniedError):
        match_express_interest(placement_id=placement.pk, actor=actor)
    assert not Match.objects.exists()


def test_a_candidate_account_without_a_profile_may_not() -> None:
    placement = _placement()
    user = UserFactory.create(role=User.Role.CANDIDATE)
    with pytest.raises(PermissionDeniedError):
        match_express_interest(placement_id=placement.pk, actor=user)


@pytest.mark.parametrize(
    "status", [Placement.Status.DRAFT, Placement.Status.PENDING_REVIEW, Placement.Status.CLOSED]
)
def test_a_placement_the_candidate_cannot_see_is_not_found(status: str) -> None:
    profile, placement = _candidate(), _placement(status=status)
    with pytest.raises(NotFound):
        match_express_interest(placement_id=placement.pk, actor=profile.user)
    with pytest.raises(NotFound):
        match_express_interest(placement_id=placement.pk + 1000, actor=profile.user)
    assert not Match.objects.exists()


def test_a_filled_placement_creates_nothing() -> None:
    profile, placement = _candidate(), _placement(slots=1)
    other = _candidate()
    Match.objects.create(
        candidate=other, placement=placement, score=0.5, status=Match.Status.COMPANY_ACCEPTED
    )
    Placement.objects.filter(pk=placement.pk).update(status=Placement.Status.FILLED)
    with pytest.raises(NotFound):  # a filled placement is no longer browsable
        match_express_interest(placement_id=placement.pk, actor=profile.user)
    assert not Match.objects.filter(candidate=profile).exists()


def test_the_api_answers_201_with_the_match_and_409_when_excluded() -> None:
    profile, placement = _candidate(), _placement()
    client = client_for(profile.user)

    response = client.post(f"/api/v1/placements/{placement.pk}/interest/")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == Match.Status.INTERESTED
    assert body["placement"]["id"] == placement.pk
    assert body["explanation"]["excluded"] == []
    assert [row["transition"] for row in body["history"]] == ["express_interest"]

    again = client.post(f"/api/v1/placements/{placement.pk}/interest/")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "illegal_transition"

    job = _placement(kind=Placement.Kind.JOB)
    CandidateProfile.objects.filter(pk=profile.pk).update(seeks_job=False)
    excluded = client.post(f"/api/v1/placements/{job.pk}/interest/")
    assert excluded.status_code == 409
    assert "kind_not_sought" in excluded.json()["error"]["message"]
    assert not Match.objects.filter(placement=job).exists()


def test_capacity_exceeded_is_reported_and_rolls_back_the_new_match(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    profile, placement = _candidate(), _placement()

    def full(*args: object, **kwargs: object) -> Match:
        raise CapacityExceeded("Every slot of this placement is taken.")

    monkeypatch.setattr("matching.services.workflow.match_transition", full)
    with pytest.raises(CapacityExceeded):
        match_express_interest(placement_id=placement.pk, actor=profile.user)
    assert not Match.objects.filter(candidate=profile, placement=placement).exists()
