"""Exports safe to open (issue 8): no text in a CSV or .xlsx the tool writes ever runs as a formula; numbers stay numbers."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import sheet_part, type_value, verzonnen_adressen
from hypothesis import given
from hypothesis import strategies as st
from ooxml_validator import assert_valid

from xlpuzzel.brief import render_brieven
from xlpuzzel.cli import main
from xlpuzzel.export import MAX_CELTEKST, Tabel, csv_bytes, csv_tekst, xlsx_bytes
from xlpuzzel.layout import PuzzelLayout
from xlpuzzel.package import package_bytes, read_package
from xlpuzzel.patch.cells import SheetXml

HYPERLINK = '=HYPERLINK("http://evil.example/?x","Assen")'
DDE = "+cmd|' /C calc'!A0"
AT_SUM = "@SUM(1)"
HOSTILE = [HYPERLINK, DDE, AT_SUM, "-2+3", "=1+1", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_text_that_could_run_as_a_formula_gets_a_quote_in_csv(text):
    """=, +, -, @, tab or CR first: a leading ' so Excel shows the text instead of running it."""
    assert csv_tekst(text) == "'" + text


@pytest.mark.parametrize("text", ["-128", "-1.077", "+5", "-2,5%", "-", "1.077", "Assen", "ntb", ""])
def test_numbers_and_plain_texts_are_written_as_they_are(text):
    """A negative number is a number, the dash is the table's 'nvt', an ordinary text is untouched."""
    assert csv_tekst(text) == text


@given(st.text())
def test_no_csv_text_starts_a_formula_and_the_quote_is_the_only_change(text):
    """For any text: the written cell cannot start a formula (unless a plain number), and dropping the ' gives it back."""
    out = csv_tekst(text)
    assert out in (text, "'" + text)
    if out.startswith(("=", "+", "-", "@", "\t", "\r")):
        assert re.fullmatch(r"[+-]?(\d[\d.,]*%?)?", out)


def test_csv_keeps_numbers_numbers_and_dates_dutch():
    """-5 stays -5, 1.5 becomes 1,5, a datetime '27-11-2026 14:03:05'; the file is ';', BOM, CRLF."""
    data = csv_bytes(["a", "b", "c", "d"], [[-5, 1.5, dt.datetime(2026, 11, 27, 14, 3, 5), HYPERLINK]])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["a", "b", "c", "d"], ["-5", "1,5", "27-11-2026 14:03:05", "'" + HYPERLINK]]


def xlsx_cells(data: bytes) -> tuple[list[tuple], str]:
    """Values of the first sheet (openpyxl) and the sheet's XML."""
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
    return [tuple(c.value for c in row) for row in ws.iter_rows()], xml


def test_xlsx_texts_are_strings_never_formulas_and_numbers_stay_numbers(tmp_path):
    """Every hostile text is a string cell with Excel's quote prefix; -5 and dates keep their type; the file validates."""
    when = dt.datetime(2026, 11, 27, 14, 3, 5)
    tabel = Tabel("Blad", ("tekst", "getal", "wanneer"), tuple((t, -5, when) for t in HOSTILE),
                  formaten=((2, "dd-mm-yyyy hh:mm:ss"),))
    data = xlsx_bytes(tabel)
    rows, xml = xlsx_cells(data)
    assert "<f>" not in xml and "<f " not in xml
    assert all(r[1] == -5 and r[2] == when for r in rows[1:])
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    for row in ws.iter_rows(min_row=2):
        assert row[0].data_type == "s" and row[0].quotePrefix
    path = tmp_path / "export.xlsx"
    path.write_bytes(data)
    assert_valid(path)


def test_xlsx_texts_round_trip_exactly(tmp_path):
    """What goes in comes back as the same text (no quote added inside the xlsx, only the cell style)."""
    tabel = Tabel("Blad", ("tekst",), tuple((t,) for t in [HYPERLINK, DDE, AT_SUM, "-2+3", "=1+1"]))
    rows, _ = xlsx_cells(xlsx_bytes(tabel))
    assert [r[0] for r in rows[1:]] == [HYPERLINK, DDE, AT_SUM, "-2+3", "=1+1"]


