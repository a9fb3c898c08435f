"""The grant scheme through its services: draft → submission and eligibility → blind evaluation
→ decision within the budget → contract, tranches with receipts → monitoring → the target."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.exceptions import CapacityExceeded, IllegalTransition, NotFound, PermissionDeniedError
from grants import selectors, services
from grants.models import (
    ApplicationTransition,
    Evaluation,
    GrantApplication,
    GrantCall,
    MonitoringVisit,
    Tranche,
)
from grants.services import BudgetLineSpec, TrancheSpec
from notifications.models import Notification
from tests.grants.world import (
    GrantWorld,
    build_grant_world,
    evaluate,
    pdf,
    self_employment_draft,
    submitted,
)

pytestmark = pytest.mark.django_db
Status = GrantApplication.Status


@pytest.fixture
def world(eager_celery: None) -> GrantWorld:
    return build_grant_world()


def steps(application: GrantApplication) -> list[tuple[str, str, str]]:
    return list(
        ApplicationTransition.objects.filter(application=application)
        .order_by("id")
        .values_list("transition", "to_status", "actor_role")
    )


def close(world: GrantWorld, call: GrantCall) -> None:
    services.grant_call_transition(call_id=call.pk, transition="close", actor=world.manager)


# --- drafts and submission ---------------------------------------------------------------------


def test_a_beneficiary_submits_and_the_automatic_check_finds_them_eligible(
    world: GrantWorld,
) -> None:
    application = submitted(world)
    assert application.status == Status.ELIGIBLE
    assert application.requested_rsd == Decimal("900000.00")
    assert application.own_contribution_rsd == Decimal("120000.00")
    assert steps(application) == [
        ("create", Status.DRAFT, "applicant"),
        ("submit", Status.SUBMITTED, "applicant"),
        ("check_eligible", Status.ELIGIBLE, "system"),
    ]
    codes = {reason["code"]: reason["passed"] for reason in application.eligibility}
    assert codes == {
        "district": True,
        "training": True,
        "max_grant": True,
        "own_contribution": True,
        "one_grant": True,
    }


def test_the_check_records_why_an_application_is_not_eligible(world: GrantWorld) -> None:
    draft = self_employment_draft(world, profile=world.untrained)
    services.grant_application_budget_set(
        application_id=draft.pk,
        actor=world.untrained.user,
        lines=[BudgetLineSpec("equipment", "Kombi", Decimal("1500000.00"), "grant")],
    )
    application = services.grant_application_submit(
        application_id=draft.pk, actor=world.untrained.user
    )
    assert application.status == Status.INELIGIBLE
    failed = {reason["code"] for reason in application.eligibility if not reason["passed"]}
    assert failed == {"training", "max_grant", "own_contribution"}
    record = ApplicationTransition.objects.get(
        application=application, transition="check_ineligible"
    )
    assert sorted(record.details["failed"]) == sorted(failed)


def test_a_manager_may_reinstate_an_ineligible_application_with_a_reason(world: GrantWorld) -> None:
    draft = self_employment_draft(world, profile=world.untrained)
    application = services.grant_application_submit(
        application_id=draft.pk, actor=world.untrained.user
    )
    assert application.status == Status.INELIGIBLE
    with pytest.raises(ValidationError) as error:
        services.application_transition(
            application_id=application.pk, transition="reinstate", actor=world.manager
        )
    assert "reason" in error.value.message_dict
    services.application_transition(
        application_id=application.pk,
        transition="reinstate",
        actor=world.manager,
        reason="Obuku je završila kod Nacionalne službe; potvrda u dosijeu.",
    )
    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE


def test_an_incomplete_draft_is_refused_naming_each_missing_part(world: GrantWorld) -> None:
    draft = services.grant_application_create(
        call_id=world.self_call.pk, actor=world.beneficiary.user
    )
    with pytest.raises(ValidationError) as error:
        services.grant_application_submit(application_id=draft.pk, actor=world.beneficiary.user)
    assert set(error.value.message_dict) == {"business_idea", "budget", "documents"}
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert draft.submitted_at is None


def test_a_counsellor_applies_for_a_person_of_their_district(world: GrantWorld) -> None:
    application = self_employment_draft(world, actor=world.manager)
    assert application.created_by == world.manager
    services.grant_application_submit(application_id=application.pk, actor=world.manager)
    assert steps(application)[1] == ("submit", Status.SUBMITTED, "counsellor")


def test_a_coordinator_of_another_district_cannot_apply_for_the_person(world: GrantWorld) -> None:
    with pytest.raises(ValidationError) as error:
        services.grant_application_create(
            call_id=world.self_call.pk,
            actor=world.outsider,
            beneficiary_id=world.beneficiary.pk,
        )
    assert "beneficiary" in error.value.message_dict


def test_one_application_per_person_and_call(world: GrantWorld) -> None:
    self_employment_draft(world)
    with pytest.raises(ValidationError) as error:
        services.grant_application_create(call_id=world.self_call.pk, actor=world.beneficiary.user)
    assert "beneficiary" in error.value.message_dict


def test_a_budget_line_with_a_bad_amount_names_the_line_and_saves_nothing(
    world: GrantWorld,
) -> None:
    draft = self_employment_draft(world)
    with pytest.raises(ValidationError) as error:
        services.grant_application_budget_set(
            application_id=draft.pk,
            actor=world.beneficiary.user,
            lines=[
                BudgetLineSpec("equipment", "Mašina", Decimal("100.00"), "grant"),
                BudgetLineSpec("equipment", "Ništa", Decimal("-5.00"), "grant"),
                BudgetLineSpec("magic", "", Decimal("1.234"), "grant"),
            ],
        )
    fields = error.value.message_dict
    assert "lines[1].amount_rsd" in fields
    assert {"lines[2].category", "lines[2].description", "lines[2].amount_rsd"} <= set(fields)
    draft.refresh_from_db()
    assert draft.requested_rsd == Decimal("900000.00")
    assert draft.budget_lines.count() == 3


def test_a_submitted_application_can_no_longer_be_changed(world: GrantWorld) -> None:
    application = submitted(world)
    with pytest.raises(IllegalTransition):
        services.grant_application_update(
            application_id=application.pk, actor=world.beneficiary.user, business_idea="Drugo"
        )
    with pytest.raises(IllegalTransition):
        services.grant_document_upload(
            application_id=application.pk,
            actor=world.beneficiary.user,
            kind="other",
            uploaded_file=pdf(),
        )


def test_submission_after_the_closing_date_is_refused(world: GrantWorld) -> None:
    draft = self_employment_draft(world)
    with pytest.raises(IllegalTransition):
        services.grant_application_submit(
            application_id=draft.pk,
            actor=world.beneficiary.user,
            today=world.today + dt.timedelta(days=21),
        )


def test_a_company_applies_to_hire_a_person_who_accepted_its_offer(world: GrantWorld) -> None:
    application = services.grant_application_create(
        call_id=world.subsidy_call.pk,
        actor=world.member,
        beneficiary_id=world.employee.pk,
        position_title="Šnajderka",
        employment_start=world.today + dt.timedelta(days=30),
        employment_months=12,
        monthly_gross_salary_rsd=Decimal("75000.00"),
    )
    assert application.company == world.company
    services.grant_application_budget_set(
        application_id=application.pk,
        actor=world.member,
        lines=[
            BudgetLineSpec("salary", "Subvencija zarade 12 meseci", Decimal("540000.00"), "grant"),
            BudgetLineSpec("salary", "Deo zarade koji plaća firma", Decimal("360000.00"), "own"),
        ],
    )
    services.grant_document_upload(
        application_id=application.pk, actor=world.member, kind="employment", uploaded_file=pdf()
    )
    result = services.grant_application_submit(application_id=application.pk, actor=world.member)
    assert result.status == Status.ELIGIBLE
    codes = {reason["code"] for reason in result.eligibility}
    assert {"company_verified", "company_district"} <= codes


def test_a_company_cannot_name_a_person_it_does_not_know(world: GrantWorld) -> None:
    with pytest.raises(ValidationError) as error:
        services.grant_application_create(
            call_id=world.subsidy_call.pk, actor=world.member, beneficiary_id=world.beneficiary.pk
        )
    assert "beneficiary" in error.value.message_dict


def test_a_candidate_cannot_apply_for_a_subsidy(world: GrantWorld) -> None:
    # The subsidy call is not visible to candidates at all.
    with pytest.raises(NotFound):
        services.grant_application_create(
            call_id=world.subsidy_call.pk, actor=world.beneficiary.user
        )


# --- evaluation --------------------------------------------------------------------------------


def test_evaluation_needs_a_declaration_and_a_committee_seat(world: GrantWorld) -> None:
    application = submitted(world)
    criterion = application.call.criteria.first()
    assert criterion is not None
    with pytest.raises(IllegalTransition):
        services.evaluation_scores_save(
            application_id=application.pk, actor=world.evaluator_a, scores={criterion.pk: 5}
        )
    with pytest.raises(PermissionDeniedError):
        services.evaluation_declare(
            application_id=application.pk, actor=world.manager, conflict_of_interest=False
        )


def test_two_evaluations_make_the_application_evaluated_with_the_average(world: GrantWorld) -> None:
    application = submitted(world)
    evaluate(world, application, {"evaluator_a": [8, 6, 4], "evaluator_b": [7, 7, 3]})
    application.refresh_from_db()
    assert application.status == Status.EVALUATED
    totals = sorted(
        total
        for total in Evaluation.objects.filter(application=application).values_list(
            "total_score", flat=True
        )
        if total is not None
    )
    # a: 100·(3·0.8 + 2·0.6 + 1·0.8)/6 = 73.33; b: 100·(3·0.7 + 2·0.7 + 1·0.6)/6 = 68.33
    assert totals == [Decimal("68.33"), Decimal("73.33")]
    summary = selectors.evaluation_summary(application)
    assert summary.average == Decimal("70.83")
    assert summary.disagreement is False
    assert steps(application)[-1] == ("complete_evaluation", Status.EVALUATED, "system")


def test_a_large_disagreement_is_flagged(world: GrantWorld) -> None:
    application = submitted(world)
    evaluate(world, application, {"evaluator_a": [10, 10, 5], "evaluator_b": [3, 2, 1]})
    summary = selectors.evaluation_summary(application)
    assert summary.spread is not None and summary.spread >= Decimal("20")
    assert summary.disagreement is True


def test_a_recused_evaluator_scores_nothing_and_the_manager_adds_a_member(
    world: GrantWorld,
) -> None:
    application = submitted(world)
    services.evaluation_declare(
        application_id=application.pk,
        actor=world.evaluator_b,
        conflict_of_interest=True,
        note="Kuma podnositeljke.",
    )
    evaluate(world, application, {"evaluator_a": [8, 6, 4]})
    application.refresh_from_db()
    assert application.status == Status.ELIGIBLE  # one of two submitted
    services.grant_call_update(
        call_id=world.self_call.pk,
        actor=world.manager,
        committee=[world.evaluator_a, world.evaluator_b, world.outsider],
    )
    evaluate(world, application, {"outsider": [6, 6, 4]})
    application.refresh_from_db()
    assert application.status == Status.EVALUATED


def test_an_evaluator_sees_no_other_scores_until_their_own_are_in(world: GrantWorld) -> None:
    application = submitted(world)
    services.grant_call_update(
        call_id=world.self_call.pk,
        actor=world.manager,
        committee=[world.evaluator_a, world.evaluator_b, world.manager],
    )
    evaluate(world, application, {"evaluator_a": [8, 6, 4]})
    from grants.permissions import may_see_evaluations

    application.refresh_from_db()
    # The manager sits on this committee and has not evaluated: blind.
    assert may_see_evaluations(world.manager, application) is False
    assert may_see_evaluations(world.evaluator_a, application) is True  # ENECA: a manager too
    assert may_see_evaluations(world.evaluator_b, application) is False  # NEXUS: not a manager
    evaluate(world, application, {"manager": [7, 7, 4]})
    assert may_see_evaluations(world.manager, application) is True


def test_a_score_off_the_scale_names_the_criterion(world: GrantWorld) -> None:
    application = submitted(world)
    criterion = application.call.criteria.order_by("position").last()
    assert criterion is not None
    services.evaluation_declare(
        application_id=application.pk, actor=world.evaluator_a, conflict_of_interest=False
    )
    with pytest.raises(ValidationError) as error:
        services.evaluation_scores_save(
            application_id=application.pk, actor=world.evaluator_a, scores={criterion.pk: 9}
        )
    assert f"scores.{criterion.pk}" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.evaluation_submit(application_id=application.pk, actor=world.evaluator_a)


# --- decisions ---------------------------------------------------------------------------------


def two_evaluated(world: GrantWorld) -> tuple[GrantApplication, GrantApplication]:
    first = submitted(world)
    second = submitted(world, profile=world.far_away)
    evaluate(world, first, {"evaluator_a": [9, 8, 4], "evaluator_b": [8, 8, 4]})
    evaluate(world, second, {"evaluator_a": [6, 6, 3], "evaluator_b": [6, 5, 3]})
    close(world, world.self_call)
    world.self_call.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    return first, second


def test_the_ranking_recommends_within_the_budget(world: GrantWorld) -> None:
    first, second = two_evaluated(world)
    ranking = selectors.call_ranking(world.self_call)
    rows = [(row.application.pk, row.ranked.recommendation) for row in ranking.rows if row.ranked]
    # 900,000 each in a 2,000,000 budget: both fit.
    assert rows == [(first.pk, "fund"), (second.pk, "fund")]
    GrantCall.objects.filter(pk=world.self_call.pk).update(budget_rsd=Decimal("1500000.00"))
    world.self_call.refresh_from_db()
    ranking = selectors.call_ranking(world.self_call)
    assert [row.ranked.recommendation for row in ranking.rows if row.ranked] == ["fund", "reserve"]


def test_decisions_wait_for_the_call_to_close(world: GrantWorld) -> None:
    application = submitted(world)
    evaluate(world, application, {"evaluator_a": [9, 8, 4], "evaluator_b": [8, 8, 4]})
    with pytest.raises(IllegalTransition):
        services.application_decide(
            application_id=application.pk, decision="approve", actor=world.manager, reason="Dobro."
        )


def test_approval_notifies_the_applicant_in_their_language(
    world: GrantWorld, django_capture_on_commit_callbacks: Any
) -> None:
    first, _second = two_evaluated(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(
            application_id=first.pk,
            decision="approve",
            actor=world.manager,
            reason="Održiv plan, jasno tržište.",
            approved_rsd=Decimal("850000.00"),
        )
    first.refresh_from_db()
    assert first.status == Status.APPROVED
    assert first.approved_rsd == Decimal("850000.00")
    notification = Notification.objects.get(
        recipient=world.beneficiary.user, event=Notification.Event.GRANT_DECISION
    )
    assert notification.context["decision"] == "approved"
    assert notification.context["approved_amount"] == "850.000,00"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Пријава одобрена" in message.subject  # the beneficiary reads Cyrillic
    assert "Održiv plan, jasno tržište." in message.body
    assert "Dragana" not in notification.context.values()


def test_an_approval_over_the_budget_is_refused(world: GrantWorld) -> None:
    first, second = two_evaluated(world)
    GrantCall.objects.filter(pk=world.self_call.pk).update(budget_rsd=Decimal("1500000.00"))
    services.application_decide(
        application_id=first.pk, decision="approve", actor=world.manager, reason="Prvi na listi."
    )
    with pytest.raises(CapacityExceeded):
        services.application_decide(
            application_id=second.pk, decision="approve", actor=world.manager, reason="Takođe."
        )
    services.application_decide(
        application_id=second.pk, decision="reserve", actor=world.manager, reason="Nema sredstava."
    )
    second.refresh_from_db()
    assert second.status == Status.RESERVE
    # A withdrawal frees the money; the reserve list moves up.
    services.application_transition(
        application_id=first.pk, transition="withdraw", actor=world.beneficiary.user
    )
    services.application_decide(
        application_id=second.pk, decision="approve", actor=world.manager, reason="Oslobođeno."
    )
    second.refresh_from_db()
    assert second.status == Status.APPROVED


def test_only_the_calls_managers_decide(world: GrantWorld) -> None:
    first, _second = two_evaluated(world)
    with pytest.raises(IllegalTransition):
        services.application_decide(
            application_id=first.pk, decision="reject", actor=world.evaluator_b, reason="Ne."
        )


def test_finalising_needs_every_application_decided(world: GrantWorld) -> None:
    first, second = two_evaluated(world)
    with pytest.raises(IllegalTransition):
        services.grant_call_transition(
            call_id=world.self_call.pk, transition="finalise", actor=world.manager
        )
    for application in (first, second):
        services.application_decide(
            application_id=application.pk, decision="approve", actor=world.manager, reason="Da."
        )
    call = services.grant_call_transition(
        call_id=world.self_call.pk, transition="finalise", actor=world.manager
    )
    assert call.status == GrantCall.Status.DECIDED


# --- contract, tranches, receipts, monitoring ----------------------------------------------------


def approved(world: GrantWorld) -> GrantApplication:
    first, _second = two_evaluated(world)
    return services.application_decide(
        application_id=first.pk, decision="approve", actor=world.manager, reason="Održiv plan."
    )


def signed(world: GrantWorld, signed_on: dt.date | None = None) -> GrantApplication:
    application = approved(world)
    signed_on = signed_on or world.today
    # A contract signed in the past was approved before it (moved back for the test).
    GrantApplication.objects.filter(pk=application.pk).update(
        decided_at=timezone.make_aware(dt.datetime.combine(signed_on, dt.time(9)))
    )
    services.contract_sign(
        application_id=application.pk,
        actor=world.manager,
        signed_on=signed_on,
        tranches=[
            TrancheSpec(Decimal("600000.00"), signed_on),
            TrancheSpec(Decimal("300000.00"), signed_on + dt.timedelta(days=90)),
        ],
    )
    application.refresh_from_db()
    return application


def test_the_tranches_must_add_up_to_the_approved_amount(world: GrantWorld) -> None:
    application = approved(world)
    with pytest.raises(ValidationError) as error:
        services.contract_sign(
            application_id=application.pk,
            actor=world.manager,
            signed_on=world.today,
            tranches=[TrancheSpec(Decimal("600000.00"), world.today)],
        )
    assert "tranches" in error.value.message_dict


def test_a_contract_schedules_three_visits_and_names_nobody(world: GrantWorld) -> None:
    application = signed(world, dt.date(2026, 8, 31))
    contract = application.contract
    assert application.status == Status.CONTRACTED
    assert contract.number == f"G-2026-{application.pk:05d}"
    assert list(contract.visits.values_list("months", "due_on")) == [
        (3, dt.date(2026, 11, 30)),
        (6, dt.date(2027, 2, 28)),
        (12, dt.date(2027, 8, 31)),
    ]


def test_the_second_tranche_waits_for_receipts_of_the_first(world: GrantWorld) -> None:
    application = signed(world)
    first, second = application.contract.tranches.order_by("number")
    with pytest.raises(IllegalTransition):
        services.tranche_pay(tranche_id=second.pk, actor=world.manager, paid_on=world.today)
    with pytest.raises(IllegalTransition):
        services.receipt_add(
            tranche_id=first.pk,
            actor=world.beneficiary.user,
            amount_rsd=Decimal("1.00"),
            issued_on=world.today,
            uploaded_file=pdf("racun.pdf"),
        )
    services.tranche_pay(
        tranche_id=first.pk, actor=world.manager, paid_on=world.today, payment_reference="97-1234"
    )
    services.receipt_add(
        tranche_id=first.pk,
        actor=world.beneficiary.user,
        amount_rsd=Decimal("450000.00"),
        issued_on=world.today,
        uploaded_file=pdf("racun-masina.pdf"),
        description="Šivaća mašina",
    )
    with pytest.raises(IllegalTransition) as error:
        services.tranche_pay(tranche_id=second.pk, actor=world.manager, paid_on=world.today)
    assert error.value.extra == {"justified": "450000.00", "needed": "600000.00"}
    services.receipt_add(
        tranche_id=first.pk,
        actor=world.manager,
        amount_rsd=Decimal("150000.00"),
        issued_on=world.today,
        uploaded_file=pdf("racun-tkanine.pdf"),
    )
    paid = services.tranche_pay(tranche_id=second.pk, actor=world.manager, paid_on=world.today)
    assert paid.status == Tranche.Status.PAID


def test_only_managers_record_payments(world: GrantWorld) -> None:
    application = signed(world)
    first = application.contract.tranches.get(number=1)
    with pytest.raises(PermissionDeniedError):
        services.tranche_pay(tranche_id=first.pk, actor=world.beneficiary.user, paid_on=world.today)


def test_a_monitoring_visit_moves_the_target(world: GrantWorld) -> None:
    signed_on = world.today - dt.timedelta(days=200)
    application = signed(world, signed_on)
    visit = application.contract.visits.get(months=6)
    before = selectors.grant_outcomes(district_ids=None, start=None, end=None)
    assert before.people == 0
    with pytest.raises(ValidationError) as error:
        services.monitoring_visit_record(
            visit_id=visit.pk, actor=world.manager, visited_on=world.today, person_employed=True
        )
    assert "business_operating" in error.value.message_dict
    services.monitoring_visit_record(
        visit_id=visit.pk,
        actor=world.manager,
        visited_on=world.today,
        business_operating=True,
        person_employed=True,
        note="Radnja radi, dve mušterije u toku posete.",
    )
    after = selectors.grant_outcomes(
        district_ids=[world.beneficiary.municipality.district_id],
        start=world.today - dt.timedelta(days=30),
        end=world.today,
    )
    assert (after.people, after.self_employed, after.employed) == (1, 1, 0)
    assert list(after.candidate_ids) == [
        {"contract__application__beneficiary": world.beneficiary.pk}
    ]
    assert "self-employed" in after.definition
    elsewhere = selectors.grant_outcomes(district_ids=[], start=None, end=None)
    assert elsewhere.people == 0


def test_a_visit_far_ahead_cannot_be_recorded(world: GrantWorld) -> None:
    application = signed(world)
    visit = application.contract.visits.get(months=12)
    with pytest.raises(ValidationError) as error:
        services.monitoring_visit_record(
            visit_id=visit.pk,
            actor=world.manager,
            visited_on=world.today,
            business_operating=True,
            person_employed=True,
        )
    assert "visited_on" in error.value.message_dict
    assert MonitoringVisit.objects.get(pk=visit.pk).status == MonitoringVisit.Status.DUE


def test_completion_needs_every_tranche_paid_and_the_last_visit(world: GrantWorld) -> None:
    signed_on = world.today - dt.timedelta(days=370)
    application = approved(world)
    services.contract_sign(
        application_id=application.pk,
        actor=world.manager,
        signed_on=world.today,
        tranches=[TrancheSpec(Decimal("900000.00"), world.today)],
    )
    with pytest.raises(IllegalTransition):
        services.application_transition(
            application_id=application.pk, transition="complete", actor=world.manager
        )
    contract = GrantApplication.objects.get(pk=application.pk).contract
    contract.visits.update(due_on=signed_on)
    services.tranche_pay(
        tranche_id=contract.tranches.get().pk, actor=world.manager, paid_on=world.today
    )
    last = contract.visits.get(months=12)
    services.monitoring_visit_record(visit_id=last.pk, actor=world.manager, unreachable=True)
    services.application_transition(
        application_id=application.pk, transition="complete", actor=world.manager
    )
    application.refresh_from_db()
    assert application.status == Status.COMPLETED


def test_calls_past_their_closing_date_close_once(world: GrantWorld) -> None:
    later = world.today + dt.timedelta(days=25)
    assert services.grant_calls_close_due(today=later) == 2
    assert services.grant_calls_close_due(today=later) == 0
    world.self_call.refresh_from_db()
    assert world.self_call.status == GrantCall.Status.EVALUATION


def test_the_rules_of_an_open_call_stay_as_published(world: GrantWorld) -> None:
    with pytest.raises(ValidationError) as error:
        services.grant_call_update(
            call_id=world.self_call.pk, actor=world.manager, max_grant_rsd=Decimal("2000000.00")
        )
    assert "max_grant_rsd" in error.value.message_dict
    later = world.self_call.closes_on + dt.timedelta(days=7)
    call = services.grant_call_update(
        call_id=world.self_call.pk,
        actor=world.manager,
        closes_on=later,
        budget_rsd=Decimal("2500000.00"),
    )
    assert (call.closes_on, call.budget_rsd) == (later, Decimal("2500000.00"))


def test_a_call_opens_only_with_a_rubric_and_a_full_committee(world: GrantWorld) -> None:
    call = services.grant_call_create(
        actor=world.manager,
        title="Nov konkurs",
        kind=GrantCall.Kind.SELF_EMPLOYMENT,
        opens_on=world.today,
        closes_on=world.today + dt.timedelta(days=30),
        budget_rsd=Decimal("1000000"),
        max_grant_rsd=Decimal("500000"),
        committee=[world.evaluator_a],
    )
    with pytest.raises(IllegalTransition):
        services.grant_call_transition(call_id=call.pk, transition="open", actor=world.manager)
    with pytest.raises(NotFound):  # another organisation's draft
        services.grant_call_transition(call_id=call.pk, transition="open", actor=world.outsider)


def test_a_call_with_bad_money_names_the_fields(world: GrantWorld) -> None:
    with pytest.raises(ValidationError) as error:
        services.grant_call_create(
            actor=world.manager,
            title="",
            kind="lottery",
            opens_on=world.today,
            closes_on=world.today - dt.timedelta(days=1),
            budget_rsd=Decimal("100.00"),
            max_grant_rsd=Decimal("200.00"),
        )
    assert {"title", "kind", "closes_on", "max_grant_rsd"} <= set(error.value.message_dict)
    assert not GrantCall.objects.filter(title="").exists()
