"""Scale: a 51-gemeente puzzel (Gelderland's size) and a 342-gemeente one are built, checked and lettered;
LibreOffice recalculates a new province's workbook and a new round's to what the core computes.

Gemeente names and populations here are synthetic. LibreOffice runs once for all workbooks
(one soffice process converts them all).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from test_nieuw import test_adressen

from xlpuzzel.brief import render_brieven
from xlpuzzel.build import build_workbook
from xlpuzzel.build.instellingen_sheet import DESCRIPTIONS
from xlpuzzel.build.landelijk_bronnen import load_lrt
from xlpuzzel.controle import controleer
from xlpuzzel.entry import make_entry
from xlpuzzel.formulas import shown_values
from xlpuzzel.layout import CATEGORIES, PUZZEL_SHEET, Category, PuzzelLayout
from xlpuzzel.nieuw.bestand import parse_csv
from xlpuzzel.nieuw.maken import landelijke_opgaven, maak_nieuwe_puzzel, start_nieuwe_ronde
from xlpuzzel.nieuw.opgaven import lrt_opgaven
from xlpuzzel.nieuw.provincie import nieuwe_puzzel
from xlpuzzel.reader import read_workbook
from xlpuzzel.recalc import find_soffice, private_profile, run_soffice, soffice_command

#: openpyxl cannot read back the charts LibreOffice writes; only cell values are read here.
pytestmark = pytest.mark.filterwarnings("ignore:Unable to read chart:UserWarning")
needs_soffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is niet geïnstalleerd")

#: National totals of the LRT table as options, so 342 gemeenten need no province row.
NEDERLAND = {Category.OEK: 120_000, Category.ASIEL: 96_000 - 8_140, Category.AMV: 8_140}
INSTELLINGEN = {
    "afzender_naam": "Provincie (test)", "afzender_adres": "Testweg 1", "afzender_postbus": "Postbus 1",
    "afzender_postcode_plaats": "1234 AB Testplaats", "plaats": "Testplaats", "datum_brief": "2026-12-01",
    "kenmerk": "TEST/1", "prt_datum": "2026-11-30", "besluit_uiterlijk": "2027-01-15",
    "ondertekenaar_naam": "T. Est", "ondertekenaar_functie": "voorzitter (test)", "contact_naam": "Team test",
    "contact_telefoon": "000 0000000", "contact_email": "test@example.org", "periode": "2027 en 2028",
}


def gemeenten_csv(n: int) -> str:
    """n synthetic gemeenten with different populations."""
    return "gemeente;inwoners\n" + "".join(f"Gemeente {i + 1:03d};{4_000 + (i * 7_919) % 240_000}\n" for i in range(n))


@pytest.fixture(scope="module")
def groot(tmp_path_factory) -> dict[int, Path]:
    """Gelderland's 51 gemeenten (tasks from the LRT table) and the Netherlands' 342 (tasks as options)."""
    folder = tmp_path_factory.mktemp("schaal")
    out = {}
    for n, provincie, opties in ((51, "Gelderland", None), (342, "Nederland", NEDERLAND)):
        source = folder / f"g{n}.csv"
        source.write_text(gemeenten_csv(n), encoding="utf-8")
        out[n] = folder / f"p{n}.xlsm"
        maak_nieuwe_puzzel(provincie, source, out[n], opties=opties, instellingen=INSTELLINGEN)
    return out


@pytest.mark.parametrize("n", [51, 342])
def test_a_large_puzzel_is_built_with_its_rows_and_names_and_checks_clean(groot, n):
    """Every gemeente, every defined name at its row; the check finds no error; tasks add up."""
    wb = read_workbook(groot[n])
    assert len(wb.puzzel.gemeenten) == n
    layout = PuzzelLayout(n)
    assert wb.names["gemeenten"] == layout.defined_names()["gemeenten"]
    assert wb.names["totaal_inbreng_amv"].endswith(f"${layout.totaal_row}")
    assert [b for b in controleer(wb.puzzel) if b.ernst.value == "fout"] == []
    for cat in CATEGORIES:
        assert sum(e.amount for e in wb.puzzel.columns[f"opgave_{cat.value}"]) == wb.puzzel.totaal[f"opgave_{cat.value}"].amount


def _letter_text(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    return "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells
    )


def test_gelderlands_51_gemeenten_each_get_a_letter_naming_them(groot, tmp_path):
    """51 letters as Word documents, each naming its own gemeente."""
    wb = read_workbook(groot[51])
    result = render_brieven(wb.puzzel, wb.instellingen, tmp_path, adressen=test_adressen(wb.puzzel.gemeenten))
    assert len(result.documenten) == 51
    assert "Gemeente 051" in _letter_text(result.documenten[-1])


def test_342_gemeenten_each_get_a_letter_context_and_a_sample_of_36_letters_render_whole(groot, tmp_path):
    """Every one of 342 letters is composed (its gemeente, its tasks); every tenth and the last are rendered, each
    with its own gemeente and a bijlage of all 342.

    The bijlage is rendered once per run, so a letter costs about the same at 342 gemeenten as
    at 12 (benchmarks/bench_brieven.py: 342 letters in about 9 s); all 342 would still add that
    much to the suite, so 36 of them are rendered and read back here.
    """
    import zipfile

    from xlpuzzel.brief import brieven_contexten

    wb = read_workbook(groot[342])
    adressen = test_adressen(wb.puzzel.gemeenten)
    contexten = brieven_contexten(wb.puzzel, wb.instellingen, adressen=adressen)
    assert [c["gemeente"]["naam"] for c in contexten] == list(wb.puzzel.gemeenten)
    sample = [wb.puzzel.gemeenten[i] for i in (*range(0, 342, 10), 341)]
    result = render_brieven(wb.puzzel, wb.instellingen, tmp_path, gemeenten=sample, adressen=adressen)
    assert len(result.documenten) == 36
    for naam, path in zip(sample, result.documenten):
        with zipfile.ZipFile(path) as z:
            body = z.read("word/document.xml").decode("utf-8")
        eigen, bijlage = body.split("Bijlage — ", 1)
        assert f"van de gemeente {naam}" in eigen
        assert all(f">{g}<" in bijlage for g in wb.puzzel.gemeenten)


def test_a_new_round_of_a_large_puzzel_keeps_every_gemeente(groot, tmp_path):
    """nieuwe-ronde on 342 gemeenten: same gemeenten, a Ronde sheet, the log plus one."""
    uit = tmp_path / "r.xlsm"
    gemaakt = start_nieuwe_ronde(groot[342], uit, gebruiker="t", moment=dt.datetime(2026, 12, 2, 9, 0, 0))
    wb = read_workbook(uit)
    assert len(wb.puzzel.gemeenten) == 342 and gemaakt.ronde_blad in wb.sheets


# ------------------------------------------------------------------------------ LibreOffice


def _met_aanbod(dataset):
    """A new province's table with offers typed in, of every kind staff type (so the formulas have work)."""
    from dataclasses import replace

    p = dataset.puzzel
    kinds = [120, "1.250", "ntb", "-", None, "n.v.t.", 0, 37]
    columns = dict(p.columns)
    for j, cat in enumerate(CATEGORIES):
        first = tuple(make_entry(kinds[(i + j) % len(kinds)]) for i in range(len(p.gemeenten)))
        columns[f"eerste_{cat.value}"] = first
        columns[f"bijstelling_{cat.value}"] = tuple(make_entry(-5 if i % 3 == 0 else None) for i in range(len(p.gemeenten)))
        columns[f"inbreng_{cat.value}"] = first
    return replace(dataset, puzzel=replace(p, columns=columns))


