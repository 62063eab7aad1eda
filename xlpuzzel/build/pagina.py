"""Page setup shared by the sheets the builder adds for the proposal (Ruimte, Voorstel)."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet


def liggend(ws: Worksheet, area: str) -> None:
    """A4 landscape, as wide as one page, printing `area` ('A1:M40')."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = area
