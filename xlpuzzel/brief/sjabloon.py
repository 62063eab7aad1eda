"""Word templates: read once, checked (syntax, unknown names) before anything is rendered.

Rendering happens in Jinja's sandbox with autoescaping; a broken template gives a Dutch
message naming the template and the tag. docxtpl and jinja2 are imported only when used.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xlpuzzel.errors import PuzzelError
from xlpuzzel.layout import INSTELLINGEN_SHEET

if TYPE_CHECKING:
    from jinja2 import Environment


class SjabloonFout(PuzzelError):
    """A template cannot be rendered; the message names the template and the tag."""


def sjabloon_omgeving(autoescape: bool = True) -> Environment:
    """Jinja's sandbox with autoescaping and strict undefined values (unknown names fail loudly).

    Without autoescaping for the document properties (title, subject, ...): python-docx
    escapes those itself, so escaping them here too printed "A &amp;amp; B".

    docxtpl compiles a template's XML again for every document; this environment keeps the
    compiled template per source text, so the second to 342nd letter skip compiling.
    """
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    class _Omgeving(SandboxedEnvironment):
        def __init__(self) -> None:
            super().__init__(autoescape=autoescape, undefined=StrictUndefined)
            self._gecompileerd: dict[str, Any] = {}

        def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
            if globals is not None or template_class is not None or not isinstance(source, str):
                return super().from_string(source, globals, template_class)
            template = self._gecompileerd.get(source)
            if template is None:
                template = self._gecompileerd[source] = super().from_string(source)
            return template

    return _Omgeving()


_EXPRESSION = re.compile(r"\{\{[^{]*")
#: Word's limit for a core document property (title, subject, ...); python-docx refuses longer ones.
MAX_EIGENSCHAP = 255
#: The core properties docxtpl renders, with their Dutch names in Word's 'Eigenschappen'.
EIGENSCHAPPEN = {
    "title": "titel", "subject": "onderwerp", "author": "auteur", "comments": "opmerkingen",
    "identifier": "id", "language": "taal",
}
_XML_TAG = re.compile(r"<[^>]+>")


class Sjabloon:
    """One Word template, read once, checked once, rendered many times."""

    def __init__(self, map_: Path, naam: str) -> None:
        self.naam = naam
        pad = map_ / naam
        try:
            self.data = pad.read_bytes()
        except FileNotFoundError as exc:
            raise SjabloonFout(f"Sjabloon {naam} niet gevonden in {map_}; er is niets geschreven.") from exc
        except OSError as exc:
            raise SjabloonFout(f"Sjabloon {pad} kan niet worden gelezen ({exc.strerror}).") from exc
        self.env = sjabloon_omgeving()
        self._eigenschappen_env = sjabloon_omgeving(autoescape=False)
        self._gepatcht: dict[str, str] = {}
        #: Dutch warnings of the documents rendered so far (each once), e.g. a title cut at 255 characters.
        self.waarschuwingen: list[str] = []

    def _docx(self, gedeeld: Gedeeld | None = None) -> Any:
        from docxtpl import DocxTemplate

        gepatcht = self._gepatcht
        eigenschappen = self._eigenschappen

        class _Template(DocxTemplate):  # type: ignore[misc]
            # The same XML is cleaned for Jinja for every letter: do it once.
            def patch_xml(self, src_xml: str) -> str:
                out = gepatcht.get(src_xml)
                if out is None:
                    out = gepatcht[src_xml] = super().patch_xml(src_xml)
                return out

            def build_xml(self, context: dict[str, Any], jinja_env: Any = None) -> str:
                if gedeeld is None:
                    return super().build_xml(context, jinja_env)
                # The body with a placeholder where each shared part stands: rendered per document.
                return self.render_xml_part(gedeeld.bron, self.docx._part, context, jinja_env)

            def render_properties(self, context: dict[str, Any], jinja_env: Any = None) -> None:
                eigenschappen(self.docx.core_properties, context)

        try:
            tpl = _Template(io.BytesIO(self.data))
            tpl.init_docx()
        except Exception as exc:
            raise SjabloonFout(
                f"Sjabloon {self.naam} is geen leesbaar Word-document (.docx): {exc}; er is niets geschreven."
            ) from exc
        return tpl

    def _source(self, tpl: Any) -> str:
        """The template's Jinja source as docxtpl sees it: body, headers and footers, a line per paragraph."""
        from docx.oxml import parse_xml

        parts = [tpl.patch_xml(tpl.xml_to_string(tpl.docx._element.body))]
        for rel in tpl.docx._part.rels.values():
            if rel.reltype in (tpl.HEADER_URI, tpl.FOOTER_URI) and rel.target_part.blob:
                parts.append(tpl.patch_xml(tpl.xml_to_string(parse_xml(rel.target_part.blob))))
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", "".join(parts))

    def controleer(self, context: Mapping[str, Any]) -> None:
        """Syntax errors and names the context lacks, before anything is rendered."""
        from jinja2 import TemplateSyntaxError

        tpl = self._docx()
        source = self._source(tpl)
        try:
            self.env.parse(source)
        except TemplateSyntaxError as exc:
            line = source.splitlines()[exc.lineno - 1] if exc.lineno and exc.lineno <= len(source.splitlines()) else ""
            raise SjabloonFout(
                f"Sjabloon {self.naam}: fout in de tag {self._tag(line)!r} ({exc.message}). "
                "Herstel de tag in Word; er is niets geschreven."
            ) from exc
        onbekend = sorted(tpl.get_undeclared_template_variables(self.env, dict(context)))
        if onbekend:
            tags = ", ".join("{{ " + n + " }}" for n in onbekend)
            raise SjabloonFout(
                f"Sjabloon {self.naam}: onbekende naam in tag {tags}. Bekende namen: "
                f"{', '.join(sorted(context))}. Er is niets geschreven."
            )

    def _tag(self, line: str) -> str:
        """The tag in a paragraph that Jinja cannot read (else the paragraph's text)."""
        from jinja2 import TemplateSyntaxError

        text = _XML_TAG.sub("", line)
        for match in _EXPRESSION.finditer(text):
            tag = match.group(0)
            end = tag.find("}}")
            tag = tag[: end + 2] if end >= 0 else tag.rstrip()
            try:
                self.env.parse(tag)
            except TemplateSyntaxError:
                return tag
        for match in re.finditer(r"\{%[^{]*", text):
            tag = match.group(0)
            end = tag.find("%}")
            return tag[: end + 2] if end >= 0 else tag.rstrip()
        return text.strip()[:120]

    def gedeeld(self, contexten: Sequence[Mapping[str, Any]]) -> Gedeeld | None:
        """The parts of the body every document of a set shows alike, rendered once (None: nothing to share).

        A part is a top-level paragraph or table of the body whose Jinja is complete in itself
        and names only values that are one and the same object in every context (the province's
        table, the date, the sender): the bijlage's table of every gemeente. Each document then
        renders only its own parts, so a letter costs about the same for 12 gemeenten or 342.
        """
        if len(contexten) < 2:
            return None
        eerste = contexten[0]
        sleutels = {k for k, v in eerste.items() if all(k in c and c[k] is v for c in contexten[1:])}
        if not sleutels:
            return None
        with self._jinja_fouten():
            return Gedeeld.maak(self._docx(), self.env, sleutels, dict(eerste))

    def render(self, context: Mapping[str, Any], gedeeld: Gedeeld | None = None) -> bytes:
        """The rendered document's bytes; `gedeeld` (from :meth:`gedeeld`) puts in the parts rendered once."""
        tpl = self._docx(gedeeld)
        with self._jinja_fouten():
            tpl.render(dict(context), jinja_env=self.env, autoescape=True)
        if gedeeld is not None:
            gedeeld.bij_opslaan(tpl.docx.part)
        buffer = io.BytesIO()
        tpl.save(buffer)
        return buffer.getvalue()

    @contextlib.contextmanager
    def _jinja_fouten(self) -> Iterator[None]:
        """Jinja's errors while rendering (an unknown field, the sandbox refusing) as a Dutch SjabloonFout."""
        from jinja2 import TemplateError, UndefinedError

        try:
            yield
        except UndefinedError as exc:
            raise SjabloonFout(self._undefined(str(exc))) from exc
        except TemplateError as exc:
            raise SjabloonFout(
                f"Sjabloon {self.naam}: de Jinja-code kan niet worden uitgevoerd ({exc}); er is niets geschreven."
            ) from exc

    def _eigenschappen(self, props: Any, context: dict[str, Any]) -> None:
        """Render the core properties: unescaped (python-docx escapes once), cut at Word's 255 with a warning."""
        for prop, naam in EIGENSCHAPPEN.items():
            source = getattr(props, prop) or ""
            if "{" not in source:
                continue
            value = self._eigenschappen_env.from_string(source).render(context)
            if len(value) > MAX_EIGENSCHAP:
                waarschuwing = (
                    f"Documenteigenschap '{naam}' van {self.naam} is {len(value)} tekens lang; Word staat er "
                    f"{MAX_EIGENSCHAP} toe. Die eigenschap is ingekort; de tekst in het document zelf is volledig."
                )
                if waarschuwing not in self.waarschuwingen:
                    self.waarschuwingen.append(waarschuwing)
                value = value[:MAX_EIGENSCHAP]
            setattr(props, prop, value)

    def _undefined(self, message: str) -> str:
        match = re.search(r"has no attribute '([^']*)'", message) or re.search(r"'([^']*)' is undefined", message)
        name = match.group(1) if match else message
        if "InstellingenContext" in message:
            return (
                f"Sjabloon {self.naam} gebruikt {{{{ instellingen.{name} }}}}, maar instelling '{name}' staat "
                f"niet op blad {INSTELLINGEN_SHEET}. Voeg die toe of pas het sjabloon aan; er is niets geschreven."
            )
        return f"Sjabloon {self.naam}: onbekend veld '{name}' in een tag ({message}); er is niets geschreven."




