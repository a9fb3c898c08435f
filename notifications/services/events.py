"""Who hears about what: the workflow's steps, strong matches and placement start reminders.

Each function builds the context (ids and display values only: titles, company and place
names, a first name; never programme-sensitive data) and an idempotency key that makes a
repeated call harmless.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from accounts.selectors import company_members, district_coordinators
from companies.models import Placement
from matching.models import Match, MatchTransition
from notifications.models import Notification
from notifications.services.delivery import notify_once

Event = Notification.Event
# A refresh can find many strong matches at once; a person gets the best few, not a flood.
DEFAULT_STRONG_MATCHES_PER_CALL = 5


def _display_name(user: User) -> str:
    return user.get_full_name() or user.username


def match_context(match: Match) -> dict[str, Any]:
    """Display values of a match, as the templates use them."""
    placement = match.placement
    place = placement.municipality
    return {
        "match_id": match.pk,
        "candidate_id": match.candidate_id,
        "placement_id": placement.pk,
        "placement_title": placement.title,
        "placement_kind": placement.kind,
        "company_id": placement.company_id,
        "company_name": placement.company.legal_name,
        "municipality_name": place.name_latn if place else "",
        "municipality_name_cyrl": place.name_cyrl if place else "",
        "remote": placement.remote,
        "start_date": placement.start_date.isoformat() if placement.start_date else "",
    }


def _load_match(match: Match) -> Match:
    """The match with everything the context needs, in one query."""
    return Match.objects.select_related(
        "candidate__user",
        "candidate__municipality",
        "placement__company",
        "placement__municipality",
    ).get(pk=match.pk)


def match_transition_notify(
    *,
    match: Match,
    to_status: str,
    record: MatchTransition | None = None,
    actor: Any = None,
) -> list[Notification]:
    """Notify the people a workflow step concerns; returns the notifications created.

    proposed → the company's members (proposal_to_company). company_accepted → the candidate
    (offer_to_candidate, which carries the decision) and the district's coordinators
    (company_decision). company_declined → the candidate and the coordinators
    (company_decision). The person who took the step is not told about it.
    """
    if to_status not in (
        Match.Status.PROPOSED,
        Match.Status.COMPANY_ACCEPTED,
        Match.Status.COMPANY_DECLINED,
    ):
        return []
    match = _load_match(match)
    base = match_context(match)
    candidate_user = match.candidate.user
    # One key per workflow step: the audit row when there is one, else the status change time.
    if record is not None:
        step = f"t{record.pk}"
    else:
        step = f"{to_status}@{match.status_changed_at.isoformat()}"
    planned: list[tuple[User, Notification.Event, dict[str, Any]]] = []

    if to_status == Match.Status.PROPOSED:
        for member in company_members(match.placement.company_id):
            planned.append((member, Event.PROPOSAL_TO_COMPANY, {"recipient_role": "company"}))
    else:
        accepted = to_status == Match.Status.COMPANY_ACCEPTED
        decision = {"decision": "accepted" if accepted else "declined"}
        candidate_event = Event.OFFER_TO_CANDIDATE if accepted else Event.COMPANY_DECISION
        if candidate_user.is_active:
            planned.append(
                (candidate_user, candidate_event, {**decision, "recipient_role": "candidate"})
            )
        for coordinator in district_coordinators(match.candidate.municipality.district_id):
            planned.append(
                (
                    coordinator,
                    Event.COMPANY_DECISION,
                    {
                        **decision,
                        "recipient_role": "coordinator",
                        "candidate_name": _display_name(candidate_user),
                    },
                )
            )

    actor_id = getattr(actor, "pk", None)
    created: list[Notification] = []
    for recipient, event, extra in planned:
        if recipient.pk == actor_id:
            continue
        notification, is_new = notify_once(
            recipient=recipient,
            event=event,
            context={**base, **extra},
            idempotency_key=f"{event.value}:match{match.pk}:{step}:user{recipient.pk}",
        )
        if is_new:
            created.append(notification)
    return created


def notify_strong_matches(
    *,
    candidate_id: int,
    threshold: float | None = None,
    limit: int = DEFAULT_STRONG_MATCHES_PER_CALL,
) -> list[Notification]:
    """Tell a candidate about new suggestions scoring at least `threshold` (best first).

    Each (candidate, placement) pair is announced once, ever; the match refresh may call this
    after every run. Returns the notifications created by this call.
    """
    if threshold is None:
        threshold = float(settings.MATCHING_STRONG_SCORE)
    matches = (
        Match.objects.filter(
            candidate_id=candidate_id,
            score__gte=threshold,
            status=Match.Status.SUGGESTED,
            placement__status=Placement.Status.OPEN,
            candidate__user__is_active=True,
        )
        .select_related("candidate__user", "placement__company", "placement__municipality")
        .order_by("-score", "id")
    )
    created: list[Notification] = []
    for match in matches:
        if len(created) >= limit:
            break
        notification, is_new = notify_once(
            recipient=match.candidate.user,
            event=Event.STRONG_MATCH,
            context={
                **match_context(match),
                "recipient_role": "candidate",
                "score_percent": round(match.score * 100),
            },
            idempotency_key=(
                f"{Event.STRONG_MATCH.value}:candidate{candidate_id}:placement{match.placement_id}"
            ),
        )
        if is_new:
            created.append(notification)
    return created


def placement_reminders_send(
    *, today: dt.date | None = None, days_ahead: int | None = None
) -> list[Notification]:
    """Remind the candidate and the company's members of a placed match's start date.

    Covers every start date from today up to `days_ahead` days on, so a day the scheduler
    missed is caught up; the key (match, start date, person) sends each reminder once, and
    again only if the start date moves.
    """
    today = today or timezone.localdate()
    if days_ahead is None:
        days_ahead = int(settings.PLACEMENT_REMINDER_DAYS)
    matches = Match.objects.filter(
        status=Match.Status.PLACED,
        placement__start_date__gte=today,
        placement__start_date__lte=today + dt.timedelta(days=days_ahead),
    ).select_related("candidate__user", "placement__company", "placement__municipality")
    created: list[Notification] = []
    for match in matches:
        start = match.placement.start_date
        if start is None:  # excluded by the filter; narrows the type
            continue
        candidate_user = match.candidate.user
        context = {**match_context(match), "days_left": (start - today).days}
        planned: list[tuple[User, dict[str, Any]]] = []
        if candidate_user.is_active:
            planned.append((candidate_user, {"recipient_role": "candidate"}))
        for member in company_members(match.placement.company_id):
            planned.append(
                (
                    member,
                    {"recipient_role": "company", "candidate_name": _display_name(candidate_user)},
                )
            )
        for recipient, extra in planned:
            notification, is_new = notify_once(
                recipient=recipient,
                event=Event.PLACEMENT_REMINDER,
                context={**context, **extra},
                idempotency_key=(
                    f"{Event.PLACEMENT_REMINDER.value}:match{match.pk}:{start.isoformat()}"
                    f":user{recipient.pk}"
                ),
            )
            if is_new:
                created.append(notification)
    return created
