"""Sheet `Puzzel`: the familiar table of 12-7-2024, with formulas for every derived cell."""

from __future__ import annotations

from openpyxl.comments import Comment
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from xlpuzzel.build.stijl import font, tekst_blijft_tekst
from xlpuzzel.calculation import Row, derived_cells
from xlpuzzel.dataset import Dataset
from xlpuzzel.entry import Entry, Kind
from xlpuzzel.formulas import cell_address, excel_formula
from xlpuzzel.layout import (
    AUTHORITY_COLOR,
    BIJGESTELD_COLOR,
    BIJGESTELD_STYLE,
    COLUMNS,
    COUNT_FORMAT,
    INPUT_COLOR,
    LANDELIJK_LABEL,
    LANDELIJK_TASK_COLUMNS,
    PUZZEL_SHEET,
    SIGNED_FORMAT,
    TOTAAL_LABEL,
    VERSCHIL_KLEUREN,
    VERSCHIL_LABEL,
    PuzzelLayout,
    Role,
    TotalKind,
    block_headers,
    column,
    column_letter_index,
    index_to_letter,
)
from xlpuzzel.nieuw.provincie import indicatief_notitie, indicatief_voetnoot, parse_indicatief

PERCENT_FORMAT = "0%"
_BLOCK_FILL = "EDEDED"
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def bijgesteld_style() -> NamedStyle:
    """The named cell style 'Tussentijds bijgesteld' (also used by the change flags)."""
    style = NamedStyle(name=BIJGESTELD_STYLE)
    style.fill = PatternFill("solid", fgColor=BIJGESTELD_COLOR)
    style.number_format = COUNT_FORMAT
    style.border = _BOX
    style.font = font(bold=True)
    return style


def add_puzzel_sheet(
    wb: Workbook, dataset: Dataset, as_printed: bool = False, title: str = PUZZEL_SHEET
) -> PuzzelLayout:
    """Write sheet Puzzel; with `as_printed` every derived cell is typed as printed, not a formula.

    Another `title` writes a copy of the table under that name, without the defined names.
    """
    puzzel = dataset.puzzel
    layout = PuzzelLayout(len(puzzel.gemeenten))
    ws = wb.active if wb.active is not None and wb.active.title == "Sheet" else wb.create_sheet()
    ws.title = title
    if BIJGESTELD_STYLE not in wb.named_styles:
        wb.add_named_style(bijgesteld_style())
    _header(ws, layout, dataset)

    input_fill = PatternFill("solid", fgColor=INPUT_COLOR)
    authority_fill = PatternFill("solid", fgColor=AUTHORITY_COLOR)
    for i, name in enumerate(puzzel.gemeenten):
        row = layout.gemeente_row(i)
        tekst_blijft_tekst(ws.cell(row, 1, name)).border = _BOX
        for col in COLUMNS:
            if col.role is not Role.INPUT:
                continue
            cell = ws[layout.cell(col.id, row)]
            cell.value = _typed(puzzel.entry(col.id, i))
            tekst_blijft_tekst(cell)
            cell.fill = input_fill
            cell.number_format = SIGNED_FORMAT if col.may_be_negative else COUNT_FORMAT
            cell.border = _BOX
            cell.alignment = Alignment(horizontal="right")

    ws.cell(layout.totaal_row, 1, TOTAAL_LABEL).font = font(bold=True)
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
                cell.font = font(bold=True)
                if col.id != "gemeenten":
                    cell.number_format = COUNT_FORMAT

    legend_row = _footer(ws, layout, dataset)
    legend_row = _indicatief(ws, layout, dataset, legend_row)
    _validation(ws, layout)
    _colours(ws, layout)
    if title == PUZZEL_SHEET:
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
    tekst_blijft_tekst(ws.cell(layout.title_row, 1, meta.get("titel", "De PUZZEL"))).font = font(bold=True, size=14)
    tekst_blijft_tekst(ws.cell(layout.subtitle_row, 1, meta.get("ondertitel", ""))).font = font(italic=True)
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
        ws[f"{a}{layout.block_header_row}"].font = font(bold=True)
        # A band per block, so neighbouring headers do not read as one line.
        ws[f"{a}{layout.block_header_row}"].fill = PatternFill("solid", fgColor=_BLOCK_FILL)
        if a != b:
            ws.merge_cells(f"{a}{layout.block_header_row}:{b}{layout.block_header_row}")
        for row in ws[f"{a}{layout.block_header_row}:{b}{layout.block_header_row}"]:
            for cell in row:
                cell.border = _BOX
    for col in COLUMNS:
        cell = ws[layout.cell(col.id, layout.header_row)]
        cell.value = col.header
        cell.font = font(bold=True)
        cell.alignment = bold_center
        cell.border = _BOX
        ws.column_dimensions[col.letter].width = 24 if col.role is Role.LABEL else 11
    ws.row_dimensions[layout.block_header_row].height = 45
    ws.row_dimensions[layout.header_row].height = 30


