"""Forms of the coordinator pages: queue filters, a workflow step with its reason, a run."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.models import CandidateProfile
from companies.models import Placement
from matching.models import AllocationRun
from matching.selectors import QUEUE_STATUS_GROUPS, MatchQueueFilters
from reference.models import District

STATUS_FILTER_LABELS = {
    "suggested": _("Suggested"),
    "interested": _("Candidate interested"),
    "shortlisted": _("Shortlisted"),
    "waiting_company": _("Waiting for the company"),
    "waiting_candidate": _("Waiting for the candidate"),
    "ready_to_place": _("Ready to start"),
}
assert set(STATUS_FILTER_LABELS) == set(QUEUE_STATUS_GROUPS)  # noqa: S101 - kept in step


class QueueFilterForm(forms.Form):
    """The queue's filters (GET); anything unknown is simply ignored."""

    district = forms.ChoiceField(label=_("District"), required=False)
    placement = forms.TypedChoiceField(
        label=_("Placement"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All")), *Placement.Kind.choices],
    )
    status = forms.ChoiceField(
        label=_("Stage"),
        required=False,
        choices=[("", _("All open stages")), *STATUS_FILTER_LABELS.items()],
    )

    def __init__(
        self,
        *args: Any,
        districts: list[District],
        placements: list[Placement],
        cyrillic: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        district_field = self.fields["district"]
        assert isinstance(district_field, forms.ChoiceField)  # noqa: S101 - narrows the type
        district_field.choices = [
            ("", _("All")),
            *[(d.code, d.name_cyrl if cyrillic else d.name_latn) for d in districts],
        ]
        placement_field = self.fields["placement"]
        assert isinstance(placement_field, forms.ChoiceField)  # noqa: S101 - narrows the type
        placement_field.choices = [
            ("", _("All")),
            *[(p.pk, f"{p.title} – {p.company.legal_name}") for p in placements],
        ]

    def to_filters(self) -> MatchQueueFilters:
        if not self.is_valid():
            return MatchQueueFilters()
        data = self.cleaned_data
        return MatchQueueFilters(
            district_code=data["district"] or "",
            placement_id=data["placement"],
            kind=data["kind"] or "",
            status=data["status"] or "",
        )


REASON_OTHER = "other"
REASON_CHOICES = [
    ("", _("Choose a reason")),
    ("poor_fit", _("Not a good fit for this placement")),
    ("withdrew", _("The candidate withdrew")),
    ("found_work", _("The candidate found work elsewhere")),
    ("unreachable", _("The candidate cannot be reached")),
    ("outdated", _("Outdated or duplicate")),
    (REASON_OTHER, _("Other (write it below)")),
]


class TransitionForm(forms.Form):
    """One workflow step on a match; a reason is a short choice, a text, or both."""

    transition = forms.CharField(max_length=32)
    reason_code = forms.ChoiceField(label=_("Reason"), required=False, choices=REASON_CHOICES)
    reason_text = forms.CharField(
        label=_("Details (optional)"), required=False, max_length=500, strip=True
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason_code") == REASON_OTHER and not data.get("reason_text"):
            self.add_error("reason_text", _("Please describe the reason."))
        return data

    def reason(self) -> str:
        """The reason in words: the chosen label (in the page's language) and the text."""
        code = self.cleaned_data.get("reason_code") or ""
        text = self.cleaned_data.get("reason_text") or ""
        label = "" if code in ("", REASON_OTHER) else str(dict(REASON_CHOICES)[code])
        return ": ".join(part for part in (label, text) if part)


class AllocationRunForm(forms.Form):
    """Start an allocation run over a cohort of candidates in the coordinator's districts."""

    method = forms.ChoiceField(
        label=_("Method"),
        choices=AllocationRun.Method.choices,
        initial=AllocationRun.Method.OPTIMAL,
        help_text=_(
            "Optimal gives the highest total score; stable respects both sides' preferences."
        ),
    )
    min_score = forms.FloatField(
        label=_("Minimum score"),
        min_value=0.0,
        max_value=1.0,
        initial=0.3,
        help_text=_("Pairs scoring below this (0 to 1) are not proposed."),
    )
    districts = forms.MultipleChoiceField(
        label=_("Districts"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: all your districts."),
    )
    categories = forms.MultipleChoiceField(
        label=_("Categories"),
        required=False,
        choices=CandidateProfile.Category.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    seeking = forms.ChoiceField(
        label=_("Looking for"),
        required=False,
        choices=[("", _("Anything")), ("internship", _("Internship")), ("job", _("Job"))],
    )
    description = forms.CharField(label=_("Description (optional)"), required=False, max_length=500)

    def __init__(self, *args: Any, districts: list[District], cyrillic: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["districts"]
        assert isinstance(field, forms.MultipleChoiceField)  # noqa: S101 - narrows the type
        field.choices = [(d.code, d.name_cyrl if cyrillic else d.name_latn) for d in districts]
