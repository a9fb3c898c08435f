"""Forms of the candidate pages: sign-up, profile (with skills and languages), CV upload."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.models import MAX_COMMUTE_KM, CandidateProfile, ConsentRecord
from core.choices import CefrLevel, NoksLevel, SpokenLanguage
from core.forms import DateField
from frontend.forms import AccountFieldsForm
from frontend.skills import SkillPickerField
from matching.selectors import municipality_list
from reference.models import Municipality

LANGUAGE_CHOICES = [
    ("sr-latn", "Srpski (latinica)"),
    ("sr", "Српски (ћирилица)"),
    ("en", "English"),
]
SEEKS_CHOICES = [
    ("internship", _("An internship")),
    ("job", _("A job")),
    ("self_employment", _("Self-employment")),
]
MAX_LANGUAGES = 6


class MunicipalityChoiceField(forms.ModelChoiceField):
    """Municipalities named in the page's script (Cyrillic on the Serbian Cyrillic page)."""

    def __init__(self, *, language: str = "sr-latn", **kwargs: Any) -> None:
        self.language = language
        super().__init__(queryset=municipality_list(), **kwargs)

    def label_from_instance(self, obj: Municipality) -> str:
        return obj.name_cyrl if self.language == "sr" else obj.name_latn


class SeeksMixin(forms.Form):
    seeks = forms.MultipleChoiceField(
        label=_("What are you looking for?"),
        choices=SEEKS_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one: internship, job or self-employment.")},
    )

    def seeks_flags(self) -> dict[str, bool]:
        chosen = set(self.cleaned_data.get("seeks") or [])
        return {
            "seeks_internship": "internship" in chosen,
            "seeks_job": "job" in chosen,
            "seeks_self_employment": "self_employment" in chosen,
        }

    @staticmethod
    def seeks_initial(profile: CandidateProfile) -> list[str]:
        return [
            name
            for name, flag in (
                ("internship", profile.seeks_internship),
                ("job", profile.seeks_job),
                ("self_employment", profile.seeks_self_employment),
            )
            if flag
        ]


