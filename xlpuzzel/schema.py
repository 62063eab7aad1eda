"""Indicatief schema of the national (LRT) dashboard: where a task should be at a peildatum.

A straight line from the old task at its start date to the new task at its end date, read
at the peildatum, in calendar days, rounded to whole places (half away from zero, like
Excel's ROUND). That rule reproduces all five categories of the dashboard of 1 September
2024: Oek 97.001 (1-2-2024) -> 120.000 (1-1-2025) gives 111.624; with whole months instead
of days Oek would give 111.637 and Nidos 4.133, and truncating Nidos would give 4.135.
Before the start date the line holds at the old task, after the end date at the new one.

The functions take raw cell values (numbers, '97.001' as text, dates, Excel date numbers,
'1-9-2024') and raise :class:`~xlpuzzel.errors.PuzzelError` with a Dutch message.
"""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction

from xlpuzzel.controle.opmaak import shown
from xlpuzzel.entry import Kind, make_entry
from xlpuzzel.errors import PuzzelError

#: Day 0 of Excel's 1900 date system as Python counts (serial 61 = 1 March 1900).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("januari", "jan"), ("februari", "feb"), ("maart", "mrt"), ("april", "apr"),
            ("mei",), ("juni", "jun"), ("juli", "jul"), ("augustus", "aug"),
            ("september", "sep", "sept"), ("oktober", "okt"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_WRITTEN = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$")


def as_date(value: object, what: str = "datum") -> dt.date:
    """A date from a cell value: a date, an Excel date number, '1-9-2024', '2024-09-01' or '1 september 2024'."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 61 <= value < 2958466:  # also NaN; outside 1-3-1900 .. 31-12-9999
            raise PuzzelError(f"{what}: {_toon(value)} is geen datum.")
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    if isinstance(value, str):
        text = value.strip().lower()
        for pattern, order in ((_DMY, (3, 2, 1)), (_ISO, (1, 2, 3))):
            match = pattern.match(text)
            if match:
                year, month, day = (int(match.group(i)) for i in order)
                return _date(year, month, day, value, what)
        match = _WRITTEN.match(text)
        if match and match.group(2) in _MONTHS:
            return _date(int(match.group(3)), _MONTHS[match.group(2)], int(match.group(1)), value, what)
    raise PuzzelError(f"{what}: {_toon(value)} is geen datum (schrijf bijvoorbeeld 1-9-2024).")


def _toon(value: object) -> str:
    """A cell value in a message: text quoted, a number or WAAR/ONWAAR as Dutch Excel shows it."""
    if value is None or value == "":
        return "leeg"
    if isinstance(value, str):
        return repr(value)
    return shown(make_entry(value))


def _date(year: int, month: int, day: int, raw: object, what: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise PuzzelError(f"{what}: {raw!r} is geen bestaande datum.") from None


def as_places(value: object, what: str) -> Fraction:
    """A number of places from a cell value ('97.001' as text counts); anything else is a Dutch error."""
    entry = make_entry(value)
    if entry.kind in (Kind.NUMBER, Kind.DECIMAL) and entry.number is not None:
        return entry.number
    raise PuzzelError(f"{what}: '{shown(entry)}' is geen getal.")


def indicatief_exact(
    start: object, eind: object, startdatum: object, einddatum: object, peildatum: object
) -> Fraction:
    """The exact value of the straight line from (startdatum, start) to (einddatum, eind) at peildatum."""
    old = as_places(start, "Startpunt opgave")
    new = as_places(eind, "Eindpunt opgave")
    begin = as_date(startdatum, "Startdatum")
    end = as_date(einddatum, "Einddatum")
    when = as_date(peildatum, "Peildatum")
    if end <= begin:
        raise PuzzelError(
            f"De einddatum ({_dutch(end)}) ligt niet na de startdatum ({_dutch(begin)})."
        )
    if when <= begin:
        return old
    if when >= end:
        return new
    return old + (new - old) * Fraction((when - begin).days, (end - begin).days)


def indicatief_schema(
    start: object, eind: object, startdatum: object, einddatum: object, peildatum: object
) -> int:
    """The indicatief schema in whole places, as the LRT dashboard shows it."""
    return round_half_up(indicatief_exact(start, eind, startdatum, einddatum, peildatum))


def round_half_up(value: Fraction) -> int:
    """Round to the nearest whole number, halves away from zero (Excel's ROUND)."""
    magnitude = (abs(value) * 2 + 1) // 2
    return int(magnitude if value >= 0 else -magnitude)


def _dutch(day: dt.date) -> str:
    return f"{day.day}-{day.month}-{day.year}"
