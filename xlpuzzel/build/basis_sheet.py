"""Sheet `Basis` (hidden): the shipped baseline equals the workbook's own numbers.

A data file's baseline is dated at the PRT its table was put before (`prt_datum` in its
settings), else at its `peildatum`; a new puzzel's (`puzzel nieuw`) at the day it was made. The
build stays deterministic, no clock is read. The log row says what the numbers are, no more than
the sources say: the table of 12-7-2024 was proposed to the PRT of 17-7-2024, not agreed there.
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

#: Who set the shipped baseline of a table put before a PRT.
SHIPPED_GEZET_DOOR = "provinciale regietafel"
#: Who set a baseline nobody agreed yet: the tool wrote down the numbers the workbook begins with.
NIEUW_GEZET_DOOR = "xlpuzzel"


def shipped_basis(dataset: Dataset) -> Basis:
    """The baseline of a workbook built from a data file: its own numbers, dated at the PRT (or the data's peildatum)."""
    moment = basis_datum(dataset)
    tabel = _datum(dataset.meta.get("peildatum"))
    if not dataset.instellingen.get("prt_datum"):
        return _basis(dataset, NIEUW_GEZET_DOOR, moment, f"Tabel van {moment:%d-%m-%Y}: de getallen waarmee de werkmap begint")
    omschrijving = f"Verdeling voorgelegd aan de provinciale regietafel van {moment:%d-%m-%Y}"
    if tabel is not None and tabel != moment.date():
        omschrijving = f"Tabel van {tabel:%d-%m-%Y}, voorgelegd aan de provinciale regietafel van {moment:%d-%m-%Y}"
    return _basis(dataset, SHIPPED_GEZET_DOOR, moment, omschrijving)


def nieuwe_basis(dataset: Dataset) -> Basis:
    """The baseline of a new puzzel (`puzzel nieuw`): the numbers it begins with, set by xlpuzzel the day it was made
    (its `peildatum`), whatever PRT date its settings already name for the letters."""
    day = _datum(dataset.meta.get("peildatum")) or dt.date(2024, 1, 1)
    moment = dt.datetime(day.year, day.month, day.day)
    return _basis(dataset, NIEUW_GEZET_DOOR, moment, f"Werkmap gemaakt op {moment:%d-%m-%Y}: de getallen waarmee de puzzel begint")


def _basis(dataset: Dataset, wie: str, moment: dt.datetime, omschrijving: str) -> Basis:
    return basisplan(dataset.puzzel, wie, moment, omschrijving=omschrijving).basis


def basis_datum(dataset: Dataset) -> dt.datetime:
    """The PRT date of the data file (settings `prt_datum`, else `peildatum`) at midnight."""
    day = _datum(dataset.instellingen.get("prt_datum")) or _datum(dataset.meta.get("peildatum")) or dt.date(2024, 1, 1)
    return dt.datetime(day.year, day.month, day.day)


def _datum(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)[:10]) if value else None


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
