"""Writes of grant applications: drafts, budgets, documents, submission with the automatic
eligibility check, every lifecycle step (with its audit row) and the decisions.

Decisions:
* **Who applies.** Self-employment: the beneficiary themself, or a coordinator of their
  district for and with them. Subsidy: a member of the employer, naming a beneficiary who
  accepted one of the company's offers (the company knows them), or a coordinator of the
  district naming any beneficiary and company of their districts.
* **Completeness before eligibility.** Submitting checks that the form is complete (the idea or
  the job, a budget asking for something, at least one document); a gap is a ValidationError
  naming the field and nothing moves. Only a complete application is checked for eligibility.
* **Approval within the budget**: an approval may not make the money promised in the call
  (approved, contracted and completed applications; the tranches actually paid of terminated
  ones) exceed its budget — CapacityExceeded — nor exceed the request or the call's maximum.
  Decisions wait until the call has closed, so that everybody is ranked together; a rejection
  of an eligible application (e.g. a false statement found) may come any time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions as rules
from accounts.models import User
from candidates.models import CandidateProfile, TrainingParticipation
from companies.models import Company
from core.exceptions import CapacityExceeded, IllegalTransition, NotFound, PermissionDeniedError
from core.services import validated_save
from grants import eligibility, permissions, workflow
from grants.documents import grant_file_check
from grants.models import (
    ApplicationDocument,
    BudgetLine,
    GrantApplication,
    GrantCall,
    MonitoringVisit,
    Tranche,
)
from grants.notifications import application_decision_notify
from grants.selectors import call_committed_rsd
from grants.services.steps import application_locked, audit_record, step_apply, system_step
from reference.models import Municipality

Status = GrantApplication.Status
Kind = GrantCall.Kind
CallStatus = GrantCall.Status

SELF_EMPLOYMENT_FIELDS: tuple[str, ...] = (
    "business_name",
    "business_idea",
    "business_municipality",
)
SUBSIDY_FIELDS: tuple[str, ...] = (
    "position_title",
    "job_description",
    "employment_start",
    "employment_months",
    "monthly_gross_salary_rsd",
)
MAX_BUDGET_LINES = 30
MAX_DOCUMENTS = 10


@dataclass(frozen=True)
class BudgetLineSpec:
    category: str
    description: str
    amount_rsd: Decimal
    source: str


# --- drafts --------------------------------------------------------------------------------


def _content_errors(application: GrantApplication, content: dict[str, Any]) -> None:
    allowed = SELF_EMPLOYMENT_FIELDS if application.kind == Kind.SELF_EMPLOYMENT else SUBSIDY_FIELDS
    unknown = [name for name in content if name not in allowed]
    if unknown:
        raise ValidationError(
            {
                name: [_("This field does not belong to this kind of application.")]
                for name in unknown
            }
        )


def _apply_content(application: GrantApplication, content: dict[str, Any]) -> None:
    _content_errors(application, content)
    for name, value in content.items():
        if isinstance(value, str):
            value = value.strip()
        if (
            name == "business_municipality"
            and value is not None
            and not isinstance(value, Municipality)
        ):
            value = Municipality.objects.filter(pk=value).first()
            if value is None:
                raise ValidationError({name: [_("Choose a municipality from the list.")]})
        setattr(application, name, value)


def _beneficiary_for(actor: Any, call: GrantCall, beneficiary_id: int | None) -> CandidateProfile:
    role = rules.role_of(actor)
    if role == User.Role.CANDIDATE:
        if call.kind != Kind.SELF_EMPLOYMENT:
            raise PermissionDeniedError(_("Employers apply for employment subsidies."))
        profile = CandidateProfile.objects.filter(user=actor).select_related("municipality").first()
        if profile is None:
            raise PermissionDeniedError(_("Create your profile before applying."))
        if beneficiary_id is not None and beneficiary_id != profile.pk:
            raise PermissionDeniedError(_("You can apply only for yourself."))
        return profile
    if beneficiary_id is None:
        raise ValidationError({"beneficiary": [_("Choose the person the application is for.")]})
    if role == User.Role.COMPANY:
        candidates = rules.candidates_with_contact_visible_to(actor)
        message = _("Name a person who accepted one of your company's offers.")
    elif role in (User.Role.COORDINATOR, User.Role.ADMIN):
        candidates = rules.candidates_visible_to(actor)
        message = _("Choose a person of your districts.")
    else:
        raise PermissionDeniedError(_("You cannot apply for a grant."))
    profile = candidates.select_related("municipality").filter(pk=beneficiary_id).first()
    if profile is None:
        raise ValidationError({"beneficiary": [message]})
    return profile


def _company_for(actor: Any, call: GrantCall, company_id: int | None) -> Company | None:
    if call.kind == Kind.SELF_EMPLOYMENT:
        if company_id is not None:
            raise ValidationError(
                {"company": [_("A self-employment application has no employer.")]}
            )
        return None
    role = rules.role_of(actor)
    if role == User.Role.COMPANY:
        companies = rules.companies_managed_by(actor)
        if company_id is None:
            company = companies.order_by("pk").first()
            if company is None:
                raise PermissionDeniedError(_("You are not a member of any company."))
            return company
    elif role in (User.Role.COORDINATOR, User.Role.ADMIN):
        if company_id is None:
            raise ValidationError({"company": [_("Choose the employer.")]})
        companies = rules.companies_with_details_visible_to(actor)
    else:
        raise PermissionDeniedError(_("Employers apply for employment subsidies."))
    company = companies.filter(pk=company_id).first()
    if company is None:
        raise ValidationError({"company": [_("Choose one of the employers you work with.")]})
    return company


@transaction.atomic
def grant_application_create(
    *,
    call_id: int,
    actor: Any,
    beneficiary_id: int | None = None,
    company_id: int | None = None,
    **content: Any,
) -> GrantApplication:
    """A new draft in an open call (see the module's docstring for who applies for whom).

    Raises NotFound (no such call for the actor), IllegalTransition (the call is not open),
    PermissionDeniedError and ValidationError (by field, e.g. the person already applied).
    """
    call = (
        permissions.calls_visible_to(actor)
        .select_for_update(of=("self",))
        .filter(pk=call_id)
        .first()
    )
    if call is None:
        raise NotFound(_("There is no such grant call."))
    if call.status != CallStatus.OPEN:
        raise IllegalTransition(_("This call is not open for applications."))
    beneficiary = _beneficiary_for(actor, call, beneficiary_id)
    company = _company_for(actor, call, company_id)
    if (
        GrantApplication.objects.filter(call=call, beneficiary=beneficiary)
        .exclude(status=Status.WITHDRAWN)
        .exists()
    ):
        raise ValidationError(
            {"beneficiary": [_("This person already has an application in this call.")]}
        )
    application = GrantApplication(
        call=call,
        kind=call.kind,
        beneficiary=beneficiary,
        company=company,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    if call.kind == Kind.SELF_EMPLOYMENT and "business_municipality" not in content:
        application.business_municipality = beneficiary.municipality
    _apply_content(application, content)
    validated_save(application)
    relations = permissions.relations_to(actor, application)
    audit_record(
        application,
        transition="create",
        from_status=Status.DRAFT,
        actor=actor,
        relation=_first_relation(relations),
    )
    return application


def _first_relation(relations: frozenset[str]) -> str:
    for relation in (workflow.APPLICANT, workflow.COUNSELLOR, workflow.MANAGER, workflow.ADMIN):
        if relation in relations:
            return relation
    return workflow.SYSTEM


def _editable(application_id: int, actor: Any) -> tuple[GrantApplication, frozenset[str]]:
    application = application_locked(application_id, actor)
    relations = permissions.relations_to(actor, application)
    if not relations & {workflow.APPLICANT, workflow.COUNSELLOR, workflow.ADMIN}:
        raise PermissionDeniedError(_("Only the applicant or their counsellor may change this."))
    if not permissions.may_edit(relations, application):
        raise IllegalTransition(_("A submitted application can no longer be changed."))
    return application, relations


@transaction.atomic
def grant_application_update(
    *, application_id: int, actor: Any, **content: Any
) -> GrantApplication:
    """Change a draft's text and facts (the business, or the job)."""
    application, _relations = _editable(application_id, actor)
    _apply_content(application, content)
    validated_save(application)
    return application


@transaction.atomic
def grant_application_budget_set(
    *, application_id: int, actor: Any, lines: Sequence[BudgetLineSpec]
) -> GrantApplication:
    """Replace a draft's budget; the sums asked from the grant and contributed follow."""
    application, _relations = _editable(application_id, actor)
    if len(lines) > MAX_BUDGET_LINES:
        raise ValidationError(
            {"lines": [_("A budget has at most %(count)d lines.") % {"count": MAX_BUDGET_LINES}]}
        )
    application.budget_lines.all().delete()
    errors: dict[str, list[str]] = {}
    built: list[BudgetLine] = []
    for index, spec in enumerate(lines):
        line = BudgetLine(
            application=application,
            position=index + 1,
            category=spec.category,
            description=spec.description.strip(),
            amount_rsd=spec.amount_rsd,
            source=spec.source,
        )
        try:
            line.full_clean(exclude=["application"], validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(f"lines[{index}].{name}", []).extend(messages)
            continue
        built.append(line)
    if errors:
        raise ValidationError(errors)
    BudgetLine.objects.bulk_create(built)
    application.requested_rsd = sum(
        (line.amount_rsd for line in built if line.source == BudgetLine.Source.GRANT), Decimal("0")
    )
    application.own_contribution_rsd = sum(
        (line.amount_rsd for line in built if line.source == BudgetLine.Source.OWN), Decimal("0")
    )
    validated_save(application)
    return application


@transaction.atomic
def grant_document_upload(
    *, application_id: int, actor: Any, kind: str, uploaded_file: Any
) -> ApplicationDocument:
    """Attach a file to a draft (checked by content: PDF, DOCX, JPEG or PNG)."""
    application, _relations = _editable(application_id, actor)
    if kind not in ApplicationDocument.Kind.values:
        raise ValidationError({"kind": [_("Choose the kind of document.")]})
    if application.documents.count() >= MAX_DOCUMENTS:
        raise ValidationError(
            {
                "file": [
                    _("An application has at most %(count)d documents; delete one first.")
                    % {"count": MAX_DOCUMENTS}
                ]
            }
        )
    checked = grant_file_check(uploaded_file)
    document = ApplicationDocument(
        application=application,
        kind=kind,
        content_type=checked.content_type,
        original_name=checked.original_name,
        size_bytes=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    document.file.save("upload", uploaded_file, save=False)
    try:
        validated_save(document)
    except BaseException:
        document.file.storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def grant_document_delete(*, document_id: int, actor: Any) -> None:
    document = ApplicationDocument.objects.filter(pk=document_id).only("application_id").first()
    if document is None:
        raise NotFound(_("There is no such document."))
    _editable(document.application_id, actor)
    ApplicationDocument.objects.get(pk=document_id).delete()


# --- submission and eligibility ------------------------------------------------------------


def _completeness_errors(application: GrantApplication) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    required = _("This is needed before the application can be submitted.")
    if application.kind == Kind.SELF_EMPLOYMENT:
        for name in ("business_idea", "business_municipality"):
            if not getattr(application, name):
                errors[name] = [required]
    else:
        for name in (
            "position_title",
            "employment_start",
            "employment_months",
            "monthly_gross_salary_rsd",
        ):
            if getattr(application, name) in (None, ""):
                errors[name] = [required]
    if application.requested_rsd <= 0:
        errors["budget"] = [_("The budget must ask for something from the grant.")]
    if not application.documents.exists():
        errors["documents"] = [_("Attach at least one document (e.g. a business plan).")]
    return errors


def call_rules(call: GrantCall) -> eligibility.CallRules:
    return eligibility.CallRules(
        kind=call.kind,
        district_ids=frozenset(call.eligible_districts.values_list("pk", flat=True)),
        categories=frozenset(call.eligible_categories or ()),
        requires_completed_training=call.requires_completed_training,
        max_grant=call.max_grant_rsd,
        min_own_contribution_percent=call.min_own_contribution_percent,
    )


def applicant_facts(application: GrantApplication) -> eligibility.ApplicantFacts:
    beneficiary = application.beneficiary
    other_grant = (
        GrantApplication.objects.filter(
            beneficiary=beneficiary, status__in=workflow.COMMITTED_STATUSES
        )
        .exclude(pk=application.pk)
        .exists()
    )
    company = application.company
    return eligibility.ApplicantFacts(
        district_id=beneficiary.municipality.district_id,
        category=beneficiary.category,
        completed_training=TrainingParticipation.objects.filter(
            candidate=beneficiary, status=TrainingParticipation.Status.COMPLETED
        ).exists(),
        requested=application.requested_rsd,
        own_contribution=application.own_contribution_rsd,
        has_other_grant=other_grant,
        company_verified=None if company is None else company.verified,
        company_district_id=None if company is None else company.municipality.district_id,
    )


@transaction.atomic
def grant_application_submit(
    *, application_id: int, actor: Any, today: dt.date | None = None
) -> GrantApplication:
    """Submit a complete draft, then check its eligibility automatically (two audit rows).

    Raises NotFound, PermissionDeniedError, IllegalTransition (not a draft; the call is not
    taking applications today) and ValidationError naming what is missing.
    """
    application, relations = _editable(application_id, actor)
    today = today or timezone.localdate()
    call = GrantCall.objects.select_for_update().get(pk=application.call_id)
    if call.status != CallStatus.OPEN or not call.opens_on <= today <= call.closes_on:
        raise IllegalTransition(
            _("The call takes applications from %(start)s to %(end)s.")
            % {"start": call.opens_on.isoformat(), "end": call.closes_on.isoformat()},
            extra={"call_status": call.status},
        )
    errors = _completeness_errors(application)
    if errors:
        raise ValidationError(errors)
    workflow.check("submit", application.status, relations)
    application.submitted_at = timezone.now()
    application.save(update_fields=["submitted_at", "updated_at"])
    step_apply(application, "submit", actor=actor, relations=relations)
    application.call = call
    reasons = eligibility.eligibility_check(call_rules(call), applicant_facts(application))
    application.eligibility = [reason.as_json() for reason in reasons]
    application.eligibility_checked_at = timezone.now()
    application.save(update_fields=["eligibility", "eligibility_checked_at", "updated_at"])
    passed = eligibility.is_eligible(reasons)
    system_step(
        application,
        "check_eligible" if passed else "check_ineligible",
        details={"failed": [reason.code for reason in reasons if not reason.passed]},
    )
    return application


# --- steps and decisions -------------------------------------------------------------------


@transaction.atomic
def application_transition(
    *, application_id: int, transition: str, actor: Any, reason: str = ""
) -> GrantApplication:
    """Take one step of the lifecycle that needs nothing but (perhaps) a reason: reinstate,
    reserve, reject, complete, terminate, withdraw. Submission and approval have their own
    services (grant_application_submit, application_decide); so have the system's steps."""
    if transition == "submit":
        return grant_application_submit(application_id=application_id, actor=actor)
    if transition == "approve":
        return application_decide(
            application_id=application_id, decision="approve", actor=actor, reason=reason
        )
    if transition in ("reserve", "reject"):
        return application_decide(
            application_id=application_id, decision=transition, actor=actor, reason=reason
        )
    chosen = workflow.get_transition(transition)
    if workflow.SYSTEM in chosen.relations or chosen.name == "sign_contract":
        raise IllegalTransition(
            _("This step is taken by its own form."), extra={"transition": transition}
        )
    application = application_locked(application_id, actor)
    relations = permissions.relations_to(actor, application)
    workflow.check(chosen, application.status, relations)
    if chosen.name == "complete":
        _completion_errors(application)
    step_apply(application, chosen.name, actor=actor, relations=relations, reason=reason)
    return application


def _completion_errors(application: GrantApplication) -> None:
    contract = getattr(application, "contract", None)
    if contract is None:
        raise IllegalTransition(_("This application has no contract."))
    if contract.tranches.filter(status=Tranche.Status.PLANNED).exists():
        raise IllegalTransition(_("Every tranche must be paid before the grant is completed."))
    last = contract.visits.filter(months=12).first()
    if last is None or last.status == MonitoringVisit.Status.DUE:
        raise IllegalTransition(
            _("Record the 12-month monitoring visit before completing the grant.")
        )


DECISIONS = ("approve", "reserve", "reject")


@transaction.atomic
def application_decide(
    *,
    application_id: int,
    decision: str,
    actor: Any,
    reason: str,
    approved_rsd: Decimal | None = None,
) -> GrantApplication:
    """Approve (with the amount; default: what was asked), put on the reserve list, or
    reject — with a reason the applicant is told in their language.

    Raises CapacityExceeded when an approval would go over the call's budget.
    """
    if decision not in DECISIONS:
        raise ValidationError({"decision": [_("Choose approve, reserve or reject.")]})
    application = application_locked(application_id, actor)
    relations = permissions.relations_to(actor, application)
    chosen = workflow.check(decision, application.status, relations)
    call = GrantCall.objects.select_for_update().get(pk=application.call_id)
    if decision != "reject" and call.status == CallStatus.OPEN:
        raise IllegalTransition(
            _("Decide after the call has closed, when every application is ranked.")
        )
    details: dict[str, Any] = {}
    if decision == "approve":
        amount = application.requested_rsd if approved_rsd is None else approved_rsd
        if amount <= 0 or amount > application.requested_rsd:
            raise ValidationError(
                {"approved_rsd": [_("Approve more than 0 and at most the amount asked for.")]}
            )
        if amount > call.max_grant_rsd:
            raise ValidationError(
                {"approved_rsd": [_("The amount is more than the call's maximum per grant.")]}
            )
        committed = call_committed_rsd(call, excluding=application.pk)
        if committed + amount > call.budget_rsd:
            raise CapacityExceeded(
                _("The call's budget has %(left)s RSD left; this grant needs %(amount)s RSD.")
                % {"left": f"{call.budget_rsd - committed:.2f}", "amount": f"{amount:.2f}"},
                extra={"left": f"{call.budget_rsd - committed:.2f}"},
            )
        application.approved_rsd = amount
        details["approved_rsd"] = f"{amount:.2f}"
    else:
        application.approved_rsd = None
    application.decision_reason = reason.strip()
    application.decided_at = timezone.now()
    application.decided_by = actor if getattr(actor, "pk", None) else None
    if chosen.needs_reason and not application.decision_reason:
        raise ValidationError({"reason": [_("Please give a reason for this step.")]})
    validated_save(application)
    record = step_apply(
        application, chosen.name, actor=actor, relations=relations, reason=reason, details=details
    )
    # After the commit, and robust: a failing notification must not undo the decision.
    transaction.on_commit(
        lambda: application_decision_notify(application=application, record=record), robust=True
    )
    return application
