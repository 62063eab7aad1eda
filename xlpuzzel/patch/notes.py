"""Legacy cell notes of one sheet: `xl/commentsN.xml`, its VML drawing, rels and content types.

The tool's note is the first line of a note, starting with "Tussentijds bijgesteld op". A
cell that already has the user's own note gets the tool's line in front of it; removing the
flag removes only that line, so the user's text and its formatting stay. A note the tool
created is removed entirely with its VML shape; parts that end up empty are removed again.
Threaded comments are never touched: a cell that has one gets no note (it keeps its style
flag and log row), and the caller is told.

The VML is edited as text (Excel's VML is not always well-formed XML): shapes are found by
their `<x:Row>`/`<x:Column>`, new ones appended before `</xml>`.
"""

from __future__ import annotations

import re

from lxml import etree

from xlpuzzel.bijstelling import is_tool_note
from xlpuzzel.layout import parse_address
from xlpuzzel.package import Package, xml_int
from xlpuzzel.patch.cells import SheetXml, split_address
from xlpuzzel.patch.xmlpart import (
    CT_COMMENTS,
    CT_VML,
    NS_MAIN,
    NS_R,
    REL_COMMENTS,
    REL_VML,
    Edits,
    XmlPart,
)

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Any prefix: Excel writes v:/o:/x: declared on <xml>, openpyxl ns0:.. declared per element.
_SHAPE = re.compile(r"<(\w+:)?shape\b[^>]*>.*?</\1shape>", re.DOTALL)
_ROW = re.compile(r"<(?:\w+:)?Row>\s*(\d+)\s*</(?:\w+:)?Row>")
_COL = re.compile(r"<(?:\w+:)?Column>\s*(\d+)\s*</(?:\w+:)?Column>")
_SHAPE_ID = re.compile(r'\bid="_x0000_s(\d+)"')
_IDMAP = re.compile(r'(<(?:\w+:)?idmap\b[^>]*\bdata=")([\d,\s]*)(")')
_ANY_SHAPE = re.compile(r"<(?:\w+:)?shape[\s>]")
#: Declared on every element the tool adds, so they are valid whatever the root declares.
_VML_NS = (
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:x="urn:schemas-microsoft-com:office:excel"'
)
_RUN_PROPS = '<rPr><sz val="9"/><color indexed="81"/><rFont val="Tahoma"/><family val="2"/></rPr>'
_VML_HEAD = (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml"\n xmlns:o="urn:schemas-microsoft-com:office:office"\n'
    ' xmlns:x="urn:schemas-microsoft-com:office:excel">\n'
    ' <o:shapelayout v:ext="edit">\n  <o:idmap v:ext="edit" data="{block}"/>\n </o:shapelayout>'
)
_SHAPETYPE = (
    f'<v:shapetype {_VML_NS} id="_x0000_t202" coordsize="21600,21600" o:spt="202"\n  path="m,l,21600r21600,l21600,xe">\n'
    '  <v:stroke joinstyle="miter"/>\n  <v:path gradientshapeok="t" o:connecttype="rect"/>\n </v:shapetype>'
)
_SHAPE_TEMPLATE = (
    f'<v:shape {_VML_NS} id="_x0000_s{{id}}" type="#_x0000_t202" style=\'position:absolute;\n'
    "  margin-left:0;margin-top:0;width:180pt;height:60pt;z-index:{z};\n  visibility:hidden' "
    'fillcolor="#ffffe1" o:insetmode="auto">\n'
    '  <v:fill color2="#ffffe1"/>\n  <v:shadow on="t" color="black" obscured="t"/>\n'
    '  <v:path o:connecttype="none"/>\n  <v:textbox style=\'mso-direction-alt:auto\'>\n'
    '   <div style=\'text-align:left\'></div>\n  </v:textbox>\n'
    '  <x:ClientData ObjectType="Note">\n   <x:MoveWithCells/>\n   <x:SizeWithCells/>\n'
    "   <x:Anchor>\n    {anchor}</x:Anchor>\n   <x:AutoFill>False</x:AutoFill>\n"
    "   <x:Row>{row}</x:Row>\n   <x:Column>{col}</x:Column>\n  </x:ClientData>\n </v:shape>"
)


