"""Sheet Prognose: the bijlage's backlog model row by row, scenarios, horizon, and art. 28 rounding up."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import type_value, werkmap_van
from hypothesis import given
from hypothesis import strategies as st

from xlpuzzel.cli import main
from xlpuzzel.dataset import DatasetError
from xlpuzzel.landelijk.bronnen import parse_prognose
from xlpuzzel.landelijk.layout import PROGNOSE_SHEET, PrognoseLayout
from xlpuzzel.landelijk.prognose import art28_aandeel, art28_taakstelling, prognose
from xlpuzzel.package import package_bytes, parts_from_bytes
from xlpuzzel.resources import DATA_DIR
from xlpuzzel.usecases import prognose_beeld

PROGNOSE = DATA_DIR / "drenthe-prognose-2024"
LAYOUT = PrognoseLayout(12)
#: The bijlage's table: year, achterstand 1-1, taakstelling, gehuisvest, achterstand, te huisvesten.
BIJLAGE = [
    (2023, 0, 1100, 985, 115, 1100), (2024, 115, 1100, 950, 265, 1215), (2025, 265, 1100, 950, 415, 1365),
    (2026, 415, 1100, 950, 565, 1515), (2027, 565, 1100, 950, 715, 1665), (2028, 715, 1100, 950, 865, 1815),
    (2029, 865, 1100, 950, 1015, 1965), (2030, 1015, 1100, 950, 1165, 2115),
]
KEYS = ("jaar", "achterstand_begin", "taakstelling", "gehuisvest", "achterstand_eind", "te_huisvesten")


def _beeld(data: bytes):  # type: ignore[no-untyped-def]
    return prognose_beeld(werkmap_van(data))


def _typed(source: bytes, cells: dict[str, object]) -> bytes:
    parts = parts_from_bytes(source)
    for address, value in cells.items():
        type_value(parts, address, value, PROGNOSE_SHEET)
    return package_bytes(parts)


def _cell(name: str, index: int = 0) -> str:
    """A1 address of a column's row (or a single input) on sheet Prognose."""
    ref = LAYOUT.defined_names()[name].split("!")[1].replace("$", "")
    first = ref.split(":")[0]
    letters = first.rstrip("0123456789")
    return f"{letters}{int(first[len(letters):]) + index}"


def test_the_data_file_is_the_bijlage_as_printed():
    """data/drenthe-prognose-2024.csv holds the bijlage's rows with its own headings."""
    tabel = parse_prognose(PROGNOSE.with_suffix(".csv").read_text(encoding="utf-8"),
                           PROGNOSE.with_suffix(".json").read_text(encoding="utf-8"), str(PROGNOSE))
    printed = list(zip(tabel.jaren, tabel.achterstand_begin, tabel.taakstelling, tabel.gehuisvest,
                       tabel.achterstand_eind, tabel.te_huisvesten))
    assert printed == BIJLAGE
    assert "opvolgend jaar" in tabel.toelichting and "1-1-2030" in tabel.toelichting


def test_the_model_reproduces_every_printed_row():
    """From 0 backlog in 2023 with 1.100 a year and 985, then 950 housed: 115 … 1.165, te huisvesten 1.100 … 2.115."""
    rows = prognose(0, 2023, [r[2] for r in BIJLAGE], [r[3] for r in BIJLAGE])
    assert [(j.jaar, j.achterstand_begin, j.taakstelling, j.gehuisvest, j.achterstand_eind, j.te_huisvesten)
            for j in rows] == BIJLAGE


def test_the_built_sheet_reproduces_every_printed_row(shipped_bytes):
    """The shipped workbook's formulas (as the core computes them) give the bijlage's table, no findings."""
    beeld = _beeld(shipped_bytes)
    assert [tuple(r[k] for k in KEYS) for r in beeld.rijen] == BIJLAGE
    assert beeld.bevindingen == ()


@given(st.integers(0, 5000), st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 5000)), max_size=20))
def test_backlog_at_year_end_is_begin_plus_task_minus_housed(start, years):
    """achterstand_eind = achterstand_begin + taakstelling − gehuisvest, and the next year begins with it."""
    rows = prognose(start, 2024, [t for t, _ in years], [h for _, h in years])
    begin = start
    for row in rows:
        assert row.achterstand_begin == begin
        assert row.achterstand_eind == row.achterstand_begin + row.taakstelling - row.gehuisvest
        assert row.te_huisvesten == row.achterstand_begin + row.taakstelling
        begin = row.achterstand_eind


@given(st.integers(0, 50_000), st.lists(st.integers(0, 1_000_000), min_size=1, max_size=40), st.integers(1, 10**8))
def test_art28_taakstelling_is_the_share_rounded_up_per_gemeente(landelijk, inwoners, extra):
    """Each gemeente gets at least its exact share and less than one more; the sum can exceed the province's share."""
    nederland = sum(inwoners) + extra
    parts = art28_taakstelling(landelijk, inwoners, nederland)
    for n, part in zip(inwoners, parts):
        share = art28_aandeel(landelijk, n, nederland)
        assert share <= part < share + 1
    assert sum(parts) >= Fraction(landelijk * sum(inwoners), nederland)


def test_art28_rounds_up_where_halves_would_round_down():
    """Exact shares stay as they are (110, 220, 330); 142,86 becomes 143, so three of them exceed 3/7 of 1.000."""
    assert art28_taakstelling(1100, [1, 2, 3], 10) == (110, 220, 330)
    assert art28_taakstelling(1000, [1, 1, 1], 7) == (143, 143, 143)


