"""Writes of grant calls: create and edit (draft), the rubric, the committee, open/close/finalise.

Decisions:
* A call's rules (kind, period, money, eligibility, rubric, scoring thresholds) change only
  while it is a draft: applicants and evaluators must meet the rules that were published. The
  closing date may move later while it is open (an extension), and the budget may grow until
  it is decided (a donor adds money; a smaller budget would break promises made).
* The committee may change until the call is decided (someone recuses and is replaced), but a
  member who has already evaluated an application stays on it.
* Opening needs at least one criterion and as many committee members as evaluators per
  application. Finalising needs every submitted application decided.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions as rules
from accounts.models import Organisation, User
from core.exceptions import IllegalTransition, NotFound, PermissionDeniedError
from core.services import validated_save
from grants import permissions, workflow
from grants.models import CommitteeMember, Evaluation, GrantApplication, GrantCall, RubricCriterion
from reference.models import District

CallStatus = GrantCall.Status
Status = GrantApplication.Status

CALL_RULE_FIELDS: tuple[str, ...] = (
    "title",
    "description",
    "kind",
    "opens_on",
    "closes_on",
    "budget_rsd",
    "max_grant_rsd",
    "min_own_contribution_percent",
    "requires_completed_training",
    "eligible_categories",
    "min_evaluators",
    "pass_score",
    "disagreement_points",
)
MAX_CRITERIA = 20


@dataclass(frozen=True)
class CriterionSpec:
    name: str
    weight: Decimal
    max_score: int = 10
    description: str = ""


def _manager_or_refuse(actor: Any, call: GrantCall | None = None) -> None:
    if not permissions.is_staff(actor):
        raise PermissionDeniedError(_("Only programme coordinators manage grant calls."))
    if call is not None and not permissions.manages_call(actor, call):
        raise PermissionDeniedError(
            _("Only coordinators of the organisation running this call may change it.")
        )


def _locked_call(call_id: int, actor: Any) -> GrantCall:
    call = (
        permissions.calls_visible_to(actor)
        .select_for_update(of=("self",))
        .filter(pk=call_id)
        .first()
    )
    if call is None:
        raise NotFound(_("There is no such grant call."))
    _manager_or_refuse(actor, call)
    return call


def _set_districts(call: GrantCall, districts: Iterable[District | int]) -> None:
    ids = sorted({d if isinstance(d, int) else d.pk for d in districts})
    found = set(District.objects.filter(pk__in=ids).values_list("pk", flat=True))
    if len(found) != len(ids):
        raise ValidationError({"eligible_districts": [_("Choose districts from the list.")]})
    call.eligible_districts.set(ids)


def _criteria_write(call: GrantCall, criteria: Sequence[CriterionSpec]) -> None:
    if len(criteria) > MAX_CRITERIA:
        raise ValidationError(
            {"criteria": [_("A rubric has at most %(count)d criteria.") % {"count": MAX_CRITERIA}]}
        )
    names = [spec.name.strip().casefold() for spec in criteria]
    if len(set(names)) != len(names):
        raise ValidationError({"criteria": [_("Two criteria have the same name.")]})
    call.criteria.all().delete()
    errors: dict[str, list[str]] = {}
    for position, spec in enumerate(criteria, start=1):
        criterion = RubricCriterion(
            call=call,
            position=position,
            name=spec.name.strip(),
            weight=spec.weight,
            max_score=spec.max_score,
            description=spec.description.strip(),
        )
        try:
            criterion.full_clean(exclude=["call"], validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(f"criteria[{position - 1}].{name}", []).extend(messages)
            continue
        criterion.save()
    if errors:
        raise ValidationError(errors)


def _committee_write(call: GrantCall, evaluators: Sequence[User]) -> None:
    wanted = {user.pk: user for user in evaluators}
    for user in wanted.values():
        if (
            rules.role_of(user) not in (User.Role.COORDINATOR, User.Role.ADMIN)
            or not user.is_active
        ):
            raise ValidationError(
                {"committee": [_("Only active programme coordinators can evaluate.")]}
            )
    current = set(call.committee.values_list("evaluator_id", flat=True))
    leaving = current - set(wanted)
    if Evaluation.objects.filter(application__call=call, evaluator_id__in=leaving).exists():
        raise ValidationError(
            {"committee": [_("A member who has started evaluating stays on the committee.")]}
        )
    call.committee.filter(evaluator_id__in=leaving).delete()
    CommitteeMember.objects.bulk_create(
        [
            CommitteeMember(call=call, evaluator=user)
            for pk, user in wanted.items()
            if pk not in current
        ]
    )


@transaction.atomic
def grant_call_create(
    *,
    actor: Any,
    title: str,
    kind: str,
    opens_on: dt.date,
    closes_on: dt.date,
    budget_rsd: Decimal,
    max_grant_rsd: Decimal,
    organisation: Organisation | None = None,
    description: str = "",
    min_own_contribution_percent: Decimal = Decimal("0"),
    requires_completed_training: bool = False,
    eligible_districts: Iterable[District | int] = (),
    eligible_categories: Sequence[str] = (),
    min_evaluators: int = 2,
    pass_score: Decimal = Decimal("50"),
    disagreement_points: Decimal = Decimal("20"),
    criteria: Sequence[CriterionSpec] = (),
    committee: Sequence[User] = (),
) -> GrantCall:
    """A new call, as a draft. Coordinators create calls of their own organisation; an admin
    names the organisation. Raises PermissionDeniedError and ValidationError (by field)."""
    _manager_or_refuse(actor)
    if rules.is_admin(actor):
        if organisation is None:
            raise ValidationError(
                {"organisation": [_("Choose the organisation running the call.")]}
            )
    else:
        organisation = actor.organisation
    call = GrantCall(
        organisation=organisation,
        title=title.strip(),
        description=description.strip(),
        kind=kind,
        opens_on=opens_on,
        closes_on=closes_on,
        budget_rsd=budget_rsd,
        max_grant_rsd=max_grant_rsd,
        min_own_contribution_percent=min_own_contribution_percent,
        requires_completed_training=requires_completed_training,
        eligible_categories=sorted(set(eligible_categories)),
        min_evaluators=min_evaluators,
        pass_score=pass_score,
        disagreement_points=disagreement_points,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    validated_save(call)
    _set_districts(call, eligible_districts)
    _criteria_write(call, criteria)
    _committee_write(call, committee)
    return call


@transaction.atomic
def grant_call_update(
    *,
    call_id: int,
    actor: Any,
    eligible_districts: Iterable[District | int] | None = None,
    criteria: Sequence[CriterionSpec] | None = None,
    committee: Sequence[User] | None = None,
    **fields: Any,
) -> GrantCall:
    """Change a call: every rule while it is a draft; later only a later closing date (while
    open), a larger budget (until decided) and the committee (until decided)."""
    call = _locked_call(call_id, actor)
    unknown = set(fields) - set(CALL_RULE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed.")] for name in unknown})
    if call.status != CallStatus.DRAFT:
        refused: dict[str, list[str]] = {}
        for name, value in fields.items():
            if getattr(call, name) == value:
                continue
            if name == "closes_on" and call.status == CallStatus.OPEN and value >= call.closes_on:
                continue
            if (
                name == "budget_rsd"
                and call.status != CallStatus.DECIDED
                and value >= call.budget_rsd
            ):
                continue
            refused[name] = [_("This can only change while the call is a draft.")]
        if eligible_districts is not None and {
            d if isinstance(d, int) else d.pk for d in eligible_districts
        } != set(call.eligible_districts.values_list("pk", flat=True)):
            refused["eligible_districts"] = [_("This can only change while the call is a draft.")]
        if criteria is not None:
            refused["criteria"] = [_("The rubric can only change while the call is a draft.")]
        if committee is not None and call.status == CallStatus.DECIDED:
            refused["committee"] = [_("The committee of a decided call stays as it was.")]
        if refused:
            raise ValidationError(refused)
    for name, value in fields.items():
        if name in ("title", "description") and isinstance(value, str):
            value = value.strip()
        if name == "eligible_categories":
            value = sorted(set(value))
        setattr(call, name, value)
    validated_save(call)
    if eligible_districts is not None and call.status == CallStatus.DRAFT:
        _set_districts(call, eligible_districts)
    if criteria is not None:
        _criteria_write(call, criteria)
    if committee is not None:
        _committee_write(call, committee)
    return call


@transaction.atomic
def grant_call_transition(
    *, call_id: int, transition: str, actor: Any, today: dt.date | None = None
) -> GrantCall:
    """open (draft → open), close (open → evaluation), finalise (evaluation → decided)."""
    call = _locked_call(call_id, actor)
    chosen = workflow.check_call(transition, call.status)
    today = today or timezone.localdate()
    if chosen.name == "open":
        if not call.criteria.exists():
            raise IllegalTransition(_("Add at least one scoring criterion before opening."))
        members = call.committee.count()
        if members < call.min_evaluators:
            raise IllegalTransition(
                _("The committee needs at least %(count)d members before the call opens.")
                % {"count": call.min_evaluators}
            )
        if call.closes_on < today:
            raise IllegalTransition(_("The closing date has passed; move it first."))
    if chosen.name == "finalise":
        undecided = call.applications.filter(
            status__in=[Status.SUBMITTED, Status.ELIGIBLE, Status.EVALUATED]
        ).count()
        if undecided:
            raise IllegalTransition(
                _("%(count)d applications still wait for a decision.") % {"count": undecided},
                extra={"undecided": undecided},
            )
    call.status = chosen.target
    call.save(update_fields=["status", "updated_at"])
    return call


def grant_calls_close_due(*, today: dt.date | None = None) -> int:
    """Close every open call whose closing date has passed (daily; idempotent)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        closed = GrantCall.objects.filter(status=CallStatus.OPEN, closes_on__lt=today).update(
            status=CallStatus.EVALUATION, updated_at=timezone.now()
        )
    return closed
