"""Stored matches, the audit of their workflow steps and cohort allocation runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class Match(TimeStampedModel):
    """A scored candidate–placement pair and where it stands in the placement workflow."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested")
        INTERESTED = "interested", _("Candidate interested")
        SHORTLISTED = "shortlisted", _("Shortlisted by coordinator")
        PROPOSED = "proposed", _("Proposed to company")
        COMPANY_ACCEPTED = "company_accepted", _("Accepted by company")
        COMPANY_DECLINED = "company_declined", _("Declined by company")
        CANDIDATE_ACCEPTED = "candidate_accepted", _("Accepted by candidate")
        CANDIDATE_DECLINED = "candidate_declined", _("Declined by candidate")
        PLACED = "placed", _("Placed")
        COMPLETED = "completed", _("Completed")
        ENDED_EARLY = "ended_early", _("Ended early")
        REJECTED = "rejected", _("Rejected by coordinator")

    candidate = models.ForeignKey(
        "candidates.CandidateProfile", on_delete=models.CASCADE, related_name="matches"
    )
    placement = models.ForeignKey(
        "companies.Placement", on_delete=models.CASCADE, related_name="matches"
    )
    score = models.FloatField()
    breakdown = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUGGESTED)
    status_changed_at = models.DateTimeField(auto_now_add=True)
    scored_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-score", "id"]
        verbose_name_plural = "matches"
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "placement"], name="match_unique_candidate_placement"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1), name="match_score_between_0_and_1"
            ),
        ]
        indexes = [
            models.Index(fields=["placement", "-score"], name="match_placement_score_idx"),
            models.Index(fields=["status"], name="match_status_idx"),
            # The dashboard's per-month series and period filters.
            models.Index(fields=["created_at"], name="match_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.placement} ({self.score:.2f})"


class MatchTransition(models.Model):
    """The audit record of one step of the placement workflow: who, when, from, to, why."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="transitions")
    transition = models.CharField(max_length=32)
    from_status = models.CharField(max_length=20, choices=Match.Status.choices)
    to_status = models.CharField(max_length=20, choices=Match.Status.choices)
    # Kept when the user is deleted: the role says who acted, the reason why.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="match_transitions",
    )
    actor_role = models.CharField(max_length=12)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=F("to_status")), name="match_transition_changes_status"
            ),
        ]
        indexes = [
            models.Index(fields=["match", "created_at"], name="match_transition_match_idx"),
            # The dashboard's funnel: which matches ever reached a stage.
            models.Index(fields=["to_status", "match"], name="match_transition_stage_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.match_id}: {self.from_status} → {self.to_status} ({self.transition})"


class AllocationRun(models.Model):
    """One run of the cohort allocation: a proposal a coordinator may apply or discard."""

    class Method(models.TextChoices):
        OPTIMAL = "optimal", _("Optimal (highest total score)")
        STABLE = "stable", _("Stable (deferred acceptance)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPLIED = "applied", _("Applied")
        DISCARDED = "discarded", _("Discarded")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocation_runs"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocation_runs",
    )
    method = models.CharField(max_length=8, choices=Method.choices)
    min_score = models.FloatField(default=0.3)
    params = models.JSONField(default=dict, blank=True)
    cohort_description = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    total_score = models.FloatField(default=0.0)
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(method__in=["optimal", "stable"]), name="allocation_run_method_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "applied", "discarded"]),
                name="allocation_run_status_known",
            ),
            models.CheckConstraint(
                condition=Q(min_score__gte=0) & Q(min_score__lte=1),
                name="allocation_run_min_score_between_0_and_1",
            ),
            models.CheckConstraint(
                condition=Q(total_score__gte=0), name="allocation_run_total_score_not_negative"
            ),
            models.CheckConstraint(
                condition=(Q(status="applied") & Q(applied_at__isnull=False))
                | (~Q(status="applied") & Q(applied_at__isnull=True)),
                name="allocation_run_applied_iff_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"Allocation run {self.pk} ({self.method}, {self.status})"


class AllocationProposal(models.Model):
    """One pair of an allocation run: this candidate to that placement, and what became of it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not applied yet")
        PROPOSED = "proposed", _("Proposed to the company")
        SKIPPED = "skipped", _("Skipped")

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="proposals")
    candidate = models.ForeignKey(
        "candidates.CandidateProfile", on_delete=models.CASCADE, related_name="+"
    )
    placement = models.ForeignKey("companies.Placement", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_detail = models.CharField(max_length=300, blank=True)
    match = models.ForeignKey(
        Match, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["run_id", "-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "candidate"], name="allocation_proposal_one_per_candidate"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=1),
                name="allocation_proposal_score_between_0_and_1",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["pending", "proposed", "skipped"]),
                name="allocation_proposal_outcome_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} → {self.placement_id} ({self.score:.2f})"
