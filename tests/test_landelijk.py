"""Sheet Landelijk: the LRT dashboard of 1 September 2024 — data file, cards, table checks, build, CLI."""

from __future__ import annotations

import datetime as dt
import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import sheet_part, type_value, werkmap_van
from hypothesis import given
from hypothesis import strategies as st

from xlpuzzel.build import build_workbook
from xlpuzzel.cli import main
from xlpuzzel.dataset import DatasetError
from xlpuzzel.entry import make_entry
from xlpuzzel.landelijk.blad import KaartCellen, LandelijkBlad
from xlpuzzel.landelijk.controle import controleer_landelijk
from xlpuzzel.landelijk.formules import kleur_formula
from xlpuzzel.landelijk.layout import (
    KAART_NAAM_VELDEN,
    KAARTEN,
    KLEUR_OPMAAK,
    LANDELIJK_SHEET,
    LRT_KOLOMMEN,
    LandelijkLayout,
    Niveau,
    PrognoseLayout,
    kleur,
)
from xlpuzzel.landelijk.lrt import parse_lrt, parse_lrt_tabel
from xlpuzzel.package import package_bytes, parts_from_bytes
from xlpuzzel.reader import read_workbook_parts
from xlpuzzel.resources import DATA_DIR
from xlpuzzel.usecases import landelijk_beeld

LRT = DATA_DIR / "lrt-2024-09-01"
LAYOUT = LandelijkLayout(12)
DRENTHE_ROW = LAYOUT.first_row  # Drenthe is the first province of the table: row 27
DELTA = f"D{DRENTHE_ROW}"
#: The dashboard's cards of 1 September 2024: start, its date, end, indicatief, realisatie, achterstand.
KAARTEN_DASHBOARD = {
    "oek": (97_001, dt.date(2024, 2, 1), 120_000, 111_624, 92_189, 19_435),
    "asiel": (69_900, dt.date(2024, 1, 1), 96_000, 87_300, 69_948, 17_352),
    "huisvesting": (10_874, dt.date(2024, 7, 1), 27_874, 16_602, 5_568, 11_034),
    "amv": (3_659, dt.date(2024, 1, 1), 8_140, 6_646, 4_379, 2_267),
    "nidos": (3_900, dt.date(2024, 7, 1), 4_600, 4_136, 1_684, 2_452),
}


def _beeld(data: bytes):  # type: ignore[no-untyped-def]
    return landelijk_beeld(werkmap_van(data))


@pytest.fixture(scope="module")
def beeld(shipped_bytes: bytes):  # type: ignore[no-untyped-def]
    """The national picture of the shipped workbook (formulas never calculated: the core computes them)."""
    return _beeld(shipped_bytes)


def _typed(source: bytes, cells: dict[str, object], sheet: str = LANDELIJK_SHEET) -> bytes:
    parts = parts_from_bytes(source)
    for address, value in cells.items():
        type_value(parts, address, value, sheet)
    return package_bytes(parts)


# ------------------------------------------------------------------------------ the data file


