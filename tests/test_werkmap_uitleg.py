"""The workbook explains itself: named fonts, a legend for every colour, '-' for zero, validation on every
input block, the verschil row in the LRT dashboard's colours, and sheets that print on one page wide."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from conftest import sheet_part, type_value
from lxml import etree

from xlpuzzel.build.puzzel_sheet import LEGENDA_DERDEN, LEGENDA_INVOER, validation_formula
from xlpuzzel.build.stijl import DEFAULT_FONT
from xlpuzzel.cli import main
from xlpuzzel.layout import (
    ADRESSEN_SHEET,
    AUTHORITY_COLOR,
    COLUMNS,
    COUNT_FORMAT,
    INPUT_COLOR,
    INSTELLINGEN_SHEET,
    LOG_SHEET,
    PUZZEL_SHEET,
    VERSCHIL_KLEUREN,
    PuzzelLayout,
    Role,
)
from xlpuzzel.package import package_bytes, parts_from_bytes, read_package
from xlpuzzel.recalc import find_soffice, recalculate

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
LAYOUT = PuzzelLayout(12)


@pytest.fixture(scope="module")
def wb(shipped_bytes: bytes) -> openpyxl.Workbook:
    """The shipped workbook as openpyxl reads it."""
    return openpyxl.load_workbook(io.BytesIO(shipped_bytes))


def test_every_cell_font_names_the_workbooks_default_font(shipped_bytes: bytes):
    """No font without a name (LibreOffice would show a serif): every <font> of styles.xml names Calibri."""
    styles = etree.fromstring(parts_from_bytes(shipped_bytes)["xl/styles.xml"])
    fonts = styles.find("m:fonts", NS)
    names = [f.find("m:name", NS) for f in fonts]
    assert names and all(n is not None and n.get("val") == DEFAULT_FONT for n in names)


def test_legend_explains_every_fill_and_covers_its_text(wb):
    """Bijgesteld, yellow (typed by staff), blue (Rijk or CBS), and the verschil colours; fills span the text."""
    ws = wb[PUZZEL_SHEET]
    legend = {c.value: c for row in ws.iter_rows(min_row=LAYOUT.footnote_row) for c in row if c.value}
    merged = {str(r).split(":")[0]: str(r) for r in ws.merged_cells.ranges}
    for text, colour in ((LEGENDA_INVOER, INPUT_COLOR), (LEGENDA_DERDEN, AUTHORITY_COLOR)):
        cell = legend[text]
        assert cell.fill.fgColor.rgb.endswith(colour)
        assert merged[cell.coordinate].endswith(f"{cell.row}") and merged[cell.coordinate] != cell.coordinate
    bijgesteld = next(c for t, c in legend.items() if "tussentijds bijgesteld" in str(t))
    assert bijgesteld.style == "Tussentijds bijgesteld" and bijgesteld.coordinate in merged
    shown = {c.fill.fgColor.rgb[-6:] for t, c in legend.items() if str(t).startswith(("≥", "<"))}
    assert shown == {fill for _, fill, _ in VERSCHIL_KLEUREN}


def test_zero_shows_as_a_dash_the_same_way_in_every_count_column(wb):
    """Every count cell (typed, row sum, total, national row) has the format that shows zero as '-'."""
    ws = wb[PUZZEL_SHEET]
    for col in COLUMNS[1:]:
        rows = [LAYOUT.gemeente_row(i) for i in range(12)] + [LAYOUT.totaal_row]
        formats = {ws[LAYOUT.cell(col.id, r)].number_format for r in rows}
        assert formats == {COUNT_FORMAT}, col.id
    assert COUNT_FORMAT.endswith(';"-"')


def _validations(ws) -> dict[str, object]:
    return {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}


def test_every_input_block_has_data_validation_with_a_dutch_prompt_and_a_warning(wb):
    """Whole numbers >= 0 (a bijstelling may be negative), ntb, -, n.v.t. or blank; a warning, not a stop."""
    ws = wb[PUZZEL_SHEET]
    found = _validations(ws)
    covered = {}
    for sqref, dv in found.items():
        for cell_range in sqref.split():
            for row in ws[cell_range]:
                for cell in row:
                    covered[cell.coordinate] = dv
    for col in (c for c in COLUMNS if c.role is Role.INPUT):
        for i in range(12):
            dv = covered[LAYOUT.cell(col.id, LAYOUT.gemeente_row(i))]
            assert dv.type == "custom" and dv.errorStyle == "warning" and dv.showInputMessage, col.id
            first = LAYOUT.cell(col.id, LAYOUT.first_row)
            top = next(c for c in (LAYOUT.cell(x.id, LAYOUT.first_row) for x in COLUMNS) if c in dv.sqref)
            assert dv.formula1 == validation_formula(top, col.may_be_negative), (col.id, first)
            assert dv.prompt and dv.error and "Typ" in dv.prompt


def test_verschil_row_has_the_lrt_dashboard_colours(wb):
    """Green from 100%, orange from 75%, red below: three rules on each percentage of an offer column."""
    ws = wb[PUZZEL_SHEET]
    rules = {str(cf.sqref): cf.rules for cf in ws.conditional_formatting}
    for col in (c for c in COLUMNS if c.task is not None):
        address = LAYOUT.cell(col.id, LAYOUT.verschil_row)
        fills = [r.dxf.fill.fgColor.rgb[-6:] for r in rules[address]]
        assert fills == [fill for _, fill, _ in VERSCHIL_KLEUREN], col.id
        assert rules[address][0].formula == [f"AND(ISNUMBER({address}),{address}>=1)"]


@pytest.mark.parametrize("sheet", [INSTELLINGEN_SHEET, LOG_SHEET, ADRESSEN_SHEET])
def test_settings_log_and_addresses_print_landscape_one_page_wide_with_their_header(wb, sheet):
    """Landscape, fit to one page wide, the header row repeated, texts wrapped."""
    ws = wb[sheet]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows and re.fullmatch(r"\$?\d+:\$?\d+", ws.print_title_rows)
    wrapped = [c for row in ws.iter_rows(max_row=3) for c in row if c.value and c.alignment.wrap_text]
    assert wrapped, sheet


def _sheet_elements(data: bytes) -> dict[str, list[bytes]]:
    parts = parts_from_bytes(data)
    root = etree.fromstring(parts[sheet_part(parts)])
    return {tag: [etree.tostring(el) for el in root.findall(f"m:{tag}", NS)]
            for tag in ("dataValidations", "conditionalFormatting")}


def test_validation_and_colours_survive_bijstellingen_and_basis(tmp_path: Path, shipped_bytes: bytes):
    """After `puzzel bijstellingen` and `puzzel basis --ja` the validation and conditional formats are byte-identical."""
    parts = parts_from_bytes(shipped_bytes)
    type_value(parts, LAYOUT.cell("eerste_asiel", LAYOUT.gemeente_row(9)), 150)
    path = tmp_path / "puzzel.xlsm"
    path.write_bytes(package_bytes(parts))
    before = _sheet_elements(path.read_bytes())
    assert before["dataValidations"] and len(before["conditionalFormatting"]) == 7
    assert main(["bijstellingen", str(path), "--gebruiker", "jan"]) == 0
    assert _sheet_elements(package_bytes(read_package(path))) == before
    assert main(["basis", str(path), "--ja", "--gebruiker", "jan"]) == 0
    assert _sheet_elements(path.read_bytes()) == before
    after = openpyxl.load_workbook(path)[PUZZEL_SHEET]
    assert len(after.data_validations.dataValidation) == 4 and len(after.conditional_formatting) == 7


@pytest.mark.slow
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is niet geïnstalleerd")
def test_the_validation_formula_accepts_exactly_what_staff_may_type(tmp_path: Path):
    """Evaluated by LibreOffice: counts, ntb, '-', n.v.t. and blank pass; text, decimals, negatives (but in a
    bijstelling) do not."""
    cases = [(1077, True, True), (0, True, True), ("ntb", True, True), ("NTB", True, True), ("-", True, True),
             ("n.v.t.", True, True), (None, True, True), (-128, False, True), (2.5, False, False),
             ("abc", False, False), ("12 ", False, False)]
    book = openpyxl.Workbook()
    ws = book.active
    for row, (value, _, _) in enumerate(cases, start=1):
        ws.cell(row, 1, value)
        ws.cell(row, 2, "=" + validation_formula(f"A{row}"))
        ws.cell(row, 3, "=" + validation_formula(f"A{row}", negative=True))
    source = tmp_path / "validatie.xlsx"
    book.save(source)
    result = openpyxl.load_workbook(recalculate(source, tmp_path / "uit"), data_only=True).active
    for row, (value, plain, negative) in enumerate(cases, start=1):
        assert (result.cell(row, 2).value, result.cell(row, 3).value) == (plain, negative), value
