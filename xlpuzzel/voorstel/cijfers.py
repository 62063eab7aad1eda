"""The figures of a bijstelling: what it achieves and what it costs, the same for the proposal and the workbook's own.

Pure. Computed from the inbreng alone (inbreng = eerste voorstel + bijstelling), so the
proposal is judged by exactly the arithmetic the report and the comparison use, not by what
the solver says about itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xlpuzzel.voorstel.invoer import Triple, VoorstelInvoer
from xlpuzzel.voorstel.model import overschot_gewichten


@dataclass(frozen=True)
class Cijfers:
    """What a bijstelling gives: the province per category, shortfalls, and how much it changes."""

    #: The inbreng of the province per category (Oek, Asiel, AMV).
    totaal: Triple
    #: Provincial task minus inbreng per category, 0 where the task is met.
    tekort: Triple
    #: Per gemeente: its total task minus its total inbreng, 0 where it is met.
    onder_opgave: tuple[int, ...]
    #: Σ |bijstelling| over all cells: the places changed.
    gewijzigde_plaatsen: int
    #: Gemeenten with at least one bijstelling.
    gemeenten_gewijzigd: int
    #: Σ w[c] · (inbreng − task) over the categories above their provincial task (a tie-break).
    overschot: int
    #: Σ |inbreng − opgave| per gemeente and category (the last tie-break: closeness to the own task).
    afstand: int
    #: Σ (k+1) · |bijstelling[k]| over the cells in table order (the final, deterministic tie-break).
    volgorde: int

    @property
    def niveaus(self) -> tuple[int, int, int, int, int, int, int]:
        """The levels of the objective, in order (see :data:`xlpuzzel.voorstel.model.NIVEAUS`)."""
        return (sum(self.tekort), sum(self.onder_opgave), self.gewijzigde_plaatsen, self.gemeenten_gewijzigd,
                self.overschot, self.afstand, self.volgorde)


def cijfers(invoer: VoorstelInvoer, inbreng: Sequence[Triple]) -> Cijfers:
    """The figures of an inbreng per gemeente (three categories each)."""
    totaal = tuple(sum(x[c] for x in inbreng) for c in range(3))
    tekort = tuple(max(0, invoer.provinciaal[c] - totaal[c]) for c in range(3))
    onder = tuple(max(0, g.opgave_totaal - sum(x)) for g, x in zip(invoer.gemeenten, inbreng))
    delta = [[x[c] - g.eerste[c] for c in range(3)] for g, x in zip(invoer.gemeenten, inbreng)]
    return Cijfers(
        totaal=totaal,  # type: ignore[arg-type]
        tekort=tekort,  # type: ignore[arg-type]
        onder_opgave=onder,
        gewijzigde_plaatsen=sum(abs(v) for row in delta for v in row),
        gemeenten_gewijzigd=sum(1 for row in delta if any(row)),
        overschot=sum(w * max(0, totaal[c] - invoer.provinciaal[c])
                      for c, w in enumerate(overschot_gewichten(invoer.provinciaal))),
        afstand=sum(abs(x[c] - g.opgave[c]) for g, x in zip(invoer.gemeenten, inbreng) for c in range(3)),
        volgorde=sum((k + 1) * abs(v) for k, v in enumerate(v for row in delta for v in row)),
    )


def huidige_inbreng(invoer: VoorstelInvoer) -> tuple[Triple, ...]:
    """The inbreng the workbook's own bijstelling gives: eerste voorstel + bijstelling."""
    return tuple(
        tuple(g.eerste[c] + g.bijstelling[c] for c in range(3)) for g in invoer.gemeenten  # type: ignore[misc]
    )


def binnen_grenzen(invoer: VoorstelInvoer, inbreng: Sequence[Triple]) -> list[str]:
    """What an inbreng violates of the hard bounds (empty: it is a valid proposal); plain text, for checks."""
    out: list[str] = []
    for g, x in zip(invoer.gemeenten, inbreng):
        for c in range(3):
            if not g.laag(c) <= x[c] <= g.hoog(c):
                out.append(f"{g.naam} categorie {c}: {x[c]} buiten [{g.laag(c)}, {g.hoog(c)}]")
        if sum(x) > g.plafond:
            out.append(f"{g.naam}: totaal {sum(x)} boven plafond {g.plafond}")
    return out
