"""Apply a :class:`~xlpuzzel.usecases.Schrijfplan` to a package by patching its XML parts.

Parts that change, and only when something in them changes:
- the Puzzel sheet (cell format index `s` of flagged/unflagged cells; `<legacyDrawing>` when
  the first note is added or the last one removed), its rels, `xl/commentsN.xml`, the VML
  drawing and `[Content_Types].xml` (notes);
- `xl/styles.xml` when a needed cell format does not exist yet;
- sheet Wijzigingslog (rows appended below everything in columns A..I, each column's format
  copied from the row above);
- sheet Basis (`basis --ja` rewrites it; markeer keeps there, per flagged cell, the format
  index it had before, so unflagging restores it exactly).
- sheets a plan writes whole (`Schrijfplan.bladen`), made when missing.
A format memory that no longer fits (the cell was restyled in between) falls back to the
most common unflagged format of the same column.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from xlpuzzel.bijstelling import (
    Basis,
    LogRegel,
    Markering,
    Ontmarkering,
    basis_cellen,
    log_kop_cellen,
    logregel_cellen,
    volgende_logrij,
)
from xlpuzzel.layout import (
    BASIS_LAYOUT,
    BASIS_SHEET,
    LOG_DATUM_TIJD_FORMAT,
    LOG_HEADERS,
    LOG_LAYOUT,
    LOG_SHEET,
    PSEUDONYM_HEADERS,
    parse_address,
    tracking_defined_names,
)
from xlpuzzel.model import Puzzel
from xlpuzzel.patch.cells import SheetXml, excel_serial
from xlpuzzel.patch.notes import SheetNotes
from xlpuzzel.patch.state import flag_memory, memory_label
from xlpuzzel.patch.styles import Styles, load_styles
from xlpuzzel.patch.workbook import add_sheet, recalculate_on_open, set_defined_names
from xlpuzzel.patch.xmlpart import Edits
from xlpuzzel.sheetdata import RefError, parse_ref
from xlpuzzel.usecases.protocol import Blad, Schrijfplan

MEMORY_HEADERS = ("markering cel", "vorige opmaak")


def sheet_notes(edits: Edits, sheet: str) -> SheetNotes:
    """The notes of a sheet, parsed once per write (reading them for the plan and changing them share it)."""
    part = edits.sheet_part(sheet)
    return SheetNotes(edits, part, edits.xml(part, SheetXml))


def apply_plan(
    edits: Edits,
    plan: Schrijfplan,
    *,
    puzzel: Puzzel,
    gebruiker: str,
    basis_cells: Mapping[str, object] | None,
    log_cells: Mapping[str, object] | None,
    notes: SheetNotes | None = None,
) -> tuple[str, ...]:
    """Patch the parts for the plan (written back by `edits.store()`); returns cells that got no note.

    `basis_cells` and `log_cells` are sheets Basis and Wijzigingslog as the reader read them
    (None when missing): the next log row and the format memory come from there, not from a
    second read.
    """
    book = edits.book
    if plan.logregels and LOG_SHEET not in book.sheet_targets:
        add_sheet(edits, LOG_SHEET)
        _start_log(edits)
        log_cells = {}
    if plan.basis is not None and BASIS_SHEET not in book.sheet_targets:
        add_sheet(edits, BASIS_SHEET, hidden=True)
        basis_cells = {}
    if plan.basis is not None:
        set_defined_names(edits, tracking_defined_names())
    if plan.cellen:
        sheet = notes.sheet if notes is not None else edits.xml(edits.sheet_part(plan.blad), SheetXml)
        for address, value in plan.cellen.items():
            sheet.set_value(address, value)
        # The totals are formulas: their stored results are stale now, so Excel recalculates on open.
        sheet.drop_cached_formula_values()
        recalculate_on_open(edits)
    for name, blad in plan.bladen.items():
        _write_sheet(edits, name, blad)
    styles: Styles | None = None
    skipped: tuple[str, ...] = ()
    memory = flag_memory(basis_cells, puzzel)
    before = dict(memory)
    if plan.markeren or plan.ontmarkeren:
        styles = load_styles(edits)
        if notes is None:
            notes = sheet_notes(edits, plan.blad)
        flags = _Flags(notes, styles, memory, puzzel)
        flags.flag(plan.markeren, gebruiker)
        flags.unflag(plan.ontmarkeren)
        notes.store()
        skipped = tuple(notes.skipped)
    if plan.logregels:
        styles = styles or load_styles(edits)
        _append_log(edits, plan.logregels, styles, log_cells or {})
    if plan.basis is not None:
        _write_basis(edits, plan.basis, {})
    elif memory != before:
        _write_basis(edits, None, {memory_label(cel, puzzel): s for cel, s in memory.items()})
    return skipped


class _Flags:
    """Style and note changes on the puzzel sheet."""

    def __init__(self, notes: SheetNotes, styles: Styles, memory: dict[str, int], puzzel: Puzzel) -> None:
        self.notes = notes
        self.sheet = notes.sheet
        self.styles = styles
        self.memory = memory
        self.puzzel = puzzel

    def flag(self, markeren: Iterable[Markering], gebruiker: str) -> None:
        for m in markeren:
            previous = self.sheet.style(m.cel)
            if not self.styles.has_style(previous):
                self.memory.setdefault(m.cel, previous)
            self.sheet.set_style(m.cel, self.styles.flagged(previous))
            self.notes.set_tool_note(m.cel, m.notitie, gebruiker)

    def unflag(self, ontmarkeren: Iterable[Ontmarkering]) -> None:
        for o in ontmarkeren:
            current = self.sheet.style(o.cel)
            remembered = self.memory.pop(o.cel, None)
            # Older versions of the ribbon flagged with fill and bold, not the named style: undo that look too.
            if self.styles.has_style(current) or self.styles.has_flag_fill(current):
                restore = self._restore(o, current, remembered)
                if restore is not None:
                    self.sheet.set_style(o.cel, restore)
            self.notes.remove_tool_note(o.cel)

    def _restore(self, o: Ontmarkering, current: int, remembered: int | None) -> int | None:
        if remembered is not None and self.styles.xf(remembered) is None:
            remembered = None  # a memory pointing past the formats (edited by hand): not usable
        if remembered is not None and self.styles.unflagged_of(remembered, current):
            return remembered
        entries = self.puzzel.columns.get(o.kolom, ())
        counts = Counter(
            s for s in (self.sheet.style(e.cell) for e in entries if e.cell and e.cell != o.cel)
            if not self.styles.has_style(s) and not self.styles.has_flag_fill(s)
        )
        matching = [s for s, _n in counts.most_common() if self.styles.unflagged_of(s, current)]
        if matching:
            return matching[0]
        if counts:
            return counts.most_common(1)[0][0]
        return remembered


def _append_log(edits: Edits, regels: Iterable[LogRegel], styles: Styles, values: Mapping[str, object]) -> None:
    regels = list(regels)
    sheet = edits.xml(edits.sheet_part(LOG_SHEET), SheetXml)
    row = volgende_logrij(values)
    g = LOG_LAYOUT
    above = row - 1
    formats = [sheet.style(f"{g.letter(j)}{above}") if above >= g.first_row else 0 for j in range(len(LOG_HEADERS))]
    formats = [f if styles.xf(f) is not None else 0 for f in formats]
    if not styles.is_date_format(formats[0]):
        formats[0] = styles.date_format(LOG_DATUM_TIJD_FORMAT)
    shift = 1462 if edits.book.date1904 else 0
    for regel in regels:
        for address, value in logregel_cellen(regel, row).items():
            j = _log_column(address)
            if hasattr(value, "year"):
                value = excel_serial(value) - shift  # type: ignore[arg-type]
            sheet.set_value(address, value, style=formats[j])
        row += 1


def _log_column(address: str) -> int:
    g = LOG_LAYOUT
    letters = [g.letter(j) for j in range(len(LOG_HEADERS))]
    return letters.index(address.rstrip("0123456789"))


def _start_log(edits: Edits) -> None:
    """Header and Woo mapping header of a recreated sheet Wijzigingslog."""
    sheet = edits.xml(edits.sheet_part(LOG_SHEET), SheetXml)
    cells = dict(log_kop_cellen())
    g = LOG_LAYOUT
    for letter, text in zip(g.pseudonym_cols, PSEUDONYM_HEADERS):
        cells[f"{letter}{g.header_row}"] = text
    for address, value in cells.items():
        sheet.set_value(address, value)


def _write_basis(edits: Edits, basis: Basis | None, memory: Mapping[str, int]) -> None:
    """Rewrite sheet Basis: the whole baseline when `basis` is given, else only the format memory (label -> format)."""
    sheet = edits.xml(edits.sheet_part(BASIS_SHEET), SheetXml)
    b = BASIS_LAYOUT
    wanted: dict[str, object] = {}
    if basis is not None:
        wanted.update(basis_cellen(basis))
    wanted[f"{b.memory_cell_col}{b.header_row}"] = MEMORY_HEADERS[0]
    wanted[f"{b.memory_style_col}{b.header_row}"] = MEMORY_HEADERS[1]
    for i, (cel, style) in enumerate(sorted(memory.items())):
        wanted[f"{b.memory_cell_col}{b.first_row + i}"] = cel
        wanted[f"{b.memory_style_col}{b.first_row + i}"] = style
    memory_cols = (b.memory_cell_col, b.memory_style_col)
    for address in sheet.addresses():
        if address in wanted:
            continue
        letters = address.rstrip("0123456789")
        if basis is not None or (letters in memory_cols and int(address[len(letters):]) >= b.first_row):
            sheet.delete_cell(address)
    for address, value in wanted.items():
        cell = sheet.cell(address)
        if cell is not None and _same_value(sheet, address, value):
            continue
        sheet.set_value(address, value)


def _write_sheet(edits: Edits, name: str, blad: Blad) -> None:
    """A writer's sheet: made when missing, the contents of `blad.wis` emptied (formats kept), `blad.cellen` set."""
    if name not in edits.book.sheet_targets:
        add_sheet(edits, name, hidden=blad.verborgen)
    sheet = edits.xml(edits.sheet_part(name), SheetXml)
    areas = []
    for text in blad.wis:
        try:
            areas.append(parse_ref(text, name))
        except RefError:
            continue
    for address in sheet.addresses():
        found = parse_address(address)
        cell = sheet.cell(address)
        if address in blad.cellen or found is None or cell is None or len(cell) == 0:
            continue  # set below, or holds nothing to empty
        row, col = found
        if any(a.first_row <= row <= a.last_row and a.first_col <= col <= a.last_col for a in areas):
            sheet.set_value(address, None)
    for address, value in blad.cellen.items():
        if not (sheet.cell(address) is not None and _same_value(sheet, address, value)):
            sheet.set_value(address, value)



def _same_value(sheet: SheetXml, address: str, value: object) -> bool:
    """True when the stored cell already holds exactly this value (so the part can stay unchanged)."""
    c = sheet.cell(address)
    if c is None:
        return False
    t = c.get("t", "n")
    if isinstance(value, str):
        if t != "inlineStr":
            return False
        texts = [x.text or "" for x in c.iter(sheet.q("t"))]
        return "".join(texts) == value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        v = c.find(sheet.q("v"))
        return t == "n" and v is not None and v.text == str(value)
    return False
