"""Statistical disclosure control: the one place for the small-count rule on published tables.

Pure functions, no Django: a table of counts (of people or placements) goes in, an anonymised
table comes out, in which small counts are replaced by the `SUPPRESSED` sentinel.

The rule (documented for decision makers in the report notes):

* **Primary suppression.** Every count from 1 to ``MIN_CELL_SIZE - 1`` (1–4) is suppressed.
* **Zeros.** A zero is no person, but "0 of a small group" tells the reader something about
  everybody in that group (e.g. "all 3 candidates of this district are in one category"). So a
  zero is shown only when the group it is counted from has at least ``MIN_CELL_SIZE`` members:
  in a table with margins, when every shown margin of its row and column is at least 5 (true
  totals); in a table without margins, the caller says (``suppress_zeros=True/False``, e.g.
  from the size of the population counted). "<5" therefore means "0 to 4".
* **Totals** are computed from the true (unsuppressed) data; a total below ``MIN_CELL_SIZE`` is
  itself suppressed.
* **Secondary (complementary) suppression.** The table is extended by its shown margins (row
  totals, column totals, grand total); every row and column of that extended table is a sum
  equation. If an equation has exactly one suppressed entry, that entry could be recovered by
  subtraction, so the next smallest shown entry of the same equation is suppressed too. This is
  repeated until no equation has exactly one suppressed entry.
* Shown cells are always the true counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

MIN_CELL_SIZE: Final = 5


class Suppressed:
    """A hidden count (0–4 people, or hidden so that another small count cannot be derived)."""

    _instance: Suppressed | None = None
    # Lets templates write {% if cell.is_suppressed %}; plain ints have no such attribute.
    is_suppressed: Final = True

    def __new__(cls) -> Suppressed:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __str__(self) -> str:
        return f"<{MIN_CELL_SIZE}"

    def __repr__(self) -> str:
        return "SUPPRESSED"

    def __reduce__(self) -> str:
        return "SUPPRESSED"


SUPPRESSED: Final = Suppressed()

Count = int | Suppressed


def is_suppressed(value: object) -> bool:
    return value is SUPPRESSED


def is_small(count: int, *, suppress_zeros: bool = True) -> bool:
    """Whether a true count must not be published on its own."""
    if count < 0:
        raise ValueError("Counts cannot be negative.")
    if count == 0:
        return suppress_zeros
    return count < MIN_CELL_SIZE


def suppress_count(count: int, *, suppress_zeros: bool = True) -> Count:
    """A single published figure (e.g. 'candidates in this municipality')."""
    return SUPPRESSED if is_small(count, suppress_zeros=suppress_zeros) else count


def difference(minuend: Count, subtrahend: Count) -> Count:
    """``a - b`` of two published counts; hidden if either is hidden (it would leak the other)."""
    if isinstance(minuend, Suppressed) or isinstance(subtrahend, Suppressed):
        return SUPPRESSED
    return minuend - subtrahend


def ratio(numerator: Count, denominator: Count) -> float | Suppressed | None:
    """``a / b`` of two published counts; hidden if either is hidden, None if b is 0."""
    if isinstance(numerator, Suppressed) or isinstance(denominator, Suppressed):
        return SUPPRESSED
    if denominator == 0:
        return None
    return numerator / denominator


@dataclass(frozen=True)
class AnonymisedTable:
    """Counts after suppression; margins are None when the table does not show them."""

    cells: tuple[tuple[Count, ...], ...]
    row_totals: tuple[Count, ...] | None
    column_totals: tuple[Count, ...] | None
    grand_total: Count | None

    @property
    def suppressed_cell_count(self) -> int:
        return sum(1 for row in self.cells for cell in row if isinstance(cell, Suppressed))


def anonymise_table(
    counts: Sequence[Sequence[int]],
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    suppress_zeros: bool | None = None,
) -> AnonymisedTable:
    """Apply primary and secondary suppression to a rectangular table of counts.

    Pass ``row_totals=False`` / ``column_totals=False`` when the cells of a row/column do not add
    up to anything that is published (e.g. skills held: one person holds many skills); then that
    direction is not an equation and needs no complementary suppression.
    ``suppress_zeros=None`` applies the small-group rule for zeros described above.
    """
    rows = [list(row) for row in counts]
    width = len(rows[0]) if rows else 0
    if any(len(row) != width for row in rows):
        raise ValueError("All rows must have the same number of cells.")
    if any(value < 0 for row in rows for value in row):
        raise ValueError("Counts cannot be negative.")
    height = len(rows)
    show_grand = row_totals and column_totals

    # The extended grid: interior cells, then the row-total column, the column-total row, corner.
    grid: dict[tuple[int, int], int] = {}
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            grid[i, j] = value
    if row_totals:
        for i, row in enumerate(rows):
            grid[i, width] = sum(row)
    if column_totals:
        for j in range(width):
            grid[height, j] = sum(rows[i][j] for i in range(height))
    if show_grand:
        grid[height, width] = sum(sum(row) for row in rows)

    def zero_is_hidden(key: tuple[int, int]) -> bool:
        if suppress_zeros is not None:
            return suppress_zeros
        i, j = key
        groups = []
        if row_totals:
            groups.append(grid[i, width] if i < height else grid[height, width])
        if column_totals:
            groups.append(grid[height, j] if j < width else grid[height, width])
        # Without margins nobody knows the group's size: hide, the safe choice.
        return not groups or min(groups) < MIN_CELL_SIZE

    hidden = {
        key
        for key, value in grid.items()
        if (value == 0 and zero_is_hidden(key)) or 0 < value < MIN_CELL_SIZE
    }

    equations: list[list[tuple[int, int]]] = []
    if row_totals:
        equations += [[(i, j) for j in range(width + 1)] for i in range(height)]
        if show_grand:
            equations.append([(height, j) for j in range(width + 1)])
    if column_totals:
        equations += [[(i, j) for i in range(height + 1)] for j in range(width)]
        if show_grand:
            equations.append([(i, width) for i in range(height + 1)])

    changed = True
    while changed:
        changed = False
        for equation in equations:
            hidden_here = [key for key in equation if key in hidden]
            if len(hidden_here) != 1:
                continue
            shown = [key for key in equation if key not in hidden]
            if not shown:  # a one-entry equation (empty table): nothing to subtract from
                continue
            # Smallest shown entry loses least information; ties go to the first in reading order.
            complement = min(shown, key=lambda key: (grid[key], key))
            hidden.add(complement)
            changed = True

    def published(key: tuple[int, int]) -> Count:
        return SUPPRESSED if key in hidden else grid[key]

    return AnonymisedTable(
        cells=tuple(tuple(published((i, j)) for j in range(width)) for i in range(height)),
        row_totals=tuple(published((i, width)) for i in range(height)) if row_totals else None,
        column_totals=(
            tuple(published((height, j)) for j in range(width)) if column_totals else None
        ),
        grand_total=published((height, width)) if show_grand else None,
    )


def anonymise_column(counts: Sequence[int], *, population: int) -> tuple[Count, ...]:
    """Counts that do not add up to a published total (e.g. people holding each skill).

    Only primary suppression applies; ``population`` is the size of the group counted from
    (e.g. all candidates of the district): zeros are shown only if it is at least 5.
    """
    table = anonymise_table(
        [[count] for count in counts],
        row_totals=False,
        column_totals=False,
        suppress_zeros=population < MIN_CELL_SIZE,
    )
    return tuple(row[0] for row in table.cells)
