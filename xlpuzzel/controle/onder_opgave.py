"""Check on each gemeente's total: its inbreng (Oek + Asiel + AMV) against its total task (a warning).

A gemeente may swap places between categories ("niet iedereen hoeft alles conform de
taakstelling te doen"), but every gemeente contributes at least its total task; the
province's own bijstelling brings each adjusted gemeente exactly there. Where a cell of
either total is unknown ('ntb', text, an error) or no inbreng is typed at all, other checks
already say so and this one stays silent.
"""

from __future__ import annotations

from xlpuzzel.controle.check import Check
from xlpuzzel.controle.opmaak import getal
from xlpuzzel.entry import Kind
from xlpuzzel.layout import Block, block_columns


def gemeente_onder_opgave(check: Check) -> None:
    """A gemeente's total inbreng is at least its total task."""
    p = check.p
    inbreng_cols = block_columns(Block.INBRENG)
    opgave_cols = block_columns(Block.OPGAVE)
    for i in range(check.n):
        inbreng = [p.entry(c.id, i) for c in inbreng_cols]
        opgave = [p.entry(c.id, i).amount for c in opgave_cols]
        amounts = [e.amount for e in inbreng]
        if any(a is None for a in (*amounts, *opgave)) or all(e.kind is Kind.BLANK for e in inbreng):
            continue
        totaal = sum(a for a in amounts if a is not None)
        taak = sum(a for a in opgave if a is not None)
        if totaal >= taak:
            continue
        first, last = inbreng[0].cell, inbreng[-1].cell
        waar = f" ({first}:{last})" if first and last else ""
        taak_cel = p.entry("opgave_oek_asiel", i).cell if "opgave_oek_asiel" in p.columns else None
        taak_waar = f" ({taak_cel})" if taak_cel else ""
        name = p.gemeenten[i] or None
        entry = p.gemeente_cells[i] if i < len(p.gemeente_cells) else None
        check.add(
            "gemeente-onder-opgave", entry, f"{name or 'rij zonder naam'}, Gemeente", "gemeenten",
            f"de totale inbreng{waar} is {' + '.join(getal(a) for a in amounts)} = {getal(totaal)}, "
            f"{getal(taak - totaal)} onder de totale opgave{taak_waar} van {getal(taak)}.",
            totaal, taak, gemeente=name,
        )


__all__ = ["gemeente_onder_opgave"]
