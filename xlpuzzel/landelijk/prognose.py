"""The statushouders prognosis (bijlage Prognose) and the art. 28 taakstelling per gemeente.

Pure. The backlog model of the bijlage: per year, achterstand on 31 December = achterstand
on 1 January + taakstelling − gehuisvest, and the next year starts with it; "te huisvesten"
is what the year asks: achterstand on 1 January + taakstelling (the bijlage labels that
column "opvolgend jaar" but fills it with the same year's figure). Scenarios laag and hoog
run the same model with other housing assumptions.

Huisvestingswet 2014, art. 28: a gemeente's half-year taakstelling is the national number ×
its inhabitants / the national inhabitants, rounded **up**, exactly (so the gemeenten's sum
can exceed the province's share).

:class:`PrognoseRekening` reads sheet Prognose as Excel does after a recalculation (a
typed cell its typed value, a formula cell its formula's result from the cells it reads),
so the core, the sheet and LibreOffice agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from xlpuzzel.entry import Entry, Kind
from xlpuzzel.landelijk.blad import PrognoseBlad
from xlpuzzel.landelijk.kaarten import excel_getal, excel_som_deel, uitgerekend
from xlpuzzel.landelijk.layout import ART28_KOLOMMEN, PROGNOSE_KOLOMMEN, SCENARIOS
from xlpuzzel.model import Puzzel


@dataclass(frozen=True)
class Jaar:
    """One year of the backlog model."""

    jaar: int
    achterstand_begin: int
    taakstelling: int
    gehuisvest: int
    achterstand_eind: int
    te_huisvesten: int


def prognose(start_achterstand: int, eerste_jaar: int, taakstellingen: Sequence[int], gehuisvest: Sequence[int]
             ) -> tuple[Jaar, ...]:
    """The backlog year by year: each year starts with the previous year's end."""
    out = []
    begin = start_achterstand
    for i, (taak, huis) in enumerate(zip(taakstellingen, gehuisvest, strict=True)):
        eind = begin + taak - huis
        out.append(Jaar(eerste_jaar + i, begin, taak, huis, eind, begin + taak))
        begin = eind
    return tuple(out)


