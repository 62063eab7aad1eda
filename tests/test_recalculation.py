"""The built workbook, recalculated by LibreOffice, shows in every derived cell what the core computes."""

from __future__ import annotations

import re
import time
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from conftest import werkmap_van

from xlpuzzel.build import build_workbook, load_dataset
from xlpuzzel.calculation import Op, compute, derived_cells
from xlpuzzel.dataset import Dataset, parse_dataset
from xlpuzzel.entry import EXCEL_ERRORS
from xlpuzzel.errors import PuzzelError
from xlpuzzel.formulas import cell_address
from xlpuzzel.layout import COLUMNS, PUZZEL_SHEET, PuzzelLayout
from xlpuzzel.package import package_bytes, parts_from_bytes
from xlpuzzel.recalc import SOFFICE_ENV, find_soffice, recalculate, soffice_command
from xlpuzzel.resources import DEFAULT_DATA

needs_soffice = pytest.mark.skipif(
    find_soffice() is None, reason="LibreOffice (soffice) is niet geïnstalleerd"
)

HEADER = ";".join(["gemeente", *(c.id for c in COLUMNS[1:])])

# Ten gemeenten like Groningen's, with every kind of entry staff type: "ntb", "-", "n.v.t.",
# blanks, "1.250" with a thousands separator, a decimal "2,5", negative bijstellingen, and
# an error value (#N/A) that spoils the Inbreng Asiel total. The provincial AMV task is 0,
# so the AMV ratio formulas must give "".
GRONINGEN_ROWS = (
    "Groningen;238.147;1.250;512;;1.762;1.400;600;-;2.000;-150;88;;1.250;688;",
    "Eemsdelta;45.369;238;96;;334;ntb;120;4;124;;;;240;120;4",
    "Het Hogeland;48.205;253;103;;356;300;-;;300;-47;47;;253;47;",
    "Westerkwartier;66.027;347;141;;488;200;300;n.v.t.;500;;;;200;300;0",
    "Midden-Groningen;61.317;322;131;;453;322;131;12;465;;;-12;322;131;0",
    "Oldambt;39.010;205;83;;288;;;;0;;;;;;",
    "Veendam;27.838;146;60;;206;146;60;;206;;;;146;60;",
    "Pekela;12.379;65;26;;91;65;2,5;;67,5;;;;65;2,5;",
    "Stadskanaal;31.676;166;68;;234;100;134;;234;66;-66;;166;68;",
    "Westerwolde;26.464;139;57;;196;nader te bepalen;57;;57;;;;139;#N/A;",
    "Totaal;596.432;3.200;1.280;0;4.480;;;;;;;;;;",
    "verschil;;;;;;;;;;;;;;;",
    "Totaal landelijke opgave;;120.000;96.000;;;;;;;;;;;;",
)
GRONINGEN_CSV = "\n".join((HEADER, *GRONINGEN_ROWS, ""))


#: Settings of the synthetic Groningen-like data file: its province, and invented art. 28 figures
#: (a test fixture, not a fact) so that LibreOffice rounds real shares up.
GRONINGEN_JSON = (
    '{"provincie": "Groningen", "art28": {"periode": "2025-1", "landelijke_taakstelling": 20000, '
    '"inwoners_nederland": 17942942, "bron": "testgegevens"}}'
)


def groningen() -> Dataset:
    """The synthetic Groningen-like dataset."""
    return parse_dataset(GRONINGEN_CSV, GRONINGEN_JSON, source="groningen")


def _recalculated(dataset: Dataset, folder: Path, name: str) -> tuple[openpyxl.Workbook, float]:
    """Build, recalculate with LibreOffice, and open the cached values; also the LO seconds."""
    source = folder / f"{name}.xlsm"
    source.write_bytes(build_workbook(dataset))
    start = time.perf_counter()
    result = recalculate(source, folder / "uit")
    seconds = time.perf_counter() - start
    return openpyxl.load_workbook(result, data_only=True), seconds


