"""`puzzel voorstel`: the puzzel proposes its own bijstelling, explained and compared with the workbook's own.

Adapter over :func:`xlpuzzel.voorstel.stel_voor` (the same core the ribbon button 'Voorstel
berekenen' calls). Reads sheet Puzzel and, when present, sheet Ruimte; prints the proposal
per gemeente, the province per category and the comparison, or JSON with `--json`. With
`--schrijf` the proposal goes onto sheet Voorstel (never into the bijstelling cells staff
type) with a line in the Wijzigingslog, through the same safe writer as `bijstellingen`;
`--overnemen --ja` copies sheet Voorstel into the bijstelling and inbreng cells, which the
normal change tracking then flags and logs (as the ribbon's 'Voorstel overnemen'). The
writers are :mod:`xlpuzzel.commands.voorstel_bestand`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
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
    schrijven = parser.add_mutually_exclusive_group()
    schrijven.add_argument(
        "--schrijf", action="store_true",
        help="zet het voorstel op werkblad Voorstel (niet in de bijstellingen) met een regel in het Wijzigingslog",
    )
    schrijven.add_argument(
        "--overnemen", action="store_true",
        help="neem het voorstel van werkblad Voorstel over in de bijstellingen (met --ja); de cellen worden "
        "gemarkeerd en gelogd",
    )
    parser.add_argument("--ja", action="store_true", help="bij --overnemen: echt overnemen")
    parser.add_argument("--gebruiker", default=None, help="naam in het Wijzigingslog; standaard de Windows-gebruiker")
    parser.add_argument(
        "--tijdstip", default=None, metavar="JJJJ-MM-DDTUU:MM:SS",
        help="datum en tijd in het Wijzigingslog; standaard nu",
    )


def run(args: argparse.Namespace) -> int:
    """Read, propose, print; with --schrijf also put it on sheet Voorstel; with --overnemen copy that sheet in."""
    from xlpuzzel.commands.bijstellingen import gebruiker, tijdstip
    from xlpuzzel.errors import PuzzelError
    from xlpuzzel.package import read_package

    path = Path(args.werkmap)
    if args.overnemen and args.json:
        raise PuzzelError("--overnemen gaat niet samen met --json; er is niets gewijzigd.")
    parts = read_package(path)
    if args.overnemen:
        return _overnemen(args, path, parts, gebruiker(args), tijdstip(args))
    from xlpuzzel.voorstel import stel_voor
    from xlpuzzel.voorstel.tekst import als_json, rapport

    voorstel = stel_voor(lees_invoer(parts, str(path)))
    melding = ""
    if args.schrijf:
        from xlpuzzel.commands.voorstel_bestand import schrijf_voorstelblad
        from xlpuzzel.layout import LOG_SHEET, VOORSTEL_SHEET

        if schrijf_voorstelblad(args, path, parts, voorstel, gebruiker(args), tijdstip(args)):
            melding = (f"Het voorstel staat op werkblad {VOORSTEL_SHEET}, met een regel in het {LOG_SHEET}. "
                       f"Opgeslagen: {path} (vorige versie: {path.name}.bak).")
        else:
            melding = (f"Werkblad {VOORSTEL_SHEET} heeft dit voorstel al; er is niets opgeslagen en niets "
                       "toegevoegd aan het Wijzigingslog.")
    if args.json:
        sys.stdout.write(json.dumps(als_json(voorstel, str(path)), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(rapport(voorstel, str(path)))
    if melding:
        print(melding, file=sys.stderr if args.json else sys.stdout)
    return 0


def _overnemen(args: argparse.Namespace, path: Path, parts: dict[str, bytes], wie: str, wanneer: dt.datetime) -> int:
    """`--overnemen`: say what would change; with --ja copy sheet Voorstel in and let change tracking flag it."""
    from xlpuzzel.layout import LOG_SHEET, VOORSTEL_SHEET
    from xlpuzzel.reader import read_sheet, read_workbook_parts, sheet_names
    from xlpuzzel.voorstel import VoorstelError
    from xlpuzzel.voorstel.overnemen import OPNIEUW, overname, vraag_tekst

    if not args.ja:
        if VOORSTEL_SHEET not in sheet_names(parts):
            raise VoorstelError(f"{path}: werkblad {VOORSTEL_SHEET} ontbreekt. {OPNIEUW}")
        blad = {a: c.value for a, c in read_sheet(parts, VOORSTEL_SHEET, dates=False).items()}
        try:
            plan = overname(read_workbook_parts(parts, str(path)).puzzel, blad)
        except VoorstelError as exc:
            raise VoorstelError(f"{path}: {exc.melding}", exc.cel) from exc
        if plan.leeg:
            print(f"De puzzel heeft het voorstel van werkblad {VOORSTEL_SHEET} al; er valt niets over te nemen.")
            return 0
        vraag = vraag_tekst(plan).replace("\n\nDoorgaan?", "")
        print(f"{vraag}\nGeef --ja om het voorstel over te nemen; er is niets gewijzigd.")
        return 0
    from xlpuzzel.commands.voorstel_bestand import neem_voorstel_over

    plan, regels = neem_voorstel_over(args, path, parts, wie, wanneer)
    if plan.leeg:
        print(f"De puzzel heeft het voorstel van werkblad {VOORSTEL_SHEET} al; er is niets opgeslagen.")
        return 0
    for cel, value in plan.cellen.items():
        print(f"  {cel:<6} {plan.kolommen[cel]}: {'leeg' if value is None else value}")
    print(f"Voorstel overgenomen: {plan.bijstelling} bijstelling- en {plan.inbreng} inbrengcellen, "
          f"{regels} {'rij' if regels == 1 else 'rijen'} in het {LOG_SHEET}. "
          f"Opgeslagen: {path} (vorige versie: {path.name}.bak).")
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
