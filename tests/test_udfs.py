"""The worksheet functions: what they compute (called directly) and what xlwings makes of them in Excel.

Off Windows `xw.func`, `xw.arg` and `xw.ret` leave a function as it is; the declared
conversions are checked by decorating the module again with xlwings' own Windows
decorators (pywin32 stubbed for the import) and by generating the VBA wrapper that
'Functies importeren' puts in the workbook.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import io
import sys
import types
from typing import Any
from unittest.mock import patch

import pytest
from remote_payload import payload_from_workbook, use_remote_engine

import udfs.puzzel_udfs as u
from xlpuzzel.apportionment import apportion
from xlpuzzel.build import build_workbook
from xlpuzzel.controle import controleer
from xlpuzzel.dataset import Dataset
from xlpuzzel.errors import PuzzelError
from xlpuzzel.excel.werkmap import lees_puzzel
from xlpuzzel.layout import PuzzelLayout

FUNCTIONS = ("PUZZEL_CONTROLE", "PUZZEL_PERCENTAGE", "PUZZEL_SCHEMA", "PUZZEL_VERDEEL", "PUZZEL_VERSCHIL",
             "PUZZEL_KLEUR", "PUZZEL_TAAKSTELLING", "PUZZEL_VOORSTEL")


@pytest.fixture(scope="module")
def windows() -> tuple[types.ModuleType, types.ModuleType]:
    """(the UDF module as decorated on Windows, xlwings.udfs); sys.modules is restored afterwards."""
    import xlwings

    stubs = {name: types.ModuleType(name) for name in ("pythoncom", "pywintypes", "win32com", "win32com.client")}
    stubs["pythoncom"].CoInitialize = lambda: None  # type: ignore[attr-defined]
    stubs["pywintypes"].com_error = Exception  # type: ignore[attr-defined]
    stubs["win32com.client"].Dispatch = lambda *args: None  # type: ignore[attr-defined]
    with patch.dict(sys.modules, stubs):
        sys.modules.pop("xlwings.udfs", None)
        xl_udfs = importlib.import_module("xlwings.udfs")
        with patch.multiple(xlwings, func=xl_udfs.xlfunc, arg=xl_udfs.xlarg, ret=xl_udfs.xlret, create=True):
            spec = importlib.util.spec_from_file_location("puzzel_udfs_windows", u.__file__)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
    return module, xl_udfs


# ------------------------------------------------------------------------ PERCENTAGE


def test_percentage_of_a_whole_column_is_a_column():
    """One call per column: the offers of 12-7-2024 against their tasks, row by row."""
    aanbod = [[420], [792], [247], [None], ["-"], ["ntb"]]
    opgave = [[293], [791], [295], [280], [1240], [360]]
    result = u.PUZZEL_PERCENTAGE(aanbod, opgave)
    assert [len(r) for r in result] == [1] * 6
    assert result[0][0] == pytest.approx(420 / 293)
    assert result[3:] == [[0.0], [0.0], [None]]


def test_percentage_handles_blank_dash_ntb_and_zero_as_the_core_does():
    """Blank and '-' offer nothing (0%); 'ntb', text, an error value or a task of 0 give an empty cell."""
    assert u.PUZZEL_PERCENTAGE([[None, "-", "ntb", "tekst", "#DIV/0!", 5]], [[10, 10, 10, 10, 10, 0]]) == [
        [0.0, 0.0, None, None, None, None]
    ]


def test_percentage_of_one_total_against_another_gives_the_memo_percentage():
    """4.645 of 5.722 is the memo's 81%; '4.645' typed as text counts too."""
    assert round(u.PUZZEL_PERCENTAGE([["4.645"]], [[5722]])[0][0], 2) == 0.81


def test_a_single_cell_is_repeated_over_a_column():
    """A column against one cell: each row against that cell."""
    assert u.PUZZEL_PERCENTAGE([[1], [2], [4]], [[4]]) == [[0.25], [0.5], [1.0]]


