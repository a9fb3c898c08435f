"""Every write of the outcome follow-up: scheduling checks, recording outcomes, reminders.

Decisions:
* **Anchor.** The 3, 6 and 12-month checks count from the day the placement started: the day of
  the `placed` workflow step, or the placement's start date when that is later (a match can be
  confirmed as placed before the first working day). Without a `placed` audit row (data made
  outside the workflow) the match's last status change stands in for it.
* **Completion check (months = 0).** Scheduled only when the placement has a planned duration
  (every internship has one): due on anchor + duration. When the company or the coordinator
  takes the `complete` or `end_early` step, the check is *recorded automatically* from that step
  (completed / ended early, by the person who took it, with the reason as note), not merely
  pre-filled: the workflow step is the fact, and asking a coordinator to confirm it again would
  only create work. A placement without a duration (a job) gets its completion check at the
  moment of such a step.
* **Recording early.** An employment check may be recorded from FOLLOWUP_RECORD_EARLY_DAYS
  days before it is due (people are often reached a little ahead); earlier is refused, because
  an outcome taken weeks early is not the outcome at 3, 6 or 12 months. The page warns when a
  check is recorded before its due date. The completion check may be recorded at any time.
* **Reminders.** Once per check: the district's coordinators get one digest per run listing
  the checks that became due; the check's `reminded_at` is set in the same transaction, so a
  second run (or a duplicated task) sends nothing. Checks of a district without coordinators
  stay unreminded until someone covers the district.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.models import User
from accounts.selectors import district_coordinators
from core.exceptions import NotFound, PermissionDeniedError
from core.services import validated_save
from followup.models import OutcomeCheck, outcomes_for
from matching import workflow
from matching.models import Match, MatchTransition
from notifications.models import Notification
from notifications.services import notify_once

logger = logging.getLogger(__name__)

Months = OutcomeCheck.Months
Outcome = OutcomeCheck.Outcome
CheckStatus = OutcomeCheck.Status

EMPLOYMENT_MONTHS: tuple[int, ...] = (3, 6, 12)
# The reminder e-mail lists at most this many checks; the page has them all.
DIGEST_LIST_LIMIT = 20
COMPLETION_BY_STATUS: dict[str, str] = {
    Match.Status.COMPLETED: Outcome.COMPLETED,
    Match.Status.ENDED_EARLY: Outcome.ENDED_EARLY,
}


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole calendar months; a day the target month lacks becomes its last day
    (31 January + 1 month = 28 or 29 February, 31 August + 6 months = 28/29 February)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month_index = divmod(index, 12)
    month = month_index + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def record_early_days() -> int:
    return int(settings.FOLLOWUP_RECORD_EARLY_DAYS)


def placement_anchor_date(match: Match) -> dt.date:
    """The day the placement started: the `placed` step's day, or the start date if later."""
    placed_at = (
        MatchTransition.objects.filter(match=match, to_status=Match.Status.PLACED)
        .order_by("-created_at", "-id")
        .values_list("created_at", flat=True)
        .first()
    )
    placed_on = timezone.localdate(placed_at or match.status_changed_at)
    start = match.placement.start_date
    return max(placed_on, start) if start else placed_on


def _planned_checks(match: Match) -> dict[int, dt.date]:
    anchor = placement_anchor_date(match)
    planned = {months: add_months(anchor, months) for months in EMPLOYMENT_MONTHS}
    duration = match.placement.duration_months
    if duration:
        planned[Months.COMPLETION] = add_months(anchor, duration)
    return planned


@transaction.atomic
def outcome_checks_schedule(*, match: Match) -> list[OutcomeCheck]:
    """Create the missing checks of a placed match; returns all its checks (idempotent).

    Existing checks keep their due dates and whatever was recorded on them.
    """
    match = Match.objects.select_related("placement").get(pk=match.pk)
    if match.status not in workflow.PLACED_OR_LATER:
        raise ValidationError(
            {"match": [_("Only a placed match has outcome checks.")]}, code="not_placed"
        )
    existing = set(match.outcome_checks.values_list("months", flat=True))
    OutcomeCheck.objects.bulk_create(
        [
            OutcomeCheck(match=match, months=months, due_date=due)
            for months, due in sorted(_planned_checks(match).items())
            if months not in existing
        ],
        ignore_conflicts=True,  # a concurrent call created the same check: keep that one
    )
    return list(match.outcome_checks.order_by("months"))


