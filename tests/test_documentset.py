"""A document set is one state (issue 8): after a run every letter, PDF and overzicht row in the folder is of this run's numbers."""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import TEST_BRIEFINSTELLINGEN, verzonnen_adressen, without_gemeente
from docx import Document

from xlpuzzel import uitvoer
from xlpuzzel.brief import render_brieven as _render_brieven
from xlpuzzel.brief import render_memo
from xlpuzzel.cli import main
from xlpuzzel.dataset import Dataset
from xlpuzzel.entry import make_entry
from xlpuzzel.errors import PuzzelError
from xlpuzzel.recalc import find_soffice
from xlpuzzel.storage import Interrupted, is_leftover_name
from xlpuzzel.uitvoer import REGISTER, SLOT, VORIGE

ROOT = Path(__file__).resolve().parent.parent

#: The folder of a letters run: its date (made-up test setting, conftest).
BRIEF_DATUM = TEST_BRIEFINSTELLINGEN["datum_brief"]


def render_brieven(puzzel, settings, uit, **kw):
    """The letters of a puzzel, each addressed to a made-up test address (sheet Adressen is not the subject here)."""
    kw.setdefault("adressen", verzonnen_adressen(puzzel))
    return _render_brieven(puzzel, settings, uit, **kw)


def changed(dataset: Dataset, gemeente: str, column: str, delta: int) -> Dataset:
    """The dataset with one input cell changed by `delta`, as staff would type a new number."""
    p = dataset.puzzel
    i = p.index_of(gemeente)
    entries = list(p.columns[column])
    entries[i] = make_entry((entries[i].amount or 0) + delta)
    return dataclasses.replace(dataset, puzzel=dataclasses.replace(p, columns={**p.columns, column: tuple(entries)}))


def overzicht(folder: Path) -> list[dict[str, str]]:
    """The rows of overzicht.csv."""
    text = (folder / "overzicht.csv").read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def one_state(folder: Path) -> list[dict[str, str]]:
    """The set's invariants: overzicht lists exactly the letters beside it, a PDF only beside its letter, no leftovers."""
    rows = overzicht(folder)
    letters = sorted(p.name for p in folder.glob("*.docx") if p.name[:2].isdigit() and " " not in p.name)
    assert sorted(r["bestand"] for r in rows) == letters
    for r in rows:
        assert (r["pdf"] != "") == (folder / (r["bestand"][:-5] + ".pdf")).exists(), r
    assert all(p.with_suffix(".docx").exists() for p in folder.glob("*.pdf"))
    leftovers = [p.name for p in folder.iterdir() if is_leftover_name(p.name) or p.name.startswith(SLOT)]
    assert not leftovers
    return rows


def inbreng_oek(letter: Path) -> str:
    """The gemeente's Oek inbreng as its letter prints it (its own table: the inbreng column, first row)."""
    for table in Document(str(letter)).tables:
        header = [c.text.strip() for c in table.rows[0].cells]
        if header[0] == "Doelgroep":
            return table.rows[1].cells[next(i for i, h in enumerate(header) if "Inbreng" in h)].text.strip()
    raise AssertionError(f"{letter.name}: no table of the gemeente")


# --- reruns -------------------------------------------------------------------------------


def test_a_letter_for_a_gemeente_no_longer_in_the_table_moves_to_vorige(opgeloste_dataset, tmp_path):
    """12 letters, then a run on a table without Aa en Hunze: its letter (and every renumbered one) leaves the set."""
    settings = opgeloste_dataset.instellingen
    first = render_brieven(opgeloste_dataset.puzzel, settings, tmp_path)
    assert len(one_state(first.map)) == 12
    kleiner = without_gemeente(opgeloste_dataset, "Aa en Hunze")
    second = render_brieven(kleiner.puzzel, settings, tmp_path)
    rows = one_state(second.map)
    assert len(rows) == 11 and "Aa en Hunze" not in [r["gemeente"] for r in rows]
    assert not (second.map / "01-Aa-en-Hunze.docx").exists()
    assert (second.map / VORIGE / "01-Aa-en-Hunze.docx").exists()
    assert len(second.vorige) == 12  # every old name: the numbers shifted with the row
    assert "12 bestanden van een eerdere keer zijn verplaatst naar de submap vorige" in second.samenvatting()


