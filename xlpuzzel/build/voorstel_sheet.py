"""Sheet `Voorstel`: where `puzzel voorstel --schrijf` and 'Voorstel berekenen' put the proposal.

The builder writes only the frame (title, a line saying how to fill it, block and column
headers, widths); the writers fill the values and keep these cells' formats.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, PatternFill
from openpyxl.workbook.workbook import Workbook

from xlpuzzel.build.pagina import liggend
from xlpuzzel.build.stijl import font
from xlpuzzel.dataset import Dataset
from xlpuzzel.layout import (
    VOORSTEL_BLOCKS,
    VOORSTEL_COLUMNS,
    VOORSTEL_SHEET,
    VOORSTEL_TITLE,
    VoorstelLayout,
    voorstel_leeg,
)
from xlpuzzel.tekst import NEUTRALE_NAAM, lint_label

_HEADER_FILL = "D9D9D9"
_WIDTHS = {"gemeente": 30, "totaal": 12, "opgave": 12, "toelichting": 60}
#: Dutch Excel shows these with '.' between thousands; a bijstelling with its sign, 0 as blank.
_AANTAL = "#,##0"
_BIJSTELLING = '+#,##0;-#,##0;""'
#: Rows of explanation lines that get the page's width (the proposal writes at most this many).
_UITLEG_RIJEN = 40


def add_voorstel_sheet(wb: Workbook, dataset: Dataset) -> None:
    """Write the empty frame of sheet Voorstel."""
    lay = VoorstelLayout(len(dataset.puzzel.gemeenten))
    ws = wb.create_sheet(VOORSTEL_SHEET)
    ws[f"A{lay.title_row}"] = VOORSTEL_TITLE
    ws[f"A{lay.title_row}"].font = font(bold=True, size=14)
    ws[f"A{lay.samenvatting_row}"] = voorstel_leeg(lint_label(dataset.instellingen) or NEUTRALE_NAAM)
    ws[f"A{lay.samenvatting_row}"].font = font(italic=True)
    last = VOORSTEL_COLUMNS[-1].letter
    for row, height in ((lay.samenvatting_row, 30), (lay.samenvatting_row + 1, 15)):
        ws[f"A{row}"].alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(f"A{row}:{last}{row}")
        ws.row_dimensions[row].height = height
    for row in range(lay.first_row, lay.tekort_row + 1):
        for col in VOORSTEL_COLUMNS:
            if col.id in ("gemeente", "toelichting"):
                continue
            ws[lay.cell(col.id, row)].number_format = _BIJSTELLING if col.id.startswith("bijstelling") else _AANTAL
    for row in range(lay.vergelijking_row + 1, lay.uitleg_row):
        for letter in "BC":
            ws[f"{letter}{row}"].number_format = _AANTAL
    for column_id, text in VOORSTEL_BLOCKS:
        ws[lay.cell(column_id, lay.block_header_row)] = text
        ws[lay.cell(column_id, lay.block_header_row)].font = font(bold=True)
    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    for col in VOORSTEL_COLUMNS:
        cell = ws[lay.cell(col.id, lay.header_row)]
        cell.value = col.header
        cell.font = font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        ws.column_dimensions[col.letter].width = _WIDTHS.get(col.id, 9)
    for row in (lay.totaal_row, lay.opgave_row, lay.tekort_row, lay.vergelijking_row, lay.uitleg_row):
        ws[f"A{row}"].font = font(bold=True)
    ws.freeze_panes = ws[lay.cell("eerste_oek", lay.first_row)]
    liggend(ws, f"A1:{last}{lay.uitleg_row + _UITLEG_RIJEN}")