class SheetNotes:
    """The notes of one worksheet, edited in place; :meth:`store` writes the changed parts."""

    def __init__(self, edits: Edits, sheet_part: str, sheet: SheetXml) -> None:
        self.edits = edits
        self.pkg = edits.pkg
        self.sheet_part = sheet_part
        self.sheet = sheet
        self.rels = self.pkg.rels(sheet_part)
        found = [t for _id, t in self.rels.targets(REL_COMMENTS) if t in self.pkg]
        self.comments_name = found[0] if found else None
        self.comments = edits.xml(self.comments_name) if self.comments_name else None
        self._index: dict[str, etree._Element] = {}
        for c in self._comment_elements():
            address = parse_address(c.get("ref", ""))
            if address is not None:
                self._index.setdefault(c.get("ref", "").upper().replace("$", ""), c)
        self._added = False
        rel_id, name = self._legacy_drawing()
        self.vml_rel_id = rel_id
        self.vml = _Vml(self.pkg, name) if name else None
        self.skipped: list[str] = []

    # ------------------------------------------------------------------ reading
    def texts(self) -> dict[str, str]:
        """Cell -> the plain text of its note (every note of the sheet)."""
        return {ref: _plain_text(c) for ref, c in self._index.items()}

    def is_threaded(self, address: str) -> bool:
        """True when the cell's note is the placeholder of a threaded comment."""
        c = self._index.get(address)
        if c is None or self.comments is None:
            return False
        authors = self._authors()
        index = xml_int(c.get("authorId"))
        return 0 <= index < len(authors) and (authors[index].text or "").startswith("tc=")

    # ------------------------------------------------------------------ writing
    def set_tool_note(self, address: str, text: str, author: str) -> bool:
        """Make `text` the first line of the cell's note; False when the cell has a threaded comment."""
        address = address.upper()
        if self.is_threaded(address):
            self.skipped.append(address)
            return False
        c = self._index.get(address)
        if c is None:
            self._new_comment(address, text, author)
            vml = self._drawing()
            if not vml.has_shape(address):
                vml.add_shape(address)
            return True
        body = c.find(f"{{{NS_MAIN}}}text")
        if body is None:
            body = etree.SubElement(c, f"{{{NS_MAIN}}}text")
        if is_tool_note(_plain_text(c)):
            _drop_first_line(body)
        user_text = "".join(t.text or "" for t in body.iter(f"{{{NS_MAIN}}}t"))
        _runs_only(body)
        body.insert(0, _run(text + ("\n" if user_text else "")))
        self._mark()
        return True

    def remove_tool_note(self, address: str) -> None:
        """Remove the tool's line from the cell's note; a note left empty goes with its shape."""
        address = address.upper()
        c = self._index.get(address)
        if c is None or not is_tool_note(_plain_text(c)):
            return
        body = c.find(f"{{{NS_MAIN}}}text")
        if body is not None:
            _drop_first_line(body)
        if not _plain_text(c).strip():
            c.getparent().remove(c)
            del self._index[address]
            if self.vml is not None:
                self.vml.remove_shape(address)
        self._mark()

    def store(self) -> None:
        """Write back comments, VML, rels, content types and the sheet's <legacyDrawing> as needed."""
        types = self.pkg.content_types
        if self.comments is not None and self.comments.changed:
            assert self.comments_name is not None
            if not self._index:
                self.comments.changed = False
                self.pkg.remove(self.comments_name)
                for rel_id, target in self.rels.targets(REL_COMMENTS):
                    if target == self.comments_name:
                        self.rels.remove(rel_id)
                types.remove_override(self.comments_name)
            else:
                if self._added:
                    self._sort_comments()
                if self.comments_name not in self.pkg:
                    self.edits.add(self.comments_name, self.comments)
                types.set_override(self.comments_name, CT_COMMENTS)
        if self.vml is not None and self.vml.changed:
            text = self.vml.text()
            if not _ANY_SHAPE.search(text):
                self.pkg.remove(self.vml.name)
                if self.vml_rel_id:
                    self.rels.remove(self.vml_rel_id)
                legacy = self.sheet.child("legacyDrawing")
                if legacy is not None:
                    self.sheet.root.remove(legacy)
                    self.sheet.changed = True
                # LibreOffice declares the VML part by name; a declaration of a removed part must go too.
                types.remove_override(self.vml.name)
            else:
                self.pkg.write(self.vml.name, text.encode("utf-8", errors="surrogateescape"))
                types.ensure_default("vml", CT_VML)

    # ------------------------------------------------------------------ internals
    def _mark(self) -> None:
        assert self.comments is not None
        self.comments.changed = True

    def _legacy_drawing(self) -> tuple[str | None, str | None]:
        legacy = self.sheet.child("legacyDrawing")
        if legacy is None:
            return None, None
        rel_id = legacy.get(f"{{{NS_R}}}id")
        target = self.rels.target(rel_id) if rel_id else None
        if target is None or target not in self.pkg:
            return None, None
        return rel_id, target

    def _drawing(self) -> _Vml:
        """The sheet's VML drawing, created (with rel and <legacyDrawing>) when missing."""
        if self.vml is None:
            name = self.pkg.free_name("xl/drawings/vmlDrawing{}.vml")
            self.vml = _Vml(self.pkg, name, new=True)
            self.vml_rel_id = self.rels.add(REL_VML, name)
            has_r = self.sheet.root.nsmap.get("r") == NS_R
            legacy = etree.Element(self.sheet.q("legacyDrawing"), nsmap=None if has_r else {"r": NS_R})
            self.sheet.insert_child(legacy)
            # Set after insertion, so the root's own 'r' prefix is used.
            legacy.set(f"{{{NS_R}}}id", self.vml_rel_id)
        return self.vml

    def _comment_elements(self) -> list[etree._Element]:
        if self.comments is None:
            return []
        lst = self.comments.root.find(f"{{{NS_MAIN}}}commentList")
        return list(lst.iterchildren(f"{{{NS_MAIN}}}comment")) if lst is not None else []

    def _authors(self) -> list[etree._Element]:
        assert self.comments is not None
        authors = self.comments.root.find(f"{{{NS_MAIN}}}authors")
        return list(authors.iterchildren(f"{{{NS_MAIN}}}author")) if authors is not None else []

    def _new_comment(self, address: str, text: str, author: str) -> None:
        if self.comments is None:
            self.comments_name = self.pkg.free_name("xl/comments{}.xml")
            self.comments = XmlPart(
                f'<comments xmlns="{NS_MAIN}"><authors/><commentList/></comments>'.encode()
            )
            self.edits.add(self.comments_name, self.comments)
            self.rels.add(REL_COMMENTS, self.comments_name)
        root = self.comments.root
        authors = root.find(f"{{{NS_MAIN}}}authors")
        if authors is None:
            authors = etree.Element(f"{{{NS_MAIN}}}authors")
            root.insert(0, authors)
        names = [a.text or "" for a in authors.iterchildren(f"{{{NS_MAIN}}}author")]
        if author not in names:
            etree.SubElement(authors, f"{{{NS_MAIN}}}author").text = author
            names.append(author)
        lst = root.find(f"{{{NS_MAIN}}}commentList")
        if lst is None:
            lst = etree.Element(f"{{{NS_MAIN}}}commentList")
            authors.addnext(lst)
        c = etree.SubElement(lst, f"{{{NS_MAIN}}}comment")
        c.set("ref", address)
        c.set("authorId", str(names.index(author)))
        c.set("shapeId", "0")
        etree.SubElement(c, f"{{{NS_MAIN}}}text").append(_run(text))
        self._index[address] = c
        self._added = True
        self._mark()

    def _sort_comments(self) -> None:
        """Comments in row, then column order, as Excel writes them."""
        assert self.comments is not None
        lst = self.comments.root.find(f"{{{NS_MAIN}}}commentList")
        if lst is None:
            return
        items = list(lst.iterchildren(f"{{{NS_MAIN}}}comment"))

        def key(c: etree._Element) -> tuple[int, int]:
            try:
                return split_address(c.get("ref", ""))
            except ValueError:
                return (10**9, 0)

        for c in sorted(items, key=key):
            lst.append(c)