@transaction.atomic
def outcome_completion_record_from_transition(
    *, match: Match, to_status: str, actor: Any = None, reason: str = ""
) -> OutcomeCheck | None:
    """Record the completion check from the workflow's `complete` / `end_early` step."""
    outcome = COMPLETION_BY_STATUS.get(to_status)
    if outcome is None:
        return None
    outcome_checks_schedule(match=match)
    today = timezone.localdate()
    check, _created = OutcomeCheck.objects.select_for_update().get_or_create(
        match_id=match.pk, months=Months.COMPLETION, defaults={"due_date": today}
    )
    check.status = CheckStatus.RECORDED
    check.outcome = outcome
    check.recorded_at = timezone.now()
    check.recorded_by = actor if getattr(actor, "pk", None) else None
    check.note = reason.strip()
    return validated_save(check)


@dataclass(frozen=True)
class RepairReport:
    """What the daily repair found missing and put right (match ids only, no names)."""

    scheduled: tuple[int, ...] = ()
    completions_recorded: tuple[int, ...] = ()


def outcome_checks_repair() -> RepairReport:
    """Daily net under the workflow: placed matches without checks get them, and completed or
    ended matches without a recorded completion check get it from their last step.

    The workflow schedules the checks inside each step's transaction, so this finds nothing
    unless a step bypassed it (data written outside the services, a provider removed); then
    it repairs and logs a warning with the match ids. Idempotent.
    """
    checks = OutcomeCheck.objects.filter(match=OuterRef("pk"))
    unscheduled = list(
        Match.objects.filter(status__in=workflow.PLACED_OR_LATER)
        .filter(~Exists(checks.filter(months__in=EMPLOYMENT_MONTHS)))
        .values_list("pk", flat=True)
        .order_by("pk")
    )
    for match in Match.objects.filter(pk__in=unscheduled):
        outcome_checks_schedule(match=match)
    unrecorded = list(
        Match.objects.filter(status__in=COMPLETION_BY_STATUS)
        .filter(~Exists(checks.filter(months=Months.COMPLETION, status=CheckStatus.RECORDED)))
        .values_list("pk", flat=True)
        .order_by("pk")
    )
    for match in Match.objects.filter(pk__in=unrecorded):
        step = (
            MatchTransition.objects.filter(match=match, to_status=match.status)
            .order_by("-created_at", "-id")
            .first()
        )
        outcome_completion_record_from_transition(
            match=match,
            to_status=match.status,
            actor=step.actor if step else None,
            reason=step.reason if step else "",
        )
    report = RepairReport(scheduled=tuple(unscheduled), completions_recorded=tuple(unrecorded))
    if unscheduled or unrecorded:
        logger.warning(
            "outcome checks repaired: scheduled for matches %s, completion recorded for %s",
            list(report.scheduled),
            list(report.completions_recorded),
        )
    return report


@dataclass(frozen=True)
class RecordedCheck:
    check: OutcomeCheck
    # > 0 when the check was recorded before its due date (the page warns).
    days_early: int


def _checks_for(user: Any) -> Any:
    from followup.selectors import outcome_checks_visible_to

    return outcome_checks_visible_to(user)


@transaction.atomic
def outcome_check_record(
    *,
    check_id: int,
    actor: User,
    outcome: str = "",
    unreachable: bool = False,
    note: str = "",
    today: dt.date | None = None,
) -> RecordedCheck:
    """A coordinator records the outcome of a check, or that the person could not be reached.

    Recording again corrects the earlier record. Raises PermissionDeniedError (not a
    coordinator), NotFound (no such check in the coordinator's districts) and ValidationError
    keyed by field (`outcome`: missing, or not an outcome of this kind of check; the check is
    not open for recording yet).
    """
    role = permissions.role_of(actor)
    if role not in (User.Role.COORDINATOR, User.Role.ADMIN):
        raise PermissionDeniedError(_("Only coordinators record follow-up outcomes."))
    check = _checks_for(actor).select_for_update(of=("self",)).filter(pk=check_id).first()
    if check is None:
        raise NotFound(_("There is no such follow-up check."))
    today = today or timezone.localdate()
    outcome = (outcome or "").strip()
    kind = check.get_months_display()

    if unreachable:
        if outcome:
            raise ValidationError(
                {"outcome": [_("Leave the outcome empty when the person could not be reached.")]}
            )
    elif not outcome:
        raise ValidationError({"outcome": [_("Choose the outcome of this check.")]})
    elif outcome not in Outcome.values:
        raise ValidationError({"outcome": [_("There is no such outcome.")]})
    elif outcome not in outcomes_for(check.months):
        raise ValidationError(
            {
                "outcome": [
                    _("“%(outcome)s” is not an outcome of the check “%(kind)s”.")
                    % {"outcome": Outcome(outcome).label, "kind": kind}
                ]
            }
        )

    days_early = (check.due_date - today).days
    if not check.is_completion and days_early > record_early_days():
        raise ValidationError(
            {
                "outcome": [
                    _(
                        "The check “%(kind)s” is due on %(due)s; it can be recorded from "
                        "%(days)s days before that."
                    )
                    % {
                        "kind": kind,
                        "due": check.due_date.isoformat(),
                        "days": record_early_days(),
                    }
                ]
            }
        )

    check.status = CheckStatus.UNREACHABLE if unreachable else CheckStatus.RECORDED
    check.outcome = "" if unreachable else outcome
    check.note = note.strip()
    check.recorded_at = timezone.now()
    check.recorded_by = actor
    validated_save(check)
    return RecordedCheck(check=check, days_early=max(days_early, 0))