def test_lrt_data_file_holds_the_printed_table_with_twelve_provinces_and_total():
    """data/lrt-2024-09-01.csv: the dashboard's header, Drenthe's row and the Total row exactly as printed."""
    text = LRT.with_suffix(".csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].split(";") == ["Provincie", *(k.kop for k in LRT_KOLOMMEN)]
    assert lines[1] == "Drenthe;5.722;4.425;1.297;2.691;3.494;1.357;267;-2.427;705;147;558;229;141;88;131;54;77"
    assert lines[-1] == (
        "Total;120.000;92.189;27.811;96.000;34.596;30.085;5.267;26.052;27.874;5.568;22.306;8.140;4.379;3.761;"
        "4.600;1.684;2.916"
    )
    bestand = parse_lrt(text, LRT.with_suffix(".json").read_text(encoding="utf-8"), str(LRT))
    assert len(bestand.tabel.provincies) == 12 and bestand.peildatum == dt.date(2024, 9, 1)
    assert {c: f.bron for c, f in bestand.categorieen.items()} == {
        "oek": "KCIO", "asiel": "COA", "huisvesting": "Taakstellingvolgsysteem (TVS)", "amv": "COA", "nidos": "Nidos",
    }
    assert bestand.categorieen["nidos"].peildatum == dt.date(2024, 9, 2)


def _as_printed_blad() -> LandelijkBlad:
    """The LRT table as printed, every delta and Total typed, as a sheet without cards."""
    bestand = parse_lrt(LRT.with_suffix(".csv").read_text(encoding="utf-8"), LRT.with_suffix(".json").read_text(
        encoding="utf-8"))
    blank = {v: make_entry(None) for v in KAART_NAAM_VELDEN}
    return LandelijkBlad(
        tabel=bestand.tabel.als_getypt(),
        peildatum=make_entry(bestand.peildatum),
        kaarten=tuple(KaartCellen(n, c, blank) for n, c in KAARTEN),
        provincie=make_entry("Drenthe"),
    )


def test_the_as_printed_lrt_table_gives_no_finding():
    """Every printed delta is opgave − realisatie (asiel: regulier + NO + TGO) and every Total the provinces' sum."""
    assert controleer_landelijk(_as_printed_blad()) == ()


def test_a_misprinted_delta_in_the_data_gives_a_finding():
    """The check is no test that cannot fail: Drenthe's OEK delta printed as 1.300 is named.

    The printed Total 27.811 no longer is the sum of the deltas as they stand (27.814): that is said too.
    """
    text = LRT.with_suffix(".csv").read_text(encoding="utf-8").replace("4.425;1.297;", "4.425;1.300;", 1)
    blad = _as_printed_blad()
    blad = LandelijkBlad(parse_lrt_tabel(text).als_getypt(), blad.peildatum, blad.kaarten, blad.provincie)
    found, total = controleer_landelijk(blad)
    assert (total.code, total.plaats, total.verwacht) == ("totaal-wijkt-af", "Total", 27814)
    assert (found.code, found.kolom, found.waarde, found.verwacht) == ("delta-wijkt-af", "lrt_oek_delta", 1300, 1297)
    assert found.melding == "Drenthe, OEK delta: 1.300 klopt niet: 5.722 - 4.425 = 1.297."


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace("Provincie;OEK opgave", "Provincie;Oek opgave"),
         "regel 1: kolom 2 heet 'Oek opgave', verwacht 'OEK opgave'"),
        (lambda t: t.replace("Flevoland;4.333;", "Flevoland;", 1), "regel 3: 17 velden, verwacht 18"),
        (lambda t: t.replace("Flevoland", "Drenthe", 1), "regel 3: provincie 'Drenthe' staat er twee keer in"),
        (lambda t: t + "Texel;1;1;0;1;1;0;0;0;1;1;0;1;1;0;1;1;0\n", "regel 15: een provincie onder de rij 'Total'"),
    ],
)
def test_a_broken_lrt_data_file_is_refused_in_dutch_naming_file_and_line(edit, message):
    """Header, field count, duplicates and rows after Total are refused with the line number."""
    text = edit(LRT.with_suffix(".csv").read_text(encoding="utf-8"))
    with pytest.raises(DatasetError, match=re.escape(message)):
        parse_lrt_tabel(text, "lrt")


# ------------------------------------------------------------------------------ the cards


@pytest.mark.parametrize("categorie", KAARTEN_DASHBOARD)
def test_national_cards_reproduce_the_dashboard(beeld, categorie):
    """Start, end, schema at 1-9-2024, realisation and achterstand as the dashboard prints them."""
    start, startdatum, eind, indicatief, realisatie, achterstand = KAARTEN_DASHBOARD[categorie]
    kaart = beeld.kaart(Niveau.LANDELIJK, categorie)
    assert (kaart.start, kaart.startdatum, kaart.eind, kaart.einddatum, kaart.peildatum) == (
        start, startdatum, eind, dt.date(2025, 1, 1), dt.date(2024, 9, 1)
    )
    assert (kaart.indicatief, kaart.realisatie, kaart.achterstand) == (indicatief, realisatie, achterstand)
    assert kaart.percentage == Fraction(realisatie, indicatief)
    assert kaart.kleur == kleur(Fraction(realisatie, indicatief))


