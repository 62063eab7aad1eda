"""The workbook-level parts of an OOXML package: sheets, defined names, shared strings, date styles.

Parsed with the standard library, each part once and the optional ones on first use.
Damaged or missing parts raise :class:`~xlpuzzel.package.PackageError` naming the file.
"""

from __future__ import annotations

import posixpath
import zlib
from collections.abc import Mapping
from xml.etree import ElementTree as ET

from xlpuzzel.package import PackageError, parts_from_bytes
from xlpuzzel.reader.dates import date_style_indices

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_REL_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_OFFICE_DOCUMENT = "/officeDocument"


def sheet_names(parts: Mapping[str, bytes]) -> tuple[str, ...]:
    """The sheet names of a workbook in tab order."""
    return tuple(Book(parts, "werkmap").sheet_order)


def package_parts(data: bytes, name: str) -> dict[str, bytes]:
    """The parts of a package file's bytes; PackageError when it is no zip or a member is damaged."""
    try:
        return parts_from_bytes(data, name)
    except PackageError:
        raise
    except (zlib.error, OSError, RuntimeError, NotImplementedError, KeyError) as exc:
        # A damaged member (bad CRC, unknown compression, encrypted zip entry).
        raise PackageError(f"{name}: het bestand is beschadigd en kan niet gelezen worden.") from exc


class Book:
    """The workbook-level parts, parsed once: sheets, names, shared strings, date styles."""

    def __init__(self, parts: Mapping[str, bytes], name: str) -> None:
        self.parts = parts
        self.name = name
        wb_path = self._workbook_path()
        root = self.xml(wb_path)
        self.ns = _namespace(root)
        rels = self._rels(wb_path)
        self.sheet_order: list[str] = []
        self.sheet_targets: dict[str, str] = {}
        self.hidden: set[str] = set()
        sheets = root.find(self.t("sheets"))
        for sh in sheets if sheets is not None else ():
            title = sh.get("name", "")
            rid = next((sh.get(f"{{{ns}}}id") for ns in _DOC_REL_NS if sh.get(f"{{{ns}}}id")), None)
            self.sheet_order.append(title)
            if rid in rels:
                self.sheet_targets[title] = rels[rid][1]
            if sh.get("state") in ("hidden", "veryHidden"):
                self.hidden.add(title)
        self.names: dict[str, str] = {}
        defined = root.find(self.t("definedNames"))
        for dn in defined if defined is not None else ():
            if dn.get("localSheetId") is None and dn.get("name"):
                self.names[dn.get("name", "")] = (dn.text or "").strip()
        pr = root.find(self.t("workbookPr"))
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

    def xml(self, part: str) -> ET.Element:
        """The parsed XML of a part; PackageError when it is missing or damaged."""
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

    def t(self, tag: str) -> str:
        """A SpreadsheetML tag in the workbook's namespace."""
        return f"{{{self.ns}}}{tag}" if self.ns else tag

    # -- shared strings and styles, parsed on first use
    @property
    def strings(self) -> list[str]:
        """The shared strings table."""
        if self._strings is None:
            self._strings = []
            part = self._rel_by_type.get("sharedStrings")
            if part and part in self.parts:
                root = self.xml(part)
                for si in root.iter(self.t("si")):
                    self._strings.append(self.text(si))
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
            part = self._rel_by_type.get("styles")
            if part and part in self.parts:
                self._date_styles = date_style_indices(self.xml(part), self.t)
            else:
                self._date_styles = frozenset()
        return self._date_styles


def _namespace(root: ET.Element) -> str:
    if root.tag.startswith("{"):
        return root.tag[1:].split("}", 1)[0]
    return ""
