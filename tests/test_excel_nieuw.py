"""Ribbon buttons 'Nieuwe ronde' and 'Nieuwe puzzel' on xlwings' remote engine, and with desktop Excel's dialogs.

The remote engine has no Excel Application object, so no dialog: the buttons read the paths
from sheet Instellingen and say so. Desktop Excel's dialogs (InputBox, GetOpenFilename,
GetSaveAsFilename) are played by a stand-in with scripted answers; everything after the
dialogs is the same use case the CLI runs, writing real files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from remote_payload import payload_from_workbook
from test_excel_macros import actions, alert_text, excel  # noqa: F401 - registers fixture 'excel'

import xlpuzzel.excel as knop
from xlpuzzel.build import build_workbook
from xlpuzzel.dataset import Dataset
from xlpuzzel.layout import INSTELLINGEN_SHEET
from xlpuzzel.reader import read_workbook


def workbook_with_settings(dataset: Dataset, folder: Path, **settings: str) -> tuple[Path, dict[str, Any]]:
    """The shipped workbook with some settings typed, as a file in `folder` and as the remote payload."""
    def typed(wb):
        for row in wb[INSTELLINGEN_SHEET].iter_rows(min_row=2):
            if row[0].value in settings:
                row[1].value = settings[row[0].value]

    data = build_workbook(dataset, aanvullen=typed)
    path = folder / "puzzel.xlsm"
    path.write_bytes(data)
    return path, payload_from_workbook(data)


@pytest.fixture
def remote(request: pytest.FixtureRequest) -> Any:
    """The remote engine with Excel's stand-ins of tests/test_excel_macros.py (status bar, scripted answers)."""
    return request.getfixturevalue("excel")


class DesktopExcel:
    """Desktop Excel's Application as far as the buttons use it: scripted dialogs, opened workbooks."""

    def __init__(self, inputs: list[object] | None = None, open_files: list[object] | None = None,
                 save_as: list[object] | None = None) -> None:
        self.inputs, self.open_files, self.save_as = inputs or [], open_files or [], save_as or []
        self.calls: list[tuple[str, tuple[object, ...]]] = []
        self.opened: list[str] = []
        self.Workbooks = self
        self.UserName = "jjansen"

    def InputBox(self, *args: object) -> object:
        self.calls.append(("InputBox", args))
        return self.inputs.pop(0)

    def GetOpenFilename(self, *args: object) -> object:
        self.calls.append(("GetOpenFilename", args))
        return self.open_files.pop(0)

    def GetSaveAsFilename(self, *args: object) -> object:
        self.calls.append(("GetSaveAsFilename", args))
        return self.save_as.pop(0)

    def Open(self, path: str) -> None:
        self.opened.append(path)


@pytest.fixture
def desktop(monkeypatch: pytest.MonkeyPatch):
    """Install a DesktopExcel as the remote engine's `app.api` (which the remote engine itself lacks)."""
    from xlwings.pro import _xlremote

    def install(app: DesktopExcel) -> DesktopExcel:
        monkeypatch.setattr(_xlremote.App, "api", property(lambda self: app), raising=False)
        return app

    return install


def test_nieuwe_ronde_without_dialogs_names_the_setting_to_fill_in_and_writes_nothing(remote, dataset, tmp_path, monkeypatch):
    """On the remote engine an empty 'nieuwe_ronde_uit' gets a Dutch message naming it; no file appears."""
    _path, payload = workbook_with_settings(dataset, tmp_path)
    monkeypatch.chdir(tmp_path)
    book = remote.book(payload)
    assert knop.dispatch("nieuwe_ronde", book) is None
    text = alert_text(book)
    assert "nieuwe_ronde_uit" in text and "Instellingen" in text
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "log") == ["puzzel.xlsm"]


def test_nieuwe_ronde_without_dialogs_takes_the_paths_from_instellingen_and_says_so(remote, dataset, tmp_path, monkeypatch):
    """With 'nieuwe_ronde_uit' filled in, the round is written there and the message names the settings used."""
    path, payload = workbook_with_settings(dataset, tmp_path, nieuwe_ronde_uit="ronde2.xlsm")
    before = path.read_bytes()
    monkeypatch.chdir(tmp_path)
    book = remote.book(payload)
    gemaakt = knop.dispatch("nieuwe_ronde", book)
    assert gemaakt is not None and gemaakt.pad == tmp_path / "ronde2.xlsm"
    text = alert_text(book)
    assert "Nieuwe ronde geschreven" in text and "Ronde 17-7-2024" in text
    assert "gebruikt zijn de instellingen nieuwe_ronde_opgaven, nieuwe_ronde_uit" in text
    assert path.read_bytes() == before
    new = read_workbook(tmp_path / "ronde2.xlsm")
    assert new.instellingen["nieuwe_ronde_uit"] is None  # the next round must not point at this workbook
    assert [e.amount for e in new.puzzel.columns["eerste_oek"]] == [e.amount for e in dataset.puzzel.columns["inbreng_oek"]]
    # Only one message box and nothing written into the open workbook.
    assert [a["func"] for a in actions(book)] == ["alert"]


