"""Writes that cannot lose an acknowledged change: the lock, other programs' locks, the backup, symbolic links,
temporary files, the output guard and the default workbook."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import type_value

from xlpuzzel.cli import main
from xlpuzzel.package import package_bytes, parts_from_bytes
from xlpuzzel.resources import ROOT
from xlpuzzel.storage import (
    StorageError,
    _host_tag,
    computer,
    guard_output,
    lock_path,
    remove_leftovers,
)

T1 = "2026-11-27T14:03:05"


@pytest.fixture
def werkmap(tmp_path: Path, shipped_bytes: bytes) -> Path:
    """The shipped workbook with one number changed since the baseline (H7: 128 -> 0)."""
    parts = parts_from_bytes(shipped_bytes)
    type_value(parts, "H7", 0)
    path = tmp_path / "puzzel.xlsm"
    path.write_bytes(package_bytes(parts))
    return path


def markeer(path: Path | str, *extra: str) -> int:
    return main(["bijstellingen", str(path), "--gebruiker", "jan", "--tijdstip", T1, *extra])


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".~puzzel"))


def dead_pid() -> int:
    """The id of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def write_lock(path: Path, **fields: object) -> None:
    record = {"gebruiker": "Piet", "computer": computer(), "pid": os.getpid(), "start": "", "sinds": "2026-11-27T10:00:00",
              "opdracht": "bijstellingen", "sleutel": "x"}
    record.update(fields)
    lock_path(path).write_text(json.dumps(record), encoding="utf-8")


def open_in(program: str, werkmap: Path) -> Path:
    """The lock file Excel (user Anna) or LibreOffice (user Jan Jansen) keeps beside a workbook it has open."""
    if program == "Excel":
        lock = werkmap.with_name("~$" + werkmap.name)
        lock.write_bytes(bytes([4]) + b"Anna" + bytes(49) + bytes(110))
    else:
        lock = werkmap.with_name(f".~lock.{werkmap.name}#")
        lock.write_text("Jan Jansen,pc-12,jan,27.11.2026 10:00,file:///x;\n", encoding="utf-8")
    return lock


# ------------------------------------------------------------------ the lock


def test_a_lock_held_by_a_running_command_refuses_naming_who_and_since_when(werkmap: Path, capsys) -> None:
    """Another run holds the lock: exit 2, the holder named in Dutch, the workbook byte-identical."""
    write_lock(werkmap)
    before = werkmap.read_bytes()
    assert markeer(werkmap) == 2
    err = capsys.readouterr().err
    assert f"bijgewerkt door Piet op computer {computer()} (puzzel bijstellingen, sinds 27-11-2026 10:00:00)" in err
    assert "er is niets opgeslagen" in err
    assert werkmap.read_bytes() == before
    assert lock_path(werkmap).exists()


def test_a_lock_of_a_dead_process_on_this_computer_is_taken_over(werkmap: Path, capsys) -> None:
    """A run killed while holding the lock does not block the next one; the lock is gone after it."""
    write_lock(werkmap, pid=dead_pid())
    assert markeer(werkmap) == 0
    assert "1 cel gemarkeerd" in capsys.readouterr().out
    assert not lock_path(werkmap).exists()
    assert leftovers(werkmap.parent) == []


def test_a_lock_from_another_computer_is_never_taken_over(werkmap: Path, capsys) -> None:
    """Whether a process on another computer still runs cannot be seen: its lock refuses."""
    write_lock(werkmap, computer="ANDER-PC", pid=dead_pid(), gebruiker="Anna")
    assert markeer(werkmap) == 2
    assert "Anna op computer ANDER-PC" in capsys.readouterr().err


def test_excel_and_libreoffice_lock_files_refuse_a_write_naming_the_user(werkmap: Path, capsys) -> None:
    """Excel's owner file and LibreOffice's `.~lock.<name>#` both mean the workbook is open: nothing written."""
    before = werkmap.read_bytes()
    libre = open_in("LibreOffice", werkmap)
    assert markeer(werkmap) == 2
    assert "geopend in LibreOffice door Jan Jansen (vergrendelbestand .~lock.puzzel.xlsm#)" in capsys.readouterr().err
    libre.unlink()
    open_in("Excel", werkmap)
    assert main(["basis", str(werkmap), "--ja", "--gebruiker", "jan"]) == 2
    assert "geopend in Excel door Anna (vergrendelbestand ~$puzzel.xlsm)" in capsys.readouterr().err
    assert werkmap.read_bytes() == before
    assert not lock_path(werkmap).exists()


