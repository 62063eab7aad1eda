"""Two writers at once, and a writer paused while a colleague saves: no run that reports success loses its change."""

from __future__ import annotations

import contextlib
import io
import multiprocessing
from pathlib import Path

import openpyxl
import pytest
from conftest import type_value

from xlpuzzel.cli import main
from xlpuzzel.package import package_bytes, parts_from_bytes, read_package

ROUNDS = 12
#: Input cells staff change, one per round (columns G..I and K..M of the 12 gemeente rows).
CELLS = [f"{col}{row}" for row in range(5, 17) for col in "GHI"]


def log_rows(path: Path) -> list[tuple[object, ...]]:
    wb = openpyxl.load_workbook(path)
    ws = wb["Wijzigingslog"]
    return [tuple(c.value for c in row[:9]) for row in ws.iter_rows(min_row=2) if row[0].value is not None]


def type_and_save(path: Path, cells: dict[str, object]) -> None:
    """Staff type numbers and save (in Excel, which knows nothing of the tool's lock)."""
    parts = read_package(path)
    for address, value in cells.items():
        type_value(parts, address, value)
    path.write_bytes(package_bytes(parts))


def _writer(path: str, command: list[str], start: multiprocessing.synchronize.Event, out: multiprocessing.Queue) -> None:
    """One run of the CLI in its own process, started together with the other; reports exit and output."""
    stdout, stderr = io.StringIO(), io.StringIO()
    start.wait()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main([command[0], path, *command[1:]])
    out.put((command, code, stdout.getvalue(), stderr.getvalue()))


def test_two_writers_at_once_never_lose_an_acknowledged_change(tmp_path: Path, shipped_bytes: bytes) -> None:
    """Many rounds of two processes writing at the same moment: each success is in the file, the others refuse."""
    ctx = multiprocessing.get_context("fork")
    path = tmp_path / "puzzel.xlsm"
    path.write_bytes(shipped_bytes)
    acknowledged: list[tuple[str, str]] = []
    outcomes = {"opgeslagen": 0, "geweigerd": 0, "niets": 0}
    for rnd in range(ROUNDS):
        cell = CELLS[rnd]
        type_and_save(path, {cell: 1000 + rnd})
        commands = [
            ["bijstellingen", "--gebruiker", f"a{rnd}", "--bron", f"ronde {rnd} a"],
            ["bijstellingen", "--gebruiker", f"b{rnd}", "--bron", f"ronde {rnd} b"]
            if rnd % 3 else ["basis", "--ja", "--gebruiker", f"b{rnd}", "--omschrijving", f"ronde {rnd} b"],
        ]
        start, queue = ctx.Event(), ctx.Queue()
        procs = [ctx.Process(target=_writer, args=(str(path), c, start, queue)) for c in commands]
        for p in procs:
            p.start()
        start.set()
        results = [queue.get(timeout=60) for _ in procs]
        for p in procs:
            p.join(timeout=60)
        for command, code, out, err in results:
            assert "Traceback" not in out + err
            if code == 0 and "Opgeslagen:" in out:
                outcomes["opgeslagen"] += 1
                acknowledged.append((command[command.index("--gebruiker") + 1], cell))
            elif code == 0:
                outcomes["niets"] += 1
                assert "Geen nieuwe bijstellingen" in out
            else:
                outcomes["geweigerd"] += 1
                assert code == 2 and ("wordt op dit moment bijgewerkt" in err or "intussen gewijzigd" in err), err
                assert "er is niets opgeslagen" in err.lower()
        rows = log_rows(path)
        changes = [r for r in rows if r[4] == cell]
        assert len(changes) == 1, changes  # the change is logged once: never lost, never twice
        assert changes[0][6] == 1000 + rnd
    users = {r[1] for r in log_rows(path)}
    for user, cell in acknowledged:
        assert user in users, (user, cell)  # every run that said 'Opgeslagen' has its rows in the final file
    assert outcomes["opgeslagen"] >= ROUNDS


def test_a_paused_writer_does_not_overwrite_a_colleagues_save(tmp_path: Path, shipped_bytes: bytes, capsys,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A run slow between reading and writing, while a colleague saves in Excel and another tries the tool.

    The colleague's tool run is refused (lock); the colleague's Excel save makes the slow run
    refuse at the last moment (file changed); the colleague's numbers survive; rerun, the slow
    run's change is logged. Every 'Opgeslagen' is in the file.
    """
    from xlpuzzel import patch

    path = tmp_path / "puzzel.xlsm"
    path.write_bytes(shipped_bytes)
    type_and_save(path, {"H7": 0})
    real_apply = patch.apply_plan
    during: list[tuple[int, str]] = []

    def paused(*args, **kwargs):  # type: ignore[no-untyped-def]
        monkeypatch.setattr(patch, "apply_plan", real_apply)
        code = main(["bijstellingen", str(path), "--gebruiker", "collega"])
        during.append((code, capsys.readouterr().err))
        type_and_save(path, {"G5": 777})  # the colleague's save in Excel
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(patch, "apply_plan", paused)
    assert main(["bijstellingen", str(path), "--gebruiker", "traag", "--tijdstip", "2026-11-27T14:03:05"]) == 2
    err = capsys.readouterr().err
    assert during[0][0] == 2 and "wordt op dit moment bijgewerkt door traag" in during[0][1]
    assert "de werkmap is intussen gewijzigd door een ander programma of een collega; voer de opdracht opnieuw uit" in err
    wb = openpyxl.load_workbook(path)
    assert wb["Puzzel"]["G5"].value == 777 and wb["Puzzel"]["H7"].value == 0
    assert [r for r in log_rows(path) if r[1] in ("traag", "collega")] == []
    assert main(["bijstellingen", str(path), "--gebruiker", "traag", "--tijdstip", "2026-11-27T14:03:05"]) == 0
    assert "Opgeslagen:" in capsys.readouterr().out
    logged = {(r[1], r[4]) for r in log_rows(path)}
    assert {("traag", "H7"), ("traag", "G5")} <= logged
    assert parts_from_bytes(path.read_bytes())  # whole and readable
