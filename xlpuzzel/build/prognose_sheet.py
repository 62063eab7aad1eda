"""Sheet `Prognose`: the statushouders backlog model with scenarios, and the art. 28 taakstelling per gemeente.

Inputs (yellow) are the start backlog, first year, horizon, and per year the taakstelling
and the assumed housed per scenario; everything else is a native formula. Only the
bijlage's own assumption (midden) is in the seeds: laag and hoog stay empty for staff, as
do the national number and inhabitants of the art. 28 block.
"""

from __future__ import annotations

from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from xlpuzzel.build.stijl import (
    BOX,
    INPUT_FILL,
    a4_liggend,
    font,
    kop,
)
from xlpuzzel.landelijk.bronnen import Art28Invoer, PrognoseTabel
from xlpuzzel.landelijk.formules import art28_formulas, art28_totaal_formula, prognose_formulas
from xlpuzzel.landelijk.layout import (
    ART28_INVOER,
    ART28_KOLOM,
    ART28_KOLOMMEN,
    PROGNOSE_INVOER,
    PROGNOSE_KOLOMMEN,
    PROGNOSE_SHEET,
    PrognoseLayout,
)
from xlpuzzel.layout import COUNT_FORMAT, SIGNED_FORMAT

SHARE_FORMAT = "#,##0.000"

#: What the columns hold, under the table.
TOELICHTING = (
    ("Achterstand op 31 december = achterstand op 1 januari + taakstelling − gehuisvest; het jaar erna begint "
    "met die achterstand. Te huisvesten in het jaar = achterstand op 1 januari + taakstelling."),
    ("Gele cellen typt u zelf. De scenario's laag en hoog rekenen hetzelfde model met een andere aanname "
    "gehuisvest; vul die kolommen in om ze te gebruiken. Na de horizon blijven de rijen leeg."),
)
ART28_TOELICHTING = (
    "Huisvestingswet 2014, art. 28: per halfjaar de landelijke taakstelling × de inwoners van de gemeente "
    "(CBS, 1 januari van het jaar ervoor) / de inwoners van Nederland, per gemeente naar boven afgerond; "
    "de som van de gemeenten kan daardoor hoger zijn dan het aandeel van de provincie. De inwoners komen van "
    "blad Puzzel."
)


def add_prognose_sheet(
    wb: Workbook, n_gemeenten: int, tabel: PrognoseTabel | None, art28: Art28Invoer | None = None
) -> PrognoseLayout:
    """Write sheet Prognose: the bijlage's table as inputs and formulas (empty inputs without one)."""
    layout = PrognoseLayout(n_gemeenten)
    ws = wb.create_sheet(PROGNOSE_SHEET)
    title = tabel.titel if tabel is not None and tabel.titel else "Prognose huisvesting statushouders"
    ws.cell(layout.title_row, 1, title).font = font(bold=True, size=14)
    if tabel is not None and tabel.bron:
        ws.cell(layout.bron_row, 1, f"Bron: {tabel.bron}").font = font(italic=True, size=9)
    values = {
        "prognose_start_achterstand": tabel.start_achterstand if tabel else None,
        "prognose_eerste_jaar": tabel.eerste_jaar if tabel else None,
        "prognose_horizon": tabel.jaren[-1] if tabel else None,
    }
    for name, label in PROGNOSE_INVOER:
        row = layout.invoer_row(name)
        ws.cell(row, 1, label)
        cell = ws[f"{layout.value_col}{row}"]
        cell.value = values[name]
        cell.fill = INPUT_FILL
        cell.border = BOX
        cell.number_format = COUNT_FORMAT if name == "prognose_start_achterstand" else "0"
    for k in PROGNOSE_KOLOMMEN:
        kop(ws[f"{k.letter}{layout.header_row}"], k.kop)
    for i in range(layout.max_jaren):
        row = layout.jaar_row(i)
        formulas = prognose_formulas(layout, i)
        for k in PROGNOSE_KOLOMMEN:
            cell = ws[f"{k.letter}{row}"]
            cell.border = BOX
            if k.invoer:
                cell.fill = INPUT_FILL
                if tabel is not None and i < len(tabel.taakstelling):
                    cell.value = {"prognose_taakstelling": tabel.taakstelling[i],
                                  "prognose_gehuisvest": tabel.gehuisvest[i]}.get(k.id)
                cell.number_format = COUNT_FORMAT
            else:
                cell.value = formulas[k.id]
                cell.number_format = "0" if k.id == "prognose_jaar" else SIGNED_FORMAT
    row = layout.toelichting_row
    notes = (*TOELICHTING, *((tabel.toelichting,) if tabel is not None and tabel.toelichting else ()))
    for j, text in enumerate(notes):
        ws.cell(row + j, 1, text).font = font(italic=True, size=9)
    _art28(ws, layout, art28 or Art28Invoer())
    for name, ref in layout.defined_names().items():
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
    ws.column_dimensions["A"].width = 44
    for k in PROGNOSE_KOLOMMEN[1:]:
        ws.column_dimensions[k.letter].width = 14
    ws.row_dimensions[layout.header_row].height = 90
    ws.row_dimensions[layout.art28_header_row].height = 45
    ws.freeze_panes = ws[f"A{layout.first_row}"]
    a4_liggend(ws)
    return layout


def _art28(ws: Worksheet, layout: PrognoseLayout, invoer: Art28Invoer) -> None:
    ws.cell(layout.art28_titel_row, 1, "Taakstelling per gemeente (Huisvestingswet 2014, art. 28)").font = font(
        bold=True, size=12
    )
    for name, label in ART28_INVOER:
        row = layout.art28_invoer_row(name)
        ws.cell(row, 1, label)
        cell = ws[f"{layout.value_col}{row}"]
        cell.value = getattr(invoer, name.removeprefix("art28_")) or None
        cell.fill = INPUT_FILL
        cell.border = BOX
        cell.number_format = "@" if name == "art28_periode" else COUNT_FORMAT
    if invoer.bron:
        ws.cell(layout.art28_titel_row, 3, f"Bron: {invoer.bron}").font = font(italic=True, size=9)
    for _cid, letter, tekst in ART28_KOLOMMEN:
        kop(ws[f"{letter}{layout.art28_header_row}"], tekst)
    for i in range(layout.n_gemeenten):
        row = layout.art28_first_row + i
        for cid, formula in art28_formulas(layout, i).items():
            letter = ART28_KOLOM[cid]
            cell = ws[f"{letter}{row}"]
            cell.value = formula
            cell.border = BOX
            cell.number_format = {"art28_aandeel": SHARE_FORMAT, "art28_gemeenten": "General"}.get(cid, COUNT_FORMAT)
    total = layout.art28_totaal_row
    ws.cell(total, 1, "Totaal").font = font(bold=True)
    for cid, fmt in (("art28_aandeel", SHARE_FORMAT), ("art28_taakstelling", COUNT_FORMAT)):
        letter = ART28_KOLOM[cid]
        cell = ws[f"{letter}{total}"]
        cell.value = art28_totaal_formula(layout, cid)
        cell.font = font(bold=True)
        cell.number_format = fmt
        cell.border = BOX
    ws.cell(total + 1, 1, ART28_TOELICHTING).font = font(italic=True, size=9)
