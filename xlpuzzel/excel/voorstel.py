"""Ribbon buttons 'Voorstel berekenen' and 'Voorstel overnemen': the proposal of :mod:`xlpuzzel.voorstel`, live.

'Voorstel berekenen' reads sheet Puzzel (as every button) and sheet Ruimte (one used-range
read), makes the proposal (the solver is imported here, on this click only), and writes
sheet Voorstel as one block with one row in the Wijzigingslog; when the sheet already holds
this proposal it writes nothing. 'Voorstel overnemen' reads sheet Voorstel back, asks yes/no
with the number of cells, writes the changed bijstelling and inbreng cells (one call per
run of neighbouring cells in a column) and then runs 'Bijstellingen markeren', so the normal
change tracking flags and logs them, with the proposal as the source.

This is the xlwings front of the same use cases as `puzzel voorstel --schrijf` and
`--overnemen --ja` (:mod:`xlpuzzel.usecases.voorstel`), on :class:`~xlpuzzel.excel.werkmap.LiveWerkmap`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from xlpuzzel.excel.werkmap import LiveWerkmap, boek, gebruiker_van, melding, nu, status, vraag
from xlpuzzel.layout import VOORSTEL_SHEET

if TYPE_CHECKING:
    import xlwings as xw

    from xlpuzzel.voorstel import Voorstel
    from xlpuzzel.voorstel.overnemen import Overname


#: Source of the log row of 'Voorstel berekenen'.
BRON = "knop Voorstel berekenen"


def voorstel_berekenen(
    book: xw.Book | None = None, *, gebruiker: str | None = None, tijdstip: dt.datetime | None = None
) -> Voorstel:
    """Make the proposal, put it on sheet Voorstel with a log row (unless it is there already), show the summary."""
    from xlpuzzel import usecases
    from xlpuzzel.voorstel import stel_voor
    from xlpuzzel.voorstel.tekst import samenvatting

    book = boek(book)
    status(book, "Voorstel berekenen…")
    werkmap = LiveWerkmap(book)
    voorstel = stel_voor(usecases.voorstel_invoer(werkmap))
    tekst = samenvatting(voorstel)
    if voorstel.uitleg:
        tekst += "\n\n" + "\n".join(voorstel.uitleg[:8]) + ("\n…" if len(voorstel.uitleg) > 8 else "")
    toegepast = usecases.schrijf_voorstel(werkmap, voorstel, gebruiker or gebruiker_van(book), tijdstip or nu(), bron=BRON)
    if toegepast is None:
        status(book, "Voorstel berekend: werkblad Voorstel had dit voorstel al.")
        melding(book, f"{tekst}\n\nWerkblad {VOORSTEL_SHEET} had dit voorstel al; er is niets gewijzigd.")
        return voorstel
    status(book, "Voorstel berekend: zie werkblad Voorstel.")
    melding(book, f"{tekst}\n\nHet voorstel staat op werkblad {VOORSTEL_SHEET}; 'Voorstel overnemen' zet het in de "
                  "puzzel.")
    return voorstel


def voorstel_overnemen(
    book: xw.Book | None = None, *, gebruiker: str | None = None, tijdstip: dt.datetime | None = None
) -> Overname | None:
    """After a 'Ja' with the number of cells: copy sheet Voorstel into the puzzel, flagged and logged as bijstellingen."""
    from xlpuzzel import usecases
    from xlpuzzel.excel.bijstellen import toon_markeren
    from xlpuzzel.voorstel.overnemen import vraag_tekst

    book = boek(book)
    werkmap = LiveWerkmap(book)
    plan = usecases.voorstel_overname(werkmap)
    if plan.leeg:
        melding(book, f"De puzzel heeft het voorstel van werkblad {VOORSTEL_SHEET} al; er is niets gewijzigd.")
        return plan
    if not vraag(book, vraag_tekst(plan)):
        status(book, "Voorstel overnemen: geannuleerd, er is niets gewijzigd.")
        return None
    status(book, "Voorstel overnemen…")
    toon_markeren(book, usecases.neem_voorstel_over(werkmap, plan, gebruiker or gebruiker_van(book), tijdstip or nu()))
    return plan
