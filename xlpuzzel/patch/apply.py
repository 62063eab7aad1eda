"""Apply a :class:`~xlpuzzel.bijstelling.MarkeerPlan` or :class:`~xlpuzzel.bijstelling.BasisPlan` to package parts.

Parts that change, and only when something in them changes:
- the Puzzel sheet (cell format index `s` of flagged/unflagged cells; `<legacyDrawing>` when
  the first note is added or the last one removed), its rels, `xl/commentsN.xml`, the VML
  drawing and `[Content_Types].xml` (notes);
- `xl/styles.xml` when a needed cell format does not exist yet;
- sheet Wijzigingslog (rows appended below everything in columns A..I, each column's format
  copied from the row above);
- sheet Basis (`basis --ja` rewrites it; markeer keeps there, per flagged cell, the format
  index it had before, so unflagging restores it exactly).
A format memory that no longer fits (the cell was restyled in between) falls back to the
most common unflagged format of the same column.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass

from xlpuzzel.bijstelling import (
    Basis,
    BasisPlan,
    LogRegel,
    MarkeerPlan,
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
    tracking_defined_names,
)
from xlpuzzel.patch.cells import SheetXml, excel_serial
from xlpuzzel.patch.notes import SheetNotes
from xlpuzzel.patch.opc import sheet_parts
from xlpuzzel.patch.state import BijstellingStaat, flag_memory, memory_label
from xlpuzzel.patch.styles import Styles, load_styles
from xlpuzzel.patch.workbook import add_sheet, is_date1904, set_defined_names

MEMORY_HEADERS = ("markering cel", "vorige opmaak")


@dataclass(frozen=True)
class Toegepast:
    """The new parts, and the cells that got no note because they hold a threaded comment."""

    parts: dict[str, bytes]
    zonder_notitie: tuple[str, ...] = ()


def pas_markeerplan_toe(
    parts: Mapping[str, bytes], plan: MarkeerPlan, staat: BijstellingStaat, gebruiker: str
) -> Toegepast:
    """The parts with the plan's flags set and removed and its log rows appended; `gebruiker` authors new notes."""
    out = dict(parts)
    if plan.leeg:
        return Toegepast(out)
    sheets = sheet_parts(out)
    styles_name, styles = load_styles(out)
    memory = flag_memory(out, sheets, staat.werkmap.puzzel)
    before = dict(memory)
    flags = _Flags(out, sheets[plan.sheet], styles, memory, staat)
    flags.flag(plan.markeren, gebruiker)
    flags.unflag(plan.ontmarkeren)
    flags.store()
    _append_log(out, plan.logregels, styles)
    if memory != before:
        _write_basis(out, None, {memory_label(cel, staat.werkmap.puzzel): s for cel, s in memory.items()})
    styles.store(out, styles_name)
    return Toegepast(out, tuple(flags.notes.skipped))


def pas_basisplan_toe(parts: Mapping[str, bytes], plan: BasisPlan, staat: BijstellingStaat) -> Toegepast:
    """The parts with the tool's flags removed, the log rows appended and sheet Basis rewritten."""
    out = dict(parts)
    sheets = sheet_parts(out)
    if LOG_SHEET not in sheets:
        add_sheet(out, LOG_SHEET)
        _start_log(out)
    if BASIS_SHEET not in sheets:
        add_sheet(out, BASIS_SHEET, hidden=True)
    sheets = sheet_parts(out)
    set_defined_names(out, tracking_defined_names())
    styles_name, styles = load_styles(out)
    memory = flag_memory(out, sheets, staat.werkmap.puzzel)
    flags = _Flags(out, sheets[plan.sheet], styles, memory, staat)
    flags.unflag(plan.ontmarkeren)
    flags.store()
    _append_log(out, plan.logregels, styles)
    _write_basis(out, plan.basis, {})
    styles.store(out, styles_name)
    return Toegepast(out)


class _Flags:
    """Style and note changes on the puzzel sheet."""

    def __init__(
        self,
        parts: MutableMapping[str, bytes],
        part: str,
        styles: Styles,
        memory: dict[str, int],
        staat: BijstellingStaat,
    ) -> None:
        self.parts = parts
        self.part = part
        self.sheet = SheetXml(parts[part])
        self.notes = SheetNotes(parts, part, self.sheet)
        self.styles = styles
        self.memory = memory
        self.staat = staat

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
            # The ribbon flags with fill and bold, not the named style: undo that look too.
            if self.styles.has_style(current) or self.styles.has_flag_fill(current):
                restore = self._restore(o, current, remembered)
                if restore is not None:
                    self.sheet.set_style(o.cel, restore)
            self.notes.remove_tool_note(o.cel)

    def _restore(self, o: Ontmarkering, current: int, remembered: int | None) -> int | None:
        if remembered is not None and self.styles.unflagged_of(remembered, current):
            return remembered
        entries = self.staat.werkmap.puzzel.columns.get(o.kolom, ())
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

    def store(self) -> None:
        self.notes.store()
        self.sheet.store(self.parts, self.part)


def _append_log(parts: MutableMapping[str, bytes], regels: Iterable[LogRegel], styles: Styles) -> None:
    regels = list(regels)
    if not regels:
        return
    from xlpuzzel.reader import read_sheet

    part = sheet_parts(parts)[LOG_SHEET]
    sheet = SheetXml(parts[part])
    values = {a: c.value for a, c in read_sheet(parts, LOG_SHEET, dates=False).items()}
    row = volgende_logrij(values)
    g = LOG_LAYOUT
    above = row - 1
    formats = [sheet.style(f"{g.letter(j)}{above}") if above >= g.first_row else 0 for j in range(len(LOG_HEADERS))]
    if not styles.is_date_format(formats[0]):
        formats[0] = styles.date_format(LOG_DATUM_TIJD_FORMAT)
    shift = 1462 if is_date1904(parts) else 0
    for regel in regels:
        for address, value in logregel_cellen(regel, row).items():
            j = _log_column(address)
            if hasattr(value, "year"):
                value = excel_serial(value) - shift  # type: ignore[arg-type]
            sheet.set_value(address, value, style=formats[j])
        row += 1
    sheet.store(parts, part)


def _log_column(address: str) -> int:
    g = LOG_LAYOUT
    letters = [g.letter(j) for j in range(len(LOG_HEADERS))]
    return letters.index(address.rstrip("0123456789"))


def _start_log(parts: MutableMapping[str, bytes]) -> None:
    """Header and Woo mapping header of a recreated sheet Wijzigingslog."""
    part = sheet_parts(parts)[LOG_SHEET]
    sheet = SheetXml(parts[part])
    cells = dict(log_kop_cellen())
    g = LOG_LAYOUT
    for letter, text in zip(g.pseudonym_cols, PSEUDONYM_HEADERS):
        cells[f"{letter}{g.header_row}"] = text
    for address, value in cells.items():
        sheet.set_value(address, value)
    sheet.store(parts, part)


def _write_basis(parts: MutableMapping[str, bytes], basis: Basis | None, memory: Mapping[str, int]) -> None:
    """Rewrite sheet Basis: the whole baseline when `basis` is given, else only the format memory (label -> format)."""
    part = sheet_parts(parts)[BASIS_SHEET]
    sheet = SheetXml(parts[part])
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
    sheet.store(parts, part)


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
