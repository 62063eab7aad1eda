"""What the memo 'Tussenstand De Drentse Puzzel' shows (template `memo_tussenstand.docx`).

Pure: no files, no Word. The memo keeps the structure of the PRT memo of 13 July 2024:
aanleiding, stand van zaken per opgave, het voorstel en waarom, samenvattend, voorbehoud,
bijlage. Every number is the workbook's; the figures the workbook does not hold (places
realised on a peildatum, the offers for the period's second year) are settings of sheet
Instellingen that must be filled in. Free texts live in the template (Word) or in settings.

The context is put together section by section (:data:`SECTIES`): a new section of the
memo is one more function here and one more block in the template. The sections from the
workbook's other sheets (:func:`landelijk_beeld`: the national picture of sheet Landelijk,
:func:`prognose_statushouders`: the statushouders prognosis of sheet Prognose) are functions
of that sheet's picture; without
the sheet the section is None and the template leaves it out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from xlpuzzel.adressen import Adres
from xlpuzzel.brief.concept import cijfer_fouten, fout_regels, gemeenschappelijk
from xlpuzzel.brief.instellingen import (
    MEMO_INSTELLINGEN,
    controleer_instellingen,
    datum_instelling,
    getal_instelling,
    instelling,
    optionele_tekst,
    periode_instelling,
)
from xlpuzzel.brief.namen import naam_van, officiele_namen
from xlpuzzel.brief.opmaak import datum, getal, opsomming, procent_van_opgave, tekst
from xlpuzzel.brief.tabel import provincie, ruil, tabel, zoals_excel
from xlpuzzel.calculation import difference, total
from xlpuzzel.layout import CATEGORIES, LANDELIJK_TASK_COLUMNS, Category
from xlpuzzel.model import Puzzel

if TYPE_CHECKING:
    from xlpuzzel.landelijk.beeld import LandelijkBeeld, PrognoseBeeld

#: A section: (puzzel, settings, official names) -> its part of the context.
Sectie = Callable[[Puzzel, Mapping[str, Any], Mapping[str, str]], dict[str, Any]]


def _amount(puzzel: Puzzel, col_id: str, index: int) -> int | None:
    return puzzel.entry(col_id, index).amount


def _groep(namen: list[str]) -> dict[str, str]:
    """A group of gemeenten as the subject of a Dutch sentence, with verbs that agree."""
    veel = len(namen) > 1
    lijst = opsomming(namen)
    return {
        "namen": lijst,
        "de_gemeenten": (f"De gemeenten {lijst}" if veel else f"De gemeente {lijst}") if namen else "",
        "de_gemeenten_klein": (f"de gemeenten {lijst}" if veel else f"de gemeente {lijst}") if namen else "",
        "hebben": "hebben" if veel else "heeft",
        "bieden": "bieden" if veel else "biedt",
        "zijn": "zijn" if veel else "is",
    }


def _tekort(offer: Fraction | None, task: Fraction | None) -> tuple[str, str]:
    """(shortage, surplus) in places as Dutch strings; '' where it does not apply (both when equal)."""
    diff = difference(offer, task)
    if diff is None or diff == 0:
        return "", ""
    if diff < 0:
        return getal(-diff), ""
    return "", getal(diff)


def _oordeel(offer: Fraction | None, task: Fraction | None) -> str:
    """How well a task is met, for the memo's summary ('ruim gerealiseerd (124%)')."""
    if offer is None or task is None or task == 0:
        return "niet te beoordelen"
    pct = procent_van_opgave(offer, task)
    if offer > task:
        return f"ruim gerealiseerd ({pct})"
    if offer == task:
        return f"volledig gerealiseerd ({pct})"
    return f"voor {pct} gerealiseerd"


# --- sections ---------------------------------------------------------------------------


def aanleiding(puzzel: Puzzel, instellingen: Mapping[str, Any], namen: Mapping[str, str]) -> dict[str, Any]:
    """Aanleiding: the PRT that agreed the principles (its date is a setting, the principles are template text)."""
    return {"aanleiding": {"prt_datum": datum(datum_instelling(instellingen, "prt_afspraken_datum"))}}


def _categorie(puzzel: Puzzel, cat: Category, instellingen: Mapping[str, Any]) -> dict[str, str]:
    c = cat.value
    opgave, eerste, inbreng = (total(puzzel, f"{b}_{c}") for b in ("opgave", "eerste", "inbreng"))
    eerste_tekort, eerste_boven = _tekort(eerste, opgave)
    inbreng_tekort, inbreng_boven = _tekort(inbreng, opgave)
    return {
        "opgave": getal(opgave),
        "eerste": getal(eerste),
        "eerste_pct": procent_van_opgave(eerste, opgave),
        "eerste_pct1": procent_van_opgave(eerste, opgave, 1),
        "eerste_tekort": eerste_tekort,
        "eerste_boven": eerste_boven,
        "inbreng": getal(inbreng),
        "inbreng_pct": procent_van_opgave(inbreng, opgave),
        "inbreng_pct1": procent_van_opgave(inbreng, opgave, 1),
        "inbreng_tekort": inbreng_tekort,
        "inbreng_boven": inbreng_boven,
        "oordeel": _oordeel(inbreng, opgave),
        "toelichting": optionele_tekst(instellingen, f"{c}_toelichting"),
    }


