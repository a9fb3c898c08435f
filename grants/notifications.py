"""Who hears about a grant decision: the applicant, in their language (notifications app).

Self-employment: the beneficiary. Subsidy: the members of the employer that applied. The
context holds the application's reference, the call's title, the decision, the amount and the
manager's reason; the beneficiary's name is not in it (a company knows whom it named), and the
person's erasure blanks the reason (grants.privacy).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.formats import number_format

from accounts.models import User
from accounts.selectors import company_members
from grants.models import ApplicationTransition, GrantApplication
from notifications.models import Notification
from notifications.rendering import language_for
from notifications.services import notify_once

DECISIONS = {"approve": "approved", "reserve": "reserve", "reject": "rejected"}


def _amount_for(recipient: User, amount: Decimal | None) -> str:
    """The amount written the recipient's way (1.500.000,00 in Serbian, 1,500,000.00 in English)."""
    if amount is None:
        return ""
    with translation.override(language_for(recipient.preferred_language)):
        return number_format(amount, decimal_pos=2, force_grouping=True)


def applicants_of(application: GrantApplication) -> list[User]:
    if application.company_id is not None:
        return company_members(application.company_id)
    user = application.beneficiary.user
    return [user] if user.is_active else []


def application_decision_notify(
    *, application: GrantApplication, record: ApplicationTransition
) -> list[Notification]:
    """Tell the applicants about a decision step; once per step and person (idempotent)."""
    decision = DECISIONS.get(record.transition)
    if decision is None:
        return []
    application = GrantApplication.objects.select_related(
        "call", "beneficiary__user", "company"
    ).get(pk=application.pk)
    context: dict[str, Any] = {
        "application_id": application.pk,
        "application_reference": application.reference,
        "call_id": application.call_id,
        "call_title": application.call.title,
        "grant_kind": application.kind,
        "decision": decision,
        "approved_rsd": f"{application.approved_rsd:.2f}" if application.approved_rsd else "",
        "reason": record.reason,
        "company_name": application.company.legal_name if application.company else "",
    }
    created: list[Notification] = []
    for recipient in applicants_of(application):
        if record.actor_id is not None and recipient.pk == record.actor_id:
            continue
        notification, is_new = notify_once(
            recipient=recipient,
            event=Notification.Event.GRANT_DECISION,
            context={
                **context,
                "approved_amount": _amount_for(recipient, application.approved_rsd),
                "recipient_role": "company" if application.company_id else "candidate",
            },
            idempotency_key=(
                f"{Notification.Event.GRANT_DECISION.value}:application{application.pk}"
                f":t{record.pk}:user{recipient.pk}"
            ),
        )
        if is_new:
            created.append(notification)
    return created
