"""Signal hooks: a change to a profile, a placement or their skills and languages asks for a
refresh of that one's matches after commit. They only enqueue; the services write matches."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

from candidates.models import CandidateLanguage, CandidateProfile, CandidateSkill
from companies.models import Placement, PlacementLanguage, PlacementSkill
from matching.tasks import matches_refresh_enqueue


def _candidate_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loaddata: no refresh per fixture row
        return
    candidate_id = instance.pk if isinstance(instance, CandidateProfile) else instance.candidate_id
    if candidate_id is not None:
        matches_refresh_enqueue("candidate", candidate_id, using=kwargs.get("using") or "default")


def _placement_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    placement_id = instance.pk if isinstance(instance, Placement) else instance.placement_id
    if placement_id is not None:
        matches_refresh_enqueue("placement", placement_id, using=kwargs.get("using") or "default")


def connect() -> None:
    """Connect the hooks (MatchingConfig.ready). A deleted profile or placement takes its
    matches with it (cascade), so only the deletion of a skill or language row asks for a
    refresh."""
    candidate_models: tuple[type[Model], ...] = (
        CandidateProfile,
        CandidateSkill,
        CandidateLanguage,
    )
    placement_models: tuple[type[Model], ...] = (Placement, PlacementSkill, PlacementLanguage)
    for model in candidate_models:
        post_save.connect(
            _candidate_changed, sender=model, dispatch_uid=f"matching-refresh-{model.__name__}"
        )
    for model in candidate_models[1:]:
        post_delete.connect(
            _candidate_changed,
            sender=model,
            dispatch_uid=f"matching-refresh-delete-{model.__name__}",
        )
    for model in placement_models:
        post_save.connect(
            _placement_changed, sender=model, dispatch_uid=f"matching-refresh-{model.__name__}"
        )
    for model in placement_models[1:]:
        post_delete.connect(
            _placement_changed,
            sender=model,
            dispatch_uid=f"matching-refresh-delete-{model.__name__}",
        )
