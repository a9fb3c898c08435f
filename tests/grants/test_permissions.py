"""Who sees which calls and applications (grants.permissions)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from grants import permissions, services, workflow
from grants.models import GrantApplication
from tests.grants.world import GrantWorld, build_grant_world, self_employment_draft, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> GrantWorld:
    return build_grant_world()


def visible(user: object) -> set[int]:
    return set(permissions.applications_visible_to(user).values_list("pk", flat=True))


def test_a_draft_is_seen_by_its_applicant_and_counsellors_only(world: GrantWorld) -> None:
    draft = self_employment_draft(world)
    assert draft.pk in visible(world.beneficiary.user)
    assert draft.pk in visible(world.manager)  # counsellor of Niš
    assert draft.pk in visible(world.admin)
    for outsider in (world.evaluator_b, world.outsider, world.member, world.untrained.user):
        assert draft.pk not in visible(outsider)


def test_once_submitted_the_committee_sees_it_and_other_coordinators_do_not(
    world: GrantWorld,
) -> None:
    application = submitted(world)
    assert application.pk in visible(world.evaluator_b)  # NEXUS, on the committee
    assert application.pk not in visible(world.outsider)  # NEXUS, not on it
    relations = permissions.relations_to(world.evaluator_b, application)
    assert relations == {workflow.EVALUATOR}
    assert permissions.relations_to(world.manager, application) == {
        workflow.COUNSELLOR,
        workflow.MANAGER,
    }
    assert permissions.relations_to(world.beneficiary.user, application) == {workflow.APPLICANT}


def test_a_company_sees_only_its_own_applications(world: GrantWorld) -> None:
    application = services.grant_application_create(
        call_id=world.subsidy_call.pk,
        actor=world.member,
        beneficiary_id=world.employee.pk,
        position_title="Šnajderka",
        employment_start=world.today + dt.timedelta(days=30),
        employment_months=6,
        monthly_gross_salary_rsd=Decimal("70000"),
    )
    assert visible(world.member) == {application.pk}
    assert visible(world.other_member) == set()
    # The person named sees a submitted subsidy application about them, not the draft.
    assert application.pk not in visible(world.employee.user)
    GrantApplication.objects.filter(pk=application.pk).update(
        status=GrantApplication.Status.SUBMITTED, submitted_at=application.created_at
    )
    assert application.pk in visible(world.employee.user)
    application.refresh_from_db()
    assert permissions.relations_to(world.employee.user, application) == frozenset()
    assert not permissions.may_see_documents(world.employee.user, application)


def test_calls_by_role(world: GrantWorld) -> None:
    def calls(user: object) -> set[int]:
        return set(permissions.calls_visible_to(user).values_list("pk", flat=True))

    both = {world.self_call.pk, world.subsidy_call.pk}
    assert calls(world.manager) == both
    assert calls(world.outsider) == both  # open calls of another organisation
    assert calls(world.beneficiary.user) == {world.self_call.pk}
    assert calls(world.member) == {world.subsidy_call.pk}
    assert calls(None) == set()
    draft_call = services.grant_call_create(
        actor=world.manager,
        title="Nacrt",
        kind="self_employment",
        opens_on=world.today,
        closes_on=world.today,
        budget_rsd=Decimal("1000"),
        max_grant_rsd=Decimal("1000"),
    )
    assert draft_call.pk in calls(world.evaluator_a)
    assert draft_call.pk not in calls(world.outsider)
    assert draft_call.pk not in calls(world.beneficiary.user)