# --- reminders -------------------------------------------------------------------------------


def _check_item(check: OutcomeCheck) -> dict[str, Any]:
    match = check.match
    user = match.candidate.user
    return {
        "check_id": check.pk,
        "match_id": match.pk,
        "months": check.months,
        "due_date": check.due_date.isoformat(),
        "candidate_name": user.get_full_name() or user.username,
        "placement_title": match.placement.title,
        "company_name": match.placement.company.legal_name,
    }


def _digest_context(checks: list[OutcomeCheck]) -> dict[str, Any]:
    items = [_check_item(check) for check in checks]
    context: dict[str, Any] = {
        "recipient_role": "coordinator",
        "check_count": len(items),
        "checks": items[:DIGEST_LIST_LIMIT],
        "more_count": max(len(items) - DIGEST_LIST_LIMIT, 0),
    }
    if len(items) == 1:
        # A single check: its values at the top level, as the other events have them.
        context.update(items[0])
    return context


def _digest_key(recipient: User, checks: list[OutcomeCheck]) -> str:
    ids = ",".join(str(check.pk) for check in sorted(checks, key=lambda c: c.pk))
    digest = hashlib.sha256(ids.encode()).hexdigest()[:24]
    return f"{Notification.Event.OUTCOME_CHECK_DUE.value}:user{recipient.pk}:checks{digest}"


@transaction.atomic
def outcome_reminders_send(*, today: dt.date | None = None) -> list[Notification]:
    """Tell the coordinators of each candidate's district about checks that became due.

    Every open check due by `today` that was not announced yet is announced once: each
    coordinator gets one notification (a digest when several checks are due), and the checks
    are marked reminded. A district without coordinators keeps its checks for a later run.
    """
    today = today or timezone.localdate()
    checks = list(
        OutcomeCheck.objects.select_for_update(of=("self",))
        .filter(status=CheckStatus.DUE, reminded_at__isnull=True, due_date__lte=today)
        .select_related(
            "match__candidate__user",
            "match__candidate__municipality",
            "match__placement__company",
        )
        .order_by("due_date", "months", "id")
    )
    by_recipient: dict[int, list[OutcomeCheck]] = defaultdict(list)
    recipients: dict[int, User] = {}
    reminded: list[int] = []
    coordinators_of: dict[int, list[User]] = {}
    for check in checks:
        district_id = check.match.candidate.municipality.district_id
        if district_id not in coordinators_of:
            coordinators_of[district_id] = district_coordinators(district_id)
        coordinators = coordinators_of[district_id]
        if not coordinators:
            continue
        reminded.append(check.pk)
        for coordinator in coordinators:
            recipients[coordinator.pk] = coordinator
            by_recipient[coordinator.pk].append(check)

    created: list[Notification] = []
    for recipient_id, their_checks in by_recipient.items():
        recipient = recipients[recipient_id]
        notification, is_new = notify_once(
            recipient=recipient,
            event=Notification.Event.OUTCOME_CHECK_DUE,
            context=_digest_context(their_checks),
            idempotency_key=_digest_key(recipient, their_checks),
        )
        if is_new:
            created.append(notification)
    if reminded:
        OutcomeCheck.objects.filter(pk__in=reminded).update(reminded_at=timezone.now())
    return created
