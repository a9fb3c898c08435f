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

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.file_name})"