def _mismatches(dataset: Dataset, wb: openpyxl.Workbook) -> list[str]:
    """Every derived cell whose cached value differs from the core's value."""
    puzzel = dataset.puzzel
    layout = PuzzelLayout(len(puzzel.gemeenten))
    ws = wb[PUZZEL_SHEET]
    wrong = []
    for cell in derived_cells(layout.n_gemeenten):
        address = cell_address(cell, layout)
        expected = compute(cell, puzzel)
        actual = ws[address].value
        if not _agrees(expected, actual, cell.op):
            wrong.append(
                f"{address} ({cell.op.value} {cell.column_id}): core {expected!r}, LibreOffice {actual!r}"
            )
    return wrong


def _agrees(expected: Fraction | None, actual: object, op: Op) -> bool:
    if expected is None:
        # "" from IF(N(task)=0,"",...), or an error value that spoiled the sum.
        return actual in (None, "") or (isinstance(actual, str) and actual in EXCEL_ERRORS)
    if isinstance(actual, bool) or not isinstance(actual, (int, float)):
        return False
    if op is Op.RATIO:
        return abs(actual - float(expected)) <= 1e-12
    return actual == expected


@pytest.fixture(scope="module")
def drenthe_recalculated(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Dataset, openpyxl.Workbook, float]:
    dataset = load_dataset(DEFAULT_DATA)
    folder = tmp_path_factory.mktemp("drenthe")
    wb, seconds = _recalculated(dataset, folder, "puzzel")
    # The file LibreOffice wrote, for tests that read it with the project's own reader.
    wb.xlpuzzel_bestand = folder / "uit" / "puzzel.xlsx"
    return dataset, wb, seconds


@pytest.fixture(scope="module")
def groningen_recalculated(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Dataset, openpyxl.Workbook, float]:
    dataset = groningen()
    wb, seconds = _recalculated(dataset, tmp_path_factory.mktemp("groningen"), "groningen")
    return dataset, wb, seconds


@pytest.mark.slow
@needs_soffice
def test_every_derived_cell_of_the_drenthe_workbook_equals_the_core(drenthe_recalculated) -> None:
    """Every formula of the built Drenthe workbook gives, after recalculation, the core's value."""
    dataset, wb, _ = drenthe_recalculated
    assert _mismatches(dataset, wb) == []


@pytest.mark.slow
@needs_soffice
def test_drenthe_workbook_shows_the_known_figures(drenthe_recalculated) -> None:
    """Spot checks against the memo: 293+143+13 = 449, 4.645/5.722, offer − task −1.077."""
    _, wb, _ = drenthe_recalculated
    ws = wb[PUZZEL_SHEET]
    assert ws["F5"].value == 449
    assert ws["G17"].value == 4645
    assert abs(ws["G18"].value - 4645 / 5722) <= 1e-12
    assert ws["G19"].value == -1077
    assert ws["H19"].value == 1754
    # One total: the task of Oek + Asiel is the provincial 8.413, so the national row shows 677.
    assert ws["F17"].value == 8413
    assert ws["J19"].value == 677


@pytest.mark.slow
@needs_soffice
def test_every_derived_cell_of_another_province_equals_the_core(groningen_recalculated) -> None:
    """Ten gemeenten with ntb, '-', blanks, decimals and negative bijstellingen: formulas equal the core."""
    dataset, wb, _ = groningen_recalculated
    assert _mismatches(dataset, wb) == []


