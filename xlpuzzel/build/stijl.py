"""Cell styles and page set-up shared by the builder's sheets Landelijk and Prognose.

Number formats are sheet Puzzel's (`xlpuzzel.build.puzzel_sheet`), so a count looks the same
on every sheet.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from xlpuzzel.build.puzzel_sheet import COUNT_FORMAT, SIGNED_FORMAT
from xlpuzzel.layout import AUTHORITY_COLOR, INPUT_COLOR

DATE_FORMAT = "d-m-yyyy"
_THIN = Side(style="thin", color="808080")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
INPUT_FILL = PatternFill("solid", fgColor=INPUT_COLOR)
AUTHORITY_FILL = PatternFill("solid", fgColor=AUTHORITY_COLOR)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def a4_liggend(ws: Worksheet) -> None:
    """Print on A4 landscape, one page wide, as many pages high as needed."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


__all__ = ["AUTHORITY_FILL", "BOX", "CENTER", "COUNT_FORMAT", "DATE_FORMAT", "INPUT_FILL", "SIGNED_FORMAT",
           "a4_liggend"]
