"""Sheet `Adressen`: the postal address of each college van B&W, typed by staff.

The builder writes one row per gemeente of the data file with the gemeente's own spelling
where the data file knows it (`adressen` in the JSON); addresses are left empty because no
source document holds them. A letter to a gemeente without an address is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openpyxl.styles import Alignment, PatternFill
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from xlpuzzel.build.stijl import a4_liggend, fit_row_height, font, tekst_blijft_tekst
from xlpuzzel.dataset import Dataset
from xlpuzzel.layout import ADRES_KOLOMMEN, ADRESSEN_LAYOUT, ADRESSEN_SHEET, INPUT_COLOR

_WIDTHS = {"gemeente": 22, "naam": 26, "postadres": 34, "postcode": 11, "plaats": 18, "email": 34}
_HEADER_FILL = "D9D9D9"
TOELICHTING = (
    "Vul per gemeente het postadres van het college van burgemeester en wethouders in, zoals de gemeente "
    "het zelf opgeeft. Brieven gaan alleen naar gemeenten met een postadres, postcode en plaats; de naam in "
    "kolom A moet gelijk zijn aan die op blad Puzzel. Het e-mailadres komt in overzicht.csv (digitale kopie)."
)


def add_adressen_sheet(wb: Workbook, dataset: Dataset) -> None:
    """Write sheet Adressen: explanation, header, one yellow input row per gemeente."""
    a = ADRESSEN_LAYOUT
    ws = wb.create_sheet(ADRESSEN_SHEET)
    last_letter = a.letter(ADRES_KOLOMMEN[-1][0])
    note = ws.cell(a.note_row, 1, TOELICHTING)
    note.font = font(italic=True, size=10)
    note.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(f"{a.first_col}{a.note_row}:{last_letter}{a.note_row}")
    ws.row_dimensions[a.note_row].height = 42
    header_fill = PatternFill("solid", fgColor=_HEADER_FILL)
    input_fill = PatternFill("solid", fgColor=INPUT_COLOR)
    for field, text in ADRES_KOLOMMEN:
        cell = ws[f"{a.letter(field)}{a.header_row}"]
        cell.value = text
        cell.font = font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[a.letter(field)].width = _WIDTHS[field]
    fit_row_height(ws, a.header_row)
    known: Mapping[str, Mapping[str, Any]] = dataset.adressen
    row = a.first_row
    for row, name in enumerate(dataset.puzzel.gemeenten, start=a.first_row):
        given = known.get(name, {})
        for field, _ in ADRES_KOLOMMEN:
            cell = ws[f"{a.letter(field)}{row}"]
            cell.value = name if field == "gemeente" else (given.get(field) or None)
            tekst_blijft_tekst(cell)
            cell.font = font()
            if field != "gemeente":
                cell.fill = input_fill
                cell.number_format = "@"
    postcode = DataValidation(
        type="custom",
        formula1=f'OR({a.letter("postcode")}{a.first_row}="",AND(LEN({a.letter("postcode")}{a.first_row})>=6,'
        f'ISNUMBER(--LEFT({a.letter("postcode")}{a.first_row},4))))',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="Postcode",
        error="Een Nederlandse postcode is vier cijfers en twee letters, bijvoorbeeld 9400 AC.",
        showInputMessage=True,
        promptTitle="Postcode",
        prompt="Vier cijfers en twee letters, bijvoorbeeld 9400 AC.",
    )
    postcode.add(f"{a.letter('postcode')}{a.first_row}:{a.letter('postcode')}{max(row, a.first_row)}")
    ws.add_data_validation(postcode)
    ws.freeze_panes = ws[f"{a.first_col}{a.first_row}"]
    a4_liggend(ws, f"{a.header_row}:{a.header_row}")