def test_an_empty_lock_left_by_a_run_killed_while_taking_it_is_taken_over_after_a_while(werkmap: Path, capsys) -> None:
    """A lock file without a record: fresh, it is someone taking the lock (refused, named as such); older than
    the empty-lock age, its run was killed while taking it (taken over, the write goes through)."""
    from xlpuzzel.storage import EMPTY_LOCK_AGE_S

    lock_path(werkmap).write_bytes(b"")
    assert markeer(werkmap) == 2
    assert "een andere opdracht van xlpuzzel (het vergrendelbestand wordt net gemaakt of is onleesbaar)" in (
        capsys.readouterr().err)
    old = time.time() - EMPTY_LOCK_AGE_S - 5
    os.utime(lock_path(werkmap), (old, old))
    assert markeer(werkmap) == 0
    assert "1 cel gemarkeerd" in capsys.readouterr().out
    assert not lock_path(werkmap).exists() and leftovers(werkmap.parent) == []


def test_the_workbook_lock_and_the_output_folder_lock_are_one_implementation(tmp_path: Path) -> None:
    """Both are storage.LockFile: the same record, the same description of the holder, the same take-over; no
    other module creates a lock file, checks a process or installs a signal handler."""
    from xlpuzzel.storage import LockFile, WorkbookLock, describe_holder, read_lock
    from xlpuzzel.uitvoer import SLOT, UitvoerMap

    werkmap = tmp_path / "puzzel.xlsm"
    werkmap.write_bytes(b"x")
    with WorkbookLock(werkmap, "bijstellingen", "jan") as lock, UitvoerMap(tmp_path / "uit", opdracht="memo"):
        assert isinstance(lock, LockFile)
        records = [read_lock(lock.path), read_lock(tmp_path / "uit" / SLOT)]
    assert [sorted(r) for r in records] == [sorted(lock.record())] * 2
    assert describe_holder(records[1]).startswith(f"{records[1]['gebruiker']} op computer {computer()} (puzzel memo, ")
    for path in (ROOT / "xlpuzzel").rglob("*.py"):
        if path.name == "storage.py":
            continue
        text = path.read_text(encoding="utf-8")
        for mechanism in ("O_EXCL", "signal.signal(", "pid_alive(", "_start_token", "import getpass"):
            assert mechanism not in text, (path.name, mechanism)


# ------------------------------------------------------------------ backup and symbolic links


