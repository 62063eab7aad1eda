"""The format memory of flagged cells, kept on sheet Basis: which format a cell had before its flag.

A flagged cell carries a format of the named style; unflagging gives it back the format it
had. That memory lives in two columns of sheet Basis (see :mod:`xlpuzzel.patch.apply`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from xlpuzzel.bijstelling import sleutel
from xlpuzzel.layout import BASIS_LAYOUT, column_letter_index
from xlpuzzel.model import Puzzel
from xlpuzzel.patch.cells import split_address


def flag_memory(cells: Mapping[str, object] | None, puzzel: Puzzel | None = None) -> dict[str, int]:
    """Per flagged cell the format index it had before flagging (columns on sheet Basis).

    An entry reads 'B6 (Assen, inwoners)': with `puzzel` it is the cell of that gemeente and
    column now, so the memory follows a row staff inserted above the table; an entry whose
    gemeente is gone (renamed) is dropped rather than applied to another cell.
    """
    if not cells:
        return {}
    b = BASIS_LAYOUT
    out: dict[str, int] = {}
    memory_col = column_letter_index(b.memory_cell_col)
    for address, value in cells.items():
        try:
            row, col = split_address(address)
        except ValueError:
            continue
        if row < b.first_row or col != memory_col:
            continue
        style = cells.get(f"{b.memory_style_col}{row}")
        found = _MEMORY_CELL.match(value) if isinstance(value, str) else None
        if found is None or not isinstance(style, int) or isinstance(style, bool):
            continue
        cel: str | None = found.group(1).upper()
        if found.group(2) is not None and puzzel is not None:
            cel = _cell_of(puzzel, found.group(2), found.group(3))
        if cel is not None:
            out[cel] = style
    return out


def memory_label(cel: str, puzzel: Puzzel) -> str:
    """How sheet Basis names a remembered cell: 'B6 (Assen, inwoners)', or just 'B6' outside the table."""
    for column_id, entries in puzzel.columns.items():
        for i, entry in enumerate(entries):
            if entry.cell == cel:
                return f"{cel} ({puzzel.gemeenten[i]}, {column_id})"
    return cel


_MEMORY_CELL = re.compile(r"^\s*([A-Za-z]{1,3}\d+)\s*(?:\((.*),\s*([a-z_]+)\)\s*)?$")


def _cell_of(puzzel: Puzzel, gemeente: str, column_id: str) -> str | None:
    key = sleutel(gemeente, column_id)
    entries = puzzel.columns.get(column_id, ())
    for i, name in enumerate(puzzel.gemeenten):
        if sleutel(name, column_id) == key and i < len(entries):
            return entries[i].cell
    return None
