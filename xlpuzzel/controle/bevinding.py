"""The finding (:class:`Bevinding`): severities, codes, order, and the summary of a list of them.

See :mod:`xlpuzzel.controle` for what each severity means.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from xlpuzzel.entry import Entry
from xlpuzzel.layout import column_letter_index

FOUT = "fout"
WAARSCHUWING = "waarschuwing"
INFO = "info"
ERNST_ORDER: tuple[str, ...] = (FOUT, WAARSCHUWING, INFO)

#: Code -> severity; the package docstring (:mod:`xlpuzzel.controle`) explains each group.
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
    "gemeente-onder-opgave": WAARSCHUWING,
    "nog-niet-bekend": WAARSCHUWING,
    "formule-overschreven": WAARSCHUWING,
    "formule-gewijzigd": WAARSCHUWING,
    # Sheets Landelijk and Prognose (xlpuzzel.landelijk.controle).
    "delta-wijkt-af": FOUT,
    "kaart-wijkt-af": FOUT,
    "prognose-wijkt-af": FOUT,
    "provincienaam": FOUT,
    "geen-datum": FOUT,
    "provincie-onbekend": WAARSCHUWING,
    "horizon-te-ver": WAARSCHUWING,
}


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
            "waarde": jsonable(self.waarde),
            "verwacht": jsonable(self.verwacht),
            "melding": self.melding,
        }


def bevinding(code: str, entry: Entry | None, where: str, kolom: str | None, tekst: str, sheet: str,
              waarde: object = None, verwacht: object = None, gemeente: str | None = None) -> Bevinding:
    """A finding about a cell: its message starts with the cell and `where` ('Assen, Inbreng OEK').

    `sheet` is the sheet to name when the entry does not know its own.
    """
    cel = entry.cell if entry is not None else None
    location = f"{cel} ({where})" if cel else where
    return Bevinding(
        code=code,
        ernst=CODES[code],
        blad=entry.sheet if entry is not None and entry.sheet else sheet,
        cel=cel,
        gemeente=gemeente,
        kolom=kolom,
        waarde=waarde,
        verwacht=jsonable(verwacht),
        melding=f"{location}: {tekst}",
        tekst=tekst,
        plaats=where.split(", ", 1)[0],
    )


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


def jsonable(value: object) -> object:
    """A finding's value as JSON can hold it (fractions as numbers, dates as ISO text)."""
    if isinstance(value, Fraction):
        return int(value) if value.denominator == 1 else float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def raw_value(entry: Entry) -> object:
    """What the cell holds, as a finding's `waarde` (dates as ISO text)."""
    return entry.raw if not isinstance(entry.raw, (dt.date, dt.datetime)) else entry.raw.isoformat()


def sort_key(b: Bevinding) -> tuple:
    """Most serious first, then by sheet, row and column."""
    row, col = position(b.cel)
    return (ERNST_ORDER.index(b.ernst), b.blad or "", row, col, b.code)


def position(cel: str | None) -> tuple[int, int]:
    """(row, column number) of a cell address; no address sorts last."""
    if not cel:
        return (10**9, 10**9)
    letters = "".join(ch for ch in cel if ch.isalpha())
    digits = "".join(ch for ch in cel if ch.isdigit())
    return (int(digits or 0), column_letter_index(letters) if letters else 0)