def shared_behind_a_link(werkmap: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The workbook moved into a shared folder, and a symbolic link to it where it was used: (target, link)."""
    shared = tmp_path / "gedeeld"
    shared.mkdir()
    target = shared / "puzzel.xlsm"
    werkmap.rename(target)
    link = tmp_path / "snelkoppeling.xlsm"
    link.symlink_to(target)
    return target, link



def test_the_backup_is_a_whole_copy_of_the_version_read(werkmap: Path) -> None:
    """`.bak` holds exactly the bytes that were read and replaced."""
    before = werkmap.read_bytes()
    assert markeer(werkmap) == 0
    assert werkmap.with_name("puzzel.xlsm.bak").read_bytes() == before


def test_a_backup_that_is_a_symbolic_link_is_replaced_not_written_through(werkmap: Path, tmp_path: Path) -> None:
    """A `.bak` pointing to another file: that file stays as it was; the `.bak` becomes a plain copy."""
    elsewhere = tmp_path / "belangrijk.docx"
    elsewhere.write_bytes(b"niet overschrijven")
    bak = werkmap.with_name("puzzel.xlsm.bak")
    bak.symlink_to(elsewhere)
    before = werkmap.read_bytes()
    assert markeer(werkmap) == 0
    assert elsewhere.read_bytes() == b"niet overschrijven"
    assert not bak.is_symlink() and bak.read_bytes() == before


def test_a_workbook_that_is_a_symbolic_link_is_written_at_its_target(werkmap: Path, tmp_path: Path, capsys) -> None:
    """The shared target is updated, the link stays a link, and the message names the real file."""
    target, link = shared_behind_a_link(werkmap, tmp_path)
    shared = target.parent
    before = target.read_bytes()
    assert markeer(link) == 0
    out = capsys.readouterr().out
    assert link.is_symlink()
    assert target.read_bytes() != before
    assert f"Opgeslagen: {target} (via de koppeling {link}; vorige versie: {target}.bak)." in out
    assert (shared / "puzzel.xlsm.bak").read_bytes() == before
    assert not (tmp_path / "snelkoppeling.xlsm.bak").exists()


# ------------------------------------------------------------------ temporary files


def test_a_failed_replace_leaves_the_workbook_whole_and_no_temporary_files(werkmap: Path, capsys, monkeypatch) -> None:
    """The disk fails at the last step: Dutch message, the workbook as it was, no `.~puzzel-*` files, no lock."""
    before = werkmap.read_bytes()
    real_replace = os.replace

    def failing(src: str, dst: str) -> None:
        if Path(dst) == werkmap:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr("xlpuzzel.storage.os.replace", failing)
    assert markeer(werkmap) == 2
    assert capsys.readouterr().err.endswith("de schijf is vol; er is niets opgeslagen.\n")
    assert werkmap.read_bytes() == before
    assert leftovers(werkmap.parent) == []


def test_sigterm_during_a_write_removes_temporary_files_and_the_lock(werkmap: Path) -> None:
    """A run stopped by SIGTERM while writing: the workbook unchanged, its temp files and lock gone, a Dutch line."""
    script = (
        "import sys, time, xlpuzzel.storage as s\n"
        "real = s._write_temp\n"
        "def slow(*a, **k):\n"
        "    p = real(*a, **k); print('schrijft', flush=True); time.sleep(30); return p\n"
        "s._write_temp = slow\n"
        "from xlpuzzel.cli import main\n"
        f"sys.exit(main(['bijstellingen', {str(werkmap)!r}, '--gebruiker', 'jan']))\n"
    )
    before = werkmap.read_bytes()
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "schrijft"
    assert leftovers(werkmap.parent)  # the lock and a temporary file exist now
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=20)
    assert proc.returncode == 2
    assert err.strip() == "puzzel bijstellingen: afgebroken; er is niets opgeslagen."
    assert werkmap.read_bytes() == before
    assert leftovers(werkmap.parent) == []


def test_leftovers_of_a_killed_run_are_removed_by_the_next_one(werkmap: Path) -> None:
    """Only the tool's own pattern, and only of a process that no longer runs (or older than a day)."""
    folder = werkmap.parent
    dead = folder / f".~puzzel-{_host_tag()}-{dead_pid()}-0123abcd.tmp"
    live = folder / f".~puzzel-{_host_tag()}-{os.getpid()}-0123abcd.tmp"
    elsewhere = folder / ".~puzzel-ANDERPC-12-0123abcd.tmp"
    old = folder / ".~puzzel-ANDERPC-13-0123abcd.tmp"
    foreign = folder / ".~puzzel-notities.tmp"
    for p in (dead, live, elsewhere, old, foreign):
        p.write_bytes(b"x")
    os.utime(old, (time.time() - 3 * 86400,) * 2)
    assert markeer(werkmap) == 0
    assert sorted(p.name for p in (dead, live, elsewhere, old, foreign) if p.exists()) == sorted(
        [live.name, elsewhere.name, foreign.name]
    )
    assert remove_leftovers(folder) == []


# ------------------------------------------------------------------ the output guard


def test_the_output_guard_never_lets_an_export_replace_the_workbook_or_its_backup(werkmap: Path, tmp_path: Path) -> None:
    """Refused always: the workbook (also through a link) and its `.bak`; a foreign file only without overwrite."""
    bak = werkmap.with_name("puzzel.xlsm.bak")
    bak.write_bytes(b"bak")
    link = tmp_path / "ook-de-werkmap.xlsx"
    link.symlink_to(werkmap)
    for target in (werkmap, bak, link, tmp_path / "." / "puzzel.xlsm"):
        with pytest.raises(StorageError, match="ook niet met --overschrijf"):
            guard_output(target, workbook=werkmap, overwrite=True)
    foreign = tmp_path / "notities.csv"
    foreign.write_text("eigen werk")
    with pytest.raises(StorageError, match="bestaat al en is niet door xlpuzzel gemaakt"):
        guard_output(foreign, workbook=werkmap)
    assert guard_output(foreign, workbook=werkmap, overwrite=True) == foreign.resolve()
    assert guard_output(foreign, workbook=werkmap, own=lambda p: p.name == "notities.csv") == foreign.resolve()
    assert guard_output(tmp_path / "nieuw.csv", workbook=werkmap) == (tmp_path / "nieuw.csv").resolve()
    with pytest.raises(StorageError, match="dit is een map"):
        guard_output(tmp_path, workbook=werkmap)


# ------------------------------------------------------------------ the default workbook


@pytest.mark.parametrize("command", [
    ["controleer"], ["controleer", "--json"], ["bijstellingen"], ["basis", "--ja"], ["log"], ["log", "--woo"],
    ["brieven"], ["memo"], ["landelijk"], ["prognose", "--json"],
])
def test_without_werkmap_only_puzzel_xlsm_in_the_current_folder_is_used(
    command: list[str], tmp_path: Path, monkeypatch, capsys
) -> None:
    """No fallback to the installation's copy: from a folder without puzzel.xlsm, exit 2 naming that folder."""
    monkeypatch.chdir(tmp_path)
    shipped = (ROOT / "puzzel.xlsm").read_bytes()
    assert main(command) == 2
    out, err = capsys.readouterr()
    assert f"geen werkmap opgegeven, en in de map {tmp_path} staat geen puzzel.xlsm" in err
    if "--json" in command:
        assert json.loads(out)["fout"].startswith("geen werkmap opgegeven")
    else:
        assert out == ""
    assert (ROOT / "puzzel.xlsm").read_bytes() == shipped
    assert list(tmp_path.iterdir()) == []


def test_every_command_that_reads_a_workbook_defaults_to_the_current_folder() -> None:
    """No command falls back to the installation's copy: each WERKMAP default is 'puzzel.xlsm here'."""
    from xlpuzzel.cli import COMMANDS, build_parser
    from xlpuzzel.commands import StandaardWerkmap

    parser = build_parser()
    required = {"nieuwe-ronde": ["--uit", "nieuw.xlsm"]}
    for name in COMMANDS:
        if name in ("bouw", "nieuw"):  # they write a workbook from data files, and read none
            continue
        args = parser.parse_args([name, *required.get(name, [])])
        assert isinstance(args.werkmap, StandaardWerkmap), name
    from xlpuzzel.commands.bouw import doel

    assert doel(parser.parse_args(["bouw"])) == Path("puzzel.xlsm")
    assert doel(parser.parse_args(["bouw", "--lite"])) == Path("puzzel-lite.xlsx")


def test_without_werkmap_the_current_folders_puzzel_xlsm_is_used(werkmap: Path, monkeypatch, capsys) -> None:
    """From the workbook's folder, no argument is needed."""
    monkeypatch.chdir(werkmap.parent)
    assert main(["controleer"]) == 1
    assert capsys.readouterr().out.startswith("Controle van puzzel.xlsm")


def test_controleer_json_prints_json_on_exit_2_too(tmp_path: Path, capsys) -> None:
    """`--json` callers read JSON whatever happens: {"werkmap": …, "fout": …}."""
    missing = tmp_path / "weg.xlsm"
    assert main(["controleer", str(missing), "--json"]) == 2
    out, err = capsys.readouterr()
    assert json.loads(out) == {"werkmap": str(missing), "fout": f"{missing}: bestand niet gevonden."}
    assert err == f"puzzel controleer: {missing}: bestand niet gevonden.\n"


@pytest.mark.parametrize("moment", ["na-tijdelijk-bestand", "na-tweede-tijdelijk-bestand", "na-reservekopie"])
def test_a_run_killed_while_writing_leaves_whole_files_and_the_next_run_cleans_up(werkmap: Path, moment: str,
                                                                                 capsys) -> None:
    """SIGKILL (no clean-up possible) at each step of a write: workbook and `.bak` stay whole; the next run
    takes over the dead lock, removes the leftovers and saves."""
    hooks = {
        "na-tijdelijk-bestand": "s._write_temp = stop_after(s._write_temp, 1)",
        "na-tweede-tijdelijk-bestand": "s._write_temp = stop_after(s._write_temp, 2)",
        "na-reservekopie": "s.os.replace = stop_after(s.os.replace, 1)",
    }
    script = (
        "import os, signal, sys, xlpuzzel.storage as s\n"
        "def stop_after(real, n):\n"
        "    calls = []\n"
        "    def hook(*a, **k):\n"
        "        out = real(*a, **k); calls.append(1)\n"
        "        if len(calls) == n: os.kill(os.getpid(), signal.SIGKILL)\n"
        "        return out\n"
        "    return hook\n"
        f"{hooks[moment]}\n"
        "from xlpuzzel.cli import main\n"
        f"sys.exit(main(['bijstellingen', {str(werkmap)!r}, '--gebruiker', 'jan']))\n"
    )
    before = werkmap.read_bytes()
    (werkmap.parent / "puzzel.xlsm.bak").write_bytes(b"oude reservekopie")
    done = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert done.returncode == -signal.SIGKILL
    assert werkmap.read_bytes() == before
    bak = werkmap.with_name("puzzel.xlsm.bak").read_bytes()
    assert bak in (b"oude reservekopie", before)  # the old backup or a whole new one, never half of one
    assert lock_path(werkmap).exists() and [n for n in leftovers(werkmap.parent) if n.endswith(".tmp")]
    assert markeer(werkmap) == 0
    assert "1 cel gemarkeerd" in capsys.readouterr().out
    assert leftovers(werkmap.parent) == []
    assert werkmap.with_name("puzzel.xlsm.bak").read_bytes() == before


# ------------------------------------------------------------------ puzzel bouw --overschrijf


def bouw(target: Path, *extra: str) -> int:
    return main(["bouw", "--uit", str(target), *extra])


def test_bouw_overschrijf_keeps_the_version_it_replaced_as_bak(werkmap: Path, capsys) -> None:
    """Replacing a changed workbook: the bytes read under the lock become `.bak`, the lock is gone afterwards."""
    before = werkmap.read_bytes()
    assert bouw(werkmap) == 2
    assert "bestaat al en wijkt af van de bronbestanden" in capsys.readouterr().err
    assert bouw(werkmap, "--overschrijf") == 0
    out = capsys.readouterr().out
    assert out == (f"Werkmap vervangen: {werkmap.resolve()} (12 gemeenten); de vorige versie staat in "
                   f"{werkmap.resolve()}.bak.\n")
    assert werkmap.with_name("puzzel.xlsm.bak").read_bytes() == before
    assert werkmap.read_bytes() == (ROOT / "puzzel.xlsm").read_bytes()
    assert leftovers(werkmap.parent) == []


@pytest.mark.parametrize("program", ["Excel", "LibreOffice", "xlpuzzel"])
def test_bouw_overschrijf_is_refused_while_the_workbook_is_open_or_locked(werkmap: Path, program: str, capsys) -> None:
    """Excel's owner file, LibreOffice's lock file or another run's lock: exit 2 naming it, nothing written."""
    if program in ("Excel", "LibreOffice"):
        open_in(program, werkmap)
        expected = f"geopend in {program} door {'Anna' if program == 'Excel' else 'Jan Jansen'}"
    else:
        write_lock(werkmap)
        expected = f"bijgewerkt door Piet op computer {computer()} (puzzel bijstellingen, sinds 27-11-2026 10:00:00)"
    before = werkmap.read_bytes()
    assert bouw(werkmap, "--overschrijf") == 2
    err = capsys.readouterr().err
    assert expected in err and "er is niets opgeslagen" in err
    assert werkmap.read_bytes() == before
    assert not werkmap.with_name("puzzel.xlsm.bak").exists()


def test_bouw_overschrijf_writes_a_linked_workbook_at_its_target_and_never_through_a_linked_bak(
    werkmap: Path, tmp_path: Path, capsys
) -> None:
    """The workbook a symbolic link: the shared target is replaced, the link stays; a `.bak` that is a link is
    replaced by a plain copy, the file it pointed to untouched."""
    target, link = shared_behind_a_link(werkmap, tmp_path)
    shared = target.parent
    elsewhere = tmp_path / "belangrijk.docx"
    elsewhere.write_bytes(b"niet overschrijven")
    (shared / "puzzel.xlsm.bak").symlink_to(elsewhere)
    before = target.read_bytes()
    assert bouw(link, "--overschrijf") == 0
    assert f"Werkmap vervangen: {target.resolve()} via de koppeling {link}" in capsys.readouterr().out
    assert link.is_symlink() and target.read_bytes() == (ROOT / "puzzel.xlsm").read_bytes()
    assert elsewhere.read_bytes() == b"niet overschrijven"
    bak = shared / "puzzel.xlsm.bak"
    assert not bak.is_symlink() and bak.read_bytes() == before
