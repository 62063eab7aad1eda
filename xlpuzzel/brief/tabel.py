"""The table rows the documents show: a gemeente's rows, the province's rows, the whole puzzel table.

Every number reaches a template as a finished Dutch string, so templates hold no
arithmetic and show what the workbook shows, digit for digit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from xlpuzzel.adressen import sleutel
from xlpuzzel.brief.opmaak import getal, opsomming, procent, procent_van_opgave, tekst
from xlpuzzel.brief.zinnen import gat_zin, plaatsen, ruil_zin, saldo_woorden, totaal_zin
from xlpuzzel.calculation import (
    DerivedCell,
    Op,
    Row,
    compute,
    difference,
    expected_inbreng,
    row_sum,
    summed,
    total,
)
from xlpuzzel.calculation import derived_cells as _derived_cells
from xlpuzzel.entry import Entry, Kind
from xlpuzzel.layout import (
    CATEGORIES,
    COLUMNS,
    LANDELIJK_LABEL,
    LANDELIJK_TASK_COLUMNS,
    TOTAAL_LABEL,
    VERSCHIL_LABEL,
    Category,
    Role,
    TotalKind,
    block_headers,
)
from xlpuzzel.model import Puzzel

#: How the sheet's count format shows zero (see xlpuzzel.build: COUNT_FORMAT).
NUL = "-"

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
    """An input cell as Excel shows it in the table: blank stays blank, zero as '-', text as typed."""
    if entry is None or entry.raw is None:
        return ""
    if entry.kind in (Kind.NUMBER, Kind.DECIMAL) and entry.number is not None:
        return _telling(entry.number)
    if entry.kind is Kind.PERCENT and entry.number is not None:
        return procent(entry.number)
    return tekst(entry.display())


# --- a gemeente's rows ------------------------------------------------------------------


def _signed(value: Fraction | None) -> str:
    """Places above (+) or below (-) the task: '+287', '-265', '0'; '–' when unknown."""
    if value is None:
        return "–"
    return ("+" if value > 0 else "") + getal(value)


def inbreng_waarde(puzzel: Puzzel, index: int, categorie: Category) -> Fraction | None:
    """A gemeente's inbreng in places; None when it is not known.

    A blank inbreng means nothing only when eerste voorstel + bijstelling is nothing too;
    a blank where places were offered (Borger-Odoorn's 385) is unknown, never 0.
    """
    entry = puzzel.entry(f"inbreng_{categorie.value}", index)
    if entry.kind is Kind.BLANK:
        return Fraction(0) if expected_inbreng(puzzel, categorie.value, index) == 0 else None
    return _waarde(entry)


def gemeente_rij(puzzel: Puzzel, index: int, categorie: Category) -> dict[str, str]:
    """A gemeente's row of one category: task, offers, inbreng, share and gap, as its letter shows them."""
    cat = categorie.value
    opgave = _waarde(puzzel.entry(f"opgave_{cat}", index))
    inbreng = inbreng_waarde(puzzel, index, categorie)
    entry = puzzel.entry(f"inbreng_{cat}", index)
    shown = getal(inbreng) if inbreng is not None or entry.kind is Kind.BLANK else _cel(entry)
    return {
        "categorie": CATEGORIE_NAMEN[categorie],
        "kort": categorie.label,
        "opgave": _cel(puzzel.entry(f"opgave_{cat}", index)),
        "eerste": _cel(puzzel.entry(f"eerste_{cat}", index)),
        "bijstelling": _cel(puzzel.entry(f"bijstelling_{cat}", index)),
        "inbreng": shown,
        "pct": procent_van_opgave(inbreng, opgave),
        "pct1": procent_van_opgave(inbreng, opgave, 1),
        "verschil": _signed(difference(inbreng, opgave)),
        "zin": gat_zin(categorie, inbreng, opgave),
    }


def _block_sum(puzzel: Puzzel, block: str, index: int) -> Fraction | None:
    return summed(puzzel.entry(f"{block}_{c.value}", index) for c in CATEGORIES)


def gemeente_totaal(puzzel: Puzzel, index: int) -> dict[str, str]:
    """A gemeente's total row over the categories (unknown when one category's inbreng is)."""
    opgave = row_sum(puzzel, "opgave_oek_asiel", index)
    inbreng = _som([inbreng_waarde(puzzel, index, c) for c in CATEGORIES])
    return {
        "categorie": "Totaal",
        "kort": "Totaal",
        "opgave": getal(opgave),
        "eerste": getal(row_sum(puzzel, "eerste_oek_asiel", index)),
        "bijstelling": getal(_block_sum(puzzel, "bijstelling", index)),
        "inbreng": getal(inbreng),
        "pct": procent_van_opgave(inbreng, opgave),
        "pct1": procent_van_opgave(inbreng, opgave, 1),
        "verschil": _signed(difference(inbreng, opgave)),
        "zin": totaal_zin(inbreng, opgave),
    }


def ruil(puzzel: Puzzel, index: int, wie: str = "u", bezit: str = "uw") -> str:
    """The gemeente's bijstelling as one sentence ('' without one)."""
    return ruil_zin([(c, puzzel.entry(f"bijstelling_{c.value}", index).amount) for c in CATEGORIES], wie, bezit)


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
        "eerste_pct": procent_van_opgave(eerste, opgave),
        "eerste_pct1": procent_van_opgave(eerste, opgave, 1),
        "bijstelling": getal(total(puzzel, f"bijstelling_{cat}")),
        "inbreng": getal(inbreng),
        "inbreng_pct": procent_van_opgave(inbreng, opgave),
        "inbreng_pct1": procent_van_opgave(inbreng, opgave, 1),
        "saldo": getal(difference(inbreng, opgave)),
        "saldo_woorden": saldo_woorden(inbreng, opgave),
        "plaatsen": plaatsen(categorie, inbreng) if inbreng is not None else "–",
    }