def test_national_card_colours_follow_the_dashboard_legend(beeld):
    """Oek 82,6% and asiel 80,1% are oranje (≥ 75%); huisvesting, AMV and Nidos are below 75%: rood."""
    assert [k.kleur for k in beeld.kaarten if k.niveau is Niveau.LANDELIJK] == [
        "oranje", "oranje", "rood", "rood", "rood"
    ]


def test_province_oek_card_takes_the_memo_facts_and_the_lrt_realisation(beeld):
    """Drenthe Oek: 4.500 (1-1-2024) → 5.722 (1-1-2025) from the memo; at 1-9-2024 the LRT's 4.425; 4.348 on 5-7-2024."""
    kaart = beeld.kaart(Niveau.PROVINCIE, "oek")
    assert kaart.gebied == "Drenthe"
    assert (kaart.start, kaart.startdatum, kaart.eind, kaart.einddatum) == (
        4_500, dt.date(2024, 1, 1), 5_722, dt.date(2025, 1, 1)
    )
    # 4.500 + 1.222 × 244/366 = 5.314,67
    assert (kaart.indicatief, kaart.realisatie, kaart.achterstand, kaart.kleur) == (5_315, 4_425, 890, "oranje")
    # 4.500 + 1.222 × 186/366 = 5.121,02
    assert (kaart.eerdere_realisatie, kaart.eerdere_datum, kaart.eerdere_indicatief) == (
        4_348, dt.date(2024, 7, 5), 5_121
    )


def test_province_cards_without_a_start_show_the_lrt_figures_and_name_the_cells_to_fill(beeld):
    """Asiel for Drenthe: end 2.691 and realisation 3.494 + 1.357 + 267 from the table; start and date to fill in."""
    kaart = beeld.kaart(Niveau.PROVINCIE, "asiel")
    assert (kaart.eind, kaart.realisatie, kaart.indicatief, kaart.kleur) == (2_691, 5_118, None, None)
    assert kaart.ontbreekt == ("Startpunt opgave (C14)", "Startdatum (D14)")


def test_the_shipped_workbook_gives_no_landelijk_finding(beeld):
    """As built from the printed table: no finding on sheet Landelijk."""
    assert beeld.bevindingen == ()


@given(st.fractions(min_value=0, max_value=3))
def test_colour_is_groen_from_100_oranje_from_75_else_rood(share):
    """The dashboard's legend: ≥ 100% groen, ≥ 75% oranje, < 75% rood."""
    expected = "groen" if share >= 1 else "oranje" if share >= Fraction(3, 4) else "rood"
    assert kleur(share) == expected


def test_colour_formula_has_the_layouts_thresholds():
    """The Excel formula of the colour is built from the same thresholds as the core."""
    assert kleur_formula("K8") == 'IF(K8>=1,"groen",IF(K8>=0.75,"oranje","rood"))'


# ------------------------------------------------------------------------------ checks of the sheet


def test_a_wrong_number_typed_over_a_delta_names_that_cell(shipped_bytes):
    """1.300 over Drenthe's OEK delta (1.297): a fout naming D27, with the sum that should be there."""
    data = _typed(shipped_bytes, {DELTA: 1300})
    (found,) = _beeld(data).bevindingen
    assert (found.code, found.ernst, found.blad, found.cel) == ("delta-wijkt-af", "fout", LANDELIJK_SHEET, "D27")
    assert found.melding == (
        "D27 (Drenthe, OEK delta): 1.300 klopt niet: 5.722 - 4.425 = 1.297. Hier hoort een formule; er staat een "
        "getypt getal."
    )


def test_a_wrong_number_typed_over_a_total_names_that_cell(shipped_bytes):
    """3.000 over the Total of the Nidos AMV delta (2.916): totaal-wijkt-af naming the cell."""
    address = f"{LRT_KOLOMMEN[-1].letter}{LAYOUT.totaal_row}"
    (found,) = _beeld(_typed(shipped_bytes, {address: 3000})).bevindingen
    assert (found.code, found.cel) == ("totaal-wijkt-af", address)
    assert "de som van de provincies is 2.916" in found.melding


def test_the_right_number_typed_over_a_delta_is_a_warning_that_the_formula_is_gone(shipped_bytes):
    """1.297 typed where the formula was: right today, stale tomorrow."""
    (found,) = _beeld(_typed(shipped_bytes, {DELTA: 1297})).bevindingen
    assert (found.code, found.ernst, found.cel) == ("formule-overschreven", "waarschuwing", DELTA)


