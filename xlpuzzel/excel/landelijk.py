"""Ribbon button 'Landelijk beeld': recalculate, show sheet Landelijk, report the cards and findings.

The same use case as `puzzel landelijk` (:func:`xlpuzzel.usecases.landelijk_beeld`) on the
live workbook (:class:`~xlpuzzel.excel.werkmap.LiveWerkmap`: the sheet read in one call for
its values and one for its formulas where the engine has them, the defined names one
lookup each); nothing is written but the sheet's activation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xlpuzzel.controle import FOUT, samenvatting, samenvatting_tekst
from xlpuzzel.excel.werkmap import LiveWerkmap, boek, heeft_blad, melding, opsomming, status
from xlpuzzel.landelijk.layout import LANDELIJK_SHEET, Niveau

if TYPE_CHECKING:
    import xlwings as xw

    from xlpuzzel.landelijk.beeld import LandelijkBeeld
    from xlpuzzel.landelijk.kaarten import Kaart


def landelijk_beeld(book: xw.Book | None = None) -> LandelijkBeeld:
    """Recalculate, read sheet Landelijk, show it, and report the cards and the findings in a message box."""
    from xlpuzzel.usecases.landelijk import landelijk_beeld as beeld_van
    from xlpuzzel.usecases.landelijk import ontbreekt

    book = boek(book)
    status(book, "Landelijk beeld…")
    if not heeft_blad(book, LANDELIJK_SHEET):  # refuse before recalculating anything
        raise ontbreekt(LiveWerkmap(book), LANDELIJK_SHEET)
    try:
        book.app.calculate()
    except NotImplementedError:
        pass
    beeld = beeld_van(LiveWerkmap(book))
    book.sheets[LANDELIJK_SHEET].activate()
    samen = samenvatting(beeld.bevindingen)
    status(book, f"Landelijk beeld: {samenvatting_tekst(samen)}.")
    melding(book, rapport(beeld), ernstig=bool(samen[FOUT]))
    return beeld


def rapport(beeld: LandelijkBeeld) -> str:
    """The message box: per card its colour and share of the schema, then the findings."""
    from xlpuzzel.controle.opmaak import getal, procent

    def regel(kaart: Kaart) -> str:
        if kaart.indicatief is None:
            return f"{kaart.naam}: nog geen schema (vul startpunt en startdatum in)"
        return (f"{kaart.naam}: {procent(kaart.percentage, 0)} van het schema ({kaart.kleur}), "
                f"achterstand {getal(kaart.achterstand)}")

    parts = []
    for niveau in (Niveau.LANDELIJK, Niveau.PROVINCIE):
        kaarten = [k for k in beeld.kaarten if k.niveau is niveau]
        parts.append(f"{kaarten[0].gebied}, peildatum {_dag(beeld.peildatum)}:\n" + opsomming(map(regel, kaarten)))
    if beeld.bevindingen:
        samen = samenvatting(beeld.bevindingen)
        parts.append(f"Controle van blad {LANDELIJK_SHEET}: {samenvatting_tekst(samen)}.\n"
                     + opsomming(b.melding for b in beeld.bevindingen))
    else:
        parts.append(f"Blad {LANDELIJK_SHEET}: geen bevindingen, de tabel en de formules kloppen.")
    return "\n\n".join(parts)


def _dag(day: object) -> str:
    return f"{day.day}-{day.month}-{day.year}" if day is not None else "–"  # type: ignore[attr-defined]