#: Legend lines under the bijgesteld colour: what the other fills mean.
LEGENDA_INVOER = "gele cellen typt u zelf (invoer)"
LEGENDA_DERDEN = "blauwe cellen zijn vastgesteld door het Rijk of het CBS"
LEGENDA_VERSCHIL = "kleur van het percentage in de rij verschil (als op het LRT-dashboard):"
#: The legend's texts span this many columns from A, so each fill covers its whole text.
_LEGEND_WIDTH = 6


def _footer(ws: Worksheet, layout: PuzzelLayout, dataset: Dataset) -> int:
    """Footnotes, then the legend: bijgesteld, yellow, blue, and the colours of the verschil row."""
    row = layout.footnote_row
    for text in dataset.meta.get("voetnoten", []):
        tekst_blijft_tekst(ws.cell(row, 1, text)).font = font(italic=True, size=9)
        row += 1
    row += 1
    last = index_to_letter(_LEGEND_WIDTH)
    lines = (
        (dataset.meta.get("legenda", "getallen met deze kleur zijn tussentijds bijgesteld."), None),
        (LEGENDA_INVOER, INPUT_COLOR),
        (LEGENDA_DERDEN, AUTHORITY_COLOR),
    )
    for text, fill in lines:
        cell = ws.cell(row, 1, text)
        if fill is None:
            cell.style = BIJGESTELD_STYLE
        else:
            cell.fill = PatternFill("solid", fgColor=fill)
            cell.font = font()
        ws.merge_cells(f"A{row}:{last}{row}")
        row += 1
    ws.cell(row, 1, LEGENDA_VERSCHIL).font = font(italic=True, size=9)
    ws.merge_cells(f"A{row}:{index_to_letter(_LEGEND_WIDTH - 3)}{row}")
    for offset, (lowest, fill, colour) in enumerate(VERSCHIL_KLEUREN):
        higher = VERSCHIL_KLEUREN[offset - 1][0] if offset else None
        text = f"≥ {lowest:.0%}" if higher is None else (f"< {higher:.0%}" if lowest == 0 else f"≥ {lowest:.0%}")
        cell = ws.cell(row, _LEGEND_WIDTH - 2 + offset, text)
        cell.fill = PatternFill("solid", fgColor=fill)
        cell.font = font(color=colour)
        cell.alignment = Alignment(horizontal="center")
    return row


