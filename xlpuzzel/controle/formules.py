"""Checks on formulas: a cached value that is off, a formula changed from the layout's, and a
typed number where a formula belongs.
"""

from __future__ import annotations

from fractions import Fraction

from xlpuzzel.calculation import DerivedCell, Op
from xlpuzzel.controle.bevinding import raw_value
from xlpuzzel.controle.check import NUMERIC, Check
from xlpuzzel.entry import Entry, Kind

#: Relative tolerance for a cached formula value against the core (Excel stores 15 digits).
FORMULA_TOLERANCE = 1e-9


def check_formula(check: Check, cell: DerivedCell, entry: Entry, expected: Fraction | None) -> None:
    """A formula cell shows what its inputs give, and is the formula the layout prescribes."""
    standard = standard_formula(check, cell, entry)
    changed = standard is not None and norm_formula(entry.formula or "") != norm_formula(standard)
    where = check.where_derived(cell)
    if entry.raw is not None:
        cached = entry.number if entry.kind in NUMERIC else None
        if entry.kind in (Kind.DASH, Kind.NVT):
            cached = Fraction(0)
        if not same(cached, expected) and not explained_by_text_numbers(check, cell, cached):
            note = f" De formule {entry.formula} wijkt af van {standard}." if changed else (
                " Herbereken de werkmap (Ctrl+Alt+F9) en controleer de formule."
            )
            check.add("formule-wijkt-af", entry, where, cell.column_id,
                      f"de formule toont {check.show(cell, cached)} maar {check.explain(cell, expected)}.{note}",
                      raw_value(entry), expected, gemeente=check.gemeente_of(cell))
            return
    if changed:
        check.add("formule-gewijzigd", entry, where, cell.column_id,
                  f"de formule {entry.formula} wijkt af van de standaardformule {standard}.",
                  entry.formula, standard, gemeente=check.gemeente_of(cell))


def overwritten(check: Check, cell: DerivedCell, entry: Entry, typed: Fraction, expected: Fraction) -> None:
    """A typed number that is right today where a formula belongs: stale after the next change."""
    check.add("formule-overschreven", entry, check.where_derived(cell), cell.column_id,
              f"hier hoort een formule, maar er staat het getypte getal {check.show(cell, typed)}; "
              "het telt niet mee als de gemeenten veranderen.",
              raw_value(entry), expected, gemeente=check.gemeente_of(cell))


def same(cached: Fraction | None, expected: Fraction | None) -> bool:
    """Both empty, or equal within :data:`FORMULA_TOLERANCE`."""
    if cached is None or expected is None:
        return cached is None and expected is None
    return close(cached, expected)


def close(a: Fraction, b: Fraction) -> bool:
    """Equal within :data:`FORMULA_TOLERANCE`, relative to `b` (absolute below 1)."""
    return abs(float(a) - float(b)) <= FORMULA_TOLERANCE * max(1.0, abs(float(b)))


def norm_formula(text: str) -> str:
    """Formula text compared without '=', '$', spaces or case."""
    return text.lstrip("=").replace("$", "").replace(" ", "").upper()


def explained_by_text_numbers(check: Check, cell: DerivedCell, cached: Fraction | None) -> bool:
    """Excel's SUM skips numbers stored as text; those cells get their own finding."""
    if check.excel_view is None or cell.op not in (Op.ROWSUM, Op.SUM):
        return False
    return same(cached, check.direct(cell, check.excel_view))


def standard_formula(check: Check, cell: DerivedCell, entry: Entry) -> str | None:
    """The formula the layout prescribes, when the cell sits where the layout puts it."""
    if check.layout is None:
        return None
    from xlpuzzel.formulas import cell_address, excel_formula

    if cell_address(cell, check.layout) != entry.cell:
        return None
    return excel_formula(cell, check.layout)
