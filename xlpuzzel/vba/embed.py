"""Turn an .xlsx package (part name -> bytes) into an .xlsm with our VBA project and ribbon.

Only the parts that need a change are rewritten; the rest keep their bytes and order.
Embedding twice gives the same parts as embedding once.
"""

from __future__ import annotations

from collections.abc import Mapping

from lxml import etree

from xlpuzzel.package import Package
from xlpuzzel.patch.xmlpart import OFFICE_DECLARATION

__all__ = [
    "RIBBON_PART",
    "VBA_PROJECT_PART",
    "embed_vba_and_ribbon",
    "ensure_ribbon_relationship",
]

VBA_PROJECT_PART = "xl/vbaProject.bin"
RIBBON_PART = "customUI/customUI14.xml"

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

REL_VBA_PROJECT = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
REL_VBA_SIGNATURES = (
    "http://schemas.microsoft.com/office/2006/relationships/vbaProjectSignature",
    "http://schemas.microsoft.com/office/2014/relationships/vbaProjectSignatureAgile",
    "http://schemas.microsoft.com/office/2020/07/relationships/vbaProjectSignatureV3",
)
# customUI14 (2009/07 namespace) is found through the 2007 relationship type; the 2006 type
# is for the Office 2007 `customUI.xml`.
REL_RIBBON = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"

CT_MACRO_WORKBOOK = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_VBA_PROJECT = "application/vnd.ms-office.vbaProject"
CT_XML = "application/xml"

# ECMA-376 Part 1, CT_Workbook: children that may precede workbookPr, in schema order.
BEFORE_WORKBOOK_PR = ("fileVersion", "fileSharing")
# The workbook's document module in our VBA project (see xlpuzzel.vba.project).
WORKBOOK_CODE_NAME = "ThisWorkbook"
# Package parts may come from a user's file: no entity expansion, no network.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def embed_vba_and_ribbon(parts: Mapping[str, bytes], vba_project: bytes, ribbon_xml: bytes) -> dict[str, bytes]:
    """Return the package as a macro-enabled workbook holding `vba_project` and the ribbon."""
    pkg = Package.from_parts(parts)
    workbook = pkg.main_part
    rels = pkg.rels(workbook)
    existing = [p for _id, p in rels.targets(REL_VBA_PROJECT)]
    vba_part = existing[0] if existing else VBA_PROJECT_PART
    if not existing:
        rels.add(REL_VBA_PROJECT, vba_part)
    _drop_signatures(pkg, vba_part)
    _put(pkg, vba_part, vba_project)
    _put(pkg, RIBBON_PART, ribbon_xml)
    types = pkg.content_types
    types.set_override(workbook, CT_MACRO_WORKBOOK)
    types.set_override(vba_part, CT_VBA_PROJECT)
    _set_workbook_code_name(pkg, workbook)
    _ensure_ribbon_relationship(pkg)
    return pkg.parts()


def ensure_ribbon_relationship(parts: Mapping[str, bytes]) -> dict[str, bytes]:
    """Return the parts with the `_rels/.rels` link to `customUI/customUI14.xml` restored if missing."""
    pkg = Package.from_parts(parts)
    _ensure_ribbon_relationship(pkg)
    return pkg.parts()


def _ensure_ribbon_relationship(pkg: Package) -> None:
    if RIBBON_PART not in pkg:
        return
    rels = pkg.rels("")
    if RIBBON_PART not in [p for _id, p in rels.targets(REL_RIBBON)]:
        rels.add(REL_RIBBON, RIBBON_PART)
    if pkg.content_types.content_type(RIBBON_PART) is None:
        # Normally covered by the Default for .xml; without one the part needs an Override.
        pkg.content_types.set_override(RIBBON_PART, CT_XML)


def _put(pkg: Package, part: str, data: bytes) -> None:
    """Write a part unless it already holds exactly these bytes (embedding twice changes nothing)."""
    if pkg.get(part) != data:
        pkg.write(part, data)


def _drop_signatures(pkg: Package, vba_part: str) -> None:
    """Remove a signature of an earlier VBA project: it would not match the new one."""
    rels = pkg.rels(vba_part)
    for rel_type in REL_VBA_SIGNATURES:
        for rel_id, signature in rels.targets(rel_type):
            pkg.remove(signature)
            pkg.content_types.remove_override(signature)
            rels.remove(rel_id)


def _set_workbook_code_name(pkg: Package, workbook: str) -> None:
    # Without codeName Excel would not bind our ThisWorkbook module to the workbook and
    # would add a second one ("ThisWorkbook1").
    root = etree.fromstring(pkg.read(workbook), _PARSER)
    pr = root.find(f"{{{NS_MAIN}}}workbookPr")
    if pr is None:
        pr = etree.Element(f"{{{NS_MAIN}}}workbookPr")
        position = 0
        for index, child in enumerate(root):
            if isinstance(child.tag, str) and etree.QName(child).localname in BEFORE_WORKBOOK_PR:
                position = index + 1
        root.insert(position, pr)
    if pr.get("codeName") != WORKBOOK_CODE_NAME:
        pr.set("codeName", WORKBOOK_CODE_NAME)
        # The declaration as Office writes it (double quotes), not lxml's single-quoted one.
        pkg.write(workbook, OFFICE_DECLARATION + etree.tostring(root, encoding="UTF-8", xml_declaration=False))
