"""Reads of reference data: municipalities by any spelling, districts, skills."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from matching.engine.normalize import fold
from matching.models import District, Municipality


def municipality_list() -> QuerySet[Municipality]:
    return Municipality.objects.select_related("district").order_by("name_latn")


def district_list() -> QuerySet[District]:
    return District.objects.order_by("code")


def municipality_find(name: str) -> Municipality | None:
    """Find a municipality by code or by name in either script, with or without diacritics."""
    cleaned = name.strip()
    if not cleaned:
        return None
    found = Municipality.objects.select_related("district").filter(code=cleaned.lower()).first()
    if found is not None:
        return found
    return Municipality.objects.select_related("district").filter(name_key=fold(cleaned)).first()


def municipality_get(name: str, *, field_name: str = "municipality") -> Municipality:
    """Like municipality_find, but an unknown name is a validation error naming the field."""
    found = municipality_find(name)
    if found is None:
        raise ValidationError({field_name: _("Unknown municipality: %(name)s") % {"name": name}})
    return found
