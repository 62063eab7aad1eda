"""Ribbon buttons 'Bijstellingen markeren' and 'Basis vastleggen': the use cases of the CLI, on the open workbook.

Each asks what only the user can answer (the yes/no of 'Basis vastleggen'), reads the
user's name and the clock once, calls :func:`xlpuzzel.usecases.markeer_bijstellingen` or
:func:`xlpuzzel.usecases.leg_basis_vast` on :class:`~xlpuzzel.excel.werkmap.LiveWerkmap`
and shows the result in the status bar and a message box. How a flag looks in live Excel
is decided in one place: :func:`xlpuzzel.excel.werkmap.markeer_stijl`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from xlpuzzel.bijstelling import BasisPlan, MarkeerPlan
from xlpuzzel.excel.werkmap import (
    LiveWerkmap,
    aantal,
    boek,
    gebruiker_van,
    melding,
    nu,
    opsomming,
    status,
    vraag,
)
from xlpuzzel.layout import LOG_SHEET

if TYPE_CHECKING:
    import xlwings as xw

    from xlpuzzel.usecases import Markeerresultaat

VRAAG_BASIS = (
    "Basis vastleggen: de huidige getallen op werkblad Puzzel worden de nieuwe basis.\n\n"
    "Wijzigingen die nog niet in het Wijzigingslog staan, worden eerst gelogd; daarna verdwijnen "
    "de markeringen 'tussentijds bijgesteld'. Latere wijzigingen worden ten opzichte van deze "
    "basis gemarkeerd.\n\nDoorgaan?"
)


def markeer_bijstellingen(
    book: xw.Book | None = None, *, gebruiker: str | None = None, tijdstip: dt.datetime | None = None
) -> MarkeerPlan:
    """Flag the cells that differ from the basis, unflag those that no longer do, log every change."""
    from xlpuzzel import usecases

    book = boek(book)
    status(book, "Bijstellingen markeren…")
    uit = usecases.markeer_bijstellingen(
        LiveWerkmap(book), gebruiker or gebruiker_van(book), tijdstip or nu(), tijdstip_opgegeven=False
    )
    toon_markeren(book, uit)
    return uit.plan


def toon_markeren(book: xw.Book, uit: Markeerresultaat) -> None:
    """What 'Bijstellingen markeren' did, in the status bar and a message box (also after 'Voorstel overnemen')."""
    plan = uit.plan
    tekst = (
        f"Bijstellingen gemarkeerd: {aantal(len(plan.markeren), 'cel', 'cellen')} gemarkeerd, "
        f"{aantal(len(plan.ontmarkeren), 'markering', 'markeringen')} weggehaald, "
        f"{aantal(len(plan.logregels), 'regel', 'regels')} in het {LOG_SHEET}."
    )
    if plan.leeg:
        tekst = "Geen nieuwe bijstellingen: alles staat al goed gemarkeerd en gelogd."
    status(book, tekst)
    let_op = [*uit.waarschuwingen]
    if uit.ongeldig:
        let_op += [f"geen geldig aantal (wel gelogd; zie `puzzel controleer`): {regel}" for regel in uit.ongeldig]
    melding(book, tekst + _let_op(let_op))


def leg_basis_vast(
    book: xw.Book | None = None, *, gebruiker: str | None = None, tijdstip: dt.datetime | None = None
) -> BasisPlan | None:
    """After a 'Ja': log what is not logged yet, make the current numbers the basis, remove the flags."""
    from xlpuzzel import usecases

    book = boek(book)
    if not vraag(book, VRAAG_BASIS):
        status(book, "Basis vastleggen: geannuleerd, er is niets gewijzigd.")
        return None
    status(book, "Basis vastleggen…")
    uit = usecases.leg_basis_vast(
        LiveWerkmap(book), gebruiker or gebruiker_van(book), tijdstip or nu(), tijdstip_opgegeven=False
    )
    plan = uit.plan
    tekst = (
        f"Basis vastgelegd op {plan.basis.gezet_op:%d-%m-%Y %H:%M} door {plan.basis.gezet_door}: "
        f"{aantal(len(plan.nog_niet_gelogd), 'wijziging', 'wijzigingen')} eerst gelogd, "
        f"{aantal(len(plan.ontmarkeren), 'markering', 'markeringen')} weggehaald."
    )
    status(book, tekst)
    melding(book, tekst + _let_op([*uit.waarschuwingen, *uit.opmerkingen]))
    return plan


def _let_op(regels: list[str]) -> str:
    from xlpuzzel.excel import voor_excel

    return f"\n\nLet op:\n{opsomming(voor_excel(r) for r in regels)}" if regels else ""