def art28_taakstelling(landelijk: int, inwoners: Sequence[int], inwoners_nederland: int) -> tuple[int, ...]:
    """Each gemeente's taakstelling: national number × inhabitants / national inhabitants, rounded up."""
    if inwoners_nederland <= 0:
        raise ValueError("inwoners_nederland must be positive")
    return tuple(-((-landelijk * n) // inwoners_nederland) for n in inwoners)


def art28_aandeel(landelijk: int, inwoners: int, inwoners_nederland: int) -> Fraction:
    """A gemeente's exact share before rounding up."""
    return Fraction(landelijk * inwoners, inwoners_nederland)


# ------------------------------------------------------------------------------ the sheet


#: Column ids of sheet Prognose that hold formulas (year table and art. 28 table).
FORMULE_KOLOMMEN = frozenset(
    (*(k.id for k in PROGNOSE_KOLOMMEN if not k.invoer), *(cid for cid, _, _ in ART28_KOLOMMEN))
)


def _n(entry: Entry) -> Fraction:
    """Excel's N(): a number is itself, anything else 0."""
    value = excel_getal(entry)
    return Fraction(0) if value is None else value


def _leeg(entry: Entry) -> bool:
    """Excel's `cell=""`: a blank cell or an empty text."""
    return entry.kind is Kind.BLANK


class PrognoseRekening:
    """Sheet Prognose as Excel shows it after a recalculation; also what each formula cell should show."""

    def __init__(self, blad: PrognoseBlad, puzzel: Puzzel | None = None) -> None:
        self.blad = blad
        self.puzzel = puzzel
        self.n_jaren = len(blad.cellen[PROGNOSE_KOLOMMEN[0].id])
        self.n_gemeenten = len(blad.cellen[ART28_KOLOMMEN[0][0]])
        self._cache: dict[tuple[str, int], Fraction | str | None] = {}

    def entry(self, name: str, index: int = 0) -> Entry:
        """The cell of a defined name (index: row within a column)."""
        return self.blad.cellen[name][index]

    def formule_kolommen(self) -> frozenset[str]:
        """Column ids that hold formulas (year table and art. 28 table)."""
        return FORMULE_KOLOMMEN

    def waarde(self, name: str, index: int) -> Fraction | str | None:
        """The value a cell of a column shows: its formula's result, or what was typed ('' is None)."""
        key = (name, index)
        if key not in self._cache:
            entry = self.entry(name, index)
            if name in self.formule_kolommen() and uitgerekend(entry):
                self._cache[key] = self.formule(name, index)
            elif isinstance(entry.raw, str) and entry.kind is not Kind.BLANK:
                self._cache[key] = entry.raw
            else:
                self._cache[key] = excel_getal(entry)
        return self._cache[key]

    def getal(self, name: str, index: int) -> Fraction | None:
        """A column cell's number (None for blank, text or an error)."""
        value = self.waarde(name, index)
        return value if isinstance(value, Fraction) else None

    def formule(self, name: str, index: int) -> Fraction | str | None:
        """What the formula of a column cell gives, from the cells it reads as they stand."""
        if name.startswith("art28_"):
            return self._art28(name, index)
        jaar = self.getal("prognose_jaar", index) if name != "prognose_jaar" else None
        if name == "prognose_jaar":
            horizon = excel_getal(self.entry("prognose_horizon"))
            if index == 0:
                eerste = excel_getal(self.entry("prognose_eerste_jaar"))
                if eerste is None or horizon is None or horizon < eerste:
                    return None
                return eerste
            above = self.getal("prognose_jaar", index - 1)
            if above is None or horizon is None or above + 1 > horizon:
                return None
            return above + 1
        if jaar is None:
            return None
        taak = excel_som_deel(self.entry("prognose_taakstelling", index))
        if name == "prognose_achterstand_begin":
            if index == 0:
                return _n(self.entry("prognose_start_achterstand"))
            return self.getal("prognose_achterstand_eind", index - 1)
        begin = self.getal("prognose_achterstand_begin", index)
        if name == "prognose_te_huisvesten":
            return None if begin is None or taak is None else begin + taak
        for scenario, (housed, end) in SCENARIOS.items():
            if name != end:
                continue
            huis = excel_som_deel(self.entry(housed, index))
            if scenario == "midden":
                return None if begin is None or taak is None or huis is None else begin + taak - huis
            if _leeg(self.entry(housed, index)):
                return None
            if index == 0:
                vorige: Fraction | None = _n(self.entry("prognose_start_achterstand"))
            else:
                vorige = self.getal(end, index - 1)
            return None if vorige is None or taak is None or huis is None else vorige + taak - huis
        raise KeyError(name)

    def _art28(self, name: str, index: int) -> Fraction | str | None:
        if name in ("art28_gemeenten", "art28_inwoners"):
            if self.puzzel is None or index >= len(self.puzzel.gemeenten):
                return None
            if name == "art28_gemeenten":
                return self.puzzel.gemeenten[index] or None
            entry = self.puzzel.columns["inwoners"][index]
            return None if entry.kind is Kind.BLANK else excel_getal(entry)
        if name == "art28_aandeel":
            landelijk = _n(self.entry("art28_landelijke_taakstelling"))
            nederland = _n(self.entry("art28_inwoners_nederland"))
            gemeente = self.waarde("art28_gemeenten", index)
            inwoners = self.waarde("art28_inwoners", index)
            if landelijk == 0 or nederland == 0 or gemeente in (None, "") or inwoners is None:
                return None
            if not isinstance(inwoners, Fraction):
                return None
            return landelijk * inwoners / nederland
        if name == "art28_taakstelling":
            share = self.getal("art28_aandeel", index)
            return None if share is None else Fraction(-((-share.numerator) // share.denominator))
        raise KeyError(name)

    def totaal(self, kolom_id: str) -> Fraction:
        """Sum of an art. 28 column as SUM gives it (text and blanks skipped)."""
        return sum((self.getal(kolom_id, i) or Fraction(0) for i in range(self.n_gemeenten)), Fraction(0))

    def rijen(self) -> list[dict[str, object]]:
        """The years in use (up to the horizon), each as JSON-ready data."""
        out = []
        for i in range(self.n_jaren):
            jaar = self.getal("prognose_jaar", i)
            if jaar is None:
                break
            row: dict[str, object] = {"jaar": _int(jaar)}
            for k in PROGNOSE_KOLOMMEN[1:]:
                row[k.id.removeprefix("prognose_")] = _int(self.getal(k.id, i))
            out.append(row)
        return out

    def gemeenten(self) -> list[dict[str, object]]:
        """Per gemeente its art. 28 taakstelling (None until national number and inhabitants are filled in)."""
        out = []
        for i in range(self.n_gemeenten):
            naam = self.waarde("art28_gemeenten", i)
            if naam in (None, ""):
                continue
            share = self.getal("art28_aandeel", i)
            out.append(
                {
                    "gemeente": naam if isinstance(naam, str) else str(_int(naam)),
                    "inwoners": _int(self.getal("art28_inwoners", i)),
                    "aandeel": None if share is None else float(share),
                    "taakstelling": _int(self.getal("art28_taakstelling", i)),
                }
            )
        return out


def _int(value: Fraction | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value.denominator == 1 else float(value)
