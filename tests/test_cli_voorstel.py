"""`puzzel voorstel`: the report, JSON, and its two writers (sheet Voorstel; taking it over) on real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import sheet_part, type_value
from ooxml_validator import assert_valid
from test_roundtrip_parts import changed_parts, check_untouched, excel_like, puzzel_sheet_survives

from xlpuzzel.cli import main
from xlpuzzel.controle import controleer
from xlpuzzel.layout import LOG_SHEET, RUIMTE_LAYOUT, VOORSTEL_SHEET, VoorstelLayout
from xlpuzzel.package import package_bytes, read_package
from xlpuzzel.reader import read_sheet, read_workbook

ROOT = Path(__file__).resolve().parent.parent
T1, T2, T3 = "2026-11-27T14:03:05", "2026-11-27T15:00:00", "2026-11-28T09:30:00"


@pytest.fixture(params=["gebouwd", "door-medewerker-bewerkt"])
def werkmap(request: pytest.FixtureRequest, tmp_path: Path, shipped_bytes: bytes, user_edited_bytes: bytes) -> Path:
    """The shipped workbook, as built or after staff's own notes and formats, with Excel-like XML."""
    path = tmp_path / "puzzel.xlsm"
    path.write_bytes(excel_like(shipped_bytes if request.param == "gebouwd" else user_edited_bytes))
    return path


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write(path: Path, *extra: str, tijdstip: str = T1) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Run a writing form of `puzzel voorstel`; the parts before and after."""
    before = read_package(path)
    assert main(["voorstel", str(path), *extra, "--gebruiker", "jan", "--tijdstip", tijdstip]) == 0
    return before, read_package(path)


def edit(path: Path, values: dict[str, object], sheet: str = "Puzzel") -> None:
    parts = read_package(path)
    for address, value in values.items():
        type_value(parts, address, value, sheet)
    path.write_bytes(package_bytes(parts))


def log_kolommen(path: Path) -> list[object]:
    cells = read_sheet(read_package(path), LOG_SHEET, dates=False)
    return [cells[a].value for a in sorted((a for a in cells if a.startswith("D") and a != "D1"), key=lambda a: int(a[1:]))]


# ----------------------------------------------------------------------------- reading


def test_report_gives_each_gemeente_the_province_and_the_comparison(shipped_workbook: Path, capsys) -> None:
    """Per gemeente a Dutch line, per category the province's figures, then proposal beside workbook."""
    code, out, err = cli(capsys, "voorstel", str(shipped_workbook))
    assert (code, err) == (0, "")
    assert "  Tynaarlo: +402 Oek, -187 Asiel; totaal 618 = opgave\n" in out
    assert "  Oek      5.722 van   5.722 (100,0%)\n" in out
    assert "  gewijzigde plaatsen                 1.462      1.391\n" in out
    assert "  tekort Oek                              0        134\n" in out
    assert out.rstrip().endswith("Oek 134 tekort; elke gemeente op of boven haar eigen opgave.")


def test_json_has_the_documented_figures_for_the_proposal_and_the_workbook(shipped_workbook: Path, capsys) -> None:
    """`--json`: voorstel per gemeente, tekort, gewijzigde_plaatsen, gemeenten_gewijzigd, and the same under huidig."""
    code, out, _ = cli(capsys, "voorstel", str(shipped_workbook), "--json")
    doc = json.loads(out)
    assert code == 0
    assert set(doc) == {"werkmap", "voorstel", "tekort", "onder_opgave", "gewijzigde_plaatsen", "gemeenten_gewijzigd",
                        "uitleg", "huidig"}
    assert set(doc["voorstel"][0]) == {"gemeente", "bijstelling_oek", "bijstelling_asiel", "bijstelling_amv",
                                       "inbreng_oek", "inbreng_asiel", "inbreng_amv"}
    assert doc["tekort"] == {"oek": 0, "asiel": 0, "amv": 0}
    assert (doc["gewijzigde_plaatsen"], doc["gemeenten_gewijzigd"]) == (1462, 4)
    huidig = doc["huidig"]
    assert (huidig["gewijzigde_plaatsen"], huidig["gemeenten_gewijzigd"], huidig["tekort"]) == (
        1391, 6, {"oek": 134, "asiel": 0, "amv": 0})
    borger = next(g for g in huidig["voorstel"] if g["gemeente"] == "Borger-Odoorn")
    assert (borger["bijstelling_oek"], borger["inbreng_oek"]) == (138, 385)


