"""Sheet `Basis` (hidden): the shipped baseline equals the workbook's own numbers.

The baseline is dated at the PRT that agreed the numbers (`prt_datum` in the data file's
settings, else its `peildatum`): the build stays deterministic, no clock is read.
"""

from __future__ import annotations

import datetime as dt

from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook

from xlpuzzel.bijstelling import Basis, basis_cellen, basisplan
from xlpuzzel.build.stijl import font
from xlpuzzel.dataset import Dataset
from xlpuzzel.layout import (
    BASIS_GEZET_DOOR_NAME,
    BASIS_GEZET_OP_NAME,
    BASIS_LAYOUT,
    BASIS_SHEET,
    tracking_defined_names,
)

#: Who set the shipped baseline.
SHIPPED_GEZET_DOOR = "provinciale regietafel"


def shipped_basis(dataset: Dataset) -> Basis:
    """The baseline of a freshly built workbook: its own numbers, dated at the PRT."""
    moment = basis_datum(dataset)
    omschrijving = f"Verdeling zoals afgesproken in de provinciale regietafel van {moment:%d-%m-%Y}"
    return basisplan(dataset.puzzel, SHIPPED_GEZET_DOOR, moment, omschrijving=omschrijving).basis


def basis_datum(dataset: Dataset) -> dt.datetime:
    """The PRT date of the data file (settings `prt_datum`, else `peildatum`) at midnight."""
    text = str(dataset.instellingen.get("prt_datum") or dataset.meta.get("peildatum") or "2024-01-01")
    day = dt.date.fromisoformat(text[:10])
    return dt.datetime(day.year, day.month, day.day)


def add_basis_sheet(wb: Workbook, basis: Basis) -> None:
    """Write the hidden sheet Basis and its defined names."""
    ws = wb.create_sheet(BASIS_SHEET)
    for address, value in basis_cellen(basis).items():
        ws[address] = value
    b = BASIS_LAYOUT
    ws[f"{b.label_col}{b.note_row}"].font = font(italic=True)
    for cell in ws[b.header_row]:
        cell.font = font(bold=True)
    ws.column_dimensions[b.gemeente_col].width = 22
    ws.column_dimensions[b.value_col].width = 20
    ws.sheet_state = "hidden"
    names = tracking_defined_names()
    for name in (BASIS_GEZET_OP_NAME, BASIS_GEZET_DOOR_NAME):
        wb.defined_names[name] = DefinedName(name, attr_text=names[name])
