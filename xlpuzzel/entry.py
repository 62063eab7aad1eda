"""What staff type in a number cell, and what it means.

Staff type integers, "1.077" as text, "ntb", "-", "n.v.t.", blanks and negative
bijstellingen. An :class:`Entry` keeps the raw value, its meaning and where it came from.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction

EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
     "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"}
)


class Kind(Enum):
    """The meaning of a cell's content."""

    NUMBER = "getal"  # a whole number
    DECIMAL = "decimaal"  # a number with a fraction where a count is expected
    PERCENT = "percentage"  # "81%" typed as text
    BLANK = "leeg"  # nothing typed: nothing offered
    DASH = "streep"  # "-": nothing
    NTB = "ntb"  # nader te bepalen: not yet known
    NVT = "nvt"  # niet van toepassing: nothing
    TEXT = "tekst"  # anything else: not a number
    ERROR = "foutwaarde"  # #REF!, #DIV/0!, ...


#: Kinds that mean "zero places".
ZERO_KINDS = frozenset({Kind.BLANK, Kind.DASH, Kind.NVT})


@dataclass(frozen=True)
class Entry:
    """One cell's value with its meaning and provenance."""

    raw: object
    kind: Kind
    number: Fraction | None = None
    sheet: str | None = None
    cell: str | None = None
    formula: str | None = None

    @property
    def amount(self) -> int | None:
        """The number of places meant: 0 for blank, '-' and n.v.t.; None if unknown or invalid."""
        if self.kind in ZERO_KINDS:
            return 0
        if self.kind is Kind.NUMBER and self.number is not None:
            return int(self.number)
        return None

    @property
    def value(self) -> Fraction | None:
        """The exact numeric value (percentages and decimals too), or None."""
        if self.kind in ZERO_KINDS:
            return Fraction(0)
        return self.number

    @property
    def is_formula(self) -> bool:
        """True when the cell holds a formula (its raw value is then the cached result)."""
        return self.formula is not None

    def display(self) -> str:
        """The raw value as staff typed it, for messages."""
        if self.raw is None:
            return "leeg"
        if isinstance(self.raw, float) and self.raw.is_integer():
            return str(int(self.raw))
        return str(self.raw)


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_PLAIN_INT = re.compile(r"^[+-]?\d+$")
_DUTCH_DECIMAL = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*,\d+$|^[+-]?\d+,\d+$")
_PERCENT = re.compile(r"^([+-]?\d+(?:[.,]\d+)?)\s*%$")
_DASHES = frozenset({"-", "–", "—", "--"})
_NTB = frozenset({"ntb", "n.t.b.", "n.t.b", "nnb", "n.n.b.", "nader te bepalen"})
_NVT = frozenset({"n.v.t.", "nvt", "n.v.t", "nvt."})


def interpret(raw: object) -> tuple[Kind, Fraction | None]:
    """Classify a raw cell value (int, float, str, bool, None) as typed by staff."""
    if raw is None:
        return Kind.BLANK, None
    if isinstance(raw, bool):
        return Kind.TEXT, None
    if isinstance(raw, int):
        return Kind.NUMBER, Fraction(raw)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            return Kind.TEXT, None
        frac = Fraction(raw)
        if frac.denominator == 1:
            return Kind.NUMBER, frac
        # Excel works to 15 significant digits: a formula's 1077.0000000000002 shows and
        # counts as 1077, so it is that count, not a decimal.
        rounded = Fraction(f"{raw:.15g}")
        if rounded.denominator == 1:
            return Kind.NUMBER, rounded
        return Kind.DECIMAL, Fraction(repr(raw))
    if not isinstance(raw, str):
        return Kind.TEXT, None
    text = raw.strip().replace("\u00a0", "").replace(" ", "")
    low = text.lower()
    if text == "":
        return Kind.BLANK, None
    if text.upper() in EXCEL_ERRORS:
        return Kind.ERROR, None
    if text in _DASHES:
        return Kind.DASH, None
    # `text` lost its spaces (for "1 077"); the phrase "nader te bepalen" needs them.
    if low in _NTB or " ".join(raw.lower().split()) in _NTB:
        return Kind.NTB, None
    if low in _NVT:
        return Kind.NVT, None
    if _PLAIN_INT.match(text) or _THOUSANDS.match(text):
        return Kind.NUMBER, Fraction(int(text.replace(".", "")))
    if _DUTCH_DECIMAL.match(text):
        value = Fraction(text.replace(".", "").replace(",", "."))
        if value.denominator == 1:
            return Kind.NUMBER, value
        return Kind.DECIMAL, value
    match = _PERCENT.match(text)
    if match:
        return Kind.PERCENT, Fraction(match.group(1).replace(",", ".")) / 100
    return Kind.TEXT, None


def make_entry(
    raw: object,
    sheet: str | None = None,
    cell: str | None = None,
    formula: str | None = None,
    error: bool = False,
) -> Entry:
    """An Entry for a raw value; `error` marks a cell Excel stored as an error value."""
    if error:
        return Entry(raw, Kind.ERROR, None, sheet, cell, formula)
    kind, number = interpret(raw)
    return Entry(raw, kind, number, sheet, cell, formula)
