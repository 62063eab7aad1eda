"""Check a puzzel: totals, row sums, inbreng, population shares, and what staff typed.

Pure: takes a :class:`~xlpuzzel.model.Puzzel` (from the file reader, the live-Excel adapter
or a data file) and returns findings (:class:`Bevinding`), most serious first, then in sheet
order. Derived values come from :mod:`xlpuzzel.calculation`; nothing here sums on its own.

Every derived cell is checked against its *direct* inputs as they stand in the sheet (a
total against the gemeente cells above it, a percentage against the two totals it divides),
so one wrong number gives one finding, not a cascade through the rows below it. A formula
without a cached value (a workbook never calculated) is not a finding; neither is a blank
derived cell that was typed, not computed.

Severities (``ernst``):

``fout`` — the table is wrong or cannot be computed; `puzzel controleer` exits 1:
    totaal-wijkt-af, rijtotaal-wijkt-af, opgave-wijkt-af, inbreng-wijkt-af,
    percentage-wijkt-af, saldo-wijkt-af, verschil-wijkt-af, formule-wijkt-af,
    geen-getal, getal-als-tekst, foutwaarde, negatief, gemeentenaam.
``waarschuwing`` — allowed but worth a look before the table goes out:
    aandeel-inwoners (the Oek task is a population share; the PRT may agree otherwise),
    nog-niet-bekend ('ntb' counts as 0 until it is known), formule-overschreven (a typed
    number where a formula belongs: right today, stale after the next change),
    formule-gewijzigd (a formula differs from the one the layout prescribes).
``info`` — notes that need no action (none are produced yet; reports count them).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from xlpuzzel.apportionment import ApportionmentError, apportion, quotas
from xlpuzzel.calculation import (
    DerivedCell,
    Op,
    Row,
    compute,
    derived_cells,
    difference,
    expected_inbreng,
    ratio,
    row_sum,
    summed,
    total,
)
from xlpuzzel.entry import Entry, Kind
from xlpuzzel.layout import (
    COLUMN_BY_ID,
    COLUMNS,
    LANDELIJK_LABEL,
    LANDELIJK_TASK_COLUMNS,
    TOTAAL_LABEL,
    VERSCHIL_LABEL,
    Block,
    Category,
    Column,
    PuzzelLayout,
    Role,
    TotalKind,
    block_columns,
    column_letter_index,
    rowsum_parts,
)
from xlpuzzel.model import Puzzel

FOUT = "fout"
WAARSCHUWING = "waarschuwing"
INFO = "info"
ERNST_ORDER: tuple[str, ...] = (FOUT, WAARSCHUWING, INFO)

#: Code -> severity; the module docstring explains each group.
CODES: dict[str, str] = {
    "totaal-wijkt-af": FOUT,
    "rijtotaal-wijkt-af": FOUT,
    "opgave-wijkt-af": FOUT,
    "inbreng-wijkt-af": FOUT,
    "percentage-wijkt-af": FOUT,
    "saldo-wijkt-af": FOUT,
    "verschil-wijkt-af": FOUT,
    "formule-wijkt-af": FOUT,
    "geen-getal": FOUT,
    "getal-als-tekst": FOUT,
    "foutwaarde": FOUT,
    "negatief": FOUT,
    "gemeentenaam": FOUT,
    "aandeel-inwoners": WAARSCHUWING,
    "nog-niet-bekend": WAARSCHUWING,
    "formule-overschreven": WAARSCHUWING,
    "formule-gewijzigd": WAARSCHUWING,
}

#: Relative tolerance for a cached formula value against the core (Excel stores 15 digits).
FORMULA_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Bevinding:
    """One finding: where, what was found, what was expected, and a Dutch message naming the cell."""

    code: str
    ernst: str
    blad: str | None
    cel: str | None
    gemeente: str | None
    kolom: str | None
    waarde: object
    verwacht: object
    melding: str
    #: The message without its location prefix (for reports that show cell and gemeente apart).
    tekst: str = ""
    #: The gemeente, or the row label ('Totaal', 'verschil', ...) of the cell.
    plaats: str = ""

    def to_dict(self) -> dict[str, object]:
        """The finding as JSON-ready data."""
        return {
            "code": self.code,
            "ernst": self.ernst,
            "blad": self.blad,
            "cel": self.cel,
            "gemeente": self.gemeente,
            "kolom": self.kolom,
            "waarde": _jsonable(self.waarde),
            "verwacht": _jsonable(self.verwacht),
            "melding": self.melding,
        }


def controleer(puzzel: Puzzel) -> tuple[Bevinding, ...]:
    """All findings for a puzzel, ordered by severity, then by position on the sheet."""
    check = _Check(puzzel)
    check.gemeente_names()
    check.inputs()
    check.authority_totals()
    check.derived()
    check.inbreng()
    check.aandeel_inwoners()
    return tuple(sorted(check.found, key=_sort_key))


def samenvatting(bevindingen: Iterable[Bevinding]) -> dict[str, object]:
    """Counts per severity and per code, e.g. {'fout': 3, 'waarschuwing': 2, 'info': 0, ...}."""
    items = list(bevindingen)
    codes: dict[str, int] = {}
    for b in items:
        codes[b.code] = codes.get(b.code, 0) + 1
    out: dict[str, object] = {ernst: sum(1 for b in items if b.ernst == ernst) for ernst in ERNST_ORDER}
    out["totaal"] = len(items)
    out["codes"] = dict(sorted(codes.items()))
    return out


def samenvatting_tekst(samen: Mapping[str, object]) -> str:
    """'3 fouten, 2 waarschuwingen, 0 meldingen'."""
    def count(key: str, one: str, many: str) -> str:
        n = int(samen.get(key, 0))  # type: ignore[call-overload]
        return f"{n} {one if n == 1 else many}"

    return ", ".join(
        (count(FOUT, "fout", "fouten"), count(WAARSCHUWING, "waarschuwing", "waarschuwingen"),
         count(INFO, "melding", "meldingen"))
    )


# ------------------------------------------------------------------------ number formatting


def getal(value: object, decimals: int = 0) -> str:
    """A number the Dutch way: 5.589, -1.077, 1.216,8."""
    if value is None:
        return "leeg"
    number = Fraction(value) if not isinstance(value, float) else Fraction(repr(value))
    sign = "-" if number < 0 else ""
    scaled = abs(number) * 10**decimals
    rounded = int(scaled + Fraction(1, 2))  # half up, as Excel rounds for display
    whole, frac = divmod(rounded, 10**decimals)
    text = f"{whole:,}".replace(",", ".")
    if decimals:
        text += "," + str(frac).rjust(decimals, "0")
    return sign + text if rounded else text


def procent(value: Fraction | float | None, decimals: int = 1) -> str:
    """A fraction as a Dutch percentage: 0.97676 -> '97,7%'."""
    if value is None:
        return "leeg"
    return getal(Fraction(value) * 100 if not isinstance(value, float) else value * 100, decimals) + "%"


# ------------------------------------------------------------------------ internals


def kolom_label(column_id: str) -> str:
    """Dutch label of a column id as the sheet's headers write it ('Inbreng OEK')."""
    col = COLUMN_BY_ID.get(column_id)
    return _label(col) if col is not None else column_id


