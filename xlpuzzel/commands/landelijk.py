"""`puzzel landelijk`: the national picture of sheet Landelijk (LRT dashboard) — cards, table, findings."""

from __future__ import annotations

import argparse
import json
import sys

from xlpuzzel.resources import DEFAULT_WORKBOOK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `puzzel landelijk`."""
    parser.add_argument(
        "werkmap", nargs="?", default=str(DEFAULT_WORKBOOK), metavar="WERKMAP",
        help="werkmap met blad Landelijk (.xlsm of .xlsx); standaard puzzel.xlsm",
    )
    parser.add_argument("--json", action="store_true", help="kaarten, tabel en bevindingen als JSON")


def run(args: argparse.Namespace) -> int:
    """Read the workbook, compute the cards and check the sheet; exit 1 when there is a finding of severity fout."""
    from xlpuzzel.landelijk.beeld import landelijk_beeld, landelijk_tekst
    from xlpuzzel.landelijk.werkmap import lees_landelijk
    from xlpuzzel.package import read_package
    from xlpuzzel.reader import read_workbook_parts

    parts = read_package(args.werkmap)
    workbook = read_workbook_parts(parts, args.werkmap)
    beeld = landelijk_beeld(lees_landelijk(parts, workbook))
    if args.json:
        doc = {"werkmap": workbook.path, **beeld.to_dict()}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(landelijk_tekst(beeld, workbook.path))
    return 1 if beeld.fouten else 0
