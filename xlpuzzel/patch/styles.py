"""`xl/styles.xml`: the cell formats of flagged cells and of the log's date column.

A flagged cell gets the format it had with font, fill and border of the named style
"Tussentijds bijgesteld" and that style as its parent (`xfId`); number format, alignment and
protection (locked or not) stay the cell's own. An existing identical `cellXfs` entry is
reused, so styles.xml changes only when a needed entry does not exist yet (the builder's
legend cell carries the style itself). When the named style is gone (deleted in Excel) it
is added again with the builder's look.
"""

from __future__ import annotations

import copy

from lxml import etree

from xlpuzzel.layout import BIJGESTELD_COLOR, BIJGESTELD_STYLE
from xlpuzzel.package import PackageError, xml_int
from xlpuzzel.patch.xmlpart import Edits, XmlPart

_BUILTIN_DATE_FORMATS = frozenset({*range(14, 23), *range(45, 48)})
_APPLIED = (("fontId", "applyFont"), ("fillId", "applyFill"), ("borderId", "applyBorder"))


def load_styles(edits: Edits) -> Styles:
    """The workbook's styles part, parsed once per write; PackageError (Dutch) when there is none."""
    part = edits.book.styles_part
    if part is None:
        raise PackageError(
            f"{edits.pkg.name}: het onderdeel met de celopmaak (xl/styles.xml) ontbreekt; de werkmap is beschadigd. "
            "Open en sla de werkmap op in Excel, of zet een reservekopie terug. Er is niets opgeslagen."
        )
    return edits.xml(part, Styles)


