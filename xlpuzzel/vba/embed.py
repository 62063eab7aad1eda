"""Turn an .xlsx package (part name -> bytes) into an .xlsm with our VBA project and ribbon.

Only the parts that need a change are rewritten; the rest keep their bytes and order.
Embedding twice gives the same parts as embedding once.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping

from lxml import etree

__all__ = [
    "RIBBON_PART",
    "VBA_PROJECT_PART",
    "embed_vba_and_ribbon",
    "ensure_ribbon_relationship",
]

VBA_PROJECT_PART = "xl/vbaProject.bin"
RIBBON_PART = "customUI/customUI14.xml"

CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"

NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

REL_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
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


def embed_vba_and_ribbon(parts: Mapping[str, bytes], vba_project: bytes, ribbon_xml: bytes) -> dict[str, bytes]:
    """Return the package as a macro-enabled workbook holding `vba_project` and the ribbon."""
    result = dict(parts)
    workbook = _workbook_part(result)
    workbook_rels = _rels_part(workbook)

    rels = _Xml(result.get(workbook_rels) or _empty_relationships())
    existing = _targets(rels, REL_VBA_PROJECT, workbook)
    vba_part = existing[0] if existing else VBA_PROJECT_PART
    if not existing:
        _add_relationship(rels, REL_VBA_PROJECT, posixpath.relpath(vba_part, posixpath.dirname(workbook)))
    rels.store(result, workbook_rels)
    _drop_signatures(result, vba_part)
    result[vba_part] = vba_project
    result[RIBBON_PART] = ribbon_xml

    types = _Xml(result[CONTENT_TYPES])
    _set_override(types, workbook, CT_MACRO_WORKBOOK)
    _set_override(types, vba_part, CT_VBA_PROJECT)
    types.store(result, CONTENT_TYPES)

    book = _Xml(result[workbook])
    _set_workbook_code_name(book.root)
    book.store(result, workbook)
    return ensure_ribbon_relationship(result)


def ensure_ribbon_relationship(parts: Mapping[str, bytes]) -> dict[str, bytes]:
    """Return the parts with the `_rels/.rels` link to `customUI/customUI14.xml` restored if missing."""
    result = dict(parts)
    if RIBBON_PART not in result:
        return result
    rels = _Xml(result.get(PACKAGE_RELS) or _empty_relationships())
    if RIBBON_PART not in _targets(rels, REL_RIBBON, ""):
        _add_relationship(rels, REL_RIBBON, RIBBON_PART)
    rels.store(result, PACKAGE_RELS)
    types = _Xml(result[CONTENT_TYPES])
    if _content_type(types, RIBBON_PART) is None:
        # Normally covered by the Default for .xml; without one the part needs an Override.
        _set_override(types, RIBBON_PART, CT_XML)
    types.store(result, CONTENT_TYPES)
    return result


XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
# Package parts may come from a user's file: no entity expansion, no network.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


class _Xml:
    """A parsed part that is only written back when it changed (keeps bytes stable)."""

    def __init__(self, data: bytes) -> None:
        self.original = data
        self.root = etree.fromstring(data, _PARSER)
        self.snapshot = etree.tostring(self.root)

    def store(self, parts: dict[str, bytes], name: str) -> None:
        if name in parts and etree.tostring(self.root) == self.snapshot:
            return
        # The declaration as Office writes it (double quotes), not lxml's single-quoted one.
        parts[name] = XML_DECLARATION + etree.tostring(self.root, encoding="UTF-8", xml_declaration=False)


def _empty_relationships() -> bytes:
    return f'<Relationships xmlns="{NS_REL}"/>'.encode()


def _workbook_part(parts: Mapping[str, bytes]) -> str:
    targets = _targets(_Xml(parts[PACKAGE_RELS]), REL_OFFICE_DOCUMENT, "")
    if not targets or targets[0] not in parts:
        raise ValueError("package has no workbook part (officeDocument relationship)")
    return targets[0]


def _rels_part(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _targets(rels: _Xml, rel_type: str, source: str) -> list[str]:
    """Part names that relationships of `rel_type` from part `source` point at."""
    return [
        _resolve(source, rel.get("Target", ""))
        for rel in rels.root.iterfind(f"{{{NS_REL}}}Relationship")
        if rel.get("Type") == rel_type and rel.get("TargetMode") != "External"
    ]


def _resolve(source: str, target: str) -> str:
    # OPC: targets are relative to the source part's folder unless they start with '/'.
    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _add_relationship(rels: _Xml, rel_type: str, target: str) -> None:
    used = {rel.get("Id") for rel in rels.root}
    number = 1
    while f"rId{number}" in used:
        number += 1
    etree.SubElement(rels.root, f"{{{NS_REL}}}Relationship", Id=f"rId{number}", Type=rel_type, Target=target)


def _content_type(types: _Xml, part: str) -> str | None:
    for override in types.root.iterfind(f"{{{NS_CT}}}Override"):
        if override.get("PartName", "").lstrip("/") == part:
            return override.get("ContentType")
    extension = posixpath.splitext(part)[1][1:].lower()
    for default in types.root.iterfind(f"{{{NS_CT}}}Default"):
        if default.get("Extension", "").lower() == extension:
            return default.get("ContentType")
    return None


def _set_override(types: _Xml, part: str, content_type: str) -> None:
    for override in types.root.iterfind(f"{{{NS_CT}}}Override"):
        if override.get("PartName", "").lstrip("/") == part:
            override.set("ContentType", content_type)
            return
    etree.SubElement(types.root, f"{{{NS_CT}}}Override", PartName="/" + part, ContentType=content_type)


def _remove_override(types: _Xml, part: str) -> None:
    for override in list(types.root.iterfind(f"{{{NS_CT}}}Override")):
        if override.get("PartName", "").lstrip("/") == part:
            types.root.remove(override)


def _drop_signatures(parts: dict[str, bytes], vba_part: str) -> None:
    """Remove a signature of an earlier VBA project: it would not match the new one."""
    rels_name = _rels_part(vba_part)
    if rels_name not in parts:
        return
    rels = _Xml(parts.pop(rels_name))
    types = _Xml(parts[CONTENT_TYPES])
    for rel in rels.root.iterfind(f"{{{NS_REL}}}Relationship"):
        if rel.get("Type") in REL_VBA_SIGNATURES:
            signature = _resolve(vba_part, rel.get("Target", ""))
            parts.pop(signature, None)
            _remove_override(types, signature)
    types.store(parts, CONTENT_TYPES)


def _set_workbook_code_name(workbook: etree._Element) -> None:
    # Without codeName Excel would not bind our ThisWorkbook module to the workbook and
    # would add a second one ("ThisWorkbook1").
    pr = workbook.find(f"{{{NS_MAIN}}}workbookPr")
    if pr is None:
        pr = etree.Element(f"{{{NS_MAIN}}}workbookPr")
        position = 0
        for index, child in enumerate(workbook):
            if isinstance(child.tag, str) and etree.QName(child).localname in BEFORE_WORKBOOK_PR:
                position = index + 1
        workbook.insert(position, pr)
    if pr.get("codeName") != WORKBOOK_CODE_NAME:
        pr.set("codeName", WORKBOOK_CODE_NAME)
