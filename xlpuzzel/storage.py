"""Files on disk: read a workbook once, write it back only when no acknowledged change can be lost.

The write rules (README, "Opslaan"), each in one place here:

- **Lock** (:class:`WorkbookLock`): a writer holds `.~puzzel.<name>.lock` beside the workbook
  from reading to replacing. It is created atomically and names who, on which computer,
  since when and with which command. A lock of a process on this computer that no longer
  runs (or one left empty by a run killed while taking it) is taken over; any other lock is
  refused with a Dutch message naming its holder.
  Excel's `~$<name>` and LibreOffice's `.~lock.<name>#` refuse a write as well.
- **Re-check** (:func:`replace_workbook`): just before replacing, the file on disk must still
  be the one that was read (size, modification time, file id and SHA-256); otherwise nothing
  is written ("De werkmap is intussen gewijzigd …; voer de opdracht opnieuw uit").
- **Backup**: the bytes that were read go to `<name>.bak`, written as a temporary file and
  renamed, so the `.bak` is whole or the old one; a `.bak` that is a symbolic link is
  replaced by a file, never written through. A workbook that is a symbolic link is written
  at its target (the real path is what messages name).
- **Temporary files** (and a document run's staging folder) are named
  `.~puzzel-<computer>-<pid>-<random>.tmp` beside their target, removed on every way out
  (exceptions, Ctrl+C, SIGTERM: :func:`signals_as_exceptions`); the renames that make a
  write visible finish before a signal stops the run (:func:`critical_section`). Leftovers
  of a killed run (that pattern only, of a dead process on this computer or older than a
  day) are removed by the next write or lock in that folder (:func:`remove_leftovers`).
- **Locks** are one implementation (:class:`LockFile`): the workbook's lock above, and the
  lock of an output folder (:class:`xlpuzzel.uitvoer.UitvoerMap`, its own lock file).
- **Outputs** (:func:`guard_output`, the one guard every export and document writer calls):
  never the workbook or its `.bak`, never an existing file the tool did not make unless
  the user says `--overschrijf`.

Nothing here parses a workbook: that is :mod:`xlpuzzel.package`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from xlpuzzel.errors import PuzzelError, UnusableWorkbook

if TYPE_CHECKING:
    from typing_extensions import Self

#: The workbook itself is held in memory whole; a puzzel is tens of KB, Excel's limit is far away.
MAX_FILE_BYTES = 512 * 1024 * 1024
#: Leftover temporary files of any computer older than this are removed too.
LEFTOVER_AGE_S = 24 * 3600
_LEFTOVER = re.compile(r"^\.~puzzel-([A-Za-z0-9]*)-(\d+)-[0-9a-f]+\.(tmp|oud)$")


class StorageError(UnusableWorkbook):
    """A file cannot be read or written as asked; the message is Dutch and names the file."""


class Interrupted(PuzzelError):
    """The run was stopped by a signal (Ctrl+C, SIGTERM); temporary files and the lock are gone."""


# ---------------------------------------------------------------------------- this computer


def computer() -> str:
    """This computer's name as locks and temporary files record it."""
    import socket

    return socket.gethostname() or "onbekend"


def _host_tag() -> str:
    return re.sub(r"[^A-Za-z0-9]", "", computer())[:24]


def _start_token(pid: int) -> str:
    """When a process started (Linux), so a pid reused by another program is not taken for the lock holder."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[19].decode()
    except (OSError, IndexError):
        return ""


def pid_alive(pid: int, start: str = "") -> bool:
    """True when a process with this id runs on this computer (and, where known, started at `start`)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return not start or _start_token(pid) in ("", start)


def _windows_pid_alive(pid: int) -> bool:
    # os.kill(pid, 0) would TerminateProcess on Windows: ask the kernel instead.
    import ctypes

    kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.GetLastError() == 5  # type: ignore[attr-defined] # access denied: it exists
    try:
        code = ctypes.c_ulong()
        ok = kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        return bool(ok) and code.value == 259  # STILL_ACTIVE
    finally:
        kernel.CloseHandle(handle)


