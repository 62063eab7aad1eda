"""What the letter to a college van B&W shows (template `brief_aan_college.docx`).

Pure: no files, no Word. Settings (names, dates, kenmerk, deadline) come from sheet
Instellingen and the college's postal address from sheet Adressen, never from code. A
letter states per category the gap to the task in places and words, what the bijstelling
swaps, and the province's position; the whole puzzel table goes with it as a bijlage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from xlpuzzel.adressen import Adres, adres_melding, adres_van
from xlpuzzel.brief.concept import (
    ADRES_MARKERING,
    CONCEPT_MARKERING,
    cijfer_fouten,
    fout_regels,
    gemeenschappelijk,
)
from xlpuzzel.brief.instellingen import (
    BRIEF_INSTELLINGEN,
    brief_datum,
    controleer_instellingen,
    datum_instelling,
    instelling,
    periode_instelling,
)
from xlpuzzel.brief.namen import naam_van, officiele_namen
from xlpuzzel.brief.opmaak import datum, getal, tekst
from xlpuzzel.brief.tabel import gemeente_rij, gemeente_totaal, provincie, ruil, tabel
from xlpuzzel.errors import PuzzelError
from xlpuzzel.layout import CATEGORIES, block_headers
from xlpuzzel.model import Puzzel


def _adres(adres: Adres) -> dict[str, Any]:
    """The address block as the template shows it; a missing part is marked, never made up."""
    compleet = adres.compleet
    return {
        "compleet": compleet,
        "postadres": tekst(adres.postadres) if adres.postadres.strip() else "[postadres ontbreekt]",
        "postcode_plaats": tekst(adres.postcode_plaats) if adres.postcode.strip() or adres.plaats.strip()
        else "[postcode en plaats ontbreken]",
        "email": tekst(adres.email),
    }


def _gemeente(puzzel: Puzzel, index: int, namen: Mapping[str, str], adressen: Mapping[str, Adres]) -> dict[str, Any]:
    """The gemeente's own part of its letter: name, address, table, gaps and swap."""
    n = len(puzzel.gemeenten)
    rijen = [gemeente_rij(puzzel, index, c) for c in CATEGORIES]
    name = puzzel.gemeenten[index]
    gemeente: dict[str, Any] = {
        "naam": naam_van(namen, name),
        "naam_in_tabel": tekst(name),
        "nummer": f"{index + 1:0{max(2, len(str(n)))}d}",
        "adres": _adres(adres_van(adressen, name)),
        "rijen": rijen,
        "totaal": gemeente_totaal(puzzel, index),
        "ruil": ruil(puzzel, index),
    }
    for categorie, rij in zip(CATEGORIES, rijen):
        gemeente[categorie.value] = rij
    return gemeente


def kies_gemeenten(
    puzzel: Puzzel,
    instellingen: Mapping[str, Any],
    gemeenten: Sequence[str] | None,
    adressen: Mapping[str, Adres] | None = None,
) -> list[int]:
    """Positions of the chosen gemeenten (all when none are named), matched by table name or own spelling."""
    if not gemeenten:
        return list(range(len(puzzel.gemeenten)))
    namen = officiele_namen(instellingen, adressen)
    by_name: dict[str, int] = {}
    for i, name in enumerate(puzzel.gemeenten):
        by_name[name.strip().casefold()] = i
        by_name[naam_van(namen, name).strip().casefold()] = i
    chosen: list[int] = []
    for wanted in gemeenten:
        index = by_name.get(wanted.strip().casefold())
        if index is None:
            raise PuzzelError(
                f"Gemeente '{wanted}' staat niet in de tabel op blad Puzzel. Kies uit: "
                f"{', '.join(puzzel.gemeenten)}. Er is niets geschreven."
            )
        if index not in chosen:
            chosen.append(index)
    return sorted(chosen)