def test_a_rerun_with_the_same_numbers_moves_nothing(opgeloste_dataset, tmp_path):
    """Rerunning into the same folder rewrites the set in place: no vorige folder, same letters."""
    settings = opgeloste_dataset.instellingen
    first = render_brieven(opgeloste_dataset.puzzel, settings, tmp_path)
    second = render_brieven(opgeloste_dataset.puzzel, settings, tmp_path)
    assert second.vorige == () and not (first.map / VORIGE).exists()
    assert len(one_state(second.map)) == 12
    assert sorted(p.name for p in second.map.iterdir()) == sorted(p.name for p in first.map.iterdir())


def test_an_old_pdf_next_to_a_new_letter_moves_to_vorige(opgeloste_dataset, tmp_path):
    """A folder written before the register (letters and a PDF by name only): the rerun without --pdf moves the PDF."""
    settings = opgeloste_dataset.instellingen
    folder = tmp_path / BRIEF_DATUM
    folder.mkdir()
    (folder / "06-Emmen.pdf").write_bytes(b"%PDF-1.4 oude cijfers")
    (folder / "06-Emmen.docx").write_bytes(b"oude brief")
    (folder / "notities.txt").write_text("van de medewerker zelf")
    (folder / "2099-01-05 verslag.docx").write_bytes(b"eigen verslag")
    result = render_brieven(opgeloste_dataset.puzzel, settings, tmp_path)
    one_state(result.map)
    assert not (folder / "06-Emmen.pdf").exists()
    assert (folder / VORIGE / "06-Emmen.pdf").read_bytes() == b"%PDF-1.4 oude cijfers"
    assert (folder / VORIGE / "06-Emmen.docx").read_bytes() == b"oude brief"  # not the tool's: kept, not overwritten
    assert (folder / "notities.txt").read_text() == "van de medewerker zelf"  # not part of the set: left alone
    assert (folder / "2099-01-05 verslag.docx").read_bytes() == b"eigen verslag"


def test_a_letter_edited_by_hand_is_kept_in_vorige_not_overwritten(opgeloste_dataset, tmp_path):
    """A letter changed after the run (signed in Word) is the user's: the rerun moves it aside, never over it."""
    settings = opgeloste_dataset.instellingen
    first = render_brieven(opgeloste_dataset.puzzel, settings, tmp_path)
    edited = first.map / "02-Assen.docx"
    edited.write_bytes(edited.read_bytes() + b"\0")  # any change in its bytes
    signed = edited.read_bytes()
    second = render_brieven(opgeloste_dataset.puzzel, settings, tmp_path)
    assert second.vorige == (first.map / VORIGE / "02-Assen.docx",)
    assert second.vorige[0].read_bytes() == signed
    third = render_brieven(opgeloste_dataset.puzzel, settings, tmp_path)  # the tool's own letter now: replaced
    assert third.vorige == ()
    edited.write_bytes(b"weer gewijzigd")
    fourth = render_brieven(opgeloste_dataset.puzzel, settings, tmp_path)
    assert fourth.vorige == (first.map / VORIGE / "02-Assen (2).docx",)  # nothing in vorige/ is overwritten
    assert (first.map / VORIGE / "02-Assen.docx").read_bytes() == signed


def test_memo_and_letters_in_one_folder_leave_each_other_alone(opgeloste_dataset, tmp_path):
    """The CLI puts both in brieven/<datum>: a memo run never moves letters, a letters run never moves the memo."""
    settings = {**opgeloste_dataset.instellingen, "datum_memo": opgeloste_dataset.instellingen["datum_brief"]}
    letters = render_brieven(opgeloste_dataset.puzzel, settings, tmp_path)
    memo = render_memo(opgeloste_dataset.puzzel, settings, tmp_path)
    assert memo.map == letters.map and memo.vorige == ()
    again = render_brieven(opgeloste_dataset.puzzel, settings, tmp_path)
    assert again.vorige == () and (letters.map / "memo-tussenstand.docx").exists()
    assert len(one_state(letters.map)) == 12


# --- --gemeente ------------------------------------------------------------------------------