def test_cold_json_run_prints_json_only_and_loads_no_heavy_library(shipped_workbook: Path) -> None:
    """`python -m xlpuzzel voorstel --json`: stdout is JSON (no solver banner); no pandas, openpyxl or lxml."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "xlpuzzel", "voorstel", str(shipped_workbook), "--json"],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout)["tekort"] == {"oek": 0, "asiel": 0, "amv": 0}
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines() if "|" in line}
    assert "highspy" in imported
    assert not imported & {"openpyxl", "pandas", "docxtpl", "lxml", "scipy"}


def test_ruimte_typed_in_the_workbook_is_used_and_a_bad_cell_is_named(shipped_workbook: Path, capsys) -> None:
    """'ja' under Vast keeps Tynaarlo's eerste voorstel; 'veel' as a maximum: exit 2 naming Ruimte!C5."""
    row = RUIMTE_LAYOUT.first_row + 10  # Tynaarlo, the 11th gemeente
    edit(shipped_workbook, {f"H{row}": "ja"}, sheet="Ruimte")
    _code, out, _ = cli(capsys, "voorstel", str(shipped_workbook), "--json")
    tynaarlo = next(g for g in json.loads(out)["voorstel"] if g["gemeente"] == "Tynaarlo")
    assert (tynaarlo["bijstelling_oek"], tynaarlo["bijstelling_asiel"], tynaarlo["bijstelling_amv"]) == (0, 0, 0)
    edit(shipped_workbook, {f"C{RUIMTE_LAYOUT.first_row}": "veel"}, sheet="Ruimte")
    code, out, err = cli(capsys, "voorstel", str(shipped_workbook))
    assert (code, out) == (2, "")
    assert err == (
        f"puzzel voorstel: {shipped_workbook}: Ruimte!C5 (Aa en Hunze, Max Asiel): 'veel' is geen aantal plaatsen. "
        "Typ een geheel getal van 0 of meer (0 = geen), of laat de cel leeg (geen grens).\n"
    )


def test_reading_never_writes_the_workbook(shipped_workbook: Path, capsys) -> None:
    """Without --schrijf or --overnemen --ja the file keeps its bytes and gets no backup."""
    before = shipped_workbook.read_bytes()
    for args in ([], ["--json"], ["--overnemen"]):
        main(["voorstel", str(shipped_workbook), *args])
    capsys.readouterr()
    assert shipped_workbook.read_bytes() == before
    assert not shipped_workbook.with_name(shipped_workbook.name + ".bak").exists()


# ------------------------------------------------------------------------------ --schrijf


def test_schrijf_fills_sheet_voorstel_and_logs_one_row_touching_nothing_else(werkmap: Path) -> None:
    """Sheet Voorstel and the Wijzigingslog change; sheet Puzzel (the bijstellingen staff type), VBA and ribbon do not."""
    before, after = write(werkmap, "--schrijf")
    voorstel_part, log_part = sheet_part(after, VOORSTEL_SHEET), sheet_part(after, LOG_SHEET)
    changed = check_untouched(before, after, {voorstel_part, log_part, "xl/styles.xml"})
    assert {voorstel_part, log_part} <= changed
    assert log_kolommen(werkmap)[-1] == "voorstel berekend"
    cells = {a: c.value for a, c in read_sheet(after, VOORSTEL_SHEET).items()}
    lay = VoorstelLayout(12)
    tynaarlo = lay.first_row + 10
    assert (cells[f"A{tynaarlo}"], cells[f"E{tynaarlo}"], cells[f"F{tynaarlo}"]) == ("Tynaarlo", 402, -187)
    assert cells[f"A{lay.totaal_row}"] == "Totaal"
    assert str(cells["A3"]).startswith("Berekend op 27-11-2026 14:03 door jan")


