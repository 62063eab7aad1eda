"""Ribbon buttons 'Nieuwe ronde' and 'Nieuwe puzzel': ask, then call the same use case as the CLI.

Asking differs per Excel:

- **Desktop Excel** (COM): Excel's own dialogs through its Application object —
  `InputBox` for the province, `GetOpenFilename` for the tasks or gemeenten file,
  `GetSaveAsFilename` for where the new workbook goes (it only returns a path; nothing is
  saved by Excel). Cancel stops without writing anything.
- **Excel without file dialogs** (xlwings Server or Lite, Excel on the web: the remote
  engine has no Application object): the paths come from settings on sheet Instellingen
  (:data:`~xlpuzzel.nieuw.provincie.ZONDER_DIALOOG`), and the message says which settings were used or
  which one is still empty.

The new round reads the workbook's own file: a workbook with unsaved changes is saved first
(after asking), so the new round starts from what the user sees. The old workbook is never
written by the round itself.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xlpuzzel.errors import PuzzelError
from xlpuzzel.excel.werkmap import LiveWerkmap, boek, gebruiker_van, melding, nu, status, titel, vraag
from xlpuzzel.layout import INSTELLINGEN_SHEET
from xlpuzzel.nieuw.provincie import ZONDER_DIALOOG

if TYPE_CHECKING:
    import xlwings as xw

    from xlpuzzel.nieuw.maken import Gemaakt

#: Settings read instead of a dialog where Excel cannot show one (the remote engine).
RONDE_OPGAVEN = "nieuwe_ronde_opgaven"
RONDE_UIT = "nieuwe_ronde_uit"
PUZZEL_PROVINCIE = "nieuwe_puzzel_provincie"
PUZZEL_GEMEENTEN = "nieuwe_puzzel_gemeenten"
PUZZEL_UIT = "nieuwe_puzzel_uit"
GEMEENTEN_FILTER = "Gemeentenbestand (*.csv;*.xlsx),*.csv;*.xlsx,Alle bestanden (*.*),*.*"
WERKMAP_FILTER = "Excel-werkmap met macro's (*.xlsm),*.xlsm"


def excel_app(book: xw.Book) -> Any | None:
    """Excel's Application object where the engine has one (desktop Excel), else None (no dialogs)."""
    try:
        return book.app.api
    except (NotImplementedError, AttributeError):
        return None


def nieuwe_ronde(
    book: xw.Book | None = None, *, tijdstip: dt.datetime | None = None
) -> Gemaakt | None:
    """Start the next round from this workbook into a new one; None when the user stops."""
    from xlpuzzel.nieuw.maken import start_nieuwe_ronde

    book = boek(book)
    app = excel_app(book)
    werkmap = _eigen_bestand(book)
    if app is not None and not _opgeslagen(book, app):
        return None
    if app is not None:
        opgaven = _kies_opgaven(book, app)
        if opgaven is False:
            return None
        standaard = werkmap.with_name(f"{werkmap.stem}-nieuwe-ronde.xlsm")
        uit = _kies_uit(app, standaard, "Waar komt de werkmap van de nieuwe ronde?")
        if uit is None:
            return None
    else:
        instellingen = dict(LiveWerkmap(book).instellingen())
        opgaven = _pad(instellingen, RONDE_OPGAVEN, verplicht=False, basis=werkmap.parent)
        uit = _pad(instellingen, RONDE_UIT, verplicht=True, basis=werkmap.parent)
    overschrijf = _mag_vervangen(book, uit)
    if overschrijf is None:
        return None
    status(book, "Nieuwe ronde maken…")
    gemaakt = start_nieuwe_ronde(
        werkmap,
        uit,
        gebruiker=gebruiker_van(book),
        moment=tijdstip or nu(),
        opgaven=opgaven or None,
        overschrijf=overschrijf,
    )
    _klaar(book, app, gemaakt, "Nieuwe ronde", [RONDE_OPGAVEN, RONDE_UIT] if app is None else [])
    return gemaakt


def nieuwe_puzzel(book: xw.Book | None = None, *, vandaag: dt.date | None = None) -> Gemaakt | None:
    """A new, empty-offer puzzel for a province from a gemeenten file; None when the user stops."""
    from xlpuzzel.nieuw.bestand import sleutel
    from xlpuzzel.nieuw.maken import maak_nieuwe_puzzel

    book = boek(book)
    app = excel_app(book)
    folder = _map(book)
    if app is not None:
        provincie = app.InputBox(
            "Voor welke provincie is de nieuwe puzzel? Schrijf de naam zoals de LRT-tabel (bijv. Groningen).",
            titel(book),
            "",
        )
        if provincie is False or not str(provincie).strip():
            return None
        gemeenten = _kies_bestand(app, "Kies het gemeentenbestand (gemeente, inwoners; .csv of .xlsx)")
        if gemeenten is None:
            return None
        standaard = folder / f"puzzel-{sleutel(provincie).replace('_', '-')}.xlsm"
        uit = _kies_uit(app, standaard, "Waar komt de nieuwe puzzel?")
        if uit is None:
            return None
    else:
        instellingen = dict(LiveWerkmap(book).instellingen())
        provincie = _waarde(instellingen, PUZZEL_PROVINCIE)
        gemeenten = _pad(instellingen, PUZZEL_GEMEENTEN, verplicht=True, basis=folder)
        uit = _pad(instellingen, PUZZEL_UIT, verplicht=True, basis=folder)
    overschrijf = _mag_vervangen(book, uit)
    if overschrijf is None:
        return None
    status(book, "Nieuwe puzzel maken…")
    gemaakt = maak_nieuwe_puzzel(str(provincie), gemeenten, uit, overschrijf=overschrijf, vandaag=vandaag)
    _klaar(book, app, gemaakt, "Nieuwe puzzel", [PUZZEL_PROVINCIE, PUZZEL_GEMEENTEN, PUZZEL_UIT] if app is None else [])
    return gemaakt


