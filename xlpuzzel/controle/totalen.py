"""Checks on totals: a stated total against the gemeenten above it, the opgaven against the
provincial task, and typed column totals and row sums (Oek + Asiel) against their parts.
"""

from __future__ import annotations

from fractions import Fraction

from xlpuzzel.calculation import DerivedCell, Op, summed, total
from xlpuzzel.controle.bevinding import raw_value
from xlpuzzel.controle.check import NUMERIC, Check
from xlpuzzel.controle.invoer import value_kind
from xlpuzzel.controle.opmaak import getal, label, lower_first, shown
from xlpuzzel.entry import ZERO_KINDS
from xlpuzzel.layout import (
    COLUMN_BY_ID,
    COLUMNS,
    LANDELIJK_LABEL,
    LANDELIJK_TASK_COLUMNS,
    TOTAAL_LABEL,
    Block,
    TotalKind,
)


def authority_totals(check: Check) -> None:
    """Totals set by CBS or the ministry: what was typed, and whether the gemeenten add up to them."""
    p = check.p
    for col in COLUMNS:
        if col.total is not TotalKind.AUTHORITY:
            continue
        entry = p.totaal.get(col.id)
        if entry is None:
            continue
        value_kind(check, entry, col, f"{TOTAAL_LABEL}, {label(col)}", None)
        # An emptied total ('', '-', n.v.t.) counts 0 in Excel's formulas, so it is checked as 0.
        empty = entry.kind in ZERO_KINDS and not entry.is_formula
        stated = Fraction(0) if empty else check.stated(entry, lambda c=col.id: total(p, c))
        if stated is None or (entry.is_formula and entry.raw is None) or (entry.kind not in NUMERIC and not empty):
            continue
        gemeenten = summed(p.columns[col.id])
        if gemeenten is None or gemeenten == stated:
            continue
        stated_text = shown(entry) if empty else getal(stated)
        if col.block is Block.OPGAVE:
            diff = gemeenten - stated
            check.add(
                "opgave-wijkt-af", entry, f"{TOTAAL_LABEL}, {label(col)}", col.id,
                f"de opgaven {col.category.label if col.category else ''} van de gemeenten tellen op tot "
                f"{getal(gemeenten)}, maar de provinciale opgave is {stated_text} "
                f"({getal(abs(diff))} {'te weinig' if diff < 0 else 'te veel'} verdeeld).",
                raw_value(entry), gemeenten,
            )
        else:
            check.add(
                "totaal-wijkt-af", entry, f"{TOTAAL_LABEL}, {label(col)}", col.id,
                f"Totaal {lower_first(label(col))} is {stated_text} maar de som van de gemeenten is "
                f"{getal(gemeenten)} (verschil {getal(stated - gemeenten)}).",
                raw_value(entry), gemeenten,
            )
    for cid in LANDELIJK_TASK_COLUMNS:
        entry = p.landelijk.get(cid)
        if entry is not None:
            value_kind(check, entry, COLUMN_BY_ID[cid], f"{LANDELIJK_LABEL}, {label(COLUMN_BY_ID[cid])}", None)


def typed_total(check: Check, cell: DerivedCell, typed: Fraction, expected: Fraction) -> tuple[str, str]:
    """Code and text for a typed column total (Op.SUM, Op.PARTS) or row sum (Op.ROWSUM) that is off."""
    if cell.op is Op.PARTS:
        col = COLUMN_BY_ID[cell.column_id]
        return "totaal-wijkt-af", (
            f"Totaal {lower_first(label(col))} is {getal(typed)} maar {check.explain(cell, expected)} "
            f"(verschil {getal(typed - expected)})."
        )
    if cell.op is Op.SUM:
        col = COLUMN_BY_ID[cell.column_id]
        return "totaal-wijkt-af", (
            f"Totaal {lower_first(label(col))} is {getal(typed)} maar de som van de gemeenten is "
            f"{getal(expected)} (verschil {getal(typed - expected)})."
        )
    return "rijtotaal-wijkt-af", (
        f"Oek + Asiel is {check.show(cell, typed)} maar {check.explain(cell, expected)} "
        f"(verschil {getal(typed - expected)})."
    )
