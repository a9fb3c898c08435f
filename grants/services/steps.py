"""The steps every grant write shares: the locked, visible application and the audit row."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import NotFound
from grants import permissions, workflow
from grants.models import ApplicationTransition, GrantApplication


def application_locked(application_id: int, actor: Any) -> GrantApplication:
    """The application, locked, when the actor may see it; NotFound otherwise."""
    visible = permissions.applications_visible_to(actor).filter(pk=application_id)
    if not visible.exists():
        raise NotFound(_("There is no such grant application."))
    return (
        GrantApplication.objects.select_for_update(of=("self",))
        .select_related("call", "beneficiary__user", "beneficiary__municipality", "company")
        .get(pk=application_id)
    )


def audit_record(
    application: GrantApplication,
    *,
    transition: str,
    from_status: str,
    actor: Any,
    relation: str,
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> ApplicationTransition:
    return ApplicationTransition.objects.create(
        application=application,
        transition=transition,
        from_status=from_status,
        to_status=application.status,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_role=relation,
        reason=reason,
        details=details or {},
    )


def step_apply(
    application: GrantApplication,
    transition: str,
    *,
    actor: Any,
    relations: frozenset[str],
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> ApplicationTransition:
    """Apply one step of the table to a locked application and write its audit row."""
    chosen = workflow.check(transition, application.status, relations)
    reason = reason.strip()
    if chosen.needs_reason and not reason:
        raise ValidationError({"reason": [_("Please give a reason for this step.")]})
    from_status = application.status
    application.status = chosen.target
    application.status_changed_at = timezone.now()
    application.save(update_fields=["status", "status_changed_at", "updated_at"])
    return audit_record(
        application,
        transition=chosen.name,
        from_status=from_status,
        actor=actor,
        relation=workflow.acting_relation(chosen, relations),
        reason=reason,
        details=details,
    )


def system_step(
    application: GrantApplication, transition: str, *, details: dict[str, Any] | None = None
) -> ApplicationTransition:
    """A step the system takes inside the service that causes it (eligibility, evaluation)."""
    return step_apply(
        application,
        transition,
        actor=None,
        relations=frozenset({workflow.SYSTEM}),
        details=details,
    )
