"""Where the tool may write its outputs (letters, memo, exports) and how a folder of them changes.

One place for three rules, used by `brieven`, `memo`, `log --woo` and the ribbon:

1. **The guard** (:func:`controleer_uitvoerpad`): an output never lands on the workbook or
   its `.bak` (not even with `--overschrijf`), nor on an existing file the tool did not
   make, unless the user says `--overschrijf`.
2. **How the tool knows it made a file**: the register `.xlpuzzel-uitvoer.json` in the
   output folder lists each file the tool wrote there with its SHA-256 (and, for documents,
   a fingerprint of the numbers it shows). A file is the tool's own while it is listed
   *and* its bytes are unchanged; a letter signed in Word or an export saved again by
   Excel is the user's file from then on. A register lives beside the files it describes,
   so it moves with a copied folder, and losing it only makes the tool more careful.
3. **One run at a time, all or nothing** (:class:`UitvoerMap`): a lock file in the folder
   (created atomically, naming who and since when; a lock left by a dead process on this
   computer is taken over), new files staged in a hidden folder beside their place and
   renamed in only when every one is ready, displaced files moved to `vorige/` (never
   deleted, never overwritten there), the register written last. A failure while moving
   undoes the moves made so far; Ctrl+C or a termination signal waits for the few
   milliseconds the moves take. Leftovers of a killed run (only the tool's own hidden
   names) are removed by the next run.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from xlpuzzel.errors import PuzzelError

REGISTER = ".xlpuzzel-uitvoer.json"
SLOT = ".xlpuzzel-uitvoer.lock"
#: Hidden staging folders of a run; anything with this prefix is the tool's own leftover.
TIJDELIJK = ".xlpuzzel-tmp-"
VORIGE = "vorige"
#: How long a run waits for another run's lock before refusing (the lock is held only while moving files).
WACHTTIJD = 15.0
#: A lock file that is still empty after this many seconds was left by a run killed while taking it.
LEGE_SLOT_LEEFTIJD = 30.0


class UitvoerFout(PuzzelError):
    """An output cannot or may not be written; the message is Dutch and names the file or folder."""


# --- what the tool made -------------------------------------------------------------------


@dataclass(frozen=True)
class Vastgelegd:
    """A register entry: which kind of output, its SHA-256, and what state of the workbook it shows."""

    soort: str
    sha256: str
    staat: str | None = None


def sha256(data: bytes) -> str:
    """Hex SHA-256 of bytes."""
    return hashlib.sha256(data).hexdigest()


def _sha256_bestand(pad: Path) -> str | None:
    try:
        with open(pad, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest() if hasattr(hashlib, "file_digest") else sha256(fh.read())
    except OSError:
        return None


def lees_register(map_: Path) -> dict[str, Vastgelegd]:
    """The register of a folder; empty when there is none or it cannot be read (then nothing counts as the tool's)."""
    try:
        data = json.loads((map_ / REGISTER).read_text(encoding="utf-8"))
        return {
            str(naam): Vastgelegd(str(e["soort"]), str(e["sha256"]), None if e.get("staat") is None else str(e["staat"]))
            for naam, e in data["bestanden"].items()
            if _is_uitvoernaam(str(naam))  # an edited register never points outside its folder
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _is_uitvoernaam(naam: str) -> bool:
    """A plain file name in the folder: no path, not the tool's own bookkeeping."""
    return (
        bool(naam) and naam not in (".", "..", REGISTER, SLOT, VORIGE) and not naam.startswith(TIJDELIJK)
        and "/" not in naam and "\\" not in naam and ":" not in naam
    )


def is_eigen_bestand(pad: Path, register: dict[str, Vastgelegd] | None = None) -> bool:
    """True when the tool wrote this file and nobody changed it since (per the folder's register)."""
    pad = Path(pad)
    if pad.is_symlink() or not pad.is_file():
        return False
    entry = (lees_register(pad.parent) if register is None else register).get(pad.name)
    return entry is not None and _sha256_bestand(pad) == entry.sha256


# --- the guard ------------------------------------------------------------------------------


def backup_pad(werkmap: Path) -> Path:
    """The `.bak` the write layer keeps beside a workbook (`puzzel.xlsm.bak`)."""
    return werkmap.with_name(werkmap.name + ".bak")


def zelfde_bestand(a: Path, b: Path) -> bool:
    """True when two paths name one file: through symlinks, hard links, `..` and Windows' letter case."""
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def controleer_uitvoerpad(
    pad: str | os.PathLike[str], *, werkmap: str | os.PathLike[str] | None = None, overschrijf: bool = False
) -> Path:
    """Refuse (UitvoerFout) an output path that is the workbook, its `.bak`, or a file the tool did not make.

    The workbook and its `.bak` are refused always; an existing file that is not the tool's
    own (see :func:`is_eigen_bestand`) only without `overschrijf`. A missing folder is not
    an error here: the writer creates it.
    """
    target = Path(pad)
    if target.is_dir():
        raise UitvoerFout(f"{target}: dit is een map; geef een bestandsnaam. Er is niets geschreven.")
    if werkmap is not None:
        wb = Path(werkmap)
        if zelfde_bestand(target, wb):
            raise UitvoerFout(
                f"{target} is de werkmap zelf; een export mag die nooit vervangen. Kies met --uit een andere "
                "naam. Er is niets geschreven."
            )
        if zelfde_bestand(target, backup_pad(wb)):
            raise UitvoerFout(
                f"{target} is de reservekopie van de werkmap; een export mag die nooit vervangen. Kies met --uit "
                "een andere naam. Er is niets geschreven."
            )
    if (target.exists() or target.is_symlink()) and not overschrijf and not is_eigen_bestand(target):
        raise UitvoerFout(
            f"{target} bestaat al en is niet door xlpuzzel gemaakt (of is daarna gewijzigd). Gebruik --overschrijf "
            "om het te vervangen, of kies met --uit een andere naam. Er is niets geschreven."
        )
    return target


def maak_map(map_: Path) -> bool:
    """Create a missing output folder (and its parents); True when it was created. Dutch error naming it."""
    if map_.is_dir():
        return False
    if map_.exists():
        raise UitvoerFout(f"{map_}: er staat al een bestand met die naam, geen map. Er is niets geschreven.")
    try:
        map_.mkdir(parents=True)
    except FileExistsError:
        return False
    except OSError as exc:
        raise UitvoerFout(
            f"{map_}: de map bestaat niet en kan niet worden gemaakt ({exc.strerror}). Er is niets geschreven."
        ) from exc
    return True


def geopend_door(pad: Path) -> str | None:
    """The program that has the file open, by its lock file beside it (Word, Excel, LibreOffice), else None."""
    naam = pad.name
    office = {".docx": "Word", ".doc": "Word", ".xlsx": "Excel", ".xlsm": "Excel", ".csv": "Excel"}.get(
        pad.suffix.lower(), "Word of Excel"
    )
    for lock, wie in (
        ("~$" + naam, office),
        ("~$" + naam[2:], office),
        (".~lock." + naam + "#", "LibreOffice"),
    ):
        if len(lock) > 2 and (pad.parent / lock).exists():
            return f"{wie} (vergrendelbestand {lock})"
    return None


# --- one run changes a folder -----------------------------------------------------------------


@dataclass(frozen=True)
class Bestaand:
    """A file of a set already in the folder: its register fingerprint and whether it is still the tool's own."""

    naam: str
    staat: str | None
    eigen: bool


@dataclass(frozen=True)
class Vastlegging:
    """What a committed run changed: the files written, and where displaced files went."""

    geschreven: tuple[Path, ...]
    vorige: tuple[Path, ...] = ()


@dataclass
class _Nieuw:
    naam: str
    soort: str
    sha: str
    staat: str | None


@dataclass
class UitvoerMap:
    """One run's changes to an output folder, under its lock, committed all at once by :meth:`vastleggen`.

    Use as a context manager. `vorige=True` (documents): an existing file that is replaced
    while it is not the tool's unchanged own goes to `vorige/` first, so a letter edited by
    hand is never lost. `vorige=False` (exports, after :func:`controleer_uitvoerpad`
    allowed it): it is replaced.
    """

    map: Path
    vorige: bool = True
    #: Seconds to wait for another run's lock; None: :data:`WACHTTIJD`.
    wachttijd: float | None = None
    _gemaakt: bool = field(default=False, init=False)
    _slot: str | None = field(default=None, init=False)
    _werk: Path | None = field(default=None, init=False)
    _register: dict[str, Vastgelegd] = field(default_factory=dict, init=False)
    _nieuw: dict[str, _Nieuw] = field(default_factory=dict, init=False)
    _weg: list[str] = field(default_factory=list, init=False)

    def __enter__(self) -> UitvoerMap:  # noqa: PYI034 - Python 3.10 has no typing.Self
        self._gemaakt = maak_map(self.map)
        try:
            self._slot = _neem_slot(self.map, WACHTTIJD if self.wachttijd is None else self.wachttijd)
            _ruim_resten_op(self.map)
            self._register = lees_register(self.map)
            werk = self.map / f"{TIJDELIJK}{os.getpid()}-{secrets.token_hex(4)}"
            try:
                (werk / "nieuw").mkdir(parents=True)
            except OSError as exc:
                raise UitvoerFout(f"{self.map}: opslaan mislukt ({exc.strerror}); er is niets geschreven.") from exc
            self._werk = werk
        except BaseException:
            self._sluit()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self._sluit()

    def _sluit(self) -> None:
        if self._werk is not None:
            shutil.rmtree(self._werk, ignore_errors=True)
            self._werk = None
        if self._slot is not None:
            _geef_slot_vrij(self.map, self._slot)
            self._slot = None
        if self._gemaakt:
            with contextlib.suppress(OSError):
                self.map.rmdir()  # only when the run left it empty

    # -- reading what is there

    def bestaande(self, soort: str, patroon: re.Pattern[str]) -> dict[str, Bestaand]:
        """The files of a set in the folder: listed for `soort` in the register, or named like one (older runs)."""
        namen = {n for n, e in self._register.items() if e.soort == soort}
        try:
            namen |= {p.name for p in self.map.iterdir() if patroon.fullmatch(p.name)}
        except OSError as exc:
            raise UitvoerFout(f"{self.map}: de map kan niet worden gelezen ({exc.strerror}).") from exc
        out = {}
        for naam in sorted(namen):
            pad = self.map / naam
            if not pad.is_file() or pad.is_symlink():
                continue
            entry = self._register.get(naam)
            eigen = entry is not None and entry.soort == soort and is_eigen_bestand(pad, self._register)
            out[naam] = Bestaand(naam, entry.staat if entry and eigen else None, eigen)
        return out

    # -- staging

    def schrijf(self, naam: str, inhoud: bytes | Path, soort: str, staat: str | None = None) -> None:
        """Stage a file for `<map>/<naam>` (bytes, or a finished file to copy); nothing is visible yet."""
        assert self._werk is not None, "UitvoerMap buiten 'with'"
        if not _is_uitvoernaam(naam):
            raise ValueError(f"no output name: {naam!r}")
        doel = self._werk / "nieuw" / naam
        try:
            data = inhoud.read_bytes() if isinstance(inhoud, Path) else inhoud
            with open(doel, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise UitvoerFout(
                f"{self.map / naam}: opslaan mislukt ({exc.strerror}); er is niets geschreven."
            ) from exc
        self._nieuw[naam] = _Nieuw(naam, soort, sha256(data), staat)

    def naar_vorige(self, naam: str) -> None:
        """Mark a file of an earlier run to move into `vorige/` when the run commits."""
        if naam not in self._weg:
            self._weg.append(naam)

    # -- commit

    def vastleggen(self) -> Vastlegging:
        """Move everything into place at once; on any failure undo what was moved and raise UitvoerFout."""
        assert self._werk is not None, "UitvoerMap buiten 'with'"
        vervangen = [n for n in self._nieuw if (self.map / n).exists() or (self.map / n).is_symlink()]
        weg = [
            n for n in self._weg
            if n not in self._nieuw and (self.map / n).is_file() and not self._zelfde_als_nieuw(n, vervangen)
        ]
        for naam in [*self._nieuw, *weg]:
            open_in = geopend_door(self.map / naam)
            if open_in is not None:
                raise UitvoerFout(
                    f"{self.map / naam}: het bestand is geopend in {open_in}. Sluit het en probeer het opnieuw; "
                    "er is niets geschreven."
                )
        naar_vorige = list(weg)
        opzij = []
        for naam in vervangen:
            if self.vorige and not is_eigen_bestand(self.map / naam, self._register):
                naar_vorige.append(naam)
            else:
                opzij.append(naam)
        gedaan: list[tuple[Path, Path]] = []
        vorige_map = self.map / VORIGE
        vorige_gemaakt = False
        verplaatst: list[Path] = []
        register = self._nieuw_register([*weg, *vervangen])
        with _zonder_onderbreking():
            try:
                if naar_vorige:
                    vorige_gemaakt = maak_map(vorige_map)
                for naam in naar_vorige:
                    bestemming = _vrije_naam(vorige_map, naam)
                    _verplaats(self.map / naam, bestemming, gedaan)
                    verplaatst.append(bestemming)
                (self._werk / "oud").mkdir(exist_ok=True)
                for naam in opzij:
                    _verplaats(self.map / naam, self._werk / "oud" / naam, gedaan)
                for naam in self._nieuw:
                    _verplaats(self._werk / "nieuw" / naam, self.map / naam, gedaan)
                tijdelijk = self._werk / REGISTER
                with open(tijdelijk, "w", encoding="utf-8") as fh:
                    fh.write(json.dumps(register, indent=1, ensure_ascii=False, sort_keys=True))
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tijdelijk, self.map / REGISTER)
            except OSError as exc:
                for bron, doel in reversed(gedaan):
                    with contextlib.suppress(OSError):
                        os.replace(doel, bron)
                if vorige_gemaakt:
                    with contextlib.suppress(OSError):
                        vorige_map.rmdir()
                pad = exc.filename or self.map
                raise UitvoerFout(
                    f"{pad}: opslaan mislukt ({exc.strerror}); is het bestand geopend in een ander programma? "
                    "Er is niets geschreven."
                ) from exc
        geschreven = tuple(self.map / n for n in self._nieuw)
        self._gemaakt = False
        self._nieuw, self._weg = {}, []
        return Vastlegging(geschreven=geschreven, vorige=tuple(verplaatst))

    def _zelfde_als_nieuw(self, naam: str, vervangen: list[str]) -> bool:
        """On Windows '06-emmen.docx' is the new '06-Emmen.docx': replaced, not moved as well."""
        return any(
            n.casefold() == naam.casefold() and zelfde_bestand(self.map / n, self.map / naam) for n in vervangen
        )

    def _nieuw_register(self, weg: list[str]) -> dict[str, object]:
        bestanden = {
            n: e for n, e in self._register.items() if n not in weg and n not in self._nieuw and (self.map / n).is_file()
        }
        for n, e in self._nieuw.items():
            bestanden[n] = Vastgelegd(e.soort, e.sha, e.staat)
        self._register = bestanden
        return {
            "versie": 1,
            "toelichting": "Bestanden die xlpuzzel in deze map schreef (SHA-256); niet wijzigen.",
            "bestanden": {
                n: {"soort": e.soort, "sha256": e.sha256, **({"staat": e.staat} if e.staat else {})}
                for n, e in sorted(bestanden.items())
            },
        }


def _verplaats(bron: Path, doel: Path, gedaan: list[tuple[Path, Path]]) -> None:
    os.replace(bron, doel)
    gedaan.append((bron, doel))


def _vrije_naam(map_: Path, naam: str) -> Path:
    """`naam` in `map_`, or `stem (2).ext`, `stem (3).ext`, … when taken: nothing in vorige/ is overwritten."""
    pad = map_ / naam
    stem, suffix = Path(naam).stem, Path(naam).suffix
    n = 2
    while pad.exists() or pad.is_symlink():
        pad = map_ / f"{stem} ({n}){suffix}"
        n += 1
    return pad


@contextlib.contextmanager
def _zonder_onderbreking() -> Iterator[None]:
    """Hold Ctrl+C and SIGTERM for the few milliseconds of moving files in.

    Ctrl+C that arrives then is dropped: the work is done, and the run reports truthfully
    what it wrote (a KeyboardInterrupt now would print "er is niets opgeslagen"). A
    termination signal is delivered again once the set is complete.
    """
    ontvangen: list[int] = []
    oud: dict[int, object] = {}
    if threading.current_thread() is threading.main_thread():
        for naam in ("SIGINT", "SIGTERM", "SIGBREAK"):
            sig = getattr(signal, naam, None)
            if sig is not None:
                with contextlib.suppress(ValueError, OSError):
                    oud[sig] = signal.signal(sig, lambda s, _f: ontvangen.append(s))
    try:
        yield
    finally:
        for sig, handler in oud.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]
        for sig in dict.fromkeys(ontvangen):
            if sig != signal.SIGINT:
                os.kill(os.getpid(), sig)


# --- the folder lock -------------------------------------------------------------------------


def _wie() -> dict[str, object]:
    try:
        import getpass

        gebruiker = getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (service account): the lock still works
        gebruiker = "onbekend"
    return {
        "pid": os.getpid(),
        "computer": socket.gethostname(),
        "gebruiker": gebruiker,
        "sinds": dt.datetime.now().isoformat(timespec="seconds"),
        "sleutel": secrets.token_hex(8),
    }


def _lees_slot(pad: Path) -> dict[str, object] | None:
    try:
        data = json.loads(pad.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


def _neem_slot(map_: Path, wachttijd: float) -> str:
    """Create the folder's lock file atomically; wait for a live holder, take over a dead one; the key."""
    pad = map_ / SLOT
    ik = _wie()
    tekst = json.dumps(ik, ensure_ascii=False).encode("utf-8")
    einde = time.monotonic() + wachttijd
    while True:
        try:
            fd = os.open(pad, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            houder = _lees_slot(pad)
            if _verlaten(pad, houder):
                _breek_slot(pad, houder)
                continue
            if time.monotonic() >= einde:
                raise UitvoerFout(_bezet(map_, pad, houder)) from None
            time.sleep(0.05)
            continue
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise UitvoerFout(f"{map_}: geen schrijfrechten in deze map; er is niets geschreven.") from exc
            raise UitvoerFout(f"{map_}: de map kan niet worden gebruikt ({exc.strerror}).") from exc
        try:
            os.write(fd, tekst)
        finally:
            os.close(fd)
        return str(ik["sleutel"])


def _bezet(map_: Path, pad: Path, houder: dict[str, object] | None) -> str:
    if houder is None:
        wie = "een andere run"
    else:
        wie = f"{houder.get('gebruiker', '?')} op {houder.get('computer', '?')} (sinds {houder.get('sinds', '?')})"
    return (
        f"{map_}: hier schrijft op dit moment al {wie}. Wacht tot dat klaar is en probeer het opnieuw; er is "
        f"niets geschreven. Draait er zeker niets meer, verwijder dan het bestand {pad.name} in die map."
    )


def _verlaten(pad: Path, houder: dict[str, object] | None) -> bool:
    """A lock left behind: its process on this computer is gone, or it stayed empty (killed while taking it)."""
    if houder is None:
        try:
            return time.time() - pad.stat().st_mtime > LEGE_SLOT_LEEFTIJD
        except OSError:
            return False
    if houder.get("computer") != socket.gethostname():
        return False
    pid = houder.get("pid")
    return isinstance(pid, int) and not proces_leeft(pid)


def _breek_slot(pad: Path, houder: dict[str, object] | None) -> None:
    """Remove a dead lock, but only the one that was read: a lock another run took meanwhile stays."""
    opzij = pad.with_name(f"{pad.name}.{os.getpid()}-{secrets.token_hex(4)}")
    try:
        os.rename(pad, opzij)
    except OSError:
        return  # another run took it over first
    if _lees_slot(opzij) != houder and not pad.exists():
        try:
            os.rename(opzij, pad)  # a fresh lock was moved by mistake: give it back
            return
        except OSError:
            pass
    with contextlib.suppress(OSError):
        opzij.unlink()


def _geef_slot_vrij(map_: Path, sleutel: str) -> None:
    pad = map_ / SLOT
    houder = _lees_slot(pad)
    if houder is not None and houder.get("sleutel") == sleutel:
        with contextlib.suppress(OSError):
            pad.unlink()


def proces_leeft(pid: int) -> bool:
    """True when a process with this id runs on this computer (Windows: OpenProcess; elsewhere: signal 0)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - Windows only; os.kill(pid, 0) would end the process there
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.GetLastError() == 5  # ERROR_ACCESS_DENIED: it exists, owned by someone else
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _ruim_resten_op(map_: Path) -> None:
    """Remove what killed runs left in the folder: the tool's own hidden staging folders and lock copies."""
    with contextlib.suppress(OSError):
        for pad in map_.iterdir():
            if pad.name.startswith(TIJDELIJK) and pad.is_dir() and not pad.is_symlink():
                shutil.rmtree(pad, ignore_errors=True)
            elif pad.name.startswith(SLOT + ".") and pad.is_file():
                with contextlib.suppress(OSError):
                    pad.unlink()

