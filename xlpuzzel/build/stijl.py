"""Cell styles, fonts and page set-up shared by every sheet the builder writes.

openpyxl's `Font(bold=True)` names no font: LibreOffice (and Excel on a pc without the theme
font) then shows a serif. Every font here names the workbook's default font. Number formats
are declared here once, so a count looks the same on every sheet.
"""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from xlpuzzel.layout import AUTHORITY_COLOR, INPUT_COLOR

#: The workbook's default font (openpyxl's, in styles.xml font 0) and its size.
DEFAULT_FONT = "Calibri"
DEFAULT_SIZE = 11
DATE_FORMAT = "d-m-yyyy"
_THIN = Side(style="thin", color="808080")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
INPUT_FILL = PatternFill("solid", fgColor=INPUT_COLOR)
AUTHORITY_FILL = PatternFill("solid", fgColor=AUTHORITY_COLOR)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def font(*, bold: bool = False, italic: bool = False, size: float = DEFAULT_SIZE, color: str | None = None) -> Font:
    """A font that names the workbook's default font."""
    return Font(name=DEFAULT_FONT, size=size, bold=bold, italic=italic, color=color)


def kop(cell: Any, tekst: object = None) -> Any:
    """A column header of the national sheets: bold, centred, boxed (`tekst` written when given)."""
    if tekst is not None:
        cell.value = tekst
    cell.font = font(bold=True)
    cell.alignment = CENTER
    cell.border = BOX
    return cell


def a4_liggend(ws: Worksheet, header_rows: str | None = None) -> None:
    """Print on A4 landscape, one page wide, as many pages high as needed; `header_rows` ('1:1') on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if header_rows:
        ws.print_title_rows = header_rows


#: Points per line of 11 pt text, and characters of average text per unit of column width.
_LINE_HEIGHT = 15.0
_CHARS_PER_WIDTH = 1.1


def fit_row_height(ws: Worksheet, row: int, size: float = DEFAULT_SIZE) -> None:
    """Height for the wrapped texts of a row, estimated from text length and column width.

    openpyxl writes no row heights and LibreOffice does not fit rows on opening, so wrapped
    texts would run into the next row; the estimate errs on the roomy side.
    """
    lines = 1
    for cell in ws[row]:
        if cell.value is None or not isinstance(cell.value, str):
            continue
        width = ws.column_dimensions[cell.column_letter].width or 8.43
        per_line = max(1, int(width * _CHARS_PER_WIDTH * DEFAULT_SIZE / size))
        needed = sum(max(1, -(-len(part) // per_line)) for part in cell.value.split("\n"))
        lines = max(lines, needed)
    if lines > 1:
        ws.row_dimensions[row].height = round(lines * _LINE_HEIGHT * size / DEFAULT_SIZE, 1)


#: The order of a font's children as Excel writes them and the Open XML SDK expects them;
#: openpyxl writes name, family, b, ..., color, sz: out of that order.
_FONT_ORDER = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color",
               "name", "family", "charset", "scheme")


def font_children_in_schema_order(styles_xml: bytes) -> bytes:
    """styles.xml with every <font> (cell fonts and conditional formats) in Excel's child order."""
    from lxml import etree

    root = etree.fromstring(styles_xml)
    rank = {name: i for i, name in enumerate(_FONT_ORDER)}
    for font_el in root.iter("{*}font"):
        children = list(font_el)
        ordered = sorted(children, key=lambda el: rank.get(etree.QName(el).localname, len(rank)))
        if ordered != children:
            for el in children:
                font_el.remove(el)
            font_el.extend(ordered)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def tekst_blijft_tekst(cell: Any) -> Any:
    """A cell whose text starts with '=' keeps it as text: openpyxl would write it as a formula.

    For values that come from people (a gemeente name, a setting, a value carried from a
    previous round's workbook), never for the builder's own formulas. Returns the cell.
    """
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"
    return cell