class SignupForm(AccountFieldsForm, SeeksMixin):
    municipality = MunicipalityChoiceField(
        label=_("Municipality where you live"), empty_label=_("Choose…")
    )
    category = forms.ChoiceField(label=_("You are"), choices=CandidateProfile.Category.choices)
    max_commute_km = forms.IntegerField(
        label=_("How far can you travel to work (km)?"),
        min_value=0,
        max_value=MAX_COMMUTE_KM,
        initial=30,
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for messages"), choices=LANGUAGE_CHOICES
    )
    accept_notice = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that Spona keeps my profile to match me "
            "with internships and jobs."
        ),
        error_messages={"required": _("You need to accept the privacy notice to sign up.")},
    )
    share_with_companies = forms.BooleanField(
        label=ConsentRecord.Purpose.SHARE_WITH_COMPANIES.label,
        required=False,
        help_text=_("Optional; you can withdraw it at any time on the “My data” page."),
    )
    programme_data = forms.BooleanField(
        label=ConsentRecord.Purpose.PROGRAMME_DATA.label,
        required=False,
        help_text=_("Optional; used only for the programme's reports, never for matching."),
    )

    field_order = [
        *AccountFieldsForm.ACCOUNT_FIELDS,
        "municipality",
        "category",
        "seeks",
        "max_commute_km",
        "preferred_language",
        "accept_notice",
        "share_with_companies",
        "programme_data",
    ]

    def __init__(self, *args: Any, language: str = "sr-latn", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(MunicipalityChoiceField, self.fields["municipality"]).language = language
        self.fields["preferred_language"].initial = language
        self.fields["seeks"].initial = ["internship", "job"]

    def consents(self) -> list[str]:
        chosen = []
        if self.cleaned_data.get("share_with_companies"):
            chosen.append(ConsentRecord.Purpose.SHARE_WITH_COMPANIES.value)
        if self.cleaned_data.get("programme_data"):
            chosen.append(ConsentRecord.Purpose.PROGRAMME_DATA.value)
        return chosen


class ProfileForm(SeeksMixin):
    """Everything the matching uses, on one page (onboarding and later changes)."""

    skills = SkillPickerField(label=_("Your skills"), required=False)
    municipality = MunicipalityChoiceField(label=_("Municipality where you live"))
    category = forms.ChoiceField(label=_("You are"), choices=CandidateProfile.Category.choices)
    max_commute_km = forms.IntegerField(
        label=_("How far can you travel to work (km)?"), min_value=0, max_value=MAX_COMMUTE_KM
    )
    willing_to_relocate = forms.BooleanField(label=_("I am willing to move"), required=False)
    education_level = forms.TypedChoiceField(
        label=_("Highest education (NOKS level)"),
        choices=[("", _("Not given")), *NoksLevel.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    education_field = forms.CharField(label=_("Field of study"), max_length=200, required=False)
    institution = forms.CharField(label=_("School or faculty"), max_length=200, required=False)
    graduation_year = forms.IntegerField(
        label=_("Year of graduation"), min_value=1950, max_value=2100, required=False
    )
    experience = forms.CharField(
        label=_("Work experience"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("In your own words: where you worked or volunteered and what you did."),
    )
    availability_date = DateField(label=_("Available from"), required=False)
    cv = forms.FileField(
        label=_("CV (PDF or Word .docx), optional"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
    )

    field_order = [
        "skills",
        "category",
        "seeks",
        "municipality",
        "max_commute_km",
        "willing_to_relocate",
        "education_level",
        "education_field",
        "institution",
        "graduation_year",
        "experience",
        "availability_date",
        "cv",
    ]

    def __init__(self, *args: Any, language: str = "sr-latn", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(MunicipalityChoiceField, self.fields["municipality"]).language = language
        # One row per language, spoken language and level; empty rows are ignored.
        language_choices = [("", _("—")), *SpokenLanguage.choices]
        level_choices = [("", _("—")), *CefrLevel.choices]
        for index in range(MAX_LANGUAGES):
            self.fields[f"language_{index}"] = forms.ChoiceField(
                label=_("Language"), choices=language_choices, required=False
            )
            self.fields[f"level_{index}"] = forms.ChoiceField(
                label=_("Level (CEFR)"), choices=level_choices, required=False
            )

    @staticmethod
    def initial_for(profile: CandidateProfile) -> dict[str, Any]:
        from frontend.skills import PickedSkill

        initial: dict[str, Any] = {
            name: getattr(profile, name)
            for name in (
                "category",
                "max_commute_km",
                "willing_to_relocate",
                "education_level",
                "education_field",
                "institution",
                "graduation_year",
                "experience",
                "availability_date",
            )
        }
        initial["municipality"] = profile.municipality_id
        initial["seeks"] = SeeksMixin.seeks_initial(profile)
        initial["skills"] = [
            PickedSkill(skill=row.skill, written_as=row.written_as)
            for row in profile.skills.select_related("skill")
        ]
        for index, row in enumerate(profile.languages.all()[:MAX_LANGUAGES]):
            initial[f"language_{index}"] = row.language
            initial[f"level_{index}"] = row.level
        return initial

    def language_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"language_{i}"], self[f"level_{i}"]) for i in range(MAX_LANGUAGES)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        seen: set[str] = set()
        pairs: list[tuple[str, str]] = []
        for index in range(MAX_LANGUAGES):
            language = cleaned.get(f"language_{index}") or ""
            level = cleaned.get(f"level_{index}") or ""
            if not language and not level:
                continue
            if not language:
                self.add_error(f"language_{index}", _("Choose the language for this level."))
            elif not level:
                self.add_error(f"level_{index}", _("Choose your level in this language."))
            elif language in seen:
                self.add_error(f"language_{index}", _("This language is listed twice."))
            else:
                seen.add(language)
                pairs.append((language, level))
        cleaned["languages"] = pairs
        return cleaned

    def profile_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in (
                "category",
                "municipality",
                "max_commute_km",
                "willing_to_relocate",
                "education_level",
                "education_field",
                "institution",
                "graduation_year",
                "experience",
                "availability_date",
            )
        }
        fields.update(self.seeks_flags())
        return fields
