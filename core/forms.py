"""Form fields every page shares: dates that keep their value in every language."""

from __future__ import annotations

from typing import Any

from django import forms

from core.validators import validate_date_in_range


class DateInput(forms.DateInput):
    """A browser date picker. Its value is always ISO 8601 (yyyy-mm-dd): `<input type=date>`
    shows nothing for any other text, so a date rendered the page language's way
    ("27.11.2026.") came back empty and was deleted on save."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# Dates as people type them in Serbian, whatever the page language (a browser without a date
# picker shows a text box): 27.11.2026. / 27.11.2026 / 27. 11. 2026.
SERBIAN_DATE_FORMATS = ("%d.%m.%Y.", "%d.%m.%Y", "%d. %m. %Y.", "%d. %m. %Y")


class DateField(forms.DateField):
    """A date field with the ISO date picker; a typed date is read ISO first, then the page
    language's formats, then the Serbian ones; dates outside the range any record can hold
    are refused with a message (9999-12-31 + 1 day would overflow)."""

    widget = DateInput
    default_validators = [validate_date_in_range]

    def strptime(self, value: str, format: str) -> Any:
        try:
            return super().strptime(value, format)
        except (ValueError, TypeError):
            if format != self.input_formats[-1]:
                raise
        for serbian in SERBIAN_DATE_FORMATS:
            try:
                return super().strptime(value, serbian)
            except (ValueError, TypeError):
                continue
        raise ValueError(value)
