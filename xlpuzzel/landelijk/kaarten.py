"""The indicatief-schema cards of the LRT dashboard, nationally and for this province.

Pure. A card's value is what Excel shows after a recalculation: a typed cell its typed
value, a formula cell what its formula gives from the cells it reads (the LRT table, the
dashboard's peildatum, the `provincie` setting). So the core, the sheet's formulas and
LibreOffice's recalculation agree, and :mod:`xlpuzzel.landelijk.controle` can check each
formula cell against its direct inputs as they stand.

Excel's arithmetic is followed where it matters: a blank cell is 0 in a sum, text is not a
number (a card whose start is typed as text stays empty, as `COUNT` skips it), and a date
is a number of days.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from xlpuzzel.entry import Entry, Kind
from xlpuzzel.landelijk.blad import LandelijkBlad
from xlpuzzel.landelijk.formules import kaart_formulas
from xlpuzzel.landelijk.layout import (
    CATEGORIE_BY_ID,
    KAART_VELD,
    KAARTEN,
    LRT_KOLOM_BY_ID,
    LRT_KOLOMMEN,
    NEDERLAND_LABEL,
    LandelijkLayout,
    Niveau,
    Rol,
    categorie_kolommen,
    kleur,
    opgave_kolom,
)
from xlpuzzel.landelijk.lrt import LrtTabel
from xlpuzzel.schema import indicatief_exact, round_half_up

Waarde = Fraction | dt.date | str | None

#: Card fields by the kind of value they hold.
DATUM_VELDEN = frozenset({"startdatum", "einddatum", "peildatum", "eerdere_datum"})
TEKST_VELDEN = frozenset({"kleur"})
#: Fields that hold a formula on every card (einddatum only on the province's).
_ALTIJD_FORMULE = frozenset({"eind", "peildatum", "indicatief", "realisatie", "achterstand", "percentage", "kleur"})
_EPOCH = dt.date(1899, 12, 30)


def formule_velden(niveau: Niveau) -> frozenset[str]:
    """The card fields that hold a formula at this level."""
    return _ALTIJD_FORMULE | ({"einddatum"} if niveau is Niveau.PROVINCIE else frozenset())


def invoer_velden(niveau: Niveau) -> tuple[str, ...]:
    """The card fields someone types at this level (the rest are formulas)."""
    velden = ("start", "startdatum", "einddatum", "eerdere_realisatie", "eerdere_datum")
    return tuple(v for v in velden if v not in formule_velden(niveau))


# ------------------------------------------------------------------------------ cell values


def excel_getal(entry: Entry | None) -> Fraction | None:
    """A cell's number as a formula reads it: a stored number (a date is one too); else None."""
    if entry is None:
        return None
    raw = entry.raw
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return Fraction(raw) if math.isfinite(raw) else None
    if isinstance(raw, dt.datetime):
        return Fraction((raw - dt.datetime(1899, 12, 30)).total_seconds()) / 86400
    if isinstance(raw, dt.date):
        return Fraction((raw - _EPOCH).days)
    return None


def excel_som_deel(entry: Entry | None) -> Fraction | None:
    """A cell as a term of `+` or `-`: blank is 0, a number is itself, anything else #VALUE! (None)."""
    if entry is None or entry.kind is Kind.BLANK:
        return Fraction(0)
    return excel_getal(entry)


def excel_datum(entry: Entry | None) -> dt.date | None:
    """A cell's date as a formula reads it: a stored date or date number; text is no date."""
    if entry is None:
        return None
    raw = entry.raw
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    number = excel_getal(entry)
    if number is None or not 61 <= number < 2958466:
        return None
    return _EPOCH + dt.timedelta(days=int(number))


def cel_waarde(entry: Entry | None, veld: str) -> Waarde:
    """What a card cell holds, as the kind of value its field has."""
    if entry is None:
        return None
    if veld in DATUM_VELDEN:
        return excel_datum(entry)
    if veld in TEKST_VELDEN:
        return None if entry.raw in (None, "") else str(entry.raw)
    return excel_getal(entry)


def uitgerekend(entry: Entry | None) -> bool:
    """True when a formula cell's value must be computed: a formula, never calculated, or blank."""
    return entry is None or entry.formula is not None or entry.raw is None or entry.raw == ""


# ------------------------------------------------------------------------------ the table