W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: The paragraph that holds a shared part's place in a document until it is saved, as python-docx writes it.
_NAAM = "xlpuzzel-gedeeld-{}"
_PLAATS = "<w:p><w:r><w:t>" + _NAAM + "</w:t></w:r></w:p>"
#: A Jinja loop: a table with one is worth rendering once.
_LUS = re.compile(r"\{%-?\s*for\s")
#: A namespace declaration in a start tag.
_XMLNS = re.compile(r'\sxmlns:(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Gedeeld:
    """The body of a template with its shared parts rendered once (see :meth:`Sjabloon.gedeeld`).

    `bron` is the body's Jinja source with a placeholder paragraph for each shared part;
    `delen` each part's rendered XML, written over its placeholder when the document is saved.
    The parts go in as text: copying, moving and serializing thousands of table cells as
    elements would cost every letter again what sharing saves.
    """

    bron: str
    delen: tuple[bytes, ...]

    @classmethod
    def maak(cls, tpl: Any, env: Any, sleutels: set[str], context: dict[str, Any]) -> Gedeeld | None:
        """Find the shared parts of `tpl`'s body, render them once with `context`; None when there are none."""
        import copy

        from jinja2 import TemplateSyntaxError, meta
        from lxml import etree

        root = tpl.docx._element
        nsmap = {k: v for k, v in root.nsmap.items() if k}
        body = root.body
        kopie = copy.deepcopy(body)
        delen: list[bytes] = []
        for kind, origineel in zip(list(kopie), list(body)):
            if origineel.tag != f"{{{W}}}tbl":  # a paragraph costs little to render again; a table may have rows per gemeente
                continue
            bron = _zonder_naamruimten(tpl.patch_xml(tpl.xml_to_string(origineel)), nsmap)
            if not _LUS.search(bron) or "docPr" in bron:  # without a loop it costs little; a drawing's id is per document
                continue
            try:
                namen = meta.find_undeclared_variables(env.parse(bron))
            except TemplateSyntaxError:
                continue  # a tag opened here and closed in a later paragraph: not a part on its own
            if not namen or not namen <= sleutels:
                continue
            xml = tpl.render_xml_part(bron, tpl.docx._part, context, env)
            decl = "".join(f' xmlns:{k}="{v}"' for k, v in nsmap.items())
            omhulsel = tpl.fix_tables(f"<w:wrap{decl}>{xml}</w:wrap>")
            tekst = etree.tostring(omhulsel, encoding="unicode")
            binnen = tekst[tekst.index(">") + 1: tekst.rindex("</w:wrap>")] if len(omhulsel) else ""
            if " r:" in binnen:  # a relationship (image, link) belongs to one document's package
                continue
            plaats = etree.SubElement(kopie, f"{{{W}}}p")
            etree.SubElement(etree.SubElement(plaats, f"{{{W}}}r"), f"{{{W}}}t").text = _NAAM.format(len(delen))
            kind.addprevious(plaats)
            kopie.remove(kind)
            delen.append(binnen.encode("utf-8"))
        if not delen:
            return None
        return cls(tpl.patch_xml(tpl.xml_to_string(kopie)), tuple(delen))

    def vul_in(self, xml: bytes) -> bytes:
        """The document part's XML with each placeholder replaced by its part (one its condition left out is absent)."""
        for n, deel in enumerate(self.delen):
            xml = xml.replace(_PLAATS.format(n).encode("utf-8"), deel)
        return xml

    def bij_opslaan(self, part: Any) -> None:
        """Let python-docx write the document part (word/document.xml) with the shared parts filled in."""
        part._xlpuzzel_gedeeld = self
        part.__class__ = _met_gedeeld(type(part))


class _MetGedeeld:
    """Mixin of a document part whose XML gets the shared parts when python-docx saves it."""

    _xlpuzzel_gedeeld: Gedeeld

    @property
    def blob(self) -> bytes:
        return self._xlpuzzel_gedeeld.vul_in(super().blob)  # type: ignore[misc]


@functools.cache
def _met_gedeeld(soort: type) -> type:
    return type(f"{soort.__name__}MetGedeeld", (_MetGedeeld, soort), {})


def _zonder_naamruimten(xml: str, nsmap: Mapping[str, str]) -> str:
    """A part's XML without the declarations lxml adds to its first tag for the document's own namespaces."""
    einde = xml.find(">")
    if einde < 0:
        return xml
    kop = _XMLNS.sub(lambda m: "" if nsmap.get(m.group(1)) == m.group(2) else m.group(0), xml[:einde])
    return kop + xml[einde:]
