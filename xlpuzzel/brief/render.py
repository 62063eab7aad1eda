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
from typing import Any

from xlpuzzel.adressen import Adres
from xlpuzzel.brief.brief import brieven_contexten, kies_gemeenten
from xlpuzzel.brief.cijfers import beoordeel_adressen
from xlpuzzel.brief.instellingen import (
    BRIEF_INSTELLINGEN,
    MEMO_INSTELLINGEN,
    controleer_instellingen,
    datum_instelling,
)
from xlpuzzel.brief.memo import memo_context
from xlpuzzel.brief.sjabloon import Sjabloon
from xlpuzzel.errors import PuzzelError
from xlpuzzel.layout import CATEGORIES
from xlpuzzel.model import Puzzel
from xlpuzzel.resources import TEMPLATES_DIR

BRIEF_SJABLOON = "brief_aan_college.docx"
MEMO_SJABLOON = "memo_tussenstand.docx"
MEMO_BESTAND = "memo-tussenstand"
OVERZICHT = "overzicht.csv"

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
            geschreven = (
                f"de {len(out)} eerdere documenten in {doel} zijn wel geschreven" if out else "er is niets geschreven"
            )
            raise PuzzelError(f"{target}: opslaan mislukt ({exc.strerror}); {geschreven}.") from exc
        out.append(target)
    return out


# --- letters ----------------------------------------------------------------------------


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
    rij["email"] = g["adres"]["email"]
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
    adressen: Mapping[str, Adres] | None = None,
) -> BriefResultaat:
    """Write `<uit_map>/<datum_brief>/<nn>-<gemeente>.docx` (and .pdf) for each gemeente, plus overzicht.csv.

    `adressen` are the colleges' postal addresses (sheet Adressen); a letter without one is
    refused (:class:`AdresOntbreekt`) unless made as concept, where it is marked.
    """
    controleer_instellingen(instellingen, BRIEF_INSTELLINGEN)
    adressen = adressen or {}
    doel = _uit_datum_map(uit_map, instellingen, "datum_brief")
    indices = kies_gemeenten(puzzel, instellingen, gemeenten, adressen)
    if not concept:
        beoordeel_adressen(puzzel, instellingen, adressen, gemeenten)
    sjabloon = Sjabloon(Path(sjablonen), BRIEF_SJABLOON)
    contexts = brieven_contexten(puzzel, instellingen, indices, concept, adressen)
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
        concept=any(c["concept"] for c in contexts),
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
    adressen: Mapping[str, Adres] | None = None,
) -> BriefResultaat:
    """Write `<uit_map>/<datum_memo>/memo-tussenstand.docx` (and .pdf) from the puzzel.

    `adressen` (sheet Adressen) give the gemeenten's own spelling of their names.
    """
    controleer_instellingen(instellingen, MEMO_INSTELLINGEN)
    doel = _uit_datum_map(uit_map, instellingen, "datum_memo")
    sjabloon = Sjabloon(Path(sjablonen), MEMO_SJABLOON)
    context = memo_context(puzzel, instellingen, concept, adressen)
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