@pytest.mark.parametrize(
    ("value", "code", "text"),
    [
        ("4.425", "getal-als-tekst", "'4.425' staat als tekst in de cel"),
        ("ntb", "geen-getal", "'ntb' is geen getal"),
        (-5, "negatief", "'-5' is negatief"),
        (4425.5, "geen-getal", "is geen geheel getal"),
    ],
)
def test_what_is_typed_in_a_number_cell_is_checked_like_the_puzzel(shipped_bytes, value, code, text):
    """Drenthe's OEK realisatie (C27): text, a number as text, a negative or a decimal gets the puzzel's code."""
    cell = f"C{DRENTHE_ROW}"
    found = [b for b in _beeld(_typed(shipped_bytes, {cell: value})).bevindingen if b.cel == cell]
    assert found and found[0].code == code and text in found[0].melding


def test_a_start_date_typed_as_text_is_no_date(shipped_bytes):
    """'1-1-2024' typed as text in a province card: Excel does not count it, so the check says so."""
    address = LAYOUT.kaart_cell("startdatum", KAARTEN.index((Niveau.PROVINCIE, "oek")))
    (found,) = _beeld(_typed(shipped_bytes, {address: "1-1-2024"})).bevindingen
    assert (found.code, found.cel) == ("geen-datum", address)


def test_an_unknown_province_setting_is_a_warning_and_empties_the_province_cards(shipped_bytes):
    """provincie 'Drente' is in no row of the table: a waarschuwing on sheet Instellingen, empty province cards."""
    parts = parts_from_bytes(shipped_bytes)
    _set_provincie(parts, "Drente")
    beeld = _beeld(package_bytes(parts))
    (found,) = beeld.bevindingen
    assert (found.code, found.blad) == ("provincie-onbekend", "Instellingen")
    assert "provincie 'Drente' staat niet in de tabel" in found.melding
    assert all(k.eind is None and k.realisatie is None for k in beeld.kaarten if k.niveau is Niveau.PROVINCIE)


def test_another_province_setting_shows_that_provinces_cards(shipped_bytes):
    """provincie 'Groningen': its row's opgave and realisation (asiel 3.274 + 1.568 + 0) on the province cards."""
    parts = parts_from_bytes(shipped_bytes)
    _set_provincie(parts, "groningen")
    beeld = _beeld(package_bytes(parts))
    assert beeld.kaart(Niveau.PROVINCIE, "asiel").realisatie == 4_842
    assert beeld.kaart(Niveau.PROVINCIE, "oek").eind == 5_592


def _set_provincie(parts: dict[str, bytes], value: str) -> None:
    workbook = read_workbook_parts(parts, "x")
    ref = workbook.names["provincie"]
    type_value(parts, ref.split("!")[1].replace("$", ""), value, "Instellingen")


# ------------------------------------------------------------------------------ the built sheet


def test_every_defined_name_of_the_issue_points_at_sheet_landelijk(shipped_bytes):
    """provincies, lrt_<categorie>_<kolom> and totaal_<name> for every column of the table."""
    names = read_workbook_parts(parts_from_bytes(shipped_bytes), "x").names
    wanted = ["provincies", "lrt_oek_opgave", "lrt_oek_realisatie", "lrt_oek_delta", "lrt_asiel_opgave",
              "lrt_asiel_regulier", "lrt_asiel_no", "lrt_asiel_tgo", "lrt_asiel_delta", "lrt_huisvesting_opgave",
              "lrt_huisvesting_realisatie", "lrt_huisvesting_delta", "lrt_amv_opgave", "lrt_amv_realisatie",
              "lrt_amv_delta", "lrt_nidos_opgave", "lrt_nidos_realisatie", "lrt_nidos_delta"]
    assert names["provincies"] == "Landelijk!$A$27:$A$38"
    assert names["lrt_oek_delta"] == "Landelijk!$D$27:$D$38"
    for name in wanted[1:]:
        assert names[name].startswith("Landelijk!") and names[f"totaal_{name}"].endswith("$39"), name
    assert names["provincie"].startswith("Instellingen!$B$")


