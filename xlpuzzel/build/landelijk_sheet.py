"""Sheet `Landelijk`: the LRT dashboard's cards and table, with formulas, colours and a chart per card.

Everything the dashboard shows is a native formula over typed inputs (delta, Total, the
cards' schema, achterstand, percentage and colour), so the sheet works without Python;
the card colours are one conditional format per colour, declared in the layout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from openpyxl.chart import LineChart, Reference, Series
from openpyxl.chart.axis import DateAxis
from openpyxl.chart.data_source import StrData, StrRef, StrVal
from openpyxl.chart.legend import Legend
from openpyxl.chart.text import Text
from openpyxl.chart.title import Title
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from xlpuzzel.build.stijl import (
    AUTHORITY_FILL,
    BOX,
    CENTER,
    DATE_FORMAT,
    INPUT_FILL,
    a4_liggend,
    font,
    kop,
)
from xlpuzzel.landelijk.bronnen import LandelijkeBronnen
from xlpuzzel.landelijk.formules import (
    delta_formula,
    grafiek_formulas,
    grafiek_titel_formula,
    kaart_formulas,
    niveau_formula,
    total_formula,
)
from xlpuzzel.landelijk.layout import (
    CATEGORIE_BY_ID,
    GRAFIEKDATA_KOPPEN,
    KAART_GEZAG_VELDEN,
    KAART_VELD,
    KAART_VELDEN,
    KAARTEN,
    KLEUR_LEGENDA,
    KLEUR_OPMAAK,
    LANDELIJK_SHEET,
    LRT_CATEGORIEEN,
    LRT_KOLOMMEN,
    NEDERLAND_LABEL,
    PROVINCIE_ACCENT,
    PROVINCIE_KOP,
    PROVINCIE_LETTER,
    TOTAL_LABEL,
    LandelijkLayout,
    Niveau,
    Rol,
    categorie_kolommen,
)
from xlpuzzel.layout import COUNT_FORMAT, INSTELLINGEN_SHEET, PROVINCIE_SETTING, SIGNED_FORMAT, quote_sheet

PERCENT_FORMAT = "0.0%"
_GREY = font(color="808080", size=9)
#: Line colours of the charts: the schema line and the realisation point.
SCHEMA_KLEUR = "4472C4"
REALISATIE_KLEUR = "C00000"


def add_landelijk_sheet(wb: Workbook, bronnen: LandelijkeBronnen, provincie: str = "") -> LandelijkLayout:
    """Write sheet Landelijk from the LRT data file and the province's card facts.

    `provincie` is the setting's value at build time; the charts' titles follow the setting
    in Excel and start out with it.
    """
    lrt = bronnen.lrt
    layout = LandelijkLayout(len(lrt.tabel.provincies))
    ws = wb.create_sheet(LANDELIJK_SHEET)
    ws.cell(layout.title_row, 1, lrt.titel or "Landelijk beeld (LRT-dashboard)").font = font(bold=True, size=14)
    ws.cell(layout.bron_row, 1, f"Bron: {lrt.bron}" if lrt.bron else None).font = font(italic=True, size=9)
    ws.cell(layout.peildatum_row, 1, "Peildatum").font = font(bold=True)
    peildatum = ws[f"{layout.value_col}{layout.peildatum_row}"]
    peildatum.value = lrt.peildatum
    peildatum.number_format = DATE_FORMAT
    peildatum.fill = AUTHORITY_FILL
    peildatum.alignment = Alignment(horizontal="left")
    ws.cell(layout.provincie_row, 1, "Provincie").font = font(bold=True)
    ws[f"{layout.value_col}{layout.provincie_row}"] = f"={PROVINCIE_SETTING}"
    ws.cell(layout.provincie_row, 3, f"(instelling '{PROVINCIE_SETTING}' op blad {INSTELLINGEN_SHEET})").font = _GREY

    _cards(ws, layout, bronnen)
    _table(ws, layout, bronnen)
    _charts(ws, layout, provincie)
    for name, ref in layout.defined_names().items():
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
    _page(ws, layout)
    return layout


def _cards(ws: Worksheet, layout: LandelijkLayout, bronnen: LandelijkeBronnen) -> None:
    ws.cell(layout.kaart_titel_row, 1, "Indicatief schema").font = font(bold=True, size=12)
    for veld in KAART_VELDEN:
        kop(ws[f"{veld.letter}{layout.kaart_header_row}"], veld.kop)
    for i, (niveau, categorie) in enumerate(KAARTEN):
        row = layout.kaart_row(i)
        feiten = bronnen.lrt.categorieen.get(categorie)
        eigen = bronnen.kaarten.get(categorie) if niveau is Niveau.PROVINCIE else None
        typed: dict[str, object] = {}
        if niveau is Niveau.LANDELIJK and feiten is not None:
            typed = {"start": feiten.start, "startdatum": feiten.startdatum, "einddatum": feiten.einddatum}
            bron = f"LRT-dashboard; realisatie: {feiten.bron}, peildatum {_dag(feiten.peildatum)}"
        else:
            if eigen is not None:
                typed = {
                    "start": eigen.start, "startdatum": eigen.startdatum,
                    "eerdere_realisatie": eigen.eerdere_realisatie, "eerdere_datum": eigen.eerdere_datum,
                }
            bron = eigen.bron if eigen is not None and eigen.bron else (
                "LRT-tabel; startpunt en startdatum: in te vullen" if niveau is Niveau.PROVINCIE else ""
            )
        formulas = kaart_formulas(layout, i)
        ws[f"{KAART_VELD['niveau'].letter}{row}"] = niveau_formula(i) or NEDERLAND_LABEL
        ws[f"{KAART_VELD['categorie'].letter}{row}"] = CATEGORIE_BY_ID[categorie].naam
        for veld in KAART_VELDEN[2:]:
            cell = ws[f"{veld.letter}{row}"]
            cell.border = BOX
            if veld.id == "bron":
                cell.value = bron or None
                cell.font = _GREY
                cell.alignment = Alignment(wrap_text=False)
                continue
            if veld.id in formulas:
                cell.value = formulas[veld.id]
            else:
                cell.value = typed.get(veld.id)
                authority = niveau is Niveau.LANDELIJK and veld.id in KAART_GEZAG_VELDEN
                cell.fill = AUTHORITY_FILL if authority else INPUT_FILL
            cell.number_format = _card_format(veld.id)
            if veld.id == "kleur":
                cell.alignment = Alignment(horizontal="center")
        for letter in ("A", "B"):
            ws[f"{letter}{row}"].border = BOX
            ws[f"{letter}{row}"].font = font(bold=letter == "A")
    first = f"{KAART_VELD['achterstand'].letter}{layout.first_kaart_row}"
    last = f"{KAART_VELD['kleur'].letter}{layout.last_kaart_row}"
    kleur_cel = f"${KAART_VELD['kleur'].letter}{layout.first_kaart_row}"
    for naam, (fill, kleur) in KLEUR_OPMAAK.items():
        ws.conditional_formatting.add(
            f"{first}:{last}",
            # A conditional format's font only overrides the colour and weight: no name (dxf).
            FormulaRule(formula=[f'{kleur_cel}="{naam}"'], fill=PatternFill("solid", fgColor=fill, bgColor=fill),
                        font=Font(color=kleur, bold=True)),
        )
    ws.cell(layout.voetnoot_row, 1, bronnen.lrt.voetnoot or None).font = font(italic=True, size=9)
    for j, text in enumerate(KLEUR_LEGENDA):
        cell = ws.cell(layout.voetnoot_row + 1 + j, 1, text)
        fill, kleur = KLEUR_OPMAAK[text.split(":", 1)[0]]
        cell.fill = PatternFill("solid", fgColor=fill)
        cell.font = font(color=kleur, size=9)


def _card_format(veld: str) -> str:
    if veld in ("startdatum", "einddatum", "peildatum", "eerdere_datum"):
        return DATE_FORMAT
    if veld == "percentage":
        return PERCENT_FORMAT
    if veld == "achterstand":
        return SIGNED_FORMAT
    if veld == "kleur":
        return "General"
    return COUNT_FORMAT


def _table(ws: Worksheet, layout: LandelijkLayout, bronnen: LandelijkeBronnen) -> None:
    lrt = bronnen.lrt
    ws.cell(layout.tabel_titel_row, 1, "Opgaven en realisatie per provincie").font = font(bold=True, size=12)
    for cat in LRT_CATEGORIEEN:
        cols = categorie_kolommen(cat.id)
        first, last = cols[0].letter, cols[-1].letter
        ws[f"{first}{layout.groep_row}"] = cat.naam
        ws[f"{first}{layout.groep_row}"].font = font(bold=True)
        ws[f"{first}{layout.groep_row}"].alignment = CENTER
        feiten = lrt.categorieen.get(cat.id)
        if feiten is not None and (feiten.bron or feiten.peildatum):
            ws[f"{first}{layout.bron_groep_row}"] = f"Bron: {feiten.bron}, peildatum {_dag(feiten.peildatum)}"
            ws[f"{first}{layout.bron_groep_row}"].font = _GREY
            ws[f"{first}{layout.bron_groep_row}"].alignment = CENTER
        if first != last:
            ws.merge_cells(f"{first}{layout.groep_row}:{last}{layout.groep_row}")
            ws.merge_cells(f"{first}{layout.bron_groep_row}:{last}{layout.bron_groep_row}")
    kop(ws[f"{PROVINCIE_LETTER}{layout.header_row}"], PROVINCIE_KOP)
    for k in LRT_KOLOMMEN:
        kop(ws[f"{k.letter}{layout.header_row}"], k.kop)
    tabel = lrt.tabel.als_getypt()
    for i, name in enumerate(tabel.provincies):
        row = layout.provincie_row_of(i)
        ws[f"{PROVINCIE_LETTER}{row}"] = name
        ws[f"{PROVINCIE_LETTER}{row}"].border = BOX
        for k in LRT_KOLOMMEN:
            cell = ws[f"{k.letter}{row}"]
            if k.rol is Rol.DELTA:
                cell.value = delta_formula(layout, k.categorie, row)
                cell.number_format = SIGNED_FORMAT
            else:
                cell.value = tabel.kolommen[k.id][i].raw
                cell.fill = AUTHORITY_FILL
                cell.number_format = COUNT_FORMAT
            cell.border = BOX
    ws[f"{PROVINCIE_LETTER}{layout.totaal_row}"] = TOTAL_LABEL
    ws[f"{PROVINCIE_LETTER}{layout.totaal_row}"].font = font(bold=True)
    ws[f"{PROVINCIE_LETTER}{layout.totaal_row}"].border = BOX
    for k in LRT_KOLOMMEN:
        cell = ws[f"{k.letter}{layout.totaal_row}"]
        cell.value = total_formula(layout, k.id)
        cell.font = font(bold=True)
        cell.border = BOX
        cell.number_format = SIGNED_FORMAT if k.rol is Rol.DELTA else COUNT_FORMAT
    last_letter = LRT_KOLOMMEN[-1].letter
    ws.conditional_formatting.add(
        f"{PROVINCIE_LETTER}{layout.first_row}:{last_letter}{layout.last_row}",
        FormulaRule(
            formula=[f"${PROVINCIE_LETTER}{layout.first_row}={PROVINCIE_SETTING}"],
            fill=PatternFill("solid", fgColor=PROVINCIE_ACCENT, bgColor=PROVINCIE_ACCENT),
            font=Font(bold=True),  # a conditional format's font: weight only, no name (dxf)
        ),
    )


def _charts(ws: Worksheet, layout: LandelijkLayout, provincie: str) -> None:
    ws.cell(layout.grafiek_titel_row, 1, "Indicatief schema en realisatie per kaart").font = font(bold=True, size=12)
    ws.cell(layout.grafiekdata_titel_row, 1, "Grafiekgegevens (formules; voor de grafieken hierboven)").font = _GREY
    for j, text in enumerate(GRAFIEKDATA_KOPPEN, start=1):
        ws.cell(layout.grafiekdata_header_row, j, text).font = font(bold=True, size=9, color="808080")
    for i in range(len(KAARTEN)):
        rows = layout.grafiekdata_rows(i)
        title_cell = ws.cell(rows[0], 1, grafiek_titel_formula(layout, i))
        title_cell.font = _GREY
        for row, values in zip(rows, grafiek_formulas(layout, i)):
            for j, formula in enumerate(values, start=2):
                cell = ws.cell(row, j, formula)
                cell.number_format = DATE_FORMAT if j == 2 else COUNT_FORMAT
                cell.font = _GREY
        niveau, categorie = KAARTEN[i]
        gebied = NEDERLAND_LABEL if niveau is Niveau.LANDELIJK else (provincie or "Provincie")
        ws.add_chart(_chart(ws, layout, i, f"{gebied}: {CATEGORIE_BY_ID[categorie].naam}"), layout.grafiek_anchor(i))
    ws.row_breaks.append(Break(id=layout.grafiek_titel_row - 1))


def _chart(ws: Worksheet, layout: LandelijkLayout, kaart: int, title: str) -> LineChart:
    """A line chart of one card: the schema as a line over the dates, the realisation as points.

    The title refers to the card's title cell (so it follows the `provincie` setting) and
    carries `title` as its cached text for programs that do not calculate.
    """
    rows = layout.grafiekdata_rows(kaart)
    sheet = quote_sheet(LANDELIJK_SHEET)
    chart = LineChart()
    cache = StrData(ptCount=1, pt=[StrVal(idx=0, v=title)])
    chart.title = Title(tx=Text(strRef=StrRef(f"{sheet}!$A${rows[0]}", strCache=cache), rich=None), overlay=False)
    chart.height = 7.5
    chart.width = 8.6
    chart.legend = Legend(legendPos="b")
    chart.display_blanks = "span"
    for column, name, colour in ((3, "Indicatief schema", SCHEMA_KLEUR), (4, "Realisatie", REALISATIE_KLEUR)):
        values = Reference(ws, min_col=column, min_row=rows[0], max_row=rows[-1])
        series = Series(values, title=name)
        if column == 3:
            series.graphicalProperties.line.solidFill = colour
            series.graphicalProperties.line.width = 28575
            series.marker.symbol = "none"
        else:
            series.graphicalProperties.line.noFill = True
            series.marker.symbol = "circle"
            series.marker.size = 8
            series.marker.graphicalProperties.solidFill = colour
            series.marker.graphicalProperties.line.solidFill = colour
        series.smooth = False
        chart.series.append(series)
    chart.set_categories(Reference(ws, min_col=2, min_row=rows[0], max_row=rows[-1]))
    chart.x_axis = DateAxis(crossAx=100)
    chart.x_axis.number_format = "mmm yyyy"
    chart.x_axis.majorTimeUnit = "months"
    chart.x_axis.majorUnit = 2
    chart.x_axis.axPos = "b"
    chart.x_axis.delete = False
    chart.y_axis.crossAx = 500
    chart.y_axis.number_format = "#,##0"
    chart.y_axis.delete = False
    chart.y_axis.majorGridlines = None
    return chart


def _dag(day: dt.date | None) -> str:
    return "" if day is None else f"{day.day}-{day.month}-{day.year}"


def _page(ws: Worksheet, layout: LandelijkLayout) -> None:
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 26
    for veld in KAART_VELDEN[2:]:
        ws.column_dimensions[veld.letter].width = 12
    ws.column_dimensions[KAART_VELD["bron"].letter].width = 12
    for k in LRT_KOLOMMEN:
        if ws.column_dimensions[k.letter].width in (None, 13):
            ws.column_dimensions[k.letter].width = 12
    ws.row_dimensions[layout.kaart_header_row].height = 45
    ws.row_dimensions[layout.header_row].height = 45
    ws.row_dimensions[layout.bron_groep_row].height = 24
    a4_liggend(ws)
    ws.print_area = f"A1:{LRT_KOLOMMEN[-1].letter}{layout.first_grafiek_row + 2 * layout.grafiek_rows - 1}"
    ws.sheet_view.zoomScale = 90


def provincie_setting(instellingen: Mapping[str, object], meta: Mapping[str, object]) -> dict[str, object]:
    """The settings with `provincie` present: as set, else the data file's province, else blank."""
    out = dict(instellingen)
    if PROVINCIE_SETTING not in out:
        out[PROVINCIE_SETTING] = meta.get("provincie")
    return out


PROVINCIE_TOELICHTING = (
    "Provincie waarvan blad Landelijk de rij laat oplichten en de kaarten toont (schrijf haar zoals de LRT-tabel)"
)


def name_provincie_setting(wb: Workbook) -> None:
    """Give the `provincie` row of sheet Instellingen its defined name (and a description if it has none)."""
    ws = wb[INSTELLINGEN_SHEET]
    for row in range(2, ws.max_row + 1):
        if ws.cell(row, 1).value == PROVINCIE_SETTING:
            if not ws.cell(row, 3).value:
                ws.cell(row, 3, PROVINCIE_TOELICHTING)
            ref = f"{quote_sheet(INSTELLINGEN_SHEET)}!$B${row}"
            wb.defined_names[PROVINCIE_SETTING] = DefinedName(PROVINCIE_SETTING, attr_text=ref)
            return
    raise ValueError(f"setting {PROVINCIE_SETTING} missing on sheet {INSTELLINGEN_SHEET}")