def current_user() -> str:
    """The user as the lock names them: Windows' USERNAME, else the login name."""
    import getpass

    name = os.environ.get("USERNAME")
    if not name:
        try:
            name = getpass.getuser()
        except (OSError, KeyError):
            name = ""
    return " ".join(str(name).split()) or "onbekend"


# ---------------------------------------------------------------------------- signals


_state = threading.local()


@contextlib.contextmanager
def signals_as_exceptions() -> Iterator[None]:
    """While inside: SIGTERM (and SIGHUP) raise :class:`Interrupted` like Ctrl+C, so `finally` clean-up runs.

    During the renames that replace a file (:func:`critical_section`) any of them, Ctrl+C too, waits
    until the renames are done, so "niets opgeslagen" is never said of a file that was saved.

    Only the main thread can install handlers; elsewhere (a ribbon callback, a test thread)
    this does nothing. Nested use keeps the outer handlers.
    """
    if threading.current_thread() is not threading.main_thread() or getattr(_state, "depth", 0):
        _state.depth = getattr(_state, "depth", 0) + 1
        try:
            yield
        finally:
            _state.depth -= 1
        return

    def handler(signum: int, _frame: object) -> None:
        if getattr(_state, "critical", 0):
            _state.pending = signum
            return
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise Interrupted("afgebroken; er is niets opgeslagen.")

    previous: dict[int, object] = {}
    for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK"):
        number = getattr(signal, name, None)
        if number is None:
            continue
        try:
            previous[number] = signal.signal(number, handler)
        except (ValueError, OSError, RuntimeError):
            continue
    _state.depth = 1
    try:
        yield
    finally:
        _state.depth = 0
        for number, old in previous.items():
            with contextlib.suppress(ValueError, OSError, RuntimeError, TypeError):
                signal.signal(number, old)  # type: ignore[arg-type]


#: What a run stopped right after replacing the workbook says.
SAVED_THEN_STOPPED = "afgebroken direct na het opslaan; de werkmap is wel opgeslagen."


@contextlib.contextmanager
def critical_section(done: str = SAVED_THEN_STOPPED) -> Iterator[None]:
    """The few system calls that make a write visible (renames): Ctrl+C or SIGTERM waits until they are done.

    A signal that arrived meanwhile then stops the run with :class:`Interrupted` saying
    `done` (what is written, so the user never hears "niets opgeslagen" of a finished write).
    Works inside :func:`signals_as_exceptions` (whose handler defers the signal); elsewhere
    (a ribbon callback, a thread) it changes nothing.
    """
    _state.critical = getattr(_state, "critical", 0) + 1
    try:
        yield
    finally:
        _state.critical -= 1
        pending = getattr(_state, "pending", None)
        if not _state.critical and pending is not None:
            _state.pending = None
            raise Interrupted(done)


# ---------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Snapshot:
    """A workbook file as read: its bytes and what identifies that version on disk."""

    #: The path as the user gave it.
    path: Path
    #: Symbolic links resolved: where it is really written.
    real: Path
    data: bytes
    size: int
    mtime_ns: int
    file_id: tuple[int, int]
    digest: str

    @property
    def backup(self) -> Path:
        """The `.bak` beside the real file."""
        return backup_path(self.real)


def backup_path(workbook: Path) -> Path:
    """The backup the writers keep beside a workbook: `puzzel.xlsm.bak`."""
    return workbook.with_name(workbook.name + ".bak")


