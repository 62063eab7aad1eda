"""Check sheets Landelijk and Prognose like the puzzel: the same finding, fields and codes where they fit.

Pure. Every typed number is checked for what was typed (text, a number stored as text,
an error value, a negative count, a date that is no date); every derived cell (delta,
Total, the cards' formulas, the prognosis' formulas) against its *direct* inputs as they
stand, so one wrong number gives one finding. A formula without a cached value (a
workbook never calculated) is not a finding; neither is a card that lacks an input staff
have not filled in yet (the card says so itself).

Codes of their own: ``delta-wijkt-af`` (a typed delta that is not opgave − realisatie),
``kaart-wijkt-af`` and ``prognose-wijkt-af`` (a typed number over a card's or the
prognosis' formula that differs from it), ``provincienaam`` (blank or twice),
``geen-datum`` (a date cell that holds no date, or an end date not after the start),
``provincie-onbekend`` (the setting names no province of the table) and ``horizon-te-ver``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction

from xlpuzzel.controle.bevinding import Bevinding, bevinding, raw_value, sort_key
from xlpuzzel.controle.formules import close, norm_formula
from xlpuzzel.controle.opmaak import getal, procent, shown
from xlpuzzel.entry import Entry, Kind
from xlpuzzel.landelijk.blad import LandelijkBlad, PrognoseBlad
from xlpuzzel.landelijk.formules import (
    art28_formulas,
    art28_totaal_formula,
    delta_formula,
    kaart_formulas,
    prognose_formulas,
    total_formula,
)
from xlpuzzel.landelijk.kaarten import (
    DATUM_VELDEN,
    Kaarten,
    Waarde,
    cel_waarde,
    excel_datum,
    formule_velden,
    invoer_velden,
)
from xlpuzzel.landelijk.layout import (
    ART28_INVOER,
    ART28_KOLOMMEN,
    CATEGORIE_BY_ID,
    KAART_VELD,
    KAARTEN,
    LANDELIJK_SHEET,
    LRT_KOLOMMEN,
    NEDERLAND_LABEL,
    PROGNOSE_INVOER,
    PROGNOSE_KOLOM,
    PROGNOSE_KOLOMMEN,
    PROGNOSE_SHEET,
    TOTAL_LABEL,
    LandelijkLayout,
    Niveau,
    PrognoseLayout,
    Rol,
    categorie_kolommen,
    opgave_kolom,
)
from xlpuzzel.landelijk.prognose import PrognoseRekening
from xlpuzzel.layout import INSTELLINGEN_SHEET, PROVINCIE_SETTING
from xlpuzzel.model import Puzzel


class Bevindingen:
    """The findings of one run, in the shape of :class:`~xlpuzzel.controle.Bevinding`."""

    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.found: list[Bevinding] = []
        #: True when any derived cell of the sheet holds a formula (then a typed one is worth a word).
        self.any_formula = False

    def add(self, code: str, entry: Entry | None, where: str, kolom: str | None, tekst: str,
            waarde: object = None, verwacht: object = None, blad: str | None = None) -> None:
        """Record a finding; `where` is 'province or row, column label' as the message shows it."""
        found = bevinding(code, entry, where, kolom, tekst, self.sheet, waarde, verwacht)
        self.found.append(replace(found, blad=blad) if blad else found)

    def sorted(self) -> tuple[Bevinding, ...]:
        """The findings, most serious first, then in sheet order."""
        return tuple(sorted(self.found, key=sort_key))


# ------------------------------------------------------------------------------ shared


def toon(value: Waarde | float, soort: str = "getal") -> str:
    """A value as a message shows it: 1.297, 82,6%, 1-9-2024, 'oranje', leeg."""
    if value is None:
        return "leeg"
    if isinstance(value, dt.date):
        return f"{value.day}-{value.month}-{value.year}"
    if isinstance(value, str):
        return f"'{value}'"
    if soort == "procent":
        return procent(Fraction(value), 1)
    number = Fraction(value)
    return getal(number, 0 if number.denominator == 1 else 1)


def gelijk(cached: Waarde, expected: Waarde) -> bool:
    """A cached formula value equals the core's (numbers within Excel's precision)."""
    if isinstance(cached, Fraction) and isinstance(expected, Fraction):
        return close(cached, expected)
    return cached == expected


def count_input(rec: Bevindingen, entry: Entry, where: str, kolom: str | None, negatief: bool = False) -> None:
    """What was typed in a count cell: a whole number of 0 or more (or blank)."""
    if entry.kind is Kind.BLANK or (entry.kind is Kind.NUMBER and not isinstance(entry.raw, str) and (
            negatief or entry.number is None or entry.number >= 0)):
        return  # the common case, decided before any message text is made
    text = shown(entry)
    raw = raw_value(entry)
    if entry.kind is Kind.ERROR:
        rec.add("foutwaarde", entry, where, kolom, f"de cel bevat de foutwaarde {text}.", raw)
    elif isinstance(entry.raw, (dt.date, dt.datetime)):
        rec.add("geen-getal", entry, where, kolom, f"'{text}' is een datum, geen aantal.", raw)
    elif entry.kind in (Kind.TEXT, Kind.NTB, Kind.DASH, Kind.NVT):
        rec.add("geen-getal", entry, where, kolom, f"'{text}' is geen getal; Excel rekent er niet mee.", raw)
    elif entry.kind is Kind.PERCENT:
        rec.add("geen-getal", entry, where, kolom, f"'{text}' is geen aantal maar een percentage.", raw)
    elif entry.kind is Kind.DECIMAL:
        rec.add("geen-getal", entry, where, kolom, f"'{text}' is geen geheel getal.", raw)
    elif entry.kind is Kind.NUMBER:
        if isinstance(entry.raw, str):
            rec.add("getal-als-tekst", entry, where, kolom,
                    f"'{text}' staat als tekst in de cel; Excel rekent er niet mee. Typ het getal opnieuw "
                    "(zonder punt).", raw, entry.number)
        elif entry.number is not None and entry.number < 0 and not negatief:
            rec.add("negatief", entry, where, kolom, f"'{text}' is negatief; een aantal kan dat niet zijn.", raw)


def date_input(rec: Bevindingen, entry: Entry, where: str, kolom: str | None) -> dt.date | None:
    """What was typed in a date cell: a date (or blank); returns the date."""
    if entry.kind is Kind.BLANK:
        return None
    found = excel_datum(entry)
    if found is not None:
        return found
    if entry.kind is Kind.ERROR:
        rec.add("foutwaarde", entry, where, kolom, f"de cel bevat de foutwaarde {shown(entry)}.", raw_value(entry))
    elif isinstance(entry.raw, str):
        rec.add("geen-datum", entry, where, kolom,
                f"'{shown(entry)}' staat als tekst in de cel, niet als datum; Excel rekent er niet mee. "
                "Typ de datum opnieuw, bijvoorbeeld 1-9-2024.", raw_value(entry))
    else:
        rec.add("geen-datum", entry, where, kolom, f"{shown(entry)} is geen datum.", raw_value(entry))
    return None


def derived(rec: Bevindingen, entry: Entry | None, expected: Waarde, standard: str | None, where: str,
            kolom: str, typed_code: str, explain: Callable[[], str], soort: str = "getal") -> None:
    """A derived cell: a formula shows what its inputs give and is the standard one; a typed value is right."""
    if entry is None:
        return
    if entry.kind is Kind.ERROR:
        if expected is not None:
            rec.add("foutwaarde", entry, where, kolom,
                    f"de cel bevat de foutwaarde {shown(entry)}; verwacht {toon(expected, soort)}.",
                    raw_value(entry), _plain(expected))
        return
    changed = (
        entry.formula is not None and standard is not None and norm_formula(entry.formula) != norm_formula(standard)
    )
    if entry.formula is not None:
        rec.any_formula = True
        if entry.raw is not None:
            cached = _cached(entry, expected)
            if not gelijk(cached, expected):
                note = f" De formule {entry.formula} wijkt af van {standard}." if changed else (
                    " Herbereken de werkmap (Ctrl+Alt+F9) en controleer de formule."
                )
                rec.add("formule-wijkt-af", entry, where, kolom,
                        f"de formule toont {toon(cached, soort)} maar {explain()}.{note}",
                        raw_value(entry), _plain(expected))
                return
        if changed:
            rec.add("formule-gewijzigd", entry, where, kolom,
                    f"de formule {entry.formula} wijkt af van de standaardformule {standard}.",
                    entry.formula, standard)
        return
    if entry.kind is Kind.BLANK:
        return
    typed = _cached(entry, expected)
    if typed is None or (isinstance(expected, Fraction) and not isinstance(typed, Fraction)):
        rec.add("geen-getal", entry, where, kolom, f"'{shown(entry)}' is geen getal; {explain()}.",
                raw_value(entry), _plain(expected))
        return
    if gelijk(typed, expected) or (soort == "procent" and _within_shown(typed, expected)):
        if standard is not None:
            rec.add("formule-overschreven", entry, where, kolom,
                    f"hier hoort een formule, maar er staat de getypte waarde {toon(typed, soort)}; "
                    "die verandert niet mee als de cijfers veranderen.", raw_value(entry), _plain(expected))
        return
    tekst = f"{toon(typed, soort)} klopt niet: {explain()}."
    if standard is not None:
        tekst += " Hier hoort een formule; er staat een getypt getal."
    rec.add(typed_code, entry, where, kolom, tekst, raw_value(entry), _plain(expected))


def _cached(entry: Entry, expected: Waarde) -> Waarde:
    """A cell's value compared as the kind of value expected."""
    if isinstance(expected, dt.date):
        return excel_datum(entry)
    if isinstance(expected, str):
        return None if entry.raw in (None, "") else str(entry.raw)
    if entry.raw == "":
        return None
    if isinstance(entry.raw, str):
        return entry.raw if entry.kind not in (Kind.NUMBER, Kind.DECIMAL, Kind.PERCENT) else entry.number
    return cel_waarde(entry, "eind")


