"""Derived values of the puzzel: row sums, totals, percentages, the national row.

Every derived cell of sheet Puzzel is declared once by :func:`derived_cells`; the builder
turns each into a native Excel formula (:mod:`xlpuzzel.formulas`) and :func:`compute`
gives the value the core expects, so workbook and core can be compared cell by cell.
Blank, '-', 'n.v.t.' and (like Excel's SUM) 'ntb' and text count as 0 in sums; an error
value makes the result unknown (None), as it makes Excel's result an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction

from xlpuzzel.entry import Entry, Kind
from xlpuzzel.layout import (
    COLUMNS,
    LANDELIJK_TASK_COLUMNS,
    Role,
    TotalKind,
    rowsum_parts,
)
from xlpuzzel.model import Puzzel

Number = Fraction


class Row(Enum):
    """Which row of the table a derived cell sits in."""

    GEMEENTE = "gemeente"
    TOTAAL = "totaal"
    VERSCHIL = "verschil"
    LANDELIJK = "landelijk"


class Op(Enum):
    """How a derived cell is computed."""

    ROWSUM = "rowsum"  # sum of the block's three categories on the same row
    SUM = "sum"  # sum of the gemeenten in the column
    PARTS = "parts"  # sum of the block's category totals on the Totaal row (the provincial task)
    RATIO = "ratio"  # offer total / task total
    DIFF = "diff"  # offer total - task total
    CLOSURE = "closure"  # sum of the gemeenten's row sums - the row-sum total (should be 0)


@dataclass(frozen=True)
class DerivedCell:
    """One formula cell: where it is and what it computes from which columns."""

    row: Row
    column_id: str
    op: Op
    args: tuple[str, ...]
    index: int | None = None  # gemeente position for Row.GEMEENTE


def derived_cells(n_gemeenten: int) -> tuple[DerivedCell, ...]:
    """Every derived cell of a puzzel with `n_gemeenten` gemeenten."""
    cells: list[DerivedCell] = []
    for col in COLUMNS:
        if col.role is Role.ROWSUM:
            parts = tuple(c.id for c in rowsum_parts(col.id))
            for i in range(n_gemeenten):
                cells.append(DerivedCell(Row.GEMEENTE, col.id, Op.ROWSUM, parts, i))
    for col in COLUMNS:
        if col.total is TotalKind.SUM:
            cells.append(DerivedCell(Row.TOTAAL, col.id, Op.SUM, (col.id,)))
        elif col.total is TotalKind.PARTS:
            parts = tuple(c.id for c in rowsum_parts(col.id))
            cells.append(DerivedCell(Row.TOTAAL, col.id, Op.PARTS, parts))
    for col in COLUMNS:
        if col.task is not None:
            cells.append(DerivedCell(Row.VERSCHIL, col.id, Op.RATIO, (col.id, col.task)))
            cells.append(DerivedCell(Row.LANDELIJK, col.id, Op.DIFF, (col.id, col.task)))
        elif col.total is TotalKind.PARTS:
            # Do the gemeenten's tasks add up to the provincial task? (8.411 - 8.413 = -2)
            cells.append(DerivedCell(Row.VERSCHIL, col.id, Op.CLOSURE, (col.id,)))
    return tuple(cells)


def summed(entries: Iterable[Entry]) -> Number | None:
    """Sum as Excel's SUM sees it: numbers add, blanks and text count 0, an error spoils it."""
    total = Fraction(0)
    for e in entries:
        if e.kind is Kind.ERROR:
            return None
        if e.kind in (Kind.NUMBER, Kind.DECIMAL) and e.number is not None:
            total += e.number
    return total


def row_sum(puzzel: Puzzel, column_id: str, index: int) -> Number | None:
    """The 'Oek + Asiel' value of a gemeente (AMV included)."""
    return summed(puzzel.entry(c.id, index) for c in rowsum_parts(column_id))