def read_file(path: str | os.PathLike[str]) -> Snapshot:
    """Read a workbook file whole, with what identifies this version; Dutch StorageError when it cannot."""
    given = Path(path)
    name = os.fspath(path)
    try:
        real = Path(os.path.realpath(given))
        with open(real, "rb") as fh:
            before = os.fstat(fh.fileno())
            if before.st_size > MAX_FILE_BYTES:
                raise StorageError(
                    f"{name}: het bestand is {before.st_size // (1024 * 1024)} MB groot; een puzzelwerkmap is "
                    "hooguit enkele MB. Er zit iets anders in (grote afbeeldingen of ingesloten bestanden?)."
                )
            data = fh.read(MAX_FILE_BYTES + 1)
            after = os.fstat(fh.fileno())
    except StorageError:
        raise
    except FileNotFoundError as exc:
        raise StorageError(f"{name}: bestand niet gevonden.") from exc
    except IsADirectoryError as exc:
        raise StorageError(f"{name}: dit is een map, geen werkmap.") from exc
    except PermissionError as exc:
        if os.path.isdir(name):
            raise StorageError(f"{name}: dit is een map, geen werkmap.") from exc
        raise StorageError(f"{name}: geen leesrechten (is het bestand geopend in een ander programma?).") from exc
    except OSError as exc:
        raise StorageError(f"{name}: het bestand kan niet gelezen worden ({exc.strerror or exc}).") from exc
    if len(data) != after.st_size or after.st_mtime_ns != before.st_mtime_ns:
        raise StorageError(
            f"{name}: het bestand werd gewijzigd terwijl het gelezen werd (wordt het net opgeslagen?). "
            "Probeer het opnieuw."
        )
    return Snapshot(
        path=given, real=real, data=data, size=after.st_size, mtime_ns=after.st_mtime_ns,
        file_id=(after.st_dev, after.st_ino), digest=hashlib.sha256(data).hexdigest(),
    )


def unchanged_on_disk(snap: Snapshot) -> bool:
    """True when the file at the real path is still the version read: size, time, file id and content."""
    try:
        st = os.stat(snap.real)
        if (st.st_size, st.st_mtime_ns, (st.st_dev, st.st_ino)) != (snap.size, snap.mtime_ns, snap.file_id):
            return False
        with open(snap.real, "rb") as fh:
            return hashlib.sha256(fh.read(MAX_FILE_BYTES + 1)).hexdigest() == snap.digest
    except OSError:
        return False


# ---------------------------------------------------------------------------- locks of other programs


def open_elsewhere(path: Path) -> str | None:
    """Who has the file open in Excel, Word or LibreOffice (by their lock file beside it), in Dutch; else None."""
    name = path.name
    office = "Word" if path.suffix.lower() in (".docx", ".doc", ".docm") else "Excel"
    candidates = [(office, path.with_name("~$" + name))]
    if len(name) > 2:
        candidates.append((office, path.with_name("~$" + name[2:])))
    candidates.append(("LibreOffice", path.with_name(f".~lock.{name}#")))
    for program, lock in candidates:
        try:
            data = lock.read_bytes()[:4096]
        except FileNotFoundError:
            continue
        except OSError:
            data = b""
        who = _libreoffice_owner(data) if program == "LibreOffice" else _excel_owner(data)
        door = f" door {who}" if who else ""
        return f"geopend in {program}{door} (vergrendelbestand {lock.name})"
    return None


def _excel_owner(data: bytes) -> str:
    """The user name in Excel's owner file: a length byte, then the name (ANSI)."""
    if not data or not 0 < data[0] <= 54 or len(data) < 1 + data[0]:
        return ""
    text = data[1 : 1 + data[0]].decode("cp1252", errors="replace")
    return "".join(c for c in text if c.isprintable()).strip()


def _libreoffice_owner(data: bytes) -> str:
    """The user name in LibreOffice's lock file: 'Full Name,host,login,date,…;'."""
    text = data.decode("utf-8", errors="replace")
    first = text.split(",", 1)[0].strip()
    return "".join(c for c in first if c.isprintable())[:80]


# ---------------------------------------------------------------------------- our own locks


#: A lock file still empty (or unreadable) after this many seconds was left by a run killed while taking it.
EMPTY_LOCK_AGE_S = 30.0
#: How often a run waiting for a live lock looks again.
_LOCK_POLL_S = 0.05


def lock_path(workbook: Path) -> Path:
    """The tool's lock beside a workbook: `.~puzzel.<name>.lock`."""
    return workbook.with_name(f".~puzzel.{workbook.name}.lock")


