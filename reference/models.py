"""Reference data everyone stands on: districts, municipalities and the skill taxonomy.

The tables keep the names they had when these models lived in `matching` (`db_table`), so a
database created before the move migrates without copying a row.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.validators import (
    SERBIA_LAT_RANGE,
    SERBIA_LON_RANGE,
    validate_latitude_in_serbia,
    validate_longitude_in_serbia,
)
from matching.engine.normalize import fold

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
        db_table = "matching_district"
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
        db_table = "matching_municipality"
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
        self.name_key = fold(self.name_latn)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
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
        db_table = "matching_skillgroup"
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
        db_table = "matching_skill"
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
        db_table = "matching_skilllabel"
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
        self.key = fold(self.text)
        super().save(*args, **kwargs)