def test_the_art28_block_of_the_sheet_gives_each_gemeente_its_rounded_up_share(shipped_bytes):
    """National number and inhabitants typed in: each of the 12 gemeenten gets ceil(national × inwoners / NL)."""
    data = _typed(shipped_bytes, {_cell("art28_landelijke_taakstelling"): 20_000,
                                  _cell("art28_inwoners_nederland"): 17_942_942, _cell("art28_periode"): "2025-1"})
    beeld = _beeld(data)
    inwoners = [g["inwoners"] for g in beeld.gemeenten]
    assert [g["taakstelling"] for g in beeld.gemeenten] == list(art28_taakstelling(20_000, inwoners, 17_942_942))
    assert beeld.gemeenten[0]["gemeente"] == "Aa en Hunze" and inwoners[0] == 25_724
    assert beeld.totaal_taakstelling == sum(g["taakstelling"] for g in beeld.gemeenten)
    assert beeld.periode == "2025-1" and beeld.bevindingen == ()


def test_a_later_horizon_extends_the_table(shipped_bytes):
    """Horizon 2032 with the taakstelling and housing of 2031 and 2032 typed: ten rows, the backlog carried on."""
    data = _typed(shipped_bytes, {
        _cell("prognose_horizon"): 2032,
        _cell("prognose_taakstelling", 8): 1100, _cell("prognose_gehuisvest", 8): 950,
        _cell("prognose_taakstelling", 9): 1200, _cell("prognose_gehuisvest", 9): 1000,
    })
    rows = _beeld(data).rijen
    assert [r["jaar"] for r in rows] == list(range(2023, 2033))
    assert (rows[8]["achterstand_begin"], rows[8]["achterstand_eind"]) == (1165, 1315)
    assert (rows[9]["achterstand_eind"], rows[9]["te_huisvesten"]) == (1515, 2515)


def test_a_horizon_beyond_the_tables_room_is_a_warning(shipped_bytes):
    """The table has room for 15 years: horizon 2040 from 2023 is named."""
    (found,) = _beeld(_typed(shipped_bytes, {_cell("prognose_horizon"): 2040})).bevindingen
    assert (found.code, found.cel) == ("horizon-te-ver", _cell("prognose_horizon"))
    assert "ruimte voor 15 jaren (2023 tot en met 2037)" in found.melding


def test_scenarios_run_the_same_model_with_their_own_housing(shipped_bytes):
    """Laag: 900 housed a year from 2023 gives a backlog of 200 more each year than nothing housed less."""
    cells = {_cell("prognose_gehuisvest_laag", i): 900 for i in range(8)}
    rows = _beeld(_typed(shipped_bytes, cells)).rijen
    assert [r["achterstand_eind_laag"] for r in rows] == [200 * (i + 1) for i in range(8)]
    assert all(r["achterstand_eind_hoog"] is None for r in rows)


def test_a_wrong_number_over_a_formula_names_the_cell(shipped_bytes):
    """2.000 typed over the achterstand at the end of 2024 (265): prognose-wijkt-af with the sum."""
    address = _cell("prognose_achterstand_eind", 1)
    found = [b for b in _beeld(_typed(shipped_bytes, {address: 2000})).bevindingen if b.cel == address]
    assert found[0].code == "prognose-wijkt-af"
    assert "115 + 1.100 - 950 = 265" in found[0].melding


def test_text_in_an_input_cell_is_named(shipped_bytes):
    """'ntb' as the taakstelling of 2025: geen-getal naming the cell."""
    address = _cell("prognose_taakstelling", 2)
    found = [b for b in _beeld(_typed(shipped_bytes, {address: "ntb"})).bevindingen if b.cel == address]
    assert found and found[0].code == "geen-getal"


def test_prognose_json_has_the_issues_shape(shipped_workbook: Path, capsys):
    """rijen (jaar, achterstand_begin, taakstelling, gehuisvest, achterstand_eind, te_huisvesten), gemeenten, bevindingen."""
    assert main(["prognose", str(shipped_workbook), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert {k: doc["rijen"][0][k] for k in KEYS} == dict(zip(KEYS, BIJLAGE[0]))
    assert len(doc["rijen"]) == 8 and doc["rijen"][-1]["te_huisvesten"] == 2115
    assert [g["gemeente"] for g in doc["gemeenten"]][:2] == ["Aa en Hunze", "Assen"]
    assert doc["gemeenten"][0]["taakstelling"] is None
    assert doc["bevindingen"] == []


def test_prognose_text_report(shipped_workbook: Path, capsys):
    """A table of the years and what to fill in for art. 28."""
    assert main(["prognose", str(shipped_workbook)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"2030\s+1\.015\s+1\.100\s+950\s+1\.165\s+2\.115", out)
    assert "Vul de landelijke taakstelling en het aantal inwoners van Nederland in" in out


def test_a_broken_prognosis_data_file_is_refused_with_its_line():
    """A year that does not follow the previous one is named with file and line."""
    text = PROGNOSE.with_suffix(".csv").read_text(encoding="utf-8").replace("1-1-2026", "1-1-2027", 1)
    with pytest.raises(DatasetError, match=r"prognose\.csv regel 5: 2027 volgt niet op 2025"):
        parse_prognose(text, "", "prognose")
