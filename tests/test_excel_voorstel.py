"""Ribbon buttons 'Voorstel berekenen' and 'Voorstel overnemen' against xlwings' remote engine.

The remote engine records writes as actions but keeps reading the payload it started from;
desktop Excel reads what was just written. The `desktop_values` stand-in below gives the
engine that too (a write updates the values it reads), so a click can be followed by the
next one in the same book, as in Excel.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import test_excel_macros as macros
from remote_payload import action_funcs, payload_from_workbook
from test_excel_macros import Excel, actions, alert_text

import xlpuzzel.excel as knop
from xlpuzzel.bijstelling import NOTE_PREFIX
from xlpuzzel.layout import LOG_SHEET, RUIMTE_LAYOUT, RUIMTE_SHEET, VOORSTEL_SHEET, VoorstelLayout
from xlpuzzel.voorstel.overnemen import OVERNAME_BRON

# The fixtures of the other ribbon tests: the remote engine with its stand-ins, the built workbook.
excel, workbook12, payload12 = macros.excel, macros.workbook12, macros.payload12

MOMENT = dt.datetime(2026, 11, 27, 14, 3, 5)
LATER = dt.datetime(2026, 11, 27, 15, 0, 0)
#: The cells the proposal of 12-7-2024 changes on sheet Puzzel (bijstelling K:M, inbreng N:P).
OVERGENOMEN = {"K7", "M7", "N7", "P7", "K9", "M9", "N9", "P9", "M10", "K13", "L13", "N13", "O13",
               "K15", "L15", "N15", "O15", "P15"}


@pytest.fixture
def desktop_values(excel: Excel, monkeypatch: pytest.MonkeyPatch) -> None:
    """Writes and clears update the values the engine reads, as on desktop Excel (a text's quote prefix not read back)."""
    from xlwings.pro import _xlremote

    setter = _xlremote.Range.raw_value.fset
    clear = _xlremote.Range.clear_contents

    def put(rng: Any, grid: list[list[object]]) -> None:
        values = rng.sheet.api["values"]
        for r, row in enumerate(grid):
            for c, value in enumerate(row):
                y, x = rng.row - 1 + r, rng.column - 1 + c
                while len(values) <= y:
                    values.append([""] * len(values[0]) if values else [""])
                for line in values:
                    line.extend([""] * (x + 1 - len(line)))
                if isinstance(value, str) and value.startswith("'"):
                    value = value[1:]
                values[y][x] = "" if value is None else value
        _xlremote.get_range_api.cache_clear()

    def write(self: Any, value: object) -> None:
        setter(self, value)
        nrows, ncols = self.shape
        put(self, value if isinstance(value, list) else [[value] * ncols] * nrows)

    def clear_contents(self: Any) -> None:
        clear(self)
        nrows, ncols = self.shape
        put(self, [[None] * ncols for _ in range(nrows)])

    monkeypatch.setattr(_xlremote.Range, "raw_value", property(_xlremote.Range.raw_value.fget, write))
    monkeypatch.setattr(_xlremote.Range, "clear_contents", clear_contents)


def sheet_index(book: Any, name: str) -> int:
    return [s.name for s in book.sheets].index(name)


def test_voorstel_berekenen_fills_sheet_voorstel_in_one_write_and_logs_one_row(excel, payload12):
    """The built frame is filled as one block; one Wijzigingslog row; the summary in a message box."""
    book = excel.book(payload12)
    voorstel = knop.voorstel_berekenen(book, gebruiker="Test Gebruiker", tijdstip=MOMENT)
    assert action_funcs(book) == ["setValues", "setValues", "setNumberFormat", "alert"]
    block, log = actions(book, "setValues")
    assert (block["sheet_position"], block["start_row"], block["start_column"]) == (sheet_index(book, VOORSTEL_SHEET), 0, 0)
    lay = VoorstelLayout(12)
    tynaarlo = block["values"][lay.first_row - 1 + 10]
    assert tynaarlo[:7] == ["Tynaarlo", 125, 250, 28, 402, -187, 0]
    assert log["sheet_position"] == sheet_index(book, LOG_SHEET)
    assert log["values"][0][2:8] == [
        "alle gemeenten", "voorstel berekend", "", "werkmap: 1.391 plaatsen bij 6 gemeenten, tekort Oek 134",
        "voorstel: 1.462 plaatsen bij 4 gemeenten, geen tekort", "knop Voorstel berekenen",
    ]
    assert alert_text(book).startswith("Voorstel: 1.462 plaatsen gewijzigd bij 4 gemeenten; elke provinciale opgave")
    assert voorstel.cijfers.tekort == (0, 0, 0)


def test_voorstel_berekenen_twice_writes_nothing_the_second_time(excel, desktop_values, payload12):
    """The sheet already holds this proposal: no write, no log row, only the message."""
    book = excel.book(payload12)
    knop.voorstel_berekenen(book, gebruiker="Test Gebruiker", tijdstip=MOMENT)
    first = len(book.json()["actions"])
    knop.voorstel_berekenen(book, gebruiker="Iemand Anders", tijdstip=LATER)
    assert action_funcs(book)[first:] == ["alert"]
    assert actions(book, "alert")[-1]["args"][0].endswith("Werkblad Voorstel had dit voorstel al; er is niets gewijzigd.")


def test_voorstel_berekenen_takes_the_bounds_of_sheet_ruimte(excel, workbook12):
    """'ja' under Vast for Tynaarlo on sheet Ruimte: Tynaarlo keeps its eerste voorstel."""
    payload = payload_from_workbook(workbook12)
    ruimte = next(s for s in payload["sheets"] if s["name"] == RUIMTE_SHEET)
    row = RUIMTE_LAYOUT.first_row + 10
    ruimte["values"][row - 1][7] = "ja"
    book = excel.book(payload)
    voorstel = knop.voorstel_berekenen(book, gebruiker="Test Gebruiker", tijdstip=MOMENT)
    assert voorstel.bijstelling[10] == (0, 0, 0)


def test_a_broken_ruimte_cell_is_a_dutch_message_and_nothing_is_written(excel, workbook12):
    """'veel' as a maximum: the dispatcher shows the message naming the cell; no write."""
    payload = payload_from_workbook(workbook12)
    ruimte = next(s for s in payload["sheets"] if s["name"] == RUIMTE_SHEET)
    ruimte["values"][RUIMTE_LAYOUT.first_row - 1][2] = "veel"
    book = excel.book(payload)
    knop.dispatch("voorstel_berekenen", book)
    assert action_funcs(book) == ["alert"]
    assert alert_text(book).startswith("Ruimte!C5 (Aa en Hunze, Max Asiel): 'veel' is geen aantal plaatsen.")


def test_voorstel_overnemen_asks_with_the_number_of_cells_and_changes_nothing_on_nee(excel, desktop_values, payload12):
    """'Nee' to the question with 9 + 9 cells: nothing written."""
    book = excel.book(payload12)
    knop.voorstel_berekenen(book, gebruiker="Test Gebruiker", tijdstip=MOMENT)
    first = len(book.json()["actions"])
    excel.answers.append("no")
    assert knop.voorstel_overnemen(book, gebruiker="Test Gebruiker", tijdstip=LATER) is None
    assert action_funcs(book)[first:] == ["alert"]
    question = actions(book, "alert")[-1]
    assert question["args"][0].startswith(
        "Voorstel overnemen: 9 cellen in het blok 'Voorstel voor bijstelling' en 9 cellen in 'Voorstel inbreng'"
    )
    assert question["args"][2] == "yes_no"


def test_voorstel_overnemen_writes_the_cells_then_change_tracking_flags_and_logs_them(excel, desktop_values, payload12):
    """After 'Ja': the changed cells in a few column writes, each flagged with a note and logged with the proposal as source."""
    book = excel.book(payload12)
    knop.voorstel_berekenen(book, gebruiker="Test Gebruiker", tijdstip=MOMENT)
    first = len(book.json()["actions"])
    excel.answers.append("yes")
    plan = knop.voorstel_overnemen(book, gebruiker="Test Gebruiker", tijdstip=LATER)
    assert plan is not None and set(plan.cellen) == OVERGENOMEN
    done = book.json()["actions"][first:]
    puzzel = sheet_index(book, "Puzzel")
    writes = [a for a in done if a["func"] == "setValues" and a["sheet_position"] == puzzel]
    written = {f"{chr(65 + a['start_column'] + c)}{a['start_row'] + 1 + r}"
               for a in writes for r, row in enumerate(a["values"]) for c, _ in enumerate(row)}
    assert OVERGENOMEN <= written
    assert len(writes) <= 12  # per column a run or two, whatever the number of gemeenten
    notes = [a for a in done if a["func"] == "addNote"]
    assert {a["args"][0].replace("$", "") for a in notes} == OVERGENOMEN
    assert all(a["args"][1].startswith(f"{NOTE_PREFIX} 27-11-2026 door Test Gebruiker") for a in notes)
    log = [a for a in done if a["func"] == "setValues" and a["sheet_position"] == sheet_index(book, LOG_SHEET)]
    assert len(log) == 1 and len(log[0]["values"]) == len(OVERGENOMEN)
    assert {row[7] for row in log[0]["values"]} == {OVERNAME_BRON}
    assert actions(book, "alert")[-1]["args"][0].startswith("Bijstellingen gemarkeerd: 18 cellen gemarkeerd")

    again = len(book.json()["actions"])
    knop.voorstel_overnemen(book, gebruiker="Test Gebruiker", tijdstip=LATER)
    assert action_funcs(book)[again:] == ["alert"]
    assert actions(book, "alert")[-1]["args"][0].startswith("De puzzel heeft het voorstel van werkblad Voorstel al")


def test_voorstel_overnemen_without_a_proposal_says_to_calculate_first(excel, payload12):
    """The built sheet Voorstel is empty: a Dutch message, no question, no write."""
    book = excel.book(payload12)
    knop.dispatch("voorstel_overnemen", book)
    assert action_funcs(book) == ["alert"]
    assert alert_text(book).startswith("Werkblad Voorstel bevat nog geen voorstel. Klik eerst op 'Voorstel berekenen'")


def test_a_text_cell_inside_a_run_is_never_rewritten(excel, desktop_values, workbook12):
    """'1.077' typed as text between two changed cells ends the run: Excel would read rewritten text its own way."""
    from xlpuzzel.excel.voorstel import _blokken
    from xlpuzzel.excel.werkmap import lees_puzzel

    book = excel.book(payload_from_workbook(workbook12, {"K8": "1.077"}))
    writes = _blokken(lees_puzzel(book), {"K7": 1, "K9": 2})
    assert writes == [{"K7": 1}, {"K9": 2}]
    assert _blokken(lees_puzzel(excel.book(payload_from_workbook(workbook12))), {"K7": 1, "K9": 2}) == [
        {"K7": 1, "K8": None, "K9": 2}
    ]


def test_a_shorter_proposal_clears_the_rows_of_the_longer_one_before(excel, desktop_values, workbook12):
    """Explanation lines of an earlier proposal below the new block are cleared; columns right of M stay staff's."""
    payload = payload_from_workbook(workbook12)
    sheet = next(s for s in payload["sheets"] if s["name"] == VOORSTEL_SHEET)
    while len(sheet["values"]) < 60:
        sheet["values"].append([""] * len(sheet["values"][0]))
    for row in sheet["values"]:
        row.extend([""] * (15 - len(row)))
    sheet["values"][59][0] = "Oek blijft 12 plaatsen onder de provinciale opgave"
    sheet["values"][59][14] = "eigen aantekening"
    book = excel.book(payload)
    knop.voorstel_berekenen(book, gebruiker="Test Gebruiker", tijdstip=MOMENT)
    (clear,) = actions(book, "rangeClearContents")
    assert (clear["start_row"], clear["start_column"], clear["row_count"], clear["column_count"]) == (0, 0, 60, 13)
    values = book.sheets[VOORSTEL_SHEET].range("A60:O60").value
    assert values[0] is None and values[14] == "eigen aantekening"


def test_texts_excel_would_read_as_a_formula_are_written_with_the_quote_prefix(excel, payload12):
    """'+176 Oek, -128 Asiel; …' and a gemeente name beginning with '=' stay text in Excel."""
    book = excel.book(payload12)
    knop.voorstel_berekenen(book, gebruiker="Test Gebruiker", tijdstip=MOMENT)
    block = actions(book, "setValues")[0]["values"]
    borger = block[VoorstelLayout(12).first_row - 1 + 2]
    assert borger[0] == "Borger-Odoorn"
    assert borger[-1] == "'+176 Oek, -128 Asiel; totaal 435 = opgave"
    texts = [v for row in block for v in row if isinstance(v, str)]
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@"))]