def test_schrijf_rerun_on_the_same_numbers_writes_and_logs_nothing(werkmap: Path, capsys) -> None:
    """A second --schrijf: the file keeps its bytes, no .bak is refreshed, no log row is added."""
    write(werkmap, "--schrijf")
    capsys.readouterr()
    before = werkmap.read_bytes()
    code, out, _ = cli(capsys, "voorstel", str(werkmap), "--schrijf", "--gebruiker", "piet", "--tijdstip", T2)
    assert code == 0
    assert out.rstrip().endswith(
        "Werkblad Voorstel heeft dit voorstel al; er is niets opgeslagen en niets toegevoegd aan het Wijzigingslog."
    )
    assert werkmap.read_bytes() == before


def test_schrijf_after_a_changed_offer_rewrites_the_sheet_with_a_new_log_row(werkmap: Path) -> None:
    """Another eerste voorstel gives another proposal: the sheet follows, the log gets a second row."""
    write(werkmap, "--schrijf")
    edit(werkmap, {"H14": 100})  # Noordenveld's 'ntb' asiel becomes 100
    before, after = write(werkmap, "--schrijf", tijdstip=T2)
    assert sheet_part(after, VOORSTEL_SHEET) in changed_parts(before, after)
    assert log_kolommen(werkmap)[-2:] == ["voorstel berekend", "voorstel berekend"]


def test_schrijf_refuses_a_workbook_open_in_excel(werkmap: Path, capsys) -> None:
    """Excel's lock file next to the workbook: exit 2, nothing written."""
    werkmap.with_name("~$" + werkmap.name).write_text("")
    before = werkmap.read_bytes()
    code, _out, err = cli(capsys, "voorstel", str(werkmap), "--schrijf")
    assert code == 2 and "geopend in Excel" in err
    assert werkmap.read_bytes() == before


# ---------------------------------------------------------------------------- --overnemen


def test_overnemen_ja_copies_the_proposal_and_change_tracking_flags_and_logs_it(werkmap: Path, capsys) -> None:
    """The bijstelling and inbreng cells take sheet Voorstel; each changed cell is flagged and logged; rerun adds nothing."""
    write(werkmap, "--schrijf")
    capsys.readouterr()
    code, out, _ = cli(capsys, "voorstel", str(werkmap), "--overnemen")
    assert code == 0
    assert out.startswith("Voorstel overnemen: 9 cellen in het blok 'Voorstel voor bijstelling' en 9 cellen in")
    before, after = write(werkmap, "--overnemen", "--ja", tijdstip=T2)
    puzzel = sheet_part(after, "Puzzel")
    allowed = {puzzel, sheet_part(after, LOG_SHEET), sheet_part(after, "Basis"), "xl/styles.xml", "[Content_Types].xml",
               *(n for n in after if "comment" in n or "vmlDrawing" in n or n.startswith("xl/worksheets/_rels/"))}
    check_untouched(before, after, allowed)
    changed_cells = {"K7", "N7", "M7", "P7", "K9", "M9", "N9", "P9", "M10", "K13", "L13", "N13", "O13",
                     "K15", "L15", "N15", "O15", "P15"}
    before_sheet = before[puzzel].decode()
    # Only the proposal's cells and the formulas' stale results differ.
    puzzel_sheet_survives(before[puzzel], after[puzzel], changed_cells | _formula_cells(before_sheet))
    capsys.readouterr()
    assert log_kolommen(werkmap).count("voorstel berekend") == 1
    code, out, _ = cli(capsys, "voorstel", str(werkmap), "--json")
    doc = json.loads(out)
    assert doc["huidig"]["tekort"] == {"oek": 0, "asiel": 0, "amv": 0}
    assert doc["huidig"]["voorstel"] == doc["voorstel"]
    found = {b.code for b in controleer(read_workbook(werkmap).puzzel)}
    assert not found & {"inbreng-wijkt-af", "gemeente-onder-opgave"}
    again_before = werkmap.read_bytes()
    assert main(["voorstel", str(werkmap), "--overnemen", "--ja", "--tijdstip", T3]) == 0
    assert main(["bijstellingen", str(werkmap), "--tijdstip", T3]) == 0
    assert werkmap.read_bytes() == again_before


