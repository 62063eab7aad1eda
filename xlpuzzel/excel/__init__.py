"""The ribbon of puzzel.xlsm: one Python function per button, reached through :func:`dispatch`.

Every button calls the VBA macro `PuzzelKnop`, which runs
``RunPython "import xlpuzzel.excel as knop; knop.dispatch('<button id>')"``. Each
function is an adapter: it reads what it needs from the live workbook (one call per
range), calls the same core function as the CLI and writes the result back in bulk. Each
takes the workbook as its first argument (default: the one whose button was clicked), so
it runs from a test or a script as well as from a click.

Importing this package is cheap: no pandas, openpyxl or docxtpl (the documents import
their renderer when a document is made).
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from xlpuzzel.errors import PuzzelError
from xlpuzzel.excel.bijstellen import leg_basis_vast, markeer_bijstellingen
from xlpuzzel.excel.controleren import controleer
from xlpuzzel.excel.documenten import brieven, memo
from xlpuzzel.excel.hulp import functies_importeren, log, logboek_pad, over
from xlpuzzel.excel.landelijk import landelijk_beeld
from xlpuzzel.excel.nieuw import nieuwe_puzzel, nieuwe_ronde
from xlpuzzel.excel.voorstel import voorstel_berekenen, voorstel_overnemen
from xlpuzzel.excel.werkmap import boek, melding, status

if TYPE_CHECKING:
    import xlwings as xw

#: Ribbon button id (ribbon/customUI14.xml) -> its function.
KNOPPEN: dict[str, Callable[..., Any]] = {
    "controleer": controleer,
    "landelijk_beeld": landelijk_beeld,
    "markeer_bijstellingen": markeer_bijstellingen,
    "leg_basis_vast": leg_basis_vast,
    "voorstel_berekenen": voorstel_berekenen,
    "voorstel_overnemen": voorstel_overnemen,
    "brieven": brieven,
    "memo": memo,
    "nieuwe_ronde": nieuwe_ronde,
    "nieuwe_puzzel": nieuwe_puzzel,
    "functies_importeren": functies_importeren,
    "over": over,
}

#: Advice in the core's messages that names a command, and the same step on the ribbon.
IN_EXCEL: dict[str, str] = {
    "`puzzel basis --ja`": "de knop 'Basis vastleggen'",
    "`puzzel controleer`": "de knop 'Controleren'",
}


def voor_excel(tekst: str) -> str:
    """A core message for someone at the ribbon: a command it advises becomes the button that does it."""
    for command, button in IN_EXCEL.items():
        tekst = tekst.replace(command, button)
    return tekst


def knop_label(button_id: str) -> str:
    """The button's Dutch label as the ribbon shows it (ribbon/customUI14.xml); the id if not found."""
    import xml.etree.ElementTree as ET

    from xlpuzzel.vba import RIBBON_SOURCE

    try:
        root = ET.parse(RIBBON_SOURCE).getroot()
    except (OSError, ET.ParseError):
        return button_id
    for element in root.iter():
        if element.get("id") == button_id and element.get("label"):
            return str(element.get("label"))
    return button_id


def dispatch(button_id: str, book: xw.Book | None = None) -> Any:
    """Run the function of a ribbon button; every failure ends as a Dutch message box, never a traceback."""
    started = time.perf_counter()
    book = boek(book)
    handler = KNOPPEN.get(button_id)
    if handler is None:
        log(f"{button_id}: onbekende knop")
        melding(book, f"De knop '{button_id}' is onbekend in deze versie van xlpuzzel. Werk xlpuzzel bij.", True)
        return None
    try:
        result = handler(book)
    except PuzzelError as exc:
        log(f"{button_id}: {exc.melding}")
        status(book, False)
        melding(book, voor_excel(exc.melding), ernstig=True)
        return None
    except Exception:  # noqa: BLE001 - the one place where anything unexpected becomes a Dutch message
        log(f"{button_id}: onverwachte fout\n{traceback.format_exc()}")
        status(book, False)
        melding(
            book,
            f"Er ging iets onverwachts mis bij '{knop_label(button_id)}'.\n\n"
            f"De technische details staan in het logboek:\n{logboek_pad()}\n\nStuur dat bestand mee als u om hulp vraagt.",
            ernstig=True,
        )
        return None
    log(f"{button_id}: klaar in {1000 * (time.perf_counter() - started):.0f} ms")
    return result


__all__ = [
    "KNOPPEN",
    "brieven",
    "controleer",
    "dispatch",
    "functies_importeren",
    "landelijk_beeld",
    "leg_basis_vast",
    "logboek_pad",
    "markeer_bijstellingen",
    "memo",
    "nieuwe_puzzel",
    "nieuwe_ronde",
    "over",
    "voorstel_berekenen",
    "voorstel_overnemen",
]
