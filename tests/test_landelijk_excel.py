"""Ribbon button 'Landelijk beeld' on xlwings' remote engine, and the UDFs PUZZEL_KLEUR and PUZZEL_TAAKSTELLING."""
# ruff: noqa: F811 - the `excel` fixture of test_excel_macros is imported and then named as a test's argument

from __future__ import annotations

import copy
from typing import Any

import pytest
from conftest import werkmap_van
from remote_payload import count_xlwings_calls, payload_from_workbook, typed_on
from test_excel_macros import Excel, actions, alert_text, excel  # noqa: F401 - the fixture

import udfs.puzzel_udfs as u
import xlpuzzel.excel as knop
from xlpuzzel.landelijk.layout import LANDELIJK_SHEET, LandelijkLayout, required_landelijk_names
from xlpuzzel.usecases import landelijk_beeld, memogegevens

LAYOUT = LandelijkLayout(12)


@pytest.fixture(scope="module")
def payload(shipped_bytes: bytes) -> dict[str, Any]:
    return payload_from_workbook(shipped_bytes)


def zonder_bladen(payload: dict[str, Any], *sheets: str) -> dict[str, Any]:
    """The payload of an older workbook: without these sheets and their defined names."""
    old = copy.deepcopy(payload)
    old["sheets"] = [s for s in old["sheets"] if s["name"] not in sheets]
    old["names"] = [n for n in old["names"] if not n["refers_to"].startswith(tuple(f"={s}!" for s in sheets))]
    for name in old["names"]:
        names = [s["name"] for s in payload["sheets"]]
        name["sheet_index"] = [s["name"] for s in old["sheets"]].index(names[name["sheet_index"]])
    return old


def test_landelijk_beeld_recalculates_shows_the_sheet_and_reports_the_cards(excel: Excel, payload):
    """Actions: calculate, activate sheet Landelijk, one message box; nothing is written into the workbook."""
    book = excel.book(payload)
    beeld = knop.dispatch("landelijk_beeld", book)
    funcs = [a["func"] for a in actions(book)]
    assert funcs == ["calculate", "activateSheet", "alert"]
    index = [s["name"] for s in payload["sheets"]].index(LANDELIJK_SHEET)
    assert actions(book, "activateSheet")[0]["args"] == [index]
    text = alert_text(book)
    assert "Nederland, peildatum 1-9-2024:" in text
    assert "• Opvang Oekraïne: 83% van het schema (oranje), achterstand 19.435" in text
    assert "• Opvang Asiel: nog geen schema (vul startpunt en startdatum in)" in text
    assert "Blad Landelijk: geen bevindingen" in text
    assert beeld.kaarten[0].indicatief == 111_624
    assert excel.status[-1] == "Landelijk beeld: 0 fouten, 0 waarschuwingen, 0 meldingen."


def test_the_live_reader_sees_the_same_sheet_as_the_file_reader(excel: Excel, payload, shipped_bytes):
    """The ribbon's picture equals `puzzel landelijk`'s: cards and table."""
    live = knop.dispatch("landelijk_beeld", excel.book(payload))
    from_file = landelijk_beeld(werkmap_van(shipped_bytes))
    assert live.kaarten == from_file.kaarten
    assert live.provincies == from_file.provincies


def test_a_wrong_delta_is_reported_in_a_critical_message(excel: Excel, payload):
    """1.300 over Drenthe's OEK delta: the message names the cell and the sum."""
    book = excel.book(typed_on(payload, LANDELIJK_SHEET, {f"D{LAYOUT.first_row}": 1300}))
    knop.dispatch("landelijk_beeld", book)
    (alert,) = actions(book, "alert")
    assert alert["args"][0].count("D27 (Drenthe, OEK delta): 1.300 klopt niet: 5.722 - 4.425 = 1.297.") == 1
    assert "critical" in str(alert["args"])


def test_reading_costs_a_fixed_number_of_calls(excel: Excel, payload, monkeypatch):
    """One lookup and reference per name, one read of the sheet (values, formulas): 2 per name plus a handful."""
    calls = count_xlwings_calls(monkeypatch.setattr)
    knop.dispatch("landelijk_beeld", excel.book(payload))
    n = len(required_landelijk_names()) + 1  # and `provincie`
    assert calls["Names.__getitem__"] == n + 1 and calls["Name.refers_to"] == n  # + `instellingen`
    assert calls["Range.value"] <= 3
    assert sum(calls.values()) < 3 * n


