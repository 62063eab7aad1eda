"""Render the letters and the memo from their Word templates: the document shell.

Takes data (a Puzzel and the settings), not a file, so the CLI and the Excel ribbon call
the same functions. Templates render with autoescaping in Jinja's sandbox with strict
undefined values; every template is checked (syntax, unknown names) before anything is
rendered.

A document set is one state of the workbook. Everything is rendered (and converted to
PDF) in a temp folder first; only then does :class:`xlpuzzel.uitvoer.UitvoerMap` move the
set into its folder at once, under that folder's lock. Files of an earlier run that this
run does not rewrite (an old PDF, the letter of a gemeente no longer in the table) go to
`vorige/`, and so does an earlier file edited by hand; `overzicht.csv` lists exactly the
letters beside it. A run for some gemeenten (`--gemeente`) keeps the other letters only
when they show the same state (the register's fingerprint of each letter's numbers and
template equals this run's), and adds its rows to `overzicht.csv`; other letters move to
`vorige/` with a warning. A failure writes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xlpuzzel.adressen import Adres
from xlpuzzel.brief.brief import brieven_contexten, kies_gemeenten
from xlpuzzel.brief.cijfers import beoordeel_adressen
from xlpuzzel.brief.instellingen import (
    BRIEF_INSTELLINGEN,
    MEMO_INSTELLINGEN,
    brief_datum,
    controleer_instellingen,
    datum_instelling,
)
from xlpuzzel.brief.memo import memo_context
from xlpuzzel.brief.sjabloon import Sjabloon
from xlpuzzel.layout import CATEGORIES
from xlpuzzel.model import Puzzel
from xlpuzzel.resources import TEMPLATES_DIR
from xlpuzzel.tekst import aantal
from xlpuzzel.uitvoer import VORIGE, UitvoerMap

if TYPE_CHECKING:
    from xlpuzzel.landelijk.beeld import LandelijkBeeld, PrognoseBeeld

BRIEF_SJABLOON = "brief_aan_college.docx"
MEMO_SJABLOON = "memo_tussenstand.docx"
MEMO_BESTAND = "memo-tussenstand"
OVERZICHT = "overzicht.csv"
#: Register kinds: a letters run and a memo run into one folder leave each other's files alone.
BRIEVEN_SOORT, MEMO_SOORT = "brieven", "memo"
#: Names of a set's files, for folders written before the register existed.
#: `<nn>-<name>` as :func:`veilige_naam` makes it (2 or 3 digits, letters, digits and '-'), so a user's
#: `2024-07-18 verslag.docx` in the same folder is no letter.
BRIEVEN_NAMEN = re.compile(r"\d{2,3}-[^\W_]+(?:-[^\W_]+)*\.(?:docx|pdf)|overzicht\.csv", re.IGNORECASE)
MEMO_NAMEN = re.compile(re.escape(MEMO_BESTAND) + r"\.(?:docx|pdf)", re.IGNORECASE)

#: Progress callback: (number of this document, number of documents, gemeente name).
Voortgang = Callable[[int, int, str], None]


@dataclass(frozen=True)
class BriefResultaat:
    """What a render run produced, all paths final."""

    map: Path
    documenten: tuple[Path, ...]
    pdfs: tuple[Path, ...] = ()
    overzicht: Path | None = None
    concept: bool = False
    waarschuwingen: tuple[str, ...] = ()
    #: Files of an earlier run moved into `vorige/` by this run.
    vorige: tuple[Path, ...] = ()
    #: Letters of an earlier run kept beside this run's, because they show the same state.
    behouden: tuple[Path, ...] = ()

    def samenvatting(self, wat: tuple[str, str] = ("brief", "brieven")) -> str:
        """One Dutch sentence for CLI and ribbon: what was written where, what was kept, what moved."""
        pdf = f" en {aantal(len(self.pdfs), 'PDF', 'PDF’s')}" if self.pdfs else ""
        tekst = f"{aantal(len(self.documenten), *wat)}{pdf} geschreven in {self.map}"
        if self.overzicht is not None:
            in_overzicht = len(self.documenten) + len([p for p in self.behouden if p.suffix == ".docx"])
            tekst += f" ({self.overzicht.name}: {aantal(in_overzicht, 'brief', 'brieven')})"
        tekst += "."
        behouden = [p for p in self.behouden if p.suffix == ".docx"]
        if behouden:
            tekst += (
                f" {aantal(len(behouden), 'brief', 'brieven')} van eerder met dezelfde cijfers "
                f"{'blijft' if len(behouden) == 1 else 'blijven'} ernaast staan."
            )
        if self.vorige:
            tekst += (
                f" {aantal(len(self.vorige), 'bestand', 'bestanden')} van een eerdere keer "
                f"{'is' if len(self.vorige) == 1 else 'zijn'} verplaatst naar de submap {VORIGE}."
            )
        return tekst


# --- file names ---------------------------------------------------------------------------

_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))})


#: Setting (sheet Instellingen) naming the folder of staff's own edited Word templates.
SJABLONEN_INSTELLING = "sjablonen_map"


def sjabloon_map(
    instellingen: Mapping[str, Any], naam: str, sjablonen: str | os.PathLike[str] | None = None
) -> Path:
    """Where template `naam` is read: the folder passed in, else the folder of setting `sjablonen_map` when it
    holds `naam` (staff's own edited templates), else the templates shipped with xlpuzzel."""
    if sjablonen is not None:
        return Path(sjablonen)
    eigen = str(instellingen.get(SJABLONEN_INSTELLING) or "").strip()
    if eigen and (Path(eigen).expanduser() / naam).is_file():
        return Path(eigen).expanduser()
    return TEMPLATES_DIR


def veilige_naam(naam: str, reserve: str = "gemeente") -> str:
    """A file-name part from a gemeente name: letters, digits and '-' only, never a path."""
    text = unicodedata.normalize("NFC", naam)
    text = "".join(ch if ch.isalnum() else "-" for ch in text)
    text = re.sub(r"-{2,}", "-", text).strip("-")[:60].strip("-")
    if not text or text.casefold() in _RESERVED:
        return reserve
    return text


#: The folder of each kind of document set beside the workbook; each run writes into a subfolder per date.
MAPPEN = {BRIEVEN_SOORT: "Brieven", MEMO_SOORT: "Memo"}


def standaard_map(naast: str | os.PathLike[str], soort: str) -> Path:
    """Where a document set goes unless the user names a folder: `Brieven` or `Memo` in the folder `naast`
    (the workbook's), the same for the CLI and the ribbon; the run adds the subfolder of its date."""
    return Path(naast) / MAPPEN[soort]


def _staat(sjabloon: Sjabloon, context: Mapping[str, Any]) -> str:
    """Fingerprint of what a document shows: its template and every value in its context."""
    h = hashlib.sha256(sjabloon.data)
    h.update(json.dumps(context, sort_keys=True, ensure_ascii=False, default=repr).encode("utf-8"))
    return h.hexdigest()


# --- letters ----------------------------------------------------------------------------


def _overzicht_csv(rijen: list[dict[str, str]]) -> bytes:
    """The overview for Dutch Excel; every text through the formula-safe export rules."""
    from xlpuzzel.export import csv_bytes

    kop = list(rijen[0])
    return csv_bytes(kop, ([rij[k] for k in kop] for rij in rijen))


def _overzicht_rij(nummer: str, context: Mapping[str, Any], bestand: str, pdf: str) -> dict[str, str]:
    g = context["gemeente"]
    rij = {"nr": nummer, "gemeente": g["naam"], "bestand": bestand, "pdf": pdf}
    for cat in CATEGORIES:
        for veld in ("opgave", "eerste", "bijstelling", "inbreng", "pct"):
            rij[f"{veld}_{cat.value}"] = g[cat.value][veld]
    for veld in ("opgave", "eerste", "bijstelling", "inbreng", "pct"):
        rij[f"{veld}_totaal"] = g["totaal"][veld]
    rij["email"] = g["adres"]["email"]
    rij["concept"] = "ja" if context["concept"] else "nee"
    return rij


def _stammen(contexten: Sequence[Mapping[str, Any]]) -> list[str]:
    """`<nn>-<gemeente>` per letter, unique (casefolded) in table order, the same whichever letters are made."""
    gebruikt: set[str] = set()
    out = []
    for context in contexten:
        g = context["gemeente"]
        stem = f"{g['nummer']}-{veilige_naam(g['naam'])}"
        while stem.casefold() in gebruikt:
            stem += "-x"
        gebruikt.add(stem.casefold())
        out.append(stem)
    return out


def render_brieven(
    puzzel: Puzzel,
    instellingen: Mapping[str, Any],
    uit_map: str | os.PathLike[str],
    gemeenten: Sequence[str] | None = None,
    pdf: bool = False,
    concept: bool = False,
    voortgang: Voortgang | None = None,
    sjablonen: str | os.PathLike[str] | None = None,
    adressen: Mapping[str, Adres] | None = None,
    vandaag: dt.date | None = None,
) -> BriefResultaat:
    """Write `<uit_map>/<datum>/<nn>-<gemeente>.docx` (and .pdf) for each gemeente, plus overzicht.csv.

    `adressen` are the colleges' postal addresses (sheet Adressen); a letter without one is
    refused (:class:`AdresOntbreekt`) unless made as concept, where it is marked. The date is
    setting 'datum_brief', or today (`vandaag`, else the clock) when that is empty.
    """
    controleer_instellingen(instellingen, BRIEF_INSTELLINGEN)
    adressen = adressen or {}
    dag = brief_datum(instellingen, vandaag or dt.date.today())
    doel = Path(uit_map) / dag.isoformat()
    indices = kies_gemeenten(puzzel, instellingen, gemeenten, adressen)
    if not concept:
        beoordeel_adressen(puzzel, instellingen, adressen, gemeenten)
    sjabloon = Sjabloon(sjabloon_map(instellingen, BRIEF_SJABLOON, sjablonen), BRIEF_SJABLOON)
    alle = brieven_contexten(puzzel, instellingen, None, concept, adressen, dag)
    stammen = _stammen(alle)
    staten = [_staat(sjabloon, c) for c in alle]
    if alle:
        sjabloon.controleer(alle[indices[0]] if indices else alle[0])
    gedeeld = sjabloon.gedeeld([alle[i] for i in indices])
    waarschuwingen: list[str] = []
    with tempfile.TemporaryDirectory(prefix="xlpuzzel-brieven-") as tmp:
        work = Path(tmp)
        documenten: list[Path] = []
        for n, i in enumerate(indices, start=1):
            path = work / f"{stammen[i]}.docx"
            path.write_bytes(sjabloon.render(alle[i], gedeeld))
            documenten.append(path)
            if voortgang is not None:
                voortgang(n, len(indices), alle[i]["gemeente"]["naam"])
        waarschuwingen.extend(sjabloon.waarschuwingen)
        pdfs = _pdfs(documenten, work, pdf, waarschuwingen)
        with UitvoerMap(doel, opdracht=BRIEVEN_SOORT) as uit:
            bestaand = uit.bestaande(BRIEVEN_SOORT, BRIEVEN_NAMEN)
            nieuw = {p.name for p in (*documenten, *pdfs)}
            staat_van = {f"{stem}{ext}": st for stem, st in zip(stammen, staten) for ext in (".docx", ".pdf")}
            behouden: set[str] = set()
            if gemeenten:
                for naam, b in bestaand.items():
                    if naam not in nieuw and b.eigen and b.staat is not None and b.staat == staat_van.get(naam):
                        behouden.add(naam)
                # A PDF stays only beside its own letter.
                behouden = {n for n in behouden if not n.endswith(".pdf") or n[:-4] + ".docx" in behouden}
            verouderd = [
                n for n in bestaand
                if n not in nieuw and n not in behouden and n != OVERZICHT and n.lower().endswith(".docx")
            ]
            for naam in bestaand:
                if naam not in nieuw and naam not in behouden:
                    uit.naar_vorige(naam)
            rijen = []
            for i, (context, stem) in enumerate(zip(alle, stammen)):
                docx, pdf_naam = f"{stem}.docx", f"{stem}.pdf"
                if docx in nieuw or docx in behouden:
                    heeft_pdf = pdf_naam in nieuw or pdf_naam in behouden
                    rijen.append(_overzicht_rij(context["gemeente"]["nummer"], context, docx, pdf_naam if heeft_pdf else ""))
            for path in (*documenten, *pdfs):
                uit.schrijf(path.name, path, BRIEVEN_SOORT, staat_van[path.name])
            if rijen:
                uit.schrijf(OVERZICHT, _overzicht_csv(rijen), BRIEVEN_SOORT)
            vast = uit.vastleggen()
    if gemeenten and verouderd:
        waarschuwingen.append(
            f"{aantal(len(verouderd), 'brief', 'brieven')} van een eerdere keer "
            f"{'toont' if len(verouderd) == 1 else 'tonen'} niet deze stand van de werkmap en "
            f"{'is' if len(verouderd) == 1 else 'zijn'} verplaatst naar de submap {VORIGE} "
            f"({', '.join(verouderd)}). Maak alle brieven opnieuw (zonder --gemeente) voor een volledige set."
        )
    return BriefResultaat(
        map=doel,
        documenten=tuple(doel / d.name for d in documenten),
        pdfs=tuple(doel / p.name for p in pdfs),
        overzicht=doel / OVERZICHT if rijen else None,
        # A run made as concept only because another gemeente lacks its address writes clean letters.
        concept=any(alle[i]["concept"] for i in indices),
        waarschuwingen=tuple(waarschuwingen),
        vorige=vast.vorige,
        behouden=tuple(doel / n for n in sorted(behouden)),
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
    sjablonen: str | os.PathLike[str] | None = None,
    adressen: Mapping[str, Adres] | None = None,
    landelijk: LandelijkBeeld | None = None,
    prognose: PrognoseBeeld | None = None,
    waarschuwingen: Sequence[str] = (),
) -> BriefResultaat:
    """Write `<uit_map>/<datum_memo>/memo-tussenstand.docx` (and .pdf) from the puzzel.

    `adressen` (sheet Adressen) give the gemeenten's own spelling of their names;
    `landelijk` and `prognose` (sheets Landelijk and Prognose) the sections 'Landelijk beeld'
    and 'Prognose statushouders'. `waarschuwingen` of reading the workbook (what the memo
    goes without) come first in the result's warnings. Everything but the puzzel and the
    settings comes from :func:`xlpuzzel.usecases.memogegevens`.
    """
    controleer_instellingen(instellingen, MEMO_INSTELLINGEN)
    doel = Path(uit_map) / datum_instelling(instellingen, "datum_memo").isoformat()
    sjabloon = Sjabloon(sjabloon_map(instellingen, MEMO_SJABLOON, sjablonen), MEMO_SJABLOON)
    context = memo_context(puzzel, instellingen, concept, adressen, landelijk, prognose)
    sjabloon.controleer(context)
    waarschuwingen = list(waarschuwingen)
    with tempfile.TemporaryDirectory(prefix="xlpuzzel-memo-") as tmp:
        work = Path(tmp)
        path = work / f"{MEMO_BESTAND}.docx"
        path.write_bytes(sjabloon.render(context))
        waarschuwingen.extend(sjabloon.waarschuwingen)
        pdfs = _pdfs([path], work, pdf, waarschuwingen)
        staat = _staat(sjabloon, context)
        with UitvoerMap(doel, opdracht=MEMO_SOORT) as uit:
            nieuw = {p.name for p in (path, *pdfs)}
            for naam in uit.bestaande(MEMO_SOORT, MEMO_NAMEN):
                if naam not in nieuw:
                    uit.naar_vorige(naam)
            for p in (path, *pdfs):
                uit.schrijf(p.name, p, MEMO_SOORT, staat)
            vast = uit.vastleggen()
    return BriefResultaat(
        map=doel,
        documenten=(doel / path.name,),
        pdfs=tuple(doel / p.name for p in pdfs),
        concept=concept,
        waarschuwingen=tuple(waarschuwingen),
        vorige=vast.vorige,
    )
