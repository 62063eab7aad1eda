"""What the memo says about the national picture and the statushouders prognosis (pure, Dutch).

:func:`landelijk_context` and :func:`prognose_context` give the memo's sections "landelijk
beeld" and "prognose statushouders" (:mod:`xlpuzzel.brief.memo`) as finished Dutch sentences
plus the numbers behind them, formatted as the memo formats numbers
(:mod:`xlpuzzel.brief.opmaak`). The template uses ``{{ landelijk_beeld.tekst }}`` and
``{{ prognose_statushouders.tekst }}``; staff who edit it in Word may build their own
sentences from ``landelijk_beeld.kaarten`` / ``landelijk_beeld.provincie.kaarten`` (each with
``zin``, ``percentage``, ``realisatie``, ...) and ``prognose_statushouders.rijen``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xlpuzzel.brief.opmaak import datum, getal, procent
from xlpuzzel.landelijk.beeld import LandelijkBeeld, PrognoseBeeld
from xlpuzzel.landelijk.kaarten import Kaart
from xlpuzzel.landelijk.layout import NEDERLAND_LABEL, Niveau

#: How a card's category reads in a list ("opvang Oekraïense ontheemden 83% ...").
ONDERWERP = {
    "oek": "opvang Oekraïense ontheemden",
    "asiel": "asielopvang",
    "huisvesting": "huisvesting vergunninghouders",
    "amv": "opvang AMV",
    "nidos": "Nidos AMV",
}


def kaart_context(kaart: Kaart) -> dict[str, Any]:
    """One card with its numbers as the memo writes them, and the phrase the paragraph lists it with."""
    heeft_schema = kaart.indicatief is not None and kaart.percentage is not None
    if heeft_schema:
        achter = kaart.achterstand or 0
        stand = (f"achterstand {getal(achter)}" if achter > 0 else
                 f"voorsprong {getal(-achter)}" if achter < 0 else "op schema")
        zin = (f"{ONDERWERP[kaart.categorie]} {procent(kaart.percentage)} van het indicatief schema "
               f"({getal(kaart.realisatie)} van {getal(kaart.indicatief)} plaatsen, {stand})")
    elif kaart.realisatie is not None and kaart.eind is not None:
        per = f" per {datum(kaart.einddatum)}" if kaart.einddatum is not None else ""
        zin = (f"{ONDERWERP[kaart.categorie]} {getal(kaart.realisatie)} plaatsen gerealiseerd bij een opgave "
               f"van {getal(kaart.eind)}{per}")
    else:
        zin = ""
    return {
        "naam": kaart.naam,
        "categorie": kaart.categorie,
        "start": getal(kaart.start),
        "eind": getal(kaart.eind),
        "indicatief": getal(kaart.indicatief),
        "realisatie": getal(kaart.realisatie),
        "achterstand": getal(kaart.achterstand),
        "percentage": procent(kaart.percentage),
        "kleur": kaart.kleur or "",
        "heeft_schema": heeft_schema,
        "zin": zin,
    }


def _lijst(kaarten: Sequence[dict[str, Any]]) -> str:
    """The cards' phrases as a Dutch list: 'A; B en C'."""
    parts = [k["zin"] for k in kaarten if k["zin"]]
    if len(parts) <= 1:
        return "".join(parts)
    return "; ".join(parts[:-1]) + " en " + parts[-1]


def landelijk_context(beeld: LandelijkBeeld) -> dict[str, Any]:
    """The paragraph 'landelijk beeld': the national cards and the province's, as sentences and numbers."""
    peildatum = datum(beeld.peildatum) if beeld.peildatum is not None else ""
    landelijk = [kaart_context(k) for k in beeld.kaarten if k.niveau is Niveau.LANDELIJK]
    provincie = [kaart_context(k) for k in beeld.kaarten if k.niveau is Niveau.PROVINCIE]
    naam = beeld.provincie or "de provincie"
    zinnen = []
    if _lijst(landelijk):
        # The memo's heading says 'Landelijk beeld' already: the sentence starts with its source.
        zinnen.append(
            f"Volgens het LRT-dashboard (peildatum {peildatum}) is landelijk gerealiseerd: {_lijst(landelijk)}."
        )
    if _lijst(provincie):
        zinnen.append(f"{naam[:1].upper()}{naam[1:]}: {_lijst(provincie)}.")
    return {
        "peildatum": peildatum,
        "gebied": NEDERLAND_LABEL,
        "kaarten": landelijk,
        "provincie": {"naam": naam, "kaarten": provincie},
        "tekst": " ".join(zinnen),
    }


def _bereik(values: Sequence[int]) -> str:
    """'1.100' when all equal, else '950 tot 985'."""
    low, high = min(values), max(values)
    return getal(low) if low == high else f"{getal(low)} tot {getal(high)}"


def prognose_context(beeld: PrognoseBeeld) -> dict[str, Any]:
    """The paragraph 'prognose statushouders': the backlog from the first year to the horizon, in one sentence."""
    rijen = [r for r in beeld.rijen if all(isinstance(r.get(k), int) for k in
                                              ("jaar", "achterstand_begin", "taakstelling", "gehuisvest",
                                               "achterstand_eind", "te_huisvesten"))]
    formatted = [
        {
            "jaar": str(r["jaar"]),
            **{k: getal(r[k]) for k in ("achterstand_begin", "taakstelling", "gehuisvest", "achterstand_eind",
                                        "te_huisvesten")},
        }
        for r in rijen
    ]
    tekst = ""
    if rijen:
        first, last = rijen[0], rijen[-1]
        tekst = (
            f"Bij een taakstelling van {_bereik([r['taakstelling'] for r in rijen])} en "
            f"{_bereik([r['gehuisvest'] for r in rijen])} gehuisveste statushouders per jaar loopt de achterstand op "
            f"van {getal(first['achterstand_begin'])} op 1 januari {first['jaar']} tot "
            f"{getal(last['achterstand_eind'])} op 31 december {last['jaar']}; in {last['jaar']} zijn dan "
            f"{getal(last['te_huisvesten'])} statushouders te huisvesten (achterstand plus taakstelling)."
        )
    return {
        "rijen": formatted,
        "eerste_jaar": formatted[0]["jaar"] if formatted else "",
        "laatste_jaar": formatted[-1]["jaar"] if formatted else "",
        "tekst": tekst,
    }
