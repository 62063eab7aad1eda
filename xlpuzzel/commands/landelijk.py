"""`puzzel landelijk`: the national picture of sheet Landelijk (LRT dashboard) — cards, table, findings.

`puzzel prognose` (sheet Prognose) has the same shape and uses :func:`add_beeld_arguments` and
:func:`toon_beeld` from here: open the workbook, read the sheet's picture, print text or JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from xlpuzzel.commands import werkmap_argument


def add_beeld_arguments(parser: argparse.ArgumentParser, blad: str, json_inhoud: str) -> None:
    """WERKMAP and --json of a command that shows a sheet's picture (`blad` names the sheet in the help)."""
    werkmap_argument(parser, f"werkmap met blad {blad}")
    parser.add_argument("--json", action="store_true", help=f"{json_inhoud} als JSON")


def toon_beeld(args: argparse.Namespace, lees: Callable[[Any], Any], tekst: Callable[[Any, str], str]) -> int:
    """Open the workbook, read the picture with use case `lees`, print it (`tekst`) or its JSON; exit 1 on a fout."""
    from xlpuzzel.workbookfile import open_workbook

    with open_workbook(args.werkmap) as werkmap:
        beeld = lees(werkmap)
    if args.json:
        sys.stdout.write(json.dumps({"werkmap": werkmap.naam, **beeld.to_dict()}, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(tekst(beeld, werkmap.naam))
    return 1 if beeld.fouten else 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `puzzel landelijk`."""
    add_beeld_arguments(parser, "Landelijk", "kaarten, tabel en bevindingen")


def run(args: argparse.Namespace) -> int:
    """Read the workbook, compute the cards and check the sheet; exit 1 when there is a finding of severity fout."""
    from xlpuzzel.landelijk.beeld import landelijk_tekst
    from xlpuzzel.usecases import landelijk_beeld

    return toon_beeld(args, landelijk_beeld, landelijk_tekst)