def _within_shown(typed: Waarde, expected: Waarde) -> bool:
    """A typed percentage equal to the expected one at the precision it was typed."""
    if not isinstance(typed, Fraction) or not isinstance(expected, Fraction):
        return False
    return abs(typed - expected) <= Fraction(1, 2000)


def _plain(value: Waarde) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _row_of(entry: Entry | None) -> int | None:
    if entry is None or not entry.cell:
        return None
    digits = "".join(ch for ch in entry.cell if ch.isdigit())
    return int(digits) if digits else None


# ------------------------------------------------------------------------------ Landelijk


def controleer_landelijk(blad: LandelijkBlad) -> tuple[Bevinding, ...]:
    """All findings of sheet Landelijk: the LRT table, the dashboard's peildatum, the cards, the setting."""
    rec = Bevindingen(LANDELIJK_SHEET)
    tabel = blad.tabel
    kaarten = Kaarten(blad)
    n = len(tabel.provincies)
    layout = LandelijkLayout(n)
    table_in_place = blad.first_row == layout.first_row
    cards_in_place = blad.first_kaart_row == layout.first_kaart_row
    seen: set[str] = set()
    for i, name in enumerate(tabel.provincies):
        cell = tabel.provincie_cellen[i] if i < len(tabel.provincie_cellen) else None
        if not name:
            rec.add("provincienaam", cell, "rij zonder naam, Provincie", "provincies", "de naam van de provincie ontbreekt.")
        elif name.casefold() in seen:
            rec.add("provincienaam", cell, f"{name}, Provincie", "provincies",
                    f"provincie '{name}' staat twee keer in de tabel.", name)
        seen.add(name.casefold())
    for k in LRT_KOLOMMEN:
        for i, entry in enumerate(tabel.kolommen[k.id]):
            where = f"{tabel.provincies[i] or 'rij zonder naam'}, {k.kop}"
            if k.rol is Rol.DELTA:
                cat = k.categorie
                derived(rec, entry, kaarten.tabel.delta(cat, i),
                        delta_formula(layout, cat, layout.provincie_row_of(i)) if table_in_place else None,
                        where, k.id, "delta-wijkt-af", lambda cat=cat, i=i: _delta_uitleg(kaarten, cat, i))
            else:
                count_input(rec, entry, where, k.id)
    for k in LRT_KOLOMMEN:
        entry = tabel.totaal.get(k.id)
        derived(rec, entry, kaarten.tabel.som(k.id), total_formula(layout, k.id) if table_in_place else None,
                f"{TOTAL_LABEL}, {k.kop}", k.id, "totaal-wijkt-af",
                lambda k=k: f"de som van de provincies is {toon(kaarten.tabel.som(k.id))}")
    date_input(rec, blad.peildatum, "Peildatum", "lrt_peildatum")
    _kaarten(rec, blad, kaarten, layout if cards_in_place else None)
    naam = blad.provincie_naam.strip()
    if naam and kaarten.index is None:
        bekend = ", ".join(p for p in tabel.provincies if p)
        rec.add("provincie-onbekend", blad.provincie, f"{INSTELLINGEN_SHEET}, {PROVINCIE_SETTING}", PROVINCIE_SETTING,
                f"provincie '{blad.provincie_naam}' staat niet in de tabel van blad {LANDELIJK_SHEET} "
                f"({bekend}); de kaarten van de provincie blijven leeg.", blad.provincie_naam,
                blad=INSTELLINGEN_SHEET)
    return rec.sorted()


