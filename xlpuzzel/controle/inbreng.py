"""Check on the inbreng: eerste voorstel + bijstelling, per gemeente and category."""

from __future__ import annotations

from xlpuzzel.calculation import expected_inbreng
from xlpuzzel.controle.bevinding import raw_value
from xlpuzzel.controle.check import Check
from xlpuzzel.controle.opmaak import getal, shown
from xlpuzzel.layout import COLUMN_BY_ID, Block, block_columns


def check_inbreng(check: Check) -> None:
    """Each gemeente's inbreng equals its eerste voorstel plus its bijstelling."""
    p = check.p
    for cat in (c.category for c in block_columns(Block.INBRENG)):
        assert cat is not None
        col = COLUMN_BY_ID[f"inbreng_{cat.value}"]
        for i in range(check.n):
            expected = expected_inbreng(p, cat.value, i)
            entry = p.entry(col.id, i)
            actual = entry.amount
            if expected is None or actual is None or actual == expected:
                continue
            first = p.entry(f"eerste_{cat.value}", i)
            change = p.entry(f"bijstelling_{cat.value}", i)
            check.add(
                "inbreng-wijkt-af", entry, check.where_row(i, col), col.id,
                f"de inbreng is {shown(entry)}, maar eerste voorstel {getal(first.amount)} + bijstelling "
                f"{getal(change.amount)} = {getal(expected)}.",
                raw_value(entry), expected, gemeente=p.gemeenten[i] or None,
            )
