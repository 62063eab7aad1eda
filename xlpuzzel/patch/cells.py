"""Cells of one worksheet part: read a cell's style, set values and styles, delete cells.

Only the cells asked for are touched; rows and cells stay in sheet order. Strings are
written inline (`t="inlineStr"`), so `sharedStrings.xml` is never touched.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from lxml import etree

from xlpuzzel.layout import index_to_letter, parse_address
from xlpuzzel.package import xml_int
from xlpuzzel.patch.xmlpart import XmlPart

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: Children of <worksheet> that follow <sheetData>, in schema order (ECMA-376 CT_Worksheet).
WORKSHEET_ORDER = (
    "sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "sheetData", "sheetCalcPr",
    "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate",
    "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting", "dataValidations",
    "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks", "colBreaks",
    "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing", "legacyDrawing",
    "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems",
    "tableParts", "extLst",
)


def split_address(address: str) -> tuple[int, int]:
    """(row, column) of 'H14' (1-based)."""
    found = parse_address(address)
    if found is None:
        raise ValueError(f"geen celadres: {address}")
    return found


class SheetXml(XmlPart):
    """A worksheet part with an index of its rows."""

    def __init__(self, data: bytes, where: str = "het werkblad") -> None:
        super().__init__(data, where)
        self.sheet_data = self.root.find(self.q("sheetData"))
        if self.sheet_data is None:
            self.sheet_data = etree.Element(self.q("sheetData"))
            self._insert_child(self.sheet_data)
        self._rows: dict[int, etree._Element] = {}
        number = 0
        for row in self.sheet_data.iterchildren(self.q("row")):
            number = xml_int(row.get("r"), number + 1)
            self._rows.setdefault(number, row)
        self._max = (0, 0)
        #: Per row (built on first use): its cells as sorted (column, element) pairs.
        self._cols: dict[int, tuple[list[int], list[etree._Element]]] = {}

    # ------------------------------------------------------------------ reading
    def cell(self, address: str) -> etree._Element | None:
        """The <c> element of a cell, or None."""
        row_no, col_no = split_address(address)
        row = self._rows.get(row_no)
        if row is None:
            return None
        return self._find_cell(row, row_no, col_no)[0]

    def style(self, address: str) -> int:
        """The cell's style index `s` (0 when absent)."""
        c = self.cell(address)
        if c is None:
            return 0
        return max(xml_int(c.get("s")), 0)

    # ------------------------------------------------------------------ writing
    def set_style(self, address: str, style: int) -> None:
        """Set a cell's style index, creating the cell if needed."""
        c = self._ensure_cell(address)
        new = str(style) if style else None
        if c.get("s") != new:
            if new is None:
                c.attrib.pop("s", None)
            else:
                c.set("s", new)
            self.changed = True

    def set_value(self, address: str, value: object, style: int | None = None) -> None:
        """Replace a cell's content by a value (None: empty); `style` None keeps its style."""
        c = self._ensure_cell(address)
        for child in list(c):
            c.remove(child)
        for attr in ("t", "vm", "cm"):
            c.attrib.pop(attr, None)
        if style is not None:
            if style:
                c.set("s", str(style))
            else:
                c.attrib.pop("s", None)
        if value is None:
            pass
        elif isinstance(value, bool):
            c.set("t", "b")
            etree.SubElement(c, self.q("v")).text = "1" if value else "0"
        elif isinstance(value, (int, float)):
            etree.SubElement(c, self.q("v")).text = repr(value) if isinstance(value, float) else str(value)
        elif isinstance(value, dt.datetime):
            etree.SubElement(c, self.q("v")).text = repr(excel_serial(value))
        else:
            text = _INVALID_XML.sub("", str(value))
            c.set("t", "inlineStr")
            t = etree.SubElement(etree.SubElement(c, self.q("is")), self.q("t"))
            t.text = text
            if text != text.strip() or "\n" in text:
                t.set(_XML_SPACE, "preserve")
        self.changed = True

    def delete_cell(self, address: str) -> None:
        """Remove a cell (content and format); an emptied plain row goes too."""
        row_no, col_no = split_address(address)
        row = self._rows.get(row_no)
        if row is None:
            return
        c = self._find_cell(row, row_no, col_no)[0]
        if c is None:
            return
        row.remove(c)
        cols, cells = self._cols[row_no]
        at = cells.index(c)
        del cols[at], cells[at]
        row.attrib.pop("spans", None)
        if len(row) == 0 and set(row.attrib) <= {"r"}:
            self.sheet_data.remove(row)
            del self._rows[row_no]
            del self._cols[row_no]
        self.changed = True

    def drop_cached_formula_values(self) -> int:
        """Remove the stored result of every formula cell (Excel recalculates it); returns how many."""
        count = 0
        for row in self._rows.values():
            for c in row.iterchildren(self.q("c")):
                if c.find(self.q("f")) is None:
                    continue
                v = c.find(self.q("v"))
                if v is not None and v.text:
                    c.remove(v)
                    c.attrib.pop("t", None)
                    count += 1
        if count:
            self.changed = True
        return count

    def addresses(self) -> list[str]:
        """Every stored cell's address."""
        out = []
        for row_no, row in self._rows.items():
            col = 0
            for c in row.iterchildren(self.q("c")):
                found = parse_address(c.get("r") or "")
                col = found[1] if found else col + 1
                out.append(f"{index_to_letter(col)}{row_no}")
        return out

    def child(self, local: str) -> etree._Element | None:
        """A direct child of <worksheet> by local name."""
        return self.root.find(self.q(local))

    def insert_child(self, element: etree._Element) -> None:
        """Insert a child of <worksheet> at its schema position."""
        self._insert_child(element)
        self.changed = True

    def to_bytes(self) -> bytes:
        """Serialize, widening <dimension> to every cell written."""
        if self._max != (0, 0):
            self._widen_dimension()
        return super().to_bytes()

    # ------------------------------------------------------------------ internals
    def _insert_child(self, element: etree._Element) -> None:
        self.insert_in_order(element, WORKSHEET_ORDER)

    def _ensure_cell(self, address: str) -> etree._Element:
        row_no, col_no = split_address(address)
        self._max = (max(self._max[0], row_no), max(self._max[1], col_no))
        row = self._rows.get(row_no)
        if row is None:
            row = etree.Element(self.q("row"))
            row.set("r", str(row_no))
            after = [n for n in self._rows if n < row_no]
            if after:
                self._rows[max(after)].addnext(row)
            else:
                self.sheet_data.insert(0, row)
            self._rows[row_no] = row
            self.changed = True
        c, before = self._find_cell(row, row_no, col_no)
        if c is not None:
            return c
        c = etree.Element(self.q("c"))
        c.set("r", f"{index_to_letter(col_no)}{row_no}")
        if before is None:
            row.append(c)
        else:
            before.addprevious(c)
        cols, cells = self._cols[row_no]
        at = bisect.bisect_left(cols, col_no)
        cols.insert(at, col_no)
        cells.insert(at, c)
        row.attrib.pop("spans", None)
        self.changed = True
        return c

    def _find_cell(
        self, row: etree._Element, row_no: int, col_no: int
    ) -> tuple[etree._Element | None, etree._Element | None]:
        """(the cell, or None; the first cell right of it, or None)."""
        index = self._cols.get(row_no)
        if index is None:
            cols: list[int] = []
            cells: list[etree._Element] = []
            col = 0
            for c in row.iterchildren(self.q("c")):
                found = parse_address(c.get("r") or "")
                col = found[1] if found else col + 1
                if cols and col <= cols[-1]:
                    continue  # a cell out of order or twice: the first one counts, as before
                cols.append(col)
                cells.append(c)
            index = self._cols[row_no] = (cols, cells)
        cols, cells = index
        at = bisect.bisect_left(cols, col_no)
        if at < len(cols) and cols[at] == col_no:
            return cells[at], None
        return None, cells[at] if at < len(cells) else None

    def _widen_dimension(self) -> None:
        dim = self.root.find(self.q("dimension"))
        if dim is None:
            return
        ref = dim.get("ref", "A1")
        ends = ref.split(":")
        try:
            r1, c1 = split_address(ends[0])
            r2, c2 = split_address(ends[-1])
        except ValueError:
            return
        r2, c2 = max(r2, self._max[0]), max(c2, self._max[1])
        new = f"{index_to_letter(c1)}{r1}:{index_to_letter(c2)}{r2}"
        if new != ref:
            dim.set("ref", new)


def excel_serial(moment: dt.date) -> float:
    """The Excel (1900 system) serial number of a moment (a date counts from midnight), to the second."""
    if not isinstance(moment, dt.datetime):  # a date typed in a count cell, logged as it reads
        moment = dt.datetime(moment.year, moment.month, moment.day)
    delta = moment.replace(microsecond=0) - dt.datetime(1899, 12, 30)
    return round(delta.days + delta.seconds / 86400, 10)
