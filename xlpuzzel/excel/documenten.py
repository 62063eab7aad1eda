"""Ribbon buttons 'Brieven maken' and 'Memo maken': the same rendering as the CLI, from the live workbook.

The documents go where `puzzel brieven` and `puzzel memo` put them (:func:`xlpuzzel.brief.render.standaard_map`:
`Brieven\\<datum>` and `Memo\\<datum>` beside the workbook); for a workbook on OneDrive or SharePoint
beside its synced local folder, else in the user's Documents; in xlwings Lite its file area (`/data`), offered for download there
(Word documents only: a PDF needs Word or LibreOffice). Progress shows in the status bar; the
folder opens at the end. When the check finds errors, the user may still make the documents,
marked as concept.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from xlpuzzel.errors import PuzzelError
from xlpuzzel.excel.werkmap import (
    LITE_BESTANDEN,
    LiveWerkmap,
    boek,
    in_lite,
    melding,
    opsomming,
    status,
    vraag,
)
from xlpuzzel.model import Puzzel
from xlpuzzel.usecases import documentgegevens
from xlpuzzel.usecases.lezen import Documentgegevens

if TYPE_CHECKING:
    import xlwings as xw

    from xlpuzzel.adressen import Adres
    from xlpuzzel.brief import BriefResultaat

#: Where documents go when the workbook's own folder is unknown (not saved, not synced locally).
RESERVE_MAP = "xlpuzzel"
#: At most this many progress updates in the status bar, however many gemeenten.
VOORTGANG_STAPPEN = 10


def brieven(book: xw.Book | None = None, *, uit_map: str | os.PathLike[str] | None = None) -> BriefResultaat | None:
    """A letter per gemeente as Word documents; None when the user declines a concept."""
    from xlpuzzel.brief import BRIEF_INSTELLINGEN, render_brieven
    from xlpuzzel.brief.render import BRIEVEN_SOORT

    book, gegevens = _lees(book, "de brieven", documentgegevens, BRIEF_INSTELLINGEN)
    puzzel, instellingen, adressen = gegevens.puzzel, gegevens.instellingen, gegevens.adressen
    concept = _concept(book, puzzel, "de brieven", instellingen, adressen)
    if concept is None:
        return None
    status(book, "Brieven maken…")
    resultaat = render_brieven(
        puzzel, instellingen, uit_map or uitvoer_map(book, BRIEVEN_SOORT),
        concept=concept, voortgang=_voortgang(book), adressen=adressen,
    )
    _klaar(book, resultaat)
    return resultaat


def memo(book: xw.Book | None = None, *, uit_map: str | os.PathLike[str] | None = None) -> BriefResultaat | None:
    """The memo 'Tussenstand <puzzel>' as a Word document; None when the user declines a concept."""
    from xlpuzzel.brief import MEMO_INSTELLINGEN, render_memo
    from xlpuzzel.brief.render import MEMO_SOORT
    from xlpuzzel.usecases import memogegevens

    book, gegevens = _lees(book, "het memo", memogegevens, MEMO_INSTELLINGEN)
    puzzel, instellingen, adressen = gegevens.puzzel, gegevens.instellingen, gegevens.adressen
    concept = _concept(book, puzzel, "het memo")
    if concept is None:
        return None
    status(book, "Memo maken…")
    resultaat = render_memo(
        puzzel, instellingen, uit_map or uitvoer_map(book, MEMO_SOORT), concept=concept, adressen=adressen,
        landelijk=gegevens.landelijk, prognose=gegevens.prognose, waarschuwingen=gegevens.waarschuwingen,
    )
    _klaar(book, resultaat, ("memo", "memo’s"))
    return resultaat


def _lees(
    book: xw.Book | None, wat: str, lees: Callable[[LiveWerkmap], Documentgegevens], sleutels: Sequence[str]
) -> tuple[xw.Book, Documentgegevens]:
    """The clicked book and what the documents are made from; refused before anything is asked when the Word
    library or a setting is missing (every missing setting named at once)."""
    from xlpuzzel.brief import controleer_instellingen

    book = boek(book)
    word_bibliotheek(wat)
    gegevens = lees(LiveWerkmap(book))
    controleer_instellingen(gegevens.instellingen, sleutels)
    return book, gegevens


def word_bibliotheek(wat: str) -> None:
    """Refuse in Dutch, before anything is read or asked, where the Word library cannot be imported.

    docxtpl and python-docx need lxml, a compiled package: on a pc it comes with xlpuzzel;
    in xlwings Lite it comes from Pyodide's own package repository (requirements.txt).
    """
    try:
        import docxtpl  # noqa: F401
    except ImportError as exc:
        raise PuzzelError(
            f"Ik kan {wat} hier niet maken: de Word-bibliotheek ontbreekt (Python-pakket '{exc.name}'). "
            "In xlwings Lite: zet docxtpl en lxml in requirements.txt en start xlwings Lite opnieuw (menu > "
            "Restart). Op een pc: installeer xlpuzzel opnieuw. Er is niets geschreven."
        ) from exc


def uitvoer_map(book: xw.Book, soort: str) -> Path:
    """The folder for a document set (`soort` 'brieven' or 'memo'): beside the workbook, as the CLI puts it.

    For a workbook on OneDrive or SharePoint (Excel knows it by its web address) beside its synced
    local folder; for an unsaved or unresolvable one in `Documents/xlpuzzel`. In xlwings Lite
    Lite's file area `/data` (menu > Files > Import/Export): Python there cannot reach the
    workbook's folder.
    """
    from xlpuzzel.brief.render import standaard_map

    if in_lite():
        return standaard_map(LITE_BESTANDEN, soort)
    fullname = str(book.fullname)
    folder: Path | None = None
    if "://" in fullname:
        try:
            from xlwings.utils import fullname_url_to_local_path

            folder = Path(fullname_url_to_local_path(fullname)).parent
        except Exception:  # noqa: BLE001 - OneDrive/SharePoint folder not found locally
            folder = None
    elif Path(fullname).parent != Path("."):
        folder = Path(fullname).parent
    if folder is None or not folder.is_dir():
        folder = Path.home() / "Documents" / RESERVE_MAP
    return standaard_map(folder, soort)


def open_map(path: Path) -> None:
    """Show the folder in Windows Explorer (elsewhere nothing: there is no user at the screen)."""
    if sys.platform == "win32":
        os.startfile(path)  # type: ignore[attr-defined]


def _concept(
    book: xw.Book,
    puzzel: Puzzel,
    wat: str,
    instellingen: Mapping[str, object] | None = None,
    adressen: Mapping[str, Adres] | None = None,
) -> bool | None:
    """False when figures (and, for letters, addresses) are fine, True for a concept the user wants, None to stop."""
    from xlpuzzel.brief import CijfersNietSluitend, beoordeel_adressen, beoordeel_cijfers

    problemen: list[CijfersNietSluitend] = []
    try:
        beoordeel_cijfers(puzzel)
    except CijfersNietSluitend as exc:
        problemen.append(exc)
    if instellingen is not None:
        try:
            beoordeel_adressen(puzzel, instellingen, adressen or {})
        except CijfersNietSluitend as exc:
            problemen.append(exc)
    if not problemen:
        return False
    delen = [f"{exc.kop}:\n{opsomming(str(getattr(b, 'melding', b)) for b in exc.bevindingen)}" for exc in problemen]
    vraag_tekst = (
        "\n\n".join(delen) + f"\n\nToch {wat} maken? Ze krijgen dan de markering CONCEPT. Kies Nee om eerst "
        "de fouten op te lossen (knop Controleren, blad Adressen)."
    )
    if vraag(book, vraag_tekst):
        return True
    status(book, f"Niets gemaakt: los eerst de fouten op ({wat}).")
    return None


def _voortgang(book: xw.Book) -> Callable[[int, int, str], None]:
    """Progress in the status bar, at most VOORTGANG_STAPPEN updates."""

    def show(n: int, totaal: int, gemeente: str) -> None:
        step = max(1, math.ceil(totaal / VOORTGANG_STAPPEN))
        if n % step == 0 or n == totaal:
            status(book, f"Brieven maken: {n} van {totaal} ({gemeente})…")

    return show


def _klaar(book: xw.Book, resultaat: BriefResultaat, wat: tuple[str, str] = ("brief", "brieven")) -> None:
    """Status bar and message: the same sentence as the CLI prints (folder, count, what moved to vorige)."""
    concept = " Gemaakt als CONCEPT (cijfers niet sluitend)." if resultaat.concept else ""
    tekst = resultaat.samenvatting(wat) + concept
    status(book, tekst)
    open_map(resultaat.map)
    extra = f"\n\nLet op:\n{opsomming(resultaat.waarschuwingen)}" if resultaat.waarschuwingen else ""
    if in_lite():
        extra += (
            f"\n\nDownload ze in xlwings Lite: menu > Files > Import/Export, map "
            f"{resultaat.map.relative_to(LITE_BESTANDEN).as_posix()} (Download All geeft één zip). Een PDF maakt xlwings "
            "Lite niet: open het document in Word en kies Opslaan als > PDF."
        )
    melding(book, tekst + extra)
