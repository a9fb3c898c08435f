"""Validators for Serbian identifiers and geography, shared by models, services and imports."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Serbia without Kosovo and Metohija lies inside this box (generous by ~10 km).
SERBIA_LAT_RANGE = (41.85, 46.19)
SERBIA_LON_RANGE = (18.81, 23.01)


def pib_is_valid(value: str) -> bool:
    """PIB (tax id): 9 digits, the last an ISO 7064 MOD 11,10 check digit."""
    if len(value) != 9 or not value.isascii() or not value.isdigit():
        return False
    product = 10
    for char in value[:8]:
        total = (int(char) + product) % 10
        if total == 0:
            total = 10
        product = (total * 2) % 11
    check = (11 - product) % 10
    return check == int(value[8])


def mb_is_valid(value: str) -> bool:
    """MB (company registration number, matični broj): exactly 8 ASCII digits.

    Only the format is checked: the Business Registers Agency does not publish the
    check-digit rule for MBs and the rules found in public code disagree with real
    registered numbers, so a check-digit test would turn real companies away.
    """
    return len(value) == 8 and value.isascii() and value.isdigit()


def validate_pib(value: str) -> None:
    if not (len(value) == 9 and value.isascii() and value.isdigit()):
        raise ValidationError(_("PIB must be exactly 9 digits."), code="pib_format")
    if not pib_is_valid(value):
        raise ValidationError(_("PIB check digit is wrong (ISO 7064 MOD 11,10)."), code="pib_check")


def validate_mb(value: str) -> None:
    if not mb_is_valid(value):
        raise ValidationError(_("MB must be exactly 8 digits."), code="mb_format")


def validate_latitude_in_serbia(value: float) -> None:
    low, high = SERBIA_LAT_RANGE
    if not low <= value <= high:
        raise ValidationError(
            _("Latitude %(value)s is outside Serbia (%(low)s–%(high)s)."),
            code="latitude_outside_serbia",
            params={"value": value, "low": low, "high": high},
        )


def validate_longitude_in_serbia(value: float) -> None:
    low, high = SERBIA_LON_RANGE
    if not low <= value <= high:
        raise ValidationError(
            _("Longitude %(value)s is outside Serbia (%(low)s–%(high)s)."),
            code="longitude_outside_serbia",
            params={"value": value, "low": low, "high": high},
        )


# Dates people may enter anywhere: a programme's records (births of returnees included, report
# periods, placements, follow-up) fall well inside this range, and arithmetic on a date inside
# it (a period's end + 1 day, a start + 12 months) can never leave what Python and the
# databases store. 9999-12-31 + 1 day is an OverflowError: a 500 before this bound.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def validate_date_in_range(value: dt.date | None) -> None:
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )
