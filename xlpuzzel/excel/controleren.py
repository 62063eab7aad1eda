"""Ribbon button 'Controleren': the same check as `puzzel controleer`, shown in the workbook.

The use case (:func:`xlpuzzel.usecases.controleer`) checks sheets Puzzel, Landelijk and
Prognose (those the workbook has). The findings go to sheet Controle (made when missing)
in one write; the cells they concern get a fill on their own sheet (light red for a fout,
light yellow for a waarschuwing), one `set_colors` call per sheet. Cells marked by the
previous run that are fine now get back the fill the builder gave them (input, authority,
none), or on sheet Puzzel the bijgesteld colour when they differ from sheet Basis. Counts
go to the status bar and a message box.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from xlpuzzel.controle import (
    FOUT,
    WAARSCHUWING,
    Bevinding,
    kolom_label,
    samenvatting,
    samenvatting_tekst,
)
from xlpuzzel.entry import Entry
from xlpuzzel.excel.werkmap import (
    LiveWerkmap,
    aantal,
    blad,
    boek,
    heeft_blad,
    kleur_cellen,
    lees_blad,
    melding,
    opsomming,
    status,
)
from xlpuzzel.landelijk.layout import LANDELIJK_SHEET, PROGNOSE_SHEET
from xlpuzzel.layout import (
    AUTHORITY_COLOR,
    BIJGESTELD_COLOR,
    CONTROLE_SHEET,
    INPUT_COLOR,
    LANDELIJK_TASK_COLUMNS,
    PUZZEL_SHEET,
    Role,
    TotalKind,
    column,
)
from xlpuzzel.model import Puzzel

if TYPE_CHECKING:
    import xlwings as xw

    from xlpuzzel.bijstelling import Basis

#: Fill of a cell with a finding of ernst fout (Excel's 'Ongeldig' red).
FOUT_KLEUR = "#FFC7CE"
#: Fill of a cell with a finding of ernst waarschuwing (Excel's 'Neutraal' yellow).
WAARSCHUWING_KLEUR = "#FFEB9C"
MARKEER_KLEUREN = {FOUT: FOUT_KLEUR, WAARSCHUWING: WAARSCHUWING_KLEUR}

#: Columns of sheet Controle.
KOPPEN: tuple[str, ...] = ("Ernst", "Blad", "Cel", "Gemeente of rij", "Kolom", "Waarde", "Verwacht", "Melding", "Code")
GEEN_BEVINDINGEN = "Geen bevindingen: de totalen en de invoer kloppen."


def controleer(book: xw.Book | None = None) -> tuple[Bevinding, ...]:
    """Check the workbook, list the findings on sheet Controle, mark their cells, report the counts."""
    from xlpuzzel import usecases

    book = boek(book)
    status(book, "Controleren…")
    werkmap = LiveWerkmap(book)
    puzzel = werkmap.puzzel()
    bevindingen = usecases.controleer(werkmap)
    bestond = heeft_blad(book, CONTROLE_SHEET)
    vorige = vorige_cellen(lees_blad(book, CONTROLE_SHEET), puzzel.sheet) if bestond else {}
    sheet = blad(book, CONTROLE_SHEET, after=puzzel.sheet)
    if bestond:
        sheet.clear_contents()
    sheet.range((1, 1)).value = controle_tabel(bevindingen)
    # Cells marked last time get their normal fill back: the bijgesteld colour where they differ from Basis.
    normaal = normale_vullingen_bladen(werkmap, vorige) if vorige else {}
    for naam, kleuren in markeer_kleuren(bevindingen, vorige, puzzel.sheet, normaal).items():
        if heeft_blad(book, naam):
            kleur_cellen(book.sheets[naam], kleuren)
    samen = samenvatting(bevindingen)
    status(book, f"Controle: {samenvatting_tekst(samen)}. Zie werkblad {CONTROLE_SHEET}.")
    melding(book, rapport(bevindingen, samen, puzzel.sheet), ernstig=bool(samen[FOUT]))
    return bevindingen


def controle_tabel(bevindingen: Sequence[Bevinding]) -> list[list[object]]:
    """Sheet Controle: the header and one row per finding (or one row saying there are none)."""
    rows: list[list[object]] = [list(KOPPEN)]
    for b in bevindingen:
        data = b.to_dict()
        rows.append(
            [
                b.ernst,
                b.blad or "",
                b.cel or "",
                b.gemeente or b.plaats or "",
                kolom_label(b.kolom) if b.kolom else "",
                _cell(data["waarde"]),
                _cell(data["verwacht"]),
                b.melding,
                b.code,
            ]
        )
    if not bevindingen:
        rows.append(["", "", "", "", "", "", "", GEEN_BEVINDINGEN, ""])
    return rows


def vorige_cellen(cellen: Mapping[str, object], standaard: str) -> dict[str, set[str]]:
    """Sheet -> the cells listed on the previous sheet Controle (read as A1 -> value); no sheet means `standaard`."""
    by_row: dict[int, dict[str, object]] = {}
    for address, value in cellen.items():
        letters = address.rstrip("0123456789")
        by_row.setdefault(int(address[len(letters):]), {})[letters] = value
    header = next((row for row in sorted(by_row) if KOPPEN[2] in by_row[row].values()), None)
    if header is None:
        return {}
    letter = {str(v): k for k, v in by_row[header].items()}
    blad_col, cel_col = letter.get(KOPPEN[1]), letter.get(KOPPEN[2])
    if cel_col is None:
        return {}
    out: dict[str, set[str]] = {}
    for row in sorted(by_row):
        if row <= header:
            continue
        cel = by_row[row].get(cel_col)
        where = by_row[row].get(blad_col) if blad_col else None
        if isinstance(cel, str) and cel.strip():
            out.setdefault(str(where or standaard), set()).add(cel.strip().upper())
    return out


def markeer_kleuren(
    bevindingen: Sequence[Bevinding], vorige: Mapping[str, set[str]], standaard: str,
    normaal: Mapping[str, Mapping[str, str | None]],
) -> dict[str, dict[str, str | None]]:
    """Sheet -> cell -> fill: the finding's colour (fout wins), or the normal fill for a cell marked last time.

    A finding without a sheet is on `standaard` (sheet Puzzel); a cell of the previous list
    whose normal fill is unknown (a sheet the tool does not check) is left as it is.
    """
    kleuren: dict[str, dict[str, str | None]] = {}
    for b in bevindingen:
        if not b.cel or b.ernst not in MARKEER_KLEUREN:
            continue
        blad_kleuren = kleuren.setdefault(b.blad or standaard, {})
        if blad_kleuren.get(b.cel) != FOUT_KLEUR:  # a fout outranks a waarschuwing on the same cell
            blad_kleuren[b.cel] = MARKEER_KLEUREN[b.ernst]
    for naam, cellen in vorige.items():
        eigen = normaal.get(naam, {})
        blad_kleuren = kleuren.setdefault(naam, {})
        for cel in cellen - set(blad_kleuren):
            if cel in eigen:
                blad_kleuren[cel] = eigen[cel]
    return {naam: k for naam, k in kleuren.items() if k}


def normale_vullingen_bladen(werkmap: LiveWerkmap, bladen: Iterable[str]) -> dict[str, dict[str, str | None]]:
    """Sheet -> cell -> the fill the builder gives it ('#RRGGBB' or None), for the checked sheets among `bladen`."""
    from xlpuzzel import usecases
    from xlpuzzel.landelijk.blad import vullingen_landelijk, vullingen_prognose
    from xlpuzzel.usecases.landelijk import lees_landelijk, lees_prognose

    def hex_(fills: Mapping[str, str | None]) -> dict[str, str | None]:
        return {cel: None if fill is None else f"#{fill}" for cel, fill in fills.items()}

    puzzel = werkmap.puzzel()
    out: dict[str, dict[str, str | None]] = {}
    for naam in bladen:
        if naam == puzzel.sheet:
            out[naam] = normale_vullingen(puzzel, usecases.huidige_basis(werkmap))
        elif naam == LANDELIJK_SHEET and (landelijk := lees_landelijk(werkmap)) is not None:
            out[naam] = hex_(vullingen_landelijk(landelijk))
        elif naam == PROGNOSE_SHEET and (prognose := lees_prognose(werkmap)) is not None:
            out[naam] = hex_(vullingen_prognose(prognose))
    return out


def normale_vullingen(puzzel: Puzzel, basis: Basis | None = None) -> dict[str, str | None]:
    """Cell -> the fill the builder gives it, with the bijgesteld colour where a cell differs from the basis."""
    from xlpuzzel.bijstelling import zelfde

    out: dict[str, str | None] = {}

    def put(entry: Entry | None, fill: str | None) -> None:
        if entry is not None and entry.cell:
            out[entry.cell.upper()] = None if fill is None else f"#{fill}"

    for col_id, entries in puzzel.columns.items():
        col = column(col_id)
        for i, entry in enumerate(entries):
            fill = INPUT_COLOR if col.role is Role.INPUT else None
            if fill and basis is not None:
                base = basis.cel(puzzel.gemeenten[i], col_id)
                if base is not None and not zelfde(entry.raw, base.waarde):
                    fill = BIJGESTELD_COLOR
            put(entry, fill)
    for col_id, entry in puzzel.totaal.items():
        put(entry, AUTHORITY_COLOR if column(col_id).total is TotalKind.AUTHORITY else None)
    for col_id, entry in puzzel.verschil.items():
        put(entry, None)
    for col_id, entry in puzzel.landelijk.items():
        put(entry, AUTHORITY_COLOR if col_id in LANDELIJK_TASK_COLUMNS else None)
    for entry in puzzel.gemeente_cells:
        put(entry, None)
    return out


def rapport(bevindingen: Sequence[Bevinding], samen: Mapping[str, object], standaard: str = PUZZEL_SHEET) -> str:
    """The message box: counts, the first fouten, where the full list is and which sheets have coloured cells."""
    if not bevindingen:
        return f"Controle klaar. {GEEN_BEVINDINGEN}"
    fouten = [b.melding for b in bevindingen if b.ernst == FOUT]
    per_blad: dict[str, set[str]] = {}
    for b in bevindingen:
        if b.cel and b.ernst in MARKEER_KLEUREN:
            per_blad.setdefault(b.blad or standaard, set()).add(b.cel)
    parts = [f"Controle klaar: {samenvatting_tekst(samen)}."]
    if fouten:
        parts.append(opsomming(fouten))
    gekleurd = " en ".join(f"{aantal(len(c), 'cel', 'cellen')} op werkblad {naam}" for naam, c in per_blad.items())
    parts.append(
        f"De volledige lijst staat op werkblad {CONTROLE_SHEET}"
        + (f"; gekleurd: {gekleurd} (rood: fout, geel: waarschuwing)." if gekleurd else ".")
    )
    return "\n\n".join(parts)


def _cell(value: object) -> object:
    """A value for a cell: numbers and text as they are, anything else as text."""
    if value is None or isinstance(value, (int, float, str)):
        return value
    return str(value)
