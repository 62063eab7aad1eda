"""CLI subcommands, one module each: `add_arguments(parser)` and `run(args) -> int`.

A command opens the workbook (:func:`xlpuzzel.workbookfile.open_workbook`), asks what only
the user can say (options), calls one use case (:mod:`xlpuzzel.usecases`) and prints the
result. No workflow lives here.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from xlpuzzel.errors import UnusableWorkbook

#: The workbook a command uses when none is named: this file in the current folder, nowhere else.
WERKMAP_NAAM = "puzzel.xlsm"


class StandaardWerkmap(str):
    """The default of every WERKMAP argument; :func:`kies_werkmap` turns it into a path (or an exit 2)."""


#: Put as `default=` of a WERKMAP argument (argparse keeps the object, so the default is recognised).
STANDAARD_WERKMAP = StandaardWerkmap(WERKMAP_NAAM)


def kies_werkmap(value: str) -> str:
    """The workbook to use: as given, or for the default `puzzel.xlsm` in the current folder when it is there.

    Never another folder (not the installation's copy): without one here, a Dutch error
    naming the folder.
    """
    if not isinstance(value, StandaardWerkmap):
        return value
    folder = Path.cwd()
    if not (folder / WERKMAP_NAAM).exists() and not (folder / WERKMAP_NAAM).is_symlink():
        raise UnusableWorkbook(
            f"geen werkmap opgegeven, en in de map {folder} staat geen {WERKMAP_NAAM}. Geef de werkmap op "
            f"achter de opdracht (bijvoorbeeld D:\\Puzzel\\{WERKMAP_NAAM}) of ga eerst naar de map met de werkmap."
        )
    return WERKMAP_NAAM


def werkmap_argument(parser: argparse.ArgumentParser, wat: str = "werkmap") -> None:
    """The optional WERKMAP of every command that opens a workbook; `wat` says in the help what it holds."""
    parser.add_argument(
        "werkmap", nargs="?", default=STANDAARD_WERKMAP, metavar="WERKMAP",
        help=f"{wat} (.xlsm of .xlsx); standaard {WERKMAP_NAAM} in de huidige map",
    )
