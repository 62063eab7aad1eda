"""The live workbook through xlwings: read in bulk by defined name, write back in bulk.

Every read is one call per range (sheet Puzzel as one block, a sheet's used range) plus,
for the puzzel, one lookup and one reference per defined name; every write one call per
range, so a click costs a fixed number of round trips whatever the number of gemeenten.
Works on every xlwings engine: desktop Excel (COM) and the remote engine the tests use.
What an engine cannot do (Office.js has no status bar, and no synchronous read of
formulas) degrades to doing without, never to an error for the user.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from xlpuzzel.bijstelling import (
    Basis,
    LogRegel,
    Markering,
    Ontmarkering,
    basis_cellen,
    log_kop_cellen,
    logregel_cellen,
    strip_tool_note,
    volgende_logrij,
)
from xlpuzzel.errors import PuzzelError, UnusableWorkbook
from xlpuzzel.layout import (
    BASIS_SHEET,
    BIJGESTELD_COLOR,
    BIJGESTELD_STYLE,
    COLUMN_BY_ID,
    COUNT_FORMAT,
    INPUT_COLOR,
    INSTELLINGEN_SHEET,
    LOG_DATUM_TIJD_FORMAT,
    LOG_HEADERS,
    LOG_LAYOUT,
    LOG_SHEET,
    PUZZEL_SHEET,
    SIGNED_FORMAT,
    index_to_letter,
    parse_address,
    tracking_defined_names,
)
from xlpuzzel.model import Puzzel
from xlpuzzel.sheetdata import REQUIRED_NAMES, Cel, Ref, RefError, assemble_puzzel, parse_ref
from xlpuzzel.tekst import NEUTRALE_NAAM, aantal
from xlpuzzel.usecases.protocol import Blad, Schrijfplan, Toegepast

if TYPE_CHECKING:
    import xlwings as xw
    from xlwings.main import Names


#: Title of a message box when the click has not read the puzzel's name (setting `puzzel_naam`).
TITEL = NEUTRALE_NAAM
#: Attribute of a book holding the message boxes' title once the click read sheet Instellingen.
_TITEL_VAN_BOEK = "_xlpuzzel_titel"
#: Defined name over the settings table (columns Instelling, Waarde).
INSTELLINGEN_NAME = "instellingen"

#: Sentinel of `Range.set_colors`: leave this cell's fill as it is.
KEEP = ...
#: Sheet Puzzel is read as one block when that block is at most this many cells, or at most
#: `_SPARE` times the cells its names cover (it is about one: the names tile the table).
_SMALL_BLOCK = 10_000
_SPARE = 4


# ------------------------------------------------------------------------------ reading


def boek(book: xw.Book | None = None) -> xw.Book:
    """The book passed in (tests, scripts), else the workbook whose button was clicked."""
    if book is not None:
        return book
    import xlwings as xw

    return xw.Book.caller()


def lees_puzzel(book: xw.Book) -> Puzzel:
    """The puzzel from the live workbook: each defined name's reference, then sheet Puzzel as one block.

    Per name one lookup and one `refers_to`; the cells of every name on sheet Puzzel come
    from one read of values and one of formulas over the rectangle holding them all, so a
    click costs two calls per name plus a handful, whatever the number of gemeenten. A name
    on another sheet is read on its own, one pointing nowhere (#REF!) not at all:
    :func:`assemble_puzzel` explains both to the user.
    """
    sheet = _blad(book, PUZZEL_SHEET)
    if sheet is None:  # renamed or deleted: every button writes to it, so refuse before anything is written
        found = ", ".join(s.name for s in book.sheets) or "geen"
        raise UnusableWorkbook(
            f"Het werkblad '{PUZZEL_SHEET}' ontbreekt (gevonden: {found}). Geef het werkblad met de tabel "
            f"weer de naam '{PUZZEL_SHEET}' (rechtsklik op de bladtab > Naam wijzigen) en klik opnieuw."
        )
    names = book.names  # one collection for every lookup (on COM each `book.names` is a call)
    items: dict[str, xw.Name] = {}
    refs: dict[str, str] = {}
    for name in REQUIRED_NAMES:
        item = _name(names, name)
        if item is not None:  # assemble_puzzel names every missing one in Dutch
            items[name] = item
            refs[name] = str(item.refers_to)
    values: dict[str, object] = {}
    formulas: dict[str, list[str | None]] = {}
    block: dict[str, Ref] = {}
    for name, text in refs.items():
        try:
            ref = parse_ref(text)
        except RefError:  # #REF! or no range: assemble_puzzel says so whatever is read, so read nothing
            values[name] = []
            continue
        if ref.sheet == PUZZEL_SHEET:
            block[name] = ref
        else:
            _lees_los(items[name], name, values, formulas)
    if block and _compact(block.values()):
        _lees_blok(sheet, block, values, formulas)
    else:  # a name stretched far down (to row 1048576, say) would make one block huge: read as before
        for name in block:
            _lees_los(items[name], name, values, formulas)
    return assemble_puzzel(values, refs, formulas or None)  # type: ignore[arg-type]


def _name(names: Names, name: str) -> xw.Name | None:
    """The workbook's defined name, or None when it has none of that name."""
    try:
        return names[name]
    except Exception:  # noqa: BLE001 - COM raises com_error, the remote engine KeyError
        return None


def _blad(book: xw.Book, name: str) -> xw.Sheet | None:
    """The sheet of that name, None when there is none."""
    try:
        return book.sheets[name]
    except Exception:  # noqa: BLE001 - COM raises com_error, the remote engine ValueError
        return None


def _compact(refs: Iterable[Ref]) -> bool:
    """True when the rectangle around the references is not much larger than the cells they name."""
    found = list(refs)
    named = sum(r.size for r in found)
    rows = max(r.last_row for r in found) - min(r.first_row for r in found) + 1
    cols = max(r.last_col for r in found) - min(r.first_col for r in found) + 1
    return rows * cols <= max(_SMALL_BLOCK, _SPARE * named)


def _lees_blok(
    sheet: xw.Sheet, refs: Mapping[str, Ref], values: dict[str, object], formulas: dict[str, list[str | None]]
) -> None:
    """Values (and formulas, when the engine reads them) of each name, sliced from one block of the sheet."""
    top = min(r.first_row for r in refs.values())
    left = min(r.first_col for r in refs.values())
    bottom = max(r.last_row for r in refs.values())
    right = max(r.last_col for r in refs.values())
    # An A1 address is one call on COM; two corner cells would be three.
    rng = sheet.range(f"{index_to_letter(left)}{top}:{index_to_letter(right)}{bottom}")
    grid = rng.options(ndim=2, err_to_str=True).value
    forms = _formula_rows(rng, bottom - top + 1)
    for name, ref in refs.items():
        where = [
            (r - top, c - left)
            for r in range(ref.first_row, ref.last_row + 1)
            for c in range(ref.first_col, ref.last_col + 1)
        ]
        values[name] = [grid[r][c] for r, c in where]
        if forms is not None:
            formulas[name] = [_formula(forms[r][c]) for r, c in where]


def _lees_los(
    item: xw.Name, name: str, values: dict[str, object], formulas: dict[str, list[str | None]]
) -> None:
    """Values (and formulas) of one name through its own range: how every name was read before."""
    try:
        rng = item.refers_to_range
    except Exception:  # noqa: BLE001 - no range behind the name: assemble_puzzel explains it
        values[name] = []
        return
    values[name] = rng.options(err_to_str=True).value
    found = formulas_of(rng)
    if found is not None:
        formulas[name] = found


def _formula_rows(rng: xw.Range, n_rows: int) -> list[list[object]] | None:
    """A block's formulas as rows (COM gives a lone cell as text); None when the engine cannot read them."""
    try:
        raw = rng.formula
    except NotImplementedError:  # the remote engine: Office.js sends values only
        return None
    if not isinstance(raw, (list, tuple)):
        return [[raw]]
    if raw and not isinstance(raw[0], (list, tuple)):  # a flat list: one row, or one column
        return [list(raw)] if n_rows == 1 else [[item] for item in raw]
    return [list(row) for row in raw]


def _formula(raw: object) -> str | None:
    """A cell's formula, None for a constant."""
    return raw if isinstance(raw, str) and raw.startswith("=") else None


def formulas_of(rng: xw.Range) -> list[str | None] | None:
    """The formulas of a range's cells (None for constants); None when the engine cannot read them."""
    try:
        raw = rng.formula
    except NotImplementedError:  # the remote engine: Office.js sends values only
        return None
    flat: list[object] = []
    for item in raw if isinstance(raw, (list, tuple)) else [raw]:
        flat.extend(item if isinstance(item, (list, tuple)) else [item])
    return [_formula(f) for f in flat]


def lees_instellingen(book: xw.Book) -> dict[str, object]:
    """Sheet Instellingen as key -> value (the `instellingen` name, two columns, one call).

    Without a usable name, columns A and B of the sheet from row 2, as the file reader does.
    """
    try:
        rows = book.names[INSTELLINGEN_NAME].refers_to_range.options(ndim=2).value
    except Exception:  # noqa: BLE001 - no name or #REF!: the sheet itself; no sheet: the documents say what is missing
        cellen = lees_blad(book, INSTELLINGEN_SHEET)
        key, value = index_to_letter(1), index_to_letter(2)
        last = max((split(a)[0] for a in cellen), default=1)
        rows = [[cellen.get(f"{key}{r}"), cellen.get(f"{value}{r}")] for r in range(2, last + 1)]
    out: dict[str, object] = {}
    for row in rows:
        if row and row[0] not in (None, ""):
            out[str(row[0]).strip()] = row[1] if len(row) > 1 else None
    from xlpuzzel.tekst import lint_label

    # The click read the puzzel's name anyway: its message boxes carry it, as its ribbon tab does.
    setattr(book, _TITEL_VAN_BOEK, lint_label(out))
    return out


def heeft_blad(book: xw.Book, name: str) -> bool:
    """True when the workbook has a sheet of that name."""
    return any(s.name == name for s in book.sheets)


def lees_blad(book: xw.Book, name: str) -> dict[str, object]:
    """A sheet's non-empty cells as A1 address -> value (its used range in one call); {} if absent."""
    if not heeft_blad(book, name):
        return {}
    rng = book.sheets[name].used_range
    grid = rng.options(ndim=2).value
    top, left = rng.row, rng.column
    out: dict[str, object] = {}
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if value not in (None, ""):
                out[f"{index_to_letter(left + c)}{top + r}"] = value
    return out


def lees_cellen(sheet: xw.Sheet) -> dict[str, Cel]:
    """A sheet's used range as A1 -> cell: values with errors as text, and formulas where the engine gives them.

    Two calls (values, formulas) whatever the size of the sheet.
    """
    rng = sheet.used_range
    values = rng.options(ndim=2, err_to_str=True).value
    forms = _formula_rows(rng, len(values))
    top, left = rng.row, rng.column
    out: dict[str, Cel] = {}
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            formula = _formula(forms[r][c]) if forms is not None and r < len(forms) and c < len(forms[r]) else None
            if value in (None, "") and formula is None:
                continue
            out[f"{index_to_letter(left + c)}{top + r}"] = Cel(value, formula)
    return out


def lees_notities(book: xw.Book, sheet: str) -> dict[str, str]:
    """Cell ('H14') -> note text of every note on a sheet (one call per existing note, none per cell).

    In xlwings Lite a note's text can only be read asynchronously: :func:`laad_notities`
    fetches them before the click, and they are taken from there.
    """
    vooraf = getattr(book, _NOTITIES_VOORAF, {})
    if sheet in vooraf:
        return dict(vooraf[sheet])
    out: dict[str, str] = {}
    for note in book.sheets[sheet].notes:
        out[note.location.address.replace("$", "")] = note.text
    return out


# ------------------------------------------------------------------------------ writing


def blad(book: xw.Book, name: str, after: str | None = None, hidden: bool = False) -> xw.Sheet:
    """The sheet of that name, added (after sheet `after`, else last) when missing."""
    for sheet in book.sheets:
        if sheet.name == name:
            return sheet
    anchor = book.sheets[after] if after and heeft_blad(book, after) else book.sheets[-1]
    active = book.sheets.active
    sheet = book.sheets.add(name, after=anchor)
    if hidden:
        sheet.visible = False
    # Excel shows a new sheet; keep the user where they were (the message box says where to look).
    active.activate()
    return sheet


def schrijf_cellen(sheet: xw.Sheet, cellen: Mapping[str, object]) -> None:
    """Write A1 address -> value as one rectangular block (empty in between), in one call."""
    if not cellen:
        return
    top, left, grid = blok(cellen)
    sheet.range((top, left)).value = grid


def blok(cellen: Mapping[str, object]) -> tuple[int, int, list[list[object]]]:
    """(top row, left column, grid) of the smallest rectangle holding the cells."""
    where = {split(a): v for a, v in cellen.items()}
    rows = [r for r, _ in where]
    cols = [c for _, c in where]
    top, left = min(rows), min(cols)
    grid: list[list[object]] = [[None] * (max(cols) - left + 1) for _ in range(max(rows) - top + 1)]
    for (r, c), value in where.items():
        grid[r - top][c - left] = value
    return top, left, grid


def kleur_cellen(sheet: xw.Sheet, kleuren: Mapping[str, str | None]) -> None:
    """Fill each listed cell ('H14' -> '#FFC7CE', None = no fill) with one `set_colors` call.

    The other cells of the enclosing rectangle are left as they are; desktop Excel then
    touches only the listed cells, the remote engine records one action.
    """
    if not kleuren:
        return
    where = {split(a): v for a, v in kleuren.items()}
    rows = [r for r, _ in where]
    cols = [c for _, c in where]
    top, left, bottom, right = min(rows), min(cols), max(rows), max(cols)
    matrix: list[list[Any]] = [
        [where.get((r, c), KEEP) for c in range(left, right + 1)] for r in range(top, bottom + 1)
    ]
    sheet.range((top, left), (bottom, right)).set_colors(matrix)


def split(address: str) -> tuple[int, int]:
    """(row, column) of an A1 address ('H14' -> (14, 8))."""
    found = parse_address(address)
    if found is None:
        raise ValueError(address)
    return found


# ------------------------------------------------------------------------------ the protocol


class LiveWerkmap:
    """The open workbook as a :class:`~xlpuzzel.usecases.Werkmap`: the live-Excel adapter of every use case.

    Reads are cached for the click (each range read once); :meth:`pas_toe` writes a plan
    back in bulk, in the plan's order: typed cells (in runs per column), the writer's sheets,
    the log rows, sheet Basis, then the flags (:func:`markeer_stijl`) and notes. Texts Excel
    would read as a formula get its quote prefix. Saving is the user's (Excel's), as always.
    """

    def __init__(self, book: xw.Book) -> None:
        self.book = book
        self._puzzel: Puzzel | None = None
        self._instellingen: dict[str, object] | None = None
        self._sheets: dict[str, dict[str, object] | None] = {}
        self._formules: dict[str, dict[str, Cel] | None] = {}
        self._notities: dict[str, str] | None = None
        self._names: Names | None = None

    naam = ""
    reservekopie = None

    def puzzel(self) -> Puzzel:
        """The puzzel by defined name (:func:`lees_puzzel`)."""
        if self._puzzel is None:
            self._puzzel = lees_puzzel(self.book)
        return self._puzzel

    def instellingen(self) -> Mapping[str, object]:
        """Sheet Instellingen (:func:`lees_instellingen`)."""
        if self._instellingen is None:
            self._instellingen = lees_instellingen(self.book)
        return self._instellingen

    def blad(self, naam: str) -> Mapping[str, object] | None:
        """A sheet's used range as A1 -> value; None when the workbook has no such sheet."""
        if naam not in self._sheets:
            self._sheets[naam] = lees_blad(self.book, naam) if heeft_blad(self.book, naam) else None
        return self._sheets[naam]

    def blad_met_formules(self, naam: str) -> Mapping[str, Cel] | None:
        """A sheet's used range with formulas where the engine reads them (:func:`lees_cellen`); None without it."""
        if naam not in self._formules:
            self._formules[naam] = lees_cellen(self.book.sheets[naam]) if heeft_blad(self.book, naam) else None
        return self._formules[naam]

    def verwijzing(self, naam: str) -> str | None:
        """What a defined name refers to, without its '='; one lookup and one reference per name."""
        if self._names is None:
            self._names = self.book.names  # one collection for every lookup (on COM each `book.names` is a call)
        item = _name(self._names, naam)
        return None if item is None else str(item.refers_to).lstrip("=")

    def notities(self) -> Mapping[str, str]:
        """The notes on the puzzel sheet (:func:`lees_notities`)."""
        if self._notities is None:
            self._notities = lees_notities(self.book, self.puzzel().sheet)
        return self._notities

    def pas_toe(self, plan: Schrijfplan) -> Toegepast:
        """Write the plan into the open workbook in a fixed number of calls per kind of change."""
        if plan.leeg:
            return Toegepast()
        book = self.book
        if plan.cellen:
            sheet = book.sheets[plan.blad or PUZZEL_SHEET]
            for run in blokken(self.puzzel(), plan.cellen):
                schrijf_cellen(sheet, run)
        for naam, inhoud in plan.bladen.items():
            _schrijf_blad(book, naam, inhoud)
        if plan.logregels:
            _log_toevoegen(book, self.blad(LOG_SHEET) or {}, plan.logregels)
        if plan.basis is not None:
            _schrijf_basis(book, plan.basis)
        if plan.markeren or plan.ontmarkeren:
            sheet = book.sheets[plan.blad or PUZZEL_SHEET]
            markeer_stijl(sheet, plan.markeren, plan.ontmarkeren)
            _notities_zetten(sheet, plan.markeren, plan.ontmarkeren, self.notities())
        self._sheets.clear()
        self._formules.clear()
        self._names = None  # a new sheet Basis brings its names
        self._puzzel = None
        self._notities = None
        return Toegepast()


def kan_stijl_zetten(book: xw.Book) -> bool:
    """True where xlwings can apply a named cell style: desktop Excel for Windows (COM).

    xlwings has no call for a cell style on other engines (xlwings 0.37.8: not on the Mac,
    not over Office.js, so neither on xlwings Server, xlwings Lite nor the remote engine of
    the tests), although Office.js itself knows `Range.style`.
    """
    try:
        return sys.platform == "win32" and book.app.engine.name == "excel"
    except Exception:  # noqa: BLE001 - an engine without App or engine: no styles either
        return False


def markeer_stijl(sheet: xw.Sheet, markeren: Sequence[Markering], ontmarkeren: Sequence[Ontmarkering]) -> str:
    """THE one place that decides how a flag looks in live Excel; returns 'stijl' or 'opmaak' (which way it went).

    Where the engine can (:func:`kan_stijl_zetten`) a flagged cell gets the named style
    'Tussentijds bijgesteld' itself, as the file writer gives it; an unflagged cell gets
    Excel's 'Normal' style with the input look the builder gave it (fill, thin border,
    number format of its column, right-aligned). Elsewhere the style's look is drawn
    instead: fill F4B183 and bold (all fills in one call), and back to the input fill, not
    bold. The file writer recognises that drawn look as a flag too, so the CLI unflags it.
    """
    if kan_stijl_zetten(sheet.book):
        for cellen in _gebieden([m.cel for m in markeren]):
            sheet.api.Range(cellen).Style = BIJGESTELD_STYLE
        for o in ontmarkeren:
            cell = sheet.api.Range(o.cel)
            cell.Style = "Normal"
            cell.Interior.Color = _bgr(INPUT_COLOR)
            for edge in (7, 8, 9, 10):  # xlEdgeLeft, xlEdgeTop, xlEdgeBottom, xlEdgeRight
                border = cell.Borders(edge)
                border.LineStyle, border.Weight, border.Color = 1, 2, _bgr("808080")  # continuous, thin, grey
            col = COLUMN_BY_ID.get(o.kolom)
            cell.NumberFormat = SIGNED_FORMAT if col is not None and col.may_be_negative else COUNT_FORMAT
            cell.HorizontalAlignment = -4152  # xlRight
        return "stijl"
    kleuren: dict[str, str | None] = {o.cel: f"#{INPUT_COLOR}" for o in ontmarkeren}
    kleuren.update({m.cel: f"#{BIJGESTELD_COLOR}" for m in markeren})
    kleur_cellen(sheet, kleuren)
    for m in markeren:
        sheet[m.cel].font.bold = True
    for o in ontmarkeren:
        sheet[o.cel].font.bold = False
    return "opmaak"


def _gebieden(cellen: Sequence[str]) -> list[str]:
    """Cells as comma-separated range addresses of at most 255 characters (what Range() accepts)."""
    out: list[str] = []
    current = ""
    for cel in cellen:
        if current and len(current) + 1 + len(cel) > 255:
            out.append(current)
            current = ""
        current = f"{current},{cel}" if current else cel
    if current:
        out.append(current)
    return out


def _bgr(rgb: str) -> int:
    """An 'RRGGBB' colour as the number COM's Color takes (blue, green, red)."""
    r, g, b = int(rgb[0:2], 16), int(rgb[2:4], 16), int(rgb[4:6], 16)
    return r + 256 * g + 65536 * b


def _notities_zetten(
    sheet: xw.Sheet, markeren: Sequence[Markering], ontmarkeren: Sequence[Ontmarkering], notities: Mapping[str, str]
) -> None:
    """The tool's line first in each flagged cell's note (the user's own text kept under it); removed on unflag."""
    for m in markeren:
        bestaand = notities.get(m.cel)
        eigen = strip_tool_note(bestaand).strip() if bestaand else ""
        tekst = m.notitie + (f"\n{eigen}" if eigen else "")
        if bestaand is None:
            sheet[m.cel].add_note(tekst)
        else:
            sheet[m.cel].note.text = tekst
    for o in ontmarkeren:
        bestaand = notities.get(o.cel)
        if bestaand is None:
            continue
        eigen = strip_tool_note(bestaand).strip()
        if eigen:
            sheet[o.cel].note.text = eigen
        else:
            sheet[o.cel].note.delete()


def _log_toevoegen(book: xw.Book, log_cellen: Mapping[str, object], regels: Sequence[LogRegel]) -> None:
    """Append the log rows under the last used row as one block (the header too on a new sheet)."""
    nieuw = not heeft_blad(book, LOG_SHEET)
    sheet = blad(book, LOG_SHEET)
    eerste = volgende_logrij(log_cellen)
    cellen: dict[str, object] = dict(log_kop_cellen()) if nieuw else {}
    for i, regel in enumerate(regels):
        cellen.update(logregel_cellen(regel, eerste + i))
    # Pin the block's width to all log columns, so empty trailing fields stay empty.
    for i in range(len(regels)):
        cellen.setdefault(f"{LOG_LAYOUT.letter(len(LOG_HEADERS) - 1)}{eerste + i}", None)
    schrijf_cellen(sheet, cellen)
    datum = LOG_LAYOUT.letter(0)
    sheet.range(f"{datum}{eerste}:{datum}{eerste + len(regels) - 1}").number_format = LOG_DATUM_TIJD_FORMAT


def _schrijf_basis(book: xw.Book, basis: Basis) -> None:
    """Replace sheet Basis by the new baseline in one write; make the sheet and its names when missing."""
    nieuw = not heeft_blad(book, BASIS_SHEET)
    sheet = blad(book, BASIS_SHEET, hidden=True)
    if not nieuw:
        sheet.clear_contents()
    schrijf_cellen(sheet, basis_cellen(basis))
    if nieuw:
        namen = {n.name for n in book.names}
        for name, ref in tracking_defined_names().items():
            if name not in namen and ref.startswith(BASIS_SHEET):
                book.names.add(name, f"={ref}")


def _schrijf_blad(book: xw.Book, naam: str, inhoud: Blad) -> None:
    """A writer's sheet: made when missing (hidden if asked), each range of `wis` cleared, the cells in one write.

    A text Excel would read as a formula ('+176 Oek', a name beginning with '=') gets Excel's
    quote prefix, which keeps it text and is not part of the value read back.
    """
    from xlpuzzel.export import csv_tekst

    sheet = blad(book, naam, hidden=inhoud.verborgen)
    for bereik in inhoud.wis:
        sheet.range(bereik).clear_contents()
    schrijf_cellen(sheet, {a: csv_tekst(v) if isinstance(v, str) else v for a, v in inhoud.cellen.items()})


def blokken(puzzel: Puzzel, nieuw: Mapping[str, object]) -> list[dict[str, object]]:
    """The writes of typed cells: per column, runs of neighbouring cells from the first to the last changed one.

    An unchanged cell inside a run is written back as it is (its formula, or its number or
    blank); a cell holding text ('ntb', '1.077' typed as text) is never rewritten, since
    Excel would read typed text its own way, so it ends a run.
    """
    kolommen: dict[int, dict[int, tuple[str, object]]] = {}
    for entries in puzzel.columns.values():
        for e in entries:
            if e.cell:
                row, col = split(e.cell)
                kolommen.setdefault(col, {})[row] = (e.cell, e.formula if e.formula else e.raw)
    writes: list[dict[str, object]] = []
    for col, cells in sorted(kolommen.items()):
        rows = sorted(r for r, (cel, _v) in cells.items() if cel in nieuw)
        if not rows:
            continue
        run: dict[str, object] = {}
        for row in range(rows[0], rows[-1] + 1):
            cel, current = cells.get(row, (f"{index_to_letter(col)}{row}", None))
            if cel in nieuw:
                run[cel] = nieuw[cel]
            elif current is None or (isinstance(current, (int, float)) and not isinstance(current, bool)) or (
                isinstance(current, str) and current.startswith("=")
            ):
                run[cel] = current
            else:
                if run:
                    writes.append(run)
                run = {}
        if run:
            writes.append(run)
    return [_zonder_staart(w, nieuw) for w in writes if any(a in nieuw for a in w)]


def _zonder_staart(run: dict[str, object], nieuw: Mapping[str, object]) -> dict[str, object]:
    """A run without unchanged cells at its ends (they need no write)."""
    keys = list(run)
    while keys and keys[0] not in nieuw:
        keys.pop(0)
    while keys and keys[-1] not in nieuw:
        keys.pop()
    return {k: run[k] for k in keys}


# ------------------------------------------------------------------------------ xlwings Lite


#: Where xlwings Lite shows the files Python writes (menu > Files > Import/Export), on every platform.
LITE_BESTANDEN = "/data"
#: The answer to the click's yes/no questions when it was given up front (xlwings Lite), None: ask.
_ANTWOORD: ContextVar[bool | None] = ContextVar("xlpuzzel_antwoord", default=None)


def in_lite() -> bool:
    """True inside xlwings Lite: Python in WebAssembly (Pyodide) in Excel's browser engine.

    There the script runs first and Excel carries out what it recorded afterwards, so a
    question cannot be answered during the click, Excel's user name is unknown, and files
    land in Lite's own file area. The adapters ask this, never the use cases.
    """
    return sys.platform == "emscripten"


@contextlib.contextmanager
def antwoord_vooraf(ja: bool | None) -> Iterator[None]:
    """Within the block every yes/no question of the click is answered `ja` without a dialog (None: ask)."""
    token = _ANTWOORD.set(ja)
    try:
        yield
    finally:
        _ANTWOORD.reset(token)


#: Attribute of a book holding the notes :func:`laad_notities` fetched (sheet -> cell -> text).
_NOTITIES_VOORAF = "_xlpuzzel_notities"


async def laad_notities(book: xw.Book, sheet: str = PUZZEL_SHEET) -> None:
    """Fetch the notes of `sheet` the way xlwings Lite allows (awaited, one read per note) before the click runs.

    Office.js sends where a sheet has notes, not what they say; Lite reads a note's text
    with `await note.get_text()` only. The synchronous click code (:func:`lees_notities`)
    then finds them on the book.
    """
    found = _blad(book, sheet)
    if found is None:
        return
    teksten: dict[str, str] = {}
    for note in found.notes:
        # The remote engine knows a note's cell from the payload (Office.js sends where notes are).
        teksten[note.impl.range.address.replace("$", "")] = str(await note.get_text() or "")
    vooraf = dict(getattr(book, _NOTITIES_VOORAF, {}))
    vooraf[sheet] = teksten
    setattr(book, _NOTITIES_VOORAF, vooraf)


class GeenAntwoord(PuzzelError):
    """A yes/no question where no answer can be had during the click (xlwings Lite) and none was given up front."""


# ------------------------------------------------------------------------------ talking


def status(book: xw.Book, text: str | bool) -> None:
    """Show text in Excel's status bar (False gives it back to Excel); engines without one skip it."""
    try:
        book.app.status_bar = text
    except NotImplementedError:
        pass


def titel(book: xw.Book) -> str:
    """The title of the click's message boxes: the puzzel's name as its ribbon tab shows it ('Drentse Puzzel')
    when the click read sheet Instellingen, else 'Puzzel' (no extra round trip to Excel for a title)."""
    return getattr(book, _TITEL_VAN_BOEK, None) or TITEL


def melding(book: xw.Book, text: str, ernstig: bool = False) -> None:
    """A Dutch message box with an OK button."""
    book.app.alert(text, title=titel(book), buttons="ok", mode="critical" if ernstig else "info")


def vraag(book: xw.Book, text: str) -> bool:
    """A Dutch yes/no question; True only for an explicit 'Ja' (no answer, as on xlwings Server, is no).

    An answer given up front (:func:`antwoord_vooraf`) is used without a dialog. In xlwings
    Lite a dialog is shown only after the script ended, so there the question becomes a
    message saying how to answer it: the checkbox above the button.
    """
    vooraf = _ANTWOORD.get()
    if vooraf is not None:
        return vooraf
    if in_lite():
        raise GeenAntwoord(
            f"{text}\n\nIn xlwings Lite kan deze vraag niet tijdens de klik beantwoord worden. Zet het vinkje "
            "'ja' boven de knop aan en klik opnieuw. Er is niets gewijzigd."
        )
    return book.app.alert(text, title=titel(book), buttons="yes_no", mode="info") == "yes"


def gebruiker_van(book: xw.Book) -> str:
    """Who clicked, for the Wijzigingslog: Excel's user name (File > Options), else the Windows login as the CLI
    and the locks name it; in xlwings Lite, where Excel does not tell it, refused: the name is typed above the button."""
    if in_lite():  # Office.js does not tell the user's name, and Pyodide's login is 'web_user'
        raise PuzzelError(
            "Vul boven de knop bij 'gebruiker' uw naam in: het Wijzigingslog noemt wie de wijziging deed, en "
            "xlwings Lite kent uw naam niet. Er is niets gewijzigd."
        )
    try:
        name = str(book.app.api.UserName).strip()
    except Exception:  # noqa: BLE001 - engines without the COM application object
        name = ""
    if name:
        return name
    # Standard library only, and it never raises (Pyodide has no login name to look up).
    from xlpuzzel.storage import current_user

    return current_user()


#: The clock of the clicks (tests set a fixed one).
KLOK: Callable[[], dt.datetime] = dt.datetime.now


def nu() -> dt.datetime:
    """The clock, read once per click, to the second (as the log shows it)."""
    return KLOK().replace(microsecond=0)


def opsomming(items: Iterable[str], limit: int = 5) -> str:
    """At most `limit` lines with a bullet, and how many more there are."""
    lines = list(items)
    shown = [f"• {line}" for line in lines[:limit]]
    if len(lines) > limit:
        shown.append(f"… en nog {len(lines) - limit}.")
    return "\n".join(shown)


__all__ = [
    "INSTELLINGEN_NAME",
    "LITE_BESTANDEN",
    "TITEL",
    "GeenAntwoord",
    "LiveWerkmap",
    "aantal",
    "antwoord_vooraf",
    "blad",
    "blok",
    "boek",
    "formulas_of",
    "gebruiker_van",
    "heeft_blad",
    "in_lite",
    "kan_stijl_zetten",
    "kleur_cellen",
    "laad_notities",
    "lees_blad",
    "lees_cellen",
    "lees_instellingen",
    "lees_notities",
    "lees_puzzel",
    "markeer_stijl",
    "melding",
    "nu",
    "opsomming",
    "schrijf_cellen",
    "split",
    "status",
    "titel",
    "vraag",
]
