"""Sheet `Puzzel`: the familiar table of 12-7-2024, with formulas for every derived cell."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from xlpuzzel.calculation import Row, derived_cells
from xlpuzzel.dataset import Dataset
from xlpuzzel.entry import Entry, Kind
from xlpuzzel.formulas import cell_address, excel_formula
from xlpuzzel.layout import (
    AUTHORITY_COLOR,
    BIJGESTELD_COLOR,
    BIJGESTELD_STYLE,
    COLUMNS,
    INPUT_COLOR,
    LANDELIJK_LABEL,
    LANDELIJK_TASK_COLUMNS,
    PUZZEL_SHEET,
    TOTAAL_LABEL,
    VERSCHIL_LABEL,
    PuzzelLayout,
    Role,
    TotalKind,
    block_headers,
    column,
)

COUNT_FORMAT = "#,##0"
SIGNED_FORMAT = "#,##0;-#,##0;0"
PERCENT_FORMAT = "0%"
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def bijgesteld_style() -> NamedStyle:
    """The named cell style 'Tussentijds bijgesteld' (also used by the change flags)."""
    style = NamedStyle(name=BIJGESTELD_STYLE)
    style.fill = PatternFill("solid", fgColor=BIJGESTELD_COLOR)
    style.number_format = COUNT_FORMAT
    style.border = _BOX
    style.font = Font(bold=True)
    return style


def add_puzzel_sheet(wb: Workbook, dataset: Dataset, as_printed: bool = False) -> PuzzelLayout:
    """Write sheet Puzzel; with `as_printed` every derived cell is typed as printed, not a formula."""
    puzzel = dataset.puzzel
    layout = PuzzelLayout(len(puzzel.gemeenten))
    ws = wb.active if wb.active is not None and wb.active.title == "Sheet" else wb.create_sheet()
    ws.title = PUZZEL_SHEET
    wb.add_named_style(bijgesteld_style())
    _header(ws, layout, dataset)

    input_fill = PatternFill("solid", fgColor=INPUT_COLOR)
    authority_fill = PatternFill("solid", fgColor=AUTHORITY_COLOR)
    for i, name in enumerate(puzzel.gemeenten):
        row = layout.gemeente_row(i)
        ws.cell(row, 1, name).border = _BOX
        for col in COLUMNS:
            if col.role is not Role.INPUT:
                continue
            cell = ws[layout.cell(col.id, row)]
            cell.value = _typed(puzzel.entry(col.id, i))
            cell.fill = input_fill
            cell.number_format = SIGNED_FORMAT if col.may_be_negative else COUNT_FORMAT
            cell.border = _BOX
            cell.alignment = Alignment(horizontal="right")

    ws.cell(layout.totaal_row, 1, TOTAAL_LABEL).font = Font(bold=True)
    ws.cell(layout.verschil_row, 1, VERSCHIL_LABEL)
    ws.cell(layout.landelijk_row, 1, LANDELIJK_LABEL)
    for col in COLUMNS:
        if col.total is TotalKind.AUTHORITY:
            cell = ws[layout.cell(col.id, layout.totaal_row)]
            cell.value = _typed(puzzel.totaal.get(col.id))
            cell.fill = authority_fill
    for cid in LANDELIJK_TASK_COLUMNS:
        cell = ws[layout.cell(cid, layout.landelijk_row)]
        cell.value = _typed(puzzel.landelijk.get(cid))
        cell.fill = authority_fill
        cell.number_format = COUNT_FORMAT

    printed = {Row.TOTAAL: puzzel.totaal, Row.VERSCHIL: puzzel.verschil, Row.LANDELIJK: puzzel.landelijk}
    for derived in derived_cells(layout.n_gemeenten):
        cell = ws[cell_address(derived, layout)]
        if as_printed:
            if derived.row is Row.GEMEENTE:
                assert derived.index is not None
                cell.value = _typed(puzzel.entry(derived.column_id, derived.index))
            else:
                cell.value = _typed(printed[derived.row].get(derived.column_id))
        else:
            cell.value = excel_formula(derived, layout)
        cell.number_format = PERCENT_FORMAT if derived.row is Row.VERSCHIL else SIGNED_FORMAT
        if derived.row is Row.VERSCHIL and derived.column_id == "opgave_oek_asiel":
            cell.number_format = SIGNED_FORMAT
    for col in COLUMNS:
        for row in (layout.totaal_row, layout.verschil_row, layout.landelijk_row):
            cell = ws[layout.cell(col.id, row)]
            cell.border = _BOX
            if row == layout.totaal_row:
                cell.font = Font(bold=True)
                if col.id != "gemeenten":
                    cell.number_format = COUNT_FORMAT

    legend_row = _footer(ws, layout, dataset)
    for name, ref in layout.defined_names().items():
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
    _page(ws, layout, legend_row)
    return layout


def _typed(entry: Entry | None) -> object:
    """What goes in the cell: a number where staff typed one, else the text as printed."""
    if entry is None or entry.raw is None:
        return None
    if entry.kind is Kind.NUMBER and entry.number is not None:
        return int(entry.number)
    if entry.kind in (Kind.PERCENT, Kind.DECIMAL) and entry.number is not None:
        return float(entry.number)
    return entry.raw


def _header(ws: Worksheet, layout: PuzzelLayout, dataset: Dataset) -> None:
    meta = dataset.meta
    ws.cell(layout.title_row, 1, meta.get("titel", "De PUZZEL")).font = Font(bold=True, size=14)
    ws.cell(layout.subtitle_row, 1, meta.get("ondertitel", "")).font = Font(italic=True)
    peildatum = str(meta.get("peildatum", ""))
    if peildatum:
        y, m, d = (int(p) for p in peildatum.split("-"))
        ws.cell(layout.block_header_row, 1, f"{d}-{m}-{y}")
    ws[layout.cell("inwoners", layout.block_header_row)] = meta.get("inwoners_jaar")
    bold_center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for first, last, text in block_headers(dataset.instellingen.get("periode")):
        a, b = column(first).letter, column(last).letter
        ws[f"{a}{layout.block_header_row}"] = text
        ws[f"{a}{layout.block_header_row}"].alignment = bold_center
        ws[f"{a}{layout.block_header_row}"].font = Font(bold=True)
        if a != b:
            ws.merge_cells(f"{a}{layout.block_header_row}:{b}{layout.block_header_row}")
    for col in COLUMNS:
        cell = ws[layout.cell(col.id, layout.header_row)]
        cell.value = col.header
        cell.font = Font(bold=True)
        cell.alignment = bold_center
        cell.border = _BOX
        ws.column_dimensions[col.letter].width = 24 if col.role is Role.LABEL else 11
    ws.row_dimensions[layout.block_header_row].height = 45
    ws.row_dimensions[layout.header_row].height = 30


def _footer(ws: Worksheet, layout: PuzzelLayout, dataset: Dataset) -> int:
    row = layout.footnote_row
    for text in dataset.meta.get("voetnoten", []):
        ws.cell(row, 1, text).font = Font(italic=True, size=9)
        row += 1
    legend = ws.cell(row + 1, 1, dataset.meta.get("legenda", "getallen met deze kleur zijn tussentijds bijgesteld."))
    legend.style = BIJGESTELD_STYLE
    return legend.row


def _page(ws: Worksheet, layout: PuzzelLayout, last_row: int) -> None:
    ws.freeze_panes = ws[layout.cell("inwoners", layout.first_row)]
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{layout.block_header_row}:{layout.header_row}"
    ws.print_area = f"A1:{COLUMNS[-1].letter}{last_row}"
    ws.sheet_view.zoomScale = 90
