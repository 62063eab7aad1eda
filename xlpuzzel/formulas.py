"""Native Excel formulas for the derived cells, so the workbook works without Python."""

from __future__ import annotations

from xlpuzzel.calculation import DerivedCell, Op, Row
from xlpuzzel.layout import PuzzelLayout, column


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
