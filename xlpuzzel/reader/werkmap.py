"""A puzzel workbook file -> :class:`PuzzelWorkbook`: the puzzel with provenance, names, instellingen.

Refuses, with one Dutch line naming the file, what would silently give wrong numbers:
missing or broken defined names, merged cells over the table, gemeente rows outside the names.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from xlpuzzel.adressen import Adres, adressen_uit_cellen
from xlpuzzel.errors import UnusableWorkbook
from xlpuzzel.layout import (
    ADRESSEN_SHEET,
    COLUMNS,
    INSTELLINGEN_SHEET,
    PUZZEL_SHEET,
    index_to_letter,
    quote_sheet,
)
from xlpuzzel.model import Puzzel
from xlpuzzel.package import PackageError
from xlpuzzel.reader.cells import RawCell, sheet_cells, sheet_with_merges, split_address
from xlpuzzel.reader.ooxml import Book, package_parts
from xlpuzzel.sheetdata import NAMES_ADVICE, REQUIRED_NAMES, Ref, RefError, assemble_puzzel, parse_ref

#: Defined name over the settings table (two columns: key, value).
INSTELLINGEN_NAME = "instellingen"


@dataclass(frozen=True)
class PuzzelWorkbook:
    """What a puzzel workbook holds, as read from the file."""

    path: str
    puzzel: Puzzel
    #: Workbook-level defined name -> what it refers to (e.g. 'Puzzel!$N$5:$N$16').
    names: Mapping[str, str] = field(default_factory=dict)
    #: Sheet Instellingen as key -> value; dates as datetime.date.
    instellingen: Mapping[str, object] = field(default_factory=dict)
    sheets: tuple[str, ...] = ()
    hidden_sheets: frozenset[str] = frozenset()
    #: Sheet Adressen: the colleges' postal addresses by gemeente (see xlpuzzel.adressen).
    adressen: Mapping[str, Adres] = field(default_factory=dict)


def read_workbook(path: str | os.PathLike[str]) -> PuzzelWorkbook:
    """Read a workbook file; raises UnusableWorkbook with a Dutch message when it cannot be used."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as fh:
            data = fh.read()
    except FileNotFoundError as exc:
        raise PackageError(f"{name}: bestand niet gevonden.") from exc
    except IsADirectoryError as exc:
        raise PackageError(f"{name}: dit is een map, geen werkmap.") from exc
    except PermissionError as exc:
        if os.path.isdir(name):
            raise PackageError(f"{name}: dit is een map, geen werkmap.") from exc
        raise PackageError(f"{name}: geen leesrechten (is het bestand geopend in een ander programma?).") from exc
    except OSError as exc:
        raise PackageError(f"{name}: het bestand kan niet gelezen worden ({exc.strerror}).") from exc
    return read_workbook_parts(package_parts(data, name), name)


def read_workbook_parts(parts: dict[str, bytes], name: str) -> PuzzelWorkbook:
    """Read a workbook given as its package parts; `name` names it in messages."""
    book = Book(parts, name)
    if PUZZEL_SHEET not in book.sheet_targets:
        found = ", ".join(book.sheet_order) or "geen"
        raise UnusableWorkbook(
            f"{name}: het werkblad '{PUZZEL_SHEET}' ontbreekt (gevonden: {found}). "
            f"Geef het werkblad met de tabel weer de naam '{PUZZEL_SHEET}' of bouw de werkmap opnieuw "
            "met `puzzel bouw`."
        )
    puzzel = _read_puzzel(book)
    return PuzzelWorkbook(
        path=name,
        puzzel=puzzel,
        names=dict(book.names),
        instellingen=_read_instellingen(book),
        sheets=tuple(book.sheet_order),
        hidden_sheets=frozenset(book.hidden),
        adressen=_read_adressen(book),
    )


def _ref_values(cells: Mapping[str, RawCell], ref: Ref) -> tuple[list[object], list[str | None], list[bool]]:
    values: list[object] = []
    formulas: list[str | None] = []
    errors: list[bool] = []
    for address in ref.cells():
        cell = cells.get(address)
        if cell is None:
            values.append(None)
            formulas.append(None)
            errors.append(False)
        else:
            value = cell.value
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                # Live Excel (xlwings) hands every date over as a datetime; so does the file.
                value = dt.datetime(value.year, value.month, value.day)
            values.append(value)
            formulas.append(cell.formula)
            errors.append(cell.is_error)
    return values, formulas, errors


def _read_puzzel(book: Book) -> Puzzel:
    missing = [n for n in REQUIRED_NAMES if n not in book.names]
    if missing:
        raise UnusableWorkbook(
            f"{book.name}: de werkmap mist de benoemde bereiken: {', '.join(missing)}. {NAMES_ADVICE}"
        )
    refs: dict[str, Ref] = {}
    broken: dict[str, list[str]] = {}
    for n in REQUIRED_NAMES:
        try:
            refs[n] = parse_ref(book.names[n], PUZZEL_SHEET)
        except RefError as exc:
            broken.setdefault(exc.reason, []).append(n)
    if broken:
        text = "; ".join(f"{', '.join(names)} {reason}" for reason, names in broken.items())
        raise UnusableWorkbook(f"{book.name}: benoemde bereiken zijn onbruikbaar: {text}. {NAMES_ADVICE}")
    elsewhere = sorted({r.sheet for r in refs.values()} - set(book.sheet_targets))
    if elsewhere:
        raise UnusableWorkbook(
            f"{book.name}: benoemde bereiken verwijzen naar een werkblad dat niet bestaat: "
            f"{', '.join(elsewhere)}. {NAMES_ADVICE}"
        )
    sheets: dict[str, tuple[dict[str, RawCell], list[str]]] = {}
    for sheet in {r.sheet for r in refs.values()}:
        # A date typed in a count cell is a date, as Excel shows it and the ribbon reads it.
        sheets[sheet] = sheet_with_merges(book, sheet, dates=True)
    values: dict[str, list[object]] = {}
    formulas: dict[str, list[str | None]] = {}
    errors: dict[str, list[bool]] = {}
    for n, ref in refs.items():
        values[n], formulas[n], errors[n] = _ref_values(sheets[ref.sheet][0], ref)
    _check_merges(book.name, refs, sheets)
    _check_outside_rows(book.name, refs, sheets)
    try:
        return assemble_puzzel(values, book.names, formulas, errors, sheet=PUZZEL_SHEET)
    except UnusableWorkbook as exc:
        raise UnusableWorkbook(f"{book.name}: {exc.melding[:1].lower()}{exc.melding[1:]}", exc.cel) from exc


