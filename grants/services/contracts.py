"""Writes after approval: the contract with its tranches, payments, receipts, monitoring visits.

Decisions:
* **Contract number** ``G-<year signed>-<application id, 5 digits>``: unique without a counter
  (one contract per application), and it names nobody.
* **Tranches** add up exactly to the approved amount (1 to 6 of them, planned in date order).
  They are paid in order; a tranche after the first is paid only when the receipts for the
  tranches before it justify at least GRANTS_TRANCHE_JUSTIFIED_SHARE of them (1.00 = all):
  the money of a tranche is released against proof of how the last one was spent.
* **Receipts** are added for a paid tranche by the applicant, their counsellor or a manager:
  an amount, the date on it and the file (PDF, DOCX or a photo).
* **Monitoring visits** at 3, 6 and 12 months after signing are created with the contract. A
  visit is recorded by a coordinator (counsellor or manager) from
  GRANTS_MONITORING_RECORD_EARLY_DAYS before it is due, while the contract runs. It asks
  whether the business is operating and the person works in it (self-employment), or whether
  the person is employed by the employer (subsidy); a yes counts the person as employed or
  self-employed for the programme target (grants.selectors.grant_outcomes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import IllegalTransition, NotFound, PermissionDeniedError
from core.services import validated_save
from grants import permissions, workflow
from grants.documents import grant_file_check
from grants.models import (
    MONITORING_MONTHS,
    GrantApplication,
    GrantCall,
    GrantContract,
    MonitoringVisit,
    Receipt,
    Tranche,
)
from grants.services.steps import application_locked, step_apply

Status = GrantApplication.Status
MAX_TRANCHES = 6


@dataclass(frozen=True)
class TrancheSpec:
    amount_rsd: Decimal
    planned_on: dt.date


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole calendar months; a day the month lacks becomes its last day."""
    moved: dt.date = day + relativedelta(months=months)
    return moved


def _require(relations: frozenset[str], allowed: set[str], message: str) -> None:
    if not relations & (allowed | {workflow.ADMIN}):
        raise PermissionDeniedError(message)


@transaction.atomic
def contract_sign(
    *,
    application_id: int,
    actor: Any,
    signed_on: dt.date,
    tranches: Sequence[TrancheSpec],
    today: dt.date | None = None,
) -> GrantContract:
    """Record the signed contract of an approved application with its payment plan; the
    application becomes "contracted" and its monitoring visits are scheduled."""
    application = application_locked(application_id, actor)
    relations = permissions.relations_to(actor, application)
    workflow.check("sign_contract", application.status, relations)
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if signed_on > today:
        errors["signed_on"] = [_("A contract is recorded once it is signed, not before.")]
    if application.decided_at and signed_on < timezone.localdate(application.decided_at):
        errors["signed_on"] = [_("A contract cannot be signed before the approval.")]
    if not 1 <= len(tranches) <= MAX_TRANCHES:
        errors["tranches"] = [_("Plan from 1 to %(count)d tranches.") % {"count": MAX_TRANCHES}]
    approved = application.approved_rsd or Decimal("0")
    total = sum((spec.amount_rsd for spec in tranches), Decimal("0"))
    if tranches and total != approved:
        errors["tranches"] = [
            _("The tranches add up to %(total)s RSD; the approved amount is %(approved)s RSD.")
            % {"total": f"{total:.2f}", "approved": f"{approved:.2f}"}
        ]
    previous: dt.date | None = None
    for index, spec in enumerate(tranches):
        if spec.amount_rsd <= 0 or spec.amount_rsd != spec.amount_rsd.quantize(Decimal("0.01")):
            errors[f"tranches[{index}].amount_rsd"] = [
                _("Give an amount above 0 with at most two decimals.")
            ]
        if spec.planned_on < signed_on or (previous is not None and spec.planned_on < previous):
            errors[f"tranches[{index}].planned_on"] = [
                _("Plan the tranches in order, from the day of signing.")
            ]
        previous = spec.planned_on
    if errors:
        raise ValidationError(errors)
    contract = validated_save(
        GrantContract(
            application=application,
            number=f"G-{signed_on.year}-{application.pk:05d}",
            signed_on=signed_on,
            amount_rsd=approved,
            signed_by=actor if getattr(actor, "pk", None) else None,
        )
    )
    for number, spec in enumerate(tranches, start=1):
        validated_save(
            Tranche(
                contract=contract,
                number=number,
                amount_rsd=spec.amount_rsd,
                planned_on=spec.planned_on,
            )
        )
    MonitoringVisit.objects.bulk_create(
        [
            MonitoringVisit(contract=contract, months=months, due_on=add_months(signed_on, months))
            for months in MONITORING_MONTHS
        ]
    )
    step_apply(
        application,
        "sign_contract",
        actor=actor,
        relations=relations,
        details={"contract": contract.number, "tranches": len(tranches)},
    )
    return contract


