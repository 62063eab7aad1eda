"""Sheet `Voorstel` as cells (A1 address -> value), and its line in the Wijzigingslog.

Pure: the file writer and the ribbon put exactly these cells on the sheet and compare them
with what is there, so a rerun on the same numbers writes nothing and logs nothing. The
moment and the user stand in one cell of their own (:data:`META_CEL`), which the
comparison leaves out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from xlpuzzel.bijstelling import ALLE_GEMEENTEN, VOORSTEL_KOLOM, LogRegel
from xlpuzzel.controle.opmaak import getal
from xlpuzzel.layout import (
    CATEGORIES,
    VOORSTEL_BLOCKS,
    VOORSTEL_COLUMNS,
    VOORSTEL_TITLE,
    VoorstelLayout,
    column_letter_index,
    parse_address,
)
from xlpuzzel.voorstel.cijfers import Cijfers
from xlpuzzel.voorstel.tekst import samenvatting, vergelijking
from xlpuzzel.voorstel.voorstel import Voorstel

#: The cell with 'Berekend op ... door ...' (left out when comparing with what is there).
META_CEL = "A3"
TOTAAL = "Totaal"
OPGAVE = "Provinciale opgave"
TEKORT = "Tekort"
VERGELIJKING = "Vergelijking"
UITLEG = "Waarom niet meer"
#: The columns of sheet Voorstel the tool writes; cells right of them belong to staff.
LAATSTE_KOLOM = VOORSTEL_COLUMNS[-1].letter


def blad_cellen(voorstel: Voorstel) -> dict[str, object]:
    """Every cell the proposal puts on sheet Voorstel, except :data:`META_CEL`; empty cells left out."""
    inv = voorstel.invoer
    lay = VoorstelLayout(inv.n)
    out: dict[str, object] = {f"A{lay.title_row}": VOORSTEL_TITLE, f"A{lay.samenvatting_row}": samenvatting(voorstel)}
    for column_id, text in VOORSTEL_BLOCKS:
        out[lay.cell(column_id, lay.block_header_row)] = text
    for col in VOORSTEL_COLUMNS:
        out[lay.cell(col.id, lay.header_row)] = col.header
    for i, (g, b, x, regel) in enumerate(zip(inv.gemeenten, voorstel.bijstelling, voorstel.inbreng, voorstel.regels)):
        row = lay.first_row + i
        values: dict[str, object] = {"gemeente": g.naam, "totaal": sum(x), "opgave": g.opgave_totaal,
                                     "toelichting": regel.split(": ", 1)[1]}
        for c, cat in enumerate(CATEGORIES):
            values[f"eerste_{cat.value}"] = g.eerste[c]
            values[f"bijstelling_{cat.value}"] = b[c]
            values[f"inbreng_{cat.value}"] = x[c]
        out.update({lay.cell(k, row): v for k, v in values.items()})
    c = voorstel.cijfers
    for c_i, cat in enumerate(CATEGORIES):
        k = cat.value
        out[lay.cell(f"eerste_{k}", lay.totaal_row)] = sum(g.eerste[c_i] for g in inv.gemeenten)
        out[lay.cell(f"bijstelling_{k}", lay.totaal_row)] = sum(b[c_i] for b in voorstel.bijstelling)
        out[lay.cell(f"inbreng_{k}", lay.totaal_row)] = c.totaal[c_i]
        out[lay.cell(f"inbreng_{k}", lay.opgave_row)] = inv.provinciaal[c_i]
        out[lay.cell(f"inbreng_{k}", lay.tekort_row)] = c.tekort[c_i]
    out[lay.cell("gemeente", lay.totaal_row)] = TOTAAL
    out[lay.cell("totaal", lay.totaal_row)] = sum(c.totaal)
    out[lay.cell("opgave", lay.totaal_row)] = sum(g.opgave_totaal for g in inv.gemeenten)
    out[lay.cell("gemeente", lay.opgave_row)] = OPGAVE
    out[lay.cell("totaal", lay.opgave_row)] = sum(inv.provinciaal)
    out[lay.cell("gemeente", lay.tekort_row)] = TEKORT
    out[lay.cell("totaal", lay.tekort_row)] = sum(c.tekort)
    row = lay.vergelijking_row
    out.update({f"A{row}": VERGELIJKING, f"B{row}": "voorstel", f"C{row}": "werkmap"})
    for j, (wat, a, b) in enumerate(vergelijking(voorstel), start=1):
        out.update({f"A{row + j}": wat, f"B{row + j}": a, f"C{row + j}": b})
    if voorstel.uitleg:
        out[f"A{lay.uitleg_row}"] = UITLEG
        for j, line in enumerate(voorstel.uitleg, start=1):
            out[f"A{lay.uitleg_row + j}"] = line
    return out


@dataclass(frozen=True)
class BladPlan:
    """What writing the proposal changes: sheet Voorstel's cells and one Wijzigingslog row."""

    #: Every cell of the tool's columns as it must be, :data:`META_CEL` included.
    cellen: dict[str, object]
    #: Cells of the tool's columns that hold something now and must be emptied.
    wissen: tuple[str, ...]
    logregel: LogRegel