def _delta_uitleg(kaarten: Kaarten, categorie: str, i: int) -> str:
    t = kaarten.tabel
    opgave = t.invoer(opgave_kolom(categorie).id, i)
    parts = [t.invoer(k.id, i) for k in categorie_kolommen(categorie, Rol.REALISATIE)]
    expected = t.delta(categorie, i)
    realisatie = " + ".join(toon(p) for p in parts)
    if len(parts) > 1:
        realisatie = f"({realisatie})"
    return f"{toon(opgave)} - {realisatie} = {toon(expected)}"


def _kaarten(rec: Bevindingen, blad: LandelijkBlad, kaarten: Kaarten, layout: LandelijkLayout | None) -> None:
    for i, (niveau, categorie) in enumerate(KAARTEN):
        gebied = NEDERLAND_LABEL if niveau is Niveau.LANDELIJK else (blad.provincie_naam or "Provincie")
        naam = CATEGORIE_BY_ID[categorie].naam
        cellen = blad.kaarten[i].cellen
        for veld in invoer_velden(niveau):
            where = f"{gebied} {naam}, {KAART_VELD[veld].kop}"
            if veld in DATUM_VELDEN:
                date_input(rec, cellen[veld], where, KAART_VELD[veld].name)
            else:
                count_input(rec, cellen[veld], where, KAART_VELD[veld].name)
        begin, end = (kaarten.waarde(i, v) for v in ("startdatum", "einddatum"))
        if isinstance(begin, dt.date) and isinstance(end, dt.date) and end <= begin:
            entry = cellen["einddatum"] if "einddatum" in invoer_velden(niveau) else cellen["startdatum"]
            rec.add("geen-datum", entry, f"{gebied} {naam}, {KAART_VELD['einddatum'].kop}", KAART_VELD["einddatum"].name,
                    f"de einddatum ({toon(end)}) ligt niet na de startdatum ({toon(begin)}); het indicatief "
                    "schema kan zo niet getekend worden.", _plain(end), None)
        standard = kaart_formulas(layout, i) if layout is not None else {}
        for veld in sorted(formule_velden(niveau), key=lambda v: KAART_VELD[v].letter):
            entry = cellen[veld]
            if layout is not None and entry.cell != layout.kaart_cell(veld, i):
                standard_text = None
            else:
                standard_text = standard.get(veld)
            soort = "procent" if veld == "percentage" else "getal"
            derived(rec, entry, kaarten.formule(i, veld), standard_text, f"{gebied} {naam}, {KAART_VELD[veld].kop}",
                    KAART_VELD[veld].name, "kaart-wijkt-af",
                    lambda i=i, veld=veld: _kaart_uitleg(kaarten, i, veld), soort)


