"""Forms of the dashboard: the period and organisation shown, and a programme target."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.forms import DateField
from reports.models import ProgrammeTarget


def current_year_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or dt.date.today()  # noqa: DTZ011 - a calendar year, zone irrelevant
    return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)


class PeriodForm(forms.Form):
    """What the dashboard shows; admins may pick one organisation (empty: the programme)."""

    start = DateField(label=_("From"), required=False)
    end = DateField(label=_("To"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("Whole programme"),
    )

    def __init__(self, *args: Any, show_organisation: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not show_organisation:
            del self.fields["organisation"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        default_start, default_end = current_year_period()
        start = cleaned.get("start") or default_start
        end = cleaned.get("end") or default_end
        if end < start:
            self.add_error("end", _("The period must end after it starts."))
        cleaned["start"], cleaned["end"] = start, end
        return cleaned


class TargetForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"), choices=ProgrammeTarget.Indicator.choices)
    period_start = DateField(label=_("Period start"))
    period_end = DateField(label=_("Period end"))
    value = forms.IntegerField(label=_("Target (people)"), min_value=1)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("Whole programme"),
    )

    def __init__(self, *args: Any, show_organisation: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "target")
        super().__init__(*args, **kwargs)
        if not show_organisation:
            del self.fields["organisation"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end <= start:
            self.add_error("period_end", _("The period must end after it starts."))
        return cleaned
