"""Dutch formatting of numbers, percentages and dates, exactly as Excel shows them.

Excel rounds what it displays half away from zero (0,5% shows as 1%, -0,5 as -1), not
half to even as Python's `round` and Babel do; a negative value that rounds to zero keeps
its sign ("-0"), as Excel shows it under the formats of sheet Puzzel. Every value is
rounded here in exact arithmetic first, so Babel only adds the separators.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from decimal import Decimal, localcontext
from fractions import Fraction

LOCALE = "nl_NL"

#: Characters that XML 1.0 forbids; a name typed with one would make the .docx unreadable.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def afronden(value: Fraction | int, decimalen: int = 0) -> Fraction:
    """`value` rounded to `decimalen` decimals, half away from zero (Excel's display rounding)."""
    scale = Fraction(10) ** decimalen
    scaled = abs(Fraction(value)) * scale
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    result = Fraction(whole) / scale
    return -result if value < 0 else result


def _decimal_text(value: Fraction | int, decimalen: int) -> str:
    rounded = afronden(value, decimalen)
    text = _separators(int(rounded * 10**decimalen), decimalen)
    if value < 0 and rounded == 0:
        text = "-" + text
    return text


@functools.lru_cache(maxsize=4096)
def _separators(scaled: int, decimalen: int) -> str:
    """Babel's Dutch separators for `scaled` / 10**decimalen; cached, since a set of letters repeats its numbers."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * decimalen if decimalen else "")
    # Decimal's default 28 digits would make Babel fail on a longer number (a pasted account number).
    with localcontext() as context:
        context.prec = max(context.prec, len(str(abs(scaled))) + 2)
        exact = Decimal(scaled).scaleb(-decimalen)
        return format_decimal(exact, format=pattern, locale=LOCALE, group_separator=True)


def getal(value: Fraction | int | None, decimalen: int = 0, onbekend: str = "–") -> str:
    """A count as Excel shows it in Dutch: 1.077, -128, 0; `onbekend` when there is no value."""
    if value is None:
        return onbekend
    return _decimal_text(value, decimalen)


def procent(value: Fraction | None, decimalen: int = 0, onbekend: str = "–") -> str:
    """A fraction as a Dutch percentage as Excel's `0%` shows it: 98%, or 97,7% with one decimal."""
    if value is None:
        return onbekend
    return _decimal_text(Fraction(value) * 100, decimalen) + "%"


def procent_van_opgave(offer: Fraction | int | None, task: Fraction | int | None, decimalen: int = 0,
                       onbekend: str = "–") -> str:
    """Offer as a percentage of its task that never hides a gap: below the task rounded down.

    435 of 436 is 99%, never 100%; at or above the task rounded as Excel rounds (half away
    from zero). Without a task (0 or unknown) or an offer: `onbekend`.
    """
    if offer is None or task is None or task == 0:
        return onbekend
    share = Fraction(offer) / Fraction(task)
    if Fraction(offer) >= Fraction(task):
        return procent(share, decimalen)
    scale = Fraction(10) ** decimalen
    scaled = share * 100 * scale
    floored = Fraction(scaled.numerator // scaled.denominator) / scale
    return _decimal_text(floored, decimalen) + "%"


def datum(value: dt.date) -> str:
    """A date in Dutch as in a letter: 17 juli 2024."""
    from babel.dates import format_date

    return format_date(value, format="d MMMM y", locale=LOCALE)


def opsomming(namen: Iterable[str]) -> str:
    """Names as a Dutch list: 'A', 'A en B', 'A, B en C'."""
    items = list(namen)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " en " + items[-1]


def tekst(value: object) -> str:
    """A setting or name as text fit for a .docx (characters XML forbids are dropped).

    Excel hands a whole number typed in a text setting (a phone number) over as 592365555.0;
    it is shown as typed.
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _XML_ILLEGAL.sub("", "" if value is None else str(value))
