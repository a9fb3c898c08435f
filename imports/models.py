"""An uploaded import file kept for the dry run, the confirmed import and the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """One uploaded file: who, when, what (its bytes and their SHA-256) and how it ended.

    The confirm step imports exactly these bytes (checked against the hash the dry-run page
    showed), so a different file cannot slip in between the dry run and the import.
    """

    class Kind(models.TextChoices):
        BENEFICIARIES = "beneficiaries", _("Beneficiaries (training participants)")
        COMPANIES = "companies", _("Companies")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded, not imported")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Import refused (errors)")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    file_name = models.CharField(max_length=200, blank=True)
    sheet = models.CharField(max_length=100, blank=True)
    content = models.BinaryField()
    size_bytes = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_batches"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    valid_only = models.BooleanField(default=False)
    imported_at = models.DateTimeField(null=True, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    duplicate_count = models.PositiveIntegerField(default=0)
    # When the file's bytes were deleted (retention period over, or a person in it erased);
    # the batch keeps its counts and hash as the record that an import happened.
    content_erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.file_name})"


class ImportDuplicate(models.Model):
    """A file row naming a registered person (same name, same municipality) whose phone or
    e-mail differs from the stored one: it may be another person with the same name, so the
    import neither overwrote that person's contact data nor created a new person. It waits for
    the coordinator who imported the file to decide.

    Holds no personal data of its own: the row is read again from the batch's file, so erasing
    the file (retention, or an erased person in it) expires the open ones.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("To decide")
        UPDATED = "updated", _("Same person, contact data updated from the file")
        KEPT = "kept", _("Same person, stored contact data kept")
        NEW_PERSON = "new_person", _("Another person, added")
        EXPIRED = "expired", _("Not decided before the file was deleted")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="duplicates")
    row_number = models.PositiveIntegerField()
    candidate = models.ForeignKey(
        "candidates.CandidateProfile", on_delete=models.CASCADE, related_name="+"
    )
    differs_in = models.CharField(max_length=40, help_text="phone, email or both")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "row_number"], name="import_duplicate_once")
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number} ~ {self.candidate_id} ({self.status})"
