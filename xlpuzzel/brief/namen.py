"""Official gemeente names: how each gemeente writes its own name (setting 'gemeentenamen')."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from xlpuzzel.brief.instellingen import InstellingFout
from xlpuzzel.brief.opmaak import tekst
from xlpuzzel.layout import INSTELLINGEN_SHEET
from xlpuzzel.model import Puzzel

#: Optional setting: official spellings, e.g. "Midden Drenthe = Midden-Drenthe; ...".
NAMEN_INSTELLING = "gemeentenamen"


def officiele_namen(instellingen: Mapping[str, Any]) -> dict[str, str]:
    """Table name -> the gemeente's own spelling, from setting 'gemeentenamen' (optional)."""
    raw = instellingen.get(NAMEN_INSTELLING)
    out: dict[str, str] = {}
    if not raw:
        return out
    for pair in str(raw).replace("\n", ";").split(";"):
        if "=" not in pair:
            if pair.strip():
                raise InstellingFout(
                    f"Instelling '{NAMEN_INSTELLING}' op blad {INSTELLINGEN_SHEET}: '{pair.strip()}' heeft geen "
                    "'='. Schrijf paren als 'Midden Drenthe = Midden-Drenthe; ...'."
                )
            continue
        table_name, own = pair.split("=", 1)
        if table_name.strip() and own.strip():
            out[table_name.strip().casefold()] = tekst(own.strip())
    return out


def gemeente_naam(puzzel: Puzzel, index: int, instellingen: Mapping[str, Any]) -> str:
    """The gemeente's name as it writes it itself (setting 'gemeentenamen'), else as in the table."""
    name = puzzel.gemeenten[index]
    return officiele_namen(instellingen).get(name.strip().casefold(), tekst(name))