class Tabel:
    """The LRT table's values as formulas read them: inputs as typed, deltas and totals as they stand."""

    def __init__(self, tabel: LrtTabel) -> None:
        self.t = tabel
        self._sums: dict[str, Fraction | None] = {}

    def invoer(self, kolom_id: str, index: int) -> Fraction | None:
        """A province's opgave or realisation cell as a term of a sum."""
        return excel_som_deel(self.t.kolommen[kolom_id][index])

    def delta(self, categorie: str, index: int) -> Fraction | None:
        """What a province's delta formula gives: opgave minus realisation."""
        opgave = self.invoer(opgave_kolom(categorie).id, index)
        parts = [self.invoer(k.id, index) for k in categorie_kolommen(categorie, Rol.REALISATIE)]
        if opgave is None or any(p is None for p in parts):
            return None
        return opgave - sum(p for p in parts if p is not None)

    def stated(self, kolom_id: str, index: int) -> Fraction | None:
        """A province's cell as it stands (a delta: its formula's value unless a number was typed)."""
        kolom = LRT_KOLOM_BY_ID[kolom_id]
        entry = self.t.kolommen[kolom_id][index]
        if kolom.rol is Rol.DELTA and uitgerekend(entry):
            return self.delta(kolom.categorie, index)
        return excel_som_deel(entry)

    def som(self, kolom_id: str) -> Fraction | None:
        """What the Total formula gives: the sum of the provinces' cells as they stand (errors spoil it).

        SUM skips text where `+` fails on it; a text cell has its own finding, so here it
        counts as nothing, as SUM counts it.
        """
        if kolom_id not in self._sums:
            self._sums[kolom_id] = self._som(kolom_id)
        return self._sums[kolom_id]

    def _som(self, kolom_id: str) -> Fraction | None:
        total = Fraction(0)
        for i, entry in enumerate(self.t.kolommen[kolom_id]):
            if entry.kind is Kind.ERROR:
                return None
            value = self.stated(kolom_id, i)
            if value is None and LRT_KOLOM_BY_ID[kolom_id].rol is Rol.DELTA:
                return None  # a delta over text shows #VALUE!, which spoils the sum
            total += value or 0
        return total

    def totaal(self, kolom_id: str) -> Fraction | None:
        """The Total cell as it stands."""
        entry = self.t.totaal.get(kolom_id)
        if uitgerekend(entry):
            return self.som(kolom_id)
        return excel_getal(entry)


# ------------------------------------------------------------------------------ the cards


@dataclass(frozen=True)
class Kaart:
    """One card: the line from the old to the new task, read at the peildatum, against the realisation."""

    niveau: Niveau
    categorie: str
    #: 'Nederland' or the province's name.
    gebied: str
    start: int | None
    startdatum: dt.date | None
    eind: int | None
    einddatum: dt.date | None
    peildatum: dt.date | None
    indicatief: int | None
    realisatie: int | None
    achterstand: int | None
    percentage: Fraction | None
    kleur: str | None
    eerdere_realisatie: int | None = None
    eerdere_datum: dt.date | None = None
    eerdere_indicatief: int | None = None
    #: Inputs that are missing for the card, as 'Startpunt opgave (C13)'.
    ontbreekt: tuple[str, ...] = ()

    @property
    def naam(self) -> str:
        """The card's title as the dashboard writes it ('Opvang Oekraïne')."""
        return CATEGORIE_BY_ID[self.categorie].naam

    def to_dict(self) -> dict[str, object]:
        """The card as JSON-ready data (dates ISO, the percentage to three decimals)."""
        def iso(d: dt.date | None) -> str | None:
            return None if d is None else d.isoformat()

        return {
            "niveau": self.niveau.value,
            "categorie": self.categorie,
            "gebied": self.gebied,
            "start": self.start,
            "startdatum": iso(self.startdatum),
            "eind": self.eind,
            "einddatum": iso(self.einddatum),
            "peildatum": iso(self.peildatum),
            "indicatief": self.indicatief,
            "realisatie": self.realisatie,
            "achterstand": self.achterstand,
            "percentage": None if self.percentage is None else _afgerond(self.percentage, 3),
            "kleur": self.kleur,
            "eerdere_realisatie": self.eerdere_realisatie,
            "eerdere_datum": iso(self.eerdere_datum),
            "eerdere_indicatief": self.eerdere_indicatief,
            "ontbreekt": list(self.ontbreekt),
        }