@pytest.fixture(scope="module")
def doorgerekend(tmp_path_factory, shipped_bytes) -> dict[str, tuple[object, openpyxl.Workbook]]:
    """Groningen (new, with offers), a new round of Drenthe: built, then recalculated by one LibreOffice run."""
    folder = tmp_path_factory.mktemp("lo")
    lrt = load_lrt()
    bestand = parse_csv("gemeente;inwoners\n" + "".join(f"G{i};{1_000 + 997 * i}\n" for i in range(10)), "g.csv")
    groningen = _met_aanbod(nieuwe_puzzel(
        "Groningen", bestand, lrt_opgaven(lrt.tabel, "Groningen", "lrt"), datum=dt.date(2026, 12, 1),
        landelijk=landelijke_opgaven(lrt), sleutels=tuple(DESCRIPTIONS), lrt="lrt-2024-09-01",
    ))
    (folder / "groningen.xlsm").write_bytes(build_workbook(groningen))
    drenthe = folder / "drenthe.xlsm"
    drenthe.write_bytes(shipped_bytes)
    start_nieuwe_ronde(drenthe, folder / "ronde.xlsm", gebruiker="t", moment=dt.datetime(2026, 12, 1, 10, 0, 0))
    out = folder / "uit"
    with private_profile() as profile:
        run_soffice([*soffice_command(profile), "--convert-to", "xlsx", "--outdir", str(out),
                     str(folder / "groningen.xlsm"), str(folder / "ronde.xlsm")], timeout=240)
    return {
        "groningen": (groningen.puzzel, openpyxl.load_workbook(out / "groningen.xlsx", data_only=True)),
        "ronde": (read_workbook(folder / "ronde.xlsm").puzzel, openpyxl.load_workbook(out / "ronde.xlsx", data_only=True)),
        "bestanden": (out / "groningen.xlsx", out / "ronde.xlsx"),
    }


