"""Values as staff type them, compared by meaning and written in Dutch; the tool's note text.

Pure: no I/O. See :mod:`xlpuzzel.bijstelling` for the rules.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from xlpuzzel.entry import Kind, interpret
from xlpuzzel.errors import PuzzelError

NOTE_PREFIX = "Tussentijds bijgesteld op"
DEFAULT_BRON = "telefonisch contact gemeente"
#: Kolom of a baseline marker row in the log.
BASIS_KOLOM = "basis vastgelegd"
#: Kolom of the log row that records a proposal written to sheet Voorstel (xlpuzzel.voorstel): an
#: event, like a marker, with no cell; it neither starts a baseline nor changes a cell.
VOORSTEL_KOLOM = "voorstel berekend"
#: Gemeente of a baseline marker row.
ALLE_GEMEENTEN = "alle gemeenten"
#: How a blank value is written in the log and in notes.
LEEG = "leeg"
BASIS_HEADER = ("gemeente", "rij")
BASIS_LABELS = ("gezet op", "gezet door", "omschrijving")
BASIS_NOTE = (
    "Basis van de puzzel: de getallen zoals laatst vastgesteld. Niet met de hand wijzigen; "
    "leg een nieuwe basis vast met de knop 'Basis vastleggen' of `puzzel basis --ja`."
)

#: (gemeente casefolded, column id): a cell's identity across moved rows.
Sleutel = tuple[str, str]


class BijstellingError(PuzzelError):
    """Sheet Basis or Wijzigingslog cannot be used; the Dutch message says what and how to repair."""


def sleutel(gemeente: str, kolom: str) -> Sleutel:
    """The identity of an input cell."""
    return (" ".join(str(gemeente).split()).casefold(), kolom)




def betekenis(raw: object) -> tuple[object, ...]:
    """What a raw value means, for comparison: blank/'-'/n.v.t. are 0, '1.077' is 1077."""
    kind, number = interpret(raw)
    if kind in (Kind.BLANK, Kind.DASH, Kind.NVT):
        return ("getal", Fraction(0))
    if number is not None:
        return ("getal", number)
    if kind is Kind.NTB:
        return ("ntb",)
    text = " ".join(str(raw).split())
    if kind is Kind.ERROR:
        return ("fout", text.upper())
    return ("tekst", text.casefold())


def zelfde(a: object, b: object) -> bool:
    """True when two raw values mean the same."""
    return betekenis(a) == betekenis(b)


def opgeslagen_waarde(raw: object) -> object:
    """A raw value as the tool stores it (Basis, log): numbers as int/float, blank as None, else text."""
    kind, number = interpret(raw)
    if kind is Kind.BLANK:
        return None
    if kind is Kind.NUMBER and number is not None:
        return int(number)
    if kind is Kind.DECIMAL and number is not None:
        return float(number)
    if isinstance(raw, str):
        return raw.strip()
    return raw


def nl_waarde(raw: object) -> str:
    """A value as Dutch users read it: 1.077, -128, 12,5, 81%, ntb, leeg."""
    kind, number = interpret(raw)
    if kind is Kind.BLANK:
        return LEEG
    if kind is Kind.NTB:
        return "ntb"
    if kind is Kind.NVT:
        return "n.v.t."
    if kind is Kind.DASH:
        return "-"
    if kind in (Kind.NUMBER, Kind.DECIMAL) and number is not None:
        return _nl_number(number)
    if kind is Kind.PERCENT and number is not None:
        return _nl_number(number * 100) + "%"
    return " ".join(str(raw).split())


def _nl_number(value: Fraction) -> str:
    sign = "-" if value < 0 else ""
    value = abs(value)
    whole = int(value)
    grouped = f"{whole:,}".replace(",", ".")
    rest = value - whole
    if rest == 0:
        return sign + grouped
    decimals = f"{float(rest):.6f}"[2:].rstrip("0") or "0"
    return f"{sign}{grouped},{decimals}"


def notitie_tekst(tijdstip: dt.datetime, gebruiker: str, was: object, nu: object) -> str:
    """The tool's note: 'Tussentijds bijgesteld op 27-11-2026 door jan: was 128, nu 0.'"""
    return f"{NOTE_PREFIX} {tijdstip:%d-%m-%Y} door {gebruiker}: was {nl_waarde(was)}, nu {nl_waarde(nu)}."


def is_tool_note(text: str | None) -> bool:
    """True when a note's first line is the tool's (it starts with :data:`NOTE_PREFIX`)."""
    return bool(text) and str(text).lstrip().startswith(NOTE_PREFIX)


def strip_tool_note(text: str) -> str:
    """The user's part of a note: everything after the tool's first line ('' if none)."""
    if not is_tool_note(text):
        return text
    _first, _sep, rest = text.lstrip().partition("\n")
    return rest




def parse_tijdstip(value: object) -> dt.datetime | None:
    """A moment from a cell: datetime, date, Excel serial number, ISO text or '27-11-2026 14:03[:05]'."""
    if isinstance(value, dt.datetime):
        return seconds(value)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2_958_466:
        moment = dt.datetime(1899, 12, 30) + dt.timedelta(days=float(value))
        return (moment + dt.timedelta(milliseconds=500)).replace(microsecond=0)
    if isinstance(value, str):
        text = value.strip()
        try:
            return seconds(dt.datetime.fromisoformat(text))
        except ValueError:
            pass
        for fmt in ("%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y"):
            try:
                return dt.datetime.strptime(text, fmt)
            except ValueError:
                continue
    return None



def seconds(moment: dt.datetime) -> dt.datetime:
    """A moment to the whole second (the log's resolution)."""
    return moment.replace(microsecond=0)


def first_line(text: str) -> str:
    """The first line of a note (the tool's line when it is the tool's note)."""
    return text.lstrip().split("\n", 1)[0].rstrip()
