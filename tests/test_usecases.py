"""Use cases written once: the command line and the ribbon call the same function and get the same plan and messages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
from conftest import type_value
from remote_payload import action_funcs, payload_from_workbook
from test_excel_macros import GEBRUIKER, MOMENT, actions, alert_text, excel  # noqa: F401 - the fixture

import xlpuzzel.excel as knop
from xlpuzzel import usecases
from xlpuzzel.bijstelling import MAX_TEKST
from xlpuzzel.cli import main
from xlpuzzel.excel import werkmap as live
from xlpuzzel.layout import BIJGESTELD_STYLE, INPUT_COLOR, SIGNED_FORMAT
from xlpuzzel.package import package_bytes, parts_from_bytes
from xlpuzzel.resources import ROOT
from xlpuzzel.usecases import Blad, Schrijfplan
from xlpuzzel.workbookfile import open_workbook

T1 = "2026-11-27T14:03:05"


def workbook_with(tmp_path: Path, source: bytes, cells: dict[str, object], name: str = "puzzel.xlsm") -> Path:
    parts = parts_from_bytes(source)
    for address, value in cells.items():
        type_value(parts, address, value)
    path = tmp_path / name
    path.write_bytes(package_bytes(parts))
    return path


def test_file_and_live_excel_get_the_same_plan_from_one_use_case(excel, tmp_path: Path, shipped_bytes: bytes) -> None:  # noqa: F811
    """The same change gives the same flags, notes and log rows through the file adapter and through xlwings."""
    change = {"H14": 150, "G5": 400}
    path = workbook_with(tmp_path, shipped_bytes, change)
    with open_workbook(path, schrijven=True, opdracht="test") as werkmap:
        from_file = usecases.markeer_bijstellingen(werkmap, GEBRUIKER, MOMENT)
    book = excel.book(payload_from_workbook(shipped_bytes, change))
    from_excel = usecases.markeer_bijstellingen(live.LiveWerkmap(book), GEBRUIKER, MOMENT)
    assert from_file.plan == from_excel.plan
    assert [m.cel for m in from_file.plan.markeren] == ["G5", "H14"]
    assert from_file.toegepast is not None and from_file.toegepast.opgeslagen == str(path)


def test_the_ribbon_reads_the_clock_once_per_click(excel, shipped_bytes: bytes, monkeypatch) -> None:  # noqa: F811
    """One moment per click: the plan and the rule 'never before the log' use the same reading of the clock."""
    readings: list[dt.datetime] = []

    def clock() -> dt.datetime:
        readings.append(MOMENT + dt.timedelta(seconds=len(readings)))
        return readings[-1]

    monkeypatch.setattr("xlpuzzel.excel.werkmap.KLOK", clock)
    plan = knop.markeer_bijstellingen(excel.book(payload_from_workbook(shipped_bytes, {"H14": 150})), gebruiker="x")
    assert len(readings) == 1 and [r.tijdstip for r in plan.logregels] == readings


def test_a_missing_sheet_gets_the_same_message_on_both_fronts(excel, tmp_path: Path, shipped_bytes: bytes,  # noqa: F811
                                                               capsys) -> None:
    """Basis deleted: the CLI and the ribbon say the same, each naming its own way back."""
    from remote_payload import payload_from_workbook as payload
    from test_cli_bijstellingen import delete_sheet

    path = workbook_with(tmp_path, shipped_bytes, {"H14": 150})
    delete_sheet(path, "Basis")
    assert main(["bijstellingen", str(path), "--gebruiker", "jan"]) == 2
    cli = capsys.readouterr().err.removeprefix(f"puzzel bijstellingen: {path}: ")
    p = payload(shipped_bytes, {"H14": 150})
    p["sheets"] = [s for s in p["sheets"] if s["name"] != "Basis"]
    p["names"] = [n for n in p["names"] if "Basis" not in n["refers_to"]]
    book = excel.book(p)
    knop.dispatch("markeer_bijstellingen", book)
    ribbon = alert_text(book)
    assert cli.startswith("het verborgen werkblad 'Basis' (de afgesproken getallen) ontbreekt. Herstel:")
    assert ribbon.startswith("Het verborgen werkblad 'Basis' (de afgesproken getallen) ontbreekt. Herstel:")
    assert "`puzzel basis --ja`" in cli and "de knop 'Basis vastleggen'" in ribbon


def test_live_excel_marks_with_the_named_style_where_the_engine_can(monkeypatch) -> None:
    """Desktop Excel for Windows gets the named style itself, on all flagged cells in one call; unflagged cells
    get Excel's Normal style with the input look back."""
    from xlpuzzel.bijstelling import Markering, Ontmarkering

    calls: list[tuple[str, str, object]] = []

    class Com:
        def __init__(self, address: str) -> None:
            object.__setattr__(self, "address", address)

        def __setattr__(self, key: str, value: object) -> None:
            calls.append((self.address, key, value))

        def __getattr__(self, key: str) -> Any:
            return Com(f"{self.address}.{key}")

        def __call__(self, *args: object) -> Com:
            return Com(f"{self.address}{list(args)}")

    sheet = SimpleNamespace(book=None, api=SimpleNamespace(Range=Com))
    monkeypatch.setattr(live, "kan_stijl_zetten", lambda book: True)
    way = live.markeer_stijl(sheet, [Markering("H14", "Noordenveld", "eerste_asiel", "n"),
                                     Markering("G5", "Aa en Hunze", "eerste_oek", "n")],
                             [Ontmarkering("M8", "De Wolden", "bijstelling_oek")])
    assert way == "stijl"
    assert ("H14,G5", "Style", BIJGESTELD_STYLE) in calls
    assert ("M8", "Style", "Normal") in calls
    assert ("M8.Interior", "Color", live._bgr(INPUT_COLOR)) in calls
    assert ("M8", "NumberFormat", SIGNED_FORMAT) in calls


