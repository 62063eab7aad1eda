"""'Voorstel overnemen': which cells of sheet Puzzel take the proposal on sheet Voorstel.

Pure. Reads the proposal back from sheet Voorstel's cells (so what staff saw is what is
copied), checks that it still belongs to the puzzel (same gemeenten, same eerste
voorstellen), and lists the bijstelling and inbreng cells whose value changes. A
bijstelling of 0 becomes an empty cell, as staff leave it; inbreng = eerste voorstel +
bijstelling. The writers then let the normal change tracking flag and log those cells,
with :data:`OVERNAME_BRON` as the source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from xlpuzzel.bijstelling import zelfde
from xlpuzzel.controle.opmaak import getal
from xlpuzzel.entry import Kind, make_entry
from xlpuzzel.layout import (
    CATEGORIES,
    PUZZEL_SHEET,
    VOORSTEL_SHEET,
    PuzzelLayout,
    VoorstelLayout,
    parse_address,
)
from xlpuzzel.model import Puzzel
from xlpuzzel.voorstel.blad import TOTAAL
from xlpuzzel.voorstel.ruimte import VoorstelError

#: Source of the log rows of cells taken over from the proposal.
OVERNAME_BRON = "voorstel van xlpuzzel overgenomen (werkblad Voorstel)"
OPNIEUW = "Klik eerst op 'Voorstel berekenen' (of `puzzel voorstel --schrijf`); er is niets gewijzigd."


@dataclass(frozen=True)
class Overname:
    """The cells of sheet Puzzel that change, A1 address -> new value (None = empty), in sheet order."""

    cellen: dict[str, object]
    #: Column id of each changed cell (bijstelling_oek, inbreng_asiel, ...).
    kolommen: dict[str, str]

    @property
    def bijstelling(self) -> int:
        """Number of bijstelling cells that change."""
        return sum(1 for k in self.kolommen.values() if k.startswith("bijstelling"))

    @property
    def inbreng(self) -> int:
        """Number of inbreng cells that change."""
        return sum(1 for k in self.kolommen.values() if k.startswith("inbreng"))

    @property
    def leeg(self) -> bool:
        """True when the puzzel already holds the proposal."""
        return not self.cellen


def vraag_tekst(overname: Overname) -> str:
    """The yes/no question before the cells are overwritten, with their number."""
    return (
        f"Voorstel overnemen: {getal(overname.bijstelling)} {_cellen(overname.bijstelling)} in het blok 'Voorstel "
        f"voor bijstelling' en {getal(overname.inbreng)} {_cellen(overname.inbreng)} in 'Voorstel inbreng' op "
        f"werkblad {PUZZEL_SHEET} krijgen de waarde van werkblad {VOORSTEL_SHEET}. Daarna worden ze gemarkeerd als "
        "tussentijds bijgesteld en gelogd in het Wijzigingslog.\n\nDoorgaan?"
    )


def overname(puzzel: Puzzel, blad: Mapping[str, object]) -> Overname:
    """The cells of `puzzel` that take the proposal on sheet Voorstel (its cells, A1 address -> value)."""
    voorgesteld = _lees_blad(blad)
    layout = PuzzelLayout(len(puzzel.gemeenten))
    namen = {_key(g): i for i, g in enumerate(puzzel.gemeenten)}
    missing = [g for g in puzzel.gemeenten if _key(g) not in voorgesteld]
    extra = [naam for key, (naam, *_rest) in voorgesteld.items() if key not in namen]
    if missing or extra:
        wat = "; ".join(
            ([f"ontbreekt: {', '.join(missing)}"] if missing else []) + ([f"niet in de puzzel: {', '.join(extra)}"] if extra else [])
        )
        raise VoorstelError(f"Het voorstel op werkblad {VOORSTEL_SHEET} hoort niet bij deze puzzel ({wat}). {OPNIEUW}")
    cellen: dict[str, object] = {}
    kolommen: dict[str, str] = {}
    for i, gemeente in enumerate(puzzel.gemeenten):
        _naam, eerste, bijstelling, rij = voorgesteld[_key(gemeente)]
        for c, cat in enumerate(CATEGORIES):
            entry = puzzel.entry(f"eerste_{cat.value}", i)
            nu = 0 if entry.kind is Kind.NTB else entry.amount
            if nu != eerste[c]:
                raise VoorstelError(
                    f"Het voorstel op werkblad {VOORSTEL_SHEET} (rij {rij}) is berekend op een ander eerste voorstel: "
                    f"{gemeente} {cat.label} was {getal(eerste[c])}, nu {entry.display()}. {OPNIEUW}"
                )
            nieuw = {"bijstelling": bijstelling[c] or None, "inbreng": eerste[c] + bijstelling[c]}
            for block, value in nieuw.items():
                cid = f"{block}_{cat.value}"
                current = puzzel.entry(cid, i)
                if not zelfde(current.raw, value):
                    cel = current.cell or layout.cell(cid, layout.gemeente_row(i))
                    cellen[cel] = value
                    kolommen[cel] = cid
    order = sorted(cellen, key=lambda a: parse_address(a) or (0, 0))
    return Overname({a: cellen[a] for a in order}, {a: kolommen[a] for a in order})


def _lees_blad(blad: Mapping[str, object]) -> dict[str, tuple[str, tuple[int, ...], tuple[int, ...], int]]:
    """Gemeente (casefolded) -> (name, eerste, bijstelling, row) from sheet Voorstel's cells."""
    lay = VoorstelLayout(0)
    out: dict[str, tuple[str, tuple[int, ...], tuple[int, ...], int]] = {}
    row = lay.first_row
    while True:
        naam = blad.get(lay.cell("gemeente", row))
        text = " ".join(str(naam).split()) if naam not in (None, "") else ""
        if not text:
            if row == lay.first_row:
                raise VoorstelError(f"Werkblad {VOORSTEL_SHEET} bevat nog geen voorstel. {OPNIEUW}")
            raise VoorstelError(f"Werkblad {VOORSTEL_SHEET}: rij {row} is leeg, maar de regel '{TOTAAL}' ontbreekt. {OPNIEUW}")
        if text == TOTAAL:
            return out
        numbers = {}
        for block in ("eerste", "bijstelling"):
            values = []
            for cat in CATEGORIES:
                address = lay.cell(f"{block}_{cat.value}", row)
                entry = make_entry(blad.get(address))
                if entry.amount is None:
                    raise VoorstelError(
                        f"{VOORSTEL_SHEET}!{address} ({text}): '{entry.display()}' is geen geheel getal. {OPNIEUW}"
                    )
                values.append(entry.amount)
            numbers[block] = tuple(values)
        if _key(text) in out:
            raise VoorstelError(f"Werkblad {VOORSTEL_SHEET}: gemeente '{text}' staat er twee keer in (rij {row}). {OPNIEUW}")
        out[_key(text)] = (text, numbers["eerste"], numbers["bijstelling"], row)
        row += 1


def _key(name: str) -> str:
    return " ".join(str(name).split()).casefold()


def _cellen(n: int) -> str:
    return "cel" if n == 1 else "cellen"
