"""Ribbon button 'Controleren': the same check as `puzzel controleer`, shown in the workbook.

The findings go to sheet Controle (made when missing) in one write; the cells they concern
get a fill on sheet Puzzel (light red for a fout, light yellow for a waarschuwing) in one
`set_colors` call. Cells marked by the previous run that are fine now get back the fill
the builder gave them (input, authority, none), or the bijgesteld colour when they differ
from sheet Basis. Counts go to the status bar and a message box.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
from xlpuzzel.layout import (
    AUTHORITY_COLOR,
    BIJGESTELD_COLOR,
    CONTROLE_SHEET,
    INPUT_COLOR,
    LANDELIJK_TASK_COLUMNS,
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
    status(book, "Drentse Puzzel: controleren…")
    werkmap = LiveWerkmap(book)
    puzzel = werkmap.puzzel()
    bevindingen = usecases.controleer(werkmap)
    bestond = heeft_blad(book, CONTROLE_SHEET)
    vorige = vorige_cellen(lees_blad(book, CONTROLE_SHEET), puzzel.sheet) if bestond else set()
    sheet = blad(book, CONTROLE_SHEET, after=puzzel.sheet)
    if bestond:
        sheet.clear_contents()
    sheet.range((1, 1)).value = controle_tabel(bevindingen)
    # Cells marked last time get their normal fill back: the bijgesteld colour where they differ from Basis.
    basis = usecases.huidige_basis(werkmap) if vorige else None
    kleur_cellen(book.sheets[puzzel.sheet], markeer_kleuren(bevindingen, vorige, puzzel, basis))
    samen = samenvatting(bevindingen)
    status(book, f"Controle: {samenvatting_tekst(samen)}. Zie werkblad {CONTROLE_SHEET}.")
    melding(book, rapport(bevindingen, samen), ernstig=bool(samen[FOUT]))
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


def vorige_cellen(cellen: Mapping[str, object], sheet: str) -> set[str]:
    """The cells of `sheet` listed on the previous sheet Controle (read as A1 -> value)."""
    by_row: dict[int, dict[str, object]] = {}
    for address, value in cellen.items():
        letters = address.rstrip("0123456789")
        by_row.setdefault(int(address[len(letters):]), {})[letters] = value
    header = next((row for row in sorted(by_row) if KOPPEN[2] in by_row[row].values()), None)
    if header is None:
        return set()
    letter = {str(v): k for k, v in by_row[header].items()}
    blad_col, cel_col = letter.get(KOPPEN[1]), letter.get(KOPPEN[2])
    if cel_col is None:
        return set()
    out: set[str] = set()
    for row in sorted(by_row):
        if row <= header:
            continue
        cel = by_row[row].get(cel_col)
        where = by_row[row].get(blad_col) if blad_col else sheet
        if isinstance(cel, str) and cel.strip() and str(where or sheet) == sheet:
            out.add(cel.strip().upper())
    return out


def markeer_kleuren(
    bevindingen: Sequence[Bevinding], vorige: set[str], puzzel: Puzzel, basis: Basis | None = None
) -> dict[str, str | None]:
    """Cell -> fill: the finding's colour (fout wins), or the normal fill for a cell marked last time."""
    kleuren: dict[str, str | None] = {}
    for b in bevindingen:
        mine = b.cel and b.blad in (None, puzzel.sheet) and b.ernst in MARKEER_KLEUREN
        if mine and kleuren.get(b.cel) != FOUT_KLEUR:  # a fout outranks a waarschuwing on the same cell
            kleuren[b.cel] = MARKEER_KLEUREN[b.ernst]
    normaal = normale_vullingen(puzzel, basis)
    for cel in vorige - set(kleuren):
        if cel in normaal:
            kleuren[cel] = normaal[cel]
    return kleuren


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


def rapport(bevindingen: Sequence[Bevinding], samen: Mapping[str, object]) -> str:
    """The message box: counts, the first fouten, where the full list is."""
    if not bevindingen:
        return f"Controle klaar. {GEEN_BEVINDINGEN}"
    fouten = [b.melding for b in bevindingen if b.ernst == FOUT]
    gemarkeerd = len({b.cel for b in bevindingen if b.cel and b.ernst in MARKEER_KLEUREN})
    parts = [f"Controle klaar: {samenvatting_tekst(samen)}."]
    if fouten:
        parts.append(opsomming(fouten))
    parts.append(
        f"De volledige lijst staat op werkblad {CONTROLE_SHEET}; "
        f"{aantal(gemarkeerd, 'cel is', 'cellen zijn')} op werkblad Puzzel gekleurd "
        "(rood: fout, geel: waarschuwing)."
    )
    return "\n\n".join(parts)


def _cell(value: object) -> object:
    """A value for a cell: numbers and text as they are, anything else as text."""
    if value is None or isinstance(value, (int, float, str)):
        return value
    return str(value)
