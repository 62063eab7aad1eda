"""What the letter and memo templates show, computed from the puzzel and the settings.

Pure: no files, no Word. Every number reaches a template as a finished Dutch string, so
templates hold no arithmetic and show what the workbook shows, digit for digit. Settings
(names, dates, kenmerk, deadline) come from sheet Instellingen, never from code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from xlpuzzel.brief.opmaak import datum, getal, opsomming, procent, tekst
from xlpuzzel.calculation import (
    DerivedCell,
    Op,
    Row,
    compute,
    difference,
    ratio,
    row_sum,
    summed,
    total,
)
from xlpuzzel.calculation import derived_cells as _derived_cells
from xlpuzzel.entry import Entry, Kind, interpret
from xlpuzzel.errors import PuzzelError
from xlpuzzel.layout import (
    BLOCK_HEADERS,
    CATEGORIES,
    COLUMNS,
    INSTELLINGEN_SHEET,
    LANDELIJK_LABEL,
    LANDELIJK_TASK_COLUMNS,
    TOTAAL_LABEL,
    VERSCHIL_LABEL,
    Category,
    Role,
    TotalKind,
)
from xlpuzzel.model import Puzzel

#: The visible mark on every document made despite findings of severity fout.
CONCEPT_MARKERING = "CONCEPT — cijfers niet sluitend"

#: Settings every letter needs (sheet Instellingen).
BRIEF_INSTELLINGEN: tuple[str, ...] = (
    "afzender_naam",
    "afzender_adres",
    "afzender_postbus",
    "afzender_postcode_plaats",
    "plaats",
    "datum_brief",
    "kenmerk",
    "onderwerp",
    "prt_datum",
    "besluit_uiterlijk",
    "ondertekenaar_naam",
    "ondertekenaar_functie",
    "contact_naam",
    "contact_telefoon",
    "contact_email",
)
#: Settings the memo needs besides the sender's name and the PRT date.
MEMO_INSTELLINGEN: tuple[str, ...] = (
    "afzender_naam",
    "prt_datum",
    "datum_memo",
    "realisatie_peildatum",
    "oek_gerealiseerd",
    "oek_leeg",
    "oek_opgave_vorige",
    "amv_gerealiseerd",
)
DATUM_INSTELLINGEN = frozenset(
    {"datum_brief", "prt_datum", "besluit_uiterlijk", "datum_memo", "realisatie_peildatum"}
)
GETAL_INSTELLINGEN = frozenset({"oek_gerealiseerd", "oek_leeg", "oek_opgave_vorige", "amv_gerealiseerd"})
#: Optional setting: official spellings, e.g. "Midden Drenthe = Midden-Drenthe; ...".
NAMEN_INSTELLING = "gemeentenamen"

CATEGORIE_NAMEN = {
    Category.OEK: "Oekraïense ontheemden",
    Category.ASIEL: "Asiel (regulier)",
    Category.AMV: "AMV",
}


class InstellingFout(PuzzelError):
    """A setting is missing or unusable; the message names the setting and sheet Instellingen."""


class InstellingenContext(dict):  # type: ignore[type-arg]
    """All settings as the templates see them (`{{ instellingen.kenmerk }}`), formatted Dutch."""


# --- settings ---------------------------------------------------------------------------


def instelling(instellingen: Mapping[str, Any], sleutel: str) -> Any:
    """The raw value of a required setting; InstellingFout when it is missing or empty."""
    if sleutel not in instellingen:
        raise InstellingFout(
            f"Instelling '{sleutel}' ontbreekt op blad {INSTELLINGEN_SHEET}; vul die aan en probeer het opnieuw. "
            "Er is niets geschreven."
        )
    value = instellingen[sleutel]
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InstellingFout(
            f"Instelling '{sleutel}' op blad {INSTELLINGEN_SHEET} is leeg; vul die in en probeer het opnieuw. "
            "Er is niets geschreven."
        )
    return value


def datum_instelling(instellingen: Mapping[str, Any], sleutel: str) -> dt.date:
    """A date setting (an Excel date, or text like 2024-07-17 or 17-7-2024)."""
    value = instelling(instellingen, sleutel)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    parts = text.replace("/", "-").split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        try:
            return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            pass
    raise InstellingFout(
        f"Instelling '{sleutel}' op blad {INSTELLINGEN_SHEET} is geen datum: '{text}'. "
        "Typ een datum, bijvoorbeeld 17-7-2024."
    )


def getal_instelling(instellingen: Mapping[str, Any], sleutel: str) -> int:
    """A whole-number setting (4348 or '4.348')."""
    value = instelling(instellingen, sleutel)
    kind, number = interpret(value)
    if kind is not Kind.NUMBER or number is None:
        raise InstellingFout(
            f"Instelling '{sleutel}' op blad {INSTELLINGEN_SHEET} is geen geheel getal: '{value}'."
        )
    return int(number)


def controleer_instellingen(instellingen: Mapping[str, Any], sleutels: Sequence[str]) -> None:
    """Raise InstellingFout for the first required setting that is missing or unusable."""
    for sleutel in sleutels:
        if sleutel in DATUM_INSTELLINGEN:
            datum_instelling(instellingen, sleutel)
        elif sleutel in GETAL_INSTELLINGEN:
            getal_instelling(instellingen, sleutel)
        else:
            instelling(instellingen, sleutel)


def instellingen_context(instellingen: Mapping[str, Any]) -> InstellingenContext:
    """Every setting formatted for a template: dates in Dutch, the known counts with separators."""
    out = InstellingenContext()
    for key, value in instellingen.items():
        name = tekst(key)
        if isinstance(value, (dt.date, dt.datetime)) or key in DATUM_INSTELLINGEN:
            try:
                out[name] = datum(datum_instelling(instellingen, key))
                continue
            except InstellingFout:
                pass
        if key in GETAL_INSTELLINGEN:
            kind, number = interpret(value)
            if number is not None:
                out[name] = getal(number, 0 if kind is Kind.NUMBER else 2)
                continue
        # Anything else as typed: a phone number typed as a number must not get separators.
        out[name] = tekst(value)
    return out


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


# --- cells ------------------------------------------------------------------------------


def _cel(entry: Entry) -> str:
    """A gemeente's input cell in a letter: the number, 0 for blank/'-', else what was typed."""
    if entry.amount is not None:
        return getal(entry.amount)
    if entry.kind is Kind.DECIMAL and entry.number is not None:
        return getal(entry.number)
    return tekst(entry.display())


