"""Companies, memberships and placements, with the database constraints that keep them sane."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.choices import CefrLevel, NaceSection, NoksLevel, SpokenLanguage
from core.models import TimeStampedModel
from core.validators import validate_date_in_range, validate_mb, validate_pib


class Company(TimeStampedModel):
    legal_name = models.CharField(_("legal name"), max_length=255)
    pib = models.CharField(
        "PIB",
        max_length=9,
        unique=True,
        validators=[validate_pib],
        help_text=_("Tax identification number: 9 digits with a check digit."),
    )
    mb = models.CharField(
        "MB",
        max_length=8,
        unique=True,
        validators=[validate_mb],
        help_text=_("Registration number (matični broj): 8 digits."),
    )
    sector = models.CharField(
        _("sector (KD 2010 section)"), max_length=1, choices=NaceSection.choices
    )
    municipality = models.ForeignKey(
        "reference.Municipality", on_delete=models.PROTECT, related_name="companies"
    )
    address = models.CharField(max_length=255, blank=True)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    contact_name = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=32, blank=True)
    verified = models.BooleanField(default=False)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["legal_name"]
        verbose_name_plural = "companies"
        constraints = [
            models.CheckConstraint(
                condition=Q(pib__regex=r"^[0-9]{9}$"), name="company_pib_digits"
            ),
            models.CheckConstraint(condition=Q(mb__regex=r"^[0-9]{8}$"), name="company_mb_digits"),
            models.CheckConstraint(
                condition=Q(verified=False) | Q(verified_at__isnull=False),
                name="company_verification_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name


class CompanyMembership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="company_memberships"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["company_id", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "company"], name="company_membership_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.company} ({self.role})"


class Placement(TimeStampedModel):
    """An internship or a job a company offers, with what it asks for."""

    class Kind(models.TextChoices):
        INTERNSHIP = "internship", _("Internship")
        JOB = "job", _("Job")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING_REVIEW = "pending_review", _("Pending review")
        OPEN = "open", _("Open")
        FILLED = "filled", _("Filled")
        CLOSED = "closed", _("Closed")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="placements")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    municipality = models.ForeignKey(
        "reference.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
    )
    remote = models.BooleanField(default=False)
    min_education_level = models.PositiveSmallIntegerField(
        choices=NoksLevel.choices, null=True, blank=True
    )
    slots = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    start_date = models.DateField(null=True, blank=True, validators=[validate_date_in_range])
    duration_months = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(36)]
    )
    pay_min_rsd = models.PositiveIntegerField(null=True, blank=True)
    pay_max_rsd = models.PositiveIntegerField(null=True, blank=True)
    application_deadline = models.DateField(
        null=True, blank=True, validators=[validate_date_in_range]
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(slots__gte=1),
                name="placement_slots_positive",
                violation_error_message=_("A placement needs at least one slot."),
            ),
            models.CheckConstraint(
                condition=Q(remote=True) | Q(municipality__isnull=False),
                name="placement_located_or_remote",
            ),
            models.CheckConstraint(
                condition=Q(pay_min_rsd__isnull=True)
                | Q(pay_max_rsd__isnull=True)
                | Q(pay_max_rsd__gte=F("pay_min_rsd")),
                name="placement_pay_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(application_deadline__isnull=True)
                | Q(start_date__isnull=True)
                | Q(application_deadline__lte=F("start_date")),
                name="placement_deadline_before_start",
            ),
            models.CheckConstraint(
                condition=Q(duration_months__isnull=True)
                | Q(duration_months__gte=1, duration_months__lte=36),
                name="placement_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(min_education_level__isnull=True)
                | Q(min_education_level__gte=1, min_education_level__lte=8),
                name="placement_education_level_noks",
            ),
        ]
        indexes = [models.Index(fields=["status", "kind"], name="placement_status_kind_idx")]

    def __str__(self) -> str:
        return f"{self.title} – {self.company}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if not self.remote and self.municipality_id is None:
            errors["municipality"] = str(_("Give the municipality, or mark the placement remote."))
        if (
            self.pay_min_rsd is not None
            and self.pay_max_rsd is not None
            and self.pay_max_rsd < self.pay_min_rsd
        ):
            errors["pay_max_rsd"] = str(_("Maximum pay is below the minimum pay."))
        if (
            self.application_deadline
            and self.start_date
            and self.application_deadline > self.start_date
        ):
            errors["application_deadline"] = str(
                _("The application deadline is after the start date.")
            )
        if self.kind == self.Kind.INTERNSHIP and self.duration_months is None:
            errors["duration_months"] = str(_("Give the internship's duration in months."))
        if errors:
            raise ValidationError(errors)


class PlacementSkill(models.Model):
    """A skill a placement requires or prefers, as the company wrote it and as resolved."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(
        "reference.Skill", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    written_as = models.CharField(max_length=200, blank=True)
    required = models.BooleanField(default=True)
    min_proficiency = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        ordering = ["placement_id", "-required", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "skill"],
                condition=Q(skill__isnull=False),
                name="placement_skill_once",
            ),
            models.CheckConstraint(
                condition=Q(skill__isnull=False) | ~Q(written_as=""), name="placement_skill_named"
            ),
            models.CheckConstraint(
                condition=Q(min_proficiency__isnull=True)
                | Q(min_proficiency__gte=1, min_proficiency__lte=5),
                name="placement_skill_proficiency_1_5",
            ),
        ]

    def __str__(self) -> str:
        name = str(self.skill) if self.skill_id else self.written_as
        return f"{name} ({'required' if self.required else 'preferred'})"

    def clean(self) -> None:
        super().clean()
        if self.skill_id is None and not self.written_as.strip():
            raise ValidationError({"written_as": _("Name the skill or pick it from the list.")})


class PlacementLanguage(models.Model):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(max_length=3, choices=SpokenLanguage.choices)
    min_level = models.CharField(max_length=2, choices=CefrLevel.choices)

    class Meta:
        ordering = ["placement_id", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement", "language"], name="placement_language_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language} ≥ {self.min_level}"
