"""PIB, MB and coordinate validators."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from core.validators import (
    mb_is_valid,
    pib_is_valid,
    validate_latitude_in_serbia,
    validate_longitude_in_serbia,
    validate_mb,
    validate_pib,
)
from tests.factories import pib_with_check_digit


@pytest.mark.parametrize("pib", ["100002887", "104052135", "113460262", "101134702"])
def test_real_registered_pibs_are_valid(pib: str) -> None:
    assert pib_is_valid(pib)
    validate_pib(pib)


@pytest.mark.parametrize("pib", ["100002888", "104052130", "113460261"])
def test_a_wrong_pib_check_digit_is_rejected_with_its_reason(pib: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_pib(pib)
    assert error.value.code == "pib_check"


@pytest.mark.parametrize("pib", ["12345678", "1234567890", "10000288a", "１００００２８８７", ""])
def test_a_pib_that_is_not_nine_ascii_digits_is_a_format_error(pib: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_pib(pib)
    assert error.value.code == "pib_format"


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_every_base_has_exactly_one_valid_check_digit(base: str) -> None:
    valid = [digit for digit in "0123456789" if pib_is_valid(base + digit)]
    assert valid == [pib_with_check_digit(base)[-1]]


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.integers(0, 8), st.integers(1, 9))
def test_changing_one_digit_breaks_the_check(pib: str, position: int, delta: int) -> None:
    valid = pib_with_check_digit(pib[:8])
    changed = valid[:position] + str((int(valid[position]) + delta) % 10) + valid[position + 1 :]
    assert not pib_is_valid(changed)


def test_mb_is_eight_digits() -> None:
    assert mb_is_valid("07005466")
    validate_mb("20084693")
    for bad in ["0700546", "070054660", "0700546x", ""]:
        with pytest.raises(ValidationError):
            validate_mb(bad)


def test_coordinates_outside_serbia_are_rejected() -> None:
    validate_latitude_in_serbia(43.32)
    validate_longitude_in_serbia(21.90)
    with pytest.raises(ValidationError, match="outside Serbia"):
        validate_latitude_in_serbia(48.2)  # Vienna
    with pytest.raises(ValidationError, match="outside Serbia"):
        validate_longitude_in_serbia(16.37)
