"""Sheets Landelijk and Prognose through the one door: read once for the check, the commands, the ribbon and the memo.

Both adapters hand over the sheet's cells with their formulas (`Werkmap.blad_met_formules`)
and the defined names one by one (`Werkmap.verwijzing`); the pure core
(:mod:`xlpuzzel.landelijk`) turns them into the sheets as data, the cards, the prognosis
and the findings. `puzzel landelijk`/`prognose`, the button 'Landelijk beeld', the check
(`puzzel controleer`, button 'Controleren') and the memo (`puzzel memo`, button 'Memo
maken') all read these sheets here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from xlpuzzel.errors import UnusableWorkbook
from xlpuzzel.landelijk.layout import (
    LANDELIJK_SHEET,
    PROGNOSE_SHEET,
    required_landelijk_names,
    required_prognose_names,
)
from xlpuzzel.layout import INSTELLINGEN_SHEET, PROVINCIE_SETTING
from xlpuzzel.usecases.protocol import Werkmap, meld

if TYPE_CHECKING:
    from xlpuzzel.controle import Bevinding
    from xlpuzzel.entry import Entry
    from xlpuzzel.landelijk.beeld import LandelijkBeeld, PrognoseBeeld
    from xlpuzzel.landelijk.blad import LandelijkBlad, PrognoseBlad

T = TypeVar("T")
B = TypeVar("B", "LandelijkBeeld", "PrognoseBeeld")


def _names(werkmap: Werkmap, wanted: tuple[str, ...]) -> dict[str, str]:
    """Defined name -> reference for each wanted name the workbook has (the core names the missing ones)."""
    return {n: ref for n in wanted if (ref := werkmap.verwijzing(n))}


def ontbreekt(werkmap: Werkmap, sheet: str) -> UnusableWorkbook:
    """The refusal of a command that shows a sheet the workbook lacks (an older workbook)."""
    return UnusableWorkbook(meld(
        werkmap,
        f"het werkblad '{sheet}' ontbreekt in deze werkmap. Het komt mee met een werkmap die met `puzzel bouw` is "
        "gemaakt; neem de getallen over in zo'n nieuwe werkmap.",
    ))


def _onbruikbaar(werkmap: Werkmap, sheet: str, exc: UnusableWorkbook) -> UnusableWorkbook:
    return UnusableWorkbook(meld(werkmap, f"blad {sheet}: {exc.melding}"), exc.cel)


def provincie(werkmap: Werkmap) -> Entry:
    """The `provincie` setting as an entry with its cell on sheet Instellingen (blank when there is none)."""
    from xlpuzzel.entry import make_entry
    from xlpuzzel.sheetdata import RefError, parse_ref

    cell = None
    ref = werkmap.verwijzing(PROVINCIE_SETTING)
    if ref:
        try:
            cell = parse_ref(ref, INSTELLINGEN_SHEET).cells()[0]
        except (RefError, IndexError):
            cell = None
    return make_entry(werkmap.instellingen().get(PROVINCIE_SETTING), INSTELLINGEN_SHEET, cell)


def lees_landelijk(werkmap: Werkmap) -> LandelijkBlad | None:
    """Sheet Landelijk as data; None when the workbook has no such sheet, a Dutch refusal when it is broken."""
    from xlpuzzel.landelijk.blad import landelijk_blad

    cellen = werkmap.blad_met_formules(LANDELIJK_SHEET)
    if cellen is None:
        return None
    names = _names(werkmap, required_landelijk_names())
    try:
        return landelijk_blad(cellen, names, provincie(werkmap))
    except UnusableWorkbook as exc:
        raise _onbruikbaar(werkmap, LANDELIJK_SHEET, exc) from exc


def lees_prognose(werkmap: Werkmap) -> PrognoseBlad | None:
    """Sheet Prognose as data; None when the workbook has no such sheet, a Dutch refusal when it is broken."""
    from xlpuzzel.landelijk.blad import prognose_blad

    cellen = werkmap.blad_met_formules(PROGNOSE_SHEET)
    if cellen is None:
        return None
    try:
        return prognose_blad(cellen, _names(werkmap, required_prognose_names()))
    except UnusableWorkbook as exc:
        raise _onbruikbaar(werkmap, PROGNOSE_SHEET, exc) from exc


def landelijk_beeld(werkmap: Werkmap) -> LandelijkBeeld:
    """The cards, the LRT table and the findings of sheet Landelijk; a Dutch refusal without the sheet."""
    from xlpuzzel.landelijk.beeld import landelijk_beeld as beeld_van

    blad = lees_landelijk(werkmap)
    if blad is None:
        raise ontbreekt(werkmap, LANDELIJK_SHEET)
    return beeld_van(blad)


def prognose_beeld(werkmap: Werkmap) -> PrognoseBeeld:
    """The prognosis, the art. 28 taakstelling per gemeente and the findings of sheet Prognose."""
    from xlpuzzel.landelijk.beeld import prognose_beeld as beeld_van

    blad = lees_prognose(werkmap)
    if blad is None:
        raise ontbreekt(werkmap, PROGNOSE_SHEET)
    return beeld_van(blad, werkmap.puzzel())


def controleer_bladen(werkmap: Werkmap) -> tuple[Bevinding, ...]:
    """The findings of sheets Landelijk and Prognose; none for a sheet the workbook lacks."""
    from xlpuzzel.landelijk.controle import controleer_landelijk, controleer_prognose

    found: list[Bevinding] = []
    landelijk = lees_landelijk(werkmap)
    if landelijk is not None:
        found += controleer_landelijk(landelijk)
    prognose = lees_prognose(werkmap)
    if prognose is not None:
        found += controleer_prognose(prognose, werkmap.puzzel())
    return tuple(found)


#: The memo's paragraph of each sheet, as its warnings name it.
MEMO_ALINEA = {LANDELIJK_SHEET: "Landelijk beeld", PROGNOSE_SHEET: "Prognose statushouders"}


def memo_bladen(werkmap: Werkmap) -> tuple[LandelijkBeeld | None, PrognoseBeeld | None, tuple[str, ...]]:
    """What the memo shows of sheets Landelijk and Prognose, and a Dutch warning for each paragraph it leaves out.

    A sheet the workbook lacks, or cannot be read, gives no paragraph (the memo is still
    made: its other sections do not depend on it); a sheet whose check finds errors gives
    its paragraph with a warning to check the sheet first.
    """
    from xlpuzzel.landelijk.beeld import landelijk_beeld as landelijk_van
    from xlpuzzel.landelijk.beeld import prognose_beeld as prognose_van

    waarschuwingen: list[str] = []
    blad = _voor_memo(werkmap, LANDELIJK_SHEET, lees_landelijk, waarschuwingen)
    landelijk = None if blad is None else _met_fouten(werkmap, LANDELIJK_SHEET, landelijk_van(blad), waarschuwingen)
    blad = _voor_memo(werkmap, PROGNOSE_SHEET, lees_prognose, waarschuwingen)
    prognose = (None if blad is None else
                _met_fouten(werkmap, PROGNOSE_SHEET, prognose_van(blad, werkmap.puzzel()), waarschuwingen))
    return landelijk, prognose, tuple(waarschuwingen)


def _voor_memo(werkmap: Werkmap, sheet: str, lees: Callable[[Werkmap], T | None], waarschuwingen: list[str]
               ) -> T | None:
    """A sheet for the memo, or None with a warning saying which paragraph the memo goes without, and why."""
    alinea = MEMO_ALINEA[sheet]
    try:
        blad = lees(werkmap)
    except UnusableWorkbook as exc:
        waarschuwingen.append(f"{exc.melding.rstrip('.')}. De memo is zonder de alinea '{alinea}' gemaakt.")
        return None
    if blad is None:
        waarschuwingen.append(
            meld(werkmap, f"de werkmap heeft geen blad {sheet}; de memo is zonder de alinea '{alinea}' gemaakt.")
        )
    return blad


def _met_fouten(werkmap: Werkmap, sheet: str, beeld: B, waarschuwingen: list[str]) -> B:
    """The sheet's picture, with a warning when its check finds errors (the first one named)."""
    from xlpuzzel.controle import FOUT
    from xlpuzzel.tekst import aantal

    fouten = [b for b in beeld.bevindingen if b.ernst == FOUT]
    if fouten:
        meer = " …" if len(fouten) > 1 else ""
        waarschuwingen.append(meld(
            werkmap,
            f"blad {sheet} heeft {aantal(len(fouten), 'fout', 'fouten')} ({fouten[0].melding}{meer}); controleer het "
            f"blad voordat u de alinea '{MEMO_ALINEA[sheet]}' van de memo gebruikt.",
        ))
    return beeld
