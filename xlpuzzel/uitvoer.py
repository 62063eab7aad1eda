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
3. **One run at a time, all or nothing** (:class:`UitvoerMap`): the folder's own lock file,
   taken, described, broken and released by the one lock of :class:`xlpuzzel.storage.LockFile`
   (a live holder is waited for a while, a lock left by a dead process is taken over); new
   files staged in a hidden folder beside their place (a temporary name of
   :mod:`xlpuzzel.storage`) and renamed in only when every one is ready, displaced files
   moved to `vorige/` (never deleted, never overwritten there), the register written last.
   A failure while moving undoes the moves made so far; Ctrl+C or a termination signal waits
   for the few milliseconds the moves take (:func:`xlpuzzel.storage.critical_section`) and
   then stops the run saying the set is written. Leftovers of a killed run are removed by
   the next run (:func:`xlpuzzel.storage.remove_leftovers`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from xlpuzzel.errors import PuzzelError
from xlpuzzel.storage import (
    LockFile,
    StorageError,
    critical_section,
    describe_holder,
    guard_output,
    is_leftover_name,
    open_elsewhere,
    same_file,
    temp_name,
)

REGISTER = ".xlpuzzel-uitvoer.json"
SLOT = ".xlpuzzel-uitvoer.lock"
VORIGE = "vorige"
#: How long a run waits for another run's lock before refusing (the lock is held only while moving files).
WACHTTIJD = 15.0


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
        bool(naam) and naam not in (".", "..", REGISTER, SLOT, VORIGE) and not is_leftover_name(naam)
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


def controleer_uitvoerpad(
    pad: str | os.PathLike[str], *, werkmap: str | os.PathLike[str] | None = None, overschrijf: bool = False
) -> Path:
    """Refuse (UitvoerFout) an output path that is the workbook, its `.bak`, or a file the tool did not make.

    The rules are :func:`xlpuzzel.storage.guard_output`'s (the one output guard); what counts
    as the tool's own file is the folder's register (:func:`is_eigen_bestand`). A missing
    folder is not an error here: the writer creates it.
    """
    try:
        guard_output(pad, workbook=werkmap, overwrite=overschrijf, own=is_eigen_bestand)
    except StorageError as exc:
        raise UitvoerFout(exc.melding) from exc
    return Path(pad)


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
    #: What runs, as the lock names it to a colleague who must wait ('brieven', 'memo', 'log --woo').
    opdracht: str = ""
    _gemaakt: bool = field(default=False, init=False)
    _slot: LockFile | None = field(default=None, init=False)
    _werk: Path | None = field(default=None, init=False)
    _register: dict[str, Vastgelegd] = field(default_factory=dict, init=False)
    _nieuw: dict[str, _Nieuw] = field(default_factory=dict, init=False)
    _weg: list[str] = field(default_factory=list, init=False)

    def __enter__(self) -> UitvoerMap:  # noqa: PYI034 - Python 3.10 has no typing.Self
        self._gemaakt = maak_map(self.map)
        try:
            slot = LockFile(self.map / SLOT, lambda houder: _bezet(self.map, houder), command=self.opdracht,
                            wait=WACHTTIJD if self.wachttijd is None else self.wachttijd, subject=self.map)
            try:
                slot.__enter__()  # also removes what killed runs left in the folder
            except StorageError as exc:
                raise UitvoerFout(exc.melding) from exc
            self._slot = slot
            self._register = lees_register(self.map)
            werk = temp_name(self.map)
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
            self._slot.__exit__(None, None, None)
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
            open_in = open_elsewhere(self.map / naam)
            if open_in is not None:
                raise UitvoerFout(
                    f"{self.map / naam}: het bestand is {open_in}. Sluit het en probeer het opnieuw; "
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
        klaar = f"afgebroken direct na het schrijven; de bestanden in {self.map} zijn wel geschreven."
        with critical_section(klaar):  # the lock holds signals_as_exceptions
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
            n.casefold() == naam.casefold() and same_file(self.map / n, self.map / naam) for n in vervangen
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


# --- the folder lock -------------------------------------------------------------------------


def _bezet(map_: Path, houder: dict[str, object] | None) -> str:
    """The refusal when another run keeps the folder's lock longer than a run waits."""
    return (
        f"{map_}: hier schrijft op dit moment al {describe_holder(houder)}. Wacht tot dat klaar is en probeer het "
        f"opnieuw; er is niets geschreven. Draait er zeker niets meer, verwijder dan het bestand {SLOT} in die map."
    )