def test_ranges_of_different_sizes_are_a_dutch_message():
    """12 offers against 11 tasks is not guessed at."""
    assert u.PUZZEL_PERCENTAGE([[1]] * 12, [[1]] * 11) == (
        "De bereiken zijn niet even groot (aanbod 12×1, opgave 11×1); geef even grote bereiken of één cel op."
    )


# -------------------------------------------------------------------------- VERSCHIL


def test_verschil_is_offer_minus_task_per_row():
    """Offer minus task in places, negative for a shortage; 'ntb' leaves the cell empty."""
    assert u.PUZZEL_VERSCHIL([[4645], [4216], ["ntb"], [None]], [[5722], [2462], [10], [3]]) == [
        [-1077], [1754], [None], [-3]
    ]


# --------------------------------------------------------------------------- VERDEEL


def test_verdeel_spreads_the_provincial_oek_task_over_the_population(dataset: Dataset):
    """5.722 over the inwoners of 12-7-2024: the core's apportionment, as a column that sums to 5.722."""
    inwoners = [[e.raw] for e in dataset.puzzel.columns["inwoners"]]
    result = u.PUZZEL_VERDEEL([[5722]], inwoners)
    assert [len(r) for r in result] == [1] * 12
    parts = [r[0] for r in result]
    assert sum(parts) == 5722
    assert parts == apportion(5722, [e.amount for e in dataset.puzzel.columns["inwoners"]])


def test_verdeel_keeps_the_shape_of_the_weights():
    """Weights in a row give a row; equal remainders go to the one listed first."""
    assert u.PUZZEL_VERDEEL([[10]], [[1, 1, 2]]) == [[3, 2, 5]]


@pytest.mark.parametrize(
    ("totaal", "gewichten", "message"),
    [
        ([[5722.5]], [[1]], "totaal: '5722,5' is geen geheel getal."),
        ([[1], [2]], [[1]], "totaal: geef één cel op, geen bereik."),
        ([[10]], [[1], ["ntb"]], "gewichten: waarde 2 ('ntb') is geen getal."),
        ([[10]], [[0], [None]], "De gewichten tellen op tot 0: er valt niets te verdelen."),
        ([[-1]], [[1]], "Het te verdelen totaal is negatief (-1)."),
    ],
)
def test_verdeel_refuses_what_cannot_be_divided_in_dutch(totaal, gewichten, message):
    """The message shows in the cell instead of a traceback."""
    assert u.PUZZEL_VERDEEL(totaal, gewichten) == message


def test_values_in_the_functions_messages_are_shown_as_dutch_excel_shows_them():
    """A decimal total reads 5722,5 and a logical WAAR, as the user typed them, not Python's 5722.5 or True."""
    assert u.PUZZEL_VERDEEL([[5722.5]], [[1]]) == "totaal: '5722,5' is geen geheel getal."
    assert u.PUZZEL_VERDEEL([[True]], [[1]]) == "totaal: 'WAAR' is geen geheel getal."
    assert u.PUZZEL_VERDEEL([[10]], [[1], [False]]) == "gewichten: waarde 2 ('ONWAAR') is geen getal."
    assert u.PUZZEL_SCHEMA([[True]], [[2]], [[dt.date(2024, 1, 1)]], [[dt.date(2025, 1, 1)]], [[45536]]) == (
        "Startpunt opgave: 'WAAR' is geen getal."
    )


# ------------------------------------------------------------------ what goes wrong


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: u.PUZZEL_PERCENTAGE([[1]], None), "PUZZEL_PERCENTAGE: opgave ontbreekt; geef een cel of een bereik op."),
        (lambda: u.PUZZEL_VERDEEL(None, None), "PUZZEL_VERDEEL: totaal en gewichten ontbreken; geef een cel of een bereik op."),
        (lambda: u.PUZZEL_SCHEMA([[1]], [[2]], [[45000]], None, [[45100]]),
         "PUZZEL_SCHEMA: einddatum ontbreekt; geef een cel of een bereik op."),
        (lambda: u.PUZZEL_CONTROLE(None), "PUZZEL_CONTROLE: tabel ontbreekt; geef een cel of een bereik op."),
    ],
)
def test_an_omitted_argument_is_a_dutch_message_not_a_traceback(call, message):
    """xlwings passes `=PUZZEL_VERDEEL(C17;)` and a value where a range belongs as None: the cell says which argument."""
    assert call() == message