def test_overnemen_of_a_proposal_made_on_other_offers_is_refused(werkmap: Path, capsys) -> None:
    """The eerste voorstel changed after 'Voorstel berekenen': exit 2, calculate again first; nothing written."""
    write(werkmap, "--schrijf")
    edit(werkmap, {"G9": 230})  # De Wolden offers more Oek
    before = werkmap.read_bytes()
    code, _out, err = cli(capsys, "voorstel", str(werkmap), "--overnemen", "--ja")
    assert code == 2
    assert "is berekend op een ander eerste voorstel: De Wolden Oek was 221, nu 230." in err
    assert werkmap.read_bytes() == before


def test_written_workbooks_validate_with_the_open_xml_sdk(tmp_path: Path, shipped_bytes: bytes) -> None:
    """After --schrijf and after --overnemen --ja the workbook is valid OOXML."""
    schrijf, overnemen = tmp_path / "schrijf.xlsm", tmp_path / "overnemen.xlsm"
    schrijf.write_bytes(shipped_bytes)
    write(schrijf, "--schrijf")
    overnemen.write_bytes(schrijf.read_bytes())
    write(overnemen, "--overnemen", "--ja", tijdstip=T2)
    assert_valid(schrijf, overnemen)


def _formula_cells(sheet_xml: str) -> set[str]:
    import re

    return set(re.findall(r'<c r="([A-Z]+\d+)"[^>]*>(?:(?!</c>).)*<f', sheet_xml))


def test_overnemen_in_a_workbook_saved_by_excel_makes_excel_recalculate_its_totals(tmp_path: Path, shipped_bytes: bytes) -> None:
    """Stored formula results go stale when inputs change: they are dropped and Excel recalculates on open."""
    from conftest import patch_sheet_xml, set_cell_xml

    parts = read_package_bytes(shipped_bytes)
    patch_sheet_xml(parts, "xl/workbook.xml", r'<calcPr [^>]*/>', '<calcPr calcId="191029"/>')
    set_cell_xml(parts, "K17", '<c r="K17" s="11"><f>SUM(K5:K16)</f><v>943</v></c>')
    path = tmp_path / "puzzel.xlsm"
    path.write_bytes(package_bytes(parts))
    write(path, "--schrijf")
    _before, after = write(path, "--overnemen", "--ja", tijdstip=T2)
    assert b'<c r="K17" s="11"><f>SUM(K5:K16)</f></c>' in after[sheet_part(after, "Puzzel")]
    assert b'fullCalcOnLoad="1"' in after["xl/workbook.xml"]
    found = {b.code for b in controleer(read_workbook(path).puzzel)}
    assert "formule-wijkt-af" not in found


def read_package_bytes(data: bytes) -> dict[str, bytes]:
    from xlpuzzel.package import parts_from_bytes

    return parts_from_bytes(data)


def test_a_workbook_from_before_the_proposal_gets_sheet_voorstel_added(tmp_path: Path, dataset, monkeypatch, capsys) -> None:
    """No sheets Ruimte and Voorstel (built before they existed): no bounds, and --schrijf adds sheet Voorstel."""
    import xlpuzzel.build.workbook as builder
    from xlpuzzel.build import build_workbook
    from xlpuzzel.reader import sheet_names

    monkeypatch.setattr(builder, "add_ruimte_sheet", lambda wb, ds: None)
    monkeypatch.setattr(builder, "add_voorstel_sheet", lambda wb, ds: None)
    path = tmp_path / "oud.xlsm"
    path.write_bytes(build_workbook(dataset))
    assert VOORSTEL_SHEET not in sheet_names(read_package(path))
    _before, after = write(path, "--schrijf")
    assert sheet_names(after)[-1] == VOORSTEL_SHEET
    _before, after = write(path, "--overnemen", "--ja", tijdstip=T2)
    capsys.readouterr()
    _code, out, _ = cli(capsys, "voorstel", str(path), "--json")
    assert json.loads(out)["huidig"]["tekort"] == {"oek": 0, "asiel": 0, "amv": 0}
    assert_valid(path)
