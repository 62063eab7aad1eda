"""Excel dates: serial numbers, ISO date cells, and the cell styles whose number format shows a date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from xml.etree import ElementTree as ET

from xlpuzzel.package import xml_int

#: Built-in number formats that show a date or time.
_DATE_FORMAT_IDS = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})
_FORMAT_NOISE = re.compile(r'\[[^\]]*\]|"[^"]*"|\\.|_.|\*.')


def excel_date(serial: float, date1904: bool = False) -> dt.date | dt.datetime:
    """The date (or date and time) of an Excel serial number."""
    if date1904:
        base = dt.datetime(1904, 1, 1)
    elif serial < 60:
        # Excel counts the non-existent 29 February 1900; serials before it are off by one.
        base = dt.datetime(1899, 12, 31)
    else:
        base = dt.datetime(1899, 12, 30)
    moment = base + dt.timedelta(days=serial)
    moment = moment.replace(microsecond=0) + dt.timedelta(seconds=round(moment.microsecond / 1e6))
    if moment.time() == dt.time(0):
        return moment.date()
    return moment


def iso_date(text: str | None) -> object:
    """The value of a cell of type 'd': a date (or date and time), else the text as stored."""
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.strip().rstrip("Z"))
    except ValueError:
        return text
    return moment.date() if moment.time() == dt.time(0) else moment


def date_style_indices(styles: ET.Element, t: Callable[[str], str]) -> frozenset[int]:
    """Indices of the cell formats (cellXfs) of a styles part whose number format shows a date or time."""
    found: set[int] = set()
    custom: dict[int, str] = {}
    fmts = styles.find(t("numFmts"))
    for nf in fmts if fmts is not None else ():
        custom[xml_int(nf.get("numFmtId"))] = nf.get("formatCode", "")
    xfs = styles.find(t("cellXfs"))
    for index, xf in enumerate(xfs if xfs is not None else ()):
        fid = xml_int(xf.get("numFmtId"))
        if fid in _DATE_FORMAT_IDS or (fid in custom and _is_date_format(custom[fid])):
            found.add(index)
    return frozenset(found)


def _is_date_format(code: str) -> bool:
    """True when a custom number format shows a date or time (d, m, y, h, s outside quotes)."""
    stripped = _FORMAT_NOISE.sub("", code).lower()
    first = stripped.split(";", 1)[0]
    return any(ch in first for ch in "dmyhs")