def test_where_the_engine_cannot_set_a_style_the_look_is_drawn_and_said_so_in_one_place(excel, shipped_bytes) -> None:  # noqa: F811
    """The remote engine (as xlwings Server and Lite) has no cell-style call: fill and bold, by markeer_stijl alone."""
    book = excel.book(payload_from_workbook(shipped_bytes, {"H14": 150}))
    assert live.kan_stijl_zetten(book) is False
    knop.markeer_bijstellingen(book, gebruiker=GEBRUIKER, tijdstip=MOMENT)
    assert action_funcs(book)[2:4] == ["setRangeColors", "setFontProperty"]
    sources = [p for p in (ROOT / "xlpuzzel").rglob("*.py") if "BIJGESTELD_COLOR" in p.read_text(encoding="utf-8")]
    assert {p.relative_to(ROOT).as_posix() for p in sources if "excel" in p.parts} == {"xlpuzzel/excel/werkmap.py",
                                                                                       "xlpuzzel/excel/controleren.py"}


def test_a_source_text_longer_than_a_cell_is_cut_with_a_warning(tmp_path: Path, shipped_bytes: bytes, capsys) -> None:
    """`--bron` of 40,000 characters: the log cell holds Excel's 32,767 and the user is told."""
    path = workbook_with(tmp_path, shipped_bytes, {"H7": 0})
    assert main(["bijstellingen", str(path), "--gebruiker", "jan", "--tijdstip", T1, "--bron", "x" * 40_000]) == 0
    out = capsys.readouterr().out
    assert "Let op: De bron is 40.000 tekens lang; een cel in Excel houdt er 32.767" in out
    ws = openpyxl.load_workbook(path)["Wijzigingslog"]
    assert len(ws["H3"].value) == MAX_TEKST


def test_the_ribbon_warns_about_a_too_long_source_too(excel, shipped_bytes: bytes) -> None:  # noqa: F811
    """The same rule on the ribbon: setting bron_wijziging of 40,000 characters is cut, the message box says so."""
    payload = payload_from_workbook(shipped_bytes, {"H14": 150})
    sheet = next(s for s in payload["sheets"] if s["name"] == "Instellingen")
    row = next(r for r in sheet["values"] if r and r[0] == "bron_wijziging")
    row[1] = "y" * 40_000
    book = excel.book(payload)
    plan = knop.markeer_bijstellingen(book, gebruiker=GEBRUIKER, tijdstip=MOMENT)
    assert len(plan.logregels[0].bron) == MAX_TEKST
    assert "De bron is 40.000 tekens lang" in alert_text(book)


