"""The custom user model (with a role) and the implementing partner organisations."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """An implementing partner (CARE Serbia, NEXUS Vranje, ENECA Niš) and its districts."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=30, unique=True)
    seat = models.ForeignKey(
        "reference.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations_seated",
    )
    districts = models.ManyToManyField(
        "reference.District", related_name="organisations", blank=True
    )
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name


class User(AbstractUser):
    """A person using Spona; `role` decides what they can see and do."""

    class Role(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate")
        COMPANY = "company", _("Company member")
        COORDINATOR = "coordinator", _("Programme coordinator")
        ADMIN = "admin", _("Administrator")

    role = models.CharField(max_length=12, choices=Role.choices, default=Role.CANDIDATE)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    phone = models.CharField(max_length=32, blank=True)
    preferred_language = models.CharField(
        max_length=8,
        default="sr-latn",
        choices=[("sr-latn", "Srpski (latinica)"), ("sr", "Српски (ћирилица)"), ("en", "English")],
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="coordinator") | Q(organisation__isnull=False),
                name="coordinator_has_organisation",
                violation_error_message=_("A coordinator must belong to an organisation."),
            ),
        ]

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{full} ({self.username})" if full else self.username

    def clean(self) -> None:
        super().clean()
        from django.core.exceptions import ValidationError

        if self.role == self.Role.COORDINATOR and self.organisation_id is None:
            raise ValidationError(
                {"organisation": _("A coordinator must belong to an organisation.")}
            )
