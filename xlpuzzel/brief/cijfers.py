"""The checks before rendering: documents only from numbers that close and letters only to an address,
or marked as concept."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from xlpuzzel.adressen import Adres
from xlpuzzel.brief.concept import ADRES_MARKERING, CONCEPT_MARKERING, cijfer_fouten
from xlpuzzel.errors import PuzzelError
from xlpuzzel.layout import ADRESSEN_SHEET
from xlpuzzel.model import Puzzel


class CijfersNietSluitend(PuzzelError):
    """The check found errors (ernst 'fout'): documents are refused unless made as concept.

    `kop` is the one-line summary a question to the user starts with; `bevindingen` what is wrong.
    """

    def __init__(self, melding: str, bevindingen: Sequence[Any], kop: str = "") -> None:
        super().__init__(melding)
        self.bevindingen = tuple(bevindingen)
        n = len(self.bevindingen)
        self.kop = kop or f"De cijfers sluiten niet ({n} {'fout' if n == 1 else 'fouten'})"


class AdresOntbreekt(CijfersNietSluitend):
    """A chosen gemeente has no complete postal address on sheet Adressen: its letter is refused."""


def bevinding_regel(bevinding: Any) -> str:
    """One finding as a Dutch line for a refusal, with its cell when the message lacks it."""
    melding = str(getattr(bevinding, "melding", bevinding))
    cel = getattr(bevinding, "cel", None)
    if cel and str(cel) not in melding:
        return f"{cel}: {melding}"
    return melding


def beoordeel_cijfers(puzzel: Puzzel, ondanks_fouten: bool = False, hint: str = "") -> bool:
    """True when documents must carry the CONCEPT mark; CijfersNietSluitend when refused.

    Refuses when the check (`xlpuzzel.controle.controleer`) reports findings of ernst
    'fout', unless `ondanks_fouten`, in which case every document is marked as concept.
    """
    fouten = cijfer_fouten(puzzel)
    if not fouten:
        return False
    if ondanks_fouten:
        return True
    regels = "\n".join(f"  - {bevinding_regel(b)}" for b in fouten)
    melding = (
        f"De cijfers in de werkmap sluiten niet ({len(fouten)} "
        f"{'fout' if len(fouten) == 1 else 'fouten'}); er is niets geschreven.\n{regels}\n"
        "Los deze eerst op in de werkmap"
        + (f", of {hint}" if hint else "")
        + f". Documenten die toch gemaakt worden, krijgen de markering '{CONCEPT_MARKERING}'."
    )
    raise CijfersNietSluitend(melding, fouten)


def beoordeel_adressen(
    puzzel: Puzzel,
    instellingen: Mapping[str, Any],
    adressen: Mapping[str, Adres],
    gemeenten: Sequence[str] | None = None,
    ondanks_fouten: bool = False,
    hint: str = "",
) -> bool:
    """True when a chosen gemeente lacks its postal address and letters are made anyway (as concept).

    Refuses with :class:`AdresOntbreekt`, naming each gemeente and its row on sheet Adressen,
    unless `ondanks_fouten`; nothing is invented for an address no one typed.
    """
    from xlpuzzel.brief.brief import adres_meldingen, kies_gemeenten

    indices = kies_gemeenten(puzzel, instellingen, gemeenten, adressen)
    meldingen = list(adres_meldingen(puzzel, instellingen, adressen, indices).values())
    if not meldingen:
        return False
    if ondanks_fouten:
        return True
    n = len(meldingen)
    regels = "\n".join(f"  - {m}" for m in meldingen)
    melding = (
        f"Voor {n} {'gemeente' if n == 1 else 'gemeenten'} ontbreekt het postadres van het college; er is niets "
        f"geschreven.\n{regels}\nVul de adressen in op blad {ADRESSEN_SHEET}"
        + (f", of {hint}" if hint else "")
        + f". Brieven zonder adres krijgen de markering '{ADRES_MARKERING}'."
    )
    kop = f"Het postadres ontbreekt voor {n} {'gemeente' if n == 1 else 'gemeenten'}"
    raise AdresOntbreekt(melding, meldingen, kop)
