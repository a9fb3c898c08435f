"""Every step of the placement workflow: row locks, who may act, the audit row and capacity.

The rules themselves (which step goes from where to where, and for which role) are the table
in `matching.workflow`; this module applies them to the database. Lock order is always the
placement row first, then the match row, so two steps on the same placement never deadlock.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from candidates.models import CandidateProfile
from companies.models import Placement
from core.exceptions import CapacityExceeded, IllegalTransition, NotFound, PermissionDeniedError
from matching import workflow
from matching.consequences import consequences_run
from matching.models import Match, MatchTransition
from matching.services.matches import PairScore, match_score_pair
from matching.signals_workflow import match_transitioned

logger = logging.getLogger(__name__)


def placement_slots_held(placement: Placement | int) -> int:
    """How many matches hold one of the placement's slots right now."""
    placement_id = placement if isinstance(placement, int) else placement.pk
    return Match.objects.filter(
        placement_id=placement_id, status__in=workflow.SLOT_HOLDING_STATUSES
    ).count()


def _fill_status_sync(placement: Placement) -> Placement:
    """Open ↔ filled by the slots held; drafts, placements in review and closed ones stay."""
    held = placement_slots_held(placement)
    new_status = placement.status
    if placement.status == Placement.Status.OPEN and held >= placement.slots:
        new_status = Placement.Status.FILLED
    elif placement.status == Placement.Status.FILLED and held < placement.slots:
        new_status = Placement.Status.OPEN
    if new_status != placement.status:
        placement.status = new_status
        placement.save(update_fields=["status", "updated_at"])
    return placement


@transaction.atomic
def placement_fill_status_refresh(*, placement_id: int) -> Placement:
    """Recompute open/filled after something outside the workflow changed (e.g. `slots`)."""
    placement = Placement.objects.select_for_update().get(pk=placement_id)
    return _fill_status_sync(placement)


def _send_transitioned(record: MatchTransition, match: Match, actor: Any) -> None:
    results = match_transitioned.send_robust(
        sender=Match,
        match=match,
        record=record,
        transition=record.transition,
        from_status=record.from_status,
        to_status=record.to_status,
        actor=actor,
        reason=record.reason,
    )
    for receiver, result in results:
        if isinstance(result, Exception):
            # The step is committed; a failing notification must not turn it into an error.
            logger.error(
                "match_transitioned receiver %r failed for match %s",
                receiver,
                match.pk,
                exc_info=result,
            )


@transaction.atomic
def match_transition(*, match_id: int, transition: str, actor: Any, reason: str = "") -> Match:
    """Move a match one step through the workflow and write the audit record.

    Raises NotFound (no such match), PermissionDeniedError (the actor is no party to this
    match), IllegalTransition (wrong state or role, or the placement is not open),
    CapacityExceeded (every slot is taken) and ValidationError (a required reason is missing).
    """
    chosen = workflow.get_transition(transition)
    reason = reason.strip()
    if chosen.needs_reason and not reason:
        raise ValidationError({"reason": [_("Please give a reason for this step.")]})

    placement_id = Match.objects.filter(pk=match_id).values_list("placement_id", flat=True).first()
    if placement_id is None:
        raise NotFound(_("There is no such match."))
    # The placement row is the capacity lock: every step that can change the number of slots
    # held, or that needs the placement open, serialises on it.
    placement: Placement | None = None
    if chosen.affects_capacity or chosen.needs_open_placement:
        placement = Placement.objects.select_for_update().get(pk=placement_id)
    match = (
        Match.objects.select_for_update(of=("self",))
        .select_related("candidate__municipality", "placement__company")
        .get(pk=match_id)
    )
    if placement is not None:
        match.placement = placement

    if not permissions.is_party_to_match(actor, match):
        raise PermissionDeniedError(_("You cannot act on this match."))
    role = permissions.role_of(actor)
    from_status = match.status
    workflow.check(chosen, from_status, role)

    if placement is not None and chosen.needs_open_placement:
        if placement.status == Placement.Status.FILLED:
            raise CapacityExceeded(
                _("Every slot of this placement is taken."), extra={"placement": placement.pk}
            )
        if placement.status != Placement.Status.OPEN:
            raise IllegalTransition(
                _("This placement is not open."),
                extra={"placement": placement.pk, "placement_status": placement.status},
            )
    if placement is not None and chosen.takes_slot:
        held = placement_slots_held(placement)
        if held >= placement.slots:
            raise CapacityExceeded(
                _("Every slot of this placement is taken."),
                extra={"placement": placement.pk, "slots": placement.slots, "held": held},
            )

    match.status = chosen.target
    match.status_changed_at = timezone.now()
    match.save(update_fields=["status", "status_changed_at", "updated_at"])
    record = MatchTransition.objects.create(
        match=match,
        transition=chosen.name,
        from_status=from_status,
        to_status=chosen.target,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_role=role,
        reason=reason,
    )
    if placement is not None and chosen.affects_capacity:
        _fill_status_sync(placement)
    # What must happen with this step happens in its transaction (outcome checks); only the
    # notifications wait for the commit.
    consequences_run(match=match, record=record, actor=record.actor)

    transaction.on_commit(lambda: _send_transitioned(record, match, actor))
    return match


