"""The dashboard's "employed or self-employed" indicator moves with a grant's monitoring visit
and counts a person once when an internship follow-up found them employed too."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from followup.models import OutcomeCheck
from grants import services
from grants.models import GrantApplication
from grants.services import TrancheSpec
from matching.models import Match
from reports.models import ProgrammeTarget
from reports.selectors import indicator_achieved
from tests.factories import PlacementFactory
from tests.grants.world import GrantWorld, build_grant_world, evaluate, submitted

pytestmark = pytest.mark.django_db
EMPLOYMENT = ProgrammeTarget.Indicator.EMPLOYMENT


@pytest.fixture
def world() -> GrantWorld:
    return build_grant_world()


def contracted_six_months_ago(world: GrantWorld) -> GrantApplication:
    application = submitted(world)
    evaluate(world, application, {"evaluator_a": [9, 8, 4], "evaluator_b": [8, 8, 4]})
    services.grant_call_transition(
        call_id=world.self_call.pk, transition="close", actor=world.manager
    )
    services.application_decide(
        application_id=application.pk, decision="approve", actor=world.manager, reason="Da."
    )
    signed_on = world.today - dt.timedelta(days=185)
    GrantApplication.objects.filter(pk=application.pk).update(
        decided_at=timezone.make_aware(dt.datetime.combine(signed_on, dt.time(9)))
    )
    services.contract_sign(
        application_id=application.pk,
        actor=world.manager,
        signed_on=signed_on,
        tranches=[TrancheSpec(Decimal("900000.00"), signed_on)],
    )
    return application


def achieved(world: GrantWorld, districts: set[int] | None = None) -> int | None:
    return indicator_achieved(
        EMPLOYMENT,
        district_ids=districts,
        start=world.today - dt.timedelta(days=30),
        end=world.today,
    )


def test_the_six_month_visit_moves_the_employment_target(world: GrantWorld) -> None:
    application = contracted_six_months_ago(world)
    assert achieved(world) == 0
    visit = application.contract.visits.get(months=6)
    services.monitoring_visit_record(
        visit_id=visit.pk,
        actor=world.manager,
        visited_on=world.today,
        business_operating=True,
        person_employed=True,
    )
    nis = world.beneficiary.municipality.district_id
    assert achieved(world) == 1
    assert achieved(world, {nis}) == 1
    assert achieved(world, {nis + 1000}) == 0


def test_a_closed_business_does_not_count(world: GrantWorld) -> None:
    application = contracted_six_months_ago(world)
    visit = application.contract.visits.get(months=6)
    services.monitoring_visit_record(
        visit_id=visit.pk,
        actor=world.manager,
        visited_on=world.today,
        business_operating=False,
        person_employed=True,
    )
    assert achieved(world) == 0


def test_a_person_employed_after_an_internship_and_through_a_grant_counts_once(
    world: GrantWorld,
) -> None:
    application = contracted_six_months_ago(world)
    visit = application.contract.visits.get(months=6)
    services.monitoring_visit_record(
        visit_id=visit.pk,
        actor=world.manager,
        visited_on=world.today,
        business_operating=True,
        person_employed=True,
    )
    match = Match.objects.create(
        candidate=world.beneficiary,
        placement=PlacementFactory.create(company=world.company),
        score=0.8,
        status=Match.Status.COMPLETED,
    )
    OutcomeCheck.objects.create(
        match=match,
        months=3,
        due_date=world.today,
        status=OutcomeCheck.Status.RECORDED,
        outcome=OutcomeCheck.Outcome.SELF_EMPLOYED,
        recorded_at=timezone.now(),
    )
    assert achieved(world) == 1