@pytest.mark.slow
@needs_soffice
def test_zero_task_gives_an_empty_ratio_and_the_plain_difference(groningen_recalculated) -> None:
    """With a provincial AMV task of 0 the AMV percentages are empty, the national row shows the offer."""
    dataset, wb, _ = groningen_recalculated
    layout = PuzzelLayout(len(dataset.puzzel.gemeenten))
    ws = wb[PUZZEL_SHEET]
    for column_id in ("eerste_amv", "inbreng_amv"):
        assert ws[layout.cell(column_id, layout.verschil_row)].value in (None, "")
    assert ws[layout.cell("eerste_amv", layout.landelijk_row)].value == 16
    assert ws[layout.cell("inbreng_amv", layout.landelijk_row)].value == 4
    # The row sums count the decimal 2,5 exactly and skip "ntb" and "nader te bepalen".
    assert ws[layout.cell("eerste_oek_asiel", layout.gemeente_row(7))].value == 67.5
    assert ws[layout.cell("eerste_oek", layout.totaal_row)].value == 2533


@pytest.mark.slow
@needs_soffice
def test_an_error_value_spoils_the_total_and_what_depends_on_it(groningen_recalculated) -> None:
    """#N/A in one gemeente's cell makes its column total, percentage and national difference an error."""
    dataset, wb, _ = groningen_recalculated
    layout = PuzzelLayout(len(dataset.puzzel.gemeenten))
    ws = wb[PUZZEL_SHEET]
    for row in (layout.totaal_row, layout.verschil_row, layout.landelijk_row):
        assert ws[layout.cell("inbreng_asiel", row)].value == "#N/A"


@pytest.mark.slow
@needs_soffice
def test_stale_cached_values_are_recalculated(tmp_path: Path) -> None:
    """A workbook whose cached values are wrong gets fresh ones: LibreOffice recalculates on load."""
    dataset = load_dataset(DEFAULT_DATA)
    parts = parts_from_bytes(build_workbook(dataset))
    sheet = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    stale, count = re.subn(r"(<f>[^<]*</f>)(<v>[^<]*</v>)?", r"\1<v>999</v>", sheet)
    assert count == len(derived_cells(len(dataset.puzzel.gemeenten)))
    parts["xl/worksheets/sheet1.xml"] = stale.encode("utf-8")
    # Excel-saved files carry no fullCalcOnLoad; LibreOffice must recalculate anyway.
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b' fullCalcOnLoad="1"', b"")
    source = tmp_path / "verouderd.xlsx"
    source.write_bytes(package_bytes(parts))
    result = recalculate(source, tmp_path / "uit")
    wb = openpyxl.load_workbook(result, data_only=True)
    assert _mismatches(dataset, wb) == []


@pytest.mark.slow
@needs_soffice
def test_libreoffice_time_is_small(drenthe_recalculated, groningen_recalculated) -> None:
    """One LibreOffice start per workbook, well under a minute each (the figure is printed with -s)."""
    seconds = [drenthe_recalculated[2], groningen_recalculated[2]]
    print(f"LibreOffice: {', '.join(f'{s:.1f} s' for s in seconds)}")
    assert all(s < 60 for s in seconds)