def test_an_unexpected_failure_shows_a_dutch_message_and_logs_the_traceback(monkeypatch, tmp_path):
    """Whatever breaks inside a function, the cell names the log, never shows Python's traceback."""
    log = tmp_path / "xlpuzzel.log"
    monkeypatch.setenv("XLPUZZEL_LOG", str(log))
    result = u.PUZZEL_PERCENTAGE([["1" + "0" * 400]], [[1]])  # a 401-digit number as text: too large for Excel
    assert result == f"PUZZEL_PERCENTAGE: er ging iets onverwachts mis; de details staan in het logboek {log}"
    assert "Traceback" in log.read_text(encoding="utf-8")


def test_an_error_value_as_date_is_named_not_called_empty(windows):
    """#N/A in a date cell arrives as '#N/A' (err_to_str), so the message does not call the cell empty."""
    module, _ = windows
    for f in ("PUZZEL_SCHEMA",):
        for arg in getattr(module, f).__xlfunc__["args"]:
            assert arg["options"]["err_to_str"] is True, arg["name"]
    assert u.PUZZEL_SCHEMA([[1]], [[2]], [[dt.date(2024, 1, 1)]], [[dt.date(2025, 1, 1)]], [["#N/A"]]) == (
        "Peildatum: '#N/A' is geen datum (schrijf bijvoorbeeld 1-9-2024)."
    )


# ---------------------------------------------------------------------------- SCHEMA


def test_schema_gives_the_dashboards_oek_figure():
    """Oek 97.001 (1-2-2024) -> 120.000 (1-1-2025), read at 1-9-2024: 111.624."""
    assert u.PUZZEL_SCHEMA(
        [[97001]], [[120000]], [[dt.date(2024, 2, 1)]], [[dt.date(2025, 1, 1)]], [[dt.date(2024, 9, 1)]]
    ) == [[111624]]


def test_schema_takes_columns_of_tasks_and_dates():
    """One call for all five dashboard categories."""
    result = u.PUZZEL_SCHEMA(
        [[97001], [69900], [10874], [3659], [3900]],
        [[120000], [96000], [27874], [8140], [4600]],
        [[dt.date(2024, 2, 1)], [dt.date(2024, 1, 1)], [dt.date(2024, 7, 1)], [dt.date(2024, 1, 1)], [dt.date(2024, 7, 1)]],
        [[dt.date(2025, 1, 1)]],
        [[45536]],
    )
    assert result == [[111624], [87300], [16602], [6646], [4136]]


def test_schema_with_a_date_that_is_no_date_says_which():
    """A text peildatum names the argument."""
    assert u.PUZZEL_SCHEMA([[1]], [[2]], [[dt.date(2024, 1, 1)]], [[dt.date(2025, 1, 1)]], [["gisteren"]]) == (
        "Peildatum: 'gisteren' is geen datum (schrijf bijvoorbeeld 1-9-2024)."
    )


# --------------------------------------------------------------------------- CONTROLE


def test_controle_of_the_table_range_equals_the_ribbon_check(monkeypatch, dataset: Dataset):
    """PUZZEL_CONTROLE(A5:P19) lists the same findings as the button, with cell and gemeente."""
    use_remote_engine(monkeypatch)
    import xlwings as xw

    book = xw.Book(json=payload_from_workbook(build_workbook(dataset)))
    layout = PuzzelLayout(12)
    tabel = book.sheets["Puzzel"].range(f"A{layout.first_row}:P{layout.landelijk_row}")
    rows = u.PUZZEL_CONTROLE(tabel)
    found = controleer(lees_puzzel(book))
    assert [r[0] for r in rows] == [b.cel for b in found]
    assert rows[0] == ["N7", "Borger-Odoorn", "Fout: de inbreng is leeg, maar eerste voorstel 247 + bijstelling 138 = 385."]
    assert ["H14", "Noordenveld", "Waarschuwing: 'ntb': nog niet bekend; telt als 0 in de totalen."] in rows


