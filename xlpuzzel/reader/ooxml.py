"""The workbook-level parts of a package: sheets, defined names, shared strings, date styles.

Parsed with the standard library, each part once and the optional ones on first use, from
the :class:`~xlpuzzel.package.Package` that also serves the writer (the relationships come
from there). Damaged or missing parts raise :class:`~xlpuzzel.package.PackageError` naming
the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from xml.etree import ElementTree as ET

from xlpuzzel.package import REL, Package, PackageError
from xlpuzzel.reader.dates import date_style_indices

_DOC_REL_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)


def as_package(parts: Mapping[str, bytes] | Package, name: str = "werkmap") -> Package:
    """A package for a dict of parts (tests, the builder), or the package itself."""
    return parts if isinstance(parts, Package) else Package.from_parts(parts, name)


def sheet_names(parts: Mapping[str, bytes] | Package) -> tuple[str, ...]:
    """The sheet names of a workbook in tab order."""
    return tuple(Book(as_package(parts)).sheet_order)


class Book:
    """The workbook-level parts, parsed once: sheets, names, shared strings, date styles."""

    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        self.name = pkg.name
        #: The workbook part ('xl/workbook.xml').
        self.part = pkg.main_part
        root = self.xml(self.part)
        self.ns = _namespace(root)
        rels = pkg.rels(self.part).by_id()
        self.sheet_order: list[str] = []
        self.sheet_targets: dict[str, str] = {}
        self.hidden: set[str] = set()
        sheets = root.find(self.t("sheets"))
        for sh in sheets if sheets is not None else ():
            title = sh.get("name", "")
            rid = next((sh.get(f"{{{ns}}}id") for ns in _DOC_REL_NS if sh.get(f"{{{ns}}}id")), None)
            if title in self.sheet_targets:
                continue  # a second sheet of the same name: Excel would not open it, the first counts
            self.sheet_order.append(title)
            if rid in rels:
                self.sheet_targets[title] = rels[rid][1]
            if sh.get("state") in ("hidden", "veryHidden"):
                self.hidden.add(title)
        self.names: dict[str, str] = {}
        defined = root.find(self.t("definedNames"))
        for dn in defined if defined is not None else ():
            if dn.get("localSheetId") is None and dn.get("name"):
                self.names.setdefault(dn.get("name", ""), (dn.text or "").strip())
        pr = root.find(self.t("workbookPr"))
        self.date1904 = pr is not None and pr.get("date1904") in ("1", "true")
        styles = pkg.related(self.part, REL + "styles")
        strings = pkg.related(self.part, REL + "sharedStrings")
        #: The styles part, when the workbook has one.
        self.styles_part: str | None = styles[0] if styles else None
        self.strings_part: str | None = strings[0] if strings else None
        self._strings: list[str] | None = None
        self._date_styles: frozenset[int] | None = None

    # -- parts
    def parse(self, data: bytes, part: str) -> ET.Element:
        """Parse a part's bytes; PackageError naming it when it is no XML."""
        try:
            return ET.fromstring(data)
        except (ET.ParseError, ValueError) as exc:
            raise PackageError(f"{self.name}: het onderdeel {part} is beschadigd (geen geldige XML).") from exc

    def xml(self, part: str) -> ET.Element:
        """The parsed XML of a part; PackageError when it is missing, damaged or too large."""
        return self.parse(self.pkg.read(part), part)

    def events(self, part: str, chunks: Iterable[bytes], tags: tuple[str, ...]) -> Iterable[tuple[str, ET.Element]]:
        """('start'|'end', element) for the elements of a part fed in pieces; memory stays one piece.

        The caller clears what it has read (see :func:`xlpuzzel.reader.cells.sheet_with_merges`).
        """
        parser = ET.XMLPullParser(events=("start", "end"))
        wanted = set(tags)
        try:
            for chunk in chunks:
                parser.feed(chunk)
                for event, el in parser.read_events():
                    if el.tag in wanted:  # type: ignore[union-attr]
                        yield event, el  # type: ignore[misc]
            parser.close()
            for event, el in parser.read_events():
                if el.tag in wanted:  # type: ignore[union-attr]
                    yield event, el  # type: ignore[misc]
        except (ET.ParseError, ValueError) as exc:
            raise PackageError(f"{self.name}: het onderdeel {part} is beschadigd (geen geldige XML).") from exc

    def require_part(self, title: str) -> str | None:
        """The part of sheet `title`; None when there is no such sheet; PackageError when its link is broken."""
        if title in self.sheet_targets:
            return self.sheet_targets[title]
        if title in self.sheet_order:
            raise PackageError(
                f"{self.name}: het werkblad '{title}' staat in de werkmap, maar het onderdeel met zijn cellen is "
                "niet te vinden; het bestand is beschadigd. Zet een reservekopie terug of herstel het bestand in Excel."
            )
        return None

    def t(self, tag: str) -> str:
        """A SpreadsheetML tag in the workbook's namespace."""
        return f"{{{self.ns}}}{tag}" if self.ns else tag

    # -- shared strings and styles, parsed on first use
    @property
    def strings(self) -> list[str]:
        """The shared strings table."""
        if self._strings is None:
            self._strings = []
            part = self.strings_part
            if part is not None:
                si_tag = self.t("si")
                root: ET.Element | None = None
                for event, el in self.events(part, self.pkg.stream(part), (self.t("sst"), si_tag)):
                    if event == "start" and el.tag != si_tag:
                        root = el
                    elif event == "end" and el.tag == si_tag:
                        self._strings.append(self.text(el))
                        el.clear()
                        if root is not None:
                            root.remove(el)
        return self._strings

    def text(self, node: ET.Element) -> str:
        """Text of a string item: plain <t> or rich-text runs, without phonetic runs."""
        t_tag, r_tag = self.t("t"), self.t("r")
        pieces = []
        for child in node:
            if child.tag == t_tag:
                pieces.append(child.text or "")
            elif child.tag == r_tag:
                pieces.extend(t.text or "" for t in child.iter(t_tag))
        return "".join(pieces)

    @property
    def date_styles(self) -> frozenset[int]:
        """Style indices whose number format shows a date or time."""
        if self._date_styles is None:
            part = self.styles_part
            self._date_styles = date_style_indices(self.xml(part), self.t) if part else frozenset()
        return self._date_styles


def _namespace(root: ET.Element) -> str:
    if root.tag.startswith("{"):
        return root.tag[1:].split("}", 1)[0]
    return ""
