"""Package plumbing for the XML patcher: parse and write parts, relationships, content types.

Parts are parsed with lxml, which keeps every namespace declaration and prefix (so
`mc:Ignorable="x14ac xr"` stays valid) and unknown elements. A part is serialized again
only when the patcher changed it, behind its original XML declaration.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import MutableMapping

from lxml import etree

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_OFFICE_DOCUMENT = NS_R + "/officeDocument"
REL_WORKSHEET = NS_R + "/worksheet"
REL_COMMENTS = NS_R + "/comments"
REL_VML = NS_R + "/vmlDrawing"
CONTENT_TYPES = "[Content_Types].xml"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"

_PARSER = etree.XMLParser(remove_blank_text=False, resolve_entities=False, huge_tree=True)
_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>\s*")


class XmlPart:
    """One parsed XML part; :meth:`store` writes it back only when `changed` is set."""

    def __init__(self, data: bytes) -> None:
        match = _DECLARATION.match(data)
        self.declaration = match.group(0) if match else b""
        self.root = etree.fromstring(data, _PARSER)
        self.changed = False

    @property
    def ns(self) -> str:
        """The namespace of the root element."""
        return etree.QName(self.root).namespace or ""

    def q(self, local: str) -> str:
        """A tag in the root's namespace."""
        return f"{{{self.ns}}}{local}" if self.ns else local

    def to_bytes(self) -> bytes:
        """The part's bytes: original declaration, then the tree."""
        body = etree.tostring(self.root, encoding="unicode").encode("utf-8")
        declaration = self.declaration or b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
        return declaration + body

    def store(self, parts: MutableMapping[str, bytes], name: str) -> None:
        """Put the part back into `parts` if it changed."""
        if self.changed:
            parts[name] = self.to_bytes()


def rels_name(part: str) -> str:
    """The relationships part of a part ('xl/workbook.xml' -> 'xl/_rels/workbook.xml.rels')."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def resolve(source: str, target: str) -> str:
    """The part name a relationship target of `source` points to."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def relative(source: str, part: str) -> str:
    """The relationship target from `source` to `part`."""
    return posixpath.relpath(part, posixpath.dirname(source))


class Rels(XmlPart):
    """A relationships part (created empty when missing)."""

    def __init__(self, parts: MutableMapping[str, bytes], source: str) -> None:
        self.source = source
        self.name = rels_name(source)
        data = parts.get(self.name)
        if data is None:
            data = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="{NS_PKG_REL}"/>'.encode()
        super().__init__(data)

    def items(self) -> list[etree._Element]:
        """The Relationship elements."""
        return [el for el in self.root if etree.QName(el).localname == "Relationship"]

    def targets(self, rel_type: str) -> list[tuple[str, str]]:
        """(Id, part name) of every relationship of a type."""
        return [
            (el.get("Id", ""), resolve(self.source, el.get("Target", "")))
            for el in self.items()
            if el.get("Type") == rel_type and el.get("TargetMode") != "External"
        ]

    def by_id(self, rel_id: str) -> str | None:
        """The part a relationship id points to."""
        for el in self.items():
            if el.get("Id") == rel_id:
                return resolve(self.source, el.get("Target", ""))
        return None

    def add(self, rel_type: str, part: str) -> str:
        """Add a relationship to `part`; returns its new Id."""
        used = {el.get("Id") for el in self.items()}
        n = len(used) + 1
        while f"rId{n}" in used:
            n += 1
        rel_id = f"rId{n}"
        el = etree.SubElement(self.root, f"{{{NS_PKG_REL}}}Relationship")
        el.set("Id", rel_id)
        el.set("Type", rel_type)
        el.set("Target", relative(self.source, part))
        self.changed = True
        return rel_id

    def remove(self, rel_id: str) -> None:
        """Remove a relationship by Id."""
        for el in self.items():
            if el.get("Id") == rel_id:
                self.root.remove(el)
                self.changed = True

    def store(self, parts: MutableMapping[str, bytes], name: str | None = None) -> None:
        """Write back if changed; an emptied relationships part is removed."""
        if not self.changed:
            return
        if not self.items():
            parts.pop(self.name, None)
            return
        parts[self.name] = self.to_bytes()


class ContentTypes(XmlPart):
    """`[Content_Types].xml`."""

    def __init__(self, parts: MutableMapping[str, bytes]) -> None:
        super().__init__(parts[CONTENT_TYPES])

    def ensure_default(self, extension: str, content_type: str) -> None:
        """Declare a Default for an extension unless one exists."""
        for el in self.root:
            if etree.QName(el).localname == "Default" and el.get("Extension", "").lower() == extension.lower():
                return
        el = etree.Element(f"{{{NS_CT}}}Default")
        el.set("Extension", extension)
        el.set("ContentType", content_type)
        # Defaults come before Overrides by convention.
        first_override = next((c for c in self.root if etree.QName(c).localname == "Override"), None)
        if first_override is not None:
            first_override.addprevious(el)
        else:
            self.root.append(el)
        self.changed = True

    def set_override(self, part: str, content_type: str) -> None:
        """Declare the content type of one part."""
        name = "/" + part.lstrip("/")
        for el in self.root:
            if etree.QName(el).localname == "Override" and el.get("PartName", "").lower() == name.lower():
                if el.get("ContentType") != content_type:
                    el.set("ContentType", content_type)
                    self.changed = True
                return
        el = etree.SubElement(self.root, f"{{{NS_CT}}}Override")
        el.set("PartName", name)
        el.set("ContentType", content_type)
        self.changed = True

    def remove_override(self, part: str) -> None:
        """Forget the Override of a removed part."""
        name = "/" + part.lstrip("/")
        for el in list(self.root):
            if etree.QName(el).localname == "Override" and el.get("PartName", "").lower() == name.lower():
                self.root.remove(el)
                self.changed = True


def workbook_part(parts: MutableMapping[str, bytes]) -> str:
    """The workbook part's name (via `_rels/.rels`)."""
    rels = Rels(parts, "")
    for _rid, target in rels.targets(REL_OFFICE_DOCUMENT):
        if target in parts:
            return target
    return "xl/workbook.xml"


def sheet_parts(parts: MutableMapping[str, bytes]) -> dict[str, str]:
    """Sheet name -> worksheet part name."""
    wb_name = workbook_part(parts)
    book = XmlPart(parts[wb_name])
    rels = Rels(parts, wb_name)
    out: dict[str, str] = {}
    sheets = book.root.find(book.q("sheets"))
    for sheet in sheets if sheets is not None else ():
        target = rels.by_id(sheet.get(f"{{{NS_R}}}id", ""))
        if target is not None:
            out[sheet.get("name", "")] = target
    return out


def free_part_name(parts: MutableMapping[str, bytes], pattern: str) -> str:
    """The first unused part name of a pattern with one `{}` (numbered from 1, case-insensitive)."""
    existing = {p.lower() for p in parts}
    n = 1
    while pattern.format(n).lower() in existing:
        n += 1
    return pattern.format(n)