def test_controle_of_a_range_without_the_totaal_row_says_what_to_select(monkeypatch, dataset: Dataset):
    """Selecting only the gemeenten gives the Dutch hint to take the whole table."""
    use_remote_engine(monkeypatch)
    import xlwings as xw

    book = xw.Book(json=payload_from_workbook(build_workbook(dataset)))
    result = u.PUZZEL_CONTROLE(book.sheets["Puzzel"].range("A5:P16"))
    assert result.startswith("tabel: de rij 'Totaal' ontbreekt. Geef de hele tabel op")


@pytest.mark.parametrize("top", [1, 4])
def test_controle_of_the_table_with_its_title_and_header_rows_equals_the_table_alone(monkeypatch, dataset: Dataset, top):
    """Selecting from A1 or from the header row 'Gemeente' checks the same gemeenten, not the headers as a gemeente."""
    use_remote_engine(monkeypatch)
    import xlwings as xw

    book = xw.Book(json=payload_from_workbook(build_workbook(dataset)))
    layout = PuzzelLayout(12)
    sheet = book.sheets["Puzzel"]
    alone = u.PUZZEL_CONTROLE(sheet.range(f"A{layout.first_row}:P{layout.landelijk_row}"))
    assert u.PUZZEL_CONTROLE(sheet.range(f"A{top}:P{layout.landelijk_row}")) == alone


def test_controle_of_a_range_starting_at_the_totaal_row_says_there_are_no_gemeenten(monkeypatch, dataset: Dataset):
    """From 'Totaal' down there is no gemeente to check: a Dutch hint, not findings about a table of none."""
    use_remote_engine(monkeypatch)
    import xlwings as xw

    book = xw.Book(json=payload_from_workbook(build_workbook(dataset)))
    layout = PuzzelLayout(12)
    result = u.PUZZEL_CONTROLE(book.sheets["Puzzel"].range(f"A{layout.totaal_row}:P{layout.landelijk_row}"))
    assert result.startswith("tabel: er staan geen gemeenten boven de rij 'Totaal'. Geef de hele tabel op")


def test_controle_of_a_clean_table_is_one_line():
    """No findings: one row saying so."""
    assert u.controle_rijen(_clean_puzzel()) == [["", "", "Geen bevindingen: de totalen en de invoer kloppen."]]


# ---------------------------------------------------------------- what Excel will see


def test_every_function_is_registered_with_its_dutch_wizard_texts(windows):
    """Each PUZZEL_ function carries the category, a docstring and per-argument help of at most 255 characters."""
    module, _ = windows
    for name in FUNCTIONS:
        info = getattr(module, name).__xlfunc__
        assert info["category"] == "Puzzel"  # the same in every province's workbook
        assert 0 < len(info["ret"]["doc"]) <= 255
        for arg in info["args"]:
            assert arg["doc"] != f"Positional argument {arg['pos'] + 1}", (name, arg["name"])
            assert len(arg["doc"]) <= 255


def test_range_arguments_arrive_two_dimensional_with_errors_as_text(windows):
    """aanbod/opgave/totaal/gewichten/start/eind: ndim=2 and err_to_str; dates as dates; tabel as a Range."""
    module, _ = windows
    args = {(f, a["name"]): a["options"] for f in FUNCTIONS for a in getattr(module, f).__xlfunc__["args"]}
    for key in [("PUZZEL_PERCENTAGE", "aanbod"), ("PUZZEL_VERSCHIL", "opgave"), ("PUZZEL_VERDEEL", "gewichten"),
                ("PUZZEL_SCHEMA", "start")]:
        assert args[key]["ndim"] == 2 and args[key]["err_to_str"] is True, key
    assert args[("PUZZEL_SCHEMA", "peildatum")]["dates"] is dt.date
    assert args[("PUZZEL_CONTROLE", "tabel")]["convert"] == "range"


