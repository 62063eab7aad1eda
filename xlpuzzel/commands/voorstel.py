"""`puzzel voorstel`: the puzzel proposes its own bijstelling, explained and compared with the workbook's own.

Adapter over :func:`xlpuzzel.voorstel.stel_voor` (the same core the ribbon button 'Voorstel
berekenen' calls). Reads sheet Puzzel and, when present, sheet Ruimte; prints the proposal
per gemeente, the province per category and the comparison, or JSON with `--json`. With
`--schrijf` the proposal goes onto sheet Voorstel (never into the bijstelling cells staff
type) with a line in the Wijzigingslog, through the same safe writer as `bijstellingen`.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from xlpuzzel.resources import DEFAULT_WORKBOOK

if TYPE_CHECKING:
    from xlpuzzel.voorstel import VoorstelInvoer


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `puzzel voorstel`."""
    parser.add_argument(
        "werkmap", nargs="?", default=str(DEFAULT_WORKBOOK), metavar="WERKMAP",
        help="werkmap (.xlsm of .xlsx); standaard puzzel.xlsm",
    )
    parser.add_argument("--json", action="store_true", help="het voorstel als JSON in plaats van als tekst")
    parser.add_argument(
        "--schrijf", action="store_true",
        help="zet het voorstel op werkblad Voorstel (niet in de bijstellingen) met een regel in het Wijzigingslog",
    )
    parser.add_argument("--gebruiker", default=None, help="naam in het Wijzigingslog; standaard de Windows-gebruiker")
    parser.add_argument(
        "--tijdstip", default=None, metavar="JJJJ-MM-DDTUU:MM:SS",
        help="datum en tijd in het Wijzigingslog; standaard nu",
    )


def run(args: argparse.Namespace) -> int:
    """Read, propose, print (and with --schrijf write sheet Voorstel)."""
    from xlpuzzel.package import read_package
    from xlpuzzel.voorstel import stel_voor
    from xlpuzzel.voorstel.tekst import als_json, rapport

    parts = read_package(args.werkmap)
    invoer = lees_invoer(parts, str(args.werkmap))
    voorstel = stel_voor(invoer)
    if args.schrijf:
        from xlpuzzel.commands.voorstel_schrijven import schrijf

        melding = schrijf(args, parts, voorstel)
    if args.json:
        sys.stdout.write(json.dumps(als_json(voorstel, str(args.werkmap)), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(rapport(voorstel, str(args.werkmap)))
    if args.schrijf:
        print(melding, file=sys.stderr if args.json else sys.stdout)
    return 0


def lees_invoer(parts: dict[str, bytes], name: str) -> VoorstelInvoer:
    """The proposal's input from a workbook file's parts: sheet Puzzel, and sheet Ruimte when there is one."""
    from xlpuzzel.layout import RUIMTE_SHEET
    from xlpuzzel.reader import read_sheet, read_workbook_parts, sheet_names
    from xlpuzzel.voorstel import GEEN_RUIMTE, VoorstelError, invoer_uit_puzzel, ruimte_uit_cellen

    werkmap = read_workbook_parts(parts, name)
    ruimte = GEEN_RUIMTE
    if RUIMTE_SHEET in sheet_names(parts):
        cellen = {a: c.value for a, c in read_sheet(parts, RUIMTE_SHEET, dates=False).items()}
        try:
            ruimte = ruimte_uit_cellen(cellen, werkmap.puzzel.gemeenten)
        except VoorstelError as exc:
            raise VoorstelError(f"{name}: {exc.melding}", exc.cel) from exc
    try:
        return invoer_uit_puzzel(werkmap.puzzel, ruimte)
    except VoorstelError as exc:
        raise VoorstelError(f"{name}: {exc.melding}", exc.cel) from exc
