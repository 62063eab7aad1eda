"""`puzzel landelijk`: the national picture of sheet Landelijk (LRT dashboard) — cards, table, findings."""

from __future__ import annotations

import argparse
import json
import sys

from xlpuzzel.commands import STANDAARD_WERKMAP


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `puzzel landelijk`."""
    parser.add_argument(
        "werkmap", nargs="?", default=STANDAARD_WERKMAP, metavar="WERKMAP",
        help="werkmap met blad Landelijk (.xlsm of .xlsx); standaard puzzel.xlsm in de huidige map",
    )
    parser.add_argument("--json", action="store_true", help="kaarten, tabel en bevindingen als JSON")


def run(args: argparse.Namespace) -> int:
    """Read the workbook, compute the cards and check the sheet; exit 1 when there is a finding of severity fout."""
    from xlpuzzel.landelijk.beeld import landelijk_tekst
    from xlpuzzel.usecases import landelijk_beeld
    from xlpuzzel.workbookfile import open_workbook

    with open_workbook(args.werkmap) as werkmap:
        beeld = landelijk_beeld(werkmap)
    if args.json:
        doc = {"werkmap": werkmap.naam, **beeld.to_dict()}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(landelijk_tekst(beeld, werkmap.naam))
    return 1 if beeld.fouten else 0