def _som(values: Sequence[Fraction | None]) -> Fraction | None:
    if any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), Fraction(0))


def _provincie_totaal(puzzel: Puzzel) -> dict[str, str]:
    # The same cells as the workbook's Totaal row: the task of Oek + Asiel is the provincial task.
    opgave = total(puzzel, "opgave_oek_asiel")
    eerste = total(puzzel, "eerste_oek_asiel")
    inbreng = _som([total(puzzel, f"inbreng_{c.value}") for c in CATEGORIES])
    return {
        "categorie": "Totaal",
        "kort": "Totaal",
        "opgave": getal(opgave),
        "eerste": getal(eerste),
        "eerste_pct": procent_van_opgave(eerste, opgave),
        "eerste_pct1": procent_van_opgave(eerste, opgave, 1),
        "bijstelling": getal(_som([total(puzzel, f"bijstelling_{c.value}") for c in CATEGORIES])),
        "inbreng": getal(inbreng),
        "inbreng_pct": procent_van_opgave(inbreng, opgave),
        "inbreng_pct1": procent_van_opgave(inbreng, opgave, 1),
        "saldo": getal(difference(inbreng, opgave)),
        "saldo_woorden": saldo_woorden(inbreng, opgave),
    }


def provincie(puzzel: Puzzel) -> dict[str, Any]:
    """The province's rows per category (also by category id), its total row and its position in words.

    `beeld` lists per category the inbreng, its share of the task and the gap ("5.588 plaatsen
    voor Oekraïense ontheemden (97% van de opgave van 5.722: 134 te weinig), ..."); `tekorten`
    names the categories still short ('' when none is).
    """
    rijen = [_provincie_rij(puzzel, c) for c in CATEGORIES]
    out: dict[str, Any] = {"rijen": rijen, "totaal": _provincie_totaal(puzzel)}
    for categorie, rij in zip(CATEGORIES, rijen):
        out[categorie.value] = rij
    out["beeld"] = opsomming(
        f"{r['plaatsen']} ({r['inbreng_pct']} van de opgave van {r['opgave']}: {r['saldo_woorden']})" for r in rijen
    )
    tekorten = []
    for categorie in CATEGORIES:
        short = difference(total(puzzel, f"inbreng_{categorie.value}"), total(puzzel, f"opgave_{categorie.value}"))
        if short is not None and short < 0:
            tekorten.append(plaatsen(categorie, -short))
    out["tekorten"] = opsomming(tekorten)
    return out


# --- the whole table --------------------------------------------------------------------


def _telling(value: Fraction | None, onbekend: str = "#WAARDE!") -> str:
    """A count as the sheet's count format shows it: zero as '-' (as the table of 12-7-2024 prints it)."""
    if value is not None and value == 0:
        return NUL
    return getal(value, onbekend=onbekend)


def tabel(puzzel: Puzzel, namen: Mapping[str, str] | None = None, periode: str | None = None) -> dict[str, Any]:
    """The puzzel table as Excel shows it: input as typed, every derived cell computed.

    Gemeenten by their own spelling (`namen`, table name casefolded -> name); block headers with
    the years of `periode`; percentages in the 'verschil' row never hide a gap (below the task
    rounded down, see :func:`procent_van_opgave`).
    """
    n = len(puzzel.gemeenten)
    namen = namen or {}
    derived: dict[tuple[Row, str, int | None], DerivedCell] = {
        (d.row, d.column_id, d.index): d for d in _derived_cells(n)
    }
    data_cols = [c for c in COLUMNS if c.role is not Role.LABEL]

    def shown(row: Row, col_id: str, index: int | None = None) -> str:
        cell = derived.get((row, col_id, index))
        if cell is None:
            return ""
        if cell.op is Op.RATIO:
            return procent_van_opgave(total(puzzel, cell.args[0]), total(puzzel, cell.args[1]), onbekend="")
        return _telling(compute(cell, puzzel))

    rijen = []
    for i, name in enumerate(puzzel.gemeenten):
        cellen = []
        for col in data_cols:
            if col.role is Role.ROWSUM:
                cellen.append(shown(Row.GEMEENTE, col.id, i))
            else:
                cellen.append(zoals_excel(puzzel.entry(col.id, i)))
        rijen.append({"gemeente": namen.get(sleutel(name), tekst(name)), "cellen": cellen})
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
    ids = [c.id for c in data_cols]
    for first, last, text in block_headers(periode):
        blokken.append({"tekst": text, "breedte": ids.index(last) - ids.index(first) + 1})
    return {
        "koppen": [tekst(c.header) for c in data_cols],
        "blokken": blokken,
        "rijen": rijen,
        "totaal": {"label": TOTAAL_LABEL, "cellen": totaal},
        "verschil": {"label": VERSCHIL_LABEL, "cellen": verschil},
        "landelijk": {"label": LANDELIJK_LABEL, "cellen": landelijk},
    }
