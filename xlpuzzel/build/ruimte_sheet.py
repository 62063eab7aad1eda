"""Sheet `Ruimte`: the per-gemeente bounds for the proposal, filled in by staff (empty = no bound).

The builder writes the title, the explanation, the header and one row per gemeente (its
name from the data file); the bound cells are yellow input cells with a data validation
that accepts a whole number of 0 or more, and 'Vast' offers ja/nee. Reading is
:func:`xlpuzzel.voorstel.ruimte.ruimte_uit_cellen`, which matches rows by gemeente name.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, PatternFill
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from xlpuzzel.build.pagina import liggend
from xlpuzzel.build.stijl import font, tekst_blijft_tekst
from xlpuzzel.dataset import Dataset
from xlpuzzel.layout import INPUT_COLOR, RUIMTE_COLUMNS, RUIMTE_LAYOUT, RUIMTE_SHEET
from xlpuzzel.voorstel.ruimte import ruimte_kop_cellen

_HEADER_FILL = "D9D9D9"
_WIDTHS = {"gemeente": 22, "vast": 8, "toelichting": 50}


def add_ruimte_sheet(wb: Workbook, dataset: Dataset) -> None:
    """Write sheet Ruimte: header, one empty row of bounds per gemeente, validations."""
    lay = RUIMTE_LAYOUT
    ws = wb.create_sheet(RUIMTE_SHEET)
    gemeenten = dataset.puzzel.gemeenten
    for address, value in ruimte_kop_cellen(gemeenten).items():
        ws[address] = value
        tekst_blijft_tekst(ws[address])
    ws[f"A{lay.title_row}"].font = font(bold=True, size=14)
    ws[f"A{lay.uitleg_row}"].font = font(italic=True)
    ws[f"A{lay.uitleg_row}"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(f"A{lay.uitleg_row}:{RUIMTE_COLUMNS[-1].letter}{lay.uitleg_row}")
    ws.row_dimensions[lay.uitleg_row].height = 30
    header_fill = PatternFill("solid", fgColor=_HEADER_FILL)
    input_fill = PatternFill("solid", fgColor=INPUT_COLOR)
    last = lay.first_row + len(gemeenten) - 1
    for col in RUIMTE_COLUMNS:
        cell = ws[lay.cell(col.id, lay.header_row)]
        cell.font = font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center")
        ws.column_dimensions[col.letter].width = _WIDTHS.get(col.id, 10)
        if col.id == "gemeente":
            continue
        for row in range(lay.first_row, last + 1):
            ws[lay.cell(col.id, row)].fill = input_fill
    if gemeenten:
        bounds = [c for c in RUIMTE_COLUMNS if c.category is not None]
        aantal = DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True, showErrorMessage=True,
            errorTitle="Ruimte", error="Typ een geheel aantal plaatsen van 0 of meer, of laat de cel leeg (geen grens).",
        )
        aantal.add(f"{bounds[0].letter}{lay.first_row}:{bounds[-1].letter}{last}")
        vast = DataValidation(
            type="list", formula1='"ja,nee"', allow_blank=True, showErrorMessage=True,
            errorTitle="Ruimte", error="Typ ja (het eerste voorstel blijft staan) of laat de cel leeg.",
        )
        vast.add(f"{lay.cell('vast', lay.first_row)}:{lay.cell('vast', last)}")
        ws.add_data_validation(aantal)
        ws.add_data_validation(vast)
    ws.freeze_panes = ws[lay.cell(RUIMTE_COLUMNS[1].id, lay.first_row)]
    liggend(ws, f"A1:{RUIMTE_COLUMNS[-1].letter}{max(last, lay.header_row)}")
