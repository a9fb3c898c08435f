"""Programme targets the dashboard measures progress against."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.validators import validate_date_in_range


class ProgrammeTarget(TimeStampedModel):
    """How many people an organisation (or the whole programme) aims to reach in a period."""

    class Indicator(models.TextChoices):
        INTERNSHIPS = "internships", _("Graduate internships placed")
        EMPLOYMENT = "employment", _("People employed or self-employed")
        TRAINING = "training", _("People trained")
        REACHED = "reached", _("People reached (registered)")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programme_targets",
        verbose_name=_("organisation"),
        help_text=_("Empty for the whole programme."),
    )
    period_start = models.DateField(_("period start"), validators=[validate_date_in_range])
    period_end = models.DateField(_("period end"), validators=[validate_date_in_range])
    indicator = models.CharField(_("indicator"), max_length=12, choices=Indicator.choices)
    value = models.PositiveIntegerField(_("target"))

    class Meta:
        ordering = ["period_start", "indicator", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="programme_target_end_after_start",
                violation_error_message=_("The period must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(value__gt=0),
                name="programme_target_value_positive",
                violation_error_message=_("The target must be a positive number."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "period_start", "period_end", "indicator"],
                condition=Q(organisation__isnull=False),
                name="programme_target_once_per_organisation",
                violation_error_message=_(
                    "There is already a target for this indicator and period."
                ),
            ),
            models.UniqueConstraint(
                fields=["period_start", "period_end", "indicator"],
                condition=Q(organisation__isnull=True),
                name="programme_target_once_for_programme",
                violation_error_message=_(
                    "There is already a target for this indicator and period."
                ),
            ),
        ]

    def __str__(self) -> str:
        who = str(self.organisation) if self.organisation_id else "programme"
        return f"{who}: {self.indicator} {self.value} ({self.period_start}–{self.period_end})"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            errors["period_end"] = str(_("The period must end after it starts."))
        if self.value is not None and self.value <= 0:
            errors["value"] = str(_("The target must be a positive number."))
        if errors:
            raise ValidationError(errors)
