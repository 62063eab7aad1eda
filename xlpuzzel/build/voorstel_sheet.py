"""Sheet `Voorstel`: where `puzzel voorstel --schrijf` and 'Voorstel berekenen' put the proposal.

The builder writes only the frame (title, a line saying how to fill it, block and column
headers, widths); the writers fill the values and keep these cells' formats.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.workbook import Workbook

from xlpuzzel.dataset import Dataset
from xlpuzzel.layout import (
    VOORSTEL_BLOCKS,
    VOORSTEL_COLUMNS,
    VOORSTEL_LEEG,
    VOORSTEL_SHEET,
    VOORSTEL_TITLE,
    VoorstelLayout,
)

_HEADER_FILL = "D9D9D9"
_WIDTHS = {"gemeente": 22, "totaal": 12, "opgave": 12, "toelichting": 60}


def add_voorstel_sheet(wb: Workbook, dataset: Dataset) -> None:
    """Write the empty frame of sheet Voorstel."""
    lay = VoorstelLayout(len(dataset.puzzel.gemeenten))
    ws = wb.create_sheet(VOORSTEL_SHEET)
    ws[f"A{lay.title_row}"] = VOORSTEL_TITLE
    ws[f"A{lay.title_row}"].font = Font(bold=True, size=14)
    ws[f"A{lay.samenvatting_row}"] = VOORSTEL_LEEG
    ws[f"A{lay.samenvatting_row}"].font = Font(italic=True)
    for column_id, text in VOORSTEL_BLOCKS:
        ws[lay.cell(column_id, lay.block_header_row)] = text
        ws[lay.cell(column_id, lay.block_header_row)].font = Font(bold=True)
    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    for col in VOORSTEL_COLUMNS:
        cell = ws[lay.cell(col.id, lay.header_row)]
        cell.value = col.header
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        ws.column_dimensions[col.letter].width = _WIDTHS.get(col.id, 9)
    for row in (lay.totaal_row, lay.opgave_row, lay.tekort_row, lay.vergelijking_row, lay.uitleg_row):
        ws[f"A{row}"].font = Font(bold=True)
    ws.freeze_panes = ws[lay.cell("eerste_oek", lay.first_row)]
