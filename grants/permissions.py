"""Who sees and does what in the grant scheme: the one place for its scope rules.

It stands on accounts.permissions (roles, a coordinator's districts, which candidates and
companies a user sees) and lives here rather than there because accounts sits below the apps
whose models it would have to read.

* **Calls**: coordinators and admins see every call except other organisations' drafts;
  candidates see open self-employment calls, companies open subsidy calls, and both the calls
  they applied to.
* **Applications**: the applicant (the beneficiary for self-employment, the company's members
  for a subsidy) and the beneficiary of a subsidy (read only); the coordinators of the
  beneficiary's district (their counsellors); once submitted, the coordinators of the
  organisation running the call (managers) and the call's committee (evaluators). A draft is
  seen only by its applicant and counsellors.
* Outside that scope an application is 404, never 403.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from accounts import permissions as rules
from accounts.models import User
from grants import workflow
from grants.models import (
    Evaluation,
    GrantApplication,
    GrantCall,
    GrantContract,
    MonitoringVisit,
    Tranche,
)

Kind = GrantCall.Kind
Status = GrantApplication.Status
STAFF = frozenset({User.Role.COORDINATOR, User.Role.ADMIN})


def is_staff(user: Any) -> bool:
    return rules.role_of(user) in STAFF


def calls_visible_to(user: Any) -> QuerySet[GrantCall]:
    role = rules.role_of(user)
    calls = GrantCall.objects.all()
    if role == User.Role.ADMIN:
        return calls
    if role == User.Role.COORDINATOR:
        return calls.filter(
            ~Q(status=GrantCall.Status.DRAFT) | Q(organisation=user.organisation_id)
        )
    if role == User.Role.CANDIDATE:
        applied = GrantApplication.objects.filter(beneficiary__user=user).values("call_id")
        return calls.filter(
            Q(status=GrantCall.Status.OPEN, kind=Kind.SELF_EMPLOYMENT) | Q(pk__in=applied)
        )
    if role == User.Role.COMPANY:
        applied = GrantApplication.objects.filter(company__memberships__user=user).values("call_id")
        return calls.filter(
            Q(status=GrantCall.Status.OPEN, kind=Kind.EMPLOYMENT_SUBSIDY) | Q(pk__in=applied)
        )
    return calls.none()


def manages_call(user: Any, call: GrantCall) -> bool:
    """Coordinators of the organisation running the call, and admins."""
    role = rules.role_of(user)
    if role == User.Role.ADMIN:
        return True
    return role == User.Role.COORDINATOR and user.organisation_id == call.organisation_id


def calls_managed_by(user: Any) -> QuerySet[GrantCall]:
    role = rules.role_of(user)
    if role == User.Role.ADMIN:
        return GrantCall.objects.all()
    if role == User.Role.COORDINATOR:
        return GrantCall.objects.filter(organisation=user.organisation_id)
    return GrantCall.objects.none()


def is_evaluator(user: Any, call: GrantCall) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return call.committee.filter(evaluator_id=user.pk).exists()


def applications_visible_to(user: Any) -> QuerySet[GrantApplication]:
    role = rules.role_of(user)
    applications = GrantApplication.objects.all()
    if role == User.Role.ADMIN:
        return applications
    if role == User.Role.COORDINATOR:
        counselled = Q(
            beneficiary__municipality__district_id__in=rules.coordinator_district_ids(user)
        )
        submitted = ~Q(status=Status.DRAFT) & (
            Q(call__organisation=user.organisation_id) | Q(call__committee__evaluator=user)
        )
        return applications.filter(counselled | submitted).distinct()
    if role == User.Role.CANDIDATE:
        own = Q(beneficiary__user=user)
        named_in_subsidy = Q(kind=Kind.EMPLOYMENT_SUBSIDY) & ~Q(status=Status.DRAFT)
        return applications.filter(own & (Q(kind=Kind.SELF_EMPLOYMENT) | named_in_subsidy))
    if role == User.Role.COMPANY:
        return applications.filter(company__memberships__user=user).distinct()
    return applications.none()


def relations_to(user: Any, application: GrantApplication) -> frozenset[str]:
    """The user's relations to a visible application (grants.workflow): what they may do."""
    role = rules.role_of(user)
    if role == User.Role.ADMIN:
        return frozenset({workflow.ADMIN})
    found: set[str] = set()
    if role == User.Role.CANDIDATE:
        if application.kind == Kind.SELF_EMPLOYMENT and application.beneficiary.user_id == user.pk:
            found.add(workflow.APPLICANT)
    elif role == User.Role.COMPANY:
        if application.company is not None and rules.is_company_member(user, application.company):
            found.add(workflow.APPLICANT)
    elif role == User.Role.COORDINATOR:
        if rules.coordinates_candidate(user, application.beneficiary):
            found.add(workflow.COUNSELLOR)
        if application.status != Status.DRAFT:
            if user.organisation_id == application.call.organisation_id:
                found.add(workflow.MANAGER)
            if is_evaluator(user, application.call):
                found.add(workflow.EVALUATOR)
    return frozenset(found)


def may_edit(relations: frozenset[str], application: GrantApplication) -> bool:
    """Whether the draft's content (text, budget, documents) may be changed by these relations."""
    return application.status in workflow.EDITABLE_STATUSES and bool(
        relations & {workflow.APPLICANT, workflow.COUNSELLOR, workflow.ADMIN}
    )


def may_see_evaluations(user: Any, application: GrantApplication) -> bool:
    """Individual evaluations and the average: managers and admins, but never a committee
    member while the application is being evaluated and their own evaluation of it is not
    submitted or recused (blind scoring)."""
    relations = relations_to(user, application)
    if not relations & {workflow.MANAGER, workflow.ADMIN}:
        return False
    if application.status == Status.ELIGIBLE and is_evaluator(user, application.call):
        return Evaluation.objects.filter(
            application=application,
            evaluator_id=user.pk,
            status__in=[Evaluation.Status.SUBMITTED, Evaluation.Status.RECUSED],
        ).exists()
    return True


def may_see_documents(user: Any, application: GrantApplication) -> bool:
    """Files of an application: everyone it is visible to except the beneficiary of a
    company's subsidy application (they see that it exists and its decision)."""
    relations = relations_to(user, application)
    return bool(relations) or (
        application.kind == Kind.SELF_EMPLOYMENT and application.beneficiary.user_id == user.pk
    )


def contracts_visible_to(user: Any) -> QuerySet[GrantContract]:
    return GrantContract.objects.filter(application__in=applications_visible_to(user))


def tranches_visible_to(user: Any) -> QuerySet[Tranche]:
    return Tranche.objects.filter(contract__application__in=applications_visible_to(user))


def visits_visible_to(user: Any) -> QuerySet[MonitoringVisit]:
    """Monitoring visits are staff work: coordinators (counsellors and managers) and admins."""
    if not is_staff(user):
        return MonitoringVisit.objects.none()
    return MonitoringVisit.objects.filter(contract__application__in=applications_visible_to(user))
