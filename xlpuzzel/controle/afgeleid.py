"""Checks on derived cells (totals, row sums, percentages, saldo and verschil rows): each against
its direct inputs as they stand, so one wrong number gives one finding.

A formula goes to :mod:`.formules`, a typed total or row sum to :mod:`.totalen`; the typed
percentage, saldo and verschil rows are worded here.
"""

from __future__ import annotations

from fractions import Fraction

from xlpuzzel.calculation import DerivedCell, Op
from xlpuzzel.controle.bevinding import raw_value
from xlpuzzel.controle.check import Check
from xlpuzzel.controle.formules import check_formula, overwritten
from xlpuzzel.controle.opmaak import decimal_places, shown
from xlpuzzel.controle.totalen import typed_total
from xlpuzzel.entry import Entry, Kind

_CODE = {Op.RATIO: "percentage-wijkt-af", Op.DIFF: "saldo-wijkt-af", Op.CLOSURE: "verschil-wijkt-af"}
_NOUN = {Op.RATIO: "het percentage", Op.DIFF: "het saldo", Op.CLOSURE: "het verschil"}


def derived(check: Check) -> None:
    """Every derived cell, in the order of :func:`~xlpuzzel.calculation.derived_cells`."""
    for cell in check.cells:
        entry = check.entry_of(cell)
        if entry is None:
            continue
        expected = check.direct(cell)
        if entry.kind is Kind.ERROR:
            if expected is not None:
                check.add("foutwaarde", entry, check.where_derived(cell), cell.column_id,
                          f"de cel bevat de foutwaarde {shown(entry)}; verwacht {check.show(cell, expected)}.",
                          raw_value(entry), expected, gemeente=check.gemeente_of(cell))
            continue
        if entry.is_formula:
            check_formula(check, cell, entry, expected)
        else:
            check_typed(check, cell, entry, expected)


def check_typed(check: Check, cell: DerivedCell, entry: Entry, expected: Fraction | None) -> None:
    """A typed value where a derived value belongs: a number, and equal at its own precision."""
    where = check.where_derived(cell)
    gemeente = check.gemeente_of(cell)
    if entry.kind is Kind.BLANK:
        return
    if entry.kind in (Kind.TEXT, Kind.NTB):
        hint = f"; {check.explain(cell, expected)}" if expected is not None else ""
        check.add("geen-getal", entry, where, cell.column_id, f"'{shown(entry)}' is geen getal{hint}.",
                  raw_value(entry), expected, gemeente=gemeente)
        return
    typed = entry.value
    if typed is None or expected is None:
        return
    decimals = decimal_places(typed)
    if cell.op is Op.RATIO:
        decimals = max(decimals, 2)
    tolerance = Fraction(1, 2 * 10**decimals)
    if abs(typed - expected) <= tolerance:
        if check.any_formula:
            overwritten(check, cell, entry, typed, expected)
        return
    if cell.op in (Op.SUM, Op.ROWSUM, Op.PARTS):
        code, text = typed_total(check, cell, typed, expected)
    else:
        code = _CODE[cell.op]
        text = f"{_NOUN[cell.op]} {check.show(cell, typed)} klopt niet: {check.explain(cell, expected)}."
    if check.any_formula:
        text += " Hier hoort een formule; er staat een getypt getal."
    check.add(code, entry, where, cell.column_id, text, raw_value(entry), expected, gemeente=gemeente)