def _label(col: Column) -> str:
    """Column label as the sheet's headers write it ('Inbreng OEK', 'Eerste voorstel Asiel')."""
    if col.block in (Block.BIJSTELLING, Block.INBRENG) and col.category is Category.OEK:
        return f"{col.block.label} OEK"
    return col.label


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _shown(entry: Entry) -> str:
    """The cell's content as staff see it, quoted; numbers the Dutch way."""
    raw = entry.raw
    if raw is None or raw == "":
        return "leeg"
    if isinstance(raw, bool):
        return "WAAR" if raw else "ONWAAR"
    if isinstance(raw, int):
        return getal(raw)
    if isinstance(raw, float):
        if raw.is_integer():
            return getal(int(raw))
        return repr(raw).replace(".", ",")
    if isinstance(raw, (dt.date, dt.datetime)):
        return raw.strftime("%d-%m-%Y")
    return str(raw)


def _jsonable(value: object) -> object:
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def _raw_value(entry: Entry) -> object:
    return entry.raw if not isinstance(entry.raw, (dt.date, dt.datetime)) else entry.raw.isoformat()


def _sort_key(b: Bevinding) -> tuple:
    row, col = _position(b.cel)
    return (ERNST_ORDER.index(b.ernst), b.blad or "", row, col, b.code)


