"""The ribbon macros end to end against xlwings' remote engine, on a workbook the project built.

Each macro gets `book=` a remote-engine book made from the built workbook's values and
defined names (tests/remote_payload.py) and is judged by the actions it recorded
(`book.json()`): what was written where, and how many round trips that took. The counts
must not grow with the number of gemeenten (12 against a synthetic 51).

Two stand-ins for desktop Excel, where the remote protocol carries less: the status bar
(Office.js has none) is recorded, and a note's text and cell are read from the payload.
The user's answer to a yes/no question is scripted.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import met_testinstellingen
from lxml import etree
from remote_payload import (
    action_funcs,
    count_xlwings_calls,
    payload_from_workbook,
    synthetic_dataset,
    typed_on,
    use_remote_engine,
)

import xlpuzzel.excel as knop
from xlpuzzel.bijstelling import NOTE_PREFIX
from xlpuzzel.build import build_workbook
from xlpuzzel.build.xlwings_conf_sheet import SETTINGS, UDF_MODULE
from xlpuzzel.controle import controleer as controleer_puzzel
from xlpuzzel.dataset import Dataset
from xlpuzzel.excel.controleren import FOUT_KLEUR, KOPPEN, MARKEER_KLEUREN, WAARSCHUWING_KLEUR, controle_tabel
from xlpuzzel.excel.werkmap import lees_puzzel
from xlpuzzel.layout import (
    BIJGESTELD_COLOR,
    CONTROLE_SHEET,
    INPUT_COLOR,
    LOG_SHEET,
    XLWINGS_CONF_SHEET,
    PuzzelLayout,
)
from xlpuzzel.package import parts_from_bytes
from xlpuzzel.reader import read_workbook_parts
from xlpuzzel.resources import RIBBON_DIR, ROOT, VBA_DIR
from xlpuzzel.sheetdata import REQUIRED_NAMES

MOMENT = dt.datetime(2026, 11, 27, 14, 3, 5)
GEBRUIKER = "Test Gebruiker"
NOORDENVELD_ASIEL = "H14"  # 'ntb' in the table of 12-7-2024 (layout: row 5 + 9, column H)
#: The table of 12-7-2024 with its faults repaired, so the check finds nothing: the missing
#: inbreng, 'ntb' as 0, Emmen's 108.765 inwoners (the total and Emmen's Oek share both fit
#: 108.765, not the printed 106.765) and the Oek tasks of Borger-Odoorn and De Wolden, whose
#: Oek bijstelling then takes the extra place so they still reach their total task.
CLEAN = {"N7": 386, "P7": 50, "P10": 40, "P15": 28, "H14": 0, "B10": 108765, "C7": 296, "C9": 281,
         "K7": 139, "K9": 162, "N9": 383}


class Excel:
    """The remote engine plus what desktop Excel would show: status bar, answers, opened folders."""

    def __init__(self) -> None:
        self.status: list[object] = []
        self.answers: list[str] = []
        self.opened: list[Path] = []

    def book(self, payload: dict[str, Any]) -> Any:
        """A book from a copy of the payload (the engine edits its payload as the macro works)."""
        import copy

        import xlwings as xw

        return xw.Book(json=copy.deepcopy(payload))


@pytest.fixture
def excel(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Excel:
    """The remote engine under the noncommercial licence (this test only), with the stand-ins."""
    use_remote_engine(monkeypatch)
    monkeypatch.setenv("XLPUZZEL_LOG", str(tmp_path / "log" / "xlpuzzel.log"))
    from xlwings.pro import _xlremote

    state = Excel()
    original_alert = _xlremote.App.alert

    def alert(self: Any, *args: Any) -> str | None:
        original_alert(self, *args)
        return state.answers.pop(0) if state.answers else None

    monkeypatch.setattr(_xlremote.App, "alert", alert)
    monkeypatch.setattr(
        _xlremote.App, "status_bar", property(lambda self: False, lambda self, value: state.status.append(value))
    )
    text_setter = _xlremote.Note.text.fset
    monkeypatch.setattr(
        _xlremote.Note, "text", property(lambda self: (self._entry or {}).get("text", ""), text_setter)
    )
    monkeypatch.setattr(_xlremote.Note, "location", property(lambda self: self.range))
    monkeypatch.setattr("xlpuzzel.excel.documenten.open_map", state.opened.append)
    return state


@pytest.fixture
def desktop_formulas(excel: Excel, monkeypatch: pytest.MonkeyPatch) -> None:
    """Range.formula as desktop Excel gives it (text for one cell, rows of texts for more), from the payload."""
    from xlwings.pro import _xlremote

    def formula(self: Any) -> object:
        grid = tuple(tuple(row) for row in self.sheet.api["formulas"])
        rows = _xlremote.get_range_api(grid, self.arg1, self.arg2)
        return rows[0][0] if self.shape == (1, 1) else tuple(tuple(row) for row in rows)

    monkeypatch.setattr(_xlremote.Range, "formula", property(formula, _xlremote.Range.formula.fset))


@pytest.fixture(scope="module")
def workbook12(dataset: Dataset) -> bytes:
    """The shipped workbook after staff filled in the letter settings (made-up test values, conftest)."""
    return build_workbook(replace(dataset, meta=met_testinstellingen(dataset.meta)))


@pytest.fixture(scope="module")
def workbook51(dataset: Dataset) -> bytes:
    return build_workbook(synthetic_dataset(replace(dataset, meta=met_testinstellingen(dataset.meta)), 51))


@pytest.fixture(scope="module")
def payload12(workbook12: bytes) -> dict[str, Any]:
    return payload_from_workbook(workbook12)


@pytest.fixture(scope="module")
def payload51(workbook51: bytes) -> dict[str, Any]:
    return payload_from_workbook(workbook51)


def actions(book: Any, func: str | None = None) -> list[dict[str, Any]]:
    return [a for a in book.json()["actions"] if func is None or a["func"] == func]


def alert_text(book: Any) -> str:
    (alert,) = actions(book, "alert")
    return alert["args"][0]


def colours(action: dict[str, Any]) -> dict[str, str]:
    """Cell -> colour of a setRangeColors action (cells left as they were are not listed)."""
    from xlpuzzel.layout import index_to_letter

    out = {}
    for r, row in enumerate(action["args"][0]):
        for c, colour in enumerate(row):
            if colour != "keep":
                out[f"{index_to_letter(action['start_column'] + c + 1)}{action['start_row'] + r + 1}"] = colour
    return out


# ---------------------------------------------------------------------------- the ribbon


def test_every_ribbon_button_has_a_handler_and_every_handler_a_button():
    """Ribbon button ids (customUI14.xml) and dispatch's handlers are the same set."""
    tree = etree.parse(str(RIBBON_DIR / "customUI14.xml"))
    buttons = tree.findall(".//{http://schemas.microsoft.com/office/2009/07/customui}button")
    assert {b.get("id") for b in buttons} == set(knop.KNOPPEN)
    assert {b.get("onAction") for b in buttons} == {"PuzzelKnop"}
    assert all(callable(h) for h in knop.KNOPPEN.values())


