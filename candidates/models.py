"""Candidate profiles and trainings; sensitive data is kept apart from matching data."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.storage import get_private_storage
from core.choices import CefrLevel, NoksLevel, SpokenLanguage
from core.models import TimeStampedModel
from core.validators import validate_date_in_range

MAX_COMMUTE_KM = 300


def candidate_reference(profile_id: int) -> str:
    """The pseudonym a company and the exports know a candidate by until contact is shared."""
    return f"C-{profile_id}"


class CandidateProfile(TimeStampedModel):
    """What the matching engine may know about a candidate. No sensitive data lives here."""

    class Category(models.TextChoices):
        GRADUATE = "graduate", _("Graduate")
        TRAINED_BENEFICIARY = "trained_beneficiary", _("Trained beneficiary")
        OTHER_JOBSEEKER = "other_jobseeker", _("Other jobseeker")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidate_profile"
    )
    category = models.CharField(max_length=24, choices=Category.choices)
    municipality = models.ForeignKey(
        "reference.Municipality", on_delete=models.PROTECT, related_name="candidates"
    )
    max_commute_km = models.PositiveSmallIntegerField(
        default=30, validators=[MaxValueValidator(MAX_COMMUTE_KM)]
    )
    willing_to_relocate = models.BooleanField(default=False)
    seeks_internship = models.BooleanField(default=True)
    seeks_job = models.BooleanField(default=True)
    seeks_self_employment = models.BooleanField(default=False)
    education_level = models.PositiveSmallIntegerField(
        choices=NoksLevel.choices, null=True, blank=True
    )
    education_field = models.CharField(max_length=200, blank=True)
    institution = models.CharField(max_length=200, blank=True)
    graduation_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    experience = models.TextField(blank=True, help_text="Work experience in the candidate's words.")
    availability_date = models.DateField(null=True, blank=True, validators=[validate_date_in_range])

    class Meta:
        ordering = ["user__last_name", "user__first_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(seeks_internship=True)
                | Q(seeks_job=True)
                | Q(seeks_self_employment=True),
                name="candidate_seeks_something",
                violation_error_message=_("Choose at least one thing the candidate seeks."),
            ),
            models.CheckConstraint(
                condition=Q(max_commute_km__lte=MAX_COMMUTE_KM), name="candidate_commute_bounded"
            ),
            models.CheckConstraint(
                condition=Q(education_level__isnull=True)
                | Q(education_level__gte=1, education_level__lte=8),
                name="candidate_education_level_noks",
            ),
            models.CheckConstraint(
                condition=Q(graduation_year__isnull=True)
                | Q(graduation_year__gte=1950, graduation_year__lte=2100),
                name="candidate_graduation_year_range",
            ),
        ]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username

    def clean(self) -> None:
        super().clean()
        if not (self.seeks_internship or self.seeks_job or self.seeks_self_employment):
            raise ValidationError(
                {"seeks_internship": _("Choose at least one thing the candidate seeks.")}
            )
        this_year = dt.date.today().year  # noqa: DTZ011 - a calendar year, zone irrelevant
        if self.graduation_year and self.graduation_year > this_year + 6:
            raise ValidationError(
                {"graduation_year": _("Graduation year is too far in the future.")}
            )


class CandidateLanguage(models.Model):
    candidate = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="languages"
    )
    language = models.CharField(max_length=3, choices=SpokenLanguage.choices)
    level = models.CharField(max_length=2, choices=CefrLevel.choices)

    class Meta:
        ordering = ["candidate_id", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "language"], name="candidate_language_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language} {self.level}"


class CandidateSkill(models.Model):
    """A skill as the candidate wrote it, resolved to the taxonomy when possible."""

    candidate = models.ForeignKey(CandidateProfile, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(
        "reference.Skill", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    written_as = models.CharField(max_length=200, blank=True)
    proficiency = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        ordering = ["candidate_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "skill"],
                condition=Q(skill__isnull=False),
                name="candidate_skill_once",
            ),
            models.CheckConstraint(
                condition=Q(proficiency__gte=1, proficiency__lte=5),
                name="candidate_skill_proficiency_1_5",
            ),
            models.CheckConstraint(
                condition=Q(skill__isnull=False) | ~Q(written_as=""),
                name="candidate_skill_named",
            ),
        ]

    def __str__(self) -> str:
        return str(self.skill) if self.skill_id else self.written_as

    def clean(self) -> None:
        super().clean()
        if self.skill_id is None and not self.written_as.strip():
            raise ValidationError({"written_as": _("Name the skill or pick it from the list.")})


class ConsentRecord(models.Model):
    """What a candidate consented to, when, under which version of the privacy notice."""

    class Purpose(models.TextChoices):
        PROGRAMME_DATA = (
            "programme_data",
            _("Processing of programme data (returnee status, vulnerability, gender)"),
        )
        SHARE_WITH_COMPANIES = (
            "share_with_companies",
            _("Sharing my profile with companies a coordinator proposes me to"),
        )

    candidate = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(max_length=32, choices=Purpose.choices)
    notice_version = models.CharField(max_length=20)
    granted_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_active_per_purpose",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True)
                | Q(withdrawn_at__gte=models.F("granted_at")),
                name="consent_withdrawn_after_granted",
            ),
        ]

    def __str__(self) -> str:
        state = "withdrawn" if self.withdrawn_at else "active"
        return f"{self.get_purpose_display()} v{self.notice_version} ({state})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class ProgrammeData(TimeStampedModel):
    """Programme-sensitive data for reporting only; never an input to matching.

    Stored only with an active consent (see candidates.services.programme_data_set).
    """

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")
        UNDISCLOSED = "undisclosed", _("Prefers not to say")

    class Vulnerability(models.TextChoices):
        ROMA = "roma", _("Roma")
        LONG_TERM_UNEMPLOYED = "long_term_unemployed", _("Long-term unemployed")
        DISABILITY = "disability", _("Person with disability")
        SINGLE_PARENT = "single_parent", _("Single parent")
        YOUTH_NEET = "youth_neet", _("Young person not in employment, education or training")
        SOCIAL_ASSISTANCE = "social_assistance", _("Recipient of social assistance")
        RURAL = "rural", _("Living in a rural area")

    candidate = models.OneToOneField(
        CandidateProfile, on_delete=models.CASCADE, related_name="programme_data"
    )
    consent = models.ForeignKey(ConsentRecord, on_delete=models.PROTECT, related_name="+")
    is_returnee = models.BooleanField(default=False)
    returned_from_country = models.CharField(
        max_length=2, blank=True, help_text="ISO 3166-1 alpha-2, e.g. DE"
    )
    returned_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    vulnerabilities = models.JSONField(default=list, blank=True)
    gender = models.CharField(max_length=12, choices=Gender.choices, default=Gender.UNDISCLOSED)

    class Meta:
        verbose_name = "programme data (sensitive)"
        verbose_name_plural = "programme data (sensitive)"
        constraints = [
            models.CheckConstraint(
                condition=Q(is_returnee=True)
                | (Q(returned_from_country="") & Q(returned_year__isnull=True)),
                name="programme_data_return_only_for_returnees",
            ),
        ]

    def __str__(self) -> str:
        return f"Programme data #{self.pk}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if not self.is_returnee and (self.returned_from_country or self.returned_year):
            errors["is_returnee"] = str(
                _("Country and year of return are only recorded for returnees.")
            )
        if self.returned_from_country and not (
            len(self.returned_from_country) == 2
            and self.returned_from_country.isalpha()
            and self.returned_from_country.isupper()
        ):
            errors["returned_from_country"] = str(
                _("Use the two-letter ISO country code, e.g. DE.")
            )
        allowed = set(self.Vulnerability.values)
        if not isinstance(self.vulnerabilities, list) or not set(self.vulnerabilities) <= allowed:
            errors["vulnerabilities"] = str(
                _("Unknown vulnerability category; allowed: %(allowed)s")
                % {"allowed": ", ".join(sorted(allowed))}
            )
        if errors:
            raise ValidationError(errors)


class Training(TimeStampedModel):
    """An employment-support training the programme runs."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="trainings"
    )
    title = models.CharField(max_length=200)
    topic = models.CharField(max_length=200, blank=True)
    municipality = models.ForeignKey(
        "reference.Municipality", on_delete=models.PROTECT, related_name="trainings"
    )
    start_date = models.DateField(validators=[validate_date_in_range])
    end_date = models.DateField(validators=[validate_date_in_range])
    skills = models.ManyToManyField("reference.Skill", blank=True, related_name="+")

    class Meta:
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="training_ends_after_start",
                violation_error_message=_("A training cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "title", "start_date"], name="training_unique_run"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start_date:%d.%m.%Y})"

    def clean(self) -> None:
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("A training cannot end before it starts.")})