def test_a_text_longer_than_an_excel_cell_is_cut_with_a_dutch_warning():
    """Excel holds 32.767 characters in a cell: a longer log text is cut and the user told which cell."""
    warnings: list[str] = []
    rows, _ = xlsx_cells(xlsx_bytes(Tabel("Blad", ("Bron",), (("x" * 40_000,),)), warnings))
    assert len(rows[1][0]) == MAX_CELTEKST
    assert warnings == ["A2 (kolom 'Bron', 40.000 tekens) is ingekort tot 32.767 tekens, de grens van Excel voor één cel."]


# --- the real exports -------------------------------------------------------------------------


@pytest.fixture
def hostile_log(shipped_workbook: Path) -> Path:
    """A workbook whose gemeente name, bron and toelichting look like formulas, with a negative bijstelling logged."""
    layout = PuzzelLayout(12)
    row = layout.gemeente_row(1)  # Assen
    parts = read_package(shipped_workbook)
    type_value(parts, f"A{row}", HYPERLINK)
    type_value(parts, layout.cell("bijstelling_asiel", row), -5)
    shipped_workbook.write_bytes(package_bytes(parts))
    assert main(["bijstellingen", str(shipped_workbook), "--gebruiker", AT_SUM, "--bron", DDE,
                 "--tijdstip", "2026-11-27T14:03:05"]) == 0
    parts = read_package(shipped_workbook)
    log_part = sheet_part(parts, "Wijzigingslog")
    log = SheetXml(parts[log_part])
    log.set_value("I3", "-2+3 gebeld")
    parts[log_part] = log.to_bytes()
    shipped_workbook.write_bytes(package_bytes(parts))
    return shipped_workbook


def test_woo_export_publishes_formula_texts_as_text(hostile_log: Path, tmp_path):
    """Gemeente, bron and toelichting that look like formulas: quoted in the CSV, strings in the xlsx; -5 a number."""
    out = tmp_path / "woo"
    assert main(["log", str(hostile_log), "--woo", "--uit", str(out)]) == 0
    rows = list(csv.reader(io.StringIO(out.with_suffix(".csv").read_bytes().decode("utf-8-sig")), delimiter=";"))
    change = rows[2]
    assert change[2] == "'" + HYPERLINK and change[7] == "'" + DDE and change[8] == "'-2+3 gebeld"
    assert change[6] == "-5"
    data = out.with_suffix(".xlsx").read_bytes()
    xlsx_rows, xml = xlsx_cells(data)
    assert "<f>" not in xml and "<f " not in xml
    assert xlsx_rows[2][2] == HYPERLINK and xlsx_rows[2][7] == DDE and xlsx_rows[2][6] == -5
    assert_valid(out.with_suffix(".xlsx"))


def test_overzicht_quotes_a_formula_gemeente_name_and_keeps_negative_numbers(opgeloste_dataset, tmp_path):
    """overzicht.csv: the name gets its quote, the bijstelling -128 stays a number."""
    p = opgeloste_dataset.puzzel
    names = list(p.gemeenten)
    names[2] = HYPERLINK  # Borger-Odoorn, bijstelling asiel -128
    puzzel = dataclasses.replace(p, gemeenten=tuple(names))
    result = render_brieven(puzzel, opgeloste_dataset.instellingen, tmp_path, adressen=verzonnen_adressen(puzzel))
    rows = list(csv.DictReader(io.StringIO(result.overzicht.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[2]["gemeente"] == "'" + HYPERLINK
    assert rows[2]["bijstelling_asiel"] == "-128"
    assert all(not v.startswith("'") for r in rows for k, v in r.items() if k != "gemeente")