def _running_contract(application: GrantApplication) -> GrantContract:
    if application.status != Status.CONTRACTED:
        raise IllegalTransition(
            _("Only a running contract takes payments, receipts and visits."),
            extra={"status": application.status},
        )
    return GrantContract.objects.get(application=application)


def _tranche_locked(tranche_id: int, actor: Any) -> tuple[Tranche, GrantApplication]:
    found = (
        permissions.tranches_visible_to(actor)
        .filter(pk=tranche_id)
        .values_list("contract__application_id", flat=True)
        .first()
    )
    if found is None:
        raise NotFound(_("There is no such tranche."))
    application = application_locked(found, actor)
    tranche = Tranche.objects.select_for_update().select_related("contract").get(pk=tranche_id)
    return tranche, application


def justified_share() -> Decimal:
    return Decimal(str(settings.GRANTS_TRANCHE_JUSTIFIED_SHARE))


@transaction.atomic
def tranche_pay(
    *,
    tranche_id: int,
    actor: Any,
    paid_on: dt.date,
    payment_reference: str = "",
    today: dt.date | None = None,
) -> Tranche:
    """Record that a tranche was paid (a manager), in order, against the receipts so far."""
    tranche, application = _tranche_locked(tranche_id, actor)
    relations = permissions.relations_to(actor, application)
    _require(relations, {workflow.MANAGER}, _("Only the call's managers record payments."))
    contract = _running_contract(application)
    today = today or timezone.localdate()
    if tranche.status == Tranche.Status.PAID:
        raise IllegalTransition(_("This tranche is already paid."))
    earlier = list(contract.tranches.filter(number__lt=tranche.number))
    if any(previous.status != Tranche.Status.PAID for previous in earlier):
        raise IllegalTransition(_("Pay the tranches in order."))
    if earlier:
        owed = sum((previous.amount_rsd for previous in earlier), Decimal("0"))
        justified = Receipt.objects.filter(tranche__in=earlier).aggregate(total=Sum("amount_rsd"))[
            "total"
        ] or Decimal("0")
        needed = (owed * justified_share()).quantize(Decimal("0.01"))
        if justified < needed:
            raise IllegalTransition(
                _(
                    "Receipts justify %(justified)s RSD of the %(needed)s RSD needed before "
                    "this tranche is paid."
                )
                % {"justified": f"{justified:.2f}", "needed": f"{needed:.2f}"},
                extra={"justified": f"{justified:.2f}", "needed": f"{needed:.2f}"},
            )
    if paid_on > today or paid_on < contract.signed_on:
        raise ValidationError(
            {"paid_on": [_("The payment date lies between the signing and today.")]}
        )
    tranche.status = Tranche.Status.PAID
    tranche.paid_on = paid_on
    tranche.payment_reference = payment_reference.strip()
    tranche.paid_by = actor if getattr(actor, "pk", None) else None
    return validated_save(tranche)