def test_deltas_and_totals_are_formulas_and_the_table_is_typed(shipped_bytes):
    """D27 = B27-C27, asiel's delta subtracts its three realisations, Total sums the provinces."""
    parts = parts_from_bytes(shipped_bytes)
    xml = parts[sheet_part(parts, LANDELIJK_SHEET)].decode("utf-8")
    assert re.search(r'<c r="D27" [^>]*><f>B27-C27</f>', xml)
    assert "<f>E27-(F27+G27+H27)</f>" in xml
    assert "<f>SUM(B27:B38)</f>" in xml
    assert re.search(r'<c r="B27" [^>]*><v>5722</v>', xml)


def test_card_colours_are_one_conditional_format_per_colour(shipped_bytes):
    """Three rules over the cards' achterstand, percentage and colour cells; one rule highlights the province."""
    parts = parts_from_bytes(shipped_bytes)
    xml = parts[sheet_part(parts, LANDELIJK_SHEET)].decode("utf-8")
    rules = re.findall(r'<conditionalFormatting sqref="([^"]+)">(.*?)</conditionalFormatting>', xml)
    formulas = [re.findall(r"<formula>(.*?)</formula>", body) for _, body in rules]
    assert rules[0][0] == "J8:L17"
    assert formulas[0] == [f'$L8="{naam}"' for naam in KLEUR_OPMAAK]
    assert (rules[1][0], formulas[1]) == ("A27:R38", ["$A27=provincie"])


