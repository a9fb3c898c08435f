"""A beneficiary's grant records: in their data export, and gone from what names them after
erasure while the money stays auditable."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from candidates.models import CandidateErasure
from candidates.privacy import candidate_data_export, candidate_erase
from grants import services
from grants.models import (
    ApplicationDocument,
    ApplicationTransition,
    BudgetLine,
    GrantApplication,
    GrantCall,
    Receipt,
    Tranche,
)
from grants.services import TrancheSpec
from notifications.models import Notification
from tests.grants.world import GrantWorld, build_grant_world, evaluate, pdf, submitted

pytestmark = pytest.mark.django_db

SECRET_WORDS = ("Krojačka radnja Igla", "Šivenje i prepravke", "Šivaća mašina i overlok")


@pytest.fixture(autouse=True)
def _private_files_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"


@pytest.fixture
def world(eager_celery: None) -> GrantWorld:
    return build_grant_world()


def database_text() -> str:
    """Every row of every table, as text with its letters as written (not \\u escapes)."""
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)
    return json.dumps(json.loads(dump.getvalue()), ensure_ascii=False)


def fully_used(world: GrantWorld, capture: Any) -> GrantApplication:
    """Submitted, evaluated, approved (notified), contracted, first tranche paid with a
    receipt, 3-month visit recorded with a note."""
    application = submitted(world)
    evaluate(world, application, {"evaluator_a": [9, 8, 4], "evaluator_b": [8, 8, 4]})
    services.grant_call_transition(
        call_id=world.self_call.pk, transition="close", actor=world.manager
    )
    with capture(execute=True):
        services.application_decide(
            application_id=application.pk,
            decision="approve",
            actor=world.manager,
            reason="Dragana Mitić ima iskustvo krojačice.",
        )
    signed_on = world.today - dt.timedelta(days=100)
    GrantApplication.objects.filter(pk=application.pk).update(
        decided_at=timezone.make_aware(dt.datetime.combine(signed_on, dt.time(9)))
    )
    contract = services.contract_sign(
        application_id=application.pk,
        actor=world.manager,
        signed_on=signed_on,
        tranches=[
            TrancheSpec(Decimal("600000.00"), signed_on),
            TrancheSpec(Decimal("300000.00"), signed_on + dt.timedelta(days=90)),
        ],
    )
    first = contract.tranches.get(number=1)
    services.tranche_pay(tranche_id=first.pk, actor=world.manager, paid_on=signed_on)
    services.receipt_add(
        tranche_id=first.pk,
        actor=world.beneficiary.user,
        amount_rsd=Decimal("600000.00"),
        issued_on=signed_on,
        uploaded_file=pdf("racun-dragana-mitic.pdf"),
        description="Račun na ime Dragana Mitić",
    )
    visit = contract.visits.get(months=3)
    services.monitoring_visit_record(
        visit_id=visit.pk,
        actor=world.manager,
        visited_on=world.today,
        business_operating=True,
        person_employed=True,
        note="Dragana kaže da posla ima dosta; telefon +381641112223.",
    )
    application.refresh_from_db()
    return application


def test_the_export_holds_the_grant_applications(
    world: GrantWorld, django_capture_on_commit_callbacks: Any
) -> None:
    application = fully_used(world, django_capture_on_commit_callbacks)
    data = candidate_data_export(profile=world.beneficiary)
    [exported] = data["grant_applications"]
    assert exported["reference"] == application.reference
    assert exported["business_idea"].startswith("Šivenje")
    assert exported["approved_rsd"] == "900000.00"
    assert [line["amount_rsd"] for line in exported["budget"]] == [
        "700000.00",
        "200000.00",
        "120000.00",
    ]
    assert exported["contract"]["tranches"][0]["receipts"][0]["amount_rsd"] == "600000.00"
    assert exported["contract"]["monitoring_visits"][0]["business_operating"] is True
    assert [step["transition"] for step in exported["steps"]][:3] == [
        "create",
        "submit",
        "check_eligible",
    ]
    assert all("evaluator" not in evaluation for evaluation in exported["evaluations"])


def test_erasure_keeps_the_money_and_nothing_that_names_the_person(
    world: GrantWorld, django_capture_on_commit_callbacks: Any
) -> None:
    application = fully_used(world, django_capture_on_commit_callbacks)
    needles = ("Dragana", "Mitić", "+381641112223", "dragana.mitic", *SECRET_WORDS)
    before = database_text()
    assert all(needle in before for needle in needles)  # the search would find them
    receipt = Receipt.objects.get(tranche__contract__application=application)
    receipt_file = Path(receipt.file.path)
    document_file = Path(ApplicationDocument.objects.get(application=application).file.path)
    assert receipt_file.exists() and document_file.exists()
    with django_capture_on_commit_callbacks(execute=True):
        candidate_erase(profile=world.beneficiary, by=world.manager, reason="candidate_request")
    assert CandidateErasure.objects.filter(candidate=world.beneficiary).exists()

    application.refresh_from_db()
    assert application.status == GrantApplication.Status.CONTRACTED
    assert (application.requested_rsd, application.approved_rsd) == (
        Decimal("900000.00"),
        Decimal("900000.00"),
    )
    assert list(
        BudgetLine.objects.filter(application=application).values_list("amount_rsd", flat=True)
    ) == [
        Decimal("700000.00"),
        Decimal("200000.00"),
        Decimal("120000.00"),
    ]
    assert Tranche.objects.filter(contract__application=application, status="paid").count() == 1
    receipt.refresh_from_db()
    assert receipt.amount_rsd == Decimal("600000.00") and len(receipt.sha256) == 64
    assert not receipt.file and not receipt_file.exists() and not document_file.exists()
    assert not ApplicationDocument.objects.filter(application=application).exists()
    assert ApplicationTransition.objects.filter(application=application).count() >= 6

    after = database_text()
    assert [needle for needle in needles if needle in after] == []


def test_the_companys_notification_loses_the_reason_when_the_person_is_erased(
    world: GrantWorld, django_capture_on_commit_callbacks: Any
) -> None:
    application = services.grant_application_create(
        call_id=world.subsidy_call.pk,
        actor=world.member,
        beneficiary_id=world.employee.pk,
        position_title="Šnajderka",
        employment_start=world.today + dt.timedelta(days=30),
        employment_months=12,
        monthly_gross_salary_rsd=Decimal("75000.00"),
    )
    services.grant_application_budget_set(
        application_id=application.pk,
        actor=world.member,
        lines=[services.BudgetLineSpec("salary", "Subvencija", Decimal("500000.00"), "grant")],
    )
    services.grant_document_upload(
        application_id=application.pk, actor=world.member, kind="employment", uploaded_file=pdf()
    )
    services.grant_application_submit(application_id=application.pk, actor=world.member)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decide(
            application_id=application.pk,
            decision="reject",
            actor=world.manager,
            reason="Ivana Ristić je već zaposlena kod vas.",
        )
    notification = Notification.objects.get(recipient=world.member)
    assert "Ivana" in notification.context["reason"]
    assert GrantCall.objects.filter(pk=world.subsidy_call.pk).exists()
    candidate_erase(profile=world.employee, by=world.manager, reason="candidate_request")
    notification.refresh_from_db()
    assert notification.context["reason"] == ""
    assert notification.context["call_title"] == world.subsidy_call.title