@transaction.atomic
def receipt_add(
    *,
    tranche_id: int,
    actor: Any,
    amount_rsd: Decimal,
    issued_on: dt.date,
    uploaded_file: Any,
    description: str = "",
    today: dt.date | None = None,
) -> Receipt:
    """Add a receipt justifying part of a paid tranche (applicant, counsellor or manager)."""
    tranche, application = _tranche_locked(tranche_id, actor)
    relations = permissions.relations_to(actor, application)
    _require(
        relations,
        {workflow.APPLICANT, workflow.COUNSELLOR, workflow.MANAGER},
        _("Only the applicant, their counsellor or a manager adds receipts."),
    )
    _running_contract(application)
    if tranche.status != Tranche.Status.PAID:
        raise IllegalTransition(_("Receipts justify a tranche that has been paid."))
    today = today or timezone.localdate()
    if issued_on > today:
        raise ValidationError(
            {"issued_on": [_("The date on the receipt cannot be in the future.")]}
        )
    checked = grant_file_check(uploaded_file)
    receipt = Receipt(
        tranche=tranche,
        amount_rsd=amount_rsd,
        issued_on=issued_on,
        description=description.strip(),
        content_type=checked.content_type,
        original_name=checked.original_name,
        size_bytes=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    receipt.full_clean(exclude=["file"])
    receipt.file.save("upload", uploaded_file, save=False)
    try:
        validated_save(receipt)
    except BaseException:
        receipt.file.storage.delete(receipt.file.name)
        raise
    return receipt


def record_early_days() -> int:
    return int(settings.GRANTS_MONITORING_RECORD_EARLY_DAYS)


@transaction.atomic
def monitoring_visit_record(
    *,
    visit_id: int,
    actor: Any,
    visited_on: dt.date | None = None,
    business_operating: bool | None = None,
    person_employed: bool | None = None,
    unreachable: bool = False,
    note: str = "",
    today: dt.date | None = None,
) -> MonitoringVisit:
    """Record a monitoring visit (or that the person could not be reached); again corrects."""
    found = (
        permissions.visits_visible_to(actor)
        .filter(pk=visit_id)
        .values_list("contract__application_id", flat=True)
        .first()
    )
    if found is None:
        raise NotFound(_("There is no such monitoring visit."))
    application = application_locked(found, actor)
    relations = permissions.relations_to(actor, application)
    _require(
        relations,
        {workflow.COUNSELLOR, workflow.MANAGER},
        _("Only coordinators record monitoring visits."),
    )
    contract = _running_contract(application)
    visit = MonitoringVisit.objects.select_for_update().get(pk=visit_id)
    today = today or timezone.localdate()
    if (visit.due_on - today).days > record_early_days():
        raise ValidationError(
            {
                "visited_on": [
                    _("This visit is due on %(due)s; it can be recorded from %(days)s days before.")
                    % {"due": visit.due_on.isoformat(), "days": record_early_days()}
                ]
            }
        )
    errors: dict[str, list[str]] = {}
    subsidy = application.kind == GrantCall.Kind.EMPLOYMENT_SUBSIDY
    if unreachable:
        visit.status = MonitoringVisit.Status.UNREACHABLE
        visit.visited_on = visited_on
        visit.business_operating = None
        visit.person_employed = None
        visit.outcome_positive = None
    else:
        if visited_on is None:
            errors["visited_on"] = [_("Give the day of the visit.")]
        elif visited_on > today or visited_on < contract.signed_on:
            errors["visited_on"] = [_("The visit lies between the signing and today.")]
        if person_employed is None:
            errors["person_employed"] = [_("Answer whether the person works.")]
        if not subsidy and business_operating is None:
            errors["business_operating"] = [_("Answer whether the business is operating.")]
        if errors:
            raise ValidationError(errors)
        visit.status = MonitoringVisit.Status.RECORDED
        visit.visited_on = visited_on
        visit.person_employed = person_employed
        visit.business_operating = None if subsidy else business_operating
        visit.outcome_positive = bool(person_employed) and (subsidy or bool(business_operating))
    visit.note = note.strip()
    visit.recorded_at = timezone.now()
    visit.recorded_by = actor if getattr(actor, "pk", None) else None
    return validated_save(visit)