def _waarde(entry: Entry) -> Fraction | None:
    """The value of an input cell as a formula sees it (text and 'ntb' have none)."""
    if entry.kind in (Kind.NUMBER, Kind.DECIMAL) and entry.number is not None:
        return entry.number
    return entry.value if entry.amount is not None else None


def _zoals_excel(entry: Entry | None) -> str:
    """An input cell as Excel shows it in the table: blank stays blank, text as typed."""
    if entry is None or entry.raw is None:
        return ""
    if entry.kind in (Kind.NUMBER, Kind.DECIMAL) and entry.number is not None:
        return getal(entry.number)
    if entry.kind is Kind.PERCENT and entry.number is not None:
        return procent(entry.number)
    return tekst(entry.display())


def _gemeente_rij(puzzel: Puzzel, index: int, categorie: Category) -> dict[str, str]:
    cat = categorie.value
    opgave = puzzel.entry(f"opgave_{cat}", index)
    inbreng = puzzel.entry(f"inbreng_{cat}", index)
    pct = ratio(_waarde(inbreng), _waarde(opgave))
    return {
        "categorie": CATEGORIE_NAMEN[categorie],
        "kort": categorie.label,
        "opgave": _cel(opgave),
        "eerste": _cel(puzzel.entry(f"eerste_{cat}", index)),
        "bijstelling": _cel(puzzel.entry(f"bijstelling_{cat}", index)),
        "inbreng": _cel(inbreng),
        "pct": procent(pct),
        "pct1": procent(pct, 1),
    }