def test_nieuwe_ronde_on_desktop_asks_for_the_tasks_file_and_the_save_location(remote, desktop, dataset, tmp_path, monkeypatch):
    """Ja to new tasks, a file from GetOpenFilename, a path from GetSaveAsFilename; then it offers to open it."""
    _path, payload = workbook_with_settings(dataset, tmp_path)
    names = dataset.puzzel.gemeenten
    tasks = tmp_path / "opgaven.csv"
    tasks.write_text("gemeente;inwoners\n" + "".join(f"{n};{10_000 + i}\n" for i, n in enumerate(names)), encoding="utf-8")
    uit = tmp_path / "ronde2.xlsm"
    app = desktop(DesktopExcel(open_files=[str(tasks)], save_as=[str(uit)]))
    remote.answers[:] = ["yes", "yes"]  # new tasks from a file: yes; open the new workbook: yes
    book = remote.book(payload)
    monkeypatch.chdir(tmp_path)
    gemaakt = knop.dispatch("nieuwe_ronde", book)
    assert gemaakt is not None and uit.is_file()
    assert [c[0] for c in app.calls] == ["GetOpenFilename", "GetSaveAsFilename"]
    assert app.calls[1][1][0] == str(tmp_path / "puzzel-nieuwe-ronde.xlsm")  # suggested beside the workbook
    assert app.opened == [str(uit)]
    assert [e.amount for e in read_workbook(uit).puzzel.columns["inwoners"]] == [10_000 + i for i in range(len(names))]


def test_nieuwe_ronde_on_desktop_cancelled_at_the_save_location_writes_nothing(remote, desktop, dataset, tmp_path, monkeypatch):
    """Cancel (False) in the Save As dialog stops without a message and without a file."""
    _path, payload = workbook_with_settings(dataset, tmp_path)
    monkeypatch.chdir(tmp_path)
    desktop(DesktopExcel(save_as=[False]))
    remote.answers[:] = ["no"]  # no new tasks file
    book = remote.book(payload)
    assert knop.dispatch("nieuwe_ronde", book) is None
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "log") == ["puzzel.xlsm"]


def test_nieuwe_ronde_asks_before_replacing_an_existing_file(remote, desktop, dataset, tmp_path, monkeypatch):
    """An existing target is replaced only after 'Ja' (then kept as .bak); 'Nee' leaves it alone."""
    _path, payload = workbook_with_settings(dataset, tmp_path)
    monkeypatch.chdir(tmp_path)
    uit = tmp_path / "ronde2.xlsm"
    uit.write_bytes(b"ouder bestand")
    desktop(DesktopExcel(save_as=[str(uit)]))
    remote.answers[:] = ["no", "no"]  # no tasks file; do not replace
    assert knop.dispatch("nieuwe_ronde", remote.book(payload)) is None
    assert uit.read_bytes() == b"ouder bestand"
    desktop(DesktopExcel(save_as=[str(uit)]))
    remote.answers[:] = ["no", "yes", "no"]  # no tasks file; replace; do not open
    assert knop.dispatch("nieuwe_ronde", remote.book(payload)) is not None
    assert (tmp_path / "ronde2.xlsm.bak").read_bytes() == b"ouder bestand"


def test_nieuwe_puzzel_on_desktop_asks_province_file_and_location(remote, desktop, dataset, tmp_path, monkeypatch):
    """InputBox for the province, GetOpenFilename for the gemeenten file, GetSaveAsFilename for the workbook."""
    _path, payload = workbook_with_settings(dataset, tmp_path)
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "groningen.csv"
    source.write_text("gemeente;inwoners\nGroningen;200\nPekela;100\n", encoding="utf-8")
    uit = tmp_path / "gr.xlsm"
    app = desktop(DesktopExcel(inputs=["Groningen"], open_files=[str(source)], save_as=[str(uit)]))
    remote.answers[:] = ["no"]  # do not open it
    gemaakt = knop.dispatch("nieuwe_puzzel", remote.book(payload))
    assert gemaakt is not None
    assert app.calls[2][1][0] == str(tmp_path / "puzzel-groningen.xlsm")
    wb = read_workbook(uit)
    assert wb.puzzel.gemeenten == ("Groningen", "Pekela") and wb.puzzel.totaal["opgave_asiel"].amount == 2487


def test_nieuwe_puzzel_cancelled_at_the_province_question_does_nothing(remote, desktop, dataset, tmp_path, monkeypatch):
    """Cancel in the InputBox (False) ends the click quietly."""
    _path, payload = workbook_with_settings(dataset, tmp_path)
    monkeypatch.chdir(tmp_path)
    app = desktop(DesktopExcel(inputs=[False]))
    book = remote.book(payload)
    assert knop.dispatch("nieuwe_puzzel", book) is None
    assert [c[0] for c in app.calls] == ["InputBox"] and actions(book, "alert") == []


def test_nieuwe_puzzel_without_dialogs_reports_a_bad_gemeenten_file_in_dutch(remote, dataset, tmp_path, monkeypatch):
    """Settings filled in, a file with a bad row: the message names the file and line; nothing is written."""
    source = tmp_path / "g.csv"
    source.write_text("gemeente;inwoners\nA;veel\n", encoding="utf-8")
    _path, payload = workbook_with_settings(
        dataset, tmp_path, nieuwe_puzzel_provincie="Groningen", nieuwe_puzzel_gemeenten="g.csv", nieuwe_puzzel_uit="gr.xlsm"
    )
    monkeypatch.chdir(tmp_path)
    book = remote.book(payload)
    assert knop.dispatch("nieuwe_puzzel", book) is None
    assert "g.csv regel 2 (A, inwoners): 'veel' is geen aantal" in alert_text(book)
    assert not (tmp_path / "gr.xlsm").exists()
