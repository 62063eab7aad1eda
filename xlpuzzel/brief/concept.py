"""The part every document's context shares: the CONCEPT mark, why a document is a concept, and the settings.

A document made despite errors says so on every page and names, in its first paragraph,
what is wrong: the check's findings of severity fout (an empty inbreng among them) and, for
a letter, a missing postal address. The signer sees at a glance why it cannot be sent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from xlpuzzel.brief.instellingen import instellingen_context
from xlpuzzel.brief.opmaak import tekst
from xlpuzzel.model import Puzzel

#: The visible mark on every document made despite findings of severity fout.
CONCEPT_MARKERING = "CONCEPT — cijfers niet sluitend"
#: The mark on a letter made without the college's postal address.
ADRES_MARKERING = "CONCEPT — adres ontbreekt"


def cijfer_fouten(puzzel: Puzzel) -> tuple[Any, ...]:
    """The check's findings of severity fout (pure: :func:`xlpuzzel.controle.controleer`)."""
    from xlpuzzel.controle import controleer

    return tuple(b for b in controleer(puzzel) if getattr(b, "ernst", None) == "fout")


def fout_regels(fouten: Sequence[Any], gemeente: str | None = None) -> list[str]:
    """The findings as lines for a concept note: for a letter its own gemeente's and the province-wide ones.

    The findings of other gemeenten are counted in one closing line, so a concept letter
    names what concerns its reader without listing the whole province.
    """
    regels: list[str] = []
    elders = 0
    for b in fouten:
        wie = getattr(b, "gemeente", None)
        if gemeente is None or wie is None or wie == gemeente:
            regels.append(tekst(getattr(b, "melding", b)))
        else:
            elders += 1
    if elders:
        regels.append(f"en {elders} {'fout' if elders == 1 else 'fouten'} bij andere gemeenten (zie blad Controle).")
    return regels


def gemeenschappelijk(
    instellingen: Mapping[str, Any], concept: bool, markering: str | None = None, redenen: Sequence[str] = ()
) -> dict[str, Any]:
    """The concept flag, its mark and reasons, and every setting formatted Dutch (`instellingen`)."""
    if concept and markering is None:
        markering = CONCEPT_MARKERING
    return {
        "concept": bool(concept),
        "markering": markering if concept else "",
        "concept_redenen": list(redenen) if concept else [],
        "instellingen": instellingen_context(instellingen),
    }
