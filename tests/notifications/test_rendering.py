"""Every event has a subject and a body in Serbian Latin, Serbian Cyrillic and English."""

from __future__ import annotations

import re
from typing import Any

import pytest

from notifications.models import Notification
from notifications.rendering import SUPPORTED_LANGUAGES, language_for, render_message

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
CONTEXT = {
    "match_id": 7,
    "placement_title": "Praksa: junior programer & tester",
    "placement_kind": "internship",
    "company_name": "Nišville Soft d.o.o.",
    "municipality_name": "Niš",
    "municipality_name_cyrl": "Ниш",
    "remote": False,
    "start_date": "2027-03-01",
    "score_percent": 82,
    "candidate_name": "Marija Petrović",
    "decision": "accepted",
    "call_title": "Praksa: junior programer & tester",
    "application_reference": "G-3-17",
    "approved_amount": "1.200.000,00",
    "reason": "Dobar plan.",
}
ROLES = {
    "strong_match": ["candidate"],
    "proposal_to_company": ["company"],
    "company_decision": ["candidate", "coordinator"],
    "offer_to_candidate": ["candidate"],
    "placement_reminder": ["candidate", "company"],
    "outcome_check_due": ["coordinator"],
    "grant_decision": ["candidate", "company"],
}
CASES = [
    (event, role, language)
    for event in Notification.Event.values
    for role in ROLES[event]
    for language in SUPPORTED_LANGUAGES
]


@pytest.mark.parametrize(("event", "role", "language"), CASES)
def test_every_event_renders_a_one_line_subject_and_a_body(
    event: str, role: str, language: str
) -> None:
    message = render_message(
        event=event,
        language=language,
        context={**CONTEXT, "recipient_role": role},
        first_name="Marija",
    )
    assert message.subject
    assert "\n" not in message.subject
    assert "{" not in message.subject + message.body
    assert "Marija" in message.body
    assert "Praksa: junior programer & tester" in message.subject + message.body
    # Plain text: the ampersand is not HTML-escaped.
    assert "&amp;" not in message.subject + message.body
    assert ".." not in message.body
    if language == "sr":
        assert CYRILLIC.search(message.subject)
        assert "Спона" in message.body
    else:
        assert not CYRILLIC.search(message.subject + message.body)


def test_dates_are_written_the_serbian_and_the_english_way() -> None:
    context = {**CONTEXT, "recipient_role": "candidate"}
    serbian = render_message(event="offer_to_candidate", language="sr-latn", context=context)
    english = render_message(event="offer_to_candidate", language="en", context=context)
    assert "01.03.2027" in serbian.body
    assert "1 March 2027" in english.body


def test_the_cyrillic_template_uses_the_cyrillic_place_name() -> None:
    message = render_message(
        event="strong_match", language="sr", context={**CONTEXT, "recipient_role": "candidate"}
    )
    assert "Место: Ниш" in message.body


def test_a_declined_candidate_gets_a_polite_no() -> None:
    message = render_message(
        event="company_decision",
        language="sr-latn",
        context={**CONTEXT, "decision": "declined", "recipient_role": "candidate"},
    )
    assert "nije prihvatio" in message.body
    assert "Hvala Vam" in message.body


@pytest.mark.parametrize(
    ("preference", "language"),
    [("sr-latn", "sr-latn"), ("sr", "sr"), ("en", "en"), ("de", "sr-latn"), ("", "sr-latn")],
)
def test_an_unknown_preference_falls_back_to_serbian_latin(
    preference: str, language: str, settings: Any
) -> None:
    settings.LANGUAGE_CODE = "sr-latn"  # the product default (config/settings/base.py)
    assert language_for(preference) == language


@pytest.mark.parametrize(("event", "role", "language"), CASES)
def test_a_context_with_only_a_title_still_renders(event: str, role: str, language: str) -> None:
    message = render_message(
        event=event,
        language=language,
        context={
            "placement_title": "Praksa",
            "call_title": "Praksa",
            "recipient_role": role,
            "start_date": "2027-03-01",
        },
    )
    assert "Praksa" in message.subject + message.body
