"""A workbook built by the project, as the JSON snapshot xlwings' remote engine takes.

`xw.Book(json=payload)` (xlwings PRO, run under the noncommercial licence in the tests
only) builds a book from what the Office.js client would send: every sheet's values and
the defined names. Running a ribbon macro against it records what the macro does to the
workbook as actions (`book.json()["actions"]`), without Excel. See
`/work/shared/notes/xlwings-remote-engine.md`.

The shipped workbook stores formulas without cached values (Excel calculates on open), so
a formula cell's value here is what the core computes for it (:func:`~xlpuzzel.formulas.shown_values`), i.e.
what Excel would show; error results become the error text Excel would show.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from fractions import Fraction
from typing import Any

import xlwings

from xlpuzzel.dataset import Dataset
from xlpuzzel.entry import Entry, make_entry
from xlpuzzel.formulas import shown_values
from xlpuzzel.layout import PUZZEL_SHEET, column_letter_index
from xlpuzzel.model import Puzzel
from xlpuzzel.package import parts_from_bytes
from xlpuzzel.reader import read_sheet, read_workbook_parts
from xlpuzzel.sheetdata import parse_ref

BOOK_NAME = "puzzel.xlsm"
_ISO_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$")


def payload_from_workbook(
    data: bytes,
    changes: dict[str, object] | None = None,
    notes: dict[str, dict[str, str]] | None = None,
) -> dict[str, Any]:
    """The remote-engine payload of a workbook file's bytes.

    `changes` types values into cells of sheet Puzzel first (as a user would, after the
    build: sheet Basis keeps the built numbers) and the formulas follow; `notes` adds
    sheet -> {cell: note text}.
    """
    parts = parts_from_bytes(data)
    workbook = read_workbook_parts(parts, BOOK_NAME)
    changes = {a.upper(): v for a, v in (changes or {}).items()}
    computed = shown_values(_typed(workbook.puzzel, changes))
    sheets = []
    for name in workbook.sheets:
        raw = read_sheet(parts, name)
        cells: dict[str, object] = {a: c.value for a, c in raw.items()}
        formulas = {a: c.formula for a, c in raw.items() if c.formula and a not in changes}
        if name == PUZZEL_SHEET:
            cells.update(changes)
            cells.update(computed)
        values = _grid(cells)
        sheet_notes = (notes or {}).get(name, {})
        sheets.append(
            {
                "name": name,
                "values": values,
                "pictures": [],
                "tables": [],
                # The Office.js client sends where notes are, not their text; the text rides
                # along here for the tests' stand-in of desktop Excel (see test_excel_macros).
                "notes": [{"address": f"${_col(a)}${_row(a)}", "text": t} for a, t in sheet_notes.items()],
                # Neither does it send formulas (the remote engine cannot read them); they ride
                # along for the tests' stand-in of desktop Excel's Range.Formula.
                "formulas": _grid({**{a: v for a, v in cells.items() if v is not None}, **formulas}),
            }
        )
    names = []
    for name, ref_text in workbook.names.items():
        ref = parse_ref(ref_text)
        if ref.sheet not in workbook.sheets:
            continue
        address = f"${_letters(ref.first_col)}${ref.first_row}"
        if ref.size > 1:
            address += f":${_letters(ref.last_col)}${ref.last_row}"
        names.append(
            {
                "name": name,
                "sheet_index": workbook.sheets.index(ref.sheet),
                "address": address,
                "book_scope": True,
                "scope_sheet_name": None,
                "scope_sheet_index": None,
                "refers_to": "=" + ref_text.lstrip("="),
            }
        )
    return {
        "client": "Office.js",
        "version": xlwings.__version__,
        "book": {"name": BOOK_NAME, "active_sheet_index": 0, "selection": "A1"},
        "names": names,
        "sheets": sheets,
    }


def use_remote_engine(monkeypatch: Any) -> None:
    """Make `xw.Book(json=...)` work in this test only: the noncommercial licence key, the remote engine.

    xlwings registers the remote engine at import, and only when the key is set by then;
    the tests import xlwings earlier, so the engine is registered here, undone after the test.
    """
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    import xlwings as xw

    if "remote" not in xw.engines.engines_by_name:
        from xlwings.main import Engine
        from xlwings.pro import _xlremote

        monkeypatch.setitem(xw.engines.engines_by_name, "remote", Engine(impl=_xlremote.engine))


#: Attributes of xlwings' workbook objects that stay in Python (never reach the workbook).
LOCAL_CALLS = frozenset({"impl", "options"})
_COUNTED_SPECIALS = ("__call__", "__getitem__", "__iter__", "__len__", "__contains__")


def count_xlwings_calls(patch: Callable[[Any, str, Any], None]) -> Counter[str]:
    """Count the calls into xlwings' workbook objects from now on, as 'Class.attribute' -> number.

    Every public method and property (read or write) of App, Book, Sheets, Sheet, Range,
    Names and Name counts, plus indexing, calling and iterating them; on desktop Excel each
    is at least one COM round trip. Only the outermost call counts: what xlwings does inside
    one (`value` looking up its engine, say) is part of it; :data:`LOCAL_CALLS` count
    nothing. `patch` is `monkeypatch.setattr` in a test (undone after it), `setattr` in a script.
    """
    from xlwings import main

    calls: Counter[str] = Counter()
    depth = [0]

    def counted(key: str, func: Callable[..., Any]) -> Callable[..., Any]:
        local = key.split(".")[-1].rstrip("=") in LOCAL_CALLS

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if depth[0] == 0 and not local:
                calls[key] += 1
            depth[0] += 1
            try:
                return func(*args, **kwargs)
            finally:
                depth[0] -= 1

        return wrapper

    for cls in (main.App, main.Book, main.Sheets, main.Sheet, main.Range, main.Names, main.Name):
        for attr in dir(cls):
            if attr.startswith("_") and attr not in _COUNTED_SPECIALS:
                continue
            member = inspect.getattr_static(cls, attr)
            key = f"{cls.__name__}.{attr}"
            if isinstance(member, property):
                fget = counted(key, member.fget) if member.fget else None
                fset = counted(f"{key}=", member.fset) if member.fset else None
                patch(cls, attr, property(fget, fset))
            elif inspect.isfunction(member):
                patch(cls, attr, counted(key, member))
    return calls


def synthetic_dataset(base: Dataset, n: int) -> Dataset:
    """`base` with its gemeenten repeated (renamed 'Naam 2', ...) up to `n` rows; totals and national row kept."""
    p = base.puzzel
    k = len(p.gemeenten)
    picks = [i % k for i in range(n)]
    names = tuple(p.gemeenten[i] if j < k else f"{p.gemeenten[i]} {j // k + 1}" for j, i in enumerate(picks))

    def copy_entry(e: Entry) -> Entry:
        return make_entry(e.raw)

    puzzel = Puzzel(
        gemeenten=names,
        columns={cid: tuple(copy_entry(entries[i]) for i in picks) for cid, entries in p.columns.items()},
        totaal=dict(p.totaal),
        verschil=dict(p.verschil),
        landelijk=dict(p.landelijk),
        gemeente_cells=tuple(make_entry(name) for name in names),
        sheet=p.sheet,
    )
    return replace(base, puzzel=puzzel)


def action_funcs(book: Any) -> list[str]:
    """The names of the actions a macro recorded, in order."""
    return [a["func"] for a in book.json()["actions"]]


def typed_on(payload: dict[str, Any], sheet: str, cells: dict[str, object]) -> dict[str, Any]:
    """A copy of the payload with values typed over cells of a sheet after the build (a formula typed over is gone)."""
    import copy

    from xlpuzzel.layout import parse_address

    out = copy.deepcopy(payload)
    (target,) = [s for s in out["sheets"] if s["name"] == sheet]
    for address, value in cells.items():
        row, col = parse_address(address)  # type: ignore[misc]
        for grid in (target["values"], target.get("formulas", [])):
            while len(grid) < row:
                grid.append([""] * len(grid[0]) if grid else [])
            for line in grid:
                line.extend([""] * (col - len(line)))
            grid[row - 1][col - 1] = value
    return out


def _typed(puzzel: Puzzel, changes: dict[str, object]) -> Puzzel:
    """The puzzel with the typed changes in its input cells."""
    if not changes:
        return puzzel
    def typed(e: Entry) -> Entry:
        return make_entry(changes[e.cell], e.sheet, e.cell) if e.cell in changes else e

    return replace(
        puzzel,
        columns={cid: tuple(typed(e) for e in entries) for cid, entries in puzzel.columns.items()},
        totaal={cid: typed(e) for cid, e in puzzel.totaal.items()},
        landelijk={cid: typed(e) for cid, e in puzzel.landelijk.items()},
    )


def _number(value: Fraction) -> int | float:
    return int(value) if value.denominator == 1 else float(value)


def _grid(cells: dict[str, object]) -> list[list[object]]:
    """A1 -> value as the payload's rows from A1 ('' for an empty cell, dates as ISO text)."""
    if not cells:
        return [[]]
    rows = max(_row(a) for a in cells)
    cols = max(column_letter_index(_col(a)) for a in cells)
    grid: list[list[object]] = [[""] * cols for _ in range(rows)]
    for address, value in cells.items():
        grid[_row(address) - 1][column_letter_index(_col(address)) - 1] = _json_value(value)
    return grid


def _json_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str) and _ISO_TEXT.match(value):
        # The remote engine takes any ISO date-time text for a date and cuts its last
        # character as the 'Z' Office.js sends; give it that 'Z' (the core reads both).
        return value + "Z"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return f"{value.isoformat()}T00:00:00.000Z"
    if isinstance(value, Fraction):
        return _number(value)
    return value


def _row(address: str) -> int:
    return int("".join(ch for ch in address if ch.isdigit()))


def _col(address: str) -> str:
    return "".join(ch for ch in address if ch.isalpha()).upper()


def _letters(index: int) -> str:
    from xlpuzzel.layout import index_to_letter

    return index_to_letter(index)


__all__: Iterable[str] = (
    "BOOK_NAME",
    "LOCAL_CALLS",
    "action_funcs",
    "count_xlwings_calls",
    "payload_from_workbook",
    "synthetic_dataset",
    "use_remote_engine",
)
