"""Sheet XML -> stored cells (:class:`RawCell`) by A1 address, shared formulas written out.

Formula cells keep their cached value (what Excel showed when it last saved) and their
formula text; a formula without a cached value reads as blank with its formula set.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from xlpuzzel.errors import UnusableWorkbook
from xlpuzzel.layout import column_letter_index, index_to_letter
from xlpuzzel.reader.dates import excel_date, iso_date
from xlpuzzel.reader.ooxml import Book

_ADDRESS = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")
_FORMULA_REF = re.compile(
    r"(?<![A-Za-z0-9_.!$'\"])(\$?)([A-Z]{1,3})(\$?)(\d{1,7})(?![A-Za-z0-9_(!])"
)


@dataclass(frozen=True)
class RawCell:
    """One stored cell: its value (cached result for a formula), formula text, error flag, style."""

    value: object
    formula: str | None = None
    is_error: bool = False
    style: int = 0


def read_sheet(parts: Mapping[str, bytes], sheet_name: str, dates: bool = True) -> dict[str, RawCell]:
    """Every stored cell of a sheet by A1 address; with `dates`, date-formatted numbers become dates."""
    book = Book(parts, "werkmap")
    return sheet_cells(book, sheet_name, dates=dates)


def sheet_cells(book: Book, title: str, dates: bool = True) -> dict[str, RawCell]:
    """Every stored cell of sheet `title` by A1 address; UnusableWorkbook when the sheet is missing."""
    return sheet_with_merges(book, title, dates)[0]


def sheet_with_merges(book: Book, title: str, dates: bool = True) -> tuple[dict[str, RawCell], list[str]]:
    """The cells of sheet `title` and its merged ranges ('A1:B2')."""
    part = book.sheet_targets.get(title)
    if part is None:
        raise UnusableWorkbook(f"{book.name}: het werkblad '{title}' ontbreekt.")
    root = book.xml(part)
    cells = _cells(book, root, dates)
    merges = [m.get("ref", "") for m in root.iter(book.t("mergeCell"))]
    return cells, merges


def split_address(address: str) -> tuple[int, int]:
    """(row, column) of an A1 address, both from 1; (0, 0) when it is none."""
    match = _ADDRESS.match(address)
    if match is None:
        return 0, 0
    return int(match.group(2)), column_letter_index(match.group(1))


def _cells(book: Book, root: ET.Element, dates: bool) -> dict[str, RawCell]:
    t = book.t
    c_tag, v_tag, f_tag, is_tag = t("c"), t("v"), t("f"), t("is")
    data = root.find(t("sheetData"))
    out: dict[str, RawCell] = {}
    if data is None:
        return out
    shared: dict[str, tuple[str, int, int]] = {}
    date_styles = book.date_styles if dates else frozenset()
    row_no = 0
    for row in data:
        row_no = int(row.get("r") or row_no + 1)
        col_no = 0
        for c in row.iter(c_tag):
            ref = c.get("r")
            if ref:
                match = _ADDRESS.match(ref)
                if match is None:
                    continue
                col_no = column_letter_index(match.group(1))
                address = ref
            else:
                col_no += 1
                address = f"{index_to_letter(col_no)}{row_no}"
            typ = c.get("t", "n")
            style = int(c.get("s") or 0)
            v = c.find(v_tag)
            text = v.text if v is not None else None
            formula = None
            f = c.find(f_tag)
            if f is not None:
                formula = _formula(f, address, shared)
            is_error = False
            value: object
            if typ == "s":
                try:
                    value = book.strings[int(text)] if text is not None else None
                except (ValueError, IndexError):
                    value = None
            elif typ == "inlineStr":
                node = c.find(is_tag)
                value = book.text(node) if node is not None else None
            elif typ == "str":
                # A formula whose result is "" stores <v></v>; one never calculated has no <v>.
                value = None if v is None else (text or "")
            elif typ == "b":
                value = None if text is None else text.strip() in ("1", "true")
            elif typ == "e":
                value = (text or "#N/A").strip()
                is_error = True
            elif typ == "d":
                value = iso_date(text)
            else:
                value = _number(text)
                if dates and isinstance(value, (int, float)) and style in date_styles:
                    value = excel_date(float(value), book.date1904)
            if value is None and formula is None:
                # An empty styled cell is no data.
                continue
            out[address] = RawCell(value, formula, is_error, style)
    return out


def _formula(f: ET.Element, address: str, shared: dict[str, tuple[str, int, int]]) -> str:
    text = f.text or ""
    if f.get("t") == "shared" and f.get("si") is not None:
        si = f.get("si", "")
        row, col = split_address(address)
        if text:
            shared[si] = (text, row, col)
        elif si in shared:
            base, brow, bcol = shared[si]
            text = _shift_formula(base, row - brow, col - bcol)
    return "=" + text


def _shift_formula(formula: str, drow: int, dcol: int) -> str:
    """The formula of a shared-formula child: relative references moved by the offset."""
    pieces = re.split(r'("(?:[^"]|"")*")', formula)

    def move(m: re.Match[str]) -> str:
        col_abs, letters, row_abs, digits = m.groups()
        col = column_letter_index(letters) + (0 if col_abs else dcol)
        row = int(digits) + (0 if row_abs else drow)
        if col < 1 or row < 1:
            return "#REF!"
        return f"{col_abs}{index_to_letter(col)}{row_abs}{row}"

    return "".join(p if i % 2 else _FORMULA_REF.sub(move, p) for i, p in enumerate(pieces))


def _number(text: str | None) -> int | float | None:
    if text is None:
        return None
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return None
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value
