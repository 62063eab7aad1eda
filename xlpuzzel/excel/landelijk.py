"""Ribbon button 'Landelijk beeld': recalculate, show sheet Landelijk, report the cards and findings.

The same core as `puzzel landelijk` (:func:`xlpuzzel.landelijk.beeld.landelijk_beeld`): the
sheet is read in one call for its values (and one for its formulas where the engine has
them), the defined names one lookup each, and nothing is written but the sheet's activation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xlpuzzel.controle import FOUT, samenvatting, samenvatting_tekst
from xlpuzzel.entry import make_entry
from xlpuzzel.errors import UnusableWorkbook
from xlpuzzel.excel.werkmap import boek, heeft_blad, lees_instellingen, melding, opsomming, status
from xlpuzzel.landelijk.blad import Cel, LandelijkBlad, PrognoseBlad, landelijk_blad, prognose_blad
from xlpuzzel.landelijk.layout import (
    LANDELIJK_SHEET,
    PROGNOSE_SHEET,
    PROVINCIE_SETTING,
    Niveau,
    required_landelijk_names,
    required_prognose_names,
)
from xlpuzzel.layout import INSTELLINGEN_SHEET, index_to_letter
from xlpuzzel.model import Puzzel
from xlpuzzel.sheetdata import RefError, parse_ref

if TYPE_CHECKING:
    import xlwings as xw
    from xlwings.main import Names

    from xlpuzzel.landelijk.beeld import LandelijkBeeld
    from xlpuzzel.landelijk.kaarten import Kaart


def landelijk_beeld(book: xw.Book | None = None) -> LandelijkBeeld:
    """Recalculate, read sheet Landelijk, show it, and report the cards and the findings in a message box."""
    from xlpuzzel.landelijk.beeld import landelijk_beeld as beeld_van

    book = boek(book)
    status(book, "Drentse Puzzel: landelijk beeld…")
    if not heeft_blad(book, LANDELIJK_SHEET):
        raise UnusableWorkbook(
            f"Het werkblad '{LANDELIJK_SHEET}' ontbreekt in deze werkmap. Het komt mee met een werkmap die met "
            "`puzzel bouw` is gemaakt; neem de getallen over in zo'n nieuwe werkmap."
        )
    try:
        book.app.calculate()
    except NotImplementedError:
        pass
    beeld = beeld_van(lees_landelijk_live(book))
    book.sheets[LANDELIJK_SHEET].activate()
    samen = samenvatting(beeld.bevindingen)
    status(book, f"Landelijk beeld: {samenvatting_tekst(samen)}.")
    melding(book, rapport(beeld), ernstig=bool(samen[FOUT]))
    return beeld


def lees_landelijk_live(book: xw.Book) -> LandelijkBlad:
    """Sheet Landelijk of the live workbook: one read of the sheet, one lookup and reference per defined name."""
    found = book.names  # one collection for every lookup (on COM each `book.names` is a call)
    names = {n: ref for n in (*required_landelijk_names(), PROVINCIE_SETTING) if (ref := _verwijzing(found, n))}
    provincie = make_entry(lees_instellingen(book).get(PROVINCIE_SETTING), INSTELLINGEN_SHEET, _cel(names))
    try:
        return landelijk_blad(lees_cellen(book.sheets[LANDELIJK_SHEET]), names, provincie)
    except UnusableWorkbook as exc:
        raise UnusableWorkbook(f"Blad {LANDELIJK_SHEET}: {exc.melding}") from exc


def lees_prognose_live(book: xw.Book) -> PrognoseBlad:
    """Sheet Prognose of the live workbook, read as sheet Landelijk is."""
    found = book.names
    names = {n: ref for n in required_prognose_names() if (ref := _verwijzing(found, n))}
    try:
        return prognose_blad(lees_cellen(book.sheets[PROGNOSE_SHEET]), names)
    except UnusableWorkbook as exc:
        raise UnusableWorkbook(f"Blad {PROGNOSE_SHEET}: {exc.melding}") from exc


def memo_context_live(book: xw.Book, puzzel: Puzzel) -> dict[str, object]:
    """The memo's paragraphs 'landelijk beeld' and 'prognose statushouders' from the live workbook.

    For the ribbon's 'Memo maken' (the CLI's twin is `xlpuzzel.landelijk.werkmap.memo_context`);
    a sheet the workbook lacks gives an empty paragraph.
    """
    from xlpuzzel.landelijk.beeld import landelijk_beeld as beeld_van
    from xlpuzzel.landelijk.beeld import prognose_beeld
    from xlpuzzel.landelijk.memo import memo_landelijk

    landelijk = beeld_van(lees_landelijk_live(book)) if heeft_blad(book, LANDELIJK_SHEET) else None
    prognose = prognose_beeld(lees_prognose_live(book), puzzel) if heeft_blad(book, PROGNOSE_SHEET) else None
    return memo_landelijk(landelijk, prognose)


def lees_cellen(sheet: xw.Sheet) -> dict[str, Cel]:
    """A sheet's used range as A1 -> cell: values with errors as text, and formulas where the engine gives them."""
    rng = sheet.used_range
    values = rng.options(ndim=2, err_to_str=True).value
    try:
        raw = rng.formula
    except NotImplementedError:  # the remote engine sends values only
        raw = None
    formulas = raw if isinstance(raw, (list, tuple)) and raw and isinstance(raw[0], (list, tuple)) else None
    top, left = rng.row, rng.column
    out: dict[str, Cel] = {}
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            formula = formulas[r][c] if formulas is not None else None
            formula = formula if isinstance(formula, str) and formula.startswith("=") else None
            if value in (None, "") and formula is None:
                continue
            out[f"{index_to_letter(left + c)}{top + r}"] = Cel(value, formula)
    return out


def _verwijzing(names: Names, name: str) -> str | None:
    """What a defined name refers to; None when the workbook has no such name (the core names what is missing)."""
    try:
        return str(names[name].refers_to)
    except Exception:  # noqa: BLE001 - COM raises com_error, the remote engine KeyError
        return None


def _cel(names: dict[str, str]) -> str | None:
    try:
        return parse_ref(names[PROVINCIE_SETTING], INSTELLINGEN_SHEET).cells()[0]
    except (KeyError, RefError):
        return None


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