def test_a_run_for_one_gemeente_merges_into_overzicht_when_the_others_show_the_same_numbers(opgeloste_dataset, tmp_path):
    """12 letters, then --gemeente Emmen on the same numbers: overzicht keeps 12 rows, nothing moves."""
    settings = opgeloste_dataset.instellingen
    render_brieven(opgeloste_dataset.puzzel, settings, tmp_path)
    result = render_brieven(opgeloste_dataset.puzzel, settings, tmp_path, gemeenten=["Emmen"])
    assert [p.name for p in result.documenten] == ["06-Emmen.docx"]
    assert len(result.behouden) == 11 and result.vorige == ()
    assert len(one_state(result.map)) == 12
    assert "11 brieven van eerder met dezelfde cijfers blijven ernaast staan" in result.samenvatting()
    assert result.waarschuwingen == ()


def test_a_run_for_one_gemeente_after_a_change_moves_the_letters_with_old_numbers(opgeloste_dataset, tmp_path):
    """A change moves every province total: --gemeente Emmen then leaves Emmen alone beside overzicht, with a warning."""
    settings = opgeloste_dataset.instellingen
    first = render_brieven(opgeloste_dataset.puzzel, settings, tmp_path)
    before = inbreng_oek(first.map / "06-Emmen.docx")
    nieuw = changed(opgeloste_dataset, "Emmen", "inbreng_oek", 10)
    result = render_brieven(nieuw.puzzel, settings, tmp_path, gemeenten=["Emmen"])
    rows = one_state(result.map)
    assert [r["gemeente"] for r in rows] == ["Emmen"]
    assert inbreng_oek(result.map / "06-Emmen.docx") != before
    assert len(list((result.map / VORIGE).glob("*.docx"))) == 11
    assert "11 brieven van een eerdere keer tonen niet deze stand van de werkmap" in result.waarschuwingen[0]


def test_gemeente_option_is_repeated_and_never_takes_the_workbook(opgeloste_werkmap, tmp_path, monkeypatch, capsys):
    """`brieven --gemeente Emmen werkmap.xlsm` reads that workbook (it used to be taken as a second gemeente)."""
    monkeypatch.chdir(tmp_path)
    werkmap = tmp_path / "werkmap.xlsm"
    werkmap.write_bytes(opgeloste_werkmap.read_bytes())
    assert main(["brieven", "--gemeente", "Emmen", "--uit", "uit", str(werkmap)]) == 0
    assert [p.name for p in (tmp_path / "uit").glob("*/*.docx")] == ["06-Emmen.docx"]
    assert main(["brieven", "--gemeente", "Emmen", "--gemeente", "Assen", "--uit", "uit", str(werkmap)]) == 0
    assert sorted(p.name for p in (tmp_path / "uit").glob("*/*.docx")) == ["02-Assen.docx", "06-Emmen.docx"]
    out = capsys.readouterr().out
    assert "2 brieven geschreven in " in out and "(overzicht.csv: 2 brieven)" in out


# --- failures, two runs, killed runs ---------------------------------------------------------


def test_a_failed_move_undoes_the_moves_made_so_far(opgeloste_dataset, tmp_path, monkeypatch):
    """A file that cannot be replaced halfway (open in another program): the folder is exactly as before."""
    settings = opgeloste_dataset.instellingen
    first = render_brieven(opgeloste_dataset.puzzel, settings, tmp_path, gemeenten=["Assen", "Emmen", "Tynaarlo"])
    before = {p.name: p.read_bytes() for p in first.map.iterdir() if p.is_file()}
    real, calls = uitvoer._verplaats, []

    def refuse_fifth(src, dst, done):
        calls.append(src)
        if len(calls) == 5:
            raise PermissionError(13, "Permission denied", str(dst))
        real(src, dst, done)

    monkeypatch.setattr(uitvoer, "_verplaats", refuse_fifth)
    with pytest.raises(PuzzelError) as caught:
        render_brieven(changed(opgeloste_dataset, "Emmen", "inbreng_oek", 10).puzzel, settings, tmp_path)
    assert "opslaan mislukt" in caught.value.melding and "Er is niets geschreven" in caught.value.melding
    assert {p.name: p.read_bytes() for p in first.map.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in first.map.iterdir()) == sorted(before)  # no vorige/, no staging, no lock


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_while_moving_completes_the_set_then_stops_saying_it_is_written(opgeloste_dataset, tmp_path,
                                                                             monkeypatch, signum):
    """Ctrl+C or SIGTERM in the milliseconds of moving files in: the set is completed (never half of one), then the
    run stops with a Dutch line that says the files are written (the storage layer's one way of holding signals)."""
    settings = opgeloste_dataset.instellingen
    render_brieven(opgeloste_dataset.puzzel, settings, tmp_path)
    nieuw = changed(opgeloste_dataset, "Emmen", "inbreng_oek", 10)
    expected = overzicht_from(nieuw, tmp_path / "ref")
    real = uitvoer._verplaats

    def interrupt_once(src, dst, done):
        real(src, dst, done)
        if len(done) == 3:
            os.kill(os.getpid(), signum)
            time.sleep(0.01)

    monkeypatch.setattr(uitvoer, "_verplaats", interrupt_once)
    folder = tmp_path / BRIEF_DATUM
    with pytest.raises(Interrupted) as caught:
        render_brieven(nieuw.puzzel, settings, tmp_path)
    assert caught.value.melding == (f"afgebroken direct na het schrijven; de bestanden in {folder} zijn wel "
                                    "geschreven.")
    rows = one_state(folder)
    assert len(rows) == 12 and not (folder / SLOT).exists()
    assert rows == expected and inbreng_oek(folder / "06-Emmen.docx") == rows[5]["inbreng_oek"]


