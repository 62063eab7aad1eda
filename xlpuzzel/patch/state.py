"""Read what change tracking needs from a workbook's parts: puzzel, baseline, log, notes.

A missing or broken sheet Basis or Wijzigingslog is kept as a Dutch error next to the
rest, so `puzzel basis --ja` can repair what `puzzel bijstellingen` must refuse.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field

from xlpuzzel.bijstelling import (
    NOTE_PREFIX,
    Basis,
    BijstellingError,
    LogRegel,
    basis_uit_cellen,
    log_uit_cellen,
    pseudoniemen_uit_cellen,
    sleutel,
)
from xlpuzzel.layout import (
    BASIS_LAYOUT,
    BASIS_SHEET,
    LOG_SHEET,
    PSEUDONYM_NAME,
    column_letter_index,
)
from xlpuzzel.model import Puzzel
from xlpuzzel.patch.cells import SheetXml, split_address
from xlpuzzel.patch.notes import SheetNotes
from xlpuzzel.patch.opc import sheet_parts
from xlpuzzel.patch.styles import load_styles
from xlpuzzel.reader import PuzzelWorkbook, read_sheet, read_workbook_parts

_HERSTEL_BLAD = (
    "Herstel: zet het werkblad terug uit de reservekopie ({bak}) of via Bestand > Info > "
    "Versiegeschiedenis; of begin opnieuw met `puzzel basis --ja` (de huidige getallen worden de basis{extra})."
)


@dataclass(frozen=True)
class BijstellingStaat:
    """A workbook as change tracking sees it; `basis`/`log` are None when their sheet is unusable."""

    werkmap: PuzzelWorkbook
    basis: Basis | None
    log: tuple[LogRegel, ...] | None
    #: Puzzel cell -> text of its note (all notes, the tool's and the user's).
    notities: Mapping[str, str] = field(default_factory=dict)
    #: User name (casefolded) -> role or pseudonym for the Woo export.
    pseudoniemen: Mapping[str, str] = field(default_factory=dict)
    basis_fout: BijstellingError | None = None
    log_fout: BijstellingError | None = None

    def vereist(self) -> tuple[Basis, tuple[LogRegel, ...]]:
        """Baseline and log, or the Dutch error of the first that is unusable."""
        if self.log_fout is not None:
            raise self.log_fout
        if self.basis_fout is not None:
            raise self.basis_fout
        assert self.basis is not None and self.log is not None
        return self.basis, self.log


def lees_staat(parts: Mapping[str, bytes], name: str) -> BijstellingStaat:
    """Read puzzel, baseline, log, notes and Woo mapping; `name` names the file in messages."""
    werkmap = read_workbook_parts(dict(parts), name)
    bak = f"{name}.bak"
    basis: Basis | None = None
    log: tuple[LogRegel, ...] | None = None
    basis_fout = log_fout = None
    pseudoniemen: dict[str, str] = {}
    if BASIS_SHEET not in werkmap.sheets:
        basis_fout = BijstellingError(
            f"{name}: het verborgen werkblad '{BASIS_SHEET}' (de afgesproken getallen) ontbreekt. "
            + _HERSTEL_BLAD.format(bak=bak, extra="")
        )
    else:
        try:
            basis = basis_uit_cellen(_values(parts, BASIS_SHEET))
        except BijstellingError as exc:
            basis_fout = BijstellingError(f"{name}: {exc.melding}", exc.cel)
    if LOG_SHEET not in werkmap.sheets:
        log_fout = BijstellingError(
            f"{name}: het werkblad '{LOG_SHEET}' ontbreekt. "
            + _HERSTEL_BLAD.format(bak=bak, extra="; de eerdere geschiedenis staat dan niet meer in de werkmap")
        )
    else:
        cells = _values(parts, LOG_SHEET)
        pseudoniemen = pseudoniemen_uit_cellen(cells, werkmap.names.get(PSEUDONYM_NAME))
        try:
            log = log_uit_cellen(cells)
        except BijstellingError as exc:
            log_fout = BijstellingError(f"{name}: {exc.melding}", exc.cel)
    mutable = dict(parts)
    puzzel_part = sheet_parts(mutable)[werkmap.puzzel.sheet]
    sheet = SheetXml(parts[puzzel_part])
    notes = SheetNotes(mutable, puzzel_part, sheet)
    notities = notes.texts()
    _styles_name, styles = load_styles(mutable)
    for cel in list(notities):
        # A threaded comment cannot carry the tool's line; its flag is the style alone. Reported as
        # the tool's note, so a rerun does not try to flag it again and a reverted value unflags it.
        if notes.is_threaded(cel) and styles.has_style(sheet.style(cel)):
            notities[cel] = f"{NOTE_PREFIX} (gespreksopmerking: alleen de kleur)"
    return BijstellingStaat(werkmap, basis, log, notities, pseudoniemen, basis_fout, log_fout)


def flag_memory(
    parts: Mapping[str, bytes], sheets: Mapping[str, str], puzzel: Puzzel | None = None
) -> dict[str, int]:
    """Per flagged cell the format index it had before flagging (columns on sheet Basis).

    An entry reads 'B6 (Assen, inwoners)': with `puzzel` it is the cell of that gemeente and
    column now, so the memory follows a row staff inserted above the table; an entry whose
    gemeente is gone (renamed) is dropped rather than applied to another cell.
    """
    part = sheets.get(BASIS_SHEET)
    if part is None:
        return {}
    b = BASIS_LAYOUT
    cells = _values(parts, BASIS_SHEET)
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


def _values(parts: Mapping[str, bytes], sheet: str) -> dict[str, object]:
    return {a: c.value for a, c in read_sheet(parts, sheet).items()}


def puzzel_part(parts: MutableMapping[str, bytes], sheet: str) -> str:
    """The part of the sheet holding the puzzel."""
    return sheet_parts(parts)[sheet]