def test_results_are_returned_as_plain_arrays_that_excel_spills_itself(windows):
    """No legacy `expand=` resizing: Microsoft 365 spills a returned list of lists natively."""
    module, _ = windows
    for name in FUNCTIONS:
        assert "expand" not in getattr(module, name).__xlfunc__["ret"]["options"], name


def test_import_writes_one_vba_function_per_udf(windows):
    """The VBA that 'Functies importeren' generates: a function per UDF calling the module of xlwings.conf."""
    module, xl_udfs = windows
    out = io.StringIO()
    xl_udfs.generate_vba_wrapper("udfs.puzzel_udfs", module, out, types.SimpleNamespace(Name="puzzel.xlsm"))
    vba = out.getvalue()
    for signature in (
        "Function PUZZEL_PERCENTAGE(aanbod, opgave)",
        "Function PUZZEL_VERSCHIL(aanbod, opgave)",
        "Function PUZZEL_VERDEEL(totaal, gewichten)",
        "Function PUZZEL_SCHEMA(start, eind, startdatum, einddatum, peildatum)",
        "Function PUZZEL_CONTROLE(tabel)",
        "Function PUZZEL_VOORSTEL(tabel, Optional ruimte)",
    ):
        assert signature in vba
    assert 'XLPy.CallUDF("udfs.puzzel_udfs", "PUZZEL_PERCENTAGE", Array(aanbod, opgave), ThisWorkbook' in vba
    assert vba.count("End Function") == len(FUNCTIONS)


