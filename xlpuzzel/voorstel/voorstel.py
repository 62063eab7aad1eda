"""The use case: make the proposal, check it, explain it, compare it with the workbook's own bijstelling."""

from __future__ import annotations

from dataclasses import dataclass

from xlpuzzel.voorstel.cijfers import Cijfers, binnen_grenzen, cijfers, huidige_inbreng
from xlpuzzel.voorstel.invoer import Triple, VoorstelInvoer
from xlpuzzel.voorstel.model import bouw_model
from xlpuzzel.voorstel.ruimte import VoorstelError
from xlpuzzel.voorstel.uitleg import (
    TekortBewijs,
    onder_opgave_minimum,
    regel_gemeente,
    tekort_bewijs,
    uitleg_onder_opgave,
    uitleg_tekort,
)


@dataclass(frozen=True)
class Voorstel:
    """A proposed bijstelling with its figures, its explanation and the workbook's own for comparison."""

    invoer: VoorstelInvoer
    #: Proposed inbreng per gemeente (Oek, Asiel, AMV).
    inbreng: tuple[Triple, ...]
    cijfers: Cijfers
    #: The figures of the bijstelling now in the workbook (inbreng = eerste voorstel + bijstelling).
    huidig: Cijfers
    bewijs: TekortBewijs
    #: Dutch lines: what stays short and which bounds block it (empty when every task is met).
    uitleg: tuple[str, ...]

    @property
    def bijstelling(self) -> tuple[Triple, ...]:
        """The proposed bijstelling per gemeente: inbreng − eerste voorstel."""
        return tuple(
            tuple(x[c] - g.eerste[c] for c in range(3))  # type: ignore[misc]
            for g, x in zip(self.invoer.gemeenten, self.inbreng)
        )

    @property
    def regels(self) -> tuple[str, ...]:
        """One Dutch line per gemeente ('Tynaarlo: +215 Oek; totaal 618 = opgave')."""
        return tuple(regel_gemeente(g, x) for g, x in zip(self.invoer.gemeenten, self.inbreng))


def stel_voor(invoer: VoorstelInvoer) -> Voorstel:
    """The best proposal (lexicographic: shortfall, gemeenten below task, places changed, gemeenten touched, closeness).

    The solver's answer is checked here in plain integers: within every bound, its figures equal
    the optima the solver reports, and the first two optima equal their closed forms
    (:mod:`xlpuzzel.voorstel.uitleg`). A disagreement is a bug, refused rather than shown.
    """
    from xlpuzzel.voorstel.oplosser import los_op

    oplossing = los_op(bouw_model(invoer))
    inbreng: tuple[Triple, ...] = tuple(
        (oplossing.x[3 * g], oplossing.x[3 * g + 1], oplossing.x[3 * g + 2]) for g in range(invoer.n)
    )
    uitkomst = cijfers(invoer, inbreng)
    bewijs = tekort_bewijs(invoer)
    verwacht = (bewijs.waarde, sum(onder_opgave_minimum(g) for g in invoer.gemeenten))
    fouten = binnen_grenzen(invoer, inbreng)
    if fouten or uitkomst.niveaus != oplossing.optima or uitkomst.niveaus[:2] != verwacht:
        raise VoorstelError(
            "Intern: het voorstel van de rekenmachine klopt niet met de eigen controle "
            f"(grenzen: {fouten or 'in orde'}; cijfers {uitkomst.niveaus}, rekenmachine {oplossing.optima}, "
            f"ondergrens {verwacht}); er is niets gewijzigd. Meld dit aan de beheerder van xlpuzzel."
        )
    uitleg = (
        *uitleg_tekort(invoer, bewijs, uitkomst.totaal, uitkomst.tekort),
        *uitleg_onder_opgave(invoer, uitkomst.onder_opgave),
    )
    return Voorstel(invoer, inbreng, uitkomst, cijfers(invoer, huidige_inbreng(invoer)), bewijs, uitleg)
