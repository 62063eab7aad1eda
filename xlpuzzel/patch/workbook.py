"""`xl/workbook.xml`: add a missing sheet and (re)set defined names, nothing else."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping

from lxml import etree

from xlpuzzel.patch.opc import (
    CONTENT_TYPES,
    CT_WORKSHEET,
    NS_MAIN,
    NS_R,
    REL_WORKSHEET,
    ContentTypes,
    Rels,
    XmlPart,
    free_part_name,
    workbook_part,
)

#: Children of <workbook> that may precede <definedNames>, in schema order.
_BEFORE_NAMES = (
    "fileVersion", "fileSharing", "workbookPr", "workbookProtection", "bookViews", "sheets",
    "functionGroups", "externalReferences",
)


def add_sheet(parts: MutableMapping[str, bytes], name: str, hidden: bool = False) -> str:
    """Add an empty worksheet at the end of the tabs; returns its part name."""
    wb_name = workbook_part(parts)
    book = XmlPart(parts[wb_name])
    rels = Rels(parts, wb_name)
    part = free_part_name(parts, "xl/worksheets/sheet{}.xml")
    parts[part] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_R}"><sheetData/></worksheet>'
    ).encode()
    rel_id = rels.add(REL_WORKSHEET, part)
    sheets = book.root.find(book.q("sheets"))
    assert sheets is not None
    ids = [int(s.get("sheetId") or 0) for s in sheets]
    sheet = etree.SubElement(sheets, book.q("sheet"))
    sheet.set("name", name)
    sheet.set("sheetId", str(max(ids, default=0) + 1))
    if hidden:
        sheet.set("state", "hidden")
    sheet.set(f"{{{NS_R}}}id", rel_id)
    book.changed = True
    book.store(parts, wb_name)
    rels.store(parts)
    types = ContentTypes(parts)
    types.set_override(part, CT_WORKSHEET)
    types.store(parts, CONTENT_TYPES)
    return part


def set_defined_names(parts: MutableMapping[str, bytes], names: Mapping[str, str]) -> None:
    """Make workbook-level defined names refer to the given ranges (added or repaired, e.g. #REF!)."""
    wb_name = workbook_part(parts)
    book = XmlPart(parts[wb_name])
    defined = _child(book, "definedNames", _BEFORE_NAMES)
    existing = {el.get("name"): el for el in defined if el.get("localSheetId") is None}
    for name, ref in names.items():
        el = existing.get(name)
        if el is None:
            el = etree.SubElement(defined, book.q("definedName"))
            el.set("name", name)
        if el.text != ref:
            el.text = ref
            book.changed = True
    book.store(parts, wb_name)


def is_date1904(parts: Mapping[str, bytes]) -> bool:
    """True when the workbook counts dates from 1904 (Mac Excel option)."""
    book = XmlPart(parts[workbook_part(dict(parts))])
    pr = book.root.find(book.q("workbookPr"))
    return pr is not None and pr.get("date1904", "0").lower() in ("1", "true")


def recalculate_on_open(parts: MutableMapping[str, bytes]) -> None:
    """Make Excel recalculate every formula when it opens the file (`<calcPr fullCalcOnLoad="1"/>`).

    For a writer that changes input values: the formulas' stored results are stale until then.
    """
    wb_name = workbook_part(parts)
    book = XmlPart(parts[wb_name])
    # calcPr follows definedNames (and the elements before it) in CT_Workbook.
    calc = _child(book, "calcPr", (*_BEFORE_NAMES, "definedNames"))
    if calc.get("fullCalcOnLoad") not in ("1", "true"):
        calc.set("fullCalcOnLoad", "1")
        book.changed = True
    book.store(parts, wb_name)


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