def _block_sum(puzzel: Puzzel, block: str, index: int) -> Fraction | None:
    return summed(puzzel.entry(f"{block}_{c.value}", index) for c in CATEGORIES)


def _gemeente_totaal(puzzel: Puzzel, index: int) -> dict[str, str]:
    opgave = row_sum(puzzel, "opgave_oek_asiel", index)
    inbreng = _block_sum(puzzel, "inbreng", index)
    return {
        "categorie": "Totaal",
        "kort": "Totaal",
        "opgave": getal(opgave),
        "eerste": getal(row_sum(puzzel, "eerste_oek_asiel", index)),
        "bijstelling": getal(_block_sum(puzzel, "bijstelling", index)),
        "inbreng": getal(inbreng),
        "pct": procent(ratio(inbreng, opgave)),
        "pct1": procent(ratio(inbreng, opgave), 1),
    }


def _provincie_rij(puzzel: Puzzel, categorie: Category) -> dict[str, str]:
    cat = categorie.value
    opgave = total(puzzel, f"opgave_{cat}")
    eerste = total(puzzel, f"eerste_{cat}")
    inbreng = total(puzzel, f"inbreng_{cat}")
    return {
        "categorie": CATEGORIE_NAMEN[categorie],
        "kort": categorie.label,
        "opgave": getal(opgave),
        "eerste": getal(eerste),
        "eerste_pct": procent(ratio(eerste, opgave)),
        "eerste_pct1": procent(ratio(eerste, opgave), 1),
        "bijstelling": getal(total(puzzel, f"bijstelling_{cat}")),
        "inbreng": getal(inbreng),
        "inbreng_pct": procent(ratio(inbreng, opgave)),
        "inbreng_pct1": procent(ratio(inbreng, opgave), 1),
        "saldo": getal(difference(inbreng, opgave)),
    }


def _som(values: Sequence[Fraction | None]) -> Fraction | None:
    if any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), Fraction(0))


def _provincie_totaal(puzzel: Puzzel) -> dict[str, str]:
    opgave = total(puzzel, "opgave_oek_asiel")
    eerste = total(puzzel, "eerste_oek_asiel")
    inbreng = _som([total(puzzel, f"inbreng_{c.value}") for c in CATEGORIES])
    return {
        "categorie": "Totaal",
        "kort": "Totaal",
        "opgave": getal(opgave),
        "eerste": getal(eerste),
        "eerste_pct": procent(ratio(eerste, opgave)),
        "eerste_pct1": procent(ratio(eerste, opgave), 1),
        "bijstelling": getal(_som([total(puzzel, f"bijstelling_{c.value}") for c in CATEGORIES])),
        "inbreng": getal(inbreng),
        "inbreng_pct": procent(ratio(inbreng, opgave)),
        "inbreng_pct1": procent(ratio(inbreng, opgave), 1),
        "saldo": getal(difference(inbreng, opgave)),
    }


def _provincie(puzzel: Puzzel) -> dict[str, Any]:
    rijen = [_provincie_rij(puzzel, c) for c in CATEGORIES]
    out: dict[str, Any] = {"rijen": rijen, "totaal": _provincie_totaal(puzzel)}
    for categorie, rij in zip(CATEGORIES, rijen):
        out[categorie.value] = rij
    return out


def _gemeenschappelijk(instellingen: Mapping[str, Any], concept: bool) -> dict[str, Any]:
    return {
        "concept": bool(concept),
        "markering": CONCEPT_MARKERING if concept else "",
        "instellingen": instellingen_context(instellingen),
    }


# --- letter -----------------------------------------------------------------------------