class Kaarten:
    """The cards of a sheet: each field's value as Excel shows it after recalculation."""

    def __init__(self, blad: LandelijkBlad) -> None:
        self.blad = blad
        self.tabel = Tabel(blad.tabel)
        naam = blad.provincie_naam
        # Excel's MATCH ignores case, not spaces.
        self.index = next(
            (i for i, p in enumerate(blad.tabel.provincies) if naam and p.casefold() == naam.casefold()), None
        )
        self._cache: dict[tuple[int, str], Waarde] = {}

    def entry(self, kaart: int, veld: str) -> Entry:
        """The cell of a card field."""
        return self.blad.kaarten[kaart].cellen[veld]

    def waarde(self, kaart: int, veld: str) -> Waarde:
        """The value a card cell shows: its formula's result, or what was typed."""
        key = (kaart, veld)
        if key not in self._cache:
            niveau = KAARTEN[kaart][0]
            entry = self.entry(kaart, veld)
            if veld in formule_velden(niveau) and uitgerekend(entry):
                self._cache[key] = self.formule(kaart, veld)
            else:
                self._cache[key] = cel_waarde(entry, veld)
        return self._cache[key]

    def formule(self, kaart: int, veld: str) -> Waarde:
        """What the field's formula gives from the cells it reads, as they stand."""
        niveau, categorie = KAARTEN[kaart]
        w = self.waarde
        if veld == "peildatum":
            return excel_datum(self.blad.peildatum)
        if veld == "einddatum":
            return w(KAARTEN.index((Niveau.LANDELIJK, categorie)), "einddatum")
        realisaties = [k.id for k in categorie_kolommen(categorie, Rol.REALISATIE)]
        if veld in ("eind", "realisatie"):
            kolommen = [opgave_kolom(categorie).id] if veld == "eind" else realisaties
            if niveau is Niveau.LANDELIJK:
                parts = [self.tabel.totaal(k) for k in kolommen]
            elif self.index is None:
                return None
            else:
                entries = [self.blad.tabel.kolommen[k][self.index] for k in kolommen]
                if len(entries) == 1:  # =INDEX(..) shows a blank as 0 and text as text
                    only = entries[0]
                    return Fraction(0) if only.kind is Kind.BLANK else excel_getal(only)
                parts = [excel_som_deel(e) for e in entries]
            return None if any(p is None for p in parts) else sum((p for p in parts if p is not None), Fraction(0))
        if veld == "indicatief":
            return indicatief(*(w(kaart, v) for v in ("start", "startdatum", "eind", "einddatum", "peildatum")))
        schema, realisatie = _getal(w(kaart, "indicatief")), _getal(w(kaart, "realisatie"))
        if veld == "achterstand":
            return None if schema is None or realisatie is None else schema - realisatie
        if veld == "percentage":
            return None if schema is None or realisatie is None or schema <= 0 else realisatie / schema
        if veld == "kleur":
            share = _getal(w(kaart, "percentage"))
            return None if share is None else kleur(share)
        raise KeyError(veld)

    def kaart(self, kaart: int) -> Kaart:
        """The card at 0-based position `kaart` in KAARTEN."""
        niveau, categorie = KAARTEN[kaart]
        w = self.waarde
        start, eind = _getal(w(kaart, "start")), _getal(w(kaart, "eind"))
        eerdere, eerdere_datum = _getal(w(kaart, "eerdere_realisatie")), _datum(w(kaart, "eerdere_datum"))
        eerdere_schema = None
        if eerdere_datum is not None:
            eerdere_schema = _whole(
                indicatief(start, w(kaart, "startdatum"), eind, w(kaart, "einddatum"), eerdere_datum)
            )
        return Kaart(
            niveau=niveau,
            categorie=categorie,
            gebied=NEDERLAND_LABEL if niveau is Niveau.LANDELIJK else (self.blad.provincie_naam or "Provincie"),
            start=_whole(start),
            startdatum=_datum(w(kaart, "startdatum")),
            eind=_whole(eind),
            einddatum=_datum(w(kaart, "einddatum")),
            peildatum=_datum(w(kaart, "peildatum")),
            indicatief=_whole(w(kaart, "indicatief")),
            realisatie=_whole(w(kaart, "realisatie")),
            achterstand=_whole(w(kaart, "achterstand")),
            percentage=_getal(w(kaart, "percentage")),
            kleur=w(kaart, "kleur") if isinstance(w(kaart, "kleur"), str) else None,  # type: ignore[arg-type]
            eerdere_realisatie=_whole(eerdere),
            eerdere_datum=eerdere_datum,
            eerdere_indicatief=eerdere_schema,
            ontbreekt=self.ontbreekt(kaart),
        )

    def ontbreekt(self, kaart: int) -> tuple[str, ...]:
        """The inputs of the schema that are blank, as 'Startpunt opgave (C13)' (typed fields only)."""
        niveau, _ = KAARTEN[kaart]
        out = []
        for veld in ("start", "startdatum", "einddatum"):
            if veld in formule_velden(niveau):
                continue
            entry = self.entry(kaart, veld)
            if entry.kind is Kind.BLANK:
                out.append(f"{KAART_VELD[veld].kop} ({entry.cell})" if entry.cell else KAART_VELD[veld].kop)
        return tuple(out)

    def alle(self) -> tuple[Kaart, ...]:
        """Every card, national first."""
        return tuple(self.kaart(i) for i in range(len(KAARTEN)))


