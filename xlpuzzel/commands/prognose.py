"""`puzzel prognose`: the statushouders prognosis of sheet Prognose and the art. 28 taakstelling per gemeente."""

from __future__ import annotations

import argparse
import json
import sys

from xlpuzzel.resources import DEFAULT_WORKBOOK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `puzzel prognose`."""
    parser.add_argument(
        "werkmap", nargs="?", default=str(DEFAULT_WORKBOOK), metavar="WERKMAP",
        help="werkmap met blad Prognose (.xlsm of .xlsx); standaard puzzel.xlsm",
    )
    parser.add_argument("--json", action="store_true", help="jaren, taakstelling per gemeente en bevindingen als JSON")


def run(args: argparse.Namespace) -> int:
    """Read the workbook, compute the prognosis and check the sheet; exit 1 when there is a finding of severity fout."""
    from xlpuzzel.landelijk.beeld import prognose_beeld, prognose_tekst
    from xlpuzzel.landelijk.werkmap import lees_prognose
    from xlpuzzel.package import read_package
    from xlpuzzel.reader import read_workbook_parts

    parts = read_package(args.werkmap)
    workbook = read_workbook_parts(parts, args.werkmap)
    beeld = prognose_beeld(lees_prognose(parts, workbook), workbook.puzzel)
    if args.json:
        doc = {"werkmap": workbook.path, **beeld.to_dict()}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(prognose_tekst(beeld, workbook.path))
    return 1 if beeld.fouten else 0
