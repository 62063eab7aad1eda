"""Tables the tool hands to others (CSV and .xlsx) that are safe to open: no text ever runs as a formula.

A Woo export is published and an `overzicht.csv` is mailed around; whoever opens one in
Excel must not run a formula that a gemeente name or a log text smuggled in
(`=HYPERLINK(…)`, `+cmd|' /C calc'!A0`, `@SUM(1)`). Every CSV or spreadsheet the tool
writes goes through this module, so the rule lives in one place:

- CSV: a text beginning with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`
  (Excel shows it as text), unless the whole text is a plain number as the tool prints
  one (`-128`, `1.077`, `-2,5%`) or a lone `-` (the table's "nvt"): those cannot call
  anything, and a negative number must stay a number.
- .xlsx: every text is a string cell (never a formula) and such texts also get Excel's
  quote prefix, so editing the cell later does not turn it into a formula either. Numbers
  and dates stay numbers and dates. Texts longer than Excel's 32,767 characters are cut,
  with a Dutch warning.

CSV is written for Dutch Excel: `;` separated, UTF-8 with BOM, CRLF line ends.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: First characters with which a spreadsheet program starts a formula (or DDE call).
FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")
#: Excel's limit for the text in one cell.
MAX_CELTEKST = 32_767
_GETAL = re.compile(r"[+-]?(\d[\d.,]*%?)?")


def is_formule_gevaarlijk(tekst: str) -> bool:
    """True when a spreadsheet program could read `tekst` as a formula (and it is not a plain number)."""
    return tekst.startswith(FORMULE_TEKENS) and _GETAL.fullmatch(tekst) is None


def csv_tekst(tekst: str) -> str:
    """A text as it may stand in a CSV cell: with a leading `'` when it could run as a formula."""
    return "'" + tekst if is_formule_gevaarlijk(tekst) else tekst


def csv_waarde(value: object) -> str:
    """One CSV cell: dates Dutch ('27-11-2026 14:03:05'), decimals with a comma, texts neutralised."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%d-%m-%Y %H:%M:%S}"
    if isinstance(value, dt.date):
        return f"{value:%d-%m-%Y}"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return csv_tekst(str(value))


def csv_bytes(kop: Sequence[str], rijen: Iterable[Sequence[object]]) -> bytes:
    """A CSV file for Dutch Excel (';', UTF-8 with BOM, CRLF), every cell through :func:`csv_waarde`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_waarde(k) for k in kop])
    for rij in rijen:
        writer.writerow([csv_waarde(v) for v in rij])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@dataclass(frozen=True)
class Tabel:
    """One sheet of an .xlsx export: a bold, frozen header row, then the rows."""

    blad: str
    kop: tuple[str, ...]
    rijen: tuple[tuple[object, ...], ...]
    #: Column widths in characters, from column A on.
    breedtes: tuple[float, ...] = ()
    #: Number format per column index (0-based) for dates and numbers.
    formaten: tuple[tuple[int, str], ...] = ()


def xlsx_bytes(tabel: Tabel, waarschuwingen: list[str] | None = None) -> bytes:
    """The table as a new one-sheet .xlsx, texts never formulas, same rows giving the same bytes.

    A text cut at Excel's cell limit adds a Dutch warning to `waarschuwingen`. openpyxl is
    safe here: this is a new file, not a user's workbook.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from xlpuzzel.package import package_bytes, parts_from_bytes

    wb = Workbook()
    ws = wb.active
    ws.title = tabel.blad
    formaten = dict(tabel.formaten)
    for col, kop in enumerate(tabel.kop, start=1):
        cell = ws.cell(1, col)
        _zet(cell, kop, None, waarschuwingen)
        cell.font = Font(bold=True)
    for r, rij in enumerate(tabel.rijen, start=2):
        for col, value in enumerate(rij, start=1):
            cell = ws.cell(r, col)
            _zet(cell, value, tabel.kop[col - 1] if col <= len(tabel.kop) else None, waarschuwingen)
            if col - 1 in formaten and not isinstance(value, str):
                cell.number_format = formaten[col - 1]
    for col, width in enumerate(tabel.breedtes, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    parts = parts_from_bytes(buffer.getvalue())
    # Fixed document times: the same rows give the same file.
    parts["docProps/core.xml"] = re.sub(
        rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", parts["docProps/core.xml"]
    )
    return package_bytes(parts)


def _zet(cell, value: object, kolom: str | None, waarschuwingen: list[str] | None) -> None:  # type: ignore[no-untyped-def]
    """Put a value in an openpyxl cell: numbers and dates as they are, every text as a string cell."""
    if isinstance(value, bool):
        value = "ja" if value else "nee"
    if value is None or isinstance(value, (int, float, dt.date)):
        cell.value = value
        return
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if len(text) > MAX_CELTEKST:
        if waarschuwingen is not None:
            waar = f"kolom '{kolom}', " if kolom else ""
            waarschuwingen.append(
                f"{cell.coordinate} ({waar}{_nl(len(text))} tekens) is ingekort tot {_nl(MAX_CELTEKST)} tekens, "
                "de grens van Excel voor één cel."
            )
        text = text[:MAX_CELTEKST]
    cell.value = text
    cell.data_type = "s"  # openpyxl makes any text starting with '=' a formula
    if text.startswith(FORMULE_TEKENS):
        cell.quotePrefix = True


def _nl(n: int) -> str:
    return f"{n:,}".replace(",", ".")
