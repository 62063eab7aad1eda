"""What the letter to a college van B&W shows (template `brief_aan_college.docx`).

Pure: no files, no Word. Settings (names, dates, kenmerk, deadline) come from sheet
Instellingen, never from code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from xlpuzzel.brief.concept import gemeenschappelijk
from xlpuzzel.brief.instellingen import (
    BRIEF_INSTELLINGEN,
    controleer_instellingen,
    datum_instelling,
    instelling,
)
from xlpuzzel.brief.namen import officiele_namen
from xlpuzzel.brief.opmaak import datum, getal, tekst
from xlpuzzel.brief.tabel import gemeente_rij, gemeente_totaal, provincie
from xlpuzzel.layout import CATEGORIES
from xlpuzzel.model import Puzzel


def _gemeente(puzzel: Puzzel, index: int, namen: Mapping[str, str]) -> dict[str, Any]:
    """The gemeente's own part of its letter: its name, number and table."""
    n = len(puzzel.gemeenten)
    rijen = [gemeente_rij(puzzel, index, c) for c in CATEGORIES]
    name = puzzel.gemeenten[index]
    gemeente: dict[str, Any] = {
        "naam": namen.get(name.strip().casefold(), tekst(name)),
        "naam_in_tabel": tekst(name),
        "nummer": f"{index + 1:0{max(2, len(str(n)))}d}",
        "rijen": rijen,
        "totaal": gemeente_totaal(puzzel, index),
    }
    for categorie, rij in zip(CATEGORIES, rijen):
        gemeente[categorie.value] = rij
    return gemeente


def brieven_contexten(
    puzzel: Puzzel,
    instellingen: Mapping[str, Any],
    indices: Sequence[int] | None = None,
    concept: bool = False,
) -> list[dict[str, Any]]:
    """The contexts of the letters to the gemeenten at `indices` (all when None), sharing the province's part."""
    controleer_instellingen(instellingen, BRIEF_INSTELLINGEN)

    def s(key: str) -> str:
        return tekst(instelling(instellingen, key))

    gedeeld = {
        **gemeenschappelijk(instellingen, concept),
        "provincie": provincie(puzzel),
        "aantal_gemeenten": getal(len(puzzel.gemeenten)),
        "afzender": {
            "naam": s("afzender_naam"),
            "adres": s("afzender_adres"),
            "postbus": s("afzender_postbus"),
            "postcode_plaats": s("afzender_postcode_plaats"),
        },
        "plaats": s("plaats"),
        "datum": datum(datum_instelling(instellingen, "datum_brief")),
        "kenmerk": s("kenmerk"),
        "onderwerp": s("onderwerp"),
        "prt_datum": datum(datum_instelling(instellingen, "prt_datum")),
        "besluit_uiterlijk": datum(datum_instelling(instellingen, "besluit_uiterlijk")),
        "ondertekenaar": {"naam": s("ondertekenaar_naam"), "functie": s("ondertekenaar_functie")},
        "contact": {
            "naam": s("contact_naam"),
            "telefoon": s("contact_telefoon"),
            "email": s("contact_email"),
        },
    }
    namen = officiele_namen(instellingen)
    chosen = range(len(puzzel.gemeenten)) if indices is None else indices
    return [{**gedeeld, "gemeente": _gemeente(puzzel, i, namen)} for i in chosen]


def brief_context(
    puzzel: Puzzel, index: int, instellingen: Mapping[str, Any], concept: bool = False
) -> dict[str, Any]:
    """Everything template `brief_aan_college.docx` shows for the gemeente at `index`."""
    return brieven_contexten(puzzel, instellingen, [index], concept)[0]
