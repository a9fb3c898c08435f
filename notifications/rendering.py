"""Renders a notification's subject and text in the recipient's language from its template.

Templates live in templates/notifications/email/<event>.<language>.txt; the first line is the
subject, the rest the body. They are plain text, so rendering does not HTML-escape.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template import Context
from django.template.loader import get_template
from django.utils import translation

if TYPE_CHECKING:
    from notifications.models import Notification

SUPPORTED_LANGUAGES = ("sr-latn", "sr", "en")
# Context values stored as ISO strings (JSON has no date type) that templates format as dates.
DATE_KEYS = ("start_date", "due_date")
# Every name the templates use, so that an older or smaller context still renders (a missing
# variable used as a filter argument, as in `default:municipality_name`, would raise).
TEMPLATE_DEFAULTS: dict[str, Any] = {
    "placement_title": "",
    "placement_kind": "",
    "company_name": "",
    "municipality_name": "",
    "municipality_name_cyrl": "",
    "remote": False,
    "start_date": None,
    "score_percent": None,
    "candidate_name": "",
    "decision": "",
    "recipient_role": "",
    "check_count": 0,
    "checks": [],
    "more_count": 0,
    "months": None,
    "due_date": None,
}


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    body: str
    language: str


def language_for(preferred_language: str) -> str:
    """The template language for a user's preference; the site default when unknown."""
    if preferred_language in SUPPORTED_LANGUAGES:
        return preferred_language
    return settings.LANGUAGE_CODE if settings.LANGUAGE_CODE in SUPPORTED_LANGUAGES else "sr-latn"


def template_name(event: str, language: str) -> str:
    return f"notifications/email/{event}.{language}.txt"


def render_message(
    *, event: str, language: str, context: dict[str, Any], first_name: str = ""
) -> RenderedMessage:
    values: dict[str, Any] = {**TEMPLATE_DEFAULTS, **context, "first_name": first_name}
    for key in DATE_KEYS:
        if isinstance(values.get(key), str) and values[key]:
            values[key] = dt.date.fromisoformat(values[key])
    # A digest (outcome_check_due) lists items with their own dates.
    if isinstance(values.get("checks"), list):
        values["checks"] = [
            {
                **item,
                **{
                    key: dt.date.fromisoformat(item[key])
                    for key in DATE_KEYS
                    if isinstance(item.get(key), str) and item[key]
                },
            }
            for item in values["checks"]
            if isinstance(item, dict)
        ]
    template = get_template(template_name(event, language))
    with translation.override(language):
        # The backend wrapper always autoescapes; plain-text mail must not, so render the
        # underlying django.template.Template with an explicit non-escaping context.
        text = template.template.render(Context(values, autoescape=False))  # type: ignore[attr-defined]
    subject, _, body = text.strip().partition("\n")
    return RenderedMessage(
        subject=" ".join(subject.split()), body=body.strip() + "\n", language=language
    )


def render_notification(notification: Notification) -> RenderedMessage:
    recipient = notification.recipient
    return render_message(
        event=notification.event,
        language=language_for(recipient.preferred_language),
        context=notification.context,
        first_name=recipient.first_name,
    )