class TrainingParticipation(models.Model):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        COMPLETED = "completed", _("Completed")
        DROPPED_OUT = "dropped_out", _("Dropped out")

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="participations")
    candidate = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="training_participations"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ENROLLED)
    completed_on = models.DateField(null=True, blank=True, validators=[validate_date_in_range])

    class Meta:
        ordering = ["training_id", "candidate_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "candidate"], name="training_participation_once"
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_on__isnull=False),
                name="training_completion_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} – {self.training} ({self.get_status_display()})"

    def clean(self) -> None:
        super().clean()
        if self.status == self.Status.COMPLETED and self.completed_on is None:
            raise ValidationError({"completed_on": _("Give the date the training was completed.")})
        if self.completed_on and self.training_id and self.completed_on < self.training.start_date:
            raise ValidationError(
                {"completed_on": _("Completion cannot be before the training started.")}
            )


class SensitiveDataAccess(models.Model):
    """One look by someone other than the candidate at their sensitive data or documents.

    Written by the selectors that read programme data (candidates.selectors) and by the CV
    download; denied attempts are recorded as well. Holds ids only, no personal content, so it
    outlives erasure: it is the record of who looked, which the candidate may ask to see.
    """

    class Outcome(models.TextChoices):
        GRANTED = "granted", _("Granted")
        DENIED = "denied", _("Denied")

    # PROTECT: a reader's account is deactivated, never deleted, while the log holds its reads.
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sensitive_data_reads",
        help_text="Empty for an anonymous attempt.",
    )
    # SET_NULL: deleting a candidate outright must not erase the record of who read their data.
    candidate = models.ForeignKey(
        CandidateProfile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sensitive_data_accesses",
    )
    fields = models.JSONField(default=list, blank=True, help_text="What was read.")
    purpose = models.CharField(max_length=100)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.GRANTED)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "sensitive data access"
        verbose_name_plural = "sensitive data accesses"
        indexes = [
            models.Index(fields=["candidate", "-at"], name="sensitive_access_candidate_idx"),
        ]

    def __str__(self) -> str:
        return f"Access #{self.pk} ({self.outcome}, {self.purpose})"


