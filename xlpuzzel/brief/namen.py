"""Official gemeente names: how each gemeente writes its own name.

Sheet Adressen has a column for it ("Midden Drenthe" in the table is "Midden-Drenthe");
older workbooks carry the setting 'gemeentenamen' ("Midden Drenthe = Midden-Drenthe; ..."),
which still counts where sheet Adressen names none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from xlpuzzel.adressen import Adres, sleutel
from xlpuzzel.brief.instellingen import InstellingFout
from xlpuzzel.brief.opmaak import tekst
from xlpuzzel.layout import INSTELLINGEN_SHEET

#: Optional setting of older workbooks: official spellings, e.g. "Midden Drenthe = Midden-Drenthe; ...".
NAMEN_INSTELLING = "gemeentenamen"


def officiele_namen(instellingen: Mapping[str, Any], adressen: Mapping[str, Adres] | None = None) -> dict[str, str]:
    """Table name (see :func:`xlpuzzel.adressen.sleutel`) -> the gemeente's own spelling."""
    raw = instellingen.get(NAMEN_INSTELLING)
    out: dict[str, str] = {}
    for pair in str(raw or "").replace("\n", ";").split(";"):
        if "=" not in pair:
            if pair.strip():
                raise InstellingFout(
                    f"Instelling '{NAMEN_INSTELLING}' op blad {INSTELLINGEN_SHEET}: '{pair.strip()}' heeft geen "
                    "'='. Schrijf paren als 'Midden Drenthe = Midden-Drenthe; ...'."
                )
            continue
        table_name, own = pair.split("=", 1)
        if table_name.strip() and own.strip():
            out[sleutel(table_name)] = tekst(own.strip())
    for key, adres in (adressen or {}).items():
        if adres.naam.strip():
            out[key] = tekst(adres.naam.strip())
    return out


def naam_van(namen: Mapping[str, str], tabel_naam: str) -> str:
    """The gemeente's own spelling, else its name as in the table."""
    return namen.get(sleutel(tabel_naam), tekst(tabel_naam))