def overzicht_from(dataset: Dataset, folder: Path) -> list[dict[str, str]]:
    """The overzicht rows a fresh run on `dataset` writes."""
    return overzicht(render_brieven(dataset.puzzel, dataset.instellingen, folder).map)


def test_two_runs_at_once_into_one_folder_leave_one_complete_set(opgeloste_dataset, tmp_path):
    """Two runs at once on different tables (12 and 11 gemeenten), many rounds: both succeed, one whole set remains."""
    settings = opgeloste_dataset.instellingen
    states = [changed(opgeloste_dataset, "Emmen", "inbreng_oek", 10), without_gemeente(opgeloste_dataset, "Aa en Hunze")]
    expected = [overzicht_from(s, tmp_path / f"ref{i}") for i, s in enumerate(states)]
    errors: list[BaseException] = []

    def run(dataset: Dataset) -> None:
        try:
            render_brieven(dataset.puzzel, settings, tmp_path / "uit")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    for _ in range(4):
        threads = [threading.Thread(target=run, args=(s,)) for s in states]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        rows = one_state(tmp_path / "uit" / BRIEF_DATUM)
        assert rows in expected
    assert all(p.is_file() for p in (tmp_path / "uit" / BRIEF_DATUM / VORIGE).iterdir())


def test_a_live_lock_makes_a_run_wait_and_then_refuse_naming_who_holds_it(opgeloste_dataset, tmp_path, monkeypatch):
    """Another run's lock (a colleague's pc): wait, then a Dutch refusal naming them; nothing written."""
    settings = opgeloste_dataset.instellingen
    folder = tmp_path / BRIEF_DATUM
    folder.mkdir()
    (folder / SLOT).write_text('{"pid": 1, "computer": "PC-ANNA", "gebruiker": "anna", "sinds": "2026-11-27T14:03:05"}')
    monkeypatch.setattr(uitvoer, "WACHTTIJD", 0.2)
    with pytest.raises(PuzzelError) as caught:
        render_brieven(opgeloste_dataset.puzzel, settings, tmp_path)
    assert "hier schrijft op dit moment al anna op computer PC-ANNA (sinds 27-11-2026 14:03:05)" in caught.value.melding
    assert sorted(p.name for p in folder.iterdir()) == [SLOT]


def dead_pid() -> int:
    """The id of a process that has ended."""
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True, capture_output=True, text=True)
    return int(proc.stdout)


def test_what_a_killed_run_left_is_cleaned_up_by_the_next_run(opgeloste_dataset, tmp_path):
    """A lock of a dead process on this pc is taken over; the killed run's staging folder is removed."""
    import socket

    from xlpuzzel.storage import _host_tag

    settings = opgeloste_dataset.instellingen
    folder = render_brieven(opgeloste_dataset.puzzel, settings, tmp_path).map
    (folder / SLOT).write_text(f'{{"pid": {dead_pid()}, "computer": "{socket.gethostname()}", "gebruiker": "x"}}')
    staging = folder / f".~puzzel-{_host_tag()}-{dead_pid()}-0123abcd.tmp"
    (staging / "nieuw").mkdir(parents=True)
    (staging / "nieuw" / "06-Emmen.docx").write_bytes(b"half")
    result = render_brieven(opgeloste_dataset.puzzel, settings, tmp_path)
    assert len(one_state(result.map)) == 12
    assert not staging.exists() and not (folder / SLOT).exists()