class LockFile:
    """THE tool's exclusive lock: one implementation for the workbook's lock and an output folder's.

    Taken by creating the lock file atomically with a record of who, on which computer, since
    when, with which command and which process (:meth:`record`); released only while it is
    still ours. A lock left behind (:func:`lock_left_behind`: its process on this computer
    no longer runs, or it stayed empty) is broken (:func:`break_lock`) and taken; a live one
    is waited for up to `wait` seconds, then refused with `busy(holder)`, the Dutch message
    naming the holder (:func:`describe_holder`). As a context manager it also turns SIGTERM
    into an exception for as long as it is held (:func:`signals_as_exceptions`).
    """

    def __init__(self, path: Path, busy: Callable[[dict[str, object] | None], str], *, command: str = "",
                 user: str | None = None, wait: float = 0.0, subject: Path | None = None) -> None:
        self.path = path
        self.busy = busy
        self.command = command
        self.user = user or current_user()
        self.wait = wait
        #: What the lock guards, as messages about a failure to write the lock name it.
        self.subject = subject or path
        self.token = os.urandom(8).hex()
        self.held = False
        self._signals: contextlib.ExitStack | None = None

    def __enter__(self) -> Self:
        self._signals = contextlib.ExitStack()
        self._signals.enter_context(signals_as_exceptions())
        try:
            self.acquire()
        except BaseException:
            self._signals.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.release()
        finally:
            if self._signals is not None:
                self._signals.close()

    def record(self) -> dict[str, object]:
        """What the lock file says: who, where, since when, which command, which process."""
        pid = os.getpid()
        return {
            "gebruiker": self.user, "computer": computer(), "pid": pid, "start": _start_token(pid),
            "sinds": dt.datetime.now().replace(microsecond=0).isoformat(), "opdracht": self.command,
            "sleutel": self.token,
        }

    def acquire(self) -> None:
        """Create the lock file atomically; break a lock left behind; wait for a live one, then refuse in Dutch."""
        import json

        data = json.dumps(self.record(), ensure_ascii=False).encode("utf-8")
        remove_leftovers(self.path.parent)
        deadline = time.monotonic() + self.wait
        breaks = 0
        while True:
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o644)
            except FileExistsError:
                holder = read_lock(self.path)
                if breaks < 5 and lock_left_behind(self.path, holder):
                    breaks += 1
                    break_lock(self.path, holder)
                    continue
                if time.monotonic() >= deadline:
                    raise StorageError(self.busy(holder)) from None
                time.sleep(_LOCK_POLL_S)
                continue
            except OSError as exc:
                raise StorageError(_write_problem(self.subject, self.path.parent, exc)) from exc
            try:
                # No fsync: after a crash of the computer the lock is left behind anyway (and broken).
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
            except OSError as exc:
                with contextlib.suppress(OSError):
                    os.unlink(self.path)
                raise StorageError(_write_problem(self.subject, self.path.parent, exc)) from exc
            self.held = True
            return

    def still_ours(self) -> bool:
        """True when the lock file on disk is still this lock (nobody took it over)."""
        found = read_lock(self.path)
        return self.held and found is not None and found.get("sleutel") == self.token

    def release(self) -> None:
        """Remove the lock file if it is still ours."""
        if self.held and self.still_ours():
            with contextlib.suppress(OSError):
                os.unlink(self.path)
        self.held = False


class WorkbookLock(LockFile):
    """The lock on one workbook (`.~puzzel.<name>.lock` beside its real path), held from reading to replacing.

    Never waited for: two writers never both act on the same version, and the second is
    told at once who is busy.
    """

    def __init__(self, workbook: str | os.PathLike[str], command: str, user: str | None = None) -> None:
        self.given = Path(workbook)
        self.workbook = Path(os.path.realpath(self.given))
        path = lock_path(self.workbook)
        super().__init__(path, lambda holder: _held_message(self.given, path, holder), command=command, user=user,
                         subject=self.given)