def blad_plan(
    voorstel: Voorstel, bestaand: Mapping[str, object], gebruiker: str, tijdstip: dt.datetime, bron: str
) -> BladPlan | None:
    """The plan for sheet Voorstel holding `bestaand` (A1 -> value; {} when missing); None when it has this proposal."""
    nieuw = blad_cellen(voorstel)
    if zelfde_blad(bestaand, nieuw):
        return None
    wissen = tuple(a for a, v in bestaand.items() if eigen_cel(a) and a not in nieuw and a != META_CEL
                   and v not in (None, ""))
    return BladPlan({**nieuw, META_CEL: meta_tekst(gebruiker, tijdstip)}, wissen,
                    logregel(voorstel, gebruiker, tijdstip, bron))


def meta_tekst(gebruiker: str, tijdstip: dt.datetime) -> str:
    """What :data:`META_CEL` says: when and by whom the proposal was calculated."""
    return (f"Berekend op {tijdstip:%d-%m-%Y %H:%M} door {gebruiker} uit de getallen op werkblad Puzzel en de "
            "grenzen op werkblad Ruimte. Overnemen in de puzzel: knop 'Voorstel overnemen'.")


def zelfde_blad(bestaand: Mapping[str, object], nieuw: Mapping[str, object]) -> bool:
    """True when the tool's columns of the sheet already hold exactly these cells (numbers by value)."""
    def own(cells: Mapping[str, object]) -> dict[str, object]:
        return {a: _norm(v) for a, v in cells.items() if a != META_CEL and eigen_cel(a) and v not in (None, "")}

    return own(bestaand) == own(nieuw)


def logregel(voorstel: Voorstel, gebruiker: str, tijdstip: dt.datetime, bron: str) -> LogRegel:
    """The Wijzigingslog row of a proposal written to sheet Voorstel: what the workbook has, what is proposed."""
    return LogRegel(
        tijdstip, gebruiker, ALLE_GEMEENTEN, VOORSTEL_KOLOM, "",
        f"werkmap: {_kort(voorstel.huidig)}", f"voorstel: {_kort(voorstel.cijfers)}", bron,
        "zie werkblad Voorstel",
    )


def _kort(c: Cijfers) -> str:
    tekort = ", ".join(f"{cat.label} {getal(c.tekort[i])}" for i, cat in enumerate(CATEGORIES) if c.tekort[i])
    return (f"{getal(c.gewijzigde_plaatsen)} plaatsen bij {c.gemeenten_gewijzigd} gemeenten, "
            + (f"tekort {tekort}" if tekort else "geen tekort"))


def eigen_cel(address: str) -> bool:
    """True for a cell in the tool's columns of sheet Voorstel (A up to :data:`LAATSTE_KOLOM`)."""
    found = parse_address(address)
    return found is not None and found[1] <= column_letter_index(LAATSTE_KOLOM)


def _norm(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value
