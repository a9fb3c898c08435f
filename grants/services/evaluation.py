"""Writes of the committee's evaluation: the declaration, the scores, the submission.

Decisions:
* Each committee member declares, once per application and before any score, that they have
  no conflict of interest with it — or that they have one, and then they are recused from it
  (their declaration is kept; they score nothing).
* Scores may be saved and changed while the evaluation is in progress; submitting needs every
  criterion scored and makes the evaluation final (the total is computed then).
* An application is *evaluated* (a system step) when at least the call's number of evaluators
  per application have submitted and nobody who started is still scoring. If recusals leave
  too few members, the manager adds one to the committee.
* Evaluation happens while the application is eligible, during the call or after it closed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import IllegalTransition, PermissionDeniedError
from grants import permissions, scoring
from grants.models import CriterionScore, Evaluation, GrantApplication
from grants.services.steps import application_locked, system_step

Status = GrantApplication.Status
EvaluationStatus = Evaluation.Status


def _for_evaluator(application_id: int, actor: Any) -> GrantApplication:
    application = application_locked(application_id, actor)
    if not permissions.is_evaluator(actor, application.call):
        raise PermissionDeniedError(_("Only members of the call's committee evaluate."))
    if application.status != Status.ELIGIBLE:
        raise IllegalTransition(
            _("Only an eligible application waiting for evaluation can be evaluated."),
            extra={"status": application.status},
        )
    return application


def _own_evaluation(application: GrantApplication, actor: Any) -> Evaluation:
    evaluation = (
        Evaluation.objects.select_for_update()
        .filter(application=application, evaluator_id=actor.pk)
        .first()
    )
    if evaluation is None:
        raise IllegalTransition(_("Declare first whether you have a conflict of interest."))
    if evaluation.status != EvaluationStatus.IN_PROGRESS:
        raise IllegalTransition(
            _("This evaluation is closed."), extra={"evaluation_status": evaluation.status}
        )
    return evaluation


@transaction.atomic
def evaluation_declare(
    *, application_id: int, actor: Any, conflict_of_interest: bool, note: str = ""
) -> Evaluation:
    """Declare (no) conflict of interest with this application: once, before scoring."""
    application = _for_evaluator(application_id, actor)
    if Evaluation.objects.filter(application=application, evaluator_id=actor.pk).exists():
        raise IllegalTransition(_("You have already declared for this application."))
    evaluation = Evaluation.objects.create(
        application=application,
        evaluator=actor,
        status=EvaluationStatus.RECUSED if conflict_of_interest else EvaluationStatus.IN_PROGRESS,
        declared_at=timezone.now(),
        comment=note.strip()[:3000] if conflict_of_interest else "",
    )
    return evaluation


@transaction.atomic
def evaluation_scores_save(
    *, application_id: int, actor: Any, scores: Mapping[int, int], comment: str | None = None
) -> Evaluation:
    """Save some or all scores of the actor's own evaluation (criterion id → score)."""
    application = _for_evaluator(application_id, actor)
    evaluation = _own_evaluation(application, actor)
    criteria = {criterion.pk: criterion for criterion in application.call.criteria.all()}
    errors: dict[str, list[str]] = {}
    for criterion_id, score in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            errors[f"scores.{criterion_id}"] = [_("This criterion is not in the call's rubric.")]
        elif (
            not isinstance(score, int)
            or isinstance(score, bool)
            or not 0 <= score <= criterion.max_score
        ):
            errors[f"scores.{criterion_id}"] = [
                _("Give a whole number from 0 to %(max)d.") % {"max": criterion.max_score}
            ]
    if errors:
        raise ValidationError(errors)
    for criterion_id, score in scores.items():
        CriterionScore.objects.update_or_create(
            evaluation=evaluation, criterion_id=criterion_id, defaults={"score": score}
        )
    if comment is not None:
        evaluation.comment = comment.strip()
        evaluation.full_clean()
        evaluation.save(update_fields=["comment", "updated_at"])
    return evaluation


@transaction.atomic
def evaluation_submit(*, application_id: int, actor: Any) -> Evaluation:
    """Make the actor's evaluation final; the application becomes evaluated when enough are."""
    application = _for_evaluator(application_id, actor)
    evaluation = _own_evaluation(application, actor)
    criteria = list(application.call.criteria.all())
    given = dict(evaluation.scores.values_list("criterion_id", "score"))
    missing = [criterion for criterion in criteria if criterion.pk not in given]
    if missing:
        raise ValidationError(
            {
                f"scores.{criterion.pk}": [_("Score this criterion before submitting.")]
                for criterion in missing
            }
        )
    evaluation.total_score = scoring.evaluator_total(
        [scoring.Criterion(c.pk, c.weight, c.max_score) for c in criteria], given
    )
    evaluation.status = EvaluationStatus.SUBMITTED
    evaluation.submitted_at = timezone.now()
    evaluation.full_clean()
    evaluation.save()
    evaluation_completeness_check(application)
    return evaluation


def evaluation_completeness_check(application: GrantApplication) -> bool:
    """Take the system step to "evaluated" when the application has enough evaluations.
    Called with the application row locked (inside the submitting transaction)."""
    if application.status != Status.ELIGIBLE:
        return False
    states = list(application.evaluations.values_list("status", flat=True))
    submitted = states.count(EvaluationStatus.SUBMITTED)
    if submitted < application.call.min_evaluators or EvaluationStatus.IN_PROGRESS in states:
        return False
    system_step(application, "complete_evaluation", details={"evaluations": submitted})
    return True
