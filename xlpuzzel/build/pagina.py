"""Page setup shared by the sheets the builder adds for the proposal (Ruimte, Voorstel)."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from xlpuzzel.build.stijl import a4_liggend


def liggend(ws: Worksheet, area: str) -> None:
    """A4 landscape, as wide as one page, printing `area` ('A1:M40')."""
    a4_liggend(ws)
    ws.print_area = area