def test_missing_soffice_gives_a_dutch_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without LibreOffice the user reads in Dutch what to install or configure."""
    monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "geen-soffice"))
    assert find_soffice() is None
    source = tmp_path / "puzzel.xlsx"
    source.write_bytes(build_workbook(load_dataset(DEFAULT_DATA)))
    with pytest.raises(PuzzelError, match="LibreOffice \\(soffice\\) is niet gevonden.*XLPUZZEL_SOFFICE"):
        recalculate(source, tmp_path / "uit")


def test_a_file_that_is_no_workbook_gives_a_dutch_error(tmp_path: Path) -> None:
    """A text file is refused before LibreOffice starts, naming the file."""
    source = tmp_path / "kapot.xlsx"
    source.write_text("geen werkmap", encoding="utf-8")
    with pytest.raises(PuzzelError, match="kapot.xlsx: geen Excel-werkmap"):
        recalculate(source, tmp_path / "uit")


def test_recalculation_never_overwrites_its_input(tmp_path: Path) -> None:
    """Writing the result over the original is refused."""
    source = tmp_path / "puzzel.xlsx"
    source.write_bytes(build_workbook(load_dataset(DEFAULT_DATA)))
    before = source.read_bytes()
    with pytest.raises(PuzzelError, match="zou het origineel overschrijven"):
        recalculate(source, tmp_path)
    assert source.read_bytes() == before


@needs_soffice
def test_soffice_command_uses_the_given_private_profile(tmp_path: Path) -> None:
    """Other shells (letters to PDF) get soffice headless with their own profile folder."""
    command = soffice_command(tmp_path / "profiel")
    assert f"-env:UserInstallation={(tmp_path / 'profiel').resolve().as_uri()}" in command
    assert "--headless" in command and "--norestore" in command


def test_groningen_dataset_parses_as_intended() -> None:
    """The synthetic dataset has ten gemeenten and a provincial AMV task of exactly 0."""
    dataset = groningen()
    assert len(dataset.puzzel.gemeenten) == 10
    assert dataset.puzzel.totaal["opgave_amv"].number == 0


# --- sheets Landelijk and Prognose (issue 10): the same LibreOffice runs as above ----------


def _landelijk_en_prognose(dataset: Dataset, wb: openpyxl.Workbook) -> list[str]:
    """Every card field, delta, Total and prognosis cell whose recalculated value differs from the core."""
    import datetime as dt

    from xlpuzzel.landelijk.kaarten import Kaarten, Tabel
    from xlpuzzel.landelijk.layout import (
        ART28_KOLOMMEN,
        KAART_NAAM_VELDEN,
        KAARTEN,
        LANDELIJK_SHEET,
        LRT_KOLOMMEN,
        PROGNOSE_KOLOMMEN,
        PROGNOSE_SHEET,
        LandelijkLayout,
        PrognoseLayout,
    )
    from xlpuzzel.landelijk.prognose import PrognoseRekening
    from xlpuzzel.usecases.landelijk import lees_landelijk, lees_prognose

    werkmap = werkmap_van(build_workbook(dataset))
    kaarten = Kaarten(lees_landelijk(werkmap))
    tabel = Tabel(kaarten.blad.tabel)
    reken = PrognoseRekening(lees_prognose(werkmap), werkmap.puzzel())
    layout = LandelijkLayout(len(kaarten.blad.tabel.provincies))
    ws = wb[LANDELIJK_SHEET]
    wrong = []

    def compare(where: str, core: object, actual: object) -> None:
        if isinstance(actual, dt.datetime):
            actual = actual.date()
        if isinstance(core, Fraction):
            ok = isinstance(actual, (int, float)) and abs(actual - float(core)) <= 1e-9 * max(1, abs(float(core)))
        else:
            ok = (core is None and actual in (None, "")) or core == actual
        if not ok:
            wrong.append(f"{where}: core {core!r}, LibreOffice {actual!r}")

    for i in range(len(KAARTEN)):
        for veld in KAART_NAAM_VELDEN:
            compare(layout.kaart_cell(veld, i), kaarten.waarde(i, veld), ws[layout.kaart_cell(veld, i)].value)
    for k in LRT_KOLOMMEN:
        for i in range(len(kaarten.blad.tabel.provincies)):
            address = layout.cell(k.id, layout.provincie_row_of(i))
            compare(address, tabel.stated(k.id, i), ws[address].value)
        compare(layout.cell(k.id, layout.totaal_row), tabel.totaal(k.id), ws[layout.cell(k.id, layout.totaal_row)].value)
    ps = wb[PROGNOSE_SHEET]
    playout = PrognoseLayout(reken.n_gemeenten)
    for i in range(reken.n_jaren):
        for kolom in PROGNOSE_KOLOMMEN:
            address = playout.cell(kolom.id, playout.jaar_row(i))
            compare(address, reken.waarde(kolom.id, i), ps[address].value)
    for i in range(reken.n_gemeenten):
        for cid, letter, _ in ART28_KOLOMMEN:
            address = f"{letter}{playout.art28_first_row + i}"
            compare(address, reken.waarde(cid, i), ps[address].value)
    return wrong


@pytest.mark.slow
@needs_soffice
def test_landelijk_and_prognose_after_recalculation_equal_the_core(drenthe_recalculated, groningen_recalculated):
    """Every card field, delta, Total, prognosis and art. 28 cell: LibreOffice's value is the core's."""
    for dataset, wb, _ in (drenthe_recalculated, groningen_recalculated):
        assert _landelijk_en_prognose(dataset, wb) == []


@pytest.mark.slow
@needs_soffice
def test_recalculated_cards_and_table_show_the_dashboards_printed_numbers(drenthe_recalculated):
    """After recalculation the national cards and the table are the dashboard's: 111.624 … 2.452, D27 1.297."""
    from xlpuzzel.landelijk.layout import LANDELIJK_SHEET, LandelijkLayout
    from xlpuzzel.landelijk.lrt import parse_lrt_tabel
    from xlpuzzel.resources import DATA_DIR

    ws = drenthe_recalculated[1][LANDELIJK_SHEET]
    layout = LandelijkLayout(12)
    cards = [[ws[layout.kaart_cell(v, i)].value for v in ("indicatief", "realisatie", "achterstand", "kleur")]
             for i in range(5)]
    assert cards == [[111624, 92189, 19435, "oranje"], [87300, 69948, 17352, "oranje"],
                     [16602, 5568, 11034, "rood"], [6646, 4379, 2267, "rood"], [4136, 1684, 2452, "rood"]]
    printed = parse_lrt_tabel((DATA_DIR / "lrt-2024-09-01.csv").read_text(encoding="utf-8")).als_getypt()
    for kolom, entries in printed.kolommen.items():
        for i, entry in enumerate(entries):
            assert ws[layout.cell(kolom, layout.provincie_row_of(i))].value == entry.raw, (kolom, i)
        assert ws[layout.cell(kolom, layout.totaal_row)].value == printed.totaal[kolom].raw, kolom


