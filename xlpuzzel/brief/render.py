"""Render the letters and the memo from their Word templates: the document shell.

Takes data (a Puzzel and the settings), not a file, so the CLI and the Excel ribbon call
the same functions. Templates render with autoescaping in Jinja's sandbox with strict
undefined values; every template is checked (syntax, unknown names) before anything is
rendered. All documents are made in a temp folder and moved into place only when every
one of them (and every PDF asked for) succeeded: a failure writes nothing.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xlpuzzel.brief.brief import brieven_contexten
from xlpuzzel.brief.concept import CONCEPT_MARKERING
from xlpuzzel.brief.instellingen import (
    BRIEF_INSTELLINGEN,
    MEMO_INSTELLINGEN,
    controleer_instellingen,
    datum_instelling,
)
from xlpuzzel.brief.memo import memo_context
from xlpuzzel.brief.namen import gemeente_naam
from xlpuzzel.errors import PuzzelError
from xlpuzzel.layout import CATEGORIES, INSTELLINGEN_SHEET
from xlpuzzel.model import Puzzel
from xlpuzzel.resources import TEMPLATES_DIR

if TYPE_CHECKING:
    from jinja2 import Environment

BRIEF_SJABLOON = "brief_aan_college.docx"
MEMO_SJABLOON = "memo_tussenstand.docx"
MEMO_BESTAND = "memo-tussenstand"
OVERZICHT = "overzicht.csv"

#: Progress callback: (number of this document, number of documents, gemeente name).
Voortgang = Callable[[int, int, str], None]


class SjabloonFout(PuzzelError):
    """A template cannot be rendered; the message names the template and the tag."""


class CijfersNietSluitend(PuzzelError):
    """The check found errors (ernst 'fout'): documents are refused unless made as concept."""

    def __init__(self, melding: str, bevindingen: Sequence[Any]) -> None:
        super().__init__(melding)
        self.bevindingen = tuple(bevindingen)


@dataclass(frozen=True)
class BriefResultaat:
    """What a render run produced, all paths final."""

    map: Path
    documenten: tuple[Path, ...]
    pdfs: tuple[Path, ...] = ()
    overzicht: Path | None = None
    concept: bool = False
    waarschuwingen: tuple[str, ...] = ()


# --- the check before rendering ---------------------------------------------------------


def _fouten(puzzel: Puzzel) -> tuple[Any, ...]:
    from xlpuzzel.controle import controleer

    return tuple(b for b in controleer(puzzel) if getattr(b, "ernst", None) == "fout")


def bevinding_regel(bevinding: Any) -> str:
    """One finding as a Dutch line for a refusal, with its cell when the message lacks it."""
    melding = str(getattr(bevinding, "melding", bevinding))
    cel = getattr(bevinding, "cel", None)
    if cel and str(cel) not in melding:
        return f"{cel}: {melding}"
    return melding


def beoordeel_cijfers(puzzel: Puzzel, ondanks_fouten: bool = False, hint: str = "") -> bool:
    """True when documents must carry the CONCEPT mark; CijfersNietSluitend when refused.

    Refuses when the check (`xlpuzzel.controle.controleer`) reports findings of ernst
    'fout', unless `ondanks_fouten`, in which case every document is marked as concept.
    """
    fouten = _fouten(puzzel)
    if not fouten:
        return False
    if ondanks_fouten:
        return True
    regels = "\n".join(f"  - {bevinding_regel(b)}" for b in fouten)
    melding = (
        f"De cijfers in de werkmap sluiten niet ({len(fouten)} "
        f"{'fout' if len(fouten) == 1 else 'fouten'}); er is niets geschreven.\n{regels}\n"
        "Los deze eerst op in de werkmap"
        + (f", of {hint}" if hint else "")
        + f". Documenten die toch gemaakt worden, krijgen de markering '{CONCEPT_MARKERING}'."
    )
    raise CijfersNietSluitend(melding, fouten)


# --- templates --------------------------------------------------------------------------


def sjabloon_omgeving() -> Environment:
    """Jinja's sandbox with autoescaping and strict undefined values (unknown names fail loudly).

    docxtpl compiles a template's XML again for every document; this environment keeps the
    compiled template per source text, so the second to 342nd letter skip compiling.
    """
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    class _Omgeving(SandboxedEnvironment):
        def __init__(self) -> None:
            super().__init__(autoescape=True, undefined=StrictUndefined)
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
_XML_TAG = re.compile(r"<[^>]+>")


class _Sjabloon:
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
        self._gepatcht: dict[str, str] = {}

    def _docx(self) -> Any:
        from docxtpl import DocxTemplate

        gepatcht = self._gepatcht

        class _Template(DocxTemplate):  # type: ignore[misc]
            # The same XML is cleaned for Jinja for every letter: do it once.
            def patch_xml(self, src_xml: str) -> str:
                out = gepatcht.get(src_xml)
                if out is None:
                    out = gepatcht[src_xml] = super().patch_xml(src_xml)
                return out

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

    def render(self, context: Mapping[str, Any]) -> bytes:
        """The rendered document's bytes."""
        from jinja2 import TemplateError, UndefinedError

        tpl = self._docx()
        try:
            tpl.render(dict(context), jinja_env=self.env, autoescape=True)
        except UndefinedError as exc:
            raise SjabloonFout(self._undefined(str(exc))) from exc
        except TemplateError as exc:
            raise SjabloonFout(
                f"Sjabloon {self.naam}: de Jinja-code kan niet worden uitgevoerd ({exc}); er is niets geschreven."
            ) from exc
        buffer = io.BytesIO()
        tpl.save(buffer)
        return buffer.getvalue()

    def _undefined(self, message: str) -> str:
        match = re.search(r"has no attribute '([^']*)'", message) or re.search(r"'([^']*)' is undefined", message)
        name = match.group(1) if match else message
        if "InstellingenContext" in message:
            return (
                f"Sjabloon {self.naam} gebruikt {{{{ instellingen.{name} }}}}, maar instelling '{name}' staat "
                f"niet op blad {INSTELLINGEN_SHEET}. Voeg die toe of pas het sjabloon aan; er is niets geschreven."
            )
        return f"Sjabloon {self.naam}: onbekend veld '{name}' in een tag ({message}); er is niets geschreven."


