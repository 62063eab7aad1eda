"""`puzzel voorstel`: the puzzel proposes its own bijstelling, explained and compared with the workbook's own.

Adapter over :func:`xlpuzzel.voorstel.stel_voor` (the same core the ribbon button 'Voorstel
berekenen' calls). Reads sheet Puzzel and, when present, sheet Ruimte; prints the proposal
per gemeente, the province per category and the comparison, or JSON with `--json`. With
`--schrijf` the proposal goes onto sheet Voorstel (never into the bijstelling cells staff
type) with a line in the Wijzigingslog, through the same safe writer as `bijstellingen`;
`--overnemen --ja` copies sheet Voorstel into the bijstelling and inbreng cells, which the
normal change tracking then flags and logs (as the ribbon's 'Voorstel overnemen'). Both
writers are use cases (:mod:`xlpuzzel.usecases.voorstel`) on the file adapter.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from xlpuzzel.commands import werkmap_argument

if TYPE_CHECKING:
    from xlpuzzel.workbookfile import WorkbookFile


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `puzzel voorstel`."""
    werkmap_argument(parser, "werkmap")
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
    from xlpuzzel.workbookfile import open_workbook

    path = Path(args.werkmap)
    if args.overnemen and args.json:
        raise PuzzelError("--overnemen gaat niet samen met --json; er is niets gewijzigd.")
    schrijven = args.schrijf or (args.overnemen and args.ja)
    wie, wanneer = gebruiker(args), tijdstip(args)
    with open_workbook(path, schrijven=schrijven, opdracht="voorstel", gebruiker=wie) as werkmap:
        if args.overnemen:
            return _overnemen(args, werkmap, wie, wanneer)
        return _voorstel(args, werkmap, wie, wanneer)


def _voorstel(args: argparse.Namespace, werkmap: WorkbookFile, wie: str, wanneer: dt.datetime) -> int:
    """The report or JSON; with --schrijf the proposal on sheet Voorstel."""
    from xlpuzzel import usecases
    from xlpuzzel.commands.bijstellingen import opgeslagen
    from xlpuzzel.layout import LOG_SHEET, VOORSTEL_SHEET
    from xlpuzzel.voorstel import stel_voor
    from xlpuzzel.voorstel.tekst import als_json, rapport

    voorstel = stel_voor(usecases.voorstel_invoer(werkmap))
    melding = ""
    if args.schrijf:
        toegepast = usecases.schrijf_voorstel(werkmap, voorstel, wie, wanneer, bron=BRON,
                                              tijdstip_opgegeven=bool(args.tijdstip))
        if toegepast is not None:
            melding = (f"Het voorstel staat op werkblad {VOORSTEL_SHEET}, met een regel in het {LOG_SHEET}. "
                       f"{opgeslagen(args.werkmap, toegepast)}")
        else:
            melding = (f"Werkblad {VOORSTEL_SHEET} heeft dit voorstel al; er is niets opgeslagen en niets "
                       "toegevoegd aan het Wijzigingslog.")
    if args.json:
        sys.stdout.write(json.dumps(als_json(voorstel, str(args.werkmap)), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(rapport(voorstel, str(args.werkmap)))
    if melding:
        print(melding, file=sys.stderr if args.json else sys.stdout)
    return 0


def _overnemen(args: argparse.Namespace, werkmap: WorkbookFile, wie: str, wanneer: dt.datetime) -> int:
    """`--overnemen`: say what would change; with --ja copy sheet Voorstel in and let change tracking flag it."""
    from xlpuzzel import usecases
    from xlpuzzel.commands.bijstellingen import opgeslagen
    from xlpuzzel.layout import LOG_SHEET, VOORSTEL_SHEET
    from xlpuzzel.voorstel.overnemen import vraag_tekst

    plan = usecases.voorstel_overname(werkmap)
    if plan.leeg:
        niets = "er is niets opgeslagen" if args.ja else "er valt niets over te nemen"
        print(f"De puzzel heeft het voorstel van werkblad {VOORSTEL_SHEET} al; {niets}.")
        return 0
    if not args.ja:
        vraag = vraag_tekst(plan).replace("\n\nDoorgaan?", "")
        print(f"{vraag}\nGeef --ja om het voorstel over te nemen; er is niets gewijzigd.")
        return 0
    uit = usecases.neem_voorstel_over(werkmap, plan, wie, wanneer, tijdstip_opgegeven=bool(args.tijdstip))
    for cel, value in plan.cellen.items():
        print(f"  {cel:<6} {plan.kolommen[cel]}: {'leeg' if value is None else value}")
    regels = len(uit.plan.logregels)
    assert uit.toegepast is not None
    print(f"Voorstel overgenomen: {plan.bijstelling} bijstelling- en {plan.inbreng} inbrengcellen, "
          f"{regels} {'rij' if regels == 1 else 'rijen'} in het {LOG_SHEET}. "
          f"{opgeslagen(args.werkmap, uit.toegepast)}")
    return 0


#: Source of the log row of `--schrijf`.
BRON = "puzzel voorstel --schrijf"
