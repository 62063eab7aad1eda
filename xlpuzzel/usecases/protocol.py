"""The workbook as every use case sees it: what they read, and the one plan through which they write.

Two adapters implement :class:`Werkmap`: the file (:class:`xlpuzzel.workbookfile.WorkbookFile`:
the package patched in memory, written back under a lock, re-checked, atomically) and live
Excel (:class:`xlpuzzel.excel.werkmap.LiveWerkmap`: xlwings, bulk reads and writes; also
xlwings Lite, so nothing here may need threads or subprocesses). A use case reads through
the protocol, decides with the pure core (:mod:`xlpuzzel.bijstelling`,
:mod:`xlpuzzel.controle`) and hands the adapter one :class:`Schrijfplan`; the adapter decides
only *how* to write it (a named cell style, a note, a row of cells), never *what*.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # `puzzel controleer` imports this module and needs none of change tracking
    from xlpuzzel.bijstelling import Basis, LogRegel, Markering, Ontmarkering
    from xlpuzzel.model import Puzzel
    from xlpuzzel.sheetdata import Cel


@dataclass(frozen=True)
class Blad:
    """A sheet a plan writes: the ranges in `wis` emptied, then `cellen` (A1 -> value) set; formats stay."""

    cellen: Mapping[str, object]
    #: Ranges or cells ('A1:M60', 'B7') whose contents go first (their formats stay, as Excel's Clear Contents).
    wis: tuple[str, ...] = ()
    #: Made hidden when the sheet does not exist yet (an existing sheet keeps its visibility).
    verborgen: bool = False


@dataclass(frozen=True)
class Schrijfplan:
    """Everything one run changes in a workbook; the adapter applies all of it or nothing.

    Applied in this order: what is typed, then its history, then the flags.

    - `cellen`: values typed into cells of sheet `blad` (e.g. a proposal taken over); the
      formulas' stored results are then stale, so the file is marked to recalculate on open;
    - `bladen`: other sheets a writer owns (e.g. 'Voorstel'), made when missing; never the
      puzzel sheet, Basis or Wijzigingslog;
    - `logregels`: rows appended to sheet Wijzigingslog, in this order (made when missing);
    - `basis`: the new baseline, replacing sheet Basis (made when missing, hidden);
    - `markeren` / `ontmarkeren`: cells of sheet `blad` that get or lose the flag
      'Tussentijds bijgesteld' (the named style and the tool's line in the note).
    """

    blad: str
    #: Who writes: the author of new notes (the log rows name their own user).
    auteur: str = ""
    markeren: tuple[Markering, ...] = ()
    ontmarkeren: tuple[Ontmarkering, ...] = ()
    logregels: tuple[LogRegel, ...] = ()
    basis: Basis | None = None
    bladen: Mapping[str, Blad] = field(default_factory=dict)
    cellen: Mapping[str, object] = field(default_factory=dict)

    @property
    def leeg(self) -> bool:
        """True when there is nothing to write."""
        return not (self.markeren or self.ontmarkeren or self.logregels or self.basis is not None or self.bladen
                    or self.cellen)


@dataclass(frozen=True)
class Toegepast:
    """What applying a plan did beyond the plan itself."""

    #: Cells that got no note because they hold a threaded comment (their flag is the style alone).
    zonder_notitie: tuple[str, ...] = ()
    #: File adapter: the file written (symbolic links resolved) and its backup.
    opgeslagen: str | None = None
    reservekopie: str | None = None


class Werkmap(Protocol):
    """A puzzel workbook, open for one run of one use case."""

    @property
    def naam(self) -> str:
        """How messages name the workbook ('puzzel.xlsm'); '' in live Excel, where it is the open one."""
        ...

    @property
    def reservekopie(self) -> str | None:
        """The backup a repair can start from ('puzzel.xlsm.bak'), None where there is none."""
        ...

    def puzzel(self) -> Puzzel:
        """The puzzel table by defined name, every entry with its sheet and cell."""
        ...

    def instellingen(self) -> Mapping[str, object]:
        """Sheet Instellingen as key -> value."""
        ...

    def blad(self, naam: str) -> Mapping[str, object] | None:
        """A sheet's non-empty cells (A1 -> value, dates as dates), None when there is no such sheet."""
        ...

    def blad_met_formules(self, naam: str) -> Mapping[str, Cel] | None:
        """A sheet's cells with their formula text and error flag (A1 -> Cel), None when there is no such sheet.

        For checks that compare a formula with the standard one (sheets Landelijk and
        Prognose); an engine that cannot read formulas gives values only.
        """
        ...

    def verwijzing(self, naam: str) -> str | None:
        """What a workbook-level defined name refers to ('Wijzigingslog!$K$2:$L$50'), None without one."""
        ...

    def notities(self) -> Mapping[str, str]:
        """Cell -> note text of every note on the puzzel sheet (the tool's and the user's)."""
        ...

    def pas_toe(self, plan: Schrijfplan) -> Toegepast:
        """Write the plan into the workbook (a file: saved, under the rules of :mod:`xlpuzzel.storage`)."""
        ...


def meld(werkmap: Werkmap, tekst: str) -> str:
    """A use case's message as each front shows it: after the file's name on the command line, as a sentence in Excel."""
    return f"{werkmap.naam}: {tekst}" if werkmap.naam else tekst[:1].upper() + tekst[1:]
