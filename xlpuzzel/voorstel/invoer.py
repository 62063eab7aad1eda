"""What the proposal starts from: per gemeente its eerste voorstel, opgave and bounds, and the provincial task.

Pure. :func:`invoer_uit_puzzel` reads a :class:`~xlpuzzel.model.Puzzel` and a
:class:`~xlpuzzel.voorstel.ruimte.Ruimte`; everything after that works on plain integers.
'ntb' and blank in the eerste voorstel count as 0 (as in the issue and as Excel's SUM does);
a task that is unknown, text or negative, or bounds that contradict each other, are refused
with a Dutch message naming the cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xlpuzzel.controle.opmaak import getal
from xlpuzzel.entry import Entry, Kind
from xlpuzzel.layout import CATEGORIES, COLUMN_BY_ID, PUZZEL_SHEET, PuzzelLayout, column
from xlpuzzel.model import Puzzel
from xlpuzzel.voorstel.ruimte import GEEN_RUIMTE, Ruimte, RuimteRegel, VoorstelError

Triple = tuple[int, int, int]
NUL: Triple = (0, 0, 0)


@dataclass(frozen=True)
class Grens:
    """One bound on a gemeente's inbreng in one category, with its reason in Dutch (for the explanation)."""

    waarde: int
    #: 'ten hoogste 0 Asiel (Ruimte!C7)', 'vast op het eerste voorstel (Ruimte!H7)', ...
    reden: str


@dataclass(frozen=True)
class GemeenteInvoer:
    """One gemeente: what it offered, what its task is, and the bounds on its inbreng per category."""

    naam: str
    eerste: Triple
    opgave: Triple
    #: The workbook's own bijstelling (blank, 'ntb' and text count as 0), for the comparison.
    bijstelling: Triple = NUL
    ondergrens: tuple[Grens | None, Grens | None, Grens | None] = (None, None, None)
    bovengrens: tuple[Grens | None, Grens | None, Grens | None] = (None, None, None)
    vast: bool = False

    @property
    def opgave_totaal(self) -> int:
        """The gemeente's total task (Oek + Asiel + AMV)."""
        return sum(self.opgave)

    @property
    def eerste_totaal(self) -> int:
        """The gemeente's own total offer."""
        return sum(self.eerste)

    def laag(self, c: int) -> int:
        """The least inbreng allowed in category `c` (0 without a bound)."""
        g = self.ondergrens[c]
        return g.waarde if g is not None else 0

    @property
    def plafond(self) -> int:
        """The most the gemeente gives in total: its task or its own offer, whichever is larger.

        The province asks no gemeente for more than its share; above that, places only move
        between categories. Minima from sheet Ruimte (existing locations) are facts, so they
        raise the ceiling when they add up to more.
        """
        return max(self.opgave_totaal, self.eerste_totaal, sum(self.laag(c) for c in range(3)))

    def hoog(self, c: int) -> int:
        """The most inbreng allowed in category `c` (the ceiling without a bound)."""
        g = self.bovengrens[c]
        return min(g.waarde, self.plafond) if g is not None else self.plafond


@dataclass(frozen=True)
class VoorstelInvoer:
    """The whole input of the proposal."""

    gemeenten: tuple[GemeenteInvoer, ...]
    #: The provincial task per category (Oek, Asiel, AMV).
    provinciaal: Triple
    #: Sheet cells of the inputs, for messages: (gemeente index, column id) -> 'H14'.
    cellen: dict[tuple[int, str], str] | None = None

    @property
    def n(self) -> int:
        """Number of gemeenten."""
        return len(self.gemeenten)


def invoer_uit_puzzel(puzzel: Puzzel, ruimte: Ruimte = GEEN_RUIMTE) -> VoorstelInvoer:
    """The proposal's input from a puzzel and the bounds of sheet Ruimte."""
    layout = PuzzelLayout(len(puzzel.gemeenten))
    cellen: dict[tuple[int, str], str] = {}
    gemeenten: list[GemeenteInvoer] = []
    for i, naam in enumerate(puzzel.gemeenten):
        def value(block: str, c: int, *, ntb_is_0: bool, strict: bool, i: int = i, naam: str = naam) -> int:
            cid = f"{block}_{CATEGORIES[c].value}"
            entry = puzzel.entry(cid, i)
            cellen[(i, cid)] = entry.cell or layout.cell(cid, layout.gemeente_row(i))
            return _amount(entry, cid, naam or f"rij {i + 1}", cellen[(i, cid)], ntb_is_0=ntb_is_0, strict=strict)

        eerste = tuple(value("eerste", c, ntb_is_0=True, strict=True) for c in range(3))
        opgave = tuple(value("opgave", c, ntb_is_0=False, strict=True) for c in range(3))
        bijstelling = tuple(value("bijstelling", c, ntb_is_0=True, strict=False) for c in range(3))
        regel = ruimte.voor(naam) if naam else None
        gemeenten.append(_met_grenzen(naam, eerste, opgave, bijstelling, regel))  # type: ignore[arg-type]
    provinciaal = tuple(_provinciaal(puzzel, c, layout) for c in range(3))
    return VoorstelInvoer(tuple(gemeenten), provinciaal, cellen)  # type: ignore[arg-type]


