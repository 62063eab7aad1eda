"""Read a puzzel workbook file (.xlsx/.xlsm) into a :class:`PuzzelWorkbook`, without Excel.

The OOXML parts are parsed directly with the standard library (no openpyxl: `puzzel
controleer` must start fast). Formula cells keep their cached value (what Excel showed when
it last saved) and their formula text; a formula without a cached value reads as blank with
its formula set. Every failure to use the file raises :class:`~xlpuzzel.errors.UnusableWorkbook`
(or its subclass :class:`~xlpuzzel.package.PackageError`) with one Dutch line naming the file.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from xlpuzzel.errors import UnusableWorkbook
from xlpuzzel.layout import (
    COLUMNS,
    INSTELLINGEN_SHEET,
    PUZZEL_SHEET,
    column_letter_index,
    index_to_letter,
    quote_sheet,
)
from xlpuzzel.model import Puzzel
from xlpuzzel.package import PackageError, parts_from_bytes
from xlpuzzel.sheetdata import NAMES_ADVICE, REQUIRED_NAMES, Ref, RefError, assemble_puzzel, parse_ref

#: Defined name over the settings table (two columns: key, value).
INSTELLINGEN_NAME = "instellingen"

_MAIN_NS = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_REL_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_OFFICE_DOCUMENT = "/officeDocument"
#: Built-in number formats that show a date or time.
_DATE_FORMAT_IDS = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})
_FORMAT_NOISE = re.compile(r'\[[^\]]*\]|"[^"]*"|\\.|_.|\*.')
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
    return read_workbook_parts(_parts(data, name), name)


def read_workbook_parts(parts: dict[str, bytes], name: str) -> PuzzelWorkbook:
    """Read a workbook given as its package parts; `name` names it in messages."""
    book = _Book(parts, name)
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
    )


def read_sheet(parts: Mapping[str, bytes], sheet_name: str, dates: bool = True) -> dict[str, RawCell]:
    """Every stored cell of a sheet by A1 address; with `dates`, date-formatted numbers become dates."""
    book = _Book(parts, "werkmap")
    return book.sheet(sheet_name, dates=dates)


def sheet_names(parts: Mapping[str, bytes]) -> tuple[str, ...]:
    """The sheet names of a workbook in tab order."""
    return tuple(_Book(parts, "werkmap").sheet_order)


def excel_date(serial: float, date1904: bool = False) -> dt.date | dt.datetime:
    """The date (or date and time) of an Excel serial number."""
    if date1904:
        base = dt.datetime(1904, 1, 1)
    elif serial < 60:
        # Excel counts the non-existent 29 February 1900; serials before it are off by one.
        base = dt.datetime(1899, 12, 31)
    else:
        base = dt.datetime(1899, 12, 30)
    moment = base + dt.timedelta(days=serial)
    moment = moment.replace(microsecond=0) + dt.timedelta(seconds=round(moment.microsecond / 1e6))
    if moment.time() == dt.time(0):
        return moment.date()
    return moment


# ---------------------------------------------------------------------------- internals


def _parts(data: bytes, name: str) -> dict[str, bytes]:
    try:
        return parts_from_bytes(data, name)
    except PackageError:
        raise
    except (zlib.error, OSError, RuntimeError, NotImplementedError, KeyError) as exc:
        # A damaged member (bad CRC, unknown compression, encrypted zip entry).
        raise PackageError(f"{name}: het bestand is beschadigd en kan niet gelezen worden.") from exc


class _Book:
    """The workbook-level parts, parsed once: sheets, names, shared strings, date styles."""

    def __init__(self, parts: Mapping[str, bytes], name: str) -> None:
        self.parts = parts
        self.name = name
        wb_path = self._workbook_path()
        root = self._xml(wb_path)
        self.ns = _namespace(root)
        rels = self._rels(wb_path)
        self.sheet_order: list[str] = []
        self.sheet_targets: dict[str, str] = {}
        self.hidden: set[str] = set()
        sheets = root.find(self._t("sheets"))
        for sh in sheets if sheets is not None else ():
            title = sh.get("name", "")
            rid = next((sh.get(f"{{{ns}}}id") for ns in _DOC_REL_NS if sh.get(f"{{{ns}}}id")), None)
            self.sheet_order.append(title)
            if rid in rels:
                self.sheet_targets[title] = rels[rid][1]
            if sh.get("state") in ("hidden", "veryHidden"):
                self.hidden.add(title)
        self.names: dict[str, str] = {}
        defined = root.find(self._t("definedNames"))
        for dn in defined if defined is not None else ():
            if dn.get("localSheetId") is None and dn.get("name"):
                self.names[dn.get("name", "")] = (dn.text or "").strip()
        pr = root.find(self._t("workbookPr"))
        self.date1904 = pr is not None and pr.get("date1904") in ("1", "true")
        self._rel_by_type = {typ.rsplit("/", 1)[-1]: target for typ, target in rels.values()}
        self._strings: list[str] | None = None
        self._date_styles: frozenset[int] | None = None

    # -- parts
    def _workbook_path(self) -> str:
        rels = self.parts.get("_rels/.rels")
        if rels is not None:
            for rel in self._parse(rels, "_rels/.rels").iter(f"{{{_REL_NS}}}Relationship"):
                if rel.get("Type", "").endswith(_OFFICE_DOCUMENT):
                    target = rel.get("Target", "").lstrip("/")
                    if target in self.parts:
                        return target
        if "xl/workbook.xml" in self.parts:
            return "xl/workbook.xml"
        raise PackageError(
            f"{self.name}: geen Excel-werkmap: het onderdeel xl/workbook.xml ontbreekt "
            "(het bestand is beschadigd of is een ander soort document)."
        )

    def _parse(self, data: bytes, part: str) -> ET.Element:
        try:
            return ET.fromstring(data)
        except ET.ParseError as exc:
            raise PackageError(f"{self.name}: het onderdeel {part} is beschadigd (geen geldige XML).") from exc

    def _xml(self, part: str) -> ET.Element:
        data = self.parts.get(part)
        if data is None:
            raise PackageError(f"{self.name}: het onderdeel {part} ontbreekt; het bestand is beschadigd.")
        return self._parse(data, part)

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, resolved part name) of a part."""
        folder, base = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", base + ".rels")
        out: dict[str, tuple[str, str]] = {}
        data = self.parts.get(rels_part)
        if data is None:
            return out
        for rel in self._parse(data, rels_part).iter(f"{{{_REL_NS}}}Relationship"):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target)
            )
            out[rel.get("Id", "")] = (rel.get("Type", ""), resolved)
        return out

    def _t(self, tag: str) -> str:
        return f"{{{self.ns}}}{tag}" if self.ns else tag

    # -- shared strings and styles, parsed on first use
    @property
    def strings(self) -> list[str]:
        if self._strings is None:
            self._strings = []
            part = self._rel_by_type.get("sharedStrings")
            if part and part in self.parts:
                root = self._xml(part)
                for si in root.iter(self._t("si")):
                    self._strings.append(self._text(si))
        return self._strings

    def _text(self, node: ET.Element) -> str:
        """Text of a string item: plain <t> or rich-text runs, without phonetic runs."""
        t_tag, r_tag = self._t("t"), self._t("r")
        pieces = []
        for child in node:
            if child.tag == t_tag:
                pieces.append(child.text or "")
            elif child.tag == r_tag:
                pieces.extend(t.text or "" for t in child.iter(t_tag))
        return "".join(pieces)

    @property
    def date_styles(self) -> frozenset[int]:
        if self._date_styles is None:
            found: set[int] = set()
            part = self._rel_by_type.get("styles")
            if part and part in self.parts:
                root = self._xml(part)
                custom: dict[int, str] = {}
                fmts = root.find(self._t("numFmts"))
                for nf in fmts if fmts is not None else ():
                    custom[int(nf.get("numFmtId", "0"))] = nf.get("formatCode", "")
                xfs = root.find(self._t("cellXfs"))
                for index, xf in enumerate(xfs if xfs is not None else ()):
                    fid = int(xf.get("numFmtId", "0"))
                    if fid in _DATE_FORMAT_IDS or (fid in custom and _is_date_format(custom[fid])):
                        found.add(index)
            self._date_styles = frozenset(found)
        return self._date_styles

    # -- sheets
    def sheet(self, title: str, dates: bool = True) -> dict[str, RawCell]:
        return self.sheet_with_merges(title, dates)[0]

    def sheet_with_merges(self, title: str, dates: bool = True) -> tuple[dict[str, RawCell], list[str]]:
        part = self.sheet_targets.get(title)
        if part is None:
            raise UnusableWorkbook(f"{self.name}: het werkblad '{title}' ontbreekt.")
        root = self._xml(part)
        cells = self._cells(root, dates)
        merges = [m.get("ref", "") for m in root.iter(self._t("mergeCell"))]
        return cells, merges

    def _cells(self, root: ET.Element, dates: bool) -> dict[str, RawCell]:
        t = self._t
        c_tag, v_tag, f_tag, is_tag = t("c"), t("v"), t("f"), t("is")
        data = root.find(t("sheetData"))
        out: dict[str, RawCell] = {}
        if data is None:
            return out
        shared: dict[str, tuple[str, int, int]] = {}
        date_styles = self.date_styles if dates else frozenset()
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
                    formula = self._formula(f, address, shared)
                is_error = False
                value: object
                if typ == "s":
                    try:
                        value = self.strings[int(text)] if text is not None else None
                    except (ValueError, IndexError):
                        value = None
                elif typ == "inlineStr":
                    node = c.find(is_tag)
                    value = self._text(node) if node is not None else None
                elif typ == "str":
                    # A formula whose result is "" stores <v></v>; one never calculated has no <v>.
                    value = None if v is None else (text or "")
                elif typ == "b":
                    value = None if text is None else text.strip() in ("1", "true")
                elif typ == "e":
                    value = (text or "#N/A").strip()
                    is_error = True
                elif typ == "d":
                    value = _iso_date(text)
                else:
                    value = _number(text)
                    if dates and isinstance(value, (int, float)) and style in date_styles:
                        value = excel_date(float(value), self.date1904)
                if value is None and formula is None:
                    # An empty styled cell is no data.
                    continue
                out[address] = RawCell(value, formula, is_error, style)
        return out

    def _formula(self, f: ET.Element, address: str, shared: dict[str, tuple[str, int, int]]) -> str:
        text = f.text or ""
        if f.get("t") == "shared" and f.get("si") is not None:
            si = f.get("si", "")
            row, col = _split(address)
            if text:
                shared[si] = (text, row, col)
            elif si in shared:
                base, brow, bcol = shared[si]
                text = _shift_formula(base, row - brow, col - bcol)
        return "=" + text


