"""A notification for one user, shown in the app; its row makes the e-mail idempotent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """Something a user should know about; at most one row (and one e-mail) per idempotency key.

    `context` holds ids and display values (titles, names of companies and places) only:
    never programme-sensitive data, because it is copied into e-mails and shown in lists.
    """

    class Event(models.TextChoices):
        STRONG_MATCH = "strong_match", _("New strong match")
        PROPOSAL_TO_COMPANY = "proposal_to_company", _("Candidate proposed to the company")
        COMPANY_DECISION = "company_decision", _("Company decision")
        OFFER_TO_CANDIDATE = "offer_to_candidate", _("Offer to the candidate")
        PLACEMENT_REMINDER = "placement_reminder", _("Placement start reminder")
        OUTCOME_CHECK_DUE = "outcome_check_due", _("Follow-up check due")
        GRANT_DECISION = "grant_decision", _("Grant decision")

    class EmailStatus(models.TextChoices):
        PENDING = "pending", _("Pending")
        # Claimed by a worker that is sending now, or that died mid-send (see tasks.py).
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped (no e-mail address)")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(max_length=24, choices=Event.choices)
    context = models.JSONField(default=dict, blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(
        max_length=8, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_recipient_read"),
            models.Index(fields=["email_status", "created_at"], name="notification_email_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email_status="sent") | Q(emailed_at__isnull=False),
                name="notification_sent_is_dated",
            ),
            models.CheckConstraint(
                condition=~Q(idempotency_key=""), name="notification_has_idempotency_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} → {self.recipient_id} ({self.email_status})"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