def invoer(
    namen: Sequence[str],
    eerste: Sequence[Triple],
    opgave: Sequence[Triple],
    provinciaal: Triple | None = None,
    bijstelling: Sequence[Triple] | None = None,
    ruimte: Sequence[RuimteRegel | None] | None = None,
) -> VoorstelInvoer:
    """An input from plain numbers (tests, benchmarks); the provincial task defaults to the sum of the tasks."""
    gemeenten = tuple(
        _met_grenzen(
            naam, tuple(e), tuple(o), tuple(bijstelling[i]) if bijstelling else NUL,  # type: ignore[arg-type]
            ruimte[i] if ruimte else None,
        )
        for i, (naam, e, o) in enumerate(zip(namen, eerste, opgave))
    )
    if provinciaal is None:
        provinciaal = tuple(sum(g.opgave[c] for g in gemeenten) for c in range(3))  # type: ignore[assignment]
    return VoorstelInvoer(gemeenten, provinciaal)  # type: ignore[arg-type]


def _met_grenzen(
    naam: str, eerste: Triple, opgave: Triple, bijstelling: Triple, regel: RuimteRegel | None
) -> GemeenteInvoer:
    """A gemeente with the bounds of its Ruimte row; contradicting bounds are refused, naming both cells."""
    if regel is None:
        return GemeenteInvoer(naam, eerste, opgave, bijstelling)
    onder: list[Grens | None] = []
    boven: list[Grens | None] = []
    for c, cat in enumerate(CATEGORIES):
        lo, hi = regel.minimum[c], regel.maximum[c]
        lo_cel, hi_cel = regel.cel(f"min_{cat.value}"), regel.cel(f"max_{cat.value}")
        if lo is not None and hi is not None and lo > hi:
            raise VoorstelError(
                f"{lo_cel} ({naam}, Min {cat.label}): minstens {getal(lo)} maar {hi_cel} zegt ten hoogste "
                f"{getal(hi)}; pas een van beide aan.",
                cel=lo_cel.split("!")[1],
            )
        if regel.vast:
            vast_cel = regel.cel("vast")
            for grens, cel, wat in ((lo, lo_cel, "minstens"), (hi, hi_cel, "ten hoogste")):
                if grens is None:
                    continue
                if (wat == "minstens" and grens > eerste[c]) or (wat == "ten hoogste" and grens < eerste[c]):
                    raise VoorstelError(
                        f"{vast_cel} ({naam}): vast op het eerste voorstel ({getal(eerste[c])} {cat.label}), maar "
                        f"{cel} zegt {wat} {getal(grens)}; pas een van beide aan.",
                        cel=vast_cel.split("!")[1],
                    )
            reden = f"vast op het eerste voorstel (Ruimte!{vast_cel.split('!')[1]})"
            onder.append(Grens(eerste[c], reden))
            boven.append(Grens(eerste[c], reden))
            continue
        onder.append(Grens(lo, f"minstens {getal(lo)} {cat.label} ({lo_cel})") if lo else None)
        boven.append(Grens(hi, f"ten hoogste {getal(hi)} {cat.label} ({hi_cel})") if hi is not None else None)
    return GemeenteInvoer(
        naam, eerste, opgave, bijstelling,
        tuple(onder), tuple(boven), regel.vast,  # type: ignore[arg-type]
    )


def _amount(entry: Entry, column_id: str, naam: str, cel: str, *, ntb_is_0: bool, strict: bool) -> int:
    """A cell's number of places; 'ntb' as 0 where allowed; anything unusable refused (or 0 when not `strict`)."""
    amount = entry.amount
    if amount is not None and (amount >= 0 or column_id.startswith("bijstelling")):
        return amount
    if entry.kind is Kind.NTB and ntb_is_0:
        return 0
    if not strict:
        return 0
    label = COLUMN_BY_ID[column_id].label
    wat = f"{getal(amount)} is negatief" if amount is not None else f"'{entry.display()}' is geen aantal plaatsen"
    raise VoorstelError(
        f"{PUZZEL_SHEET}!{cel} ({naam}, {label}): {wat}; het voorstel heeft hier een geheel getal van 0 of meer nodig.",
        cel=cel,
    )


def _provinciaal(puzzel: Puzzel, c: int, layout: PuzzelLayout) -> int:
    """The provincial task of category `c` as typed in the Totaal row (set by the ministry)."""
    cid = f"opgave_{CATEGORIES[c].value}"
    entry = puzzel.totaal.get(cid)
    cel = entry.cell if entry is not None and entry.cell else layout.cell(cid, layout.totaal_row)
    if entry is not None and entry.kind is Kind.NUMBER and entry.number is not None and entry.number >= 0:
        return int(entry.number)
    shown = "leeg" if entry is None else f"'{entry.display()}'"
    raise VoorstelError(
        f"{PUZZEL_SHEET}!{cel} (Totaal, {column(cid).label}): de provinciale opgave is {shown}; het voorstel "
        "heeft hier de opgave van het Rijk nodig (een geheel getal).",
        cel=cel,
    )