# --- file names and moving into place ---------------------------------------------------

_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))})


def veilige_naam(naam: str, reserve: str = "gemeente") -> str:
    """A file-name part from a gemeente name: letters, digits and '-' only, never a path."""
    text = unicodedata.normalize("NFC", naam)
    text = "".join(ch if ch.isalnum() else "-" for ch in text)
    text = re.sub(r"-{2,}", "-", text).strip("-")[:60].strip("-")
    if not text or text.casefold() in _RESERVED:
        return reserve
    return text


def _uit_datum_map(uit_map: str | os.PathLike[str], instellingen: Mapping[str, Any], sleutel: str) -> Path:
    return Path(uit_map) / datum_instelling(instellingen, sleutel).isoformat()


def _word_lock(path: Path) -> Path | None:
    """Word's owner file next to an open document, if there is one."""
    for lock in (path.with_name("~$" + path.name), path.with_name("~$" + path.name[2:])):
        if lock.exists():
            return lock
    return None


def _verplaats(bestanden: Iterable[Path], doel: Path) -> list[Path]:
    """Move finished files from the temp folder into `doel`, replacing older versions."""
    bestanden = list(bestanden)
    for src in bestanden:
        target = doel / src.name
        lock = _word_lock(target)
        if lock is not None:
            raise PuzzelError(
                f"{target}: het document is geopend in Word ({lock.name}). Sluit het en probeer het opnieuw; "
                "er is niets geschreven."
            )
    try:
        doel.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PuzzelError(f"{doel}: map kan niet worden gemaakt ({exc.strerror}); er is niets geschreven.") from exc
    out = []
    for src in bestanden:
        target = doel / src.name
        try:
            shutil.move(str(src), str(target))
        except OSError as exc:
            raise PuzzelError(
                f"{target}: opslaan mislukt ({exc.strerror}); eerdere documenten in {doel} zijn wel geschreven."
            ) from exc
        out.append(target)
    return out


# --- letters ----------------------------------------------------------------------------


def _kies_gemeenten(puzzel: Puzzel, instellingen: Mapping[str, Any], gemeenten: Sequence[str] | None) -> list[int]:
    if not gemeenten:
        return list(range(len(puzzel.gemeenten)))
    by_name: dict[str, int] = {}
    for i, name in enumerate(puzzel.gemeenten):
        by_name[name.strip().casefold()] = i
        by_name[gemeente_naam(puzzel, i, instellingen).strip().casefold()] = i
    chosen: list[int] = []
    for wanted in gemeenten:
        index = by_name.get(wanted.strip().casefold())
        if index is None:
            raise PuzzelError(
                f"Gemeente '{wanted}' staat niet in de tabel op blad Puzzel. Kies uit: "
                f"{', '.join(puzzel.gemeenten)}. Er is niets geschreven."
            )
        if index not in chosen:
            chosen.append(index)
    return sorted(chosen)


def _overzicht_csv(rijen: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rijen[0]), delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rijen)
    return buffer.getvalue().encode("utf-8-sig")


def _overzicht_rij(nummer: str, context: Mapping[str, Any], bestand: str, pdf: str) -> dict[str, str]:
    g = context["gemeente"]
    rij = {"nr": nummer, "gemeente": g["naam"], "bestand": bestand, "pdf": pdf}
    for cat in CATEGORIES:
        for veld in ("opgave", "eerste", "bijstelling", "inbreng", "pct"):
            rij[f"{veld}_{cat.value}"] = g[cat.value][veld]
    for veld in ("opgave", "eerste", "bijstelling", "inbreng", "pct"):
        rij[f"{veld}_totaal"] = g["totaal"][veld]
    rij["concept"] = "ja" if context["concept"] else "nee"
    return rij


