"""Writes of the reports app: setting programme targets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from accounts.permissions import can_set_programme_target
from core.exceptions import PermissionDeniedError
from core.services import validated_save
from reports.models import ProgrammeTarget


@transaction.atomic
def programme_target_set(
    *,
    by: Any,
    organisation: Organisation | None,
    period_start: dt.date,
    period_end: dt.date,
    indicator: str,
    value: int,
) -> ProgrammeTarget:
    """Set the target of an indicator for an organisation (None: the whole programme) and
    period; setting it again for the same organisation, period and indicator changes it."""
    if not can_set_programme_target(by, organisation):
        raise PermissionDeniedError("You may set targets only for your own organisation.")
    if indicator not in ProgrammeTarget.Indicator.values:
        raise ValidationError({"indicator": _("Choose one of the listed indicators.")})
    target = (
        ProgrammeTarget.objects.select_for_update()
        .filter(
            organisation=organisation,
            period_start=period_start,
            period_end=period_end,
            indicator=indicator,
        )
        .first()
    ) or ProgrammeTarget(
        organisation=organisation,
        period_start=period_start,
        period_end=period_end,
        indicator=indicator,
    )
    target.value = value
    return validated_save(target)