def row_sums(puzzel: Puzzel, column_id: str) -> tuple[Number | None, ...]:
    """Row sums for every gemeente."""
    return tuple(row_sum(puzzel, column_id, i) for i in range(len(puzzel.gemeenten)))


def column_sum(puzzel: Puzzel, column_id: str) -> Number | None:
    """Sum of a column over the gemeenten (row-sum columns computed, not read)."""
    col = next(c for c in COLUMNS if c.id == column_id)
    if col.role is Role.ROWSUM:
        values = row_sums(puzzel, column_id)
        if any(v is None for v in values):
            return None
        return sum((v for v in values if v is not None), Fraction(0))
    return summed(puzzel.columns[column_id])


def total(puzzel: Puzzel, column_id: str) -> Number | None:
    """The Totaal-row value the core uses: the typed value for authority totals, the sum of the
    category totals for the task's "Oek + Asiel", else the sum of the gemeenten."""
    col = next(c for c in COLUMNS if c.id == column_id)
    if col.total is TotalKind.PARTS:
        return parts_total(puzzel, column_id)
    if col.total is TotalKind.AUTHORITY:
        # Read the typed cell as Excel's formulas do: blank counts 0, text or an error
        # makes offer - task an error (None); controle reports the missing task itself.
        entry = puzzel.totaal.get(column_id)
        if entry is None:
            return Fraction(0)
        return entry.value if entry.kind is not Kind.PERCENT else None
    return column_sum(puzzel, column_id)


def parts_total(puzzel: Puzzel, column_id: str) -> Number | None:
    """Sum of the Totaal-row values of a row-sum column's categories (5.722 + 2.462 + 229)."""
    parts = [total(puzzel, c.id) for c in rowsum_parts(column_id)]
    if any(p is None for p in parts):
        return None
    return sum((p for p in parts if p is not None), Fraction(0))


def ratio(offer: Number | None, task: Number | None) -> Number | None:
    """Offer as a fraction of the task (0.8118 for 81%); None when the task is 0 or unknown."""
    if offer is None or task is None or task == 0:
        return None
    return Fraction(offer) / Fraction(task)


def difference(offer: Number | None, task: Number | None) -> Number | None:
    """Offer minus task in places (negative: a shortage)."""
    if offer is None or task is None:
        return None
    return Fraction(offer) - Fraction(task)


def compute(cell: DerivedCell, puzzel: Puzzel) -> Number | None:
    """The value the core expects in a derived cell."""
    if cell.op is Op.ROWSUM:
        assert cell.index is not None
        return row_sum(puzzel, cell.column_id, cell.index)
    if cell.op is Op.SUM:
        return column_sum(puzzel, cell.column_id)
    if cell.op is Op.PARTS:
        return parts_total(puzzel, cell.column_id)
    if cell.op is Op.RATIO:
        return ratio(total(puzzel, cell.args[0]), total(puzzel, cell.args[1]))
    if cell.op is Op.DIFF:
        return difference(total(puzzel, cell.args[0]), total(puzzel, cell.args[1]))
    if cell.op is Op.CLOSURE:
        return difference(column_sum(puzzel, cell.column_id), total(puzzel, cell.column_id))
    raise ValueError(cell.op)


def national_tasks(puzzel: Puzzel) -> dict[str, Number]:
    """The national tasks typed in the national row (120.000 Oek, 96.000 asiel)."""
    out: dict[str, Number] = {}
    for cid in LANDELIJK_TASK_COLUMNS:
        entry = puzzel.landelijk.get(cid)
        if entry is not None and entry.kind is Kind.NUMBER and entry.number is not None:
            out[cid] = entry.number
    return out


def expected_inbreng(puzzel: Puzzel, category: str, index: int) -> int | None:
    """Eerste voorstel + bijstelling for a gemeente; None when either is unknown or invalid."""
    first = puzzel.entry(f"eerste_{category}", index).amount
    change = puzzel.entry(f"bijstelling_{category}", index).amount
    if first is None or change is None:
        return None
    return first + change