def stand_van_zaken(puzzel: Puzzel, instellingen: Mapping[str, Any], namen: Mapping[str, str]) -> dict[str, Any]:
    """Stand van zaken per opgave: the workbook's totals, the realised places and the second year's offers."""
    out: dict[str, Any] = {c.value: _categorie(puzzel, c, instellingen) for c in CATEGORIES}
    oek, asiel, amv = out["oek"], out["asiel"], out["amv"]
    oek["gerealiseerd"] = getal(getal_instelling(instellingen, "oek_gerealiseerd"))
    oek["leeg"] = getal(getal_instelling(instellingen, "oek_leeg"))
    oek["opgave_vorige"] = getal(getal_instelling(instellingen, "oek_opgave_vorige"))
    amv["gerealiseerd"] = getal(getal_instelling(instellingen, "amv_gerealiseerd"))
    for cat, rij in ((Category.ASIEL, asiel), (Category.AMV, amv)):
        tweede = getal_instelling(instellingen, f"{cat.value}_aanbod_tweede_jaar")
        task = total(puzzel, f"opgave_{cat.value}")
        rij["tweede"] = getal(tweede)
        rij["tweede_pct"] = procent_van_opgave(tweede, task)
    out["realisatie_peildatum"] = datum(datum_instelling(instellingen, "realisatie_peildatum"))
    return out


def voorstel_en_waarom(puzzel: Puzzel, instellingen: Mapping[str, Any], namen: Mapping[str, str]) -> dict[str, Any]:
    """Het voorstel en waarom: who offered more of what, and what each bijstelling swaps (from the bijstelling block)."""
    meer_oek: list[str] = []
    meer_asiel: list[str] = []
    beide: list[str] = []
    bijgesteld: list[str] = []
    ruilen: list[dict[str, str]] = []
    for i, tabel_naam in enumerate(puzzel.gemeenten):
        naam = naam_van(namen, tabel_naam)
        oek, asiel = _amount(puzzel, "eerste_oek", i), _amount(puzzel, "eerste_asiel", i)
        t_oek, t_asiel = _amount(puzzel, "opgave_oek", i), _amount(puzzel, "opgave_asiel", i)
        if oek is not None and asiel is not None and t_oek is not None and t_asiel is not None:
            if oek > t_oek and asiel < t_asiel:
                meer_oek.append(naam)
            elif oek < t_oek and asiel > t_asiel:
                meer_asiel.append(naam)
            elif oek >= t_oek and asiel >= t_asiel:
                beide.append(naam)
        zin = ruil(puzzel, i, wie=naam, bezit="haar")
        if zin:
            bijgesteld.append(naam)
            ruilen.append({"gemeente": naam, "zin": zin})
    return {
        "groepen": {
            "meer_oek": _groep(meer_oek),
            "meer_asiel": _groep(meer_asiel),
            "beide": _groep(beide),
            "bijgesteld": _groep(bijgesteld),
        },
        "ruilen": ruilen,
    }


#: The memo's sections in order; each adds its keys to the context.
SECTIES: tuple[Sectie, ...] = (aanleiding, stand_van_zaken, voorstel_en_waarom)


def landelijk_beeld(beeld: LandelijkBeeld | None) -> dict[str, Any]:
    """Landelijk beeld: the LRT dashboard's cards, national and the province's (sheet Landelijk); None without it."""
    from xlpuzzel.landelijk.memo import landelijk_context

    context = None if beeld is None else landelijk_context(beeld)
    # A sheet without a single card with figures has nothing to say.
    return {"landelijk_beeld": context if context and context["tekst"] else None}


def prognose_statushouders(beeld: PrognoseBeeld | None) -> dict[str, Any]:
    """Prognose statushouders: the backlog from the first year to the horizon (sheet Prognose); None without it."""
    from xlpuzzel.landelijk.memo import prognose_context

    context = None if beeld is None else prognose_context(beeld)
    # A sheet without a single complete year has nothing to say.
    return {"prognose_statushouders": context if context and context["tekst"] else None}


def memo_context(
    puzzel: Puzzel,
    instellingen: Mapping[str, Any],
    concept: bool = False,
    adressen: Mapping[str, Adres] | None = None,
    landelijk: LandelijkBeeld | None = None,
    prognose: PrognoseBeeld | None = None,
) -> dict[str, Any]:
    """Everything template `memo_tussenstand.docx` shows: prose numbers, the swaps, and the full table.

    `landelijk` and `prognose` are the pictures of sheets Landelijk and Prognose
    (:func:`xlpuzzel.usecases.memogegevens`); without them the memo has no such section.
    """
    controleer_instellingen(instellingen, MEMO_INSTELLINGEN)
    namen = officiele_namen(instellingen, adressen)
    periode = periode_instelling(instellingen)
    redenen = fout_regels(cijfer_fouten(puzzel)) if concept else []
    context: dict[str, Any] = {
        **gemeenschappelijk(instellingen, concept, redenen=redenen),
        "landelijk": {
            cid.removeprefix("opgave_"): zoals_excel(puzzel.landelijk.get(cid)) for cid in LANDELIJK_TASK_COLUMNS
        },
        "provincie": provincie(puzzel),
        "provincie_naam": tekst(instelling(instellingen, "provincie")),
        "puzzel_naam": tekst(instelling(instellingen, "puzzel_naam")),
        "periode": periode,
        "tabel": tabel(puzzel, namen, periode["tekst"]),
        "aantal_gemeenten": getal(len(puzzel.gemeenten)),
        "afzender": {"naam": tekst(instelling(instellingen, "afzender_naam"))},
        "versie_datum": datum(datum_instelling(instellingen, "datum_memo")),
        "prt_datum": datum(datum_instelling(instellingen, "prt_datum")),
    }
    for sectie in SECTIES:
        context.update(sectie(puzzel, instellingen, namen))
    context.update(landelijk_beeld(landelijk))
    context.update(prognose_statushouders(prognose))
    return context