def kaarten(blad: LandelijkBlad) -> tuple[Kaart, ...]:
    """The ten cards of sheet Landelijk (five national, five for the province)."""
    return Kaarten(blad).alle()


def indicatief(start: Waarde, startdatum: Waarde, eind: Waarde, einddatum: Waarde, peildatum: Waarde
               ) -> Fraction | None:
    """The card's schema as its formula gives it: empty when an input is missing or the dates are reversed."""
    if any(v is None or isinstance(v, str) for v in (start, startdatum, eind, einddatum, peildatum)):
        return None
    begin, end, when = (_datum(v) for v in (startdatum, einddatum, peildatum))
    if begin is None or end is None or when is None or end <= begin:
        return None
    old, new = _getal(start), _getal(eind)
    if old is None or new is None:
        return None
    if when <= begin:
        return old
    if when >= end:
        return new
    exact = indicatief_exact(_plain(old), _plain(new), begin, end, when)
    return Fraction(round_half_up(exact))


def _plain(value: Fraction) -> int | float:
    """A number as a cell would hold it, for the schema's cell-value interface."""
    return int(value) if value.denominator == 1 else float(value)


def provincie_rij(tabel: LrtTabel, index: int) -> dict[str, object]:
    """A province's row of the LRT table for JSON: column id without 'lrt_' -> the value it shows.

    Asiel also gets `asiel_realisatie`, the sum regulier + NO + TGO the delta subtracts.
    """
    rekening = Tabel(tabel)
    row: dict[str, object] = {"provincie": tabel.provincies[index]}
    for k in LRT_KOLOMMEN:
        row[k.id.removeprefix("lrt_")] = _whole(rekening.stated(k.id, index))
    return _met_realisatie(row)


def totaal_rij(tabel: LrtTabel) -> dict[str, object]:
    """The Total row for JSON, as it stands (with `asiel_realisatie` as in :func:`provincie_rij`)."""
    rekening = Tabel(tabel)
    return _met_realisatie({k.id.removeprefix("lrt_"): _whole(rekening.totaal(k.id)) for k in LRT_KOLOMMEN})


def _met_realisatie(row: dict[str, object]) -> dict[str, object]:
    for categorie in CATEGORIE_BY_ID:
        parts = [row[k.id.removeprefix("lrt_")] for k in categorie_kolommen(categorie, Rol.REALISATIE)]
        if len(parts) > 1:
            known = [p for p in parts if isinstance(p, int)]
            row[f"{categorie}_realisatie"] = sum(known) if len(known) == len(parts) else None
    return row


def standaard_formules(layout: LandelijkLayout) -> Callable[[int], dict[str, str]]:
    """Card -> its fields' standard formulas (for the checks)."""
    return lambda kaart: kaart_formulas(layout, kaart)


def _getal(value: Waarde) -> Fraction | None:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, dt.date):
        return Fraction((value - _EPOCH).days)
    return None


def _datum(value: Waarde) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, Fraction) and 61 <= value < 2958466:
        return _EPOCH + dt.timedelta(days=int(value))
    return None


def _whole(value: Waarde | Fraction) -> int | None:
    """A count as a whole number (a stored 4425.0 is 4425); None otherwise."""
    if isinstance(value, Fraction):
        return round_half_up(value) if value.denominator != 1 else int(value)
    return None


def _afgerond(value: Fraction, decimals: int) -> float:
    scaled = value * 10**decimals
    return round_half_up(scaled) / 10**decimals