_ADDRESS = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


def _split(address: str) -> tuple[int, int]:
    match = _ADDRESS.match(address)
    if match is None:
        return 0, 0
    return int(match.group(2)), column_letter_index(match.group(1))


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


def _namespace(root: ET.Element) -> str:
    if root.tag.startswith("{"):
        return root.tag[1:].split("}", 1)[0]
    return ""


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


def _iso_date(text: str | None) -> object:
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.strip().rstrip("Z"))
    except ValueError:
        return text
    return moment.date() if moment.time() == dt.time(0) else moment


def _is_date_format(code: str) -> bool:
    """True when a custom number format shows a date or time (d, m, y, h, s outside quotes)."""
    stripped = _FORMAT_NOISE.sub("", code).lower()
    first = stripped.split(";", 1)[0]
    return any(ch in first for ch in "dmyhs")


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
            values.append(cell.value)
            formulas.append(cell.formula)
            errors.append(cell.is_error)
    return values, formulas, errors


def _read_puzzel(book: _Book) -> Puzzel:
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
        sheets[sheet] = book.sheet_with_merges(sheet, dates=False)
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


def _read_instellingen(book: _Book) -> dict[str, object]:
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
    cells = book.sheet(ref.sheet, dates=True)
    out: dict[str, object] = {}
    last = min(ref.last_row, max((_split(a)[0] for a in cells), default=0))
    for row in range(ref.first_row, last + 1):
        key = cells.get(f"{index_to_letter(ref.first_col)}{row}")
        if key is None or key.value in (None, ""):
            continue
        val = cells.get(f"{index_to_letter(ref.first_col + 1)}{row}")
        out[str(key.value).strip()] = None if val is None else val.value
    return out