def _kaart_uitleg(kaarten: Kaarten, i: int, veld: str) -> str:
    w = kaarten.waarde
    expected = kaarten.formule(i, veld)
    niveau, categorie = KAARTEN[i]
    if veld == "indicatief":
        return (f"de rechte lijn van {toon(w(i, 'start'))} op {toon(w(i, 'startdatum'))} naar {toon(w(i, 'eind'))} "
                f"op {toon(w(i, 'einddatum'))}, afgelezen op {toon(w(i, 'peildatum'))}, is {toon(expected)}")
    if veld == "achterstand":
        return f"{toon(w(i, 'indicatief'))} - {toon(w(i, 'realisatie'))} = {toon(expected)}"
    if veld == "percentage":
        return f"{toon(w(i, 'realisatie'))} / {toon(w(i, 'indicatief'))} = {toon(expected, 'procent')}"
    if veld == "kleur":
        return f"bij {toon(w(i, 'percentage'), 'procent')} van het schema hoort {toon(expected)}"
    bron = "de LRT-tabel" if niveau is Niveau.PROVINCIE else f"de rij {TOTAL_LABEL} van de LRT-tabel"
    if veld in ("peildatum", "einddatum"):
        bron = "de peildatum van het dashboard" if veld == "peildatum" else "de landelijke kaart"
    return f"volgens {bron} is het {toon(expected)} ({CATEGORIE_BY_ID[categorie].naam})"