def read_lock(path: Path) -> dict[str, object] | None:
    """The record in a lock file; None when it cannot be read (being written, damaged, gone)."""
    import json

    try:
        found = json.loads(path.read_bytes()[:65536].decode("utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def lock_left_behind(path: Path, holder: dict[str, object] | None) -> bool:
    """A lock nobody holds any more: of a process on this computer that no longer runs, or still empty (or
    unreadable) after :data:`EMPTY_LOCK_AGE_S` (its run was killed while taking it). A process on another
    computer cannot be seen: its lock is never taken for left behind."""
    if holder is None:
        try:
            return time.time() - path.stat().st_mtime > EMPTY_LOCK_AGE_S
        except OSError:
            return False
    pid = holder.get("pid")
    if holder.get("computer") != computer() or not isinstance(pid, int) or isinstance(pid, bool):
        return False
    return not pid_alive(pid, str(holder.get("start") or ""))


def break_lock(path: Path, holder: dict[str, object] | None) -> bool:
    """Remove a lock left behind, but only the one that was read; False when it turned out to be someone's live lock.

    It is moved aside first (a name of the tool's leftover pattern), compared with what was
    read, and only then deleted; a lock another run took meanwhile is given back.
    """
    aside = path.with_name(f".~puzzel-{_host_tag()}-{os.getpid()}-{os.urandom(6).hex()}.oud")
    try:
        os.rename(path, aside)
    except FileNotFoundError:
        return True  # gone already: try to create it
    except OSError:
        return False
    if read_lock(aside) == holder:
        with contextlib.suppress(OSError):
            os.unlink(aside)
        return True
    # Another process took it over between our look and our move: give it back (never over a newer lock).
    with contextlib.suppress(OSError):
        os.link(aside, path)
    with contextlib.suppress(OSError):
        os.unlink(aside)
    return False


def describe_holder(holder: dict[str, object] | None) -> str:
    """Who holds a lock, in Dutch: 'Piet op computer PC-12 (puzzel bijstellingen, sinds 27-11-2026 10:00:00)'."""
    if holder is None:
        return "een andere opdracht van xlpuzzel (het vergrendelbestand wordt net gemaakt of is onleesbaar)"
    since = str(holder.get("sinds", "?"))
    try:
        since = f"{dt.datetime.fromisoformat(since):%d-%m-%Y %H:%M:%S}"
    except ValueError:
        pass
    command = holder.get("opdracht")
    what = f"puzzel {command}, " if command else ""
    return f"{holder.get('gebruiker', '?')} op computer {holder.get('computer', '?')} ({what}sinds {since})"


def _held_message(workbook: Path, lock: Path, holder: dict[str, object] | None) -> str:
    return (
        f"{workbook}: de werkmap wordt op dit moment bijgewerkt door {describe_holder(holder)}. Wacht tot dat klaar "
        f"is en voer de opdracht opnieuw uit; er is niets opgeslagen. Staat dit al lang zo (die computer is uitgezet "
        f"tijdens het opslaan), verwijder dan het bestand {lock}."
    )


def _write_problem(target: Path, folder: Path, exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return f"{target}: de schijf is vol; er is niets opgeslagen."
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{target}: geen schrijfrechten in de map {folder}; er is niets opgeslagen."
    if isinstance(exc, FileNotFoundError):
        return f"{target}: de map {folder} bestaat niet; er is niets opgeslagen."
    return f"{target}: opslaan mislukt ({exc.strerror or exc}); er is niets opgeslagen."


# ---------------------------------------------------------------------------- temporary files


def temp_name(folder: Path) -> Path:
    """A fresh temporary name in the tool's own pattern (so a later run may remove it as a leftover)."""
    return folder / f".~puzzel-{_host_tag()}-{os.getpid()}-{os.urandom(6).hex()}.tmp"


def is_leftover_name(name: str) -> bool:
    """True for a name of the tool's temporary files and folders (:func:`temp_name`) and set-aside locks."""
    return _LEFTOVER.match(name) is not None


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the tool's temporary files and folders a killed run left in `folder`; returns what was removed.

    Only names of the tool's own pattern, never through a symbolic link, and only of a dead
    process on this computer or older than a day (a run on another computer may still be
    writing). A folder is a document run's staging folder (:class:`xlpuzzel.uitvoer.UitvoerMap`).
    """
    import shutil

    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    host, now = _host_tag(), time.time()
    for entry in entries:
        found = _LEFTOVER.match(entry.name)
        if found is None:
            continue
        try:
            if entry.is_symlink():
                continue
            old = now - entry.stat(follow_symlinks=False).st_mtime > LEFTOVER_AGE_S
            dead = found.group(1) == host and not pid_alive(int(found.group(2)))
            if not (old or dead):
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _file_mode(target: Path) -> int:
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_temp(folder: Path, data: bytes, mode: int, made: list[Path]) -> Path:
    tmp = temp_name(folder)
    made.append(tmp)
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    with contextlib.suppress(OSError):
        os.chmod(tmp, mode)
    return tmp


# ---------------------------------------------------------------------------- replacing the workbook


def check_not_open(snap: Snapshot) -> None:
    """Refuse (StorageError) when Excel or LibreOffice has the workbook open."""
    where = open_elsewhere(snap.real)
    if where is not None:
        raise StorageError(
            f"{snap.path}: de werkmap is {where}. Sluit de werkmap en probeer het opnieuw; er is niets opgeslagen."
        )


def _changed_message(snap: Snapshot) -> str:
    by = open_elsewhere(snap.real)
    who = "een ander programma of een collega" if by is None else f"een ander programma ({by})"
    return (
        f"{snap.path}: de werkmap is intussen gewijzigd door {who}; voer de opdracht opnieuw uit. "
        "Er is niets opgeslagen."
    )


def replace_workbook(snap: Snapshot, data: bytes, lock: WorkbookLock) -> Path:
    """Write `data` as the workbook read in `snap`, keeping `snap`'s bytes as `.bak`; returns the real path.

    Refuses (StorageError, nothing written) when the workbook is open in Excel or
    LibreOffice, when our lock was taken over, or when the file on disk is no longer the
    version read. The backup and the workbook are each written to a temporary file and
    renamed, so either file is whole at every moment.
    """
    check_not_open(snap)
    if not lock.still_ours():
        raise StorageError(
            f"{snap.path}: de vergrendeling van de werkmap is intussen door een andere opdracht overgenomen; "
            "voer de opdracht opnieuw uit. Er is niets opgeslagen."
        )
    if not unchanged_on_disk(snap):
        raise StorageError(_changed_message(snap))
    folder = snap.real.parent
    made: list[Path] = []
    try:
        mode = _file_mode(snap.real)
        tmp = _write_temp(folder, data, mode, made)
        bak_tmp = _write_temp(folder, snap.data, mode, made)
        if snap.backup.is_dir():
            raise StorageError(f"{snap.backup}: dit is een map; de reservekopie kan niet geschreven worden. "
                               "Er is niets opgeslagen.")
        with critical_section():
            if not unchanged_on_disk(snap):
                raise StorageError(_changed_message(snap))
            os.replace(bak_tmp, snap.backup)
            os.replace(tmp, snap.real)
    except OSError as exc:
        raise StorageError(_write_problem(snap.path, folder, exc)) from exc
    finally:
        for path in made:
            with contextlib.suppress(OSError):
                os.unlink(path)
    return snap.real


@contextlib.contextmanager
def locked_for_writing(
    path: str | os.PathLike[str], command: str, user: str | None = None
) -> Iterator[tuple[Snapshot, WorkbookLock]]:
    """The workbook read under its lock, for a writer that will :func:`replace_workbook` it: every writer's way in.

    Refused (Dutch StorageError, nothing written) before anything is computed: a missing
    file or a folder, a file Excel or LibreOffice has open, a read-only file, a lock another
    run holds. The lock is held until the context ends.
    """
    name = os.fspath(path)
    try:
        os.stat(path)
    except OSError:
        read_file(path)  # raises the Dutch message (not found, a folder, ...)
        raise
    with WorkbookLock(path, command, user) as lock:
        snap = read_file(path)
        check_not_open(snap)
        if not os.access(snap.real, os.W_OK):
            raise StorageError(f"{name}: het bestand is alleen-lezen; er is niets opgeslagen.")
        yield snap, lock


def replace_whole(path: str | os.PathLike[str], data: bytes, command: str, user: str | None = None) -> Path:
    """Replace an existing workbook by a new one (`puzzel bouw`, `nieuw`, `nieuwe-ronde` with --overschrijf).

    The same rules as every other writer: :func:`locked_for_writing`, then
    :func:`replace_workbook` (re-checked, the version read kept as `.bak` atomically, a
    symbolic link written at its target). Returns the real path written.
    """
    with locked_for_writing(path, command, user) as (snap, lock):
        return replace_workbook(snap, data, lock)


# ---------------------------------------------------------------------------- new files (exports, documents, builds)


def guard_output(
    target: str | os.PathLike[str],
    *,
    workbook: str | os.PathLike[str] | None = None,
    overwrite: bool = False,
    own: bool | Callable[[Path], bool] = False,
) -> Path:
    """THE output guard: the real path to write `target` at, or a Dutch :class:`StorageError`.

    Refused always: a folder; the workbook the command read (`workbook`, also reached through
    a symbolic link, a hard link or another spelling) and that workbook's `.bak`; a file
    Excel, Word or LibreOffice has open. Refused unless `overwrite` (`--overschrijf`): an
    existing file the tool did not make — `own` says whether it did (True, or a test of the
    path such as "listed in the output register with unchanged bytes"). A missing parent
    folder is fine here: creating it is the writer's choice. Call it for every file written
    other than the workbook itself; :func:`create_new` (a new file) or
    :class:`xlpuzzel.uitvoer.UitvoerMap` (a folder's set of documents or exports) does the writing.
    """
    given = Path(target)
    if given.is_dir():
        raise StorageError(f"{given}: dit is een map; geef een bestandsnaam. Er is niets geschreven.")
    if workbook is not None:
        wb = Path(workbook)
        wb_real = Path(os.path.realpath(wb))
        for what, other in (("de werkmap zelf", wb), ("de reservekopie van de werkmap", backup_path(wb)),
                            ("de reservekopie van de werkmap", backup_path(wb_real))):
            if same_file(given, other):
                raise StorageError(
                    f"{given} is {what}; een export mag die nooit vervangen, ook niet met --overschrijf. "
                    "Kies met --uit een andere naam. Er is niets geschreven."
                )
    real = Path(os.path.realpath(given))
    exists = given.exists() or given.is_symlink()
    if exists:
        where = open_elsewhere(real)
        if where is not None:
            raise StorageError(f"{given}: het bestand is {where}. Sluit het en probeer het opnieuw; "
                               "er is niets geschreven.")
        is_own = own(given) if callable(own) else own
        if not overwrite and not is_own:
            raise StorageError(
                f"{given} bestaat al en is niet door xlpuzzel gemaakt (of is daarna gewijzigd). Gebruik --overschrijf "
                "om het te vervangen, of kies met --uit een andere naam. Er is niets geschreven."
            )
    return real


def same_file(a: Path, b: Path) -> bool:
    """True when two paths name one file: through symbolic links, hard links, `..` and Windows' letter case."""
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


@contextlib.contextmanager
def _temporaries(given: Path, folder: Path) -> Iterator[list[Path]]:
    """The temporary files a write makes (append them to the list): removed on every way out;
    an OSError becomes the Dutch StorageError naming `given`. Signals end the write as exceptions."""
    made: list[Path] = []
    with signals_as_exceptions():
        try:
            yield made
        except OSError as exc:
            raise StorageError(_write_problem(given, folder, exc)) from exc
        finally:
            for p in made:
                with contextlib.suppress(OSError):
                    os.unlink(p)


def create_new(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write `data` as a file that does not exist yet, never over one (not even one made meanwhile).

    The bytes go to a temporary file beside the target, which is then hard-linked to its
    name: an atomic create that fails when the name exists. Where the file system has no hard
    links, an exclusive create is the fallback. For a new workbook (`puzzel nieuw`, a new
    round) without `--overschrijf`; call :func:`guard_output` first.
    """
    given = Path(path)
    folder = Path(os.path.realpath(given.parent if str(given.parent) else Path(".")))
    if not folder.is_dir():
        raise StorageError(f"{given}: de map {folder} bestaat niet; er is niets geschreven.")
    exists = StorageError(
        f"{given} bestaat al; er is niets geschreven. Kies een andere naam, of vervang het bewust (--overschrijf)."
    )
    if given.exists() or given.is_symlink():
        raise exists
    remove_leftovers(folder)
    with _temporaries(given, folder) as made:
        tmp = _write_temp(folder, data, _file_mode(given), made)
        try:
            os.link(tmp, given)
        except FileExistsError:
            raise exists from None
        except OSError:
            try:
                with open(given, "xb") as fh:  # no hard links here: exclusive create, then the bytes
                    fh.write(data)
            except FileExistsError:
                raise exists from None
    return given
