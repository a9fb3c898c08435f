"""Outcome checks: did a placed intern complete the internship, and are they employed later?

Each placed match gets one check per point in time (`months`): 0 is the end of the internship
(completed or ended early), 3, 6 and 12 are the employment checks after the placement started.
The anchor of the dates is described in `followup.services.placement_anchor_date`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class OutcomeCheck(TimeStampedModel):
    """One follow-up of a placed match at 0 (completion), 3, 6 or 12 months."""

    class Months(models.IntegerChoices):
        COMPLETION = 0, _("Internship completion")
        THREE = 3, _("3 months after the start")
        SIX = 6, _("6 months after the start")
        TWELVE = 12, _("12 months after the start")

    class Status(models.TextChoices):
        DUE = "due", _("Not recorded yet")
        RECORDED = "recorded", _("Recorded")
        UNREACHABLE = "unreachable", _("Could not be reached")

    class Outcome(models.TextChoices):
        # Completion check (months = 0).
        COMPLETED = "completed", _("Completed the internship")
        ENDED_EARLY = "ended_early", _("Ended early")
        # Employment checks (months = 3, 6, 12).
        EMPLOYED_SAME = "employed_same", _("Employed by the same employer")
        EMPLOYED_ELSEWHERE = "employed_elsewhere", _("Employed elsewhere")
        SELF_EMPLOYED = "self_employed", _("Self-employed")
        EDUCATION = "education", _("In education or training")
        UNEMPLOYED = "unemployed", _("Unemployed")
        UNKNOWN = "unknown", _("Unknown")

    match = models.ForeignKey(
        "matching.Match", on_delete=models.CASCADE, related_name="outcome_checks"
    )
    months = models.PositiveSmallIntegerField(_("check"), choices=Months.choices)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DUE
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcome_checks_recorded",
    )
    note = models.TextField(_("note"), blank=True)
    # When the district's coordinators were told that the check is due (once per check).
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["due_date", "months", "id"]
        constraints = [
            models.UniqueConstraint(fields=["match", "months"], name="outcome_check_unique_months"),
            models.CheckConstraint(
                condition=Q(months__in=[0, 3, 6, 12]), name="outcome_check_months_known"
            ),
            # A recorded check has an outcome; an open or unreachable one has none.
            models.CheckConstraint(
                condition=(Q(status="recorded") & ~Q(outcome=""))
                | (~Q(status="recorded") & Q(outcome="")),
                name="outcome_check_outcome_iff_recorded",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="outcome_check_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.match_id} @ {self.months} months ({self.status})"

    @property
    def is_completion(self) -> bool:
        return self.months == self.Months.COMPLETION


COMPLETION_OUTCOMES: frozenset[str] = frozenset(
    {OutcomeCheck.Outcome.COMPLETED, OutcomeCheck.Outcome.ENDED_EARLY}
)
EMPLOYMENT_OUTCOMES: frozenset[str] = frozenset(
    {
        OutcomeCheck.Outcome.EMPLOYED_SAME,
        OutcomeCheck.Outcome.EMPLOYED_ELSEWHERE,
        OutcomeCheck.Outcome.SELF_EMPLOYED,
        OutcomeCheck.Outcome.EDUCATION,
        OutcomeCheck.Outcome.UNEMPLOYED,
        OutcomeCheck.Outcome.UNKNOWN,
    }
)
# Outcomes that count as "employed" in the retention figures (self-employment included).
EMPLOYED_OUTCOMES: frozenset[str] = frozenset(
    {
        OutcomeCheck.Outcome.EMPLOYED_SAME,
        OutcomeCheck.Outcome.EMPLOYED_ELSEWHERE,
        OutcomeCheck.Outcome.SELF_EMPLOYED,
    }
)


def outcomes_for(months: int) -> frozenset[str]:
    """The outcomes that fit a check at `months`."""
    return COMPLETION_OUTCOMES if months == OutcomeCheck.Months.COMPLETION else EMPLOYMENT_OUTCOMES