# ------------------------------------------------------------------------------ Prognose


def controleer_prognose(blad: PrognoseBlad, puzzel: Puzzel | None = None) -> tuple[Bevinding, ...]:
    """All findings of sheet Prognose: the inputs, the year table's formulas, the art. 28 table."""
    rec = Bevindingen(PROGNOSE_SHEET)
    reken = PrognoseRekening(blad, puzzel)
    layout = PrognoseLayout(reken.n_gemeenten, reken.n_jaren)
    first = _row_of(blad.cellen[PROGNOSE_KOLOMMEN[0].id][0])
    art28_first = _row_of(blad.cellen[ART28_KOLOMMEN[0][0]][0])
    labels = dict((*PROGNOSE_INVOER, *ART28_INVOER))
    for name in ("prognose_start_achterstand", "prognose_eerste_jaar", "prognose_horizon",
                 "art28_landelijke_taakstelling", "art28_inwoners_nederland"):
        count_input(rec, blad.een(name), labels[name], name, negatief=name == "prognose_start_achterstand")
    eerste, horizon = (reken.entry(n).number for n in ("prognose_eerste_jaar", "prognose_horizon"))
    if eerste is not None and horizon is not None and horizon - eerste + 1 > reken.n_jaren:
        rec.add("horizon-te-ver", blad.een("prognose_horizon"), labels["prognose_horizon"], "prognose_horizon",
                f"de tabel heeft ruimte voor {reken.n_jaren} jaren ({int(eerste)} tot en met "
                f"{int(eerste) + reken.n_jaren - 1}); de jaren na {int(eerste) + reken.n_jaren - 1} ontbreken.",
                raw_value(blad.een("prognose_horizon")), eerste + reken.n_jaren - 1)
    for i in range(reken.n_jaren):
        in_use = reken.getal("prognose_jaar", i) is not None
        jaar = reken.getal("prognose_jaar", i)
        rij = str(int(jaar)) if jaar is not None else f"rij {i + 1}"
        for k in PROGNOSE_KOLOMMEN:
            entry = reken.entry(k.id, i)
            where = f"{rij}, {k.kop}"
            if k.invoer:
                if in_use or entry.kind is not Kind.BLANK:
                    count_input(rec, entry, where, k.id)
                continue
            standard = prognose_formulas(layout, i).get(k.id) if first == layout.first_row else None
            derived(rec, entry, reken.formule(k.id, i), standard, where, k.id, "prognose-wijkt-af",
                    lambda k=k, i=i: _prognose_uitleg(reken, k.id, i))
    for i in range(reken.n_gemeenten):
        naam = reken.waarde("art28_gemeenten", i)
        rij = str(naam) if naam else f"rij {i + 1}"
        for cid, _, kop in ART28_KOLOMMEN:
            standard = art28_formulas(layout, i).get(cid) if art28_first == layout.art28_first_row else None
            entry = reken.entry(cid, i)
            derived(rec, entry, reken.formule(cid, i), standard, f"{rij}, {kop}", cid, "prognose-wijkt-af",
                    lambda cid=cid, i=i: _art28_uitleg(reken, cid, i))
    total_entry = blad.cellen.get("totaal_art28_taakstelling", (None,))[0]
    derived(rec, total_entry, reken.totaal("art28_taakstelling"),
            art28_totaal_formula(layout, "art28_taakstelling") if art28_first == layout.art28_first_row else None,
            "Totaal, Taakstelling", "totaal_art28_taakstelling", "totaal-wijkt-af",
            lambda: f"de som van de gemeenten is {toon(reken.totaal('art28_taakstelling'))}")
    return rec.sorted()