def test_each_card_has_a_native_line_chart_with_a_date_axis(shipped_bytes):
    """Ten charts: schema line and realisation points over Landelijk's chart data, titled after the card."""
    parts = parts_from_bytes(shipped_bytes)
    charts = sorted(n for n in parts if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
    assert len(charts) == len(KAARTEN)
    first = parts[charts[0]].decode("utf-8")
    assert "<lineChart>" in first and "<dateAx>" in first
    rows = LAYOUT.grafiekdata_rows(0)
    assert f"'Landelijk'!$C${rows[0]}:$C${rows[-1]}" in first
    assert "<v>Nederland: Opvang Oekraïne</v>" in first
    assert "<v>Drenthe: Nidos AMV</v>" in parts[charts[-1]].decode("utf-8") or any(
        "<v>Drenthe: Nidos AMV</v>" in parts[c].decode("utf-8") for c in charts
    )


# ------------------------------------------------------------------------------ the command


def test_landelijk_json_has_the_issues_shape(shipped_workbook: Path, capsys):
    """peildatum, kaarten (niveau, categorie, start, ..., percentage, kleur), provincies, bevindingen; exit 0."""
    assert main(["landelijk", str(shipped_workbook), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["peildatum"] == "2024-09-01"
    first = doc["kaarten"][0]
    assert {k: first[k] for k in ("niveau", "categorie", "start", "startdatum", "eind", "einddatum", "indicatief",
                                  "realisatie", "achterstand", "percentage", "kleur")} == {
        "niveau": "landelijk", "categorie": "oek", "start": 97001, "startdatum": "2024-02-01", "eind": 120000,
        "einddatum": "2025-01-01", "indicatief": 111624, "realisatie": 92189, "achterstand": 19435,
        "percentage": 0.826, "kleur": "oranje",
    }
    drenthe = doc["provincies"][0]
    assert (drenthe["provincie"], drenthe["oek_opgave"], drenthe["asiel_delta"], drenthe["asiel_realisatie"]) == (
        "Drenthe", 5722, -2427, 5118
    )
    assert doc["totaal"]["nidos_delta"] == 2916
    assert doc["bevindingen"] == []


def test_landelijk_text_report_reads_as_dutch(shipped_workbook: Path, capsys):
    """One line per card, the province's row, and the check's summary."""
    assert main(["landelijk", str(shipped_workbook)]) == 0
    out = capsys.readouterr().out
    assert ("Opvang Oekraïne: 97.001 (1-2-2024) → 120.000 (1-1-2025); schema op 1-9-2024 111.624, realisatie "
            "92.189, achterstand 19.435 (82,6% van het schema, oranje).") in out
    assert "Opvang Asiel: nog geen schema; vul startpunt opgave (C14) en startdatum (D14) in" in out
    assert "  Opvang Asiel: 2.691 / 5.118 / -2.427" in out
    assert out.rstrip().endswith("0 fouten, 0 waarschuwingen, 0 meldingen")


def test_landelijk_exits_1_on_a_fout_and_controleer_reports_it_too(tmp_path: Path, shipped_bytes, capsys):
    """A wrong delta: `puzzel landelijk` and `puzzel controleer` both name D27 and exit 1."""
    path = tmp_path / "puzzel.xlsm"
    path.write_bytes(_typed(shipped_bytes, {DELTA: 1300}))
    assert main(["landelijk", str(path)]) == 1
    assert "D27 (Drenthe, OEK delta): 1.300 klopt niet" in capsys.readouterr().out
    assert main(["controleer", str(path), "--json"]) == 1
    found = [b for b in json.loads(capsys.readouterr().out)["bevindingen"] if b["blad"] == LANDELIJK_SHEET]
    assert [(b["code"], b["cel"], b["kolom"]) for b in found] == [("delta-wijkt-af", DELTA, "lrt_oek_delta")]


def test_landelijk_on_a_workbook_without_the_sheet_exits_2_in_dutch(tmp_path: Path, shipped_bytes, capsys):
    """An older workbook without sheet Landelijk: one Dutch line, exit 2; `controleer` still works on it."""
    parts = parts_from_bytes(shipped_bytes)
    workbook = parts["xl/workbook.xml"].decode("utf-8")
    parts["xl/workbook.xml"] = re.sub(r'<sheet [^>]*name="(Landelijk|Prognose)"[^>]*/>', "", workbook).encode()
    path = tmp_path / "oud.xlsm"
    path.write_bytes(package_bytes(parts))
    assert main(["landelijk", str(path)]) == 2
    err = capsys.readouterr().err
    assert "het werkblad 'Landelijk' ontbreekt" in err and "Traceback" not in err
    assert main(["controleer", str(path)]) == 1
    assert "6 fouten, 3 waarschuwingen" in capsys.readouterr().out


def test_a_broken_landelijk_name_exits_2_naming_the_name(tmp_path: Path, shipped_bytes, capsys):
    """A name pointing at #REF! is refused with its name, not a traceback."""
    parts = parts_from_bytes(shipped_bytes)
    parts["xl/workbook.xml"] = re.sub(
        rb'(<definedName name="lrt_amv_realisatie">)[^<]*', rb"\1Landelijk!#REF!", parts["xl/workbook.xml"]
    )
    path = tmp_path / "kapot.xlsm"
    path.write_bytes(package_bytes(parts))
    assert main(["landelijk", str(path)]) == 2
    assert "lrt_amv_realisatie verwijst naar een verwijderde cel (#REF!)" in capsys.readouterr().err


def test_another_province_builds_the_same_sheets_without_code_changes(tmp_path: Path):
    """Ten gemeenten in a data file of their own: Landelijk and Prognose, its row highlighted, ten art. 28 rows."""
    from test_recalculation import GRONINGEN_CSV

    from xlpuzzel.build import load_dataset

    base = tmp_path / "groningen-2024-09-01"
    base.with_suffix(".csv").write_text(GRONINGEN_CSV, encoding="utf-8")
    base.with_suffix(".json").write_text(json.dumps({"provincie": "Groningen"}), encoding="utf-8")
    data = build_workbook(load_dataset(base))
    parts = parts_from_bytes(data)
    workbook = read_workbook_parts(parts, "groningen.xlsm")
    assert {"Landelijk", "Prognose"} <= set(workbook.sheets)
    assert workbook.instellingen["provincie"] == "Groningen"
    layout = PrognoseLayout(10)
    assert workbook.names["art28_gemeenten"] == f"Prognose!$A${layout.art28_first_row}:$A${layout.art28_last_row}"
    assert len(workbook.puzzel.gemeenten) == 10
    beeld = landelijk_beeld(werkmap_van(data, "groningen.xlsm"))
    assert beeld.kaart(Niveau.PROVINCIE, "oek").realisatie == 3_072
    assert beeld.bevindingen == ()


# ------------------------------------------------------------------------------ the package


def _sheet_and_chart_parts(parts: dict[str, bytes]) -> dict[str, bytes]:
    """Sheets Landelijk and Prognose with their drawing and charts."""
    names = {sheet_part(parts, LANDELIJK_SHEET), sheet_part(parts, "Prognose")}
    names |= {n for n in parts if n.startswith(("xl/charts/", "xl/drawings/drawing", "xl/drawings/_rels/drawing"))}
    names |= {n for n in parts if n.startswith("xl/worksheets/_rels/") and any(
        n.endswith(Path(s).name + ".rels") for s in names)}
    return {n: parts[n] for n in sorted(names)}


def test_bijstellingen_and_basis_keep_the_charts_and_both_sheets_byte_identical(tmp_path: Path, shipped_bytes):
    """A change flagged on sheet Puzzel, then a new basis: Landelijk, Prognose, drawing and charts keep their bytes."""
    from xlpuzzel.package import read_package

    path = tmp_path / "puzzel.xlsm"
    parts = parts_from_bytes(shipped_bytes)
    type_value(parts, "H7", 0)
    path.write_bytes(package_bytes(parts))
    before = _sheet_and_chart_parts(read_package(path))
    assert len([n for n in before if n.startswith("xl/charts/")]) == len(KAARTEN)
    assert main(["bijstellingen", str(path), "--gebruiker", "jan", "--tijdstip", "2026-11-27T14:03:05"]) == 0
    assert _sheet_and_chart_parts(read_package(path)) == before
    assert main(["basis", str(path), "--ja", "--gebruiker", "jan", "--tijdstip", "2026-11-28T09:00:00"]) == 0
    after = read_package(path)
    assert _sheet_and_chart_parts(after) == before
    assert landelijk_beeld(werkmap_van(path.read_bytes())).kaarten == _beeld(shipped_bytes).kaarten


def test_another_province_and_a_changed_workbook_validate_with_the_open_xml_sdk(tmp_path: Path, shipped_bytes):
    """Ten gemeenten with Groningen's row, and the shipped workbook after `bijstellingen`: charts included, valid."""
    from ooxml_validator import assert_valid
    from test_recalculation import groningen

    other = tmp_path / "groningen.xlsm"
    other.write_bytes(build_workbook(groningen()))
    changed = tmp_path / "gewijzigd.xlsm"
    parts = parts_from_bytes(shipped_bytes)
    type_value(parts, "H7", 0)
    changed.write_bytes(package_bytes(parts))
    assert main(["bijstellingen", str(changed), "--gebruiker", "jan", "--tijdstip", "2026-11-27T14:03:05"]) == 0
    assert_valid(other, changed)


def test_controleer_refuses_a_workbook_whose_landelijk_names_are_broken(tmp_path: Path, shipped_bytes, capsys):
    """A missing name of sheet Landelijk: `puzzel controleer` exits 2 naming it, as for sheet Puzzel's names."""
    parts = parts_from_bytes(shipped_bytes)
    parts["xl/workbook.xml"] = re.sub(rb'<definedName name="kaart_kleur">[^<]*</definedName>', b"",
                                      parts["xl/workbook.xml"])
    path = tmp_path / "kapot.xlsm"
    path.write_bytes(package_bytes(parts))
    assert main(["controleer", str(path)]) == 2
    err = capsys.readouterr().err
    assert "blad Landelijk: de werkmap mist de benoemde bereiken van blad Landelijk: kaart_kleur" in err


def test_typing_anything_anywhere_on_the_new_sheets_never_gives_a_traceback(tmp_path: Path, shipped_bytes, capsys):
    """Seeded mutations (text, dates, errors, negatives, huge numbers) in random cells: exit 0, 1 or 2, a Dutch
    message the code meant to give (never 'onverwachte fout'), for the commands and the memo that read the sheets."""
    import random

    rng = random.Random(10)
    values: list[object] = ["ntb", "-", "", "1.234", "=1/0", "#REF!", -7, 10**15, 3.5, "1-1-2024", "Drenthe", None]
    layout = PrognoseLayout(12)
    for round_ in range(30):
        parts = parts_from_bytes(shipped_bytes)
        for _ in range(3):
            sheet = rng.choice([LANDELIJK_SHEET, "Prognose"])
            last = LAYOUT.last_used_row if sheet == LANDELIJK_SHEET else layout.art28_totaal_row
            address = f"{rng.choice('ABCDEFGHIJKLMNOPQR')}{rng.randint(1, last)}"
            value = rng.choice(values)
            try:
                type_value(parts, address, value, sheet)
            except AssertionError:  # an empty cell the builder did not write
                continue
        path = tmp_path / f"m{round_}.xlsm"
        path.write_bytes(package_bytes(parts))
        for command in ("landelijk", "prognose", "controleer", *(("memo",) if round_ % 3 == 0 else ())):
            extra = ["--uit", str(tmp_path / "memo"), "--ondanks-fouten"] if command == "memo" else ["--json"]
            code = main([command, str(path), *extra])
            out = capsys.readouterr()
            assert code in (0, 1, 2), (round_, command)
            assert "Traceback" not in out.out + out.err, (round_, command, out.err)
            assert "onverwachte fout" not in out.err, (round_, command, out.err)


# ------------------------------------------------------------------------------ the memo's paragraphs


def test_memo_context_says_the_national_cards_in_dutch(beeld):
    """'landelijk beeld': every national card with its share of the schema, numbers as the memo writes them."""
    from xlpuzzel.landelijk.memo import landelijk_context

    context = landelijk_context(beeld)
    assert context["peildatum"] == "1 september 2024"
    assert context["tekst"].startswith(
        "Volgens het LRT-dashboard (peildatum 1 september 2024) is landelijk gerealiseerd: opvang Oekraïense ontheemden 83% "
        "van het indicatief schema (92.189 van 111.624 plaatsen, achterstand 19.435); asielopvang 80%"
    )
    assert "Drenthe: opvang Oekraïense ontheemden 83% van het indicatief schema (4.425 van 5.315 plaatsen, " \
           "achterstand 890); asielopvang 5.118 plaatsen gerealiseerd bij een opgave van 2.691 per 1 januari 2025" \
           in context["tekst"]
    nidos = context["kaarten"][-1]
    assert (nidos["naam"], nidos["percentage"], nidos["kleur"], nidos["achterstand"]) == ("Nidos AMV", "41%", "rood",
                                                                                          "2.452")


def test_memo_context_says_the_prognosis_from_first_year_to_horizon(shipped_bytes):
    """'prognose statushouders': from 0 on 1 January 2023 to 1.165 at the end of 2030, 2.115 to house in 2030."""
    from test_prognose import _beeld as prognose_van

    from xlpuzzel.landelijk.memo import prognose_context

    context = prognose_context(prognose_van(shipped_bytes))
    assert context["tekst"] == (
        "Bij een taakstelling van 1.100 en 950 tot 985 gehuisveste statushouders per jaar loopt de achterstand op "
        "van 0 op 1 januari 2023 tot 1.165 op 31 december 2030; in 2030 zijn dan 2.115 statushouders te huisvesten "
        "(achterstand plus taakstelling)."
    )
    assert context["rijen"][1] == {"jaar": "2024", "achterstand_begin": "115", "taakstelling": "1.100",
                                   "gehuisvest": "950", "achterstand_eind": "265", "te_huisvesten": "1.215"}


def test_the_fill_each_cell_gets_back_is_the_one_the_builder_gave_it(shipped_bytes, tmp_path: Path):
    """Blue for the Rijk's numbers, yellow for staff input, none for formulas: `vullingen_landelijk`/`_prognose`
    (what the button 'Controleren' restores) agree with the built workbook, cell for cell (read with openpyxl)."""
    from openpyxl import load_workbook

    from xlpuzzel.landelijk.blad import vullingen_landelijk, vullingen_prognose
    from xlpuzzel.usecases.landelijk import lees_landelijk, lees_prognose

    werkmap = werkmap_van(shipped_bytes)
    path = tmp_path / "puzzel.xlsm"
    path.write_bytes(shipped_bytes)
    wb = load_workbook(path)
    for sheet, fills in (("Landelijk", vullingen_landelijk(lees_landelijk(werkmap))),
                         ("Prognose", vullingen_prognose(lees_prognose(werkmap)))):
        assert len(set(fills.values())) == (3 if sheet == "Landelijk" else 2)
        for cel, fill in fills.items():
            found = wb[sheet][cel].fill
            assert (found.fgColor.rgb[-6:] if found.fill_type == "solid" else None) == fill, (sheet, cel)