class Styles(XmlPart):
    """A parsed styles part."""

    def __init__(self, data: bytes, where: str = "het onderdeel xl/styles.xml") -> None:
        super().__init__(data, where)
        self.where = where
        self.cell_xfs = self._section("cellXfs")
        self.style_xfs = self._section("cellStyleXfs")

    # ------------------------------------------------------------------ queries
    def xf(self, index: int) -> etree._Element | None:
        """The `cellXfs` entry at an index, or None when out of range."""
        xfs = self._xfs(self.cell_xfs)
        return xfs[index] if 0 <= index < len(xfs) else None

    def named_style_id(self, name: str = BIJGESTELD_STYLE) -> int | None:
        """The `cellStyleXfs` index of a named style, or None."""
        styles = self.root.find(self.q("cellStyles"))
        for el in styles if styles is not None else ():
            if el.get("name") == name and el.get("xfId") is not None:
                found = xml_int(el.get("xfId"), -1)
                return found if 0 <= found < len(self._xfs(self.style_xfs)) else None
        return None

    def has_style(self, index: int, name: str = BIJGESTELD_STYLE) -> bool:
        """True when the cell format at `index` belongs to the named style."""
        style_id = self.named_style_id(name)
        xf = self.xf(index)
        return style_id is not None and xf is not None and xml_int(xf.get("xfId")) == style_id

    def has_flag_fill(self, index: int) -> bool:
        """True when the cell format at `index` has the flag colour (as the ribbon sets it, without the style)."""
        xf = self.xf(index)
        fills = self.root.find(self.q("fills"))
        if xf is None or fills is None:
            return False
        fill_id = xml_int(xf.get("fillId"))
        items = [f for f in fills if isinstance(f.tag, str)]
        if not 0 <= fill_id < len(items):
            return False
        colours = [c.get("rgb", "") for c in items[fill_id].iter(self.q("fgColor"))]
        return any(c.upper().endswith(BIJGESTELD_COLOR.upper()) for c in colours)

    def is_date_format(self, index: int) -> bool:
        """True when the cell format at `index` shows a date."""
        xf = self.xf(index)
        if xf is None:
            return False
        fmt_id = xml_int(xf.get("numFmtId"))
        if fmt_id in _BUILTIN_DATE_FORMATS:
            return True
        code = self._num_fmt_code(fmt_id)
        return code is not None and any(ch in code.lower() for ch in "dy")

    # ------------------------------------------------------------------ flags
    def flagged(self, previous: int) -> int:
        """The cell format for a flagged cell whose format was `previous`."""
        style_id = self.ensure_named_style()
        prev = self.xf(previous)
        if prev is None:
            prev = self.xf(0)
        if prev is not None and xml_int(prev.get("xfId")) == style_id:
            return previous
        base = self._xfs(self.style_xfs)[style_id]
        new = copy.deepcopy(prev) if prev is not None else etree.Element(self.q("xf"))
        for attr, apply in _APPLIED:
            new.set(attr, base.get(attr, "0"))
            new.set(apply, "1")
        new.set("xfId", str(style_id))
        return self._find_or_add(new)

    def unflagged_of(self, previous: int, current: int) -> bool:
        """True when flagging `previous` gives the same look as `current` (a valid memory)."""
        prev, cur = self.xf(previous), self.xf(current)
        if prev is None or cur is None:
            return False
        style_id = self.named_style_id()
        if style_id is None or xml_int(prev.get("xfId")) == style_id:
            return False
        base = self._xfs(self.style_xfs)[style_id]
        probe = copy.deepcopy(prev)
        for attr, apply in _APPLIED:
            probe.set(attr, base.get(attr, "0"))
            probe.set(apply, "1")
        probe.set("xfId", str(style_id))
        return _signature(probe) == _signature(cur)

    def ensure_named_style(self) -> int:
        """The `cellStyleXfs` index of style 'Tussentijds bijgesteld', added when missing."""
        found = self.named_style_id()
        if found is not None and found < len(self._xfs(self.style_xfs)):
            return found
        font = self._append(
            "fonts", etree.fromstring(f'<font xmlns="{self.ns}"><b val="1"/><sz val="11"/><name val="Calibri"/></font>')
        )
        fill = self._append(
            "fills",
            etree.fromstring(
                f'<fill xmlns="{self.ns}"><patternFill patternType="solid"><fgColor rgb="FF{BIJGESTELD_COLOR}"/>'
                '<bgColor indexed="64"/></patternFill></fill>'
            ),
        )
        side = '<{0} style="thin"><color rgb="FF808080"/></{0}>'
        border = self._append(
            "borders",
            etree.fromstring(
                f'<border xmlns="{self.ns}">' + "".join(side.format(s) for s in ("left", "right", "top", "bottom"))
                + "<diagonal/></border>"
            ),
        )
        xf = etree.Element(self.q("xf"))
        for key, value in (("numFmtId", "3"), ("fontId", font), ("fillId", fill), ("borderId", border),
                           ("applyNumberFormat", "1"), ("applyFont", "1"), ("applyFill", "1"), ("applyBorder", "1")):
            xf.set(key, str(value))
        style_id = self._append_xf(self.style_xfs, xf)
        styles = self.root.find(self.q("cellStyles"))
        if styles is None:
            styles = etree.Element(self.q("cellStyles"))
            self.cell_xfs.addnext(styles)
        el = etree.SubElement(styles, self.q("cellStyle"))
        el.set("name", BIJGESTELD_STYLE)
        el.set("xfId", str(style_id))
        styles.set("count", str(len(styles)))
        self.changed = True
        return style_id

    # ------------------------------------------------------------------ dates
    def date_format(self, code: str) -> int:
        """A cell format showing `code` (e.g. 'dd-mm-yyyy hh:mm:ss'), added when missing."""
        fmt_id = self._num_fmt_id(code)
        xf = etree.Element(self.q("xf"))
        for key, value in (("numFmtId", fmt_id), ("fontId", 0), ("fillId", 0), ("borderId", 0), ("xfId", 0),
                           ("applyNumberFormat", 1)):
            xf.set(key, str(value))
        return self._find_or_add(xf)

    # ------------------------------------------------------------------ internals
    def _section(self, local: str) -> etree._Element:
        el = self.root.find(self.q(local))
        if el is None:
            raise PackageError(f"{self.where} is beschadigd (<{local}> ontbreekt); open en sla de werkmap op in "
                               "Excel, of zet een reservekopie terug. Er is niets opgeslagen.")
        return el

    def _xfs(self, section: etree._Element) -> list[etree._Element]:
        return [x for x in section if isinstance(x.tag, str) and etree.QName(x).localname == "xf"]

    def _find_or_add(self, new: etree._Element) -> int:
        wanted = _signature(new)
        for i, xf in enumerate(self._xfs(self.cell_xfs)):
            if _signature(xf) == wanted:
                return i
        return self._append_xf(self.cell_xfs, new)

    def _append_xf(self, section: etree._Element, xf: etree._Element) -> int:
        section.append(xf)
        count = len(self._xfs(section))
        section.set("count", str(count))
        self.changed = True
        return count - 1

    def _append(self, local: str, element: etree._Element) -> int:
        section = self.root.find(self.q(local))
        if section is None:
            section = etree.Element(self.q(local))
            self.insert_in_order(section, _STYLESHEET_ORDER)
        section.append(element)
        count = len([x for x in section if isinstance(x.tag, str)])
        section.set("count", str(count))
        self.changed = True
        return count - 1

    def _num_fmt_code(self, fmt_id: int) -> str | None:
        fmts = self.root.find(self.q("numFmts"))
        for el in fmts if fmts is not None else ():
            if el.get("numFmtId") == str(fmt_id):
                return el.get("formatCode")
        return None

    def _num_fmt_id(self, code: str) -> int:
        fmts = self.root.find(self.q("numFmts"))
        if fmts is None:
            fmts = etree.Element(self.q("numFmts"))
            self.root.insert(0, fmts)
        used = [xml_int(el.get("numFmtId")) for el in fmts]
        for el in fmts:
            if el.get("formatCode") == code:
                return xml_int(el.get("numFmtId"))
        fmt_id = max([163, *used]) + 1
        el = etree.SubElement(fmts, self.q("numFmt"))
        el.set("numFmtId", str(fmt_id))
        el.set("formatCode", code)
        fmts.set("count", str(len(fmts)))
        self.changed = True
        return fmt_id


_STYLESHEET_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
                     "tableStyles", "colors", "extLst")


def _signature(xf: etree._Element) -> tuple[tuple[tuple[str, str], ...], bytes]:
    # An absent attribute means 0/false, as Excel reads it.
    attrs = tuple(sorted((k, v) for k, v in xf.attrib.items() if v not in ("0", "false")))
    children = b"".join(etree.tostring(c) for c in xf)
    return attrs, children
