"""The pages' one adapter from a service's errors to what a person sees (the API has its own,
api.exception_handlers): a form gets them on the fields they name, otherwise they become
messages above the page, each naming its field.

    with service_errors(request) as outcome:
        placement_close(placement=placement, by=user)
    if not outcome.failed:
        messages.success(request, _("The placement is closed."))

ValidationError and the ApplicationError family (IllegalTransition, CapacityExceeded,
PermissionDeniedError, …) are caught; NotFound becomes the 404 page, as the API answers 404;
anything else is a bug and propagates.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError, NotFound

NON_FIELD = "__all__"
# How a message names the service field it is about, when it is not on a form.
FIELD_LABELS: dict[str, Promise] = {
    "reason": _("Reason"),
    "candidate_ids": _("Candidates"),
    "placement_ids": _("Placements"),
    "method": _("Method"),
    "min_score": _("Minimum score"),
    "cohort": _("Cohort"),
    "district_quotas": _("District quotas"),
    "verified_by": _("Verified by"),
}


@dataclass
class Outcome:
    """What came of the service call: whether it failed, and the messages it failed with."""

    failed: bool = False
    messages: list[str] = field(default_factory=list)


def validation_messages(
    error: ValidationError, labels: Mapping[str, str | Promise] | None = None
) -> list[str]:
    """One sentence per problem, naming the field: "Reason: Please give a reason …"."""
    if not hasattr(error, "error_dict"):
        return [str(message) for message in error.messages]
    labels = FIELD_LABELS if labels is None else labels
    return [
        message if name == NON_FIELD else f"{labels.get(name, name)}: {message}"
        for name, problems in error.message_dict.items()
        for message in problems
    ]


def errors_to_form(
    form: forms.BaseForm, error: ValidationError, renamed: Mapping[str, str] | None = None
) -> None:
    """A service's ValidationError on the form: on the field it names (the service's name
    mapped to the form's by `renamed`; a key ending in "[" maps every item, "skills[2]"),
    else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    renamed = renamed or {}
    for name, problems in error.message_dict.items():
        target = renamed.get(name, name)
        for prefix, field_name in renamed.items():
            if prefix.endswith("[") and name.startswith(prefix):
                target = field_name
        if target in form.fields:
            form.add_error(target, problems)
        else:
            form.add_error(None, validation_messages(ValidationError({name: problems})))


@contextmanager
def service_errors(
    request: HttpRequest | None = None,
    *,
    form: forms.BaseForm | None = None,
    renamed: Mapping[str, str] | None = None,
    labels: Mapping[str, str | Promise] | None = None,
) -> Iterator[Outcome]:
    """Run a service call; its errors go to `form` when given, else to the page's messages
    (when `request` is given) and always to `outcome.messages`."""
    outcome = Outcome()
    try:
        yield outcome
    except NotFound:
        raise Http404 from None  # what the person may not see does not exist for them
    except ValidationError as error:
        outcome.failed = True
        if form is not None:
            errors_to_form(form, error, renamed)
        outcome.messages = validation_messages(error, labels)
    except ApplicationError as error:
        outcome.failed = True
        if form is not None:
            form.add_error(None, error.message)
        outcome.messages = [error.message]
    if outcome.failed and form is None and request is not None:
        for message in outcome.messages:
            messages.error(request, message)
