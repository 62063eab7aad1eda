"""A workbook file as a :class:`~xlpuzzel.usecases.Werkmap`: the file adapter of every use case.

`open_workbook(path)` reads the file once (:mod:`xlpuzzel.storage`) into one
:class:`~xlpuzzel.package.Package`; the reader parses it (:mod:`xlpuzzel.reader`) and the
patcher (:mod:`xlpuzzel.patch`) changes that same package, parsing with lxml only the
parts it changes. With `schrijven=True` the tool's lock is held from before reading until
the context ends, and :meth:`WorkbookFile.pas_toe` writes the result back only if the file
on disk is still the one read (see :func:`xlpuzzel.storage.replace_workbook`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from xlpuzzel.errors import UnusableWorkbook
from xlpuzzel.layout import BASIS_SHEET, LOG_SHEET
from xlpuzzel.model import Puzzel
from xlpuzzel.package import Package
from xlpuzzel.reader import PuzzelWorkbook
from xlpuzzel.reader.cells import sheet_cells
from xlpuzzel.reader.ooxml import Book
from xlpuzzel.reader.werkmap import read_book
from xlpuzzel.sheetdata import Cel
from xlpuzzel.storage import (
    Snapshot,
    WorkbookLock,
    backup_path,
    locked_for_writing,
    read_file,
    replace_workbook,
)
from xlpuzzel.usecases.protocol import Schrijfplan, Toegepast

if TYPE_CHECKING:
    from xlpuzzel.patch import Edits
    from xlpuzzel.patch.notes import SheetNotes

#: What a threaded comment's cell reports as its note, after the tool's prefix: its flag is the style alone.
THREADED_NOTE = " (gespreksopmerking: alleen de kleur)"


class WorkbookFile:
    """One workbook file, read once; a writer's copy also holds the lock (see :func:`open_workbook`)."""

    def __init__(self, snap: Snapshot, name: str, lock: WorkbookLock | None = None) -> None:
        self.snap = snap
        self.lock = lock
        self._naam = name
        self.pkg = Package.from_bytes(snap.data, name)
        self.book = Book(self.pkg)
        self._werkmap: PuzzelWorkbook | None = None
        self._sheets: dict[str, dict[str, Cel] | None] = {}
        self._edits: Edits | None = None
        self._notes: SheetNotes | None = None

    # ------------------------------------------------------------------ the protocol: reading
    @property
    def naam(self) -> str:
        """The file as the user named it."""
        return self._naam

    @property
    def reservekopie(self) -> str:
        """The `.bak` beside the file (beside its real path when it is a symbolic link)."""
        given = Path(self._naam)
        return str(self.snap.backup if given.is_symlink() else backup_path(given))

    @property
    def werkmap(self) -> PuzzelWorkbook:
        """The puzzel with provenance, names, instellingen and sheets, as the reader reads them."""
        if self._werkmap is None:
            self._werkmap = read_book(self.book)
        return self._werkmap

    def puzzel(self) -> Puzzel:
        """The puzzel table."""
        return self.werkmap.puzzel

    def instellingen(self) -> Mapping[str, object]:
        """Sheet Instellingen as key -> value."""
        return self.werkmap.instellingen

    def blad(self, naam: str) -> dict[str, object] | None:
        """A sheet's non-empty cells (read once), None when the workbook has no such sheet."""
        cellen = self.blad_met_formules(naam)
        return None if cellen is None else {a: c.value for a, c in cellen.items()}

    def blad_met_formules(self, naam: str) -> dict[str, Cel] | None:
        """A sheet's stored cells with formula text and error flag (read once), None without such a sheet."""
        if naam not in self._sheets:
            found = None
            if self.book.require_part(naam) is not None:
                try:
                    cells = sheet_cells(self.book, naam)
                except OverflowError as exc:  # a huge number in a date-formatted cell read as a date
                    raise UnusableWorkbook(
                        f"{self._naam}: blad {naam}: een cel met datumopmaak bevat een getal dat geen datum kan zijn "
                        "(Excel toont #####); typ daar een datum zoals 1-9-2024."
                    ) from exc
                found = {a: Cel(c.value, c.formula, c.is_error) for a, c in cells.items()}
            self._sheets[naam] = found
        return self._sheets[naam]

    def verwijzing(self, naam: str) -> str | None:
        """What a workbook-level defined name refers to."""
        return self.book.names.get(naam)

    def notities(self) -> dict[str, str]:
        """Cell -> note text on the puzzel sheet; a flagged cell with a threaded comment counts as the tool's note."""
        from xlpuzzel.bijstelling import NOTE_PREFIX
        from xlpuzzel.patch import sheet_notes
        from xlpuzzel.patch.styles import load_styles

        notes = self._notes
        if notes is None:
            notes = self._notes = sheet_notes(self._edit(), self.puzzel().sheet)
        texts = notes.texts()
        threaded = [cel for cel in texts if notes.is_threaded(cel)]
        if threaded:
            styles = load_styles(self._edit())
            for cel in threaded:
                # A threaded comment cannot carry the tool's line; its flag is the style alone. Reported as
                # the tool's note, so a rerun does not try to flag it again and a reverted value unflags it.
                if styles.has_style(notes.sheet.style(cel)):
                    texts[cel] = NOTE_PREFIX + THREADED_NOTE
        return texts

    # ------------------------------------------------------------------ the protocol: writing
    def pas_toe(self, plan: Schrijfplan) -> Toegepast:
        """Patch the package for the plan and replace the file (locked, re-checked, with a `.bak`)."""
        from xlpuzzel.patch import apply_plan

        if plan.leeg:
            return Toegepast()
        if self.lock is None:
            raise RuntimeError("workbook opened for reading only")  # a programming error, not a user's
        edits = self._edit()
        skipped = apply_plan(
            edits, plan, puzzel=self.puzzel(), gebruiker=plan.auteur,
            basis_cells=self.blad(BASIS_SHEET), log_cells=self.blad(LOG_SHEET), notes=self._notes,
        )
        edits.store()
        real = replace_workbook(self.snap, self.pkg.to_bytes(), self.lock)
        return Toegepast(skipped, opgeslagen=str(real), reservekopie=str(backup_path(real)))

    def _edit(self) -> Edits:
        """The write session on this package (lxml), made on first use: reading notes needs it too."""
        from xlpuzzel.patch import Edits

        if self._edits is None:
            self._edits = Edits(self.pkg, self.book)
        return self._edits


@contextlib.contextmanager
def open_workbook(
    path: str | os.PathLike[str], *, schrijven: bool = False, opdracht: str = "", gebruiker: str | None = None
) -> Iterator[WorkbookFile]:
    """Open a workbook file for one use case; with `schrijven`, locked from before reading until the end.

    A writer is refused before anything is computed when Excel or LibreOffice has the file
    open, when it or its folder is read-only, or when another run holds the lock.
    """
    name = os.fspath(path)
    if not schrijven:
        yield WorkbookFile(read_file(path), name)
        return
    with locked_for_writing(path, opdracht, gebruiker) as (snap, lock):
        yield WorkbookFile(snap, name, lock)
