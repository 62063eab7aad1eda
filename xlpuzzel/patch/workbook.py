"""The workbook part (`xl/workbook.xml`): add a missing sheet and (re)set defined names, nothing else."""

from __future__ import annotations

from collections.abc import Mapping

from lxml import etree

from xlpuzzel.package import xml_int
from xlpuzzel.patch.cells import SheetXml
from xlpuzzel.patch.xmlpart import CT_WORKSHEET, NS_MAIN, NS_R, REL_WORKSHEET, Edits, XmlPart

#: Children of <workbook> that may precede <definedNames>, in schema order.
_BEFORE_NAMES = (
    "fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets",
    "functionGroups", "externalReferences",
)


def add_sheet(edits: Edits, name: str, hidden: bool = False) -> str:
    """Add an empty worksheet at the end of the tabs; returns its part name (the reader's book learns it too)."""
    book = edits.xml(edits.book.part)
    part = edits.pkg.free_name("xl/worksheets/sheet{}.xml")
    edits.add(part, SheetXml(
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        + f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_R}"><sheetData/></worksheet>'.encode()
    ))
    rel_id = edits.pkg.rels(edits.book.part).add(REL_WORKSHEET, part)
    sheets = book.root.find(book.q("sheets"))
    if sheets is None:
        sheets = etree.SubElement(book.root, book.q("sheets"))
    ids = [xml_int(s.get("sheetId")) for s in sheets]
    sheet = etree.SubElement(sheets, book.q("sheet"))
    sheet.set("name", name)
    sheet.set("sheetId", str(max(ids, default=0) + 1))
    if hidden:
        sheet.set("state", "hidden")
    sheet.set(f"{{{NS_R}}}id", rel_id)
    book.changed = True
    edits.pkg.content_types.set_override(part, CT_WORKSHEET)
    edits.book.sheet_order.append(name)
    edits.book.sheet_targets[name] = part
    if hidden:
        edits.book.hidden.add(name)
    return part


def set_defined_names(edits: Edits, names: Mapping[str, str]) -> None:
    """Make workbook-level defined names refer to the given ranges (added or repaired, e.g. #REF!)."""
    book = edits.xml(edits.book.part)
    defined = _child(book, "definedNames", _BEFORE_NAMES)
    existing: dict[str | None, etree._Element] = {}
    for el in defined:
        if isinstance(el.tag, str) and el.get("localSheetId") is None:
            existing.setdefault(el.get("name"), el)
    for name, ref in names.items():
        el = existing.get(name)
        if el is None:
            el = etree.SubElement(defined, book.q("definedName"))
            el.set("name", name)
        if el.text != ref:
            el.text = ref
            book.changed = True
        edits.book.names[name] = ref


def recalculate_on_open(edits: Edits) -> None:
    """Make Excel recalculate every formula when it opens the file (`<calcPr fullCalcOnLoad="1"/>`).

    For a writer that changes input values: the formulas' stored results are stale until then.
    """
    book = edits.xml(edits.book.part)
    # calcPr follows definedNames (and the elements before it) in CT_Workbook.
    calc = _child(book, "calcPr", (*_BEFORE_NAMES, "definedNames"))
    if calc.get("fullCalcOnLoad") not in ("1", "true"):
        calc.set("fullCalcOnLoad", "1")
        book.changed = True


def _child(book: XmlPart, local: str, before: tuple[str, ...]) -> etree._Element:
    """The child <local> of <workbook>, made after the last child named in `before` (schema order) when missing."""
    found = book.root.find(book.q(local))
    if found is not None:
        return found
    element = etree.Element(book.q(local))
    last = None
    for child in book.root:
        if isinstance(child.tag, str) and etree.QName(child).localname in before:
            last = child
    if last is None:
        book.root.insert(0, element)
    else:
        last.addnext(element)
    book.changed = True
    return element
