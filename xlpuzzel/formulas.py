"""Native Excel formulas for the derived cells, so the workbook works without Python."""

from __future__ import annotations

from xlpuzzel.calculation import DerivedCell, Op, Row, compute, derived_cells, total
from xlpuzzel.layout import PuzzelLayout, column
from xlpuzzel.model import Puzzel


def cell_address(cell: DerivedCell, layout: PuzzelLayout) -> str:
    """A1 address of a derived cell on sheet Puzzel."""
    return layout.cell(cell.column_id, _row_number(cell, layout))


def _row_number(cell: DerivedCell, layout: PuzzelLayout) -> int:
    if cell.row is Row.GEMEENTE:
        assert cell.index is not None
        return layout.gemeente_row(cell.index)
    return {
        Row.TOTAAL: layout.totaal_row,
        Row.VERSCHIL: layout.verschil_row,
        Row.LANDELIJK: layout.landelijk_row,
    }[cell.row]


def excel_formula(cell: DerivedCell, layout: PuzzelLayout) -> str:
    """The formula text (starting with '=') Excel and LibreOffice evaluate for this cell."""
    tot = layout.totaal_row
    if cell.op is Op.ROWSUM:
        row = _row_number(cell, layout)
        first, last = cell.args[0], cell.args[-1]
        return f"=SUM({layout.cell(first, row)}:{layout.cell(last, row)})"
    if cell.op is Op.SUM:
        letter = column(cell.column_id).letter
        return f"=SUM({letter}{layout.first_row}:{letter}{layout.last_row})"
    if cell.op is Op.PARTS:
        first, last = cell.args[0], cell.args[-1]
        return f"=SUM({layout.cell(first, tot)}:{layout.cell(last, tot)})"
    if cell.op is Op.RATIO:
        offer, task = (layout.cell(c, tot) for c in cell.args)
        return f'=IF(N({task})=0,"",{offer}/{task})'
    if cell.op is Op.DIFF:
        offer, task = (layout.cell(c, tot) for c in cell.args)
        return f"={offer}-{task}"
    if cell.op is Op.CLOSURE:
        letter = column(cell.column_id).letter
        return f"=SUM({letter}{layout.first_row}:{letter}{layout.last_row})-{layout.cell(cell.column_id, tot)}"
    raise ValueError(cell.op)


def shown_value(cell: DerivedCell, puzzel: Puzzel, layout: PuzzelLayout) -> object:
    """What the cell's formula shows for this puzzel: a number, '' (a ratio over a task of 0) or an error value.

    For a copy of the table as values (sheet 'Ronde …') and for stand-ins of Excel in tests.
    """
    value = compute(cell, puzzel)
    if value is not None:
        return int(value) if value.denominator == 1 else float(value)
    if cell.op is Op.RATIO and total(puzzel, cell.args[1]) == 0:
        return ""
    return "#VALUE!"


def shown_values(puzzel: Puzzel) -> dict[str, object]:
    """A1 address -> what each derived cell of sheet Puzzel shows for this puzzel (see :func:`shown_value`)."""
    layout = PuzzelLayout(len(puzzel.gemeenten))
    return {cell_address(c, layout): shown_value(c, puzzel, layout) for c in derived_cells(layout.n_gemeenten)}