def adres_meldingen(
    puzzel: Puzzel, instellingen: Mapping[str, Any], adressen: Mapping[str, Adres], indices: Sequence[int]
) -> dict[int, str]:
    """Per chosen gemeente whose letter cannot be posted: why, in Dutch (row of sheet Adressen named)."""
    namen = officiele_namen(instellingen, adressen)
    out: dict[int, str] = {}
    for i in indices:
        name = puzzel.gemeenten[i]
        melding = adres_melding(adres_van(adressen, name), naam_van(namen, name))
        if melding:
            out[i] = melding
    return out


def brieven_contexten(
    puzzel: Puzzel,
    instellingen: Mapping[str, Any],
    indices: Sequence[int] | None = None,
    concept: bool = False,
    adressen: Mapping[str, Adres] | None = None,
    vandaag: dt.date | None = None,
) -> list[dict[str, Any]]:
    """The contexts of the letters to the gemeenten at `indices` (all when None), sharing the province's part.

    The letters are dated by setting 'datum_brief', or `vandaag` when it is empty (see
    :func:`xlpuzzel.brief.instellingen.brief_datum`).

    With `concept` (made despite errors) a letter carries the CONCEPT mark when the figures have
    errors or its own address is missing, and names why; without, a missing address is refused
    before (see :func:`xlpuzzel.brief.cijfers.beoordeel_adressen`).
    """
    controleer_instellingen(instellingen, BRIEF_INSTELLINGEN)
    adressen = adressen or {}

    def s(key: str) -> str:
        return tekst(instelling(instellingen, key))

    periode = periode_instelling(instellingen)
    namen = officiele_namen(instellingen, adressen)
    gedeeld = {
        "provincie": provincie(puzzel),
        "provincie_naam": s("provincie"),
        "puzzel_naam": s("puzzel_naam"),
        "periode": periode,
        "koppen": {k: t for (k, _, t) in block_headers(periode["tekst"])},
        "tabel": tabel(puzzel, namen, periode["tekst"]),
        "aantal_gemeenten": getal(len(puzzel.gemeenten)),
        "afzender": {
            "naam": s("afzender_naam"),
            "adres": s("afzender_adres"),
            "postbus": s("afzender_postbus"),
            "postcode_plaats": s("afzender_postcode_plaats"),
        },
        "plaats": s("plaats"),
        "datum": datum(brief_datum(instellingen, vandaag)),
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
    chosen = list(range(len(puzzel.gemeenten)) if indices is None else indices)
    fouten = cijfer_fouten(puzzel) if concept else ()
    zonder_adres = adres_meldingen(puzzel, instellingen, adressen, chosen) if concept else {}
    contexts = []
    for i in chosen:
        redenen = fout_regels(fouten, puzzel.gemeenten[i]) if fouten else []
        if i in zonder_adres:
            redenen.append(tekst(zonder_adres[i]))  # it quotes what was typed: no character XML forbids
        if fouten or (concept and not zonder_adres):
            # Despite errors, or made as concept by the caller: every letter is marked.
            mark: tuple[bool, str | None] = (True, CONCEPT_MARKERING)
        elif i in zonder_adres:
            mark = (True, ADRES_MARKERING)
        else:
            # The run is a concept only because another gemeente's address is missing.
            mark = (False, None)
        contexts.append(
            {**gedeeld, **gemeenschappelijk(instellingen, mark[0], mark[1], redenen),
             "gemeente": _gemeente(puzzel, i, namen, adressen)}
        )
    return contexts


def brief_context(
    puzzel: Puzzel,
    index: int,
    instellingen: Mapping[str, Any],
    concept: bool = False,
    adressen: Mapping[str, Adres] | None = None,
    vandaag: dt.date | None = None,
) -> dict[str, Any]:
    """Everything template `brief_aan_college.docx` shows for the gemeente at `index`."""
    return brieven_contexten(puzzel, instellingen, [index], concept, adressen, vandaag)[0]