@pytest.mark.slow
def test_a_run_killed_at_any_moment_leaves_only_whole_files(opgeloste_werkmap, tmp_path):
    """`puzzel brieven` killed (SIGKILL) at several moments: every letter in the folder opens; the next run is whole."""
    uit = tmp_path / "uit"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "xlpuzzel", "brieven", str(opgeloste_werkmap), "--uit", str(uit)]
    assert subprocess.run(command, env=env, capture_output=True, check=False).returncode == 0
    folder = uit / BRIEF_DATUM
    start = time.monotonic()
    subprocess.run(command, env=env, capture_output=True, check=False)
    duration = time.monotonic() - start
    for fraction in (0.5, 0.8, 0.9, 0.95, 0.98):
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * fraction)
        proc.kill()
        proc.wait()
        for letter in folder.glob("*.docx"):
            Document(str(letter))  # a whole zip, never a truncated one
    assert subprocess.run(command, env=env, capture_output=True, check=False).returncode == 0
    assert len(one_state(folder)) == 12
    assert not (folder / VORIGE).exists() or all(p.is_file() for p in (folder / VORIGE).iterdir())


# --- PDFs (LibreOffice) -------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is niet geïnstalleerd")
def test_a_rerun_without_pdf_leaves_no_pdf_with_old_numbers_beside_the_new_letters(opgeloste_dataset, tmp_path):
    """--pdf, a change, then a run without --pdf: the old PDFs go to vorige/, overzicht has no PDF column entries."""
    settings = opgeloste_dataset.instellingen
    first = render_brieven(opgeloste_dataset.puzzel, settings, tmp_path, pdf=True)
    assert len(first.pdfs) == 12 and all(r["pdf"] for r in one_state(first.map))
    old = inbreng_oek(first.map / "06-Emmen.docx")
    nieuw = changed(opgeloste_dataset, "Emmen", "inbreng_oek", 10)
    second = render_brieven(nieuw.puzzel, settings, tmp_path)
    rows = one_state(second.map)
    assert not list(second.map.glob("*.pdf")) and not any(r["pdf"] for r in rows)
    assert sorted(p.name for p in (second.map / VORIGE).iterdir()) == sorted(p.name for p in first.pdfs)
    assert inbreng_oek(second.map / "06-Emmen.docx") != old
    with contextlib.suppress(FileNotFoundError):
        text = subprocess.run(["pdftotext", "-layout", str(second.map / VORIGE / "06-Emmen.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert old in text


def test_register_lists_each_file_of_the_set_with_its_hash(opgeloste_dataset, tmp_path):
    """The register beside the letters names every file the tool wrote there, and nothing else."""
    import hashlib
    import json

    result = render_brieven(opgeloste_dataset.puzzel, opgeloste_dataset.instellingen, tmp_path, gemeenten=["Assen"])
    register = json.loads((result.map / REGISTER).read_text(encoding="utf-8"))["bestanden"]
    assert sorted(register) == ["02-Assen.docx", "overzicht.csv"]
    for name, entry in register.items():
        assert entry["sha256"] == hashlib.sha256((result.map / name).read_bytes()).hexdigest()


def test_a_letter_open_in_libreoffice_stops_the_run_before_anything_moves(opgeloste_dataset, tmp_path):
    """LibreOffice's lock file beside a letter counts like Word's: a Dutch refusal naming it, nothing changed."""
    settings = opgeloste_dataset.instellingen
    first = render_brieven(opgeloste_dataset.puzzel, settings, tmp_path)
    (first.map / ".~lock.06-Emmen.docx#").write_text(",anna,PC-ANNA,27.11.2026 14:03,file:///home/anna;")
    before = {p.name: p.read_bytes() for p in first.map.iterdir() if p.is_file()}
    with pytest.raises(PuzzelError, match=r"06-Emmen.docx: het bestand is geopend in LibreOffice"):
        render_brieven(changed(opgeloste_dataset, "Emmen", "inbreng_oek", 10).puzzel, settings, tmp_path)
    assert {p.name: p.read_bytes() for p in first.map.iterdir() if p.is_file()} == before