def _position(cel: str | None) -> tuple[int, int]:
    if not cel:
        return (10**9, 10**9)
    letters = "".join(ch for ch in cel if ch.isalpha())
    digits = "".join(ch for ch in cel if ch.isdigit())
    return (int(digits or 0), column_letter_index(letters) if letters else 0)


def _decimals(value: Fraction) -> int:
    """Decimal places of a stated value, read at Excel's 15 significant digits."""
    x = Fraction(f"{float(value):.15g}")
    d = 0
    while (x * 10**d).denominator != 1 and d < 15:
        d += 1
    return d


def _close(a: Fraction, b: Fraction) -> bool:
    return abs(float(a) - float(b)) <= FORMULA_TOLERANCE * max(1.0, abs(float(b)))


def _norm_formula(text: str) -> str:
    return text.lstrip("=").replace("$", "").replace(" ", "").upper()


_NUMERIC = (Kind.NUMBER, Kind.DECIMAL, Kind.PERCENT)


class _Check:
    def __init__(self, puzzel: Puzzel) -> None:
        self.p = puzzel
        self.n = len(puzzel.gemeenten)
        self.found: list[Bevinding] = []
        self.cells = derived_cells(self.n)
        self.any_formula = any(e is not None and e.is_formula for e in map(self.entry_of, self.cells))
        self.layout = self._layout()
        self.excel_view = self._excel_view()

    # -- recording
    def add(self, code: str, entry: Entry | None, where: str, col_id: str | None, tekst: str,
            waarde: object = None, verwacht: object = None, gemeente: str | None = None) -> None:
        """Record a finding; `where` is 'gemeente or row, column label' as the message shows it."""
        cel = entry.cell if entry is not None else None
        location = f"{cel} ({where})" if cel else where
        self.found.append(
            Bevinding(
                code=code,
                ernst=CODES[code],
                blad=(entry.sheet if entry is not None and entry.sheet else self.p.sheet),
                cel=cel,
                gemeente=gemeente,
                kolom=col_id,
                waarde=waarde,
                verwacht=_jsonable(verwacht),
                melding=f"{location}: {tekst}",
                tekst=tekst,
                plaats=where.split(", ", 1)[0],
            )
        )

    def where_row(self, index: int, col: Column) -> str:
        return f"{self.p.gemeenten[index] or 'rij zonder naam'}, {_label(col)}"

    # -- checks
    def gemeente_names(self) -> None:
        seen: dict[str, int] = {}
        for i, name in enumerate(self.p.gemeenten):
            entry = self.p.gemeente_cells[i] if i < len(self.p.gemeente_cells) else None
            if not name:
                self.add("gemeentenaam", entry, "rij zonder naam, Gemeente", "gemeenten",
                         "de gemeentenaam ontbreekt.")
                continue
            key = name.casefold()
            if key in seen:
                self.add("gemeentenaam", entry, f"{name}, Gemeente", "gemeenten",
                         f"gemeente '{name}' staat twee keer in de tabel.", waarde=name, gemeente=name)
            seen[key] = i

    def inputs(self) -> None:
        for col in COLUMNS:
            if col.role is not Role.INPUT:
                continue
            for i, entry in enumerate(self.p.columns[col.id]):
                self.value_kind(entry, col, self.where_row(i, col), self.p.gemeenten[i] or None)

    def value_kind(self, entry: Entry, col: Column, where: str, gemeente: str | None) -> None:
        """Findings about what was typed in a count cell, whatever its row."""
        shown = _shown(entry)
        raw = _raw_value(entry)
        if entry.kind is Kind.ERROR:
            self.add("foutwaarde", entry, where, col.id, f"de cel bevat de foutwaarde {shown}.", raw,
                     gemeente=gemeente)
        elif entry.kind is Kind.TEXT:
            self.add("geen-getal", entry, where, col.id, f"'{shown}' is geen getal.", raw, gemeente=gemeente)
        elif entry.kind is Kind.PERCENT:
            self.add("geen-getal", entry, where, col.id, f"'{shown}' is geen aantal maar een percentage.", raw,
                     gemeente=gemeente)
        elif entry.kind is Kind.DECIMAL:
            self.add("geen-getal", entry, where, col.id, f"'{shown}' is geen geheel getal.", raw,
                     gemeente=gemeente)
        elif entry.kind is Kind.NTB:
            self.add("nog-niet-bekend", entry, where, col.id,
                     f"'{shown}': nog niet bekend; telt als 0 in de totalen.", raw, gemeente=gemeente)
        elif entry.kind is Kind.NUMBER:
            if isinstance(entry.raw, str) and entry.cell is not None and not entry.is_formula:
                self.add("getal-als-tekst", entry, where, col.id,
                         f"'{shown}' staat als tekst in de cel; Excel telt het niet mee in de totalen. "
                         "Typ het getal opnieuw (zonder punt).", raw, verwacht=entry.number, gemeente=gemeente)
            if entry.number is not None and entry.number < 0 and not col.may_be_negative:
                self.add("negatief", entry, where, col.id,
                         f"'{shown}' is negatief; alleen een bijstelling kan negatief zijn.", raw,
                         gemeente=gemeente)

    def authority_totals(self) -> None:
        for col in COLUMNS:
            if col.total is not TotalKind.AUTHORITY:
                continue
            entry = self.p.totaal.get(col.id)
            if entry is None:
                continue
            self.value_kind(entry, col, f"{TOTAAL_LABEL}, {_label(col)}", None)
            stated = self.stated(entry, lambda c=col.id: total(self.p, c))
            if stated is None or (entry.is_formula and entry.raw is None) or entry.kind not in _NUMERIC:
                continue
            gemeenten = summed(self.p.columns[col.id])
            if gemeenten is None or gemeenten == stated:
                continue
            if col.block is Block.OPGAVE:
                diff = gemeenten - stated
                self.add(
                    "opgave-wijkt-af", entry, f"{TOTAAL_LABEL}, {_label(col)}", col.id,
                    f"de opgaven {col.category.label if col.category else ''} van de gemeenten tellen op tot "
                    f"{getal(gemeenten)}, maar de provinciale opgave is {getal(stated)} "
                    f"({getal(abs(diff))} {'te weinig' if diff < 0 else 'te veel'} verdeeld).",
                    _raw_value(entry), gemeenten,
                )
            else:
                self.add(
                    "totaal-wijkt-af", entry, f"{TOTAAL_LABEL}, {_label(col)}", col.id,
                    f"Totaal {_lower_first(_label(col))} is {getal(stated)} maar de som van de gemeenten is "
                    f"{getal(gemeenten)} (verschil {getal(stated - gemeenten)}).",
                    _raw_value(entry), gemeenten,
                )
        for cid in LANDELIJK_TASK_COLUMNS:
            entry = self.p.landelijk.get(cid)
            if entry is not None:
                self.value_kind(entry, COLUMN_BY_ID[cid], f"{LANDELIJK_LABEL}, {_label(COLUMN_BY_ID[cid])}", None)

    # -- derived cells
    def entry_of(self, cell: DerivedCell) -> Entry | None:
        if cell.row is Row.GEMEENTE:
            assert cell.index is not None
            return self.p.columns[cell.column_id][cell.index]
        return {Row.TOTAAL: self.p.totaal, Row.VERSCHIL: self.p.verschil, Row.LANDELIJK: self.p.landelijk}[
            cell.row
        ].get(cell.column_id)

    @staticmethod
    def stated(entry: Entry | None, fallback: Callable[[], Fraction | None]) -> Fraction | None:
        """The number a cell shows; the core's value where a formula was never calculated."""
        if entry is None or (entry.is_formula and entry.raw is None):
            return fallback()
        if entry.kind in _NUMERIC:
            return entry.number
        if entry.kind is Kind.BLANK and not entry.is_formula:
            return fallback()
        if entry.kind in (Kind.DASH, Kind.NVT):
            return Fraction(0)
        return None

    def stated_total(self, col_id: str, puzzel: Puzzel | None = None) -> Fraction | None:
        p = puzzel or self.p
        return self.stated(p.totaal.get(col_id), lambda: total(p, col_id))

    def direct(self, cell: DerivedCell, puzzel: Puzzel | None = None) -> Fraction | None:
        """The value a derived cell should show, given its direct inputs as they stand."""
        p = puzzel or self.p
        if cell.op is Op.SUM and COLUMN_BY_ID[cell.column_id].role is Role.ROWSUM:
            entries = []
            for i, e in enumerate(p.columns[cell.column_id]):
                value = self.stated(e, lambda i=i: row_sum(p, cell.column_id, i))
                if e.kind is Kind.ERROR or (value is None and e.kind not in (Kind.TEXT, Kind.NTB)):
                    entries.append(Entry(None, Kind.ERROR))
                else:
                    entries.append(Entry(value, Kind.NUMBER, value))
            return summed(entries)
        if cell.op in (Op.ROWSUM, Op.SUM):
            return compute(cell, p)
        if cell.op is Op.RATIO:
            return ratio(self.stated_total(cell.args[0], p), self.stated_total(cell.args[1], p))
        if cell.op is Op.DIFF:
            return difference(self.stated_total(cell.args[0], p), self.stated_total(cell.args[1], p))
        parts = [self.stated_total(c, p) for c in cell.args[1:]]
        if any(v is None for v in parts):
            return None
        return difference(self.stated_total(cell.args[0], p), sum((v for v in parts if v is not None), Fraction(0)))

    def derived(self) -> None:
        for cell in self.cells:
            entry = self.entry_of(cell)
            if entry is None:
                continue
            expected = self.direct(cell)
            if entry.kind is Kind.ERROR:
                if expected is not None:
                    self.add("foutwaarde", entry, self.where_derived(cell), cell.column_id,
                             f"de cel bevat de foutwaarde {_shown(entry)}; verwacht {self.show(cell, expected)}.",
                             _raw_value(entry), expected, gemeente=self.gemeente_of(cell))
                continue
            if entry.is_formula:
                self.check_formula(cell, entry, expected)
            else:
                self.check_typed(cell, entry, expected)

    def check_formula(self, cell: DerivedCell, entry: Entry, expected: Fraction | None) -> None:
        standard = self.standard_formula(cell, entry)
        changed = standard is not None and _norm_formula(entry.formula or "") != _norm_formula(standard)
        where = self.where_derived(cell)
        if entry.raw is not None:
            cached = entry.number if entry.kind in _NUMERIC else None
            if entry.kind in (Kind.DASH, Kind.NVT):
                cached = Fraction(0)
            if not self.same(cached, expected) and not self.explained_by_text_numbers(cell, cached):
                note = f" De formule {entry.formula} wijkt af van {standard}." if changed else (
                    " Herbereken de werkmap (Ctrl+Alt+F9) en controleer de formule."
                )
                self.add("formule-wijkt-af", entry, where, cell.column_id,
                         f"de formule toont {self.show(cell, cached)} maar {self.explain(cell, expected)}.{note}",
                         _raw_value(entry), expected, gemeente=self.gemeente_of(cell))
                return
        if changed:
            self.add("formule-gewijzigd", entry, where, cell.column_id,
                     f"de formule {entry.formula} wijkt af van de standaardformule {standard}.",
                     entry.formula, standard, gemeente=self.gemeente_of(cell))

    def check_typed(self, cell: DerivedCell, entry: Entry, expected: Fraction | None) -> None:
        where = self.where_derived(cell)
        gemeente = self.gemeente_of(cell)
        if entry.kind is Kind.BLANK:
            return
        if entry.kind in (Kind.TEXT, Kind.NTB):
            hint = f"; {self.explain(cell, expected)}" if expected is not None else ""
            self.add("geen-getal", entry, where, cell.column_id, f"'{_shown(entry)}' is geen getal{hint}.",
                     _raw_value(entry), expected, gemeente=gemeente)
            return
        typed = entry.value
        if typed is None or expected is None:
            return
        decimals = _decimals(typed)
        if cell.op is Op.RATIO:
            decimals = max(decimals, 2)
        tolerance = Fraction(1, 2 * 10**decimals)
        if abs(typed - expected) <= tolerance:
            if self.any_formula:
                self.add("formule-overschreven", entry, where, cell.column_id,
                         f"hier hoort een formule, maar er staat het getypte getal {self.show(cell, typed)}; "
                         "het telt niet mee als de gemeenten veranderen.",
                         _raw_value(entry), expected, gemeente=gemeente)
            return
        code = {
            Op.ROWSUM: "rijtotaal-wijkt-af",
            Op.SUM: "totaal-wijkt-af",
            Op.RATIO: "percentage-wijkt-af",
            Op.DIFF: "saldo-wijkt-af",
            Op.CLOSURE: "verschil-wijkt-af",
        }[cell.op]
        col = COLUMN_BY_ID[cell.column_id]
        if cell.op is Op.SUM:
            text = (f"Totaal {_lower_first(_label(col))} is {getal(typed)} maar de som van de gemeenten is "
                    f"{getal(expected)} (verschil {getal(typed - expected)}).")
        elif cell.op is Op.ROWSUM:
            text = (f"Oek + Asiel is {self.show(cell, typed)} maar {self.explain(cell, expected)} "
                    f"(verschil {getal(typed - expected)}).")
        else:
            noun = {Op.RATIO: "het percentage", Op.DIFF: "het saldo", Op.CLOSURE: "het verschil"}[cell.op]
            text = f"{noun} {self.show(cell, typed)} klopt niet: {self.explain(cell, expected)}."
        if self.any_formula:
            text += " Hier hoort een formule; er staat een getypt getal."
        self.add(code, entry, where, cell.column_id, text, _raw_value(entry), expected, gemeente=gemeente)

    def same(self, cached: Fraction | None, expected: Fraction | None) -> bool:
        if cached is None or expected is None:
            return cached is None and expected is None
        return _close(cached, expected)

    def explained_by_text_numbers(self, cell: DerivedCell, cached: Fraction | None) -> bool:
        """Excel's SUM skips numbers stored as text; those cells get their own finding."""
        if self.excel_view is None or cell.op not in (Op.ROWSUM, Op.SUM):
            return False
        return self.same(cached, self.direct(cell, self.excel_view))

    # -- texts
    def where_derived(self, cell: DerivedCell) -> str:
        col = COLUMN_BY_ID[cell.column_id]
        if cell.row is Row.GEMEENTE:
            assert cell.index is not None
            return self.where_row(cell.index, col)
        label = {Row.TOTAAL: TOTAAL_LABEL, Row.VERSCHIL: VERSCHIL_LABEL, Row.LANDELIJK: LANDELIJK_LABEL}[cell.row]
        return f"{label}, {_label(col)}"

    def gemeente_of(self, cell: DerivedCell) -> str | None:
        if cell.row is Row.GEMEENTE and cell.index is not None:
            return self.p.gemeenten[cell.index] or None
        return None

    @staticmethod
    def show(cell: DerivedCell, value: Fraction | None) -> str:
        if value is None:
            return "leeg"
        if cell.op is Op.RATIO:
            return procent(value, 0 if _decimals(value) <= 2 else 1)
        return getal(value, 0 if Fraction(value).denominator == 1 else 1)

    def explain(self, cell: DerivedCell, expected: Fraction | None) -> str:
        """How the expected value comes about, in words and numbers."""
        if cell.op is Op.ROWSUM:
            assert cell.index is not None
            parts = [self.p.columns[c.id][cell.index] for c in rowsum_parts(cell.column_id)]
            terms = " + ".join(_shown(e) if e.kind is not Kind.BLANK else "0" for e in parts)
            return f"{terms} = {self.show(cell, expected)}"
        if cell.op is Op.SUM:
            return f"de som van de gemeenten is {self.show(cell, expected)}"
        if cell.op is Op.RATIO:
            offer, task = (self.stated_total(c) for c in cell.args)
            value = "leeg" if expected is None else procent(expected, 1)
            return f"{getal(offer)} / {getal(task)} = {value}"
        if cell.op is Op.DIFF:
            offer, task = (self.stated_total(c) for c in cell.args)
            return f"{getal(offer)} - {getal(task)} = {self.show(cell, expected)}"
        own = self.stated_total(cell.args[0])
        parts_text = " + ".join(getal(self.stated_total(c)) for c in cell.args[1:])
        return f"{getal(own)} - ({parts_text}) = {self.show(cell, expected)}"

    # -- formulas
    def _layout(self) -> PuzzelLayout | None:
        cells = self.p.gemeente_cells
        if not cells or cells[0].cell is None:
            return None
        first = _position(cells[0].cell)[0]
        return PuzzelLayout(self.n, first_row=first)

    def standard_formula(self, cell: DerivedCell, entry: Entry) -> str | None:
        """The formula the layout prescribes, when the cell sits where the layout puts it."""
        if self.layout is None:
            return None
        from xlpuzzel.formulas import cell_address, excel_formula

        if cell_address(cell, self.layout) != entry.cell:
            return None
        return excel_formula(cell, self.layout)

    def _excel_view(self) -> Puzzel | None:
        """The puzzel as Excel's SUM sees it: numbers stored as text count 0."""
        changed = False
        columns: dict[str, tuple[Entry, ...]] = {}
        for cid, entries in self.p.columns.items():
            row = []
            for e in entries:
                if e.kind in _NUMERIC and isinstance(e.raw, str) and e.cell is not None and not e.is_formula:
                    row.append(Entry(e.raw, Kind.TEXT, None, e.sheet, e.cell))
                    changed = True
                else:
                    row.append(e)
            columns[cid] = tuple(row)
        if not changed:
            return None
        return Puzzel(self.p.gemeenten, columns, self.p.totaal, self.p.verschil, self.p.landelijk,
                      self.p.gemeente_cells, self.p.sheet)

    # -- inbreng and population shares
    def inbreng(self) -> None:
        for cat in (c.category for c in block_columns(Block.INBRENG)):
            assert cat is not None
            col = COLUMN_BY_ID[f"inbreng_{cat.value}"]
            for i in range(self.n):
                expected = expected_inbreng(self.p, cat.value, i)
                entry = self.p.entry(col.id, i)
                actual = entry.amount
                if expected is None or actual is None or actual == expected:
                    continue
                first = self.p.entry(f"eerste_{cat.value}", i)
                change = self.p.entry(f"bijstelling_{cat.value}", i)
                self.add(
                    "inbreng-wijkt-af", entry, self.where_row(i, col), col.id,
                    f"de inbreng is {_shown(entry)}, maar eerste voorstel {getal(first.amount)} + bijstelling "
                    f"{getal(change.amount)} = {getal(expected)}.",
                    _raw_value(entry), expected, gemeente=self.p.gemeenten[i] or None,
                )

    def aandeel_inwoners(self) -> None:
        task_entry = self.p.totaal.get("opgave_oek")
        if task_entry is None:
            return
        task = self.stated(task_entry, lambda: None)
        if task is None or task.denominator != 1 or task <= 0:
            return
        inwoners = [e.amount for e in self.p.columns["inwoners"]]
        if any(v is None or v < 0 for v in inwoners):
            return
        weights = [v for v in inwoners if v is not None]
        total_inwoners = total(self.p, "inwoners")
        whole = sum(weights)
        if total_inwoners is None or total_inwoners <= 0 or whole <= 0 or total_inwoners.denominator != 1:
            return
        rest = int(total_inwoners) - whole
        try:
            # The CBS total is the denominator; inhabitants it counts beyond the listed
            # gemeenten take part as one extra weight, so shares and Hamilton agree with it.
            extra = [rest] if rest > 0 else []
            shares = quotas(int(task), weights + extra)[: self.n]
            hamilton = apportion(int(task), weights + extra)[: self.n]
        except ApportionmentError:
            return
        if rest < 0:
            shares = [q * whole / int(total_inwoners) for q in shares]
        col = COLUMN_BY_ID["opgave_oek"]
        for i, (share, ham) in enumerate(zip(shares, hamilton)):
            entry = self.p.entry("opgave_oek", i)
            actual = entry.amount
            if actual is None or entry.kind is not Kind.NUMBER:
                continue
            low = share.numerator // share.denominator
            if actual in (low, -(-share.numerator // share.denominator)):
                continue
            self.add(
                "aandeel-inwoners", entry, self.where_row(i, col), col.id,
                f"de opgave Oek is {getal(actual)} maar het aandeel naar inwoners is {getal(share, 1)} "
                f"({getal(weights[i])} van {getal(total_inwoners)} inwoners, van {getal(task)}); "
                f"verwacht {getal(ham)}.",
                _raw_value(entry), ham, gemeente=self.p.gemeenten[i] or None,
            )
