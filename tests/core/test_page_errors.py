"""The pages' one error adapter: field errors on the form, the rest as messages naming fields."""

from __future__ import annotations

from typing import Any, cast

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.test import RequestFactory

from core.exceptions import IllegalTransition, NotFound
from core.page_errors import service_errors


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False)


def _request() -> HttpRequest:
    request = RequestFactory().post("/")
    anything = cast(Any, request)
    anything.session = {}
    anything._messages = FallbackStorage(request)
    return request


def test_a_form_gets_field_errors_on_its_fields_and_others_above_it_named() -> None:
    form = ReasonForm({"reason": ""})
    assert form.is_valid()
    with service_errors(form=form) as outcome:
        raise ValidationError({"reason": ["Please give a reason."], "slots": ["Too few."]})
    assert outcome.failed
    assert form.errors["reason"] == ["Please give a reason."]
    assert form.non_field_errors() == ["slots: Too few."]


def test_without_a_form_the_errors_become_messages_naming_the_field() -> None:
    request = _request()
    with service_errors(request) as outcome:
        raise ValidationError({"reason": ["Please give a reason for this step."]})
    assert outcome.messages == ["Reason: Please give a reason for this step."]
    assert [str(m) for m in get_messages(request)] == outcome.messages


def test_a_domain_refusal_is_a_message_and_success_is_not_touched() -> None:
    request = _request()
    with service_errors(request) as refused:
        raise IllegalTransition("The placement is not open.")
    with service_errors(request) as fine:
        pass
    assert refused.failed and refused.messages == ["The placement is not open."]
    assert not fine.failed and fine.messages == []


def test_not_found_is_the_404_page_and_bugs_propagate() -> None:
    with pytest.raises(Http404), service_errors():
        raise NotFound("There is no such match.")
    with pytest.raises(ZeroDivisionError), service_errors():
        raise ZeroDivisionError