def test_udf_bodies_are_one_line():
    """Each UDF's body, after its docstring, is a single return statement."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(u))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in FUNCTIONS:
            body = node.body[1:] if isinstance(node.body[0], ast.Expr) else node.body
            assert len(body) == 1 and isinstance(body[0], ast.Return), node.name


def _clean_puzzel() -> Any:
    """The table of 12-7-2024 with its faults repaired (see CLEAN in test_excel_macros)."""
    from dataclasses import replace

    from xlpuzzel.build import load_dataset
    from xlpuzzel.resources import DEFAULT_DATA

    puzzel = load_dataset(DEFAULT_DATA).puzzel

    from xlpuzzel.calculation import compute, derived_cells
    from xlpuzzel.entry import make_entry

    fixes = {("inbreng_oek", 2): 386, ("bijstelling_oek", 2): 139, ("bijstelling_oek", 4): 162,
             ("inbreng_oek", 4): 383, ("inbreng_amv", 2): 50, ("inbreng_amv", 5): 40, ("inbreng_amv", 10): 28,
             ("eerste_asiel", 9): 0, ("inwoners", 5): 108765, ("opgave_oek", 2): 296, ("opgave_oek", 4): 281}
    columns = {cid: list(entries) for cid, entries in puzzel.columns.items()}
    for (cid, i), v in fixes.items():
        columns[cid][i] = make_entry(v)
    fixed = replace(puzzel, columns={k: tuple(v) for k, v in columns.items()})
    # The printed derived rows follow the repaired numbers, as Excel's formulas would.
    totaal, verschil, landelijk = dict(fixed.totaal), dict(fixed.verschil), dict(fixed.landelijk)
    rows = {"totaal": totaal, "verschil": verschil, "landelijk": landelijk}
    new_columns = {k: list(v) for k, v in fixed.columns.items()}
    for cell in derived_cells(len(fixed.gemeenten)):
        value = compute(cell, fixed)
        raw = None if value is None else (int(value) if value.denominator == 1 else float(value))
        if cell.row.value == "gemeente":
            new_columns[cell.column_id][cell.index] = make_entry(raw)
        else:
            rows[cell.row.value][cell.column_id] = make_entry(raw)
    return replace(
        fixed, columns={k: tuple(v) for k, v in new_columns.items()}, totaal=totaal, verschil=verschil, landelijk=landelijk
    )


# --------------------------------------------------------------------------- VOORSTEL


def test_voorstel_of_the_table_range_is_the_cores_proposal_as_a_table_with_headers(monkeypatch, dataset: Dataset):
    """PUZZEL_VOORSTEL(A5:P19) spills the proposal of `puzzel voorstel`: one row per gemeente and a Totaal row."""
    from xlpuzzel.voorstel import invoer_uit_puzzel, stel_voor
    from xlpuzzel.voorstel.tekst import TABEL_KOPPEN

    use_remote_engine(monkeypatch)
    import xlwings as xw

    book = xw.Book(json=payload_from_workbook(build_workbook(dataset)))
    layout = PuzzelLayout(12)
    frame = u.PUZZEL_VOORSTEL(book.sheets["Puzzel"].range(f"A{layout.first_row}:P{layout.landelijk_row}"))
    core = stel_voor(invoer_uit_puzzel(lees_puzzel(book)))
    assert list(frame.columns) == list(TABEL_KOPPEN)
    assert list(frame["Gemeente"]) == [*dataset.puzzel.gemeenten, "Totaal"]
    tynaarlo = frame[frame["Gemeente"] == "Tynaarlo"].iloc[0]
    i = dataset.puzzel.index_of("Tynaarlo")
    assert (tynaarlo["Bijstelling Oek"], tynaarlo["Inbreng Oek"]) == (core.bijstelling[i][0], core.inbreng[i][0])
    assert tynaarlo["Toelichting"].endswith("totaal 618 = opgave")
    assert frame.iloc[-1]["Toelichting"].startswith("Voorstel: 1.462 plaatsen gewijzigd bij 4 gemeenten")


def test_voorstel_spills_as_header_and_rows_through_xlwings_dataframe_converter(windows, monkeypatch, dataset: Dataset):
    """As registered on Windows: the DataFrame converter without index, so Excel gets the headers and plain values."""
    use_remote_engine(monkeypatch)
    import xlwings.conversion

    from xlpuzzel.voorstel.tekst import TABEL_KOPPEN

    module, _ = windows
    ret = module.PUZZEL_VOORSTEL.__xlfunc__["ret"]["options"]
    assert ret["index"] is False
    grid = xlwings.conversion.write(u.voorstel_tabel(dataset.puzzel, {}), None, ret, engine_name="remote")
    assert grid[0] == list(TABEL_KOPPEN)
    assert [row[0] for row in grid[1:]] == [*dataset.puzzel.gemeenten, "Totaal"]
    assert all(isinstance(v, (int, float, str)) for row in grid[1:] for v in row)


def test_voorstel_with_a_ruimte_range_takes_its_bounds(monkeypatch, dataset: Dataset):
    """The optional second argument is sheet Ruimte: 'vast' keeps Tynaarlo's eerste voorstel."""
    from xlpuzzel.layout import RUIMTE_LAYOUT
    from xlpuzzel.voorstel.ruimte import ruimte_kop_cellen

    cellen = ruimte_kop_cellen(dataset.puzzel.gemeenten)
    row = RUIMTE_LAYOUT.first_row + dataset.puzzel.index_of("Tynaarlo")
    cellen[RUIMTE_LAYOUT.cell("vast", row)] = "ja"
    frame = u.voorstel_tabel(dataset.puzzel, cellen)
    tynaarlo = frame[frame["Gemeente"] == "Tynaarlo"].iloc[0]
    assert (tynaarlo["Bijstelling Oek"], tynaarlo["Bijstelling Asiel"], tynaarlo["Bijstelling AMV"]) == (0, 0, 0)


def test_voorstel_with_a_broken_ruimte_cell_says_which_in_the_cell(dataset: Dataset):
    """A bound that is no number: the Dutch message names the Ruimte cell instead of a table."""
    from xlpuzzel.layout import RUIMTE_LAYOUT
    from xlpuzzel.voorstel.ruimte import ruimte_kop_cellen

    cellen = ruimte_kop_cellen(dataset.puzzel.gemeenten)
    cellen[RUIMTE_LAYOUT.cell("max_asiel", RUIMTE_LAYOUT.first_row)] = "veel"
    with pytest.raises(PuzzelError) as exc:
        u.voorstel_tabel(dataset.puzzel, cellen)
    assert exc.value.melding.startswith(
        "Ruimte!C5 (Aa en Hunze, Max Asiel): 'veel' is geen aantal plaatsen."
    )
