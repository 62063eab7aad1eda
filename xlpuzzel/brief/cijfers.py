"""The check before rendering: documents only from numbers that close, or marked as concept."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xlpuzzel.brief.concept import CONCEPT_MARKERING
from xlpuzzel.errors import PuzzelError
from xlpuzzel.model import Puzzel


class CijfersNietSluitend(PuzzelError):
    """The check found errors (ernst 'fout'): documents are refused unless made as concept."""

    def __init__(self, melding: str, bevindingen: Sequence[Any]) -> None:
        super().__init__(melding)
        self.bevindingen = tuple(bevindingen)




def _fouten(puzzel: Puzzel) -> tuple[Any, ...]:
    from xlpuzzel.controle import controleer

    return tuple(b for b in controleer(puzzel) if getattr(b, "ernst", None) == "fout")


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
    fouten = _fouten(puzzel)
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


