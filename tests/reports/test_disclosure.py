"""Disclosure control: primary and secondary suppression of small counts."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.disclosure import (
    MIN_CELL_SIZE,
    SUPPRESSED,
    AnonymisedTable,
    Suppressed,
    anonymise_column,
    anonymise_table,
    difference,
    ratio,
    suppress_count,
)


def test_min_cell_size_is_five() -> None:
    assert MIN_CELL_SIZE == 5


def test_suppressed_renders_as_less_than_five_and_is_a_singleton() -> None:
    assert str(SUPPRESSED) == "<5"
    assert Suppressed() is SUPPRESSED
    assert pickle.loads(pickle.dumps(SUPPRESSED)) is SUPPRESSED  # noqa: S301 - our own bytes


@pytest.mark.parametrize(
    ("count", "expected"), [(0, SUPPRESSED), (1, SUPPRESSED), (4, SUPPRESSED), (5, 5), (17, 17)]
)
def test_single_counts_below_five_including_zero_are_suppressed(
    count: int, expected: object
) -> None:
    assert suppress_count(count) == expected


def test_zeros_may_be_shown_when_the_caller_says_they_are_structural() -> None:
    assert suppress_count(0, suppress_zeros=False) == 0
    assert suppress_count(3, suppress_zeros=False) is SUPPRESSED


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        suppress_count(-1)
    with pytest.raises(ValueError):
        anonymise_table([[1, -2]])


def test_ragged_tables_are_refused() -> None:
    with pytest.raises(ValueError):
        anonymise_table([[1, 2], [3]])


def test_difference_and_ratio_of_a_hidden_count_are_hidden() -> None:
    assert difference(10, SUPPRESSED) is SUPPRESSED
    assert difference(SUPPRESSED, 10) is SUPPRESSED
    assert difference(12, 5) == 7
    assert ratio(SUPPRESSED, 10) is SUPPRESSED
    assert ratio(10, 5) == 2
    assert ratio(10, 0) is None


def test_a_lone_small_cell_in_a_row_gets_a_complementary_cell_suppressed() -> None:
    table = anonymise_table([[20, 3, 9], [30, 40, 50]])
    # 3 is small; in row 0 the next smallest shown cell (9) is hidden too, and then column 1
    # (3 hidden, 40 shown) and column 2 (9 hidden, 50 shown) each need a partner: 40 and 50.
    assert table.cells == ((20, SUPPRESSED, SUPPRESSED), (30, SUPPRESSED, SUPPRESSED))
    assert table.row_totals == (32, 120)
    assert table.column_totals == (50, 43, 59)
    assert table.grand_total == 152


def test_small_totals_are_suppressed_and_protected() -> None:
    table = anonymise_table([[1, 2], [10, 20]])
    assert table.cells[0] == (SUPPRESSED, SUPPRESSED)
    assert table.row_totals is not None
    assert table.row_totals[0] is SUPPRESSED  # 3 < 5
    assert table.grand_total == 33
    # Row-total column: 3 hidden -> 30 hidden as its complement, or the grand total gives it away.
    assert table.row_totals[1] is SUPPRESSED


def test_table_without_margins_only_has_primary_suppression() -> None:
    table = anonymise_table([[3, 10], [7, 0]], row_totals=False, column_totals=False)
    assert table.cells == ((SUPPRESSED, 10), (7, SUPPRESSED))
    assert table.row_totals is None
    assert table.column_totals is None
    assert table.grand_total is None


def test_zero_of_a_small_group_is_hidden_but_zero_of_a_large_group_is_shown() -> None:
    table = anonymise_table([[3, 0], [20, 0], [30, 9]])
    # Row 0 has 3 people: its 0 says "all 3 are in column 0", so it is hidden.
    assert table.cells[0] == (SUPPRESSED, SUPPRESSED)
    assert anonymise_table([[20, 0], [30, 9]]).cells == ((20, 0), (30, 9))


def test_column_without_total_shows_zeros_only_for_a_large_population() -> None:
    assert anonymise_column([0, 3, 12], population=40) == (0, SUPPRESSED, 12)
    assert anonymise_column([0, 3], population=4) == (SUPPRESSED, SUPPRESSED)


def test_large_counts_are_untouched() -> None:
    table = anonymise_table([[5, 6], [7, 8]])
    assert table.cells == ((5, 6), (7, 8))
    assert table.suppressed_cell_count == 0


def test_empty_table() -> None:
    table = anonymise_table([])
    assert table.cells == ()
    assert table.grand_total is SUPPRESSED


def _extended(table: AnonymisedTable, height: int, width: int) -> dict[tuple[int, int], object]:
    grid: dict[tuple[int, int], object] = {}
    for i in range(height):
        for j in range(width):
            grid[i, j] = table.cells[i][j]
    if table.row_totals is not None:
        for i in range(height):
            grid[i, width] = table.row_totals[i]
    if table.column_totals is not None:
        for j in range(width):
            grid[height, j] = table.column_totals[j]
    if table.grand_total is not None:
        grid[height, width] = table.grand_total
    return grid


tables = st.integers(min_value=1, max_value=6).flatmap(
    lambda width: st.lists(
        st.lists(st.integers(min_value=0, max_value=30), min_size=width, max_size=width),
        min_size=1,
        max_size=6,
    )
)


@settings(max_examples=300, deadline=None)
@given(
    counts=tables,
    row_totals=st.booleans(),
    column_totals=st.booleans(),
    zeros=st.sampled_from([None, True, False]),
)
def test_properties_of_suppression(
    counts: list[list[int]], row_totals: bool, column_totals: bool, zeros: bool | None
) -> None:
    height, width = len(counts), len(counts[0])
    table = anonymise_table(
        counts, row_totals=row_totals, column_totals=column_totals, suppress_zeros=zeros
    )
    grid = _extended(table, height, width)
    true: dict[tuple[int, int], int] = {}
    for i in range(height):
        for j in range(width):
            true[i, j] = counts[i][j]
        true[i, width] = sum(counts[i])
    for j in range(width):
        true[height, j] = sum(counts[i][j] for i in range(height))
    true[height, width] = sum(map(sum, counts))

    for key, shown in grid.items():
        if shown is SUPPRESSED:
            continue
        # Shown entries (cells and totals) are the true counts and never 1..4 (nor 0 if zeros hide).
        assert shown == true[key]
        assert not 1 <= true[key] < MIN_CELL_SIZE
        if zeros:
            assert true[key] != 0
        if zeros is None and true[key] == 0:
            # A shown zero is never "0 of a small group": its shown margins are at least 5.
            i, j = key
            assert row_totals or column_totals
            if row_totals:
                assert true[i, width] >= MIN_CELL_SIZE
            if column_totals:
                assert true[height, j] >= MIN_CELL_SIZE
    for key, value in true.items():
        if key in grid and 1 <= value < MIN_CELL_SIZE:
            assert grid[key] is SUPPRESSED

    # No sum equation of the published table has exactly one hidden entry.
    lines: list[list[tuple[int, int]]] = []
    if row_totals:
        lines += [[(i, j) for j in range(width + 1)] for i in range(height)]
    if column_totals:
        lines += [[(i, j) for i in range(height + 1)] for j in range(width)]
    if row_totals and column_totals:
        lines.append([(height, j) for j in range(width + 1)])
        lines.append([(i, width) for i in range(height + 1)])
    for line in lines:
        assert sum(1 for key in line if grid[key] is SUPPRESSED) != 1, line
