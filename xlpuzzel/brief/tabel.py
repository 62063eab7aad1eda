"""The table rows the documents show: a gemeente's rows, the province's rows, the whole puzzel table.

Every number reaches a template as a finished Dutch string, so templates hold no
arithmetic and show what the workbook shows, digit for digit.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from xlpuzzel.brief.opmaak import getal, procent, tekst
from xlpuzzel.calculation import (
    DerivedCell,
    Op,
    Row,
    compute,
    difference,
    ratio,
    row_sum,
    summed,
    total,
)
from xlpuzzel.calculation import derived_cells as _derived_cells
from xlpuzzel.entry import Entry, Kind
from xlpuzzel.layout import (
    BLOCK_HEADERS,
    CATEGORIES,
    COLUMNS,
    LANDELIJK_LABEL,
    LANDELIJK_TASK_COLUMNS,
    TOTAAL_LABEL,
    VERSCHIL_LABEL,
    Category,
    Role,
    TotalKind,
)
from xlpuzzel.model import Puzzel

CATEGORIE_NAMEN = {
    Category.OEK: "Oekraïense ontheemden",
    Category.ASIEL: "Asiel (regulier)",
    Category.AMV: "AMV",
}


# --- cells ------------------------------------------------------------------------------


def _cel(entry: Entry) -> str:
    """A gemeente's input cell in a letter: the number, 0 for blank/'-', else what was typed."""
    if entry.amount is not None:
        return getal(entry.amount)
    if entry.kind is Kind.DECIMAL and entry.number is not None:
        return getal(entry.number)
    return tekst(entry.display())


def _waarde(entry: Entry) -> Fraction | None:
    """The value of an input cell as a formula sees it (text and 'ntb' have none)."""
    if entry.kind in (Kind.NUMBER, Kind.DECIMAL) and entry.number is not None:
        return entry.number
    return entry.value if entry.amount is not None else None


def zoals_excel(entry: Entry | None) -> str:
    """An input cell as Excel shows it in the table: blank stays blank, text as typed."""
    if entry is None or entry.raw is None:
        return ""
    if entry.kind in (Kind.NUMBER, Kind.DECIMAL) and entry.number is not None:
        return getal(entry.number)
    if entry.kind is Kind.PERCENT and entry.number is not None:
        return procent(entry.number)
    return tekst(entry.display())


# --- a gemeente's rows ------------------------------------------------------------------


def gemeente_rij(puzzel: Puzzel, index: int, categorie: Category) -> dict[str, str]:
    """A gemeente's row of one category: task, offers and share, as its letter shows them."""
    cat = categorie.value
    opgave = puzzel.entry(f"opgave_{cat}", index)
    inbreng = puzzel.entry(f"inbreng_{cat}", index)
    pct = ratio(_waarde(inbreng), _waarde(opgave))
    return {
        "categorie": CATEGORIE_NAMEN[categorie],
        "kort": categorie.label,
        "opgave": _cel(opgave),
        "eerste": _cel(puzzel.entry(f"eerste_{cat}", index)),
        "bijstelling": _cel(puzzel.entry(f"bijstelling_{cat}", index)),
        "inbreng": _cel(inbreng),
        "pct": procent(pct),
        "pct1": procent(pct, 1),
    }


def _block_sum(puzzel: Puzzel, block: str, index: int) -> Fraction | None:
    return summed(puzzel.entry(f"{block}_{c.value}", index) for c in CATEGORIES)


def gemeente_totaal(puzzel: Puzzel, index: int) -> dict[str, str]:
    """A gemeente's total row over the categories."""
    opgave = row_sum(puzzel, "opgave_oek_asiel", index)
    inbreng = _block_sum(puzzel, "inbreng", index)
    return {
        "categorie": "Totaal",
        "kort": "Totaal",
        "opgave": getal(opgave),
        "eerste": getal(row_sum(puzzel, "eerste_oek_asiel", index)),
        "bijstelling": getal(_block_sum(puzzel, "bijstelling", index)),
        "inbreng": getal(inbreng),
        "pct": procent(ratio(inbreng, opgave)),
        "pct1": procent(ratio(inbreng, opgave), 1),
    }


# --- the province's rows ----------------------------------------------------------------


