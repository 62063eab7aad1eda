"""Sheet `Wijzigingslog` (visible): header, the row marking the shipped baseline, Woo mapping.

Later rows are appended by the file writer (:mod:`xlpuzzel.patch`) or the Excel front; it
copies each column's cell format from the row above, so the formats set here carry on.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook

from xlpuzzel.bijstelling import Basis, basis_regel, log_kop_cellen, logregel_cellen
from xlpuzzel.build.stijl import a4_liggend, fit_row_height, font
from xlpuzzel.layout import (
    INPUT_COLOR,
    LOG_DATUM_TIJD_FORMAT,
    LOG_HEADERS,
    LOG_LAYOUT,
    LOG_NAME,
    LOG_SHEET,
    PSEUDONYM_HEADERS,
    PSEUDONYM_NAME,
    tracking_defined_names,
)

_WIDTHS = (20, 16, 18, 24, 7, 12, 12, 30, 40)
_HEADER_FILL = "D9D9D9"


def add_log_sheet(wb: Workbook, basis: Basis) -> None:
    """Write sheet Wijzigingslog with its first row marking `basis`, and its defined names."""
    g = LOG_LAYOUT
    ws = wb.create_sheet(LOG_SHEET)
    header_fill = PatternFill("solid", fgColor=_HEADER_FILL)
    for address, text in log_kop_cellen().items():
        ws[address] = text
        ws[address].font = font(bold=True)
        ws[address].fill = header_fill
    for address, value in logregel_cellen(basis_regel(basis), g.first_row).items():
        ws[address] = value
    ws[f"{g.letter(0)}{g.first_row}"].number_format = LOG_DATUM_TIJD_FORMAT
    # Wrapped, so long texts (bron, toelichting) stay in their column; appended rows copy these formats.
    wrap = Alignment(wrap_text=True, vertical="top")
    for j, width in enumerate(_WIDTHS[: len(LOG_HEADERS)]):
        ws.column_dimensions[g.letter(j)].width = width
        for row in (g.header_row, g.first_row):
            ws[f"{g.letter(j)}{row}"].alignment = wrap

    k, l_ = g.pseudonym_cols
    for letter, text in zip((k, l_), PSEUDONYM_HEADERS):
        ws[f"{letter}{g.header_row}"] = text
        ws[f"{letter}{g.header_row}"].font = font(bold=True)
        ws[f"{letter}{g.header_row}"].fill = header_fill
        ws.column_dimensions[letter].width = 30
    # The shipped baseline was set by a body, not a person: publish it under its own name.
    ws[f"{k}{g.first_row}"] = basis.gezet_door
    ws[f"{l_}{g.first_row}"] = basis.gezet_door
    input_fill = PatternFill("solid", fgColor=INPUT_COLOR)
    for row in range(g.first_row, g.pseudonym_last_row + 1):
        ws[f"{k}{row}"].fill = input_fill
        ws[f"{l_}{row}"].fill = input_fill
    for row in (g.header_row, g.first_row):
        fit_row_height(ws, row)
    ws.freeze_panes = ws[f"{g.letter(0)}{g.first_row}"]
    a4_liggend(ws, f"{g.header_row}:{g.header_row}")
    names = tracking_defined_names()
    for name in (LOG_NAME, PSEUDONYM_NAME):
        wb.defined_names[name] = DefinedName(name, attr_text=names[name])
