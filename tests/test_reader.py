"""The reader: a workbook file -> Puzzel with provenance, names, settings and sheets, without openpyxl."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import patch_sheet_xml, set_cell_xml

from xlpuzzel.controle import controleer
from xlpuzzel.entry import Kind
from xlpuzzel.errors import UnusableWorkbook
from xlpuzzel.layout import PuzzelLayout
from xlpuzzel.package import parts_from_bytes
from xlpuzzel.reader import (
    PuzzelWorkbook,
    excel_date,
    read_sheet,
    read_workbook,
    read_workbook_parts,
    sheet_names,
)
from xlpuzzel.sheetdata import REQUIRED_NAMES, assemble_puzzel, parse_ref


def test_every_entry_knows_its_sheet_and_cell(printed_workbook: Path) -> None:
    """Each entry carries sheet Puzzel and its A1 cell, so every message can name it."""
    p = read_workbook(printed_workbook).puzzel
    noordenveld = p.index_of("Noordenveld")
    assert p.entry("eerste_asiel", noordenveld).cell == "H14"
    assert p.entry("eerste_asiel", noordenveld).sheet == "Puzzel"
    assert p.gemeente_cells[0].cell == "A5"
    assert p.totaal["inbreng_oek"].cell == "N17"
    assert p.verschil["inbreng_oek"].cell == "N18"
    assert p.verschil["opgave_oek_asiel"].cell == "F18"
    assert p.landelijk["inbreng_oek"].cell == "N19"
    assert p.landelijk["opgave_oek"].cell == "C19"


def test_workbook_lists_names_sheets_and_settings(shipped_workbook: Path) -> None:
    """PuzzelWorkbook holds the defined names, sheet order and Instellingen with real dates."""
    wb = read_workbook(shipped_workbook)
    assert isinstance(wb, PuzzelWorkbook)
    assert wb.path == str(shipped_workbook)
    assert wb.sheets[:2] == ("Puzzel", "Instellingen")
    assert "Puzzel" not in wb.hidden_sheets
    assert wb.names["inbreng_oek"] == "Puzzel!$N$5:$N$16"
    assert set(REQUIRED_NAMES) <= set(wb.names)
    assert wb.instellingen["prt_datum"] == dt.date(2024, 7, 17)
    assert wb.instellingen["kenmerk"] is None  # in no source document: staff fill it in
    assert wb.instellingen["contact_telefoon"] == "0592 365555"


def test_values_read_as_printed_keep_their_kind(printed_workbook: Path) -> None:
    """ntb, '-', blanks, negative bijstellingen and percentages come back with their meaning."""
    p = read_workbook(printed_workbook).puzzel
    i = p.index_of
    assert p.entry("eerste_asiel", i("Noordenveld")).kind is Kind.NTB
    assert p.entry("eerste_amv", i("Aa en Hunze")).kind is Kind.DASH
    assert p.entry("bijstelling_oek", i("Aa en Hunze")).kind is Kind.BLANK
    assert p.entry("bijstelling_asiel", i("Borger-Odoorn")).amount == -128
    assert p.entry("inwoners", i("Emmen")).amount == 106765
    assert float(p.verschil["inbreng_oek"].value or 0) == pytest.approx(0.98)
    assert p.landelijk["inbreng_oek"].amount == -133


def test_text_numbers_and_nvt_are_read_as_typed(patched_workbook, shipped_bytes: bytes) -> None:
    """'1.077' typed as text stays text with meaning 1077; 'n.v.t.' means 0 places."""

    def patch(parts: dict[str, bytes]) -> None:
        set_cell_xml(parts, "H5", '<c r="H5" t="inlineStr"><is><t>1.077</t></is></c>')
        set_cell_xml(parts, "I6", '<c r="I6" t="inlineStr"><is><t>n.v.t.</t></is></c>')

    p = read_workbook(patched_workbook(shipped_bytes, patch)).puzzel
    h5 = p.entry("eerste_asiel", 0)
    assert (h5.raw, h5.kind, h5.amount) == ("1.077", Kind.NUMBER, 1077)
    assert p.entry("eerste_amv", 1).kind is Kind.NVT
    assert p.entry("eerste_amv", 1).amount == 0


def test_formula_without_cached_value_reads_blank_with_its_formula(shipped_workbook: Path) -> None:
    """A never-calculated formula gives raw None, kind blank and the formula text."""
    p = read_workbook(shipped_workbook).puzzel
    j5 = p.entry("eerste_oek_asiel", 0)
    assert j5.raw is None and j5.kind is Kind.BLANK
    assert j5.formula == "=SUM(G5:I5)"
    assert p.totaal["inbreng_oek"].formula == "=SUM(N5:N16)"
    assert p.verschil["inbreng_oek"].formula == '=IF(N(C17)=0,"",N17/C17)'


def test_cached_formula_values_and_shared_formulas_are_read(patched_workbook, shipped_bytes: bytes) -> None:
    """A cached value is the entry's raw value; children of a shared formula get their own formula text."""

    def patch(parts: dict[str, bytes]) -> None:
        set_cell_xml(parts, "J5", '<c r="J5"><f t="shared" ref="J5:J7" si="0">SUM(G5:I5)</f><v>507</v></c>')
        set_cell_xml(parts, "J6", '<c r="J6"><f t="shared" si="0"/><v>1792</v></c>')
        set_cell_xml(parts, "J7", '<c r="J7"><f t="shared" si="0"/></c>')
        set_cell_xml(parts, "N18", '<c r="N18" t="str"><f>IF(N(C17)=0,"",N17/C17)</f><v></v></c>')
        set_cell_xml(parts, "P18", '<c r="P18" t="e"><f>IF(N(E17)=0,"",P17/E17)</f><v>#DIV/0!</v></c>')
        set_cell_xml(parts, "N19", '<c r="N19"><f t="shared" ref="N19:O19" si="1">IF(N($C18)=0,"A1",N17-$C$17)</f></c>')
        set_cell_xml(parts, "O19", '<c r="O19"><f t="shared" si="1"/></c>')

    p = read_workbook(patched_workbook(shipped_bytes, patch)).puzzel
    j5, j6, j7 = p.columns["eerste_oek_asiel"][:3]
    assert (j5.raw, j5.formula) == (507, "=SUM(G5:I5)")
    assert (j6.raw, j6.formula) == (1792, "=SUM(G6:I6)")
    assert (j7.raw, j7.formula) == (None, "=SUM(G7:I7)")
    # Relative references move, absolute ones and text in quotes stay.
    assert p.landelijk["inbreng_asiel"].formula == '=IF(N($C18)=0,"A1",O17-$C$17)'
    assert p.verschil["inbreng_oek"].raw == ""
    assert p.verschil["inbreng_amv"].kind is Kind.ERROR
    assert p.verschil["inbreng_amv"].raw == "#DIV/0!"