def test_changed_cells_that_are_no_count_are_named_after_bijstellingen(tmp_path: Path, shipped_bytes: bytes,
                                                                      capsys) -> None:
    """'abc', '12,5' and a negative task are logged (history) and named, with the way to the check."""
    path = workbook_with(tmp_path, shipped_bytes, {"H7": "abc", "G5": "12,5", "C6": -5})
    assert main(["bijstellingen", str(path), "--gebruiker", "jan", "--tijdstip", T1]) == 0
    out = capsys.readouterr().out
    tail = out.split("Let op: deze gewijzigde cellen bevatten geen geldig aantal", 1)[1]
    assert "`puzzel controleer`" in tail
    assert "H7 (Borger-Odoorn, Eerste voorstel Asiel): 'abc' is geen getal." in tail
    assert "G5 (Aa en Hunze, Eerste voorstel Oek): '12,5' is geen geheel getal." in tail
    assert re.search(r"C6 \(Assen, Opgave Oek\): '-5' is negatief", tail)
    assert "3 rijen toegevoegd" in out


def test_the_basis_hint_repeats_the_description(tmp_path: Path, shipped_bytes: bytes, capsys) -> None:
    """Without --ja, the command it shows keeps --omschrijving, so the description is not lost on the way."""
    path = workbook_with(tmp_path, shipped_bytes, {})
    assert main(["basis", str(path), "--omschrijving", "PRT 27-11-2026"]) == 0
    assert f'Met `puzzel basis {path} --ja --omschrijving "PRT 27-11-2026"`:' in capsys.readouterr().out


def test_a_plan_writes_a_writers_own_sheet_through_either_adapter(excel, tmp_path: Path, shipped_bytes: bytes) -> None:  # noqa: F811
    """How a new writer uses the layer: `Schrijfplan(bladen=...)`; the sheet is made when missing, `wis` empties
    ranges (formats stay), the rest of the workbook keeps its bytes."""
    plan = Schrijfplan("Puzzel", bladen={"Proef": Blad({"A1": "Gemeente", "B1": "Oek", "A2": "Assen", "B2": 12})})
    path = workbook_with(tmp_path, shipped_bytes, {})
    before = parts_from_bytes(path.read_bytes())
    with open_workbook(path, schrijven=True, opdracht="proef") as werkmap:
        werkmap.pas_toe(plan)
    after = parts_from_bytes(path.read_bytes())
    changed = {n for n in set(before) | set(after) if before.get(n) != after.get(n)}
    new_sheet = (set(after) - set(before)).pop()
    assert changed == {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", new_sheet}
    assert [[c.value for c in row] for row in openpyxl.load_workbook(path)["Proef"].iter_rows()] == [
        ["Gemeente", "Oek"], ["Assen", 12]]
    with open_workbook(path, schrijven=True, opdracht="proef") as werkmap:
        werkmap.pas_toe(Schrijfplan("Puzzel", bladen={"Proef": Blad({"A1": "Gemeente"}, wis=("A2:B2",))}))
    assert [[c.value for c in row] for row in openpyxl.load_workbook(path)["Proef"].iter_rows()] == [
        ["Gemeente", "Oek"], [None, None]]
    book = excel.book(payload_from_workbook(shipped_bytes))
    live.LiveWerkmap(book).pas_toe(plan)
    assert action_funcs(book) == ["addSheet", "activateSheet", "setValues"]
    assert actions(book, "setValues")[0]["values"] == [["Gemeente", "Oek"], ["Assen", 12]]


def test_commands_and_buttons_hold_no_workflow_of_their_own() -> None:
    """The fronts call the use cases; the steps of the workflow (reading Basis and log, the clock rule, the
    log check, applying a plan) appear only in the use cases and the adapters."""
    steps = ("basis_uit_cellen", "log_uit_cellen", "controleer_samenhang", "vroegste_tijdstip", "laatste_regels",
             "markeerplan", "basisplan", "apply_plan", "logregel_cellen")
    for folder in ("commands", "excel"):
        for path in (ROOT / "xlpuzzel" / folder).glob("*.py"):
            if path.name == "werkmap.py":  # the live adapter: it writes log rows, it decides nothing
                continue
            text = path.read_text(encoding="utf-8")
            assert not [s for s in steps if re.search(rf"\b{s}\b", text)], path
    defs = [p for p in (ROOT / "xlpuzzel").rglob("*.py") if re.search(r"^def (markeerplan|basisplan)\(",
                                                                      p.read_text(encoding="utf-8"), re.MULTILINE)]
    assert [p.relative_to(ROOT).as_posix() for p in defs] == ["xlpuzzel/bijstelling/plan.py"]
