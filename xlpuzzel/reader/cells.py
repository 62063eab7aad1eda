"""Sheet XML -> stored cells (:class:`RawCell`) by A1 address, shared formulas written out.

Formula cells keep their cached value (what Excel showed when it last saved) and their
formula text; a formula without a cached value reads as blank with its formula set.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from xlpuzzel.errors import UnusableWorkbook
from xlpuzzel.layout import column_letter_index, index_to_letter
from xlpuzzel.package import MAX_PART_BYTES, Package, PackageError, xml_int
from xlpuzzel.reader.dates import excel_date, iso_date
from xlpuzzel.reader.ooxml import Book, as_package

#: Excel's last date, 31-12-9999, as a serial number: a larger number in a date cell stays a number.
_LAST_EXCEL_DAY = 2958466

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


def read_sheet(parts: Mapping[str, bytes] | Package, sheet_name: str, dates: bool = True) -> dict[str, RawCell]:
    """Every stored cell of a sheet by A1 address; with `dates`, date-formatted numbers become dates."""
    return sheet_cells(Book(as_package(parts)), sheet_name, dates=dates)


def sheet_cells(book: Book, title: str, dates: bool = True) -> dict[str, RawCell]:
    """Every stored cell of sheet `title` by A1 address; UnusableWorkbook when the sheet is missing."""
    return sheet_with_merges(book, title, dates)[0]


def sheet_with_merges(
    book: Book, title: str, dates: bool = True, max_row: int | None = None
) -> tuple[dict[str, RawCell], list[str]]:
    """The cells of sheet `title` (up to row `max_row` when given) and its merged ranges ('A1:B2').

    The sheet is read as a stream and each row forgotten once its cells are taken, so memory
    stays small however many (formatted, empty) rows the sheet has. With `max_row`, the
    rows after it are skipped unparsed (:func:`rows_up_to`), so a sheet with a million
    formatted empty rows below the table costs the time to unpack it, not to parse it.
    """
    part = book.require_part(title)
    if part is None:
        raise UnusableWorkbook(f"{book.name}: het werkblad '{title}' ontbreekt.")
    if max_row is None:
        chunks: Iterable[bytes] = book.pkg.stream(part, limit=MAX_PART_BYTES)
    else:
        chunks = rows_up_to(book.pkg.stream(part), max_row, f"{book.name}: het onderdeel {part}")
    t = book.t
    c_tag, row_tag, data_tag, merge_tag = t("c"), t("row"), t("sheetData"), t("mergeCell")
    date_styles = book.date_styles if dates else frozenset()
    out: dict[str, RawCell] = {}
    merges: list[str] = []
    shared: dict[str, tuple[str, int, int]] = {}
    sheet_data: ET.Element | None = None
    row_no = col_no = 0
    for event, el in book.events(part, chunks, (c_tag, row_tag, data_tag, merge_tag)):
        if event == "start":
            if el.tag == data_tag:
                sheet_data = el
            elif el.tag == row_tag and sheet_data is not None:
                row_no = xml_int(el.get("r"), row_no + 1)
                col_no = 0
            continue
        if el.tag == c_tag:
            if sheet_data is not None:
                col_no = _cell(book, el, row_no, col_no, dates, date_styles, shared, out)
        elif el.tag == row_tag:
            el.clear()
            if sheet_data is not None:
                with contextlib.suppress(ValueError):
                    sheet_data.remove(el)
        elif el.tag == merge_tag:
            merges.append(el.get("ref", ""))
        elif el.tag == data_tag:
            sheet_data = None
    return out, merges


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row(?=[\s>/])[^>]*>")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d+)["']""")
_DATA_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?sheetData\s*>")