def _pair_score_for_interest(*, candidate_id: int, placement_id: int) -> PairScore:
    """The engine's score of a pair a candidate wants to express interest in; raise
    IllegalTransition when the pair breaks a hard constraint (nothing is stored then)."""
    scored = match_score_pair(candidate_id=candidate_id, placement_id=placement_id)
    if scored is None:
        raise IllegalTransition(_("This placement is not open."), extra={"placement": placement_id})
    if scored.excluded:
        raise IllegalTransition(
            _("You cannot express interest in this placement: %(reasons)s.")
            % {"reasons": ", ".join(scored.excluded)},
            extra={"placement": placement_id, "excluded": list(scored.excluded)},
        )
    return scored


def match_express_interest(*, placement_id: int, actor: Any) -> Match:
    """A candidate browsing open placements expresses interest in one of them.

    The match of the pair is the stored one, or (when the refresh did not keep the pair in
    anyone's top k) a new "suggested" match with the engine's score and breakdown for this
    one pair; then it takes the `express_interest` step through `match_transition` (audit
    record, state and open-placement checks). All in one transaction: when the step fails,
    no new match is left behind.

    Raises PermissionDeniedError (not a candidate with a profile), NotFound (the placement
    is not visible to them), IllegalTransition (the pair breaks a hard constraint, the
    placement is not open, or the match is past "suggested", e.g. already "interested") and
    CapacityExceeded (every slot is taken).
    """
    if permissions.role_of(actor) != workflow.CANDIDATE:
        raise PermissionDeniedError(_("Only candidates can express interest in a placement."))
    profile = CandidateProfile.objects.filter(user_id=actor.pk).only("pk").first()
    if profile is None:
        raise PermissionDeniedError(_("Create your profile before expressing interest."))
    if not permissions.placements_visible_to(actor).filter(pk=placement_id).exists():
        raise NotFound(_("There is no such placement."))

    pair = Match.objects.filter(candidate_id=profile.pk, placement_id=placement_id)
    # Score outside the transaction (the engine may take a while to warm up), and only when
    # the pair has no match yet.
    scored = (
        None
        if pair.exists()
        else _pair_score_for_interest(candidate_id=profile.pk, placement_id=placement_id)
    )
    with transaction.atomic():
        # The placement row first, as in every workflow step (lock order).
        Placement.objects.select_for_update().filter(pk=placement_id).first()
        match_id = pair.values_list("pk", flat=True).first()
        if match_id is None:
            if scored is None:  # a refresh deleted the suggestion since we looked
                scored = _pair_score_for_interest(
                    candidate_id=profile.pk, placement_id=placement_id
                )
            # get_or_create: a concurrent refresh may store the pair at the same moment.
            match, _created = Match.objects.get_or_create(
                candidate_id=profile.pk,
                placement_id=placement_id,
                defaults={
                    "score": scored.score,
                    "breakdown": scored.breakdown,
                    "status": Match.Status.SUGGESTED,
                },
            )
            match_id = match.pk
        return match_transition(match_id=match_id, transition="express_interest", actor=actor)