def _gemeente(puzzel: Puzzel, index: int, namen: Mapping[str, str]) -> dict[str, Any]:
    """The gemeente's own part of its letter: its name, number and table."""
    n = len(puzzel.gemeenten)
    rijen = [_gemeente_rij(puzzel, index, c) for c in CATEGORIES]
    name = puzzel.gemeenten[index]
    gemeente: dict[str, Any] = {
        "naam": namen.get(name.strip().casefold(), tekst(name)),
        "naam_in_tabel": tekst(name),
        "nummer": f"{index + 1:0{max(2, len(str(n)))}d}",
        "rijen": rijen,
        "totaal": _gemeente_totaal(puzzel, index),
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
        **_gemeenschappelijk(instellingen, concept),
        "provincie": _provincie(puzzel),
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


# --- memo -------------------------------------------------------------------------------


def _tabel(puzzel: Puzzel) -> dict[str, Any]:
    """The puzzel table as Excel shows it: input as typed, every derived cell computed."""
    n = len(puzzel.gemeenten)
    derived: dict[tuple[Row, str, int | None], DerivedCell] = {
        (d.row, d.column_id, d.index): d for d in _derived_cells(n)
    }
    data_cols = [c for c in COLUMNS if c.role is not Role.LABEL]

    def shown(row: Row, col_id: str, index: int | None = None) -> str:
        cell = derived.get((row, col_id, index))
        if cell is None:
            return ""
        value = compute(cell, puzzel)
        if cell.op is Op.RATIO:
            return "" if value is None else procent(value)
        return getal(value, onbekend="#WAARDE!")

    rijen = []
    for i, name in enumerate(puzzel.gemeenten):
        cellen = []
        for col in data_cols:
            if col.role is Role.ROWSUM:
                cellen.append(shown(Row.GEMEENTE, col.id, i))
            else:
                cellen.append(_zoals_excel(puzzel.entry(col.id, i)))
        rijen.append({"gemeente": tekst(name), "cellen": cellen})
    totaal = []
    for col in data_cols:
        if col.total is TotalKind.AUTHORITY:
            totaal.append(_zoals_excel(puzzel.totaal.get(col.id)))
        else:
            totaal.append(shown(Row.TOTAAL, col.id))
    verschil = [shown(Row.VERSCHIL, c.id) for c in data_cols]
    landelijk = [
        _zoals_excel(puzzel.landelijk.get(c.id)) if c.id in LANDELIJK_TASK_COLUMNS else shown(Row.LANDELIJK, c.id)
        for c in data_cols
    ]
    blokken = []
    for first, last, text in BLOCK_HEADERS:
        ids = [c.id for c in data_cols]
        blokken.append({"tekst": text, "breedte": ids.index(last) - ids.index(first) + 1})
    return {
        "koppen": [tekst(c.header) for c in data_cols],
        "blokken": blokken,
        "rijen": rijen,
        "totaal": {"label": TOTAAL_LABEL, "cellen": totaal},
        "verschil": {"label": VERSCHIL_LABEL, "cellen": verschil},
        "landelijk": {"label": LANDELIJK_LABEL, "cellen": landelijk},
    }


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
        cid.removeprefix("opgave_"): _zoals_excel(puzzel.landelijk.get(cid)) for cid in LANDELIJK_TASK_COLUMNS
    }
    return {
        **_gemeenschappelijk(instellingen, concept),
        **categorie,
        "landelijk": landelijk,
        "provincie": _provincie(puzzel),
        "groepen": _groepen(puzzel, instellingen),
        "tabel": _tabel(puzzel),
        "aantal_gemeenten": getal(len(puzzel.gemeenten)),
        "afzender": {"naam": tekst(instelling(instellingen, "afzender_naam"))},
        "versie_datum": datum(datum_instelling(instellingen, "datum_memo")),
        "prt_datum": datum(datum_instelling(instellingen, "prt_datum")),
        "realisatie_peildatum": datum(datum_instelling(instellingen, "realisatie_peildatum")),
    }