# ------------------------------------------------------------------------------ asking


def _eigen_bestand(book: xw.Book) -> Path:
    """The workbook's own file (a OneDrive/SharePoint address as its synced local file)."""
    fullname = str(book.fullname)
    if "://" in fullname:
        try:
            from xlwings.utils import fullname_url_to_local_path

            fullname = fullname_url_to_local_path(fullname)
        except Exception:  # noqa: BLE001 - not synced locally: the check below says so
            fullname = str(book.fullname)
    path = Path(fullname)
    if not path.is_file():
        raise PuzzelError(
            f"Het bestand van deze werkmap is niet te vinden ({fullname}). Sla de werkmap eerst op (in een map op "
            "deze pc of een met OneDrive gesynchroniseerde map), of gebruik `puzzel nieuwe-ronde` op de opdrachtregel."
        )
    return path.resolve()


def _map(book: xw.Book) -> Path:
    """The folder of this workbook when it is a file here, else the current folder."""
    try:
        return _eigen_bestand(book).parent
    except PuzzelError:
        return Path.cwd()


def _opgeslagen(book: xw.Book, app: Any) -> bool:
    """True when the file holds what the user sees; unsaved changes are saved after a 'Ja', else stop."""
    try:
        saved = bool(book.api.Saved)
    except Exception:  # noqa: BLE001 - an engine without the property: the file is what there is
        return True
    if saved:
        return True
    if not vraag(
        book,
        "De werkmap heeft wijzigingen die nog niet zijn opgeslagen. De nieuwe ronde begint bij wat in het bestand "
        "staat. Nu opslaan en doorgaan?",
    ):
        status(book, "Geen nieuwe ronde: de werkmap is niet opgeslagen.")
        return False
    book.save()
    return True


def _kies_opgaven(book: xw.Book, app: Any) -> str | None | bool:
    """A tasks file chosen in Excel's dialog, None for 'same tasks', False when the user cancels."""
    if not vraag(
        book,
        "Komen er nieuwe opgaven of inwoners uit een bestand (gemeente, inwoners, opgave_asiel, opgave_amv)?\n\n"
        "Ja: kies het bestand. Nee: de opgaven van deze ronde blijven.",
    ):
        return None
    gekozen = _kies_bestand(app, "Kies het bestand met de nieuwe opgaven (.csv of .xlsx)")
    return False if gekozen is None else gekozen


def _kies_bestand(app: Any, titel: str) -> str | None:
    """Excel's Open dialog (nothing is opened): the chosen path, None on Cancel."""
    gekozen = app.GetOpenFilename(GEMEENTEN_FILTER, 1, titel)
    return None if gekozen is False or not str(gekozen).strip() else str(gekozen)


def _kies_uit(app: Any, standaard: Path, titel: str) -> str | None:
    """Excel's Save As dialog (it only returns the path): the chosen .xlsm, None on Cancel."""
    gekozen = app.GetSaveAsFilename(str(standaard), WERKMAP_FILTER, 1, titel)
    return None if gekozen is False or not str(gekozen).strip() else str(gekozen)


def _mag_vervangen(book: xw.Book, uit: str | os.PathLike[str]) -> bool | None:
    """False for a new file; for an existing one True after a 'Ja' (the old one stays as .bak), None to stop."""
    if not Path(uit).exists():
        return False
    if vraag(book, f"{uit} bestaat al. Vervangen? Het oude bestand blijft bewaard als {Path(uit).name}.bak."):
        return True
    status(book, "Niets gemaakt: het bestand bestaat al.")
    return None


def _waarde(instellingen: dict[str, object], sleutel: str) -> str:
    value = instellingen.get(sleutel)
    text = "" if value is None else str(value).strip()
    if not text:
        raise PuzzelError(
            f"Deze Excel kan geen bestandskeuze of invoervenster tonen. Vul op blad {INSTELLINGEN_SHEET} de "
            f"instelling '{sleutel}' in ({ZONDER_DIALOOG[sleutel].split(': ', 1)[1]}) en klik opnieuw."
        )
    return text


def _pad(instellingen: dict[str, object], sleutel: str, *, verplicht: bool, basis: Path) -> str | None:
    """A path from a setting (relative: beside the workbook); None for an empty optional one."""
    if not verplicht and instellingen.get(sleutel) in (None, ""):
        return None
    path = Path(_waarde(instellingen, sleutel))
    return str(path if path.is_absolute() else (basis / path).resolve())


def _klaar(book: xw.Book, app: Any, gemaakt: Gemaakt, wat: str, instellingen: list[str]) -> None:
    """The report in a message box (and the settings used instead of dialogs); offer to open the new workbook."""
    tekst = gemaakt.verslag(wat)
    if instellingen:
        tekst += (
            f"\n\nDeze Excel toont geen bestandskeuze; gebruikt zijn de instellingen {', '.join(instellingen)} op blad "
            f"{INSTELLINGEN_SHEET}."
        )
    status(book, f"{wat} geschreven: {gemaakt.pad.name}")
    if app is None:
        melding(book, tekst)
        return
    if vraag(book, f"{tekst}\n\nDe nieuwe werkmap nu openen?"):
        app.Workbooks.Open(str(gemaakt.pad))
