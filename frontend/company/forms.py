"""Forms of the company pages: sign-up, company profile, placement, and a workflow step."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from companies import lifecycle
from companies.models import Company, Placement
from companies.services import (
    PLACEMENT_EDITABLE_FIELDS,
    SkillRequirement,
)
from core.choices import CefrLevel, NaceSection, NoksLevel, SpokenLanguage
from core.forms import DateField
from core.languages import current_language
from core.validators import validate_mb, validate_pib
from frontend.forms import AccountFieldsForm
from frontend.skills import PickedSkill, SkillPickerField
from matching.selectors import municipality_list
from reference.models import Municipality

LANGUAGE_ROWS = 3


class MunicipalityChoiceField(forms.ModelChoiceField):
    """Municipalities named in the page's script (Cyrillic for `sr`)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", municipality_list())
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Any) -> str:
        municipality: Municipality = obj
        return municipality.name_cyrl if current_language() == "sr" else municipality.name_latn


def _digits(value: str) -> str:
    """PIB/MB as people type them: spaces, dots and dashes dropped."""
    return "".join(ch for ch in value if ch not in " .-\u00a0")


class CompanyFieldsMixin(forms.Form):
    legal_name = forms.CharField(label=_("Legal name of the company"), max_length=255)
    sector = forms.ChoiceField(
        label=_("Sector (KD 2010 section)"),
        choices=[("", "—"), *NaceSection.choices],
    )
    municipality = MunicipalityChoiceField(label=_("Municipality"), empty_label="—")
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("About the company"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class CompanySignupForm(AccountFieldsForm, CompanyFieldsMixin):
    """The person who registers and their company."""

    pib = forms.CharField(
        label=_("PIB (tax identification number)"),
        max_length=20,
        help_text=_("9 digits; the last is a check digit."),
    )
    mb = forms.CharField(
        label=_("MB (registration number, matični broj)"),
        max_length=20,
        help_text=_("8 digits."),
    )

    field_order = [
        *AccountFieldsForm.ACCOUNT_FIELDS,
        "legal_name",
        "pib",
        "mb",
        "sector",
        "municipality",
        "address",
        "website",
        "description",
    ]

    def clean_pib(self) -> str:
        value = _digits(self.cleaned_data["pib"])
        validate_pib(value)
        return value

    def clean_mb(self) -> str:
        value = _digits(self.cleaned_data["mb"])
        validate_mb(value)
        return value


class CompanyProfileForm(CompanyFieldsMixin, forms.Form):
    """What a member may change of the company (PIB/MB identify it and stay)."""

    contact_name = forms.CharField(label=_("Contact person"), max_length=150, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=32, required=False)

    @classmethod
    def initial_from(cls, company: Company) -> dict[str, Any]:
        return {name: getattr(company, name) for name in cls.base_fields}


def _language_choices() -> list[tuple[str, Any]]:
    return [("", "—"), *SpokenLanguage.choices]


class PlacementForm(forms.Form):
    """A placement with its required and nice-to-have skills and languages.

    `locked=True` (an approved placement) leaves only what the service lets change then
    (companies.lifecycle.APPROVED_EDITABLE_FIELDS) enabled and drops the requirements.
    """

    kind = forms.ChoiceField(label=_("Kind"), choices=Placement.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    municipality = MunicipalityChoiceField(label=_("Municipality"), required=False, empty_label="—")
    remote = forms.BooleanField(label=_("Remote work"), required=False)
    min_education_level = forms.TypedChoiceField(
        label=_("Minimum education (NOKS level)"),
        choices=[("", "—"), *NoksLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    slots = forms.IntegerField(label=_("Number of places"), min_value=1, max_value=500, initial=1)
    start_date = DateField(label=_("Start date"), required=False)
    duration_months = forms.IntegerField(
        label=_("Duration in months"),
        min_value=1,
        max_value=36,
        required=False,
        help_text=_("Required for internships."),
    )
    pay_min_rsd = forms.IntegerField(label=_("Pay from (RSD)"), min_value=0, required=False)
    pay_max_rsd = forms.IntegerField(label=_("Pay up to (RSD)"), min_value=0, required=False)
    application_deadline = DateField(label=_("Application deadline"), required=False)
    required_skills = SkillPickerField(label=_("Required skills"), required=False)
    preferred_skills = SkillPickerField(label=_("Nice-to-have skills"), required=False)

    # The placement's own fields the form edits: the ones the service lets a company change.
    DETAIL_FIELDS = tuple(sorted(PLACEMENT_EDITABLE_FIELDS))

    def __init__(
        self,
        *args: Any,
        companies: list[Company] | None = None,
        locked: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.locked = locked
        if companies is not None and len(companies) > 1:
            self.fields["company"] = forms.TypedChoiceField(
                label=_("Company"),
                choices=[(c.pk, c.legal_name) for c in companies],
                coerce=int,
            )
            self.order_fields(["company"])
        for index in range(1, LANGUAGE_ROWS + 1):
            self.fields[f"language_{index}"] = forms.ChoiceField(
                label=_("Language %(number)d") % {"number": index},
                choices=_language_choices(),
                required=False,
            )
            self.fields[f"language_level_{index}"] = forms.ChoiceField(
                label=_("Minimum level (CEFR) of language %(number)d") % {"number": index},
                choices=[("", "—"), *CefrLevel.choices],
                required=False,
            )
        if locked:
            for name in ("required_skills", "preferred_skills"):
                del self.fields[name]
            for index in range(1, LANGUAGE_ROWS + 1):
                del self.fields[f"language_{index}"]
                del self.fields[f"language_level_{index}"]
            for name in self.DETAIL_FIELDS:
                if name not in lifecycle.APPROVED_EDITABLE_FIELDS:
                    self.fields[name].disabled = True

    @property
    def language_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        if self.locked:
            return []
        return [
            (self[f"language_{i}"], self[f"language_level_{i}"])
            for i in range(1, LANGUAGE_ROWS + 1)
        ]

    @staticmethod
    def initial_from(placement: Placement) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(placement, name) for name in PlacementForm.DETAIL_FIELDS
        }
        rows = list(placement.skills.select_related("skill"))
        initial["required_skills"] = [
            PickedSkill(skill=row.skill, written_as=row.written_as) for row in rows if row.required
        ]
        initial["preferred_skills"] = [
            PickedSkill(skill=row.skill, written_as=row.written_as)
            for row in rows
            if not row.required
        ]
        for index, row in enumerate(placement.languages.all()[:LANGUAGE_ROWS], start=1):
            initial[f"language_{index}"] = row.language
            initial[f"language_level_{index}"] = row.min_level
        return initial

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.locked:
            return cleaned
        seen: set[str] = set()
        for index in range(1, LANGUAGE_ROWS + 1):
            language = cleaned.get(f"language_{index}")
            level = cleaned.get(f"language_level_{index}")
            if language and not level:
                self.add_error(f"language_level_{index}", _("Choose the minimum level."))
            elif level and not language:
                self.add_error(f"language_{index}", _("Choose the language."))
            elif language in seen:
                self.add_error(f"language_{index}", _("This language is already listed."))
            if language:
                seen.add(language)
        return cleaned

    def details(self) -> dict[str, Any]:
        """The placement's own fields, for placement_create/placement_update."""
        return {name: self.cleaned_data[name] for name in self.DETAIL_FIELDS}

    def skill_requirements(
        self, previous: dict[Any, str] | None = None
    ) -> list[SkillRequirement] | None:
        """Required then nice-to-have skills; a skill picked in both counts as required.

        `previous` maps a skill id to how the company first wrote it, kept when the skill is
        picked again as a chip (which carries only the code)."""
        if self.locked:
            return None
        previous = previous or {}
        requirements: list[SkillRequirement] = []
        seen: set[Any] = set()
        for name, required in (("required_skills", True), ("preferred_skills", False)):
            for picked in self.cleaned_data.get(name) or []:
                key = picked.skill.pk if picked.skill else picked.written_as.casefold()
                if key in seen:
                    continue
                seen.add(key)
                written_as = picked.written_as
                if picked.skill is not None and not written_as:
                    written_as = previous.get(picked.skill.pk, "")
                requirements.append(
                    SkillRequirement(skill=picked.skill, written_as=written_as, required=required)
                )
        return requirements

    def languages(self) -> list[tuple[str, str]] | None:
        if self.locked:
            return None
        pairs: list[tuple[str, str]] = []
        for index in range(1, LANGUAGE_ROWS + 1):
            language = self.cleaned_data.get(f"language_{index}")
            level = self.cleaned_data.get(f"language_level_{index}")
            if language and level:
                pairs.append((language, level))
        return pairs


class TransitionForm(forms.Form):
    """One workflow step on a match, with a reason where the step needs one."""

    transition = forms.CharField(max_length=32)
    reason = forms.CharField(max_length=2000, required=False)
    next = forms.CharField(max_length=500, required=False)
