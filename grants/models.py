"""The grant scheme: calls, applications with budgets and documents, committee evaluations,
contracts paid in tranches with receipts, and monitoring visits at 3, 6 and 12 months.

Money is `Decimal` in Serbian dinars (RSD) with two places everywhere (DecimalField, never a
float). The lifecycle of an application is the table in `grants.workflow`; every step writes an
`ApplicationTransition`. Who sees and does what is `grants.permissions`.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from candidates.storage import get_private_storage
from core.models import TimeStampedModel
from core.validators import validate_date_in_range

CENT = Decimal("0.01")
MONITORING_MONTHS: tuple[int, ...] = (3, 6, 12)


def money_field(verbose_name: Any, **options: Any) -> models.DecimalField:
    """An amount in RSD: up to 999,999,999,999.99, two decimal places, never negative."""
    options.setdefault("validators", [MinValueValidator(Decimal("0"))])
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **options)


class GrantCall(TimeStampedModel):
    """A call for grant applications run by one partner organisation."""

    class Kind(models.TextChoices):
        SELF_EMPLOYMENT = "self_employment", _("Self-employment grant")
        EMPLOYMENT_SUBSIDY = "employment_subsidy", _("Employment subsidy")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for applications")
        EVALUATION = "evaluation", _("Closed, in evaluation")
        DECIDED = "decided", _("Decided")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="grant_calls",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    opens_on = models.DateField(_("applications from"), validators=[validate_date_in_range])
    closes_on = models.DateField(_("applications until"), validators=[validate_date_in_range])
    budget_rsd = money_field(_("budget (RSD)"), validators=[MinValueValidator(CENT)])
    max_grant_rsd = money_field(_("maximum per grant (RSD)"), validators=[MinValueValidator(CENT)])
    min_own_contribution_percent = models.DecimalField(
        _("minimum own contribution (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Share of the total budget the applicant pays themselves."),
    )
    requires_completed_training = models.BooleanField(
        _("completed training required"),
        default=False,
        help_text=_("Only people who completed one of the programme's trainings may apply."),
    )
    eligible_districts = models.ManyToManyField(
        "reference.District",
        blank=True,
        related_name="grant_calls",
        verbose_name=_("eligible districts"),
        help_text=_("Empty: every district."),
    )
    # CandidateProfile.Category values; empty: every category.
    eligible_categories = models.JSONField(_("eligible categories"), default=list, blank=True)
    min_evaluators = models.PositiveSmallIntegerField(
        _("evaluators per application"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    pass_score = models.DecimalField(
        _("minimum average score"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Out of 100; applications below it are not recommended for funding."),
    )
    disagreement_points = models.DecimalField(
        _("large disagreement from (points)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("20"),
        validators=[MinValueValidator(CENT), MaxValueValidator(Decimal("100"))],
        help_text=_("Evaluators' totals further apart than this are flagged for discussion."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-opens_on", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="grant_call_closes_after_opening",
                violation_error_message=_("A call cannot close before it opens."),
            ),
            models.CheckConstraint(
                condition=Q(budget_rsd__gt=0) & Q(max_grant_rsd__gt=0),
                name="grant_call_amounts_positive",
            ),
            models.CheckConstraint(
                condition=Q(max_grant_rsd__lte=F("budget_rsd")),
                name="grant_call_max_within_budget",
                violation_error_message=_("The maximum per grant cannot exceed the budget."),
            ),
            models.CheckConstraint(
                condition=Q(min_own_contribution_percent__gte=0)
                & Q(min_own_contribution_percent__lte=100)
                & Q(pass_score__gte=0)
                & Q(pass_score__lte=100)
                & Q(disagreement_points__gt=0)
                & Q(disagreement_points__lte=100),
                name="grant_call_percentages_in_range",
            ),
            models.CheckConstraint(
                condition=Q(min_evaluators__gte=1), name="grant_call_has_evaluators"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from candidates.models import CandidateProfile

        super().clean()
        errors: dict[str, Any] = {}
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("A call cannot close before it opens.")
        if (
            self.budget_rsd is not None
            and self.max_grant_rsd is not None
            and self.max_grant_rsd > self.budget_rsd
        ):
            errors["max_grant_rsd"] = _("The maximum per grant cannot exceed the budget.")
        categories = self.eligible_categories
        if not isinstance(categories, list) or any(
            value not in CandidateProfile.Category.values for value in categories
        ):
            errors["eligible_categories"] = _("Choose categories from the list.")
        if errors:
            raise ValidationError(errors)


class RubricCriterion(models.Model):
    """One criterion of a call's scoring rubric: scored 0…max_score, weighted in the total."""

    call = models.ForeignKey(GrantCall, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("what evaluators look for"), blank=True, max_length=2000)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(CENT), MaxValueValidator(Decimal("100"))],
    )
    max_score = models.PositiveSmallIntegerField(
        _("highest score"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["call_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "position"], name="grant_criterion_position"),
            models.UniqueConstraint(fields=["call", "name"], name="grant_criterion_name"),
            models.CheckConstraint(
                condition=Q(weight__gt=0) & Q(max_score__gte=1) & Q(max_score__lte=100),
                name="grant_criterion_weight_and_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (×{self.weight}, 0–{self.max_score})"


class CommitteeMember(models.Model):
    """A coordinator named on a call's evaluation committee."""

    call = models.ForeignKey(GrantCall, on_delete=models.CASCADE, related_name="committee")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grant_committees"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["call_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "evaluator"], name="grant_committee_once"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluator_id} on call {self.call_id}"


class GrantApplication(TimeStampedModel):
    """A beneficiary's application for self-employment, or a company's to hire a beneficiary
    with a subsidy. `beneficiary` is the person either way (the programme counts people)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        INELIGIBLE = "ineligible", _("Not eligible")
        ELIGIBLE = "eligible", _("Eligible, in evaluation")
        EVALUATED = "evaluated", _("Evaluated")
        APPROVED = "approved", _("Approved")
        RESERVE = "reserve", _("On the reserve list")
        REJECTED = "rejected", _("Rejected")
        CONTRACTED = "contracted", _("Contract signed")
        COMPLETED = "completed", _("Completed")
        TERMINATED = "terminated", _("Contract terminated")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    call = models.ForeignKey(GrantCall, on_delete=models.PROTECT, related_name="applications")
    kind = models.CharField(_("kind"), max_length=20, choices=GrantCall.Kind.choices)
    beneficiary = models.ForeignKey(
        "candidates.CandidateProfile",
        on_delete=models.PROTECT,
        related_name="grant_applications",
        verbose_name=_("beneficiary"),
    )
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grant_applications",
        verbose_name=_("company"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    status_changed_at = models.DateTimeField(auto_now_add=True)
    # Self-employment: the business.
    business_name = models.CharField(_("name of the business"), max_length=200, blank=True)
    business_idea = models.TextField(_("business idea"), blank=True, max_length=5000)
    business_municipality = models.ForeignKey(
        "reference.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("where the business will work"),
    )
    # Employment subsidy: the job.
    position_title = models.CharField(_("job title"), max_length=200, blank=True)
    job_description = models.TextField(_("the job"), blank=True, max_length=5000)
    employment_start = models.DateField(
        _("employment from"), null=True, blank=True, validators=[validate_date_in_range]
    )
    employment_months = models.PositiveSmallIntegerField(
        _("subsidised months"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )
    monthly_gross_salary_rsd = money_field(_("gross monthly salary (RSD)"), null=True, blank=True)
    # Sums of the budget lines, kept in step by grants.services.application_budget_set.
    requested_rsd = money_field(_("requested (RSD)"), default=Decimal("0"))
    own_contribution_rsd = money_field(_("own contribution (RSD)"), default=Decimal("0"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # The automatic check at submission: [{"code", "passed", "params"}] (grants.eligibility).
    eligibility = models.JSONField(default=list, blank=True)
    eligibility_checked_at = models.DateTimeField(null=True, blank=True)
    approved_rsd = money_field(_("approved (RSD)"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True, max_length=2000)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="employment_subsidy") & Q(company__isnull=False))
                | (Q(kind="self_employment") & Q(company__isnull=True)),
                name="grant_application_company_iff_subsidy",
            ),
            models.UniqueConstraint(
                fields=["call", "beneficiary"],
                condition=~Q(status="withdrawn"),
                name="grant_application_once_per_call",
                violation_error_message=_("This person already has an application in this call."),
            ),
            models.CheckConstraint(
                condition=Q(requested_rsd__gte=0) & Q(own_contribution_rsd__gte=0),
                name="grant_application_sums_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(approved_rsd__isnull=True)
                | (Q(approved_rsd__gt=0) & Q(approved_rsd__lte=F("requested_rsd"))),
                name="grant_application_approved_within_request",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="grant_application_submitted_is_dated",
            ),
        ]
        indexes = [models.Index(fields=["call", "status"], name="grant_application_call_status")]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_status_display()})"

    @property
    def reference(self) -> str:
        """How pages, exports and e-mails name an application: no personal data in it."""
        return f"G-{self.call_id}-{self.pk}"

    @property
    def total_budget_rsd(self) -> Decimal:
        return self.requested_rsd + self.own_contribution_rsd

    @property
    def is_subsidy(self) -> bool:
        return self.kind == GrantCall.Kind.EMPLOYMENT_SUBSIDY


class BudgetLine(models.Model):
    """One line of an application's budget, paid from the grant or by the applicant."""

    class Category(models.TextChoices):
        EQUIPMENT = "equipment", _("Equipment and tools")
        MATERIALS = "materials", _("Materials and stock")
        PREMISES = "premises", _("Premises and rent")
        SERVICES = "services", _("Services (registration, accounting, marketing)")
        SALARY = "salary", _("Salary and contributions")
        TRAINING = "training", _("Training and licences")
        OTHER = "other", _("Other")

    class Source(models.TextChoices):
        GRANT = "grant", _("From the grant")
        OWN = "own", _("Own contribution")

    application = models.ForeignKey(
        GrantApplication, on_delete=models.CASCADE, related_name="budget_lines"
    )
    position = models.PositiveSmallIntegerField()
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    description = models.CharField(_("what"), max_length=300)
    amount_rsd = money_field(_("amount (RSD)"), validators=[MinValueValidator(CENT)])
    source = models.CharField(_("paid from"), max_length=8, choices=Source.choices)

    class Meta:
        ordering = ["application_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "position"], name="grant_budget_line_position"
            ),
            models.CheckConstraint(condition=Q(amount_rsd__gt=0), name="grant_budget_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.description}: {self.amount_rsd} RSD ({self.source})"


def _private_file_path(folder: str, content_type: str) -> str:
    extension = DOCUMENT_EXTENSIONS.get(content_type, "")
    return f"grants/{folder}/{uuid.uuid4().hex}{extension}"


def application_document_path(instance: ApplicationDocument, filename: str) -> str:
    """A random name; nothing the user typed reaches the path (the extension is detected)."""
    return _private_file_path("documents", instance.content_type)


def receipt_path(instance: Receipt, filename: str) -> str:
    return _private_file_path("receipts", instance.content_type)


class DocumentType(models.TextChoices):
    """What grant files may be: judged by content (grants.documents), never by the name."""

    PDF = "application/pdf", "PDF"
    DOCX = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word (DOCX)",
    )
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"


DOCUMENT_EXTENSIONS: dict[str, str] = {
    DocumentType.PDF: ".pdf",
    DocumentType.DOCX: ".docx",
    DocumentType.JPEG: ".jpg",
    DocumentType.PNG: ".png",
}


class StoredFile(TimeStampedModel):
    """What every uploaded grant file records: detected type, sanitised name, size, digest."""

    content_type = models.CharField(max_length=80, choices=DocumentType.choices)
    original_name = models.CharField(max_length=120, blank=True)
    size_bytes = models.PositiveIntegerField(default=0)
    # Kept after erasure: it lets an auditor match an archived paper or copy to the record.
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        abstract = True


class ApplicationDocument(StoredFile):
    """A file attached to an application (business plan, quotes, …), in private storage."""

    class Kind(models.TextChoices):
        BUSINESS_PLAN = "business_plan", _("Business plan")
        QUOTE = "quote", _("Quote or pro-forma invoice")
        EMPLOYMENT = "employment", _("Employment offer or contract")
        REGISTRATION = "registration", _("Registration or licence")
        OTHER = "other", _("Other")

    application = models.ForeignKey(
        GrantApplication, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind of document"), max_length=16, choices=Kind.choices)
    file = models.FileField(
        storage=get_private_storage, upload_to=application_document_path, max_length=200
    )

    class Meta:
        ordering = ["application_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class ApplicationTransition(models.Model):
    """The audit row of one lifecycle step of an application."""

    application = models.ForeignKey(
        GrantApplication, on_delete=models.CASCADE, related_name="transitions"
    )
    transition = models.CharField(max_length=24)
    from_status = models.CharField(max_length=12, choices=GrantApplication.Status.choices)
    to_status = models.CharField(max_length=12, choices=GrantApplication.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # "applicant", "counsellor", "manager", "system" or "admin" (grants.workflow).
    actor_role = models.CharField(max_length=12)
    reason = models.TextField(blank=True)
    # Facts of the step: the eligibility reasons, an approved amount, a contract number.
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status} → {self.to_status}"


class Evaluation(TimeStampedModel):
    """One committee member's evaluation of one application, blind to the others'."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("Scoring")
        SUBMITTED = "submitted", _("Submitted")
        RECUSED = "recused", _("Recused (conflict of interest)")

    application = models.ForeignKey(
        GrantApplication, on_delete=models.CASCADE, related_name="evaluations"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grant_evaluations"
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    # When the evaluator declared (no) conflict of interest: before any score, once.
    declared_at = models.DateTimeField()
    comment = models.TextField(_("comment"), blank=True, max_length=3000)
    total_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["application_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "evaluator"], name="grant_evaluation_once"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="submitted")
                    & Q(total_score__isnull=False)
                    & Q(submitted_at__isnull=False)
                )
                | (~Q(status="submitted") & Q(total_score__isnull=True)),
                name="grant_evaluation_total_iff_submitted",
            ),
            models.CheckConstraint(
                condition=Q(total_score__isnull=True)
                | (Q(total_score__gte=0) & Q(total_score__lte=100)),
                name="grant_evaluation_total_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Evaluation of {self.application_id} by {self.evaluator_id} ({self.status})"


class CriterionScore(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        ordering = ["evaluation_id", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion"], name="grant_score_once_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"


class GrantContract(TimeStampedModel):
    """The signed grant contract of an approved application, paid in tranches."""

    application = models.OneToOneField(
        GrantApplication, on_delete=models.PROTECT, related_name="contract"
    )
    number = models.CharField(_("contract number"), max_length=32, unique=True)
    signed_on = models.DateField(_("signed on"), validators=[validate_date_in_range])
    amount_rsd = money_field(_("amount (RSD)"), validators=[MinValueValidator(CENT)])
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_rsd__gt=0), name="grant_contract_positive"),
        ]

    def __str__(self) -> str:
        return self.number


class Tranche(models.Model):
    """One payment of a contract; tranches are paid in order (grants.services.tranche_pay)."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        PAID = "paid", _("Paid")

    contract = models.ForeignKey(GrantContract, on_delete=models.CASCADE, related_name="tranches")
    number = models.PositiveSmallIntegerField(_("tranche"))
    amount_rsd = money_field(_("amount (RSD)"), validators=[MinValueValidator(CENT)])
    planned_on = models.DateField(_("planned for"), validators=[validate_date_in_range])
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PLANNED)
    paid_on = models.DateField(
        _("paid on"), null=True, blank=True, validators=[validate_date_in_range]
    )
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["contract_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="grant_tranche_number"),
            models.CheckConstraint(condition=Q(amount_rsd__gt=0), name="grant_tranche_positive"),
            models.CheckConstraint(
                condition=(Q(status="paid") & Q(paid_on__isnull=False))
                | (Q(status="planned") & Q(paid_on__isnull=True)),
                name="grant_tranche_paid_is_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} #{self.number}: {self.amount_rsd} RSD ({self.status})"


class Receipt(StoredFile):
    """Proof of how a paid tranche was spent (an invoice, a payslip), with its amount."""

    tranche = models.ForeignKey(Tranche, on_delete=models.CASCADE, related_name="receipts")
    amount_rsd = money_field(_("amount (RSD)"), validators=[MinValueValidator(CENT)])
    issued_on = models.DateField(_("date on the receipt"), validators=[validate_date_in_range])
    description = models.CharField(_("what was paid"), max_length=300, blank=True)
    # Empty after the person's erasure: the amount, date and digest stay for the audit.
    file = models.FileField(
        storage=get_private_storage, upload_to=receipt_path, max_length=200, blank=True
    )

    class Meta:
        ordering = ["tranche_id", "issued_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_rsd__gt=0), name="grant_receipt_positive"),
        ]

    def __str__(self) -> str:
        return f"Receipt #{self.pk}: {self.amount_rsd} RSD"


class MonitoringVisit(TimeStampedModel):
    """A visit 3, 6 or 12 months after the contract was signed: is the business operating
    (self-employment), is the person employed (subsidy)?"""

    class Months(models.IntegerChoices):
        THREE = 3, _("3 months after signing")
        SIX = 6, _("6 months after signing")
        TWELVE = 12, _("12 months after signing")

    class Status(models.TextChoices):
        DUE = "due", _("Not recorded yet")
        RECORDED = "recorded", _("Recorded")
        UNREACHABLE = "unreachable", _("Could not be reached")

    contract = models.ForeignKey(GrantContract, on_delete=models.CASCADE, related_name="visits")
    months = models.PositiveSmallIntegerField(_("visit"), choices=Months.choices)
    due_on = models.DateField(_("due on"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DUE)
    visited_on = models.DateField(
        _("visited on"), null=True, blank=True, validators=[validate_date_in_range]
    )
    business_operating = models.BooleanField(_("the business is operating"), null=True, blank=True)
    person_employed = models.BooleanField(
        _("the person works (in the business or for the employer)"), null=True, blank=True
    )
    # True when the visit found the person employed or self-employed (the programme target).
    outcome_positive = models.BooleanField(null=True, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["contract_id", "months"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "months"], name="grant_visit_once"),
            models.CheckConstraint(
                condition=Q(months__in=MONITORING_MONTHS), name="grant_visit_months_known"
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="recorded")
                    & Q(outcome_positive__isnull=False)
                    & Q(visited_on__isnull=False)
                )
                | (~Q(status="recorded") & Q(outcome_positive__isnull=True)),
                name="grant_visit_outcome_iff_recorded",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="grant_visit_status_due")]

    def __str__(self) -> str:
        return f"{self.contract_id} @ {self.months} months ({self.status})"


@receiver(post_delete, sender=ApplicationDocument)
@receiver(post_delete, sender=Receipt)
def _delete_stored_file(sender: type[StoredFile], instance: Any, **kwargs: Any) -> None:
    """Remove the file once the row's deletion is committed, however the row was deleted."""
    name = instance.file.name
    if name:
        storage = instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))