def render_brieven(
    puzzel: Puzzel,
    instellingen: Mapping[str, Any],
    uit_map: str | os.PathLike[str],
    gemeenten: Sequence[str] | None = None,
    pdf: bool = False,
    concept: bool = False,
    voortgang: Voortgang | None = None,
    sjablonen: str | os.PathLike[str] = TEMPLATES_DIR,
) -> BriefResultaat:
    """Write `<uit_map>/<datum_brief>/<nn>-<gemeente>.docx` (and .pdf) for each gemeente, plus overzicht.csv."""
    controleer_instellingen(instellingen, BRIEF_INSTELLINGEN)
    doel = _uit_datum_map(uit_map, instellingen, "datum_brief")
    indices = _kies_gemeenten(puzzel, instellingen, gemeenten)
    sjabloon = _Sjabloon(Path(sjablonen), BRIEF_SJABLOON)
    contexts = brieven_contexten(puzzel, instellingen, indices, concept)
    if contexts:
        sjabloon.controleer(contexts[0])
    waarschuwingen: list[str] = []
    with tempfile.TemporaryDirectory(prefix="xlpuzzel-brieven-") as tmp:
        work = Path(tmp)
        documenten: list[Path] = []
        gebruikt: set[str] = set()
        for n, context in enumerate(contexts, start=1):
            g = context["gemeente"]
            stem = f"{g['nummer']}-{veilige_naam(g['naam'])}"
            while stem.casefold() in gebruikt:
                stem += "-x"
            gebruikt.add(stem.casefold())
            path = work / f"{stem}.docx"
            path.write_bytes(sjabloon.render(context))
            documenten.append(path)
            if voortgang is not None:
                voortgang(n, len(contexts), g["naam"])
        pdfs = _pdfs(documenten, work, pdf, waarschuwingen)
        rijen = [
            _overzicht_rij(c["gemeente"]["nummer"], c, d.name, (d.stem + ".pdf") if pdfs else "")
            for c, d in zip(contexts, documenten)
        ]
        extra = []
        if rijen:
            overzicht = work / OVERZICHT
            overzicht.write_bytes(_overzicht_csv(rijen))
            extra.append(overzicht)
        final = _verplaats([*documenten, *pdfs, *extra], doel)
    by_name = {p.name: p for p in final}
    return BriefResultaat(
        map=doel,
        documenten=tuple(by_name[d.name] for d in documenten),
        pdfs=tuple(by_name[p.name] for p in pdfs),
        overzicht=by_name.get(OVERZICHT),
        concept=concept,
        waarschuwingen=tuple(waarschuwingen),
    )


def _pdfs(documenten: list[Path], work: Path, pdf: bool, waarschuwingen: list[str]) -> list[Path]:
    if not pdf or not documenten:
        return []
    from xlpuzzel.brief.pdf import converter, naar_pdf

    if converter() is None:
        waarschuwingen.append(
            "Geen PDF gemaakt: Word noch LibreOffice (soffice) is op deze computer gevonden. "
            "De Word-documenten zijn wel geschreven."
        )
        return []
    return naar_pdf(documenten, work)


# --- memo -------------------------------------------------------------------------------


def render_memo(
    puzzel: Puzzel,
    instellingen: Mapping[str, Any],
    uit_map: str | os.PathLike[str],
    pdf: bool = False,
    concept: bool = False,
    sjablonen: str | os.PathLike[str] = TEMPLATES_DIR,
) -> BriefResultaat:
    """Write `<uit_map>/<datum_memo>/memo-tussenstand.docx` (and .pdf) from the puzzel."""
    controleer_instellingen(instellingen, MEMO_INSTELLINGEN)
    doel = _uit_datum_map(uit_map, instellingen, "datum_memo")
    sjabloon = _Sjabloon(Path(sjablonen), MEMO_SJABLOON)
    context = memo_context(puzzel, instellingen, concept)
    sjabloon.controleer(context)
    waarschuwingen: list[str] = []
    with tempfile.TemporaryDirectory(prefix="xlpuzzel-memo-") as tmp:
        work = Path(tmp)
        path = work / f"{MEMO_BESTAND}.docx"
        path.write_bytes(sjabloon.render(context))
        pdfs = _pdfs([path], work, pdf, waarschuwingen)
        final = _verplaats([path, *pdfs], doel)
    return BriefResultaat(
        map=doel,
        documenten=(final[0],),
        pdfs=tuple(final[1:]),
        concept=concept,
        waarschuwingen=tuple(waarschuwingen),
    )
