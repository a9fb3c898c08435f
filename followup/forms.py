"""The form a coordinator records a follow-up outcome with."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from followup.models import OutcomeCheck, outcomes_for


class OutcomeRecordForm(forms.Form):
    """Outcome, or "could not be reached", and a note. The select offers the outcomes that fit
    the check; whether a posted outcome fits is decided by the service (one rule, one message)."""

    outcome = forms.CharField(label=_("Outcome"), required=False, max_length=20)
    unreachable = forms.BooleanField(label=_("Could not reach the person"), required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, check: OutcomeCheck, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"check-{check.pk}")
        if "initial" not in kwargs and check.status != OutcomeCheck.Status.DUE:
            kwargs["initial"] = {
                "outcome": check.outcome,
                "unreachable": check.status == OutcomeCheck.Status.UNREACHABLE,
                "note": check.note,
            }
        super().__init__(*args, **kwargs)
        self.check = check
        fitting = outcomes_for(check.months)
        choices = [("", _("Choose…"))] + [
            (value, label) for value, label in OutcomeCheck.Outcome.choices if value in fitting
        ]
        self.fields["outcome"].widget = forms.Select(choices=choices)