def test_vba_button_macro_calls_dispatch_of_this_package():
    """PuzzelKnop runs `import xlpuzzel.excel as knop; knop.dispatch('<id>')`."""
    source = (VBA_DIR / "PuzzelRibbon.bas").read_text(encoding="utf-8")
    assert "import xlpuzzel.excel as knop; knop.dispatch('\" & control.Id & \"')" in source


def test_import_of_the_dispatcher_pulls_in_no_heavy_library():
    """`import xlpuzzel.excel` loads no pandas, openpyxl, docxtpl, jinja2 or xlwings of its own."""
    code = (
        "import sys, xlpuzzel.excel; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'pandas', 'openpyxl', 'docxtpl', 'docx', 'jinja2', 'numpy', 'xlwings', 'lxml'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


# ------------------------------------------------------------------------------ reading


def test_live_reader_sees_the_same_cells_as_the_file_reader(excel, workbook12, payload12):
    """Reading by defined name through xlwings gives every input cell the file reader gives, with its address."""
    live = lees_puzzel(excel.book(payload12))
    from_file = read_workbook_parts(parts_from_bytes(workbook12), "puzzel.xlsm").puzzel
    assert live.gemeenten == from_file.gemeenten
    for cid in ("inwoners", "eerste_asiel", "bijstelling_asiel", "inbreng_amv"):
        assert [(e.cell, e.raw) for e in live.columns[cid]] == [(e.cell, e.raw) for e in from_file.columns[cid]]
    assert live.entry("eerste_asiel", 9).cell == NOORDENVELD_ASIEL


def test_reading_costs_no_actions(excel, payload12):
    """Reading the puzzel records nothing: reads are not writes."""
    book = excel.book(payload12)
    lees_puzzel(book)
    assert actions(book) == []


def test_reading_the_puzzel_costs_two_calls_per_name_whatever_the_number_of_gemeenten(
    excel, desktop_formulas, payload12, payload51, monkeypatch
):
    """Per defined name a lookup and its reference; sheet Puzzel is read once (values, formulas) for all names."""
    calls = count_xlwings_calls(monkeypatch.setattr)
    counts = []
    for payload in (payload12, payload51):
        book = excel.book(payload)
        calls.clear()
        lees_puzzel(book)
        counts.append(dict(calls))
    assert counts[0] == counts[1]
    n = len(REQUIRED_NAMES)
    assert counts[0] == {
        "Book.names": 1, "Names.__getitem__": n, "Name.refers_to": n,
        "Book.sheets": 1, "Sheets.__getitem__": 1, "Sheet.range": 1, "Range.value": 1, "Range.formula": 1,
    }
    assert sum(counts[0].values()) == 2 * n + 6 < 5 * n


def test_live_reader_takes_each_names_formulas_from_the_one_block(excel, desktop_formulas, workbook12, payload12):
    """Where the engine reads formulas (desktop Excel), every entry gets its own cell's formula, as in the file."""
    live = lees_puzzel(excel.book(payload12))
    from_file = read_workbook_parts(parts_from_bytes(workbook12), "puzzel.xlsm").puzzel

    def formulas(p: Any) -> list[tuple[str, str | None]]:
        entries = [e for col in p.columns.values() for e in col]
        entries += [*p.totaal.values(), *p.verschil.values(), *p.landelijk.values()]
        return [(e.cell, e.formula) for e in entries]

    assert formulas(live) == formulas(from_file)
    assert live.totaal["eerste_asiel"].formula == "=SUM(H5:H16)"
    assert live.entry("eerste_oek_asiel", 0).formula == "=SUM(G5:I5)"


def test_live_reader_without_formulas_on_the_engine_reads_values_only(excel, payload12):
    """The remote engine cannot read formulas: the puzzel is read all the same, without formula text."""
    live = lees_puzzel(excel.book(payload12))
    assert all(e.formula is None for col in live.columns.values() for e in col)
    assert live.totaal["eerste_asiel"].formula is None
    assert live.totaal["eerste_asiel"].raw == sum(e.amount or 0 for e in live.columns["eerste_asiel"])


def test_a_name_pointing_to_ref_gets_the_dutch_message_and_no_read(excel, payload12, monkeypatch):
    """A name to a deleted cell (#REF!) is reported by name, as before; nothing is read for it."""
    payload = _repointed(payload12, "totaal_inbreng_amv", "=Puzzel!#REF!", None, None)
    calls = count_xlwings_calls(monkeypatch.setattr)
    book = excel.book(payload)
    assert knop.dispatch("controleer", book) is None
    assert "totaal_inbreng_amv verwijst naar een verwijderde cel (#REF!)" in alert_text(book)
    assert calls["Name.refers_to_range"] == 0 and calls["Range.value"] == 1


def test_a_name_on_another_sheet_is_read_from_that_sheet(excel, payload12, monkeypatch):
    """A name moved to another sheet is read there, on its own, and its entries name that sheet."""
    first, last = PuzzelLayout(12).first_row, PuzzelLayout(12).last_row
    rows: list[list[object]] = [[""] * 2 for _ in range(last)]
    for i, row in enumerate(range(first, last + 1)):
        rows[row - 1][1] = 1000 + i
    payload = _with_sheet(payload12, "Kopie", rows)
    payload = _repointed(payload, "inwoners", f"=Kopie!$B${first}:$B${last}", _sheet_index(payload, "Kopie"),
                       f"B{first}:B{last}")
    calls = count_xlwings_calls(monkeypatch.setattr)
    live = lees_puzzel(excel.book(payload))
    assert [(e.sheet, e.cell, e.raw) for e in live.columns["inwoners"]][:2] == [
        ("Kopie", f"B{first}", 1000), ("Kopie", f"B{first + 1}", 1001),
    ]
    assert live.columns["opgave_oek"][0].sheet == "Puzzel"
    assert calls["Name.refers_to_range"] == 1 and calls["Range.value"] == 2


def test_a_name_stretched_far_down_is_read_name_by_name_not_as_one_huge_block(excel, payload12, monkeypatch):
    """A name to row 20000 would make the block mostly empty: each name is read on its own, the message is as before."""
    payload = _repointed(payload12, "totaal_inbreng_amv", "=Puzzel!$P$17:$P$20000", 0, "P17:P20000")
    calls = count_xlwings_calls(monkeypatch.setattr)
    book = excel.book(payload)
    knop.dispatch("controleer", book)
    assert "Benoemde bereiken hebben de verkeerde vorm (niet één cel: totaal_inbreng_amv)" in alert_text(book)
    assert calls["Name.refers_to_range"] == calls["Range.value"] == len(REQUIRED_NAMES)


# ---------------------------------------------------------------------------- controleer


def test_controleer_lists_every_finding_on_a_new_sheet_controle_in_one_write(excel, payload12):
    """The findings of the core's check, header first, land on a new sheet Controle in one setValues."""
    book = excel.book(payload12)
    found = knop.controleer(book)
    assert action_funcs(book) == ["addSheet", "activateSheet", "setValues", "setRangeColors", "alert"]
    assert actions(book, "addSheet")[0]["args"][1] == CONTROLE_SHEET
    assert actions(book, "activateSheet")[0]["args"] == [0]  # back on sheet Puzzel
    (write,) = actions(book, "setValues")
    assert write["values"][0] == list(KOPPEN)
    assert len(write["values"]) == 1 + len(found)
    assert write["values"] == [["" if v is None else v for v in row] for row in controle_tabel(found)]
    assert found == controleer_puzzel(lees_puzzel(excel.book(payload12)))


def test_controleer_marks_fouten_red_and_waarschuwingen_yellow(excel, payload12):
    """A cell with a fout gets the red fill, one with only a waarschuwing the yellow one."""
    book = excel.book(payload12)
    found = knop.controleer(book)
    marked = colours(actions(book, "setRangeColors")[0])
    fouten = {b.cel for b in found if b.ernst == "fout" and b.cel}
    waarschuwingen = {b.cel for b in found if b.ernst == "waarschuwing" and b.cel} - fouten
    assert {c for c, v in marked.items() if v == FOUT_KLEUR.lower()} == fouten
    assert {c for c, v in marked.items() if v == WAARSCHUWING_KLEUR.lower()} == waarschuwingen
    assert marked[NOORDENVELD_ASIEL] == WAARSCHUWING_KLEUR.lower()


def test_controleer_reports_the_counts_in_status_bar_and_message_box(excel, payload12):
    """Status bar and message box give the counts in Dutch; a fout makes the box critical."""
    book = excel.book(payload12)
    knop.controleer(book)
    assert excel.status[-1] == f"Controle: 6 fouten, 3 waarschuwingen, 0 meldingen. Zie werkblad {CONTROLE_SHEET}."
    (alert,) = actions(book, "alert")
    assert alert["args"][0].startswith("Controle klaar: 6 fouten, 3 waarschuwingen, 0 meldingen.")
    assert "werkblad Controle" in alert["args"][0]
    assert alert["args"][1:4] == ["Drentse Puzzel", "ok", "critical"]


def test_controleer_on_a_clean_table_says_so_and_colours_nothing(excel, workbook12):
    """Without findings: one row 'Geen bevindingen', no fill, an info box."""
    book = excel.book(payload_from_workbook(workbook12, CLEAN))
    assert knop.controleer(book) == ()
    assert action_funcs(book) == ["addSheet", "activateSheet", "setValues", "alert"]
    assert actions(book, "setValues")[0]["values"][1][7].startswith("Geen bevindingen")
    assert actions(book, "alert")[0]["args"][3] == "info"


def test_controleer_gives_cells_marked_last_time_their_normal_fill_back(excel, payload12):
    """A cell listed on the old sheet Controle but fine now gets the input fill again, the old list is cleared."""
    old = [list(KOPPEN), ["fout", "Puzzel", "C5", "Aa en Hunze", "Opgave Oek", 1, 2, "oud", "x"]]
    payload = _with_sheet(payload12, CONTROLE_SHEET, old)
    book = excel.book(payload)
    knop.controleer(book)
    assert action_funcs(book) == ["sheetClearContents", "setValues", "setRangeColors", "alert"]
    marked = colours(actions(book, "setRangeColors")[0])
    assert marked["C5"] == f"#{INPUT_COLOR}".lower()


def test_controleer_gives_a_bijgesteld_cell_its_bijgesteld_fill_back(excel, workbook12):
    """A formerly marked input cell that differs from sheet Basis gets the bijgesteld colour, not the input one."""
    old = [list(KOPPEN), ["fout", "Puzzel", "G5", "Aa en Hunze", "Eerste voorstel Oek", 1, 2, "oud", "x"]]
    payload = _with_sheet(payload_from_workbook(workbook12, {"G5": 421, "M5": 421}), CONTROLE_SHEET, old)
    book = excel.book(payload)
    knop.controleer(book)
    marked = colours(actions(book, "setRangeColors")[0])
    assert marked["G5"] == f"#{BIJGESTELD_COLOR}".lower()


def _colours_per_sheet(book: Any) -> dict[str, dict[str, str]]:
    """Sheet name -> cell -> colour of the book's setRangeColors actions (positions as the sheets stand now)."""
    names = [sheet.name for sheet in book.sheets]
    return {names[a["sheet_position"]]: colours(a) for a in actions(book, "setRangeColors")}


def _landelijk_en_prognose_cellen() -> tuple[str, str, str]:
    """Drenthe's OEK delta (5.722 - 4.425 = 1.297), the first year's taakstelling, the first province card's start."""
    from xlpuzzel.landelijk.layout import (
        KAART_VELD,
        KAARTEN,
        LRT_KOLOM_BY_ID,
        LandelijkLayout,
        Niveau,
        PrognoseLayout,
    )

    landelijk, prognose = LandelijkLayout(12), PrognoseLayout(12)
    delta = landelijk.cell("lrt_oek_delta", landelijk.first_row)
    assert LRT_KOLOM_BY_ID["lrt_oek_delta"].letter == delta[0]
    taak = prognose.cell("prognose_taakstelling", prognose.first_row)
    start = landelijk.kaart_cell("start", KAARTEN.index((Niveau.PROVINCIE, "oek")))
    assert start.startswith(KAART_VELD["start"].letter)
    return delta, taak, start


def test_controleer_checks_landelijk_and_prognose_as_puzzel_controleer_does(excel, workbook12, payload12,
                                                                           desktop_formulas, tmp_path, capsys):
    """One use case on both fronts: a wrong delta on sheet Landelijk and text over a taakstelling on Prognose give
    the ribbon the same findings as `puzzel controleer --json` on the file, finding for finding."""
    import json

    from conftest import type_value

    from xlpuzzel.cli import main
    from xlpuzzel.package import package_bytes

    delta, taak, _ = _landelijk_en_prognose_cellen()
    book = excel.book(typed_on(typed_on(payload12, "Landelijk", {delta: 1300}), "Prognose", {taak: "veel"}))
    found = knop.controleer(book)
    parts = parts_from_bytes(workbook12)
    type_value(parts, delta, 1300, sheet="Landelijk")
    type_value(parts, taak, "veel", sheet="Prognose")
    path = tmp_path / "puzzel.xlsm"
    path.write_bytes(package_bytes(parts))
    assert main(["controleer", str(path), "--json"]) == 1
    assert [b.to_dict() for b in found] == json.loads(capsys.readouterr().out)["bevindingen"]
    assert {(b.blad, b.cel) for b in found if b.blad != "Puzzel"} == {("Landelijk", delta), ("Prognose", taak)}


def test_controleer_lists_landelijk_and_prognose_findings_and_colours_them_on_their_own_sheet(excel, payload12,
                                                                                             desktop_formulas):
    """Sheet Controle names sheet and cell; the red fill goes to that cell on sheet Landelijk (Prognose), one
    set_colors per sheet, and the message box counts the coloured cells per sheet."""
    delta, taak, _ = _landelijk_en_prognose_cellen()
    payload = typed_on(typed_on(payload12, "Landelijk", {delta: 1300}), "Prognose", {taak: "veel"})
    book = excel.book(payload)
    found = knop.controleer(book)
    (write,) = actions(book, "setValues")
    rows = {(row[1], row[2]): row for row in write["values"][1:]}
    assert rows[("Landelijk", delta)][0] == "fout" and "1.300 klopt niet" in rows[("Landelijk", delta)][7]
    assert ("Prognose", taak) in rows
    per_sheet = _colours_per_sheet(book)
    assert per_sheet["Landelijk"] == {delta: FOUT_KLEUR.lower()}
    ernst = next(b.ernst for b in found if b.cel == taak)
    assert per_sheet["Prognose"] == {taak: MARKEER_KLEUREN[ernst].lower()}
    assert "op werkblad Landelijk" in alert_text(book) and "1 cel op werkblad Prognose" in alert_text(book)


def test_controleer_gives_landelijk_and_prognose_cells_marked_last_time_their_own_fill_back(excel, payload12):
    """Fixed since the last check: the delta (a formula) loses its fill, a province card's start gets the input
    yellow back, a taakstelling the input yellow."""
    delta, taak, start = _landelijk_en_prognose_cellen()
    old = [list(KOPPEN), ["fout", "Landelijk", delta, "Drenthe", "OEK delta", 1300, 1297, "oud", "x"],
           ["fout", "Landelijk", start, "", "", "", "", "oud", "x"],
           ["fout", "Prognose", taak, "", "", "veel", "", "oud", "x"]]
    payload = _with_sheet(typed_on(payload12, "Landelijk", {}), CONTROLE_SHEET, old)
    book = excel.book(payload)
    knop.controleer(book)
    per_sheet = _colours_per_sheet(book)
    assert per_sheet["Landelijk"] == {delta: None, start: f"#{INPUT_COLOR}".lower()}
    assert per_sheet["Prognose"] == {taak: f"#{INPUT_COLOR}".lower()}


# ------------------------------------------------------------------- bijstellingen


def test_markeer_bijstellingen_flags_a_changed_cell_with_fill_bold_note_and_log_row(excel, workbook12, payload12):
    """Changing Noordenveld's 'ntb' to 150 flags H14 and appends one log row under the last one."""
    book = excel.book(payload_from_workbook(workbook12, {NOORDENVELD_ASIEL: 150}))
    plan = knop.markeer_bijstellingen(book, gebruiker=GEBRUIKER, tijdstip=MOMENT)
    assert [m.cel for m in plan.markeren] == [NOORDENVELD_ASIEL]
    assert action_funcs(book) == [
        "setValues", "setNumberFormat", "setRangeColors", "setFontProperty", "addNote", "alert",
    ]
    log_write, = actions(book, "setValues")
    assert log_write["sheet_position"] == _sheet_index(payload12, LOG_SHEET)
    assert log_write["start_row"] == 2  # row 3: under the header and the shipped baseline row
    assert log_write["values"][0][:8] == [
        "2026-11-27 14:03:05", GEBRUIKER, "Noordenveld", "Eerste voorstel Asiel", NOORDENVELD_ASIEL,
        "ntb", 150, "telefonisch contact gemeente",
    ]
    assert colours(actions(book, "setRangeColors")[0]) == {NOORDENVELD_ASIEL: f"#{BIJGESTELD_COLOR}".lower()}
    assert actions(book, "setFontProperty")[0]["args"] == ["bold", True]
    assert actions(book, "addNote")[0]["args"] == [
        f"${NOORDENVELD_ASIEL[0]}${NOORDENVELD_ASIEL[1:]}",
        f"{NOTE_PREFIX} 27-11-2026 door {GEBRUIKER}: was ntb, nu 150.",
    ]
    assert alert_text(book).startswith("Bijstellingen gemarkeerd: 1 cel gemarkeerd, 0 markeringen weggehaald, 1 regel")


def test_markeer_bijstellingen_keeps_the_users_own_note_text(excel, workbook12):
    """A user's note on the changed cell stays under the tool's line."""
    notes = {"Puzzel": {NOORDENVELD_ASIEL: "Gebeld met de wethouder"}}
    book = excel.book(payload_from_workbook(workbook12, {NOORDENVELD_ASIEL: 150}, notes))
    knop.markeer_bijstellingen(book, gebruiker=GEBRUIKER, tijdstip=MOMENT)
    (note,) = actions(book, "setNoteText")
    assert note["args"][1] == f"{NOTE_PREFIX} 27-11-2026 door {GEBRUIKER}: was ntb, nu 150.\nGebeld met de wethouder"
    assert actions(book, "addNote") == []


def test_markeer_bijstellingen_unflags_a_cell_that_equals_the_basis_again(excel, workbook12):
    """A flagged cell back at its baseline value loses the tool's note, the bold font and the bijgesteld fill."""
    note = f"{NOTE_PREFIX} 20-11-2026 door iemand: was ntb, nu 150."
    payload = payload_from_workbook(workbook12, notes={"Puzzel": {NOORDENVELD_ASIEL: note}})
    book = excel.book(payload)
    plan = knop.markeer_bijstellingen(book, gebruiker=GEBRUIKER, tijdstip=MOMENT)
    assert [o.cel for o in plan.ontmarkeren] == [NOORDENVELD_ASIEL]
    assert action_funcs(book) == ["setRangeColors", "setFontProperty", "deleteNote", "alert"]
    assert colours(actions(book, "setRangeColors")[0]) == {NOORDENVELD_ASIEL: f"#{INPUT_COLOR}".lower()}
    assert actions(book, "setFontProperty")[0]["args"] == ["bold", False]


def test_markeer_bijstellingen_without_changes_only_says_so(excel, payload12):
    """Nothing changed since the basis: no write at all, one message."""
    book = excel.book(payload12)
    plan = knop.markeer_bijstellingen(book, gebruiker=GEBRUIKER, tijdstip=MOMENT)
    assert plan.leeg
    assert action_funcs(book) == ["alert"]
    assert alert_text(book).startswith("Geen nieuwe bijstellingen")


def test_leg_basis_vast_asks_first_and_changes_nothing_on_nee(excel, workbook12):
    """'Basis vastleggen' asks yes/no; 'Nee' writes nothing."""
    excel.answers.append("no")
    book = excel.book(payload_from_workbook(workbook12, {NOORDENVELD_ASIEL: 150}))
    assert knop.leg_basis_vast(book, gebruiker=GEBRUIKER, tijdstip=MOMENT) is None
    assert action_funcs(book) == ["alert"]
    assert actions(book, "alert")[0]["args"][2] == "yes_no"
    assert excel.status[-1] == "Basis vastleggen: geannuleerd, er is niets gewijzigd."


def test_leg_basis_vast_on_ja_logs_first_then_writes_basis_and_removes_flags(excel, workbook12):
    """'Ja': the unlogged change and the marker row are logged, Basis is rewritten in one block, the flag goes."""
    note = f"{NOTE_PREFIX} 20-11-2026 door iemand: was ntb, nu 150."
    payload = payload_from_workbook(workbook12, {NOORDENVELD_ASIEL: 150}, {"Puzzel": {NOORDENVELD_ASIEL: note}})
    excel.answers.append("yes")
    book = excel.book(payload)
    plan = knop.leg_basis_vast(book, gebruiker=GEBRUIKER, tijdstip=MOMENT)
    assert plan is not None and plan.basis.cel("Noordenveld", "eerste_asiel").waarde == 150
    assert action_funcs(book) == [
        "alert", "setValues", "setNumberFormat", "sheetClearContents", "setValues",
        "setRangeColors", "setFontProperty", "deleteNote", "alert",
    ]
    log_write, basis_write = actions(book, "setValues")
    assert [row[3] for row in log_write["values"]] == ["Eerste voorstel Asiel", "basis vastgelegd"]
    assert basis_write["sheet_position"] == _sheet_index(payload, "Basis")
    assert ["Noordenveld", 14] == basis_write["values"][6 + 9][:2]
    assert 150 in basis_write["values"][6 + 9]


def test_leg_basis_vast_repairs_an_unreadable_basis_and_says_so(excel, workbook12):
    """A Basis without its date is replaced anyway (that is its repair), with a remark in the message."""
    payload = payload_from_workbook(workbook12)
    basis = next(s for s in payload["sheets"] if s["name"] == "Basis")
    basis["values"][1][1] = ""  # 'gezet op'
    excel.answers.append("yes")
    book = excel.book(payload)
    assert knop.leg_basis_vast(book, gebruiker=GEBRUIKER, tijdstip=MOMENT) is not None
    assert "sheetClearContents" in action_funcs(book)
    assert "De basis op werkblad Basis is onbruikbaar (Werkblad 'Basis' cel B2: de datum" in actions(book, "alert")[-1]["args"][0]


def test_a_second_click_after_basis_and_markeer_adds_nothing(excel, workbook12):
    """The ribbon's own Basis and log rows pass the log check on the next click, which then has nothing to add."""
    changed = {NOORDENVELD_ASIEL: 150, "G5": 400}
    excel.answers.append("yes")
    first = excel.book(payload_from_workbook(workbook12, {NOORDENVELD_ASIEL: 150}))
    knop.leg_basis_vast(first, gebruiker=GEBRUIKER, tijdstip=MOMENT)
    log_rows, basis_rows = (a["values"] for a in actions(first, "setValues"))
    second = excel.book(_after(payload_from_workbook(workbook12, changed), log_rows, basis_rows))
    later = MOMENT + dt.timedelta(hours=1)
    knop.markeer_bijstellingen(second, gebruiker=GEBRUIKER, tijdstip=later)
    assert alert_text(second).startswith("Bijstellingen gemarkeerd: 1 cel gemarkeerd")
    notes = {a["args"][0].replace("$", ""): a["args"][1] for a in actions(second, "addNote")}
    third = excel.book(_after(payload_from_workbook(workbook12, changed, {"Puzzel": notes}),
                              log_rows + actions(second, "setValues")[0]["values"], basis_rows))
    knop.markeer_bijstellingen(third, gebruiker=GEBRUIKER, tijdstip=later + dt.timedelta(hours=1))
    assert action_funcs(third) == ["alert"]
    assert alert_text(third).startswith("Geen nieuwe bijstellingen")


def test_a_click_on_a_pc_whose_clock_is_behind_the_log_dates_its_rows_after_the_log(excel, workbook12):
    """As the CLI: new log rows never come before the log's last row, so history keeps its order."""
    excel.answers.append("yes")
    first = excel.book(payload_from_workbook(workbook12, {NOORDENVELD_ASIEL: 150}))
    knop.leg_basis_vast(first, gebruiker=GEBRUIKER, tijdstip=MOMENT)
    log_rows, basis_rows = (a["values"] for a in actions(first, "setValues"))
    second = excel.book(_after(payload_from_workbook(workbook12, {NOORDENVELD_ASIEL: 150, "G5": 400}),
                               log_rows, basis_rows))
    behind = MOMENT - dt.timedelta(days=1)
    plan = knop.markeer_bijstellingen(second, gebruiker=GEBRUIKER, tijdstip=behind)
    assert [r.tijdstip for r in plan.logregels] == [MOMENT + dt.timedelta(seconds=1)]


def test_markeer_bijstellingen_without_wijzigingslog_says_the_sheet_is_missing(excel, workbook12):
    """No log: the message names the missing sheet and the way back, not 'the log's columns are wrong'."""
    book = excel.book(_without_sheet(payload_from_workbook(workbook12, {NOORDENVELD_ASIEL: 150}), LOG_SHEET))
    assert knop.dispatch("markeer_bijstellingen", book) is None
    text = alert_text(book)
    assert text.startswith(f"Het werkblad '{LOG_SHEET}' ontbreekt")
    assert "'Basis vastleggen'" in text and "kolommen kloppen niet" not in text
    assert action_funcs(book) == ["alert"]


def test_leg_basis_vast_makes_a_missing_wijzigingslog_anew_and_says_so(excel, workbook12):
    """As `puzzel basis --ja`: the log is made again with its header, the pending change and the marker row."""
    excel.answers.append("yes")
    book = excel.book(_without_sheet(payload_from_workbook(workbook12, {NOORDENVELD_ASIEL: 150}), LOG_SHEET))
    plan = knop.dispatch("leg_basis_vast", book)
    assert plan is not None
    assert actions(book, "addSheet")[0]["args"][1] == LOG_SHEET
    log_write = actions(book, "setValues")[0]
    assert log_write["start_row"] == 0 and log_write["values"][0][0] == "Datum-tijd"
    assert [row[3] for row in log_write["values"][1:]] == ["Eerste voorstel Asiel", "basis vastgelegd"]
    assert f"Werkblad {LOG_SHEET} ontbreekt en wordt opnieuw gemaakt" in actions(book, "alert")[-1]["args"][0]


def test_markeer_bijstellingen_refuses_a_log_that_does_not_fit_the_basis(excel, workbook12):
    """As `puzzel bijstellingen`: a hand-made log row whose 'oud' is not the basis stops the click; nothing is logged."""
    payload = payload_from_workbook(workbook12, {NOORDENVELD_ASIEL: 150})
    log = next(sheet for sheet in payload["sheets"] if sheet["name"] == LOG_SHEET)
    width = len(log["values"][0])
    log["values"].append(
        ["2024-07-20T00:00:00.000Z", "iemand", "Emmen", "Eerste voorstel Oek", "G10", 1, 2, "gebeld", ""]
        + [""] * (width - 9)
    )
    book = excel.book(payload)
    assert knop.dispatch("markeer_bijstellingen", book) is None
    assert action_funcs(book) == ["alert"]
    assert "rij 3 (Emmen, Eerste voorstel Oek): de oude waarde 1 sluit niet aan op de basis" in alert_text(book)


def test_ribbon_messages_advise_the_button_not_the_command(excel, workbook12):
    """A repair the core words as `puzzel basis --ja` reads 'de knop Basis vastleggen' at the ribbon."""
    payload = payload_from_workbook(workbook12, {NOORDENVELD_ASIEL: 150})
    basis = next(sheet for sheet in payload["sheets"] if sheet["name"] == "Basis")
    basis["values"][1][1] = ""  # 'gezet op'
    book = excel.book(payload)
    knop.dispatch("markeer_bijstellingen", book)
    text = alert_text(book)
    assert "leg een nieuwe basis vast met de knop 'Basis vastleggen'" in text
    assert "puzzel basis" not in text


# ------------------------------------------------------------------------- documents


def test_brieven_asks_about_concept_writes_a_letter_per_gemeente_and_opens_the_folder(excel, payload12, tmp_path):
    """With fouten in the table: 'Ja' makes concept letters, with progress in the status bar, then opens the folder."""
    excel.answers.append("yes")
    book = excel.book(payload12)
    result = knop.brieven(book, uit_map=tmp_path / "uit")
    assert result is not None and result.concept
    assert len(result.documenten) == 12
    assert all(p.exists() for p in result.documenten)
    assert excel.opened == [result.map]
    progress = [s for s in excel.status if isinstance(s, str) and s.startswith("Brieven maken:")]
    assert 1 <= len(progress) <= 12 and progress[-1].startswith("Brieven maken: 12 van 12")
    assert action_funcs(book) == ["alert", "alert"]
    assert actions(book, "alert")[0]["args"][2] == "yes_no"
    assert "als CONCEPT" in actions(book, "alert")[1]["args"][0]


def test_brieven_reads_sheet_adressen_and_asks_nothing_when_all_is_in_order(excel, opgeloste_werkmap, tmp_path):
    """Figures that close and an address for every college: letters without a question, each to its address."""
    from docx import Document

    book = excel.book(payload_from_workbook(opgeloste_werkmap.read_bytes()))
    result = knop.brieven(book, uit_map=tmp_path / "uit")
    assert result is not None and not result.concept and len(result.documenten) == 12
    assert action_funcs(book) == ["alert"]
    address = Document(str(result.documenten[2])).tables[0].rows[0].cells[0].text
    assert "Testadres 3" in address and "9999 XX  TESTSTAD" in address


def test_brieven_names_the_missing_addresses_in_its_question(excel, payload12, tmp_path):
    """The shipped workbook: the question lists the figure errors and the colleges without an address."""
    excel.answers.append("no")
    book = excel.book(payload12)
    assert knop.brieven(book, uit_map=tmp_path / "uit") is None
    question = actions(book, "alert")[0]["args"][0]
    assert question.startswith("De cijfers sluiten niet (6 fouten):")
    assert "Het postadres ontbreekt voor 12 gemeenten:" in question and "blad Adressen" in question


def test_brieven_button_replaces_the_set_and_says_what_moved_to_vorige(excel, payload12, tmp_path):
    """A second click into the same folder: one state (an older letter goes to vorige/), the message says where and how many."""
    excel.answers.append("yes")
    first = knop.brieven(excel.book(payload12), uit_map=tmp_path / "uit")
    assert first is not None
    (first.map / "13-Oude-gemeente.docx").write_bytes(b"brief van een gemeente die niet meer in de tabel staat")
    excel.answers.append("yes")
    book = excel.book(payload12)
    second = knop.brieven(book, uit_map=tmp_path / "uit")
    assert second is not None and [p.name for p in second.vorige] == ["13-Oude-gemeente.docx"]
    assert not (first.map / "13-Oude-gemeente.docx").exists()
    text = actions(book, "alert")[-1]["args"][0]
    assert f"12 brieven geschreven in {second.map}" in text
    assert "1 bestand van een eerdere keer is verplaatst naar de submap vorige" in text


def test_brieven_without_the_settings_no_source_gives_names_them_before_asking_anything(excel, dataset, tmp_path):
    """The shipped workbook as built: 'Brieven maken' names kenmerk and besluit_uiterlijk, asks nothing, writes nothing."""
    book = excel.book(payload_from_workbook(build_workbook(dataset)))
    assert knop.dispatch("brieven", book) is None
    (alert,) = actions(book, "alert")
    assert alert["args"][2] == "ok"  # a message, no question
    assert all(f"Instelling '{k}' op blad Instellingen is leeg" in alert["args"][0] for k in ("kenmerk", "besluit_uiterlijk"))
    assert not (tmp_path / "uit").exists()


def test_message_boxes_carry_the_puzzels_name_once_the_click_read_the_settings(excel, payload12):
    """'Over' reads no settings: title 'Puzzel'; Controleren (which reads them) gives the tab's 'Drentse Puzzel'."""
    book = excel.book(payload12)
    knop.over(book)
    assert actions(book, "alert")[-1]["args"][1] == "Puzzel"
    book = excel.book(payload12)
    knop.controleer(book)
    assert actions(book, "alert")[-1]["args"][1] == "Drentse Puzzel"


def test_brieven_on_nee_makes_nothing(excel, payload12, tmp_path):
    """'Nee' to a concept: no file, no folder opened."""
    excel.answers.append("no")
    book = excel.book(payload12)
    assert knop.brieven(book, uit_map=tmp_path / "uit") is None
    assert not (tmp_path / "uit").exists()
    assert excel.opened == []


def test_memo_writes_the_memo_and_opens_its_folder(excel, payload12, tmp_path):
    """The memo is one Word document in Memo/<datum_memo>."""
    excel.answers.append("yes")
    book = excel.book(payload12)
    result = knop.memo(book, uit_map=tmp_path / "uit")
    assert result is not None and [p.suffix for p in result.documenten] == [".docx"]
    assert result.map.parent == tmp_path / "uit"
    assert excel.opened == [result.map]


def test_documents_read_sheet_instellingen_when_its_defined_name_is_gone(excel, payload12, tmp_path):
    """Without the name `instellingen` the settings come from the sheet itself, as the file reader does."""
    payload = dict(payload12, names=[n for n in payload12["names"] if n["name"] != "instellingen"])
    excel.answers.append("yes")
    book = excel.book(payload)
    result = knop.memo(book, uit_map=tmp_path / "uit")
    assert result is not None and result.documenten
    assert "ontbreekt op blad Instellingen" not in actions(book, "alert")[-1]["args"][0]


# ------------------------------------------------------------------------------ hulp


def test_functies_importeren_hands_the_udf_module_to_xlwings(excel, payload12):
    """The button imports the module named in xlwings.conf through xlwings' import_udfs."""
    calls = []
    book = excel.book(payload12)
    modules = knop.functies_importeren(book, importeer=lambda m, b: calls.append((m, b)))
    assert calls == [(UDF_MODULE, book)]
    assert modules == UDF_MODULE
    assert "PUZZEL_PERCENTAGE" in alert_text(book) and "PUZZEL_SCHEMA" in alert_text(book)


def test_functies_importeren_explains_the_trust_center_setting(excel, payload12, monkeypatch):
    """Excel refusing VBA project access becomes the Dutch path to the setting."""

    def refuse(modules: str, book: Any) -> None:
        raise RuntimeError("Programmatic access to Visual Basic Project is not trusted")

    monkeypatch.setattr("xlpuzzel.excel.hulp._xlwings_import", refuse)
    book = excel.book(payload12)
    knop.dispatch("functies_importeren", book)
    text = alert_text(book)
    assert "'Toegang tot het VBA-projectobjectmodel vertrouwen' (Engels: 'Trust access to the VBA project" in text
    assert actions(book, "alert")[0]["args"][3] == "critical"


def test_functies_importeren_names_a_udf_module_python_cannot_find(excel, payload12, monkeypatch):
    """'UDF Modules' naming a module that is not installed is said so, not blamed on Windows."""

    def missing(modules: str, book: Any) -> None:
        raise ModuleNotFoundError("No module named 'udfs'", name="udfs")

    monkeypatch.setattr("xlpuzzel.excel.hulp._xlwings_import", missing)
    book = excel.book(payload12)
    knop.dispatch("functies_importeren", book)
    text = alert_text(book)
    assert text.startswith(f"De module met de functies ('{UDF_MODULE}', instelling 'UDF Modules'")
    assert "alleen in Excel voor Windows" not in text


def test_functies_importeren_off_windows_says_it_needs_excel_for_windows(excel, payload12):
    """Without pywin32 (here: Linux) the button explains instead of failing."""
    book = excel.book(payload12)
    knop.dispatch("functies_importeren", book)
    assert "alleen in Excel voor Windows" in alert_text(book)


def test_over_shows_versions_and_where_the_log_is(excel, payload12, tmp_path):
    """'Over' names xlpuzzel's and xlwings' versions, the Python and the log file."""
    import xlwings

    from xlpuzzel import __version__

    book = excel.book(payload12)
    knop.over(book)
    text = alert_text(book)
    assert f"xlpuzzel {__version__}" in text and f"xlwings {xlwings.__version__}" in text
    assert str(tmp_path / "log" / "xlpuzzel.log") in text
    assert sys.executable in text


# -------------------------------------------------------------------------- dispatch


def test_dispatch_turns_a_users_problem_into_a_dutch_message(excel, payload12):
    """A workbook without its defined names gives the reader's Dutch message, critical, no traceback."""
    payload = dict(payload12, names=[])
    book = excel.book(payload)
    assert knop.dispatch("controleer", book) is None
    text = alert_text(book)
    assert text.startswith("De werkmap mist de benoemde bereiken: gemeenten, inwoners")
    assert "Traceback" not in text


def test_dispatch_logs_an_unexpected_error_and_names_the_log(excel, payload12, monkeypatch, tmp_path):
    """A bug shows a Dutch message naming the log; the traceback goes to the log."""

    def broken(book: Any) -> None:
        raise RuntimeError("kapot")

    monkeypatch.setitem(knop.KNOPPEN, "markeer_bijstellingen", broken)
    book = excel.book(payload12)
    knop.dispatch("markeer_bijstellingen", book)
    log = tmp_path / "log" / "xlpuzzel.log"
    assert str(log) in alert_text(book)
    assert "Er ging iets onverwachts mis bij 'Bijstellingen markeren'." in alert_text(book)
    assert "RuntimeError: kapot" in log.read_text(encoding="utf-8")


def test_dispatch_logs_every_click_with_its_duration(excel, payload12, tmp_path):
    """Each click leaves one line in the log."""
    knop.dispatch("over", excel.book(payload12))
    line = (tmp_path / "log" / "xlpuzzel.log").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert re.search(r"over: klaar in \d+ ms$", line)


@pytest.mark.parametrize(
    ("button", "answers"),
    [("controleer", []), ("markeer_bijstellingen", []), ("leg_basis_vast", ["yes"]), ("brieven", []), ("memo", [])],
)
def test_a_renamed_puzzel_sheet_gets_a_dutch_message_and_nothing_is_written(excel, workbook12, tmp_path, button, answers):
    """Sheet Puzzel renamed (Excel moves the names along): every button says so, writes nothing, logs no bug."""
    payload = payload_from_workbook(workbook12, {NOORDENVELD_ASIEL: 150})
    for sheet in payload["sheets"]:
        if sheet["name"] == "Puzzel":
            sheet["name"] = "Puzzel 2025"
    for name in payload["names"]:
        name["refers_to"] = name["refers_to"].replace("=Puzzel!", "='Puzzel 2025'!")
    excel.answers[:] = answers
    book = excel.book(payload)
    assert knop.dispatch(button, book) is None
    assert set(action_funcs(book)) == {"alert"}
    text = actions(book, "alert")[-1]["args"][0]
    assert text.startswith("Het werkblad 'Puzzel' ontbreekt (gevonden: Puzzel 2025, ")
    assert "onverwachte fout" not in (tmp_path / "log" / "xlpuzzel.log").read_text(encoding="utf-8")


def test_unknown_button_gets_a_dutch_message(excel, payload12):
    """A button id without a handler (an older xlpuzzel) says so."""
    book = excel.book(payload12)
    knop.dispatch("bestaat_niet", book)
    assert "De knop 'bestaat_niet' is onbekend" in alert_text(book)


# ------------------------------------------------------------------------------ bulk


@pytest.mark.parametrize(
    ("button", "answers", "change"),
    [
        ("controleer", [], {}),
        ("markeer_bijstellingen", [], {"eerste_asiel": 150, "inbreng_oek": 421}),
        ("leg_basis_vast", ["yes"], {"eerste_asiel": 150}),
        ("brieven", ["yes"], {}),
        ("memo", ["yes"], {}),
        ("over", [], {}),
    ],
)
def test_actions_per_click_do_not_grow_with_the_number_of_gemeenten(
    excel, workbook12, workbook51, tmp_path, monkeypatch, button, answers, change
):
    """12 or 51 gemeenten: the same number of round trips (writes in bulk, per cell only what changed)."""
    monkeypatch.setattr("xlpuzzel.excel.documenten.uitvoer_map", lambda book, naam: tmp_path / naam / str(id(book)))
    counts = []
    for workbook, n in ((workbook12, 12), (workbook51, 51)):
        layout = PuzzelLayout(n)
        cells = {layout.cell(cid, layout.gemeente_row(9)): v for cid, v in change.items()}
        excel.answers[:] = list(answers)
        book = excel.book(payload_from_workbook(workbook, cells))
        knop.dispatch(button, book)
        texts = [a["args"][0] for a in actions(book, "alert")]
        assert not any("onverwachts" in t for t in texts), texts
        counts.append(len(actions(book)))
    assert counts[0] == counts[1]
    assert counts[0] <= 10


def test_the_synthetic_workbook_really_has_51_gemeenten(payload51):
    """The bulk comparison runs on 51 gemeenten, not on a copy of 12."""
    book_names = {n["name"]: n["address"] for n in payload51["names"]}
    assert book_names["gemeenten"] == "$A$5:$A$55"


# ----------------------------------------------------------------------- xlwings.conf


def test_xlwings_conf_sheet_holds_the_keys_xlwings_reads_from_a1_down(workbook12):
    """Sheet xlwings.conf: keys from A1 down to the first empty cell, values in column B, hidden."""
    parts = parts_from_bytes(workbook12)
    from xlpuzzel.reader import read_sheet

    cells = read_sheet(parts, XLWINGS_CONF_SHEET)
    keys = []
    row = 1
    while cells.get(f"A{row}") is not None and cells[f"A{row}"].value not in (None, ""):
        keys.append((cells[f"A{row}"].value, cells[f"B{row}"].value))
        row += 1
    assert keys == [(k, v) for k, v, _ in SETTINGS]
    assert dict(keys) == {
        "UDF Modules": "udfs.puzzel_udfs",
        "Use UDF Server": True,
        "Show Console": False,
        "ADD_WORKBOOK_TO_PYTHONPATH": False,
    }
    assert "interpreter_win" not in {str(k).casefold() for k, _ in keys}
    workbook = read_workbook_parts(parts, "puzzel.xlsm")
    assert XLWINGS_CONF_SHEET in workbook.hidden_sheets


def test_xlwings_conf_keys_are_spelled_as_xlwings_vba_asks_for_them():
    """Every key is one that xlwings.bas reads with GetConfig (case-insensitive, as VBA upper-cases them)."""
    import xlwings

    bas = (Path(xlwings.__file__).parent / "xlwings.bas").read_text(encoding="utf-8", errors="replace")
    asked = {k.upper() for k in re.findall(r'GetConfig\("([^"]+)"', bas)}
    assert {k.upper() for k, _, _ in SETTINGS} <= asked
    assert "INTERPRETER_WIN" in asked


def test_the_windows_guide_explains_every_conf_key_and_the_licence():
    """The README's 'Installeren op Windows' names each key of sheet xlwings.conf, the interpreter and the PRO licence."""
    guide = (ROOT / "README.md").read_text(encoding="utf-8").split("## Installeren op Windows", 1)[1]
    for key, _, _ in SETTINGS:
        assert f"`{key}`" in guide, key
    for must in ("Interpreter_Win", "Blokkering opheffen", "PolyForm Noncommercial", "government institutions"):
        assert must in guide


def test_udf_module_of_the_conf_sheet_is_importable():
    """'UDF Modules' names a module that imports and defines the PUZZEL_ functions."""
    from xlpuzzel.excel.hulp import functie_namen

    assert functie_namen(UDF_MODULE) == [
        "PUZZEL_CONTROLE", "PUZZEL_KLEUR", "PUZZEL_PERCENTAGE", "PUZZEL_SCHEMA", "PUZZEL_TAAKSTELLING",
        "PUZZEL_VERDEEL", "PUZZEL_VERSCHIL", "PUZZEL_VOORSTEL",
    ]


# --------------------------------------------------------------------------- helpers


def _sheet_index(payload: dict[str, Any], name: str) -> int:
    return [s["name"] for s in payload["sheets"]].index(name)


def _repointed(
    payload: dict[str, Any], name: str, refers_to: str, sheet_index: int | None, address: str | None
) -> dict[str, Any]:
    """The payload with defined name `name` pointing elsewhere (as Excel would send it)."""
    import copy

    out = copy.deepcopy(payload)
    (entry,) = [n for n in out["names"] if n["name"] == name]
    entry.update(refers_to=refers_to, sheet_index=sheet_index, address=address)
    return out


def _after(payload: dict[str, Any], log_rows: list[list[Any]], basis_rows: list[list[Any]]) -> dict[str, Any]:
    """The payload with log rows appended and sheet Basis replaced as the ribbon wrote them (dates as Excel sends them)."""

    def cell(value: Any) -> Any:
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d", value):
            return value.replace(" ", "T") + ".000Z"
        return "" if value is None else value

    log = next(sheet for sheet in payload["sheets"] if sheet["name"] == LOG_SHEET)
    width = len(log["values"][0])
    log["values"] += [[cell(v) for v in row] + [""] * (width - len(row)) for row in log_rows]
    basis = next(sheet for sheet in payload["sheets"] if sheet["name"] == "Basis")
    basis["values"] = [[cell(v) for v in row] for row in basis_rows]
    return payload


def _without_sheet(payload: dict[str, Any], name: str) -> dict[str, Any]:
    """The payload without sheet `name` (and without the names on it), as after deleting the sheet."""
    import copy

    out = copy.deepcopy(payload)
    index = _sheet_index(out, name)
    del out["sheets"][index]
    out["names"] = [n for n in out["names"] if n["sheet_index"] != index]
    for n in out["names"]:
        if n["sheet_index"] > index:
            n["sheet_index"] -= 1
    return out


def _with_sheet(payload: dict[str, Any], name: str, rows: list[list[object]]) -> dict[str, Any]:
    import copy

    out = copy.deepcopy(payload)
    out["sheets"].append({"name": name, "values": rows, "pictures": [], "tables": [], "notes": []})
    return out