def _verschillen(puzzel, wb: openpyxl.Workbook) -> list[str]:
    ws = wb[PUZZEL_SHEET]
    wrong = []
    for address, expected in shown_values(puzzel).items():
        actual = ws[address].value
        if isinstance(expected, float):
            ok = isinstance(actual, (int, float)) and abs(actual - expected) <= 1e-12
        elif expected == "#VALUE!":
            ok = isinstance(actual, str) and actual.startswith("#")
        else:
            ok = actual == expected or (expected == "" and actual is None)
        if not ok:
            wrong.append(f"{address}: core {expected!r}, LibreOffice {actual!r}")
    return wrong


@pytest.mark.slow
@needs_soffice
def test_libreoffice_recalculates_a_new_provinces_workbook_to_the_core(doorgerekend):
    """Every derived cell of a new province's sheet Puzzel, as LibreOffice calculates it, is the core's value."""
    puzzel, wb = doorgerekend["groningen"]
    assert _verschillen(puzzel, wb) == []
    assert wb[PUZZEL_SHEET][PuzzelLayout(10).cell("opgave_asiel", PuzzelLayout(10).totaal_row)].value == 2487


@pytest.mark.slow
@needs_soffice
def test_libreoffice_recalculates_a_new_rounds_workbook_to_the_core_and_leaves_the_ronde_sheet(doorgerekend, shipped_bytes):
    """The new round's formulas equal the core; sheet 'Ronde 17-7-2024' holds the old table's values (no formulas)."""
    puzzel, wb = doorgerekend["ronde"]
    assert _verschillen(puzzel, wb) == []
    from xlpuzzel.package import parts_from_bytes
    from xlpuzzel.reader import read_workbook_parts

    old = shown_values(read_workbook_parts(parts_from_bytes(shipped_bytes), "oud").puzzel)
    ronde = wb["Ronde 17-7-2024"]
    for address, value in old.items():
        actual = ronde[address].value
        assert actual == pytest.approx(value, rel=1e-12) if isinstance(value, float) else actual == value, address


@pytest.mark.slow
@needs_soffice
def test_a_workbook_saved_by_libreoffice_starts_a_new_round_from_its_saved_values(doorgerekend, tmp_path):
    """A previous round saved by another program (LibreOffice, with its own formats and cached values) works."""
    groningen, ronde = doorgerekend["bestanden"]
    for bron in (groningen, ronde):
        uit = tmp_path / f"{bron.stem}-volgende.xlsm"
        gemaakt = start_nieuwe_ronde(bron, uit, gebruiker="t", moment=dt.datetime(2027, 1, 5, 9, 0, 0))
        old = openpyxl.load_workbook(bron, data_only=True)[PUZZEL_SHEET]
        new = openpyxl.load_workbook(uit, data_only=True)[gemaakt.ronde_blad]
        layout = PuzzelLayout(len(gemaakt.dataset.puzzel.gemeenten))
        for row in range(layout.first_row, layout.landelijk_row + 1):
            for col in "ABCDEFGHIJKLMNOP":
                assert new[f"{col}{row}"].value == old[f"{col}{row}"].value, f"{bron.name} {col}{row}"
