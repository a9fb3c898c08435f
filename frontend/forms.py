"""Form pieces shared by the role pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import (
    password_validators_help_text_html,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
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


class AccountFieldsForm(forms.Form):
    """The person who signs up (graduate or company member): name, e-mail as the login,
    phone, and the password twice, checked by Django's password validators against the
    person's own name and address."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"), max_length=150, help_text=_("You log in with this address.")
    )
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    ACCOUNT_FIELDS = ["first_name", "last_name", "email", "phone", "password1", "password2"]

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"]).strip().lower()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            probe = User(
                username=cleaned.get("email", ""),
                email=cleaned.get("email", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                validate_password(first, probe)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned
