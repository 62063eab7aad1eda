"""What the memo 'Tussenstand De Drentse Puzzel' shows (template `memo_tussenstand.docx`).

Pure: no files, no Word. Prose numbers arrive as finished Dutch strings; the memo's
groups of gemeenten come with verbs that agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from xlpuzzel.brief.concept import gemeenschappelijk
from xlpuzzel.brief.instellingen import (
    MEMO_INSTELLINGEN,
    controleer_instellingen,
    datum_instelling,
    getal_instelling,
    instelling,
)
from xlpuzzel.brief.namen import officiele_namen
from xlpuzzel.brief.opmaak import datum, getal, opsomming, procent, tekst
from xlpuzzel.brief.tabel import provincie, tabel, zoals_excel
from xlpuzzel.calculation import difference, ratio, total
from xlpuzzel.layout import CATEGORIES, LANDELIJK_TASK_COLUMNS
from xlpuzzel.model import Puzzel


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


def _groepen(puzzel: Puzzel, instellingen: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """Gemeenten grouped by how their first offer relates to their task (for the memo's prose)."""
    meer_oek: list[str] = []
    meer_asiel: list[str] = []
    beide: list[str] = []
    bijgesteld: list[str] = []
    namen = officiele_namen(instellingen)
    for i, tabel_naam in enumerate(puzzel.gemeenten):
        naam = namen.get(tabel_naam.strip().casefold(), tekst(tabel_naam))
        oek, asiel = _amount(puzzel, "eerste_oek", i), _amount(puzzel, "eerste_asiel", i)
        t_oek, t_asiel = _amount(puzzel, "opgave_oek", i), _amount(puzzel, "opgave_asiel", i)
        if oek is not None and asiel is not None and t_oek is not None and t_asiel is not None:
            if oek > t_oek and asiel < t_asiel:
                meer_oek.append(naam)
            elif oek < t_oek and asiel > t_asiel:
                meer_asiel.append(naam)
            elif oek >= t_oek and asiel >= t_asiel:
                beide.append(naam)
        if any(_amount(puzzel, f"bijstelling_{c.value}", i) for c in CATEGORIES):
            bijgesteld.append(naam)
    return {
        "meer_oek": _groep(meer_oek),
        "meer_asiel": _groep(meer_asiel),
        "beide": _groep(beide),
        "bijgesteld": _groep(bijgesteld),
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
    share = ratio(offer, task)
    if share is None:
        return "niet te beoordelen"
    if share > 1:
        return f"ruim gerealiseerd ({procent(share)})"
    if share == 1:
        return f"volledig gerealiseerd ({procent(share)})"
    return f"voor {procent(share)} gerealiseerd"


def memo_context(puzzel: Puzzel, instellingen: Mapping[str, Any], concept: bool = False) -> dict[str, Any]:
    """Everything template `memo_tussenstand.docx` shows: prose numbers and the full table."""
    controleer_instellingen(instellingen, MEMO_INSTELLINGEN)
    categorie: dict[str, dict[str, str]] = {}
    for cat in CATEGORIES:
        c = cat.value
        opgave, eerste, inbreng = (total(puzzel, f"{b}_{c}") for b in ("opgave", "eerste", "inbreng"))
        eerste_tekort, eerste_boven = _tekort(eerste, opgave)
        inbreng_tekort, inbreng_boven = _tekort(inbreng, opgave)
        categorie[c] = {
            "opgave": getal(opgave),
            "eerste": getal(eerste),
            "eerste_pct": procent(ratio(eerste, opgave)),
            "eerste_pct1": procent(ratio(eerste, opgave), 1),
            "eerste_tekort": eerste_tekort,
            "eerste_boven": eerste_boven,
            "inbreng": getal(inbreng),
            "inbreng_pct": procent(ratio(inbreng, opgave)),
            "inbreng_pct1": procent(ratio(inbreng, opgave), 1),
            "inbreng_tekort": inbreng_tekort,
            "inbreng_boven": inbreng_boven,
            "oordeel": _oordeel(inbreng, opgave),
        }
    categorie["oek"]["gerealiseerd"] = getal(getal_instelling(instellingen, "oek_gerealiseerd"))
    categorie["oek"]["leeg"] = getal(getal_instelling(instellingen, "oek_leeg"))
    categorie["oek"]["opgave_vorige"] = getal(getal_instelling(instellingen, "oek_opgave_vorige"))
    categorie["amv"]["gerealiseerd"] = getal(getal_instelling(instellingen, "amv_gerealiseerd"))
    landelijk = {
        cid.removeprefix("opgave_"): zoals_excel(puzzel.landelijk.get(cid)) for cid in LANDELIJK_TASK_COLUMNS
    }
    return {
        **gemeenschappelijk(instellingen, concept),
        **categorie,
        "landelijk": landelijk,
        "provincie": provincie(puzzel),
        "groepen": _groepen(puzzel, instellingen),
        "tabel": tabel(puzzel),
        "aantal_gemeenten": getal(len(puzzel.gemeenten)),
        "afzender": {"naam": tekst(instelling(instellingen, "afzender_naam"))},
        "versie_datum": datum(datum_instelling(instellingen, "datum_memo")),
        "prt_datum": datum(datum_instelling(instellingen, "prt_datum")),
        "realisatie_peildatum": datum(datum_instelling(instellingen, "realisatie_peildatum")),
    }