def _prognose_uitleg(reken: PrognoseRekening, kolom: str, i: int) -> str:
    expected = reken.formule(kolom, i)
    g = reken.getal
    if kolom == "prognose_achterstand_eind":
        return (f"{toon(g('prognose_achterstand_begin', i))} + {toon(g('prognose_taakstelling', i))} - "
                f"{toon(g('prognose_gehuisvest', i))} = {toon(expected)}")
    if kolom == "prognose_te_huisvesten":
        return f"{toon(g('prognose_achterstand_begin', i))} + {toon(g('prognose_taakstelling', i))} = {toon(expected)}"
    if kolom == "prognose_achterstand_begin" and i > 0:
        return f"de achterstand op 31 december van het jaar ervoor is {toon(expected)}"
    return f"verwacht {toon(expected)} ({PROGNOSE_KOLOM[kolom].kop})"


def _art28_uitleg(reken: PrognoseRekening, kolom: str, i: int) -> str:
    expected = reken.formule(kolom, i)
    if kolom == "art28_taakstelling":
        share = reken.getal("art28_aandeel", i)
        return f"het aandeel {toon(share)} naar boven afgerond is {toon(expected)}"
    return f"verwacht {toon(expected)}"


def kolom_labels() -> dict[str, str]:
    """Column id -> Dutch label, for reports of findings on these sheets."""
    out = {k.id: k.kop for k in LRT_KOLOMMEN}
    out.update({v.name: v.kop for v in KAART_VELD.values()})
    out.update({k.id: k.kop for k in PROGNOSE_KOLOMMEN})
    out.update(dict((*PROGNOSE_INVOER, *ART28_INVOER)))
    out.update({cid: kop for cid, _, kop in ART28_KOLOMMEN})
    out.update({"provincies": "Provincie", "lrt_peildatum": "Peildatum", PROVINCIE_SETTING: "provincie",
                "totaal_art28_taakstelling": "Taakstelling"})
    return out


