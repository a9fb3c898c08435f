"""Reference data (districts, municipalities, skill taxonomy) and stored matches."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.validators import (
    SERBIA_LAT_RANGE,
    SERBIA_LON_RANGE,
    validate_latitude_in_serbia,
    validate_longitude_in_serbia,
)

label_language_validator = RegexValidator(
    r"^[a-z]{2,3}(-[A-Z][a-z]{3})?$", _("Use a language tag such as sr-Latn, sr-Cyrl or en.")
)


class District(models.Model):
    """An okrug (or the City of Belgrade), keyed by its ISO 3166-2:RS code."""

    code = models.CharField(max_length=5, unique=True, help_text="ISO 3166-2:RS, e.g. RS-20")
    name_latn = models.CharField(_("name (Latin)"), max_length=100, unique=True)
    name_cyrl = models.CharField(_("name (Cyrillic)"), max_length=100, unique=True)
    seat_latn = models.CharField(_("seat"), max_length=100)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^RS-\d{2}$"), name="district_code_iso"
            ),
        ]

    def __str__(self) -> str:
        return self.name_latn


class Municipality(models.Model):
    """A local self-government unit (opština or grad), located by its seat."""

    class Kind(models.TextChoices):
        CITY = "city", _("City")
        MUNICIPALITY = "municipality", _("Municipality")

    code = models.SlugField(max_length=60, unique=True)
    name_latn = models.CharField(_("name (Latin)"), max_length=100)
    name_cyrl = models.CharField(_("name (Cyrillic)"), max_length=100)
    name_key = models.CharField(
        max_length=100,
        unique=True,
        editable=False,
        help_text="Script- and diacritic-insensitive key used for lookups.",
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.MUNICIPALITY)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="municipalities")
    seat_latn = models.CharField(_("seat"), max_length=100)
    latitude = models.FloatField(validators=[validate_latitude_in_serbia])
    longitude = models.FloatField(validators=[validate_longitude_in_serbia])
    geonameid = models.PositiveIntegerField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["name_latn"]
        verbose_name_plural = "municipalities"
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=SERBIA_LAT_RANGE[0], latitude__lte=SERBIA_LAT_RANGE[1])
                & Q(longitude__gte=SERBIA_LON_RANGE[0], longitude__lte=SERBIA_LON_RANGE[1]),
                name="municipality_seat_in_serbia",
                violation_error_message=_("The seat's coordinates are outside Serbia."),
            ),
        ]

    def __str__(self) -> str:
        return self.name_latn

    def save(self, *args: Any, **kwargs: Any) -> None:
        from matching.engine.normalize import fold

        self.name_key = fold(self.name_latn)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        from matching.engine.normalize import fold

        self.name_key = fold(self.name_latn)


class SkillGroup(models.Model):
    """A node of the skill hierarchy: a curated sector group or an ESCO pillar code."""

    code = models.CharField(max_length=40, unique=True)
    label_sr = models.CharField(max_length=200, blank=True)
    label_en = models.CharField(max_length=200)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.label_sr or self.label_en}"


class Skill(TimeStampedModel):
    """A skill, knowledge area, language or transversal skill in the taxonomy."""

    class Type(models.TextChoices):
        SKILL = "skill", _("Skill")
        KNOWLEDGE = "knowledge", _("Knowledge")
        LANGUAGE = "language", _("Language")
        TRANSVERSAL = "transversal", _("Transversal skill")

    class Source(models.TextChoices):
        CURATED = "curated", _("Curated Serbian layer")
        ESCO = "esco", _("ESCO")

    code = models.CharField(max_length=80, unique=True)
    esco_uri = models.URLField(max_length=200, null=True, blank=True, unique=True)
    skill_type = models.CharField(max_length=12, choices=Type.choices, default=Type.SKILL)
    group = models.ForeignKey(
        SkillGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="skills"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    language_code = models.CharField(
        max_length=3, blank=True, help_text="For language skills: ISO 639 code."
    )
    # Denormalised preferred labels for display and admin search.
    label_sr = models.CharField(max_length=300, blank=True)
    label_en = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(skill_type="language") | Q(language_code=""),
                name="skill_language_code_only_for_languages",
            ),
            models.CheckConstraint(
                condition=~Q(label_sr="") | ~Q(label_en=""), name="skill_has_a_label"
            ),
        ]

    def __str__(self) -> str:
        return self.label_sr or self.label_en or self.code


class SkillLabel(models.Model):
    """A preferred label or an alias of a skill in one language/script."""

    class Kind(models.TextChoices):
        PREFERRED = "preferred", _("Preferred label")
        ALIAS = "alias", _("Alias")

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="labels")
    language = models.CharField(
        max_length=10,
        validators=[label_language_validator],
        help_text="BCP 47 tag: sr-Latn, sr-Cyrl, en, or another ESCO language such as de.",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.CharField(max_length=300)
    key = models.CharField(max_length=300, db_index=True, editable=False)
    source = models.CharField(max_length=10, choices=Skill.Source.choices)

    class Meta:
        ordering = ["skill_id", "language", "kind", "text"]
        constraints = [
            models.UniqueConstraint(
                fields=["skill", "language", "source", "text"], name="skill_label_unique_text"
            ),
            models.UniqueConstraint(
                fields=["skill", "language", "source"],
                condition=Q(kind="preferred"),
                name="skill_label_one_preferred_per_language_and_source",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="skill_label_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.text} [{self.language}]"

    def save(self, *args: Any, **kwargs: Any) -> None:
        from matching.engine.normalize import fold

        self.key = fold(self.text)
        super().save(*args, **kwargs)


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