def document_upload_path(instance: CandidateDocument, filename: str) -> str:
    """A random name; nothing the user typed reaches the path (the extension is detected)."""
    extension = CandidateDocument.EXTENSIONS.get(instance.content_type, "")
    return f"documents/{uuid.uuid4().hex}{extension}"


class CandidateDocument(TimeStampedModel):
    """A file a candidate uploaded (a CV), stored in private storage; see candidates.privacy."""

    class Kind(models.TextChoices):
        CV = "cv", _("CV")

    class ContentType(models.TextChoices):
        PDF = "application/pdf", "PDF"
        DOCX = (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "Word (DOCX)",
        )

    EXTENSIONS: dict[str, str] = {ContentType.PDF: ".pdf", ContentType.DOCX: ".docx"}

    candidate = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.CV)
    file = models.FileField(
        storage=get_private_storage, upload_to=document_upload_path, max_length=200
    )
    content_type = models.CharField(max_length=80, choices=ContentType.choices)
    original_name = models.CharField(
        max_length=120, blank=True, help_text="The uploaded file's name, sanitised; metadata only."
    )
    size_bytes = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_content_type_display()})"


@receiver(post_delete, sender=CandidateDocument)
def _delete_document_file(
    sender: type[CandidateDocument], instance: CandidateDocument, **kwargs: Any
) -> None:
    """Remove the file once the row's deletion is committed, however the row was deleted.

    A cascade (a user deleted in the admin) or a service: either way no CV is left on disk.
    After commit, so a rolled-back deletion keeps its file.
    """
    name = instance.file.name
    if name:
        storage = instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))


class CandidateErasure(models.Model):
    """The audit entry of an erasure: who, when, why. It holds no personal data by design."""

    class Reason(models.TextChoices):
        CANDIDATE_REQUEST = "candidate_request", _("The candidate asked to be erased")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("The candidate withdrew consent")
        RETENTION_ENDED = "retention_ended", _("The retention period ended")
        UNLAWFUL_PROCESSING = "unlawful_processing", _("The data was processed unlawfully")
        OTHER = "other", _("Other")

    # The profile survives erasure anonymised, so this link identifies nobody.
    candidate = models.OneToOneField(
        CandidateProfile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="erasure",
    )
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    erased_by_role = models.CharField(max_length=12)
    reason = models.CharField(max_length=24, choices=Reason.choices)
    erased_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-erased_at", "-id"]

    def __str__(self) -> str:
        return f"Erasure #{self.pk} ({self.reason}, {self.erased_at:%d.%m.%Y})"
