"""Cells read per defined name -> the sheets Landelijk and Prognose as data, with provenance.

Pure: no I/O. The use cases (:mod:`xlpuzzel.usecases.landelijk`) hand over the sheet's
cells as either adapter reads them (`Werkmap.blad_met_formules`: A1 -> value, formula,
error) and the workbook's defined names; each entry then knows its sheet and cell, so every
message can name it. A value is read as the cell holds it: a formula's cached result, or
None when the workbook was never calculated (then the core computes what it shows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from xlpuzzel.entry import Entry, make_entry
from xlpuzzel.errors import UnusableWorkbook
from xlpuzzel.landelijk.formules import kaart_formulas
from xlpuzzel.landelijk.layout import (
    ART28_INVOER,
    ART28_KOLOMMEN,
    KAART_GEZAG_VELDEN,
    KAART_NAAM_VELDEN,
    KAART_VELD,
    KAARTEN,
    LANDELIJK_SHEET,
    LRT_KOLOMMEN,
    LRT_PEILDATUM_NAME,
    PROGNOSE_INVOER,
    PROGNOSE_KOLOM,
    PROGNOSE_KOLOMMEN,
    PROGNOSE_SHEET,
    PROVINCIES_NAME,
    LandelijkLayout,
    Niveau,
    Rol,
    required_landelijk_names,
    required_prognose_names,
)
from xlpuzzel.landelijk.lrt import LrtTabel
from xlpuzzel.layout import AUTHORITY_COLOR, INPUT_COLOR
from xlpuzzel.sheetdata import Cel, RefError, parse_ref

#: The advice that ends every message about a missing or broken sheet or name.
BOUW_ADVIES = "Bouw de werkmap opnieuw met `puzzel bouw` of herstel de namen via Formules > Namen beheren."


@dataclass(frozen=True)
class KaartCellen:
    """The cells of one card row: field -> entry (see KAART_NAAM_VELDEN)."""

    niveau: Niveau
    categorie: str
    cellen: Mapping[str, Entry]


@dataclass(frozen=True)
class LandelijkBlad:
    """Sheet Landelijk as read: the LRT table, the dashboard's peildatum, the cards' cells."""

    tabel: LrtTabel
    peildatum: Entry
    kaarten: tuple[KaartCellen, ...]
    #: The `provincie` setting (sheet Instellingen) as an entry with its cell.
    provincie: Entry = field(default_factory=lambda: make_entry(None))
    #: Sheet row of the first card and of the first province, as found (for the formula checks).
    first_kaart_row: int | None = None
    first_row: int | None = None

    @property
    def provincie_naam(self) -> str:
        """The setting's text ('' when blank)."""
        raw = self.provincie.raw
        return "" if raw is None else str(raw)


@dataclass(frozen=True)
class PrognoseBlad:
    """Sheet Prognose as read: defined name -> entries (one for a single cell, one per row for a column)."""

    cellen: Mapping[str, tuple[Entry, ...]]
    sheet: str = PROGNOSE_SHEET

    def een(self, name: str) -> Entry:
        """The entry of a single-cell name."""
        return self.cellen[name][0]


def per_name(cells: Mapping[str, Cel], names: Mapping[str, str], wanted: tuple[str, ...], sheet: str
             ) -> dict[str, tuple[Entry, ...]]:
    """Entries of each wanted defined name, read from a sheet's cells; a Dutch refusal when one is unusable."""
    missing = [n for n in wanted if n not in names]
    if missing:
        raise UnusableWorkbook(
            f"de werkmap mist de benoemde bereiken van blad {sheet}: {', '.join(missing)}. {BOUW_ADVIES}"
        )
    out: dict[str, tuple[Entry, ...]] = {}
    for n in wanted:
        try:
            ref = parse_ref(names[n], sheet)
        except RefError as exc:
            raise UnusableWorkbook(f"het benoemde bereik {n} {exc.reason}. {BOUW_ADVIES}") from exc
        if ref.sheet != sheet:
            raise UnusableWorkbook(
                f"het benoemde bereik {n} verwijst naar blad {ref.sheet}, niet naar blad {sheet}. {BOUW_ADVIES}"
            )
        entries = []
        for address in ref.cells():
            cel = cells.get(address, Cel(None))
            value = cel.value
            if isinstance(value, dt.datetime) and value.time() == dt.time(0):
                value = value.date()
            entries.append(make_entry(value, sheet, address, cel.formula, cel.is_error))
        out[n] = tuple(entries)
    return out