def _check_merges(name: str, refs: Mapping[str, Ref], sheets: Mapping[str, tuple[dict, list[str]]]) -> None:
    """Merged cells over the table's numbers hide values and block typing: refuse them."""
    for sheet, (_cells, merges) in sheets.items():
        for merge in merges:
            try:
                m = parse_ref(merge, sheet)
            except RefError:
                continue
            for ref in refs.values():
                if ref.sheet == sheet and _overlaps(m, ref):
                    raise UnusableWorkbook(
                        f"{name}: de cellen {quote_sheet(sheet)}!{merge} zijn samengevoegd en vallen in de "
                        "tabel. Hef de samenvoeging op (Start > Samenvoegen en centreren) en controleer de "
                        "getallen in die cellen."
                    )


def _overlaps(a: Ref, b: Ref) -> bool:
    return not (
        a.last_col < b.first_col or b.last_col < a.first_col or a.last_row < b.first_row or b.last_row < a.first_row
    )


def _check_outside_rows(name: str, refs: Mapping[str, Ref], sheets: Mapping[str, tuple[dict, list[str]]]) -> None:
    """A gemeente row typed next to the table, outside the names, would silently be left out."""
    gem = refs["gemeenten"]
    cells = sheets[gem.sheet][0]
    letters = [c.letter for c in COLUMNS]
    totaal_rows = [r.first_row for n, r in refs.items() if n.startswith("totaal_") and r.sheet == gem.sheet]
    below = range(gem.last_row + 1, min(totaal_rows, default=gem.last_row + 1))
    rows = [r for r in below if any(_has_data(cells.get(f"{x}{r}")) for x in letters)]
    row = gem.first_row - 1
    name_col = index_to_letter(gem.first_col)
    while row > 0 and _looks_like_gemeente(cells, row, name_col):
        rows.append(row)
        row -= 1
    if rows:
        where = ", ".join(str(r) for r in sorted(rows))
        label = cells.get(f"{name_col}{min(rows)}")
        who = f" ('{label.value}')" if label is not None and label.value not in (None, "") else ""
        raise UnusableWorkbook(
            f"{name}: rij {where}{who} op werkblad {gem.sheet} staat in de tabel maar valt buiten de benoemde "
            f"bereiken ({gem.sheet}!{index_to_letter(gem.first_col)}{gem.first_row}:{index_to_letter(gem.last_col)}"
            f"{gem.last_row}), dus telt niet mee. Voeg een gemeente in tussen de bestaande gemeenterijen, "
            f"of {NAMES_ADVICE[0].lower()}{NAMES_ADVICE[1:]}"
        )


def _has_data(cell: RawCell | None) -> bool:
    return cell is not None and (cell.formula is not None or cell.value not in (None, ""))


def _looks_like_gemeente(cells: Mapping[str, RawCell], row: int, name_col: str) -> bool:
    """A row above the first gemeente with a name and numbers, like a gemeente row (headers are text)."""
    label = cells.get(f"{name_col}{row}")
    if label is None or not isinstance(label.value, str) or not label.value.strip():
        return False
    return any(
        isinstance(getattr(cells.get(f"{c.letter}{row}"), "value", None), (int, float))
        and not isinstance(getattr(cells.get(f"{c.letter}{row}"), "value", None), bool)
        for c in COLUMNS[1:]
    )


def _read_adressen(book: Book) -> dict[str, Adres]:
    """Sheet Adressen, when the workbook has it (older workbooks do not: their letters say so)."""
    if ADRESSEN_SHEET not in book.sheet_targets:
        return {}
    return adressen_uit_cellen({a: c.value for a, c in sheet_cells(book, ADRESSEN_SHEET, dates=False).items()})


def _read_instellingen(book: Book) -> dict[str, object]:
    ref_text = book.names.get(INSTELLINGEN_NAME)
    ref: Ref | None = None
    if ref_text:
        try:
            ref = parse_ref(ref_text, INSTELLINGEN_SHEET)
        except RefError:
            ref = None
    if ref is None or ref.sheet not in book.sheet_targets:
        if INSTELLINGEN_SHEET not in book.sheet_targets:
            return {}
        ref = Ref(INSTELLINGEN_SHEET, 1, 2, 2, 10_000)
    cells = sheet_cells(book, ref.sheet, dates=True)
    out: dict[str, object] = {}
    last = min(ref.last_row, max((split_address(a)[0] for a in cells), default=0))
    for row in range(ref.first_row, last + 1):
        key = cells.get(f"{index_to_letter(ref.first_col)}{row}")
        if key is None or key.value in (None, ""):
            continue
        val = cells.get(f"{index_to_letter(ref.first_col + 1)}{row}")
        out[str(key.value).strip()] = None if val is None else val.value
    return out