@pytest.mark.slow
@needs_soffice
def test_recalculated_prognose_reproduces_the_bijlage_and_rounds_art28_up(drenthe_recalculated, groningen_recalculated):
    """Drenthe: 115 … 1.165 and 1.100 … 2.115; Groningen's test figures: ROUNDUP per gemeente as the core's ceil."""
    from xlpuzzel.landelijk.layout import PROGNOSE_SHEET, PrognoseLayout
    from xlpuzzel.landelijk.prognose import art28_taakstelling

    ps = drenthe_recalculated[1][PROGNOSE_SHEET]
    layout = PrognoseLayout(12)
    eind = [ps[layout.cell("prognose_achterstand_eind", layout.jaar_row(i))].value for i in range(8)]
    te = [ps[layout.cell("prognose_te_huisvesten", layout.jaar_row(i))].value for i in range(8)]
    assert eind == [115, 265, 415, 565, 715, 865, 1015, 1165]
    assert te == [1100, 1215, 1365, 1515, 1665, 1815, 1965, 2115]
    dataset, wb, _ = groningen_recalculated
    layout = PrognoseLayout(10)
    inwoners = [e.amount for e in dataset.puzzel.columns["inwoners"]]
    got = [wb[PROGNOSE_SHEET][f"D{layout.art28_first_row + i}"].value for i in range(10)]
    assert got == list(art28_taakstelling(20000, inwoners, 17942942))


@pytest.mark.slow
@needs_soffice
def test_checks_find_nothing_in_the_sheets_libreoffice_calculated(drenthe_recalculated):
    """Cached values and LibreOffice's formula text agree with the core and the layout: no finding."""
    from xlpuzzel.usecases.landelijk import controleer_bladen
    from xlpuzzel.workbookfile import open_workbook

    with open_workbook(drenthe_recalculated[1].xlpuzzel_bestand) as werkmap:
        assert controleer_bladen(werkmap) == ()