class _Vml:
    """A VML drawing edited as text: shapes indexed once, removals and additions applied on :meth:`text`."""

    def __init__(self, pkg: Package, name: str, new: bool = False) -> None:
        self.name = name
        if new:
            block = max(_all_blocks(pkg), default=0) + 1
            self.original = _VML_HEAD.format(block=block) + "\n " + _SHAPETYPE + "\n</xml>"
        else:
            self.original = pkg.read(name).decode("utf-8", errors="surrogateescape")
        self.changed = new
        self._shapes: dict[tuple[int, int], tuple[int, int]] = {}
        for m in _SHAPE.finditer(self.original):
            block_text = m.group(0)
            if 'ObjectType="Note"' not in block_text:
                continue
            r, c = _ROW.search(block_text), _COL.search(block_text)
            if r and c:
                self._shapes.setdefault((int(r.group(1)), int(c.group(1))), m.span())
        self._removed: list[tuple[int, int]] = []
        self._added: list[str] = []
        idmap = _IDMAP.search(self.original)
        self._blocks = [int(b) for b in re.split(r"[,\s]+", idmap.group(2)) if b] if idmap else []
        self._blocks_changed = False
        self._other_blocks = _all_blocks(pkg, exclude=name)
        if not self._blocks:
            self._blocks = [max(self._other_blocks, default=0) + 1]
            self._blocks_changed = bool(idmap)
        used = [int(x) for x in _SHAPE_ID.findall(self.original)]
        self._last_id = max(used, default=self._blocks[0] * 1024)
        self._count = len(_ANY_SHAPE.findall(self.original))

    def has_shape(self, address: str) -> bool:
        row, col = split_address(address)
        return (row - 1, col - 1) in self._shapes

    def add_shape(self, address: str) -> None:
        row, col = split_address(address)
        r0, c0 = row - 1, col - 1
        anchor = f"{c0 + 1}, 15, {max(r0 - 1, 0)}, 10, {c0 + 4}, 15, {r0 + 3}, 4"
        self._count += 1
        self._added.append(_SHAPE_TEMPLATE.format(id=self._next_id(), z=self._count, anchor=anchor, row=r0, col=c0))
        self._shapes[(r0, c0)] = (-1, -1)
        self.changed = True

    def remove_shape(self, address: str) -> None:
        row, col = split_address(address)
        span = self._shapes.pop((row - 1, col - 1), None)
        if span is None:
            return
        if span == (-1, -1):
            marker = f"<x:Row>{row - 1}</x:Row>\n   <x:Column>{col - 1}</x:Column>"
            self._added = [s for s in self._added if marker not in s]
        else:
            self._removed.append(span)
        self.changed = True

    def text(self) -> str:
        """The drawing with the changes applied."""
        text = self.original
        for start, end in sorted(self._removed, reverse=True):
            while start > 0 and text[start - 1] in " \t\r\n":
                start -= 1
            text = text[:start] + text[end:]
        if self._blocks_changed:
            idmap = _IDMAP.search(text)
            if idmap:
                data = ",".join(str(b) for b in self._blocks)
                text = text[: idmap.start(2)] + data + text[idmap.end(2):]
        if self._added:
            blocks = list(self._added)
            if 'id="_x0000_t202"' not in text:
                blocks.insert(0, _SHAPETYPE)
            end = text.rfind("</xml>")
            insert = "".join("\n " + b for b in blocks) + "\n"
            text = text + insert if end < 0 else text[:end].rstrip() + insert + text[end:]
        return text

    def _next_id(self) -> int:
        """A shape id inside this drawing's id blocks (1024 ids each), adding a free block when full."""
        candidate = self._last_id + 1
        if candidate // 1024 not in self._blocks:
            block = max([*self._other_blocks, *self._blocks]) + 1
            self._blocks.append(block)
            self._blocks_changed = True
            candidate = block * 1024 + 1
        self._last_id = candidate
        return candidate


