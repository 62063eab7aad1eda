"""The builder: puzzel.xlsm follows the data file and the layout, deterministically."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from typing import Any

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

from xlpuzzel.build import build_workbook
from xlpuzzel.calculation import Row, derived_cells
from xlpuzzel.dataset import Dataset, parse_dataset
from xlpuzzel.formulas import cell_address, excel_formula
from xlpuzzel.layout import (
    AUTHORITY_COLOR,
    BIJGESTELD_COLOR,
    BIJGESTELD_STYLE,
    COLUMNS,
    INPUT_COLOR,
    INPUT_COLUMNS,
    LANDELIJK_LABEL,
    LANDELIJK_TASK_COLUMNS,
    PUZZEL_SHEET,
    TOTAAL_LABEL,
    VERSCHIL_LABEL,
    PuzzelLayout,
    Role,
    TotalKind,
    column,
    total_name,
)
from xlpuzzel.resources import DEFAULT_DATA, DEFAULT_WORKBOOK

HEADER = ";".join(["gemeente", *(c.id for c in COLUMNS[1:])])


def synthetic(n: int) -> Dataset:
    """A dataset of `n` invented gemeenten with authority totals and national tasks typed."""
    rows = [HEADER]
    for i in range(n):
        o, a, m = 100 + i, 50 + i, i % 7
        rows.append(
            f"Gemeente {i + 1:02d};{10_000 + 97 * i};{o};{a};{m};;{o + 3};{a - 2};{m};;5;-5;;{o + 8};{a - 7};{m}"
        )
    rows.append(f"Totaal;{sum(10_000 + 97 * i for i in range(n))};{n * 120};{n * 60};{n * 3};;;;;;;;;;;")
    rows.append("Totaal landelijke opgave;;120.000;96.000;;;;;;;;;;;;")
    return parse_dataset("\n".join(rows) + "\n", "{}", source=f"synthetisch-{n}")


def _open(data: bytes, data_only: bool = False) -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only)


@pytest.fixture(scope="module")
def wb(shipped_bytes: bytes) -> Workbook:
    """The shipped workbook (conftest), opened with openpyxl to read formulas and formats."""
    return _open(shipped_bytes)


# -- the committed workbook --------------------------------------------------------------


def _describe(wb: Workbook) -> dict[str, Any]:
    """Everything the committed workbook must share with a fresh build."""
    sheets = {}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None or cell.number_format != "General" or cell.style != "Normal":
                    cells[cell.coordinate] = (cell.value, cell.number_format, cell.style)
        sheets[ws.title] = {
            "cells": cells,
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "names": {n: d.attr_text for n, d in ws.defined_names.items()},
            "freeze": ws.freeze_panes,
        }
    styles = {}
    for style in wb._named_styles:
        styles[style.name] = (style.number_format, style.fill.fgColor.rgb, style.font.b)
    return {
        "sheets": [ws.title for ws in wb.worksheets],
        "per_sheet": sheets,
        "names": {n: d.attr_text for n, d in wb.defined_names.items()},
        "styles": styles,
    }


def _differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    out = []
    if old["sheets"] != new["sheets"]:
        out.append(f"bladen: vastgelegd {old['sheets']!r} ≠ nieuw {new['sheets']!r}")
    for key in ("names", "styles"):
        for name in sorted(set(old[key]) | set(new[key])):
            if old[key].get(name) != new[key].get(name):
                out.append(f"{key} {name}: vastgelegd {old[key].get(name)!r} ≠ nieuw {new[key].get(name)!r}")
    for title, sheet in new["per_sheet"].items():
        committed = old["per_sheet"].get(title)
        if committed is None:
            continue
        for part in ("merged", "names", "freeze"):
            if committed[part] != sheet[part]:
                out.append(f"{title} {part}: {committed[part]!r} ≠ {sheet[part]!r}")
        for address in sorted(set(committed["cells"]) | set(sheet["cells"])):
            if committed["cells"].get(address) != sheet["cells"].get(address):
                out.append(
                    f"{title}!{address}: {committed['cells'].get(address)!r} ≠ {sheet['cells'].get(address)!r}"
                )
    return out


def test_committed_workbook_equals_a_fresh_build(shipped_bytes: bytes) -> None:
    """puzzel.xlsm in the repo is what `puzzel bouw` makes: cells, formulas, names, styles, merges, formats."""
    if not DEFAULT_WORKBOOK.exists():
        pytest.fail(f"{DEFAULT_WORKBOOK.name} ontbreekt; voer `puzzel bouw` uit")
    committed = _describe(_open(DEFAULT_WORKBOOK.read_bytes()))
    fresh = _describe(_open(shipped_bytes))
    differences = _differences(committed, fresh)
    assert not differences, (
        f"{DEFAULT_WORKBOOK.name} wijkt af van een nieuwe bouw; voer `puzzel bouw` uit:\n"
        + "\n".join(differences[:40])
    )


def test_build_is_byte_identical(dataset: Dataset, shipped_bytes: bytes, printed_bytes: bytes) -> None:
    """Building twice gives the same bytes, so a rebuilt puzzel.xlsm shows no spurious change."""
    assert build_workbook(dataset) == shipped_bytes
    assert build_workbook(dataset, as_printed=True) == printed_bytes


def test_build_in_another_process_is_byte_identical(shipped_bytes: bytes) -> None:
    """A fresh interpreter (another hash seed) builds the same bytes: nothing depends on set order or time."""
    script = (
        "import sys; from xlpuzzel.build import build_workbook, load_dataset; "
        f"sys.stdout.buffer.write(build_workbook(load_dataset({str(DEFAULT_DATA)!r})))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = subprocess.run([sys.executable, "-c", script], check=True, env=env, capture_output=True)
    assert result.stdout == shipped_bytes


# -- defined names and layout ------------------------------------------------------------


def _expected_names(n: int) -> dict[str, str]:
    last = 4 + n
    names = {}
    for col in COLUMNS:
        names[col.id] = f"Puzzel!${col.letter}$5:${col.letter}${last}"
        if col.total is not None:
            names[total_name(col.id)] = f"Puzzel!${col.letter}${last + 1}"
    return names


def test_defined_names_cover_every_block_over_exactly_the_gemeente_cells(
    wb: Workbook, dataset: Dataset
) -> None:
    """Each column has a name over its gemeente cells and a totaal_<column> name on the Totaal row."""
    names = {n: d.attr_text for n, d in wb.defined_names.items()}
    for name, ref in _expected_names(12).items():
        assert names.get(name) == ref, name
    assert names["inbreng_asiel"] == "Puzzel!$O$5:$O$16"
    assert names["totaal_inbreng_asiel"] == "Puzzel!$O$17"
    assert names["landelijke_opgave_oek"] == "Puzzel!$C$19"
    # The gemeenten range holds exactly the gemeente names: header above, Totaal below.
    ws = wb[PUZZEL_SHEET]
    ((sheet, cells),) = wb.defined_names["gemeenten"].destinations
    assert sheet == PUZZEL_SHEET
    assert tuple(c.value for (c,) in ws[cells.replace("$", "")]) == dataset.puzzel.gemeenten
    assert ws["A4"].value == "Gemeente" and ws["A17"].value == TOTAAL_LABEL


@pytest.mark.parametrize("n", [10, 51])
def test_layout_follows_the_number_of_gemeenten(n: int) -> None:
    """A dataset with another number of gemeenten builds with the right ranges, no code change."""
    dataset = synthetic(n)
    wb = _open(build_workbook(dataset))
    ws = wb[PUZZEL_SHEET]
    names = {k: d.attr_text for k, d in wb.defined_names.items()}
    for name, ref in _expected_names(n).items():
        assert names.get(name) == ref, name
    layout = PuzzelLayout(n)
    assert layout.totaal_row == n + 5
    assert ws.cell(layout.first_row, 1).value == "Gemeente 01"
    assert ws.cell(layout.last_row, 1).value == f"Gemeente {n:02d}"
    assert ws.cell(layout.totaal_row, 1).value == TOTAAL_LABEL
    assert ws.cell(layout.verschil_row, 1).value == VERSCHIL_LABEL
    assert ws.cell(layout.landelijk_row, 1).value == LANDELIJK_LABEL
    assert ws[f"G{n + 5}"].value == f"=SUM(G5:G{n + 4})"
    assert ws[f"F{n + 4}"].value == f"=SUM(C{n + 4}:E{n + 4})"
    assert ws[f"G{n + 6}"].value == f'=IF(N(C{n + 5})=0,"",G{n + 5}/C{n + 5})'
    assert ws[f"N{n + 7}"].value == f"=N{n + 5}-C{n + 5}"
    for cell in derived_cells(n):
        assert ws[cell_address(cell, layout)].value == excel_formula(cell, layout)


# -- formats, styles, page -------------------------------------------------------------


def test_number_formats_are_dutch_counts_and_percentages(wb: Workbook) -> None:
    """Counts show as 1.077 and -128, zero as '-' as the table of 12-7-2024 prints it; percentages as 81% (0%)."""
    ws = wb[PUZZEL_SHEET]
    layout = PuzzelLayout(12)
    for col in INPUT_COLUMNS:
        for row in range(layout.first_row, layout.last_row + 1):
            assert ws[layout.cell(col.id, row)].number_format == '#,##0;-#,##0;"-"', layout.cell(col.id, row)
    for col in COLUMNS[1:]:
        assert ws[layout.cell(col.id, layout.totaal_row)].number_format == '#,##0;-#,##0;"-"'
    for cell in derived_cells(12):
        fmt = ws[cell_address(cell, layout)].number_format
        if cell.row is Row.VERSCHIL and cell.column_id != "opgave_oek_asiel":
            assert fmt == "0%"
        else:
            assert fmt.startswith("#,##0")
    assert ws["G18"].number_format == "0%"
    assert ws["G19"].number_format == '#,##0;-#,##0;"-"'


def test_style_tussentijds_bijgesteld_exists_and_marks_the_legend(wb: Workbook, dataset: Dataset) -> None:
    """The named style for changed numbers exists, and the legend text wears it."""
    assert BIJGESTELD_STYLE in wb.named_styles
    style = next(s for s in wb._named_styles if s.name == BIJGESTELD_STYLE)
    assert style.fill.fgColor.rgb.endswith(BIJGESTELD_COLOR)
    ws = wb[PUZZEL_SHEET]
    legend = [c for row in ws.iter_rows(max_col=1) for c in row if c.value == dataset.meta["legenda"]]
    assert len(legend) == 1
    assert legend[0].style == BIJGESTELD_STYLE
    assert legend[0].fill.fgColor.rgb.endswith(BIJGESTELD_COLOR)


def test_panes_frozen_and_page_a4_landscape(wb: Workbook) -> None:
    """Gemeente names and headers stay in view; the table prints on A4 landscape."""
    ws = wb[PUZZEL_SHEET]
    assert ws.freeze_panes == "B5"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.print_title_rows == "$3:$4"


def test_input_cells_are_filled_differently_from_formula_cells(wb: Workbook) -> None:
    """Staff see where they may type: input cells have their own fill, formula cells another."""
    ws = wb[PUZZEL_SHEET]
    layout = PuzzelLayout(12)
    input_fills = {
        (ws[layout.cell(c.id, r)].fill.patternType, ws[layout.cell(c.id, r)].fill.fgColor.rgb)
        for c in INPUT_COLUMNS
        for r in range(layout.first_row, layout.last_row + 1)
    }
    assert input_fills == {("solid", "00" + INPUT_COLOR)}
    formula_fills = {
        (ws[a].fill.patternType, ws[a].fill.fgColor.rgb)
        for a in (cell_address(c, layout) for c in derived_cells(12))
    }
    assert not input_fills & formula_fills


def test_values_typed_only_where_an_authority_sets_them(wb: Workbook) -> None:
    """Typed: opgave totals, CBS inwoners total, national 120.000/96.000; all else below the gemeenten is a formula."""
    ws = wb[PUZZEL_SHEET]
    layout = PuzzelLayout(12)
    authority = {layout.cell(c.id, layout.totaal_row) for c in COLUMNS if c.total is TotalKind.AUTHORITY}
    authority |= {layout.cell(c, layout.landelijk_row) for c in LANDELIJK_TASK_COLUMNS}
    assert authority == {"B17", "C17", "D17", "E17", "C19", "D19"}
    typed = {a: ws[a].value for a in authority}
    assert typed == {"B17": 502051, "C17": 5722, "D17": 2462, "E17": 229, "C19": 120000, "D19": 96000}
    for address in authority:
        assert ws[address].fill.fgColor.rgb.endswith(AUTHORITY_COLOR), address
    derived = {cell_address(c, layout) for c in derived_cells(12)}
    formulas = {
        c.coordinate
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    }
    assert formulas == derived
    for row in (layout.totaal_row, layout.verschil_row, layout.landelijk_row):
        for col in COLUMNS[1:]:
            address = layout.cell(col.id, row)
            assert ws[address].value is None or address in authority | derived, address
    # The gemeente rows hold typed numbers (or the text as printed) in input columns, formulas in row sums.
    for col in COLUMNS:
        if col.role is Role.ROWSUM:
            assert all(ws[layout.cell(col.id, r)].value.startswith("=SUM(") for r in range(5, 17))


def test_as_printed_mode_types_every_derived_cell_as_printed(dataset: Dataset, printed_bytes: bytes) -> None:
    """The test fixture `as_printed` holds no formula: each derived cell is the number as printed."""
    ws = _open(printed_bytes)[PUZZEL_SHEET]
    layout = PuzzelLayout(12)
    puzzel = dataset.puzzel
    printed = {Row.TOTAAL: puzzel.totaal, Row.VERSCHIL: puzzel.verschil, Row.LANDELIJK: puzzel.landelijk}
    for cell in derived_cells(12):
        value = ws[cell_address(cell, layout)].value
        assert not (isinstance(value, str) and value.startswith("=")), cell_address(cell, layout)
        entry = (
            puzzel.entry(cell.column_id, cell.index)
            if cell.row is Row.GEMEENTE
            else printed[cell.row].get(cell.column_id)
        )
        if entry is None or entry.raw is None:
            assert value is None, cell_address(cell, layout)
        else:
            assert value == pytest.approx(float(entry.number), abs=1e-12), cell_address(cell, layout)
            assert isinstance(value, int) == (entry.number.denominator == 1), cell_address(cell, layout)
    # As printed, not as computed: the memo's Totaal 8.413 although the rows sum to 8.411.
    assert ws["F17"].value == 8413
    assert ws["F5"].value == 449
    assert ws["G18"].value == pytest.approx(0.81)
    assert ws["J19"].value == 677
    assert ws["N17"].value == 5589
    assert ws["G19"].value is None  # blank in the memo's copy (bijlage 1 prints -1.077)


def test_header_names_each_column_as_printed(wb: Workbook) -> None:
    """The header row carries the printed column headers (Oek, Asiel Alg, AMV, Oek + Asiel, ...)."""
    ws = wb[PUZZEL_SHEET]
    for col in COLUMNS:
        assert ws[f"{col.letter}4"].value == col.header
    assert column("opgave_asiel").header == "Asiel Alg"