def _validation(ws: Worksheet, layout: PuzzelLayout) -> None:
    """Excel data validation on every input block: a whole number (>= 0 but for a bijstelling), ntb, -, n.v.t. or blank.

    A warning, not a stop: staff may keep what they typed (the check reports it), e.g. while on the phone.
    """
    first, last = layout.first_row, layout.last_row
    blocks: list[tuple[str, str, bool]] = []
    for col in COLUMNS:
        if col.role is not Role.INPUT:
            continue
        if blocks and blocks[-1][2] == col.may_be_negative and \
                column_letter_index(col.letter) == column_letter_index(blocks[-1][1]) + 1:
            blocks[-1] = (blocks[-1][0], col.letter, col.may_be_negative)
        else:
            blocks.append((col.letter, col.letter, col.may_be_negative))
    for a, b, negative in blocks:
        dv = DataValidation(
            type="custom",
            formula1=validation_formula(f"{a}{first}", negative),
            allow_blank=True,
            showInputMessage=True,
            showErrorMessage=True,
            errorStyle="warning",
            promptTitle="Bijstelling" if negative else "Aantal plaatsen",
            prompt=(
                "Typ het aantal plaatsen erbij (138) of eraf (-128), of laat de cel leeg."
                if negative else
                "Typ een geheel aantal (0 of meer), of ntb (nog niet bekend), - (geen plaatsen) of n.v.t."
            ),
            errorTitle="Geen aantal",
            error=(
                "Hier hoort een geheel aantal"
                + (" (negatief mag)" if negative else " van 0 of meer")
                + ", of ntb, - of n.v.t. Kies Ja om het toch te houden: de controle meldt het dan."
            ),
        )
        dv.add(f"{a}{first}:{b}{last}")
        ws.add_data_validation(dv)


def validation_formula(top: str, negative: bool = False) -> str:
    """The custom validation of an input cell (`top`: the block's first cell; Excel shifts it per cell).

    IF first: an AND or OR over a text would be #VALUE! (INT of 'ntb'), and an error fails the
    validation of the words that are allowed.
    """
    number = f"{top}=INT({top})" if negative else f"AND({top}>=0,{top}=INT({top}))"
    return f'IF(ISNUMBER({top}),{number},OR(ISBLANK({top}),{top}="ntb",{top}="-",{top}="n.v.t."))'


def _colours(ws: Worksheet, layout: PuzzelLayout) -> None:
    """The verschil row's percentages in the LRT dashboard's colours (green, orange, red), declared in the layout."""
    cells = [layout.cell(c.id, layout.verschil_row) for c in COLUMNS if c.task is not None]
    for address in cells:
        for n, (lowest, fill, colour) in enumerate(VERSCHIL_KLEUREN):
            higher = VERSCHIL_KLEUREN[n - 1][0] if n else None
            test = [f"ISNUMBER({address})"]
            if lowest > 0:
                test.append(f"{address}>={lowest:g}")
            if higher is not None:
                test.append(f"{address}<{higher:g}")
            style = DifferentialStyle(
                fill=PatternFill(start_color=fill, end_color=fill, fill_type="solid"), font=Font(color=colour)
            )
            ws.conditional_formatting.add(address, Rule(type="expression", dxf=style, formula=[f"AND({','.join(test)})"]))


#: Font of a task a new puzzel spread by population for want of a verdeelbesluit (and of its legend line).
INDICATIEF_FONT = font(italic=True, color="7030A0")


def _indicatief(ws: Worksheet, layout: PuzzelLayout, dataset: Dataset, legend_row: int) -> int:
    """Mark indicative task columns: their cells in the legend's font, a note on the header, a legend line."""
    cats = parse_indicatief(",".join(str(c) for c in dataset.meta.get("indicatief", [])))
    if not cats:
        return legend_row
    for cat in cats:
        col_id = f"opgave_{cat.value}"
        for row in range(layout.first_row, layout.last_row + 1):
            ws[layout.cell(col_id, row)].font = INDICATIEF_FONT
        note = Comment(indicatief_notitie(cat), "xlpuzzel")
        note.width, note.height = 260, 110
        ws[layout.cell(col_id, layout.header_row)].comment = note
    cell = ws.cell(legend_row + 1, 1, indicatief_voetnoot(cats))
    cell.font = INDICATIEF_FONT
    # Over the table's width, wrapped: a line this long would run off the printed page.
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(f"A{cell.row}:{COLUMNS[-1].letter}{cell.row}")
    ws.row_dimensions[cell.row].height = 30
    return cell.row


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