def landelijk_blad(cells: Mapping[str, Cel], names: Mapping[str, str], provincie: Entry | None = None
                   ) -> LandelijkBlad:
    """Sheet Landelijk from its cells and the workbook's defined names."""
    wanted = required_landelijk_names()
    found = per_name(cells, names, wanted, LANDELIJK_SHEET)
    provincie_cellen = found[PROVINCIES_NAME]
    n = len(provincie_cellen)
    for k in LRT_KOLOMMEN:
        if len(found[k.id]) != n:
            raise UnusableWorkbook(
                f"het benoemde bereik {k.id} telt {len(found[k.id])} cellen, {PROVINCIES_NAME} {n}. {BOUW_ADVIES}"
            )
    for veld in KAART_NAAM_VELDEN:
        if len(found[KAART_VELD[veld].name]) != len(KAARTEN):
            raise UnusableWorkbook(
                f"het benoemde bereik {KAART_VELD[veld].name} telt {len(found[KAART_VELD[veld].name])} cellen, "
                f"verwacht {len(KAARTEN)} (één per kaart). {BOUW_ADVIES}"
            )
    tabel = LrtTabel(
        provincies=tuple("" if e.raw is None else str(e.raw).strip() for e in provincie_cellen),
        kolommen={k.id: found[k.id] for k in LRT_KOLOMMEN},
        totaal={k.id: found[k.totaal_name][0] for k in LRT_KOLOMMEN},
        provincie_cellen=provincie_cellen,
        sheet=LANDELIJK_SHEET,
    )
    kaarten = tuple(
        KaartCellen(niveau, categorie, {v: found[KAART_VELD[v].name][i] for v in KAART_NAAM_VELDEN})
        for i, (niveau, categorie) in enumerate(KAARTEN)
    )
    return LandelijkBlad(
        tabel=tabel,
        peildatum=found[LRT_PEILDATUM_NAME][0],
        kaarten=kaarten,
        provincie=provincie if provincie is not None else make_entry(None),
        first_kaart_row=_row(found[KAART_VELD["start"].name][0].cell),
        first_row=_row(provincie_cellen[0].cell) if provincie_cellen else None,
    )


def prognose_blad(cells: Mapping[str, Cel], names: Mapping[str, str]) -> PrognoseBlad:
    """Sheet Prognose from its cells and the workbook's defined names."""
    found = per_name(cells, names, required_prognose_names(), PROGNOSE_SHEET)
    lengths = {len(found[k.id]) for k in PROGNOSE_KOLOMMEN}
    if len(lengths) != 1:
        raise UnusableWorkbook(f"de kolommen van blad {PROGNOSE_SHEET} zijn niet even lang. {BOUW_ADVIES}")
    if len({len(found[cid]) for cid, _, _ in ART28_KOLOMMEN}) != 1:
        raise UnusableWorkbook(f"de kolommen van de art. 28-tabel zijn niet even lang. {BOUW_ADVIES}")
    for name, _ in (*PROGNOSE_INVOER, *ART28_INVOER):
        if len(found[name]) != 1:
            raise UnusableWorkbook(f"het benoemde bereik {name} moet één cel zijn. {BOUW_ADVIES}")
    return PrognoseBlad(found)


def _row(address: str | None) -> int | None:
    if not address:
        return None
    digits = "".join(ch for ch in address if ch.isdigit())
    return int(digits) if digits else None


# ------------------------------------------------------------------------------ fills


def vullingen_landelijk(blad: LandelijkBlad) -> dict[str, str | None]:
    """Cell -> the fill the builder gives it on sheet Landelijk ('RRGGBB', None for none), for every cell read.

    Blue (set by the Rijk): the LRT table's typed columns, the peildatum, the dashboard's facts
    on the national cards; yellow: what staff type on the province's cards; none: formulas.
    The button 'Controleren' gives a cell it coloured last time its own fill back with this.
    """
    out: dict[str, str | None] = {}

    def put(entry: Entry, fill: str | None) -> None:
        if entry.cell:
            out[entry.cell.upper()] = fill

    tabel = blad.tabel
    for k in LRT_KOLOMMEN:
        for entry in tabel.kolommen[k.id]:
            put(entry, None if k.rol is Rol.DELTA else AUTHORITY_COLOR)
        put(tabel.totaal[k.id], None)
    put(blad.peildatum, AUTHORITY_COLOR)
    for i, kaart in enumerate(blad.kaarten):
        afgeleid = kaart_formulas(LandelijkLayout(1), i)  # which fields are formulas does not depend on the rows
        for veld, entry in kaart.cellen.items():
            if veld in afgeleid:
                put(entry, None)
            else:
                gezag = kaart.niveau is Niveau.LANDELIJK and veld in KAART_GEZAG_VELDEN
                put(entry, AUTHORITY_COLOR if gezag else INPUT_COLOR)
    return out


def vullingen_prognose(blad: PrognoseBlad) -> dict[str, str | None]:
    """Cell -> the fill the builder gives it on sheet Prognose: yellow for what staff type, none for formulas."""
    invoer = {name for name, _ in (*PROGNOSE_INVOER, *ART28_INVOER)}
    invoer |= {k.id for k in PROGNOSE_KOLOM.values() if k.invoer}
    return {e.cell.upper(): INPUT_COLOR if name in invoer else None
            for name, entries in blad.cellen.items() for e in entries if e.cell}