def rows_up_to(chunks: Iterable[bytes], max_row: int, where: str) -> Iterator[bytes]:
    """A sheet part's bytes without the rows after `max_row`: everything else (merged cells, ...) stays.

    Rows are stored in ascending order; the first row tag numbered above `max_row` ends the
    part of <sheetData> that is passed on, and its closing tag is searched for without
    keeping what lies between. What follows it is passed on (within the part limit).
    """
    it = iter(chunks)
    buf = bytearray()
    scan = 0
    cut: int | None = None
    closed = False
    for chunk in it:
        buf += chunk
        end = _DATA_END.search(buf, scan)
        stop = end.start() if end is not None else len(buf)
        for row in _ROW_TAG.finditer(buf, scan, stop):
            number = _ROW_NUMBER.search(row.group(0))
            if number is not None and int(number.group(1)) > max_row:
                cut = row.start()
                break
            scan = row.end()
        if cut is not None:
            break
        if end is not None:
            closed = True
            break
        scan = max(scan, len(buf) - 4096)  # a tag cut in two by the chunk border is found next time
        if len(buf) > MAX_PART_BYTES:
            raise PackageError(f"{where} heeft meer dan {MAX_PART_BYTES // (1024 * 1024)} MB aan rijen tot rij "
                               f"{max_row}; dat is geen puzzeltabel.")
    if cut is None:
        yield bytes(buf)
        if closed:
            yield from it
        return
    yield bytes(buf[:cut])
    rest = bytes(buf[cut:])
    del buf
    while True:
        end = _DATA_END.search(rest)
        if end is not None:
            tail = bytearray(end.group(0))
            tail += rest[end.end():]
            break
        nxt = next(it, None)
        if nxt is None:
            raise PackageError(f"{where} is beschadigd (het blad is afgebroken: </sheetData> ontbreekt).")
        rest = rest[-64:] + nxt
    for chunk in it:
        tail += chunk
        if len(tail) > MAX_PART_BYTES:
            raise PackageError(f"{where} is te groot (meer dan {MAX_PART_BYTES // (1024 * 1024)} MB na de rijen).")
    yield bytes(tail)


def split_address(address: str) -> tuple[int, int]:
    """(row, column) of an A1 address, both from 1; (0, 0) when it is none."""
    match = _ADDRESS.match(address)
    if match is None:
        return 0, 0
    return int(match.group(2)), column_letter_index(match.group(1))


def _cell(
    book: Book,
    c: ET.Element,
    row_no: int,
    col_no: int,
    dates: bool,
    date_styles: frozenset[int],
    shared: dict[str, tuple[str, int, int]],
    out: dict[str, RawCell],
) -> int:
    """Read one <c> into `out`; returns its column number (a cell without `r` follows the previous)."""
    t = book.t
    ref = c.get("r")
    if ref:
        match = _ADDRESS.match(ref)
        if match is None:
            return col_no  # no cell address ('5G'): Excel would not open the file either
        col_no = column_letter_index(match.group(1))
        address = ref.replace("$", "")
        if int(match.group(2)) < 1 or int(match.group(2)) > 1_048_576:
            return col_no
    else:
        col_no += 1
        address = f"{index_to_letter(col_no)}{row_no}"
        if row_no < 1:
            return col_no
    if not 1 <= col_no <= 16384:
        return col_no
    typ = c.get("t", "n")
    style = xml_int(c.get("s"))
    v = c.find(t("v"))
    text = v.text if v is not None else None
    formula = None
    f = c.find(t("f"))
    if f is not None:
        formula = _formula(f, address, shared)
    is_error = False
    value: object
    if typ == "s":
        index = xml_int(text, -1)
        strings = book.strings
        value = strings[index] if 0 <= index < len(strings) else None
    elif typ == "inlineStr":
        node = c.find(t("is"))
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
        if dates and isinstance(value, (int, float)) and style in date_styles and 0 <= value < _LAST_EXCEL_DAY:
            value = excel_date(float(value), book.date1904)
    c.clear()
    if value is None and formula is None:
        # An empty styled cell is no data.
        return col_no
    out[address] = RawCell(value, formula, is_error, style)
    return col_no


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
    if not math.isfinite(value):
        return None
    if value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value