def test_shared_strings_with_rich_text_runs_are_joined(patched_workbook, shipped_bytes: bytes) -> None:
    """A shared string made of formatted runs reads as one text; phonetic runs are left out."""
    sst = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2">'
        "<si><t>Aa en Hunze</t></si>"
        "<si><r><rPr><b/></rPr><t>Bor</t></r><r><t xml:space=\"preserve\">ger-Odoorn</t></r>"
        "<rPh sb=\"0\" eb=\"1\"><t>X</t></rPh></si></sst>"
    )

    def patch(parts: dict[str, bytes]) -> None:
        parts["xl/sharedStrings.xml"] = sst.encode()
        patch_sheet_xml(
            parts, "xl/_rels/workbook.xml.rels", "</Relationships>",
            '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
        set_cell_xml(parts, "A5", '<c r="A5" t="s"><v>0</v></c>')
        set_cell_xml(parts, "A7", '<c r="A7" t="s"><v>1</v></c>')

    p = read_workbook(patched_workbook(shipped_bytes, patch)).puzzel
    assert p.gemeenten[0] == "Aa en Hunze"
    assert p.gemeenten[2] == "Borger-Odoorn"


def test_number_of_gemeenten_follows_the_names(tmp_path: Path, dataset) -> None:
    """The gemeente count is the length of the range named gemeenten, never a fixed 12."""
    from conftest import without_gemeente

    from xlpuzzel.build import build_workbook

    smaller = without_gemeente(without_gemeente(dataset, "Emmen"), "Assen")
    path = tmp_path / "tien.xlsm"
    path.write_bytes(build_workbook(smaller))
    p = read_workbook(path).puzzel
    assert len(p.gemeenten) == 10
    assert p.totaal["inbreng_oek"].cell == "N15"
    assert "Emmen" not in p.gemeenten


def test_hidden_puzzel_sheet_is_still_read(patched_workbook, shipped_bytes: bytes) -> None:
    """A hidden sheet Puzzel is read as usual and listed as hidden."""

    def patch(parts: dict[str, bytes]) -> None:
        patch_sheet_xml(parts, "xl/workbook.xml", r'name="Puzzel" sheetId="1" state="visible"',
                        'name="Puzzel" sheetId="1" state="hidden"')

    wb = read_workbook(patched_workbook(shipped_bytes, patch))
    assert "Puzzel" in wb.hidden_sheets
    assert len(wb.puzzel.gemeenten) == 12


def test_missing_instellingen_sheet_gives_empty_settings(patched_workbook, shipped_bytes: bytes) -> None:
    """Without sheet Instellingen the settings are an empty mapping, not an error."""

    def patch(parts: dict[str, bytes]) -> None:
        patch_sheet_xml(parts, "xl/workbook.xml", r"<sheet [^>]*name=\"Instellingen\"[^>]*/>", "")
        patch_sheet_xml(parts, "xl/workbook.xml", r"<definedName name=\"instellingen\">[^<]*</definedName>", "")

    wb = read_workbook(patched_workbook(shipped_bytes, patch))
    assert wb.instellingen == {}
    assert "Instellingen" not in wb.sheets


def test_read_sheet_gives_raw_cells_for_any_sheet(shipped_bytes: bytes) -> None:
    """read_sheet returns A1 -> value, formula, error flag and style index; dates as dates."""
    parts = parts_from_bytes(shipped_bytes)
    assert sheet_names(parts)[:2] == ("Puzzel", "Instellingen")
    inst = read_sheet(parts, "Instellingen")
    assert inst["A9"].value == "prt_datum"
    assert inst["B9"].value == dt.date(2024, 7, 17)
    assert inst["B9"].style > 0
    puzzel = read_sheet(parts, "Puzzel", dates=False)
    assert puzzel["J5"].formula == "=SUM(G5:I5)" and puzzel["J5"].value is None
    assert puzzel["B17"].value == 502051 and not puzzel["B17"].is_error
    with pytest.raises(UnusableWorkbook, match="'Bestaat niet' ontbreekt"):
        read_sheet(parts, "Bestaat niet")


def test_xlsx_and_xlsm_are_both_accepted(tmp_path: Path, shipped_bytes: bytes) -> None:
    """The extension does not matter: .xlsx and .xlsm with the same content read the same."""
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsm"
    a.write_bytes(shipped_bytes)
    b.write_bytes(shipped_bytes)
    assert read_workbook(a).puzzel == read_workbook(b).puzzel


def test_read_workbook_parts_names_the_source(shipped_bytes: bytes) -> None:
    """Reading from parts works without a file; messages name the given name."""
    parts = parts_from_bytes(shipped_bytes)
    del parts["xl/workbook.xml"]
    with pytest.raises(UnusableWorkbook, match="^upload.xlsm: .*xl/workbook.xml ontbreekt"):
        read_workbook_parts(parts, "upload.xlsm")


def test_excel_serial_numbers_become_dates() -> None:
    """Excel's 1900 and 1904 date systems give the right calendar dates (and times)."""
    assert excel_date(45491) == dt.date(2024, 7, 18)
    assert excel_date(1) == dt.date(1900, 1, 1)
    assert excel_date(61) == dt.date(1900, 3, 1)
    assert excel_date(45491 - 1462, date1904=True) == dt.date(2024, 7, 18)
    assert excel_date(45491.5) == dt.datetime(2024, 7, 18, 12, 0)


def test_assemble_puzzel_serves_a_live_excel_adapter(printed_workbook: Path) -> None:
    """Values per defined name as xlwings gives them (floats, lone cells) make the same Puzzel."""
    wb = read_workbook(printed_workbook)
    layout = PuzzelLayout(12)
    refs = layout.defined_names()
    p = wb.puzzel
    values: dict[str, object] = {"gemeenten": list(p.gemeenten)}
    for cid, entries in p.columns.items():
        values[cid] = [float(e.raw) if isinstance(e.raw, int) else e.raw for e in entries]
    for name in refs:
        if name not in values:
            ref = parse_ref(refs[name])
            cell = f"{chr(64 + ref.first_col)}{ref.first_row}"
            found = [e for e in (*p.totaal.values(), *p.verschil.values(), *p.landelijk.values()) if e.cell == cell]
            values[name] = found[0].raw if found else None
    live = assemble_puzzel(values, refs)  # type: ignore[arg-type]
    assert live.gemeenten == p.gemeenten
    assert live.entry("eerste_asiel", 9).cell == "H14"
    assert [(b.code, b.cel) for b in controleer(live)] == [(b.code, b.cel) for b in controleer(p)]


def test_assemble_puzzel_names_the_missing_names() -> None:
    """A missing defined name gives a Dutch message listing every missing name and the way out."""
    refs = PuzzelLayout(2).defined_names()
    values = {n: [None, None] if ":" in r else [None] for n, r in refs.items()}
    for name in ("inbreng_oek", "totaal_inbreng_oek"):
        del refs[name]
    with pytest.raises(UnusableWorkbook) as info:
        assemble_puzzel(values, refs)
    assert info.value.melding == (
        "De werkmap mist de benoemde bereiken: inbreng_oek, totaal_inbreng_oek. Bouw de werkmap opnieuw "
        "met `puzzel bouw` of herstel de namen via Formules > Namen beheren."
    )


def test_assemble_puzzel_refuses_a_block_shorter_than_the_gemeenten() -> None:
    """A block range that lost a row while gemeenten did not is refused, naming both ranges."""
    refs = PuzzelLayout(3).defined_names()
    refs["inbreng_amv"] = "Puzzel!$P$5:$P$6"
    values = {n: [1] * parse_ref(r).size for n, r in refs.items()}
    with pytest.raises(UnusableWorkbook, match=r"gemeenten \(Puzzel!\$A\$5:\$A\$7\) heeft 3 rijen.*inbreng_amv"):
        assemble_puzzel(values, refs)


def test_parse_ref_reads_quoted_sheet_names() -> None:
    """References with quoted sheet names and single cells parse into a rectangle."""
    ref = parse_ref("'Mijn ''blad'''!$B$2:$B$9")
    assert (ref.sheet, ref.first_col, ref.first_row, ref.last_row, ref.size) == ("Mijn 'blad'", 2, 2, 9, 8)
    assert parse_ref("=Puzzel!$N$17").cells() == ["N17"]


def test_reader_path_imports_no_openpyxl(shipped_workbook: Path) -> None:
    """Reading and checking a workbook never imports openpyxl (fast clicks)."""
    code = (
        "import sys; from xlpuzzel.reader import read_workbook; from xlpuzzel.controle import controleer; "
        f"controleer(read_workbook({str(shipped_workbook)!r}).puzzel); "
        "import xlpuzzel.commands.controleer; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'pandas', 'lxml')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.slow
def test_cached_values_written_by_libreoffice_are_read(tmp_path: Path, shipped_workbook: Path) -> None:
    """After LibreOffice calculated the workbook, formula cells carry its results and shared strings read."""
    from xlpuzzel.recalc import find_soffice, recalculate

    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is niet geïnstalleerd")
    wb = read_workbook(recalculate(shipped_workbook, tmp_path / "uit"))
    p = wb.puzzel
    assert p.gemeenten[2] == "Borger-Odoorn"
    assert p.entry("eerste_oek_asiel", 0).raw == 507
    assert p.entry("eerste_oek_asiel", 0).formula == "=SUM(G5:I5)"
    assert p.entry("eerste_amv", 0).kind is Kind.DASH
    assert p.totaal["inbreng_oek"].raw == 5203
    assert float(p.verschil["inbreng_oek"].raw) == pytest.approx(5203 / 5722, rel=1e-12)  # type: ignore[arg-type]
    assert p.landelijk["eerste_oek"].raw == -1077
    assert wb.instellingen["prt_datum"] == dt.date(2024, 7, 17)


def test_a_date_typed_in_a_count_cell_is_a_date_not_its_serial_number(patched_workbook, shipped_bytes: bytes) -> None:
    """'17-7-2024' typed in G5 is a date (as Excel and the ribbon see it), not 45.490 places."""
    from xlpuzzel.package import Package
    from xlpuzzel.reader.ooxml import Book

    date_style = min(Book(Package.from_bytes(shipped_bytes)).date_styles)

    def patch(parts: dict[str, bytes]) -> None:
        set_cell_xml(parts, "G5", f'<c r="G5" s="{date_style}"><v>45490</v></c>')

    p = read_workbook(patched_workbook(shipped_bytes, patch)).puzzel
    g5 = p.entry("eerste_oek", 0)
    assert g5.raw == dt.datetime(2024, 7, 17) and g5.kind is Kind.TEXT and g5.amount is None
    found = [b for b in controleer(p) if b.cel == "G5"]
    assert [(b.code, b.melding) for b in found] == [
        ("geen-getal", "G5 (Aa en Hunze, Eerste voorstel Oek): '17-07-2024' is geen getal.")
    ]
