"""XML parts the patcher changes, parsed with lxml, each at most once per write.

lxml keeps every namespace declaration and prefix (so `mc:Ignorable="x14ac xr"` stays
valid) and unknown elements. A part is serialized again only when the patcher changed it,
behind its original XML declaration. The package itself (zip, relationships, content
types) is :mod:`xlpuzzel.package`'s; an :class:`Edits` session ties the two together.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TypeVar

from lxml import etree

from xlpuzzel.package import REL, Package, PackageError

if TYPE_CHECKING:
    from xlpuzzel.reader.ooxml import Book

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_WORKSHEET = REL + "worksheet"
REL_COMMENTS = REL + "comments"
REL_VML = REL + "vmlDrawing"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
#: A part the patcher rewrites is parsed whole into memory (lxml: roughly ten times its size).
MAX_REWRITE_BYTES = 16 * 1024 * 1024

# Parts may come from a user's file: no entity expansion, no network. Our own size limit
# stands in for libxml2's (huge_tree), so a long text node in a legitimate part is no error.
_PARSER = etree.XMLParser(remove_blank_text=False, resolve_entities=False, no_network=True, huge_tree=True)
_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>\s*")
OFFICE_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'


class XmlPart:
    """One parsed XML part; :meth:`to_bytes` serializes it behind its original declaration."""

    def __init__(self, data: bytes, where: str = "het onderdeel") -> None:
        match = _DECLARATION.match(data)
        self.declaration = match.group(0) if match else b""
        try:
            self.root = etree.fromstring(data, _PARSER)
        except (etree.XMLSyntaxError, ValueError) as exc:
            raise PackageError(f"{where} is beschadigd (geen geldige XML).") from exc
        if not isinstance(self.root.tag, str):
            raise PackageError(f"{where} is beschadigd (geen geldige XML).")
        self.changed = False

    @property
    def ns(self) -> str:
        """The namespace of the root element."""
        return etree.QName(self.root).namespace or ""

    def q(self, local: str) -> str:
        """A tag in the root's namespace."""
        return f"{{{self.ns}}}{local}" if self.ns else local

    def insert_in_order(self, element: etree._Element, order: tuple[str, ...]) -> None:
        """Insert a child of the root at its schema position (`order`: the children's local names in order)."""
        rank = order.index(etree.QName(element).localname)
        for existing in self.root:
            name = etree.QName(existing).localname if isinstance(existing.tag, str) else ""
            if name in order and order.index(name) > rank:
                existing.addprevious(element)
                return
        self.root.append(element)

    def to_bytes(self) -> bytes:
        """The part's bytes: original declaration, then the tree."""
        body = etree.tostring(self.root, encoding="unicode").encode("utf-8")
        return (self.declaration or OFFICE_DECLARATION) + body


P = TypeVar("P", bound=XmlPart)


class Edits:
    """One write's view of a package: each part it changes parsed once, written back by :meth:`store`.

    `book` is the reader's parse of the same package (sheet names -> parts, styles part):
    the writer never parses the workbook a second time to find its way.
    """

    def __init__(self, pkg: Package, book: Book) -> None:
        self.pkg = pkg
        self.book = book
        self._parts: dict[str, XmlPart] = {}

    def xml(self, part: str, cls: type[P] = XmlPart) -> P:  # type: ignore[assignment]
        """The part parsed as `cls`, once; PackageError (Dutch) when it is missing, damaged or too large."""
        found = self._parts.get(part)
        if found is None:
            size = self.pkg.declared_size(part)
            if size > MAX_REWRITE_BYTES:
                raise PackageError(
                    f"{self.pkg.name}: het onderdeel {part}{self._sheet_label(part)} is {size // (1024 * 1024)} MB "
                    f"groot (uitgepakt); om het bij te werken moet het in zijn geheel in het geheugen, en boven "
                    f"{MAX_REWRITE_BYTES // (1024 * 1024)} MB doet dit programma dat niet. Meestal zijn dat "
                    "opgemaakte lege rijen onder de tabel: selecteer ze in Excel, verwijder ze (rechtsklik > "
                    "Verwijderen) en sla de werkmap op. Er is niets opgeslagen."
                )
            found = cls(self.pkg.read(part), f"{self.pkg.name}: het onderdeel {part}")
            self._parts[part] = found
        if not isinstance(found, cls):
            raise TypeError(f"{part} is already parsed as {type(found).__name__}")
        return found

    def add(self, part: str, xml: XmlPart) -> None:
        """Take a new part (written by :meth:`store`)."""
        xml.changed = True
        self._parts[part] = xml

    def sheet_part(self, title: str) -> str:
        """The worksheet part of a sheet; PackageError when the workbook has no such sheet."""
        part = self.book.sheet_targets.get(title)
        if part is None:
            raise PackageError(f"{self.pkg.name}: het werkblad '{title}' ontbreekt.")
        return part

    def store(self) -> None:
        """Write every changed part back into the package."""
        for part, xml in self._parts.items():
            if xml.changed:
                self.pkg.write(part, xml.to_bytes())
                xml.changed = False

    def _sheet_label(self, part: str) -> str:
        for title, target in self.book.sheet_targets.items():
            if target == part:
                return f" (werkblad {title})"
        return ""