def _all_blocks(pkg: Package, exclude: str | None = None) -> list[int]:
    out: list[int] = []
    for name in pkg.names():
        if name == exclude or not name.lower().endswith(".vml"):
            continue
        m = _IDMAP.search(pkg.read(name).decode("utf-8", errors="replace"))
        if m:
            out.extend(int(b) for b in re.split(r"[,\s]+", m.group(2)) if b)
    return out


def _plain_text(comment: etree._Element) -> str:
    body = comment.find(f"{{{NS_MAIN}}}text")
    if body is None:
        return ""
    parts = []
    for el in body:
        local = etree.QName(el).localname
        if local == "t":
            parts.append(el.text or "")
        elif local == "r":
            t = el.find(f"{{{NS_MAIN}}}t")
            parts.append(t.text or "" if t is not None else "")
    return "".join(parts)


def _run(text: str) -> etree._Element:
    run = etree.fromstring(f'<r xmlns="{NS_MAIN}">{_RUN_PROPS}<t/></r>')
    t = run.find(f"{{{NS_MAIN}}}t")
    t.text = text
    t.set(_XML_SPACE, "preserve")
    return run


def _runs_only(body: etree._Element) -> None:
    """Turn a plain <t> directly under <text> into a run, so runs can be prepended."""
    for el in list(body):
        if etree.QName(el).localname == "t":
            run = etree.Element(f"{{{NS_MAIN}}}r")
            el.addprevious(run)
            run.append(el)


def _drop_first_line(body: etree._Element) -> None:
    """Remove the note text up to and including its first line break (all of it if none)."""
    texts = [el for el in body.iter(f"{{{NS_MAIN}}}t") if etree.QName(el.getparent()).localname != "rPh"]
    for t in texts:
        value = t.text or ""
        cut = value.find("\n")
        if cut < 0:
            t.text = ""
            continue
        t.text = value[cut + 1 :]
        t.set(_XML_SPACE, "preserve")
        break
    for el in list(body):
        local = etree.QName(el).localname
        if local == "t" and not el.text:
            body.remove(el)
        elif local == "r":
            t = el.find(f"{{{NS_MAIN}}}t")
            if t is None or not t.text:
                body.remove(el)