def test_a_workbook_without_sheet_landelijk_gets_a_dutch_message(excel: Excel, payload):
    """An older workbook: the button says what is missing and writes nothing."""
    book = excel.book(zonder_bladen(payload, LANDELIJK_SHEET))
    assert knop.dispatch("landelijk_beeld", book) is None
    assert "Het werkblad 'Landelijk' ontbreekt" in alert_text(book)
    assert [a["func"] for a in actions(book)] == ["alert"]


# ------------------------------------------------------------------------------ UDFs


def test_kleur_gives_the_dashboard_colours_per_cell():
    """92.189 of 111.624 oranje, 5.568 of 16.602 rood, 120 of 100 groen, no schema empty; a column in, a column out."""
    assert u.PUZZEL_KLEUR([[92189], [5568], [120], [5]], [[111624], [16602], [100], [0]]) == [
        ["oranje"], ["rood"], ["groen"], [None]
    ]


def test_kleur_reads_numbers_as_staff_type_them():
    """'4.425' as text and a float count; text gives an empty cell."""
    assert u.PUZZEL_KLEUR([["4.425", 4425.0, "ntb"]], [[5315]]) == [["oranje", "oranje", None]]


def test_taakstelling_rounds_each_gemeente_up():
    """20.000 over 17.942.942 inhabitants: Assen's 69.414 give 77,37 -> 78; shaped like the inwoners column."""
    result = u.PUZZEL_TAAKSTELLING([[20000]], [[25724], [69414]], [[17942942]])
    assert result == [[29], [78]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (([[20000, 1]], [[1]], [[10]]), "landelijk: geef één cel op, geen bereik."),
        (([[20000]], [["ntb"]], [[10]]), "inwoners: waarde 1 ('ntb') is geen aantal inwoners."),
        (([[20000]], [[1]], [[0]]), "inwoners_nederland: moet groter dan 0 zijn."),
    ],
)
def test_taakstelling_explains_bad_arguments_in_dutch(args, message):
    """A range where one cell belongs, text as inhabitants, a country of 0: the message in the cell."""
    assert u.PUZZEL_TAAKSTELLING(*args) == message


def test_the_memo_reads_the_same_sheets_from_the_live_workbook_as_from_the_file(excel: Excel, payload, shipped_bytes):
    """The ribbon's memo gets the same two sections as `puzzel memo`: one use case, two adapters, nothing written."""
    from xlpuzzel.brief.memo import landelijk_beeld as landelijk_sectie
    from xlpuzzel.brief.memo import prognose_statushouders
    from xlpuzzel.excel.werkmap import LiveWerkmap

    book = excel.book(payload)
    live = memogegevens(LiveWerkmap(book))
    from_file = memogegevens(werkmap_van(shipped_bytes))
    assert live.landelijk is not None and live.prognose is not None and live.waarschuwingen == ()
    assert live.landelijk.kaarten == from_file.landelijk.kaarten
    assert prognose_statushouders(live.prognose) == prognose_statushouders(from_file.prognose)
    assert landelijk_sectie(live.landelijk) == landelijk_sectie(from_file.landelijk)
    assert prognose_statushouders(live.prognose)["prognose_statushouders"]["tekst"].endswith(
        "in 2030 zijn dan 2.115 statushouders te huisvesten (achterstand plus taakstelling).")
    assert actions(book) == []


def test_the_memo_button_on_an_older_workbook_says_which_sections_it_left_out(excel: Excel, payload, tmp_path):
    """'Memo maken' on a workbook without sheets Landelijk and Prognose: the memo is made, and the closing message
    lists the two sections it goes without; with both sheets it has both sections and no such line."""
    from docx import Document

    old = zonder_bladen(payload, LANDELIJK_SHEET, "Prognose")
    for answers, book_payload, uit in (("yes", old, "oud"), ("yes", payload, "nieuw")):
        excel.answers.append(answers)  # the shipped table does not close: make it as concept
        book = excel.book(book_payload)
        result = knop.memo(book, uit_map=tmp_path / uit)
        text = actions(book, "alert")[-1]["args"][0]
        paragraphs = [p.text for p in Document(str(result.documenten[0])).paragraphs]
        if uit == "oud":
            assert "• De werkmap heeft geen blad Landelijk; de memo is zonder de alinea 'Landelijk beeld' gemaakt." in text
            assert "• De werkmap heeft geen blad Prognose; de memo is zonder de alinea 'Prognose statushouders' " \
                   "gemaakt." in text
            assert "Landelijk beeld" not in paragraphs and "Prognose statushouders" not in paragraphs
        else:
            assert "geen blad" not in text
            assert "Landelijk beeld" in paragraphs and "Prognose statushouders" in paragraphs
