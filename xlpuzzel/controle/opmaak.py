"""Dutch formatting for the findings' messages: numbers, percentages, cell contents, column labels."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from xlpuzzel.entry import Entry, Kind
from xlpuzzel.layout import COLUMN_BY_ID, Block, Category, Column


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


def kolom_label(column_id: str) -> str:
    """Dutch label of a column id as the sheet's headers write it ('Inbreng OEK')."""
    col = COLUMN_BY_ID.get(column_id)
    if col is not None:
        return label(col)
    from xlpuzzel.landelijk.controle import kolom_labels  # sheets Landelijk and Prognose

    return kolom_labels().get(column_id, column_id)


def label(col: Column) -> str:
    """Column label as the sheet's headers write it ('Inbreng OEK', 'Eerste voorstel Asiel')."""
    if col.block in (Block.BIJSTELLING, Block.INBRENG) and col.category is Category.OEK:
        return f"{col.block.label} OEK"
    return col.label


def lower_first(text: str) -> str:
    """The text with its first letter in lower case ('Totaal inbreng OEK' mid-sentence)."""
    return text[:1].lower() + text[1:]


def shown(entry: Entry) -> str:
    """The cell's content as staff see it, quoted; numbers the Dutch way."""
    raw = entry.raw
    if raw is None or raw == "":
        return "leeg"
    if isinstance(raw, bool):
        return "WAAR" if raw else "ONWAAR"
    if isinstance(raw, int):
        return getal(raw)
    if isinstance(raw, float):
        if entry.kind is Kind.NUMBER and entry.number is not None:
            return getal(entry.number)
        return repr(raw).replace(".", ",")
    if isinstance(raw, (dt.date, dt.datetime)):
        return raw.strftime("%d-%m-%Y")
    return str(raw)


def decimal_places(value: Fraction) -> int:
    """Decimal places of a stated value, read at Excel's 15 significant digits."""
    x = Fraction(f"{float(value):.15g}")
    d = 0
    while (x * 10**d).denominator != 1 and d < 15:
        d += 1
    return d