def _provincie_rij(puzzel: Puzzel, categorie: Category) -> dict[str, str]:
    cat = categorie.value
    opgave = total(puzzel, f"opgave_{cat}")
    eerste = total(puzzel, f"eerste_{cat}")
    inbreng = total(puzzel, f"inbreng_{cat}")
    return {
        "categorie": CATEGORIE_NAMEN[categorie],
        "kort": categorie.label,
        "opgave": getal(opgave),
        "eerste": getal(eerste),
        "eerste_pct": procent(ratio(eerste, opgave)),
        "eerste_pct1": procent(ratio(eerste, opgave), 1),
        "bijstelling": getal(total(puzzel, f"bijstelling_{cat}")),
        "inbreng": getal(inbreng),
        "inbreng_pct": procent(ratio(inbreng, opgave)),
        "inbreng_pct1": procent(ratio(inbreng, opgave), 1),
        "saldo": getal(difference(inbreng, opgave)),
    }


def _som(values: Sequence[Fraction | None]) -> Fraction | None:
    if any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), Fraction(0))


def _provincie_totaal(puzzel: Puzzel) -> dict[str, str]:
    opgave = total(puzzel, "opgave_oek_asiel")
    eerste = total(puzzel, "eerste_oek_asiel")
    inbreng = _som([total(puzzel, f"inbreng_{c.value}") for c in CATEGORIES])
    return {
        "categorie": "Totaal",
        "kort": "Totaal",
        "opgave": getal(opgave),
        "eerste": getal(eerste),
        "eerste_pct": procent(ratio(eerste, opgave)),
        "eerste_pct1": procent(ratio(eerste, opgave), 1),
        "bijstelling": getal(_som([total(puzzel, f"bijstelling_{c.value}") for c in CATEGORIES])),
        "inbreng": getal(inbreng),
        "inbreng_pct": procent(ratio(inbreng, opgave)),
        "inbreng_pct1": procent(ratio(inbreng, opgave), 1),
        "saldo": getal(difference(inbreng, opgave)),
    }


def provincie(puzzel: Puzzel) -> dict[str, Any]:
    """The province's rows per category (also by category id) and its total row."""
    rijen = [_provincie_rij(puzzel, c) for c in CATEGORIES]
    out: dict[str, Any] = {"rijen": rijen, "totaal": _provincie_totaal(puzzel)}
    for categorie, rij in zip(CATEGORIES, rijen):
        out[categorie.value] = rij
    return out


# --- the whole table --------------------------------------------------------------------


def tabel(puzzel: Puzzel) -> dict[str, Any]:
    """The puzzel table as Excel shows it: input as typed, every derived cell computed."""
    n = len(puzzel.gemeenten)
    derived: dict[tuple[Row, str, int | None], DerivedCell] = {
        (d.row, d.column_id, d.index): d for d in _derived_cells(n)
    }
    data_cols = [c for c in COLUMNS if c.role is not Role.LABEL]

    def shown(row: Row, col_id: str, index: int | None = None) -> str:
        cell = derived.get((row, col_id, index))
        if cell is None:
            return ""
        value = compute(cell, puzzel)
        if cell.op is Op.RATIO:
            return "" if value is None else procent(value)
        return getal(value, onbekend="#WAARDE!")

    rijen = []
    for i, name in enumerate(puzzel.gemeenten):
        cellen = []
        for col in data_cols:
            if col.role is Role.ROWSUM:
                cellen.append(shown(Row.GEMEENTE, col.id, i))
            else:
                cellen.append(zoals_excel(puzzel.entry(col.id, i)))
        rijen.append({"gemeente": tekst(name), "cellen": cellen})
    totaal = []
    for col in data_cols:
        if col.total is TotalKind.AUTHORITY:
            totaal.append(zoals_excel(puzzel.totaal.get(col.id)))
        else:
            totaal.append(shown(Row.TOTAAL, col.id))
    verschil = [shown(Row.VERSCHIL, c.id) for c in data_cols]
    landelijk = [
        zoals_excel(puzzel.landelijk.get(c.id)) if c.id in LANDELIJK_TASK_COLUMNS else shown(Row.LANDELIJK, c.id)
        for c in data_cols
    ]
    blokken = []
    for first, last, text in BLOCK_HEADERS:
        ids = [c.id for c in data_cols]
        blokken.append({"tekst": text, "breedte": ids.index(last) - ids.index(first) + 1})
    return {
        "koppen": [tekst(c.header) for c in data_cols],
        "blokken": blokken,
        "rijen": rijen,
        "totaal": {"label": TOTAAL_LABEL, "cellen": totaal},
        "verschil": {"label": VERSCHIL_LABEL, "cellen": verschil},
        "landelijk": {"label": LANDELIJK_LABEL, "cellen": landelijk},
    }
