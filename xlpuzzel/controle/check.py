"""One run of :func:`~xlpuzzel.controle.controleer`: the puzzel, the findings so far, and what
every check reads from the sheet (stated values, direct inputs, where a cell is, how a value
comes about).

Derived values come from :mod:`xlpuzzel.calculation`; nothing here sums on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from xlpuzzel.calculation import (
    DerivedCell,
    Op,
    Row,
    compute,
    derived_cells,
    difference,
    ratio,
    row_sum,
    summed,
    total,
)
from xlpuzzel.controle.bevinding import Bevinding, bevinding, position
from xlpuzzel.controle.opmaak import decimal_places, getal, label, procent, shown
from xlpuzzel.entry import Entry, Kind
from xlpuzzel.layout import (
    COLUMN_BY_ID,
    LANDELIJK_LABEL,
    TOTAAL_LABEL,
    VERSCHIL_LABEL,
    Column,
    PuzzelLayout,
    Role,
    rowsum_parts,
)
from xlpuzzel.model import Puzzel

#: Kinds of entry whose number counts as the value the cell shows.
NUMERIC = (Kind.NUMBER, Kind.DECIMAL, Kind.PERCENT)


class Check:
    """The puzzel under check and the findings recorded so far."""

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
        self.found.append(bevinding(code, entry, where, col_id, tekst, self.p.sheet, waarde, verwacht, gemeente))

    def where_row(self, index: int, col: Column) -> str:
        """'Gemeente, column label' of a gemeente cell, as a message names it."""
        return f"{self.p.gemeenten[index] or 'rij zonder naam'}, {label(col)}"

    # -- reading the sheet
    def entry_of(self, cell: DerivedCell) -> Entry | None:
        """The sheet's entry for a derived cell (None where the row lacks the column)."""
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
        if entry.kind in NUMERIC:
            return entry.number
        if entry.kind is Kind.BLANK and not entry.is_formula:
            return fallback()
        if entry.kind in (Kind.DASH, Kind.NVT):
            return Fraction(0)
        return None

    def stated_total(self, col_id: str, puzzel: Puzzel | None = None) -> Fraction | None:
        """The number a column's Totaal cell shows."""
        p = puzzel or self.p
        return self.stated(p.totaal.get(col_id), lambda: total(p, col_id))

    def direct(self, cell: DerivedCell, puzzel: Puzzel | None = None) -> Fraction | None:
        """The value a derived cell should show, given its direct inputs as they stand."""
        p = puzzel or self.p
        if cell.op is Op.SUM and COLUMN_BY_ID[cell.column_id].role is Role.ROWSUM:
            return self.stated_row_sums(cell.column_id, p)
        if cell.op in (Op.ROWSUM, Op.SUM):
            return compute(cell, p)
        if cell.op is Op.RATIO:
            return ratio(self.stated_total(cell.args[0], p), self.stated_total(cell.args[1], p))
        if cell.op is Op.DIFF:
            return difference(self.stated_total(cell.args[0], p), self.stated_total(cell.args[1], p))
        if cell.op is Op.PARTS:
            parts = [self.stated_total(c, p) for c in cell.args]
            if any(v is None for v in parts):
                return None
            return sum((v for v in parts if v is not None), Fraction(0))
        return difference(self.stated_row_sums(cell.column_id, p), self.stated_total(cell.column_id, p))

    def stated_row_sums(self, column_id: str, puzzel: Puzzel | None = None) -> Fraction | None:
        """Sum of a row-sum column's gemeente cells as they show (the core's value where never calculated)."""
        p = puzzel or self.p
        entries = []
        for i, e in enumerate(p.columns[column_id]):
            value = self.stated(e, lambda i=i: row_sum(p, column_id, i))
            if e.kind is Kind.ERROR or (value is None and e.kind not in (Kind.TEXT, Kind.NTB)):
                entries.append(Entry(None, Kind.ERROR))
            else:
                entries.append(Entry(value, Kind.NUMBER, value))
        return summed(entries)

    # -- texts
    def where_derived(self, cell: DerivedCell) -> str:
        """'Gemeente or row label, column label' of a derived cell, as a message names it."""
        col = COLUMN_BY_ID[cell.column_id]
        if cell.row is Row.GEMEENTE:
            assert cell.index is not None
            return self.where_row(cell.index, col)
        row_label = {Row.TOTAAL: TOTAAL_LABEL, Row.VERSCHIL: VERSCHIL_LABEL, Row.LANDELIJK: LANDELIJK_LABEL}[
            cell.row
        ]
        return f"{row_label}, {label(col)}"

    def gemeente_of(self, cell: DerivedCell) -> str | None:
        """The gemeente of a derived cell on a gemeente row, else None."""
        if cell.row is Row.GEMEENTE and cell.index is not None:
            return self.p.gemeenten[cell.index] or None
        return None

    @staticmethod
    def show(cell: DerivedCell, value: Fraction | None) -> str:
        """A derived value the Dutch way: a percentage for a ratio, else a number."""
        if value is None:
            return "leeg"
        if cell.op is Op.RATIO:
            return procent(value, 0 if decimal_places(value) <= 2 else 1)
        return getal(value, 0 if Fraction(value).denominator == 1 else 1)

    def explain(self, cell: DerivedCell, expected: Fraction | None) -> str:
        """How the expected value comes about, in words and numbers."""
        if cell.op is Op.ROWSUM:
            assert cell.index is not None
            parts = [self.p.columns[c.id][cell.index] for c in rowsum_parts(cell.column_id)]
            terms = " + ".join(shown(e) if e.kind is not Kind.BLANK else "0" for e in parts)
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
        if cell.op is Op.PARTS:
            parts_text = " + ".join(getal(self.stated_total(c)) for c in cell.args)
            return f"de provinciale opgaven tellen op tot {parts_text} = {self.show(cell, expected)}"
        gemeenten, own = self.stated_row_sums(cell.column_id), self.stated_total(cell.column_id)
        return (
            f"de opgaven van de gemeenten tellen op tot {getal(gemeenten)} en de provinciale opgave is "
            f"{getal(own)}, dus {getal(gemeenten)} - {getal(own)} = {self.show(cell, expected)}"
        )

    # -- views the formula checks compare against
    def _layout(self) -> PuzzelLayout | None:
        """The layout the sheet follows, placed at the first gemeente's row (None without addresses)."""
        cells = self.p.gemeente_cells
        if not cells or cells[0].cell is None:
            return None
        first = position(cells[0].cell)[0]
        return PuzzelLayout(self.n, first_row=first)

    def _excel_view(self) -> Puzzel | None:
        """The puzzel as Excel's SUM sees it: numbers stored as text count 0."""
        changed = False
        columns: dict[str, tuple[Entry, ...]] = {}
        for cid, entries in self.p.columns.items():
            row = []
            for e in entries:
                # Typed or a formula's text result ('1000' as text): Excel's SUM skips both.
                if e.kind in NUMERIC and isinstance(e.raw, str) and e.cell is not None:
                    row.append(Entry(e.raw, Kind.TEXT, None, e.sheet, e.cell))
                    changed = True
                else:
                    row.append(e)
            columns[cid] = tuple(row)
        if not changed:
            return None
        return Puzzel(self.p.gemeenten, columns, self.p.totaal, self.p.verschil, self.p.landelijk,
                      self.p.gemeente_cells, self.p.sheet)
