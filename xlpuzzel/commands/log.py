"""`puzzel log`: show the Wijzigingslog, or export it for publication under the Woo (--woo).

The export (:func:`xlpuzzel.woo.bestanden.schrijf_woo_export`) writes `<BESTAND>.xlsx` and
`<BESTAND>.csv` (';' separated, UTF-8 with BOM for Dutch Excel) together; the workbook itself is
only read. It never lands on the workbook or its `.bak`, and replaces an existing file only when
xlpuzzel made it (and nobody changed it since) or with `--overschrijf`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from xlpuzzel.commands import werkmap_argument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `puzzel log`."""
    werkmap_argument(parser, "werkmap")
    parser.add_argument("--woo", action="store_true", help="exporteer voor publicatie: namen vervangen door rol of pseudoniem")
    parser.add_argument(
        "--uit", default=None, metavar="BESTAND",
        help="naam van de export zonder extensie (alleen met --woo); standaard <werkmap>-wijzigingslog-woo "
        "naast de werkmap",
    )
    parser.add_argument(
        "--overschrijf", action="store_true",
        help="vervang ook een bestaand bestand dat xlpuzzel niet zelf maakte (nooit de werkmap of de .bak)",
    )


def run(args: argparse.Namespace) -> int:
    """Print the log, or write the Woo export."""
    from xlpuzzel.errors import PuzzelError
    from xlpuzzel.usecases import wijzigingslog
    from xlpuzzel.workbookfile import open_workbook

    if not args.woo and (args.uit or args.overschrijf):
        optie = "--uit" if args.uit else "--overschrijf"
        raise PuzzelError(
            f"{optie} hoort bij de Woo-export: gebruik 'puzzel log WERKMAP --woo {optie} …'. Zonder --woo toont "
            "de opdracht alleen het log en schrijft niets."
        )
    path = Path(args.werkmap)
    with open_workbook(path) as werkmap:
        log = wijzigingslog(werkmap)
    if not args.woo:
        _print_log(log.regels)
        return 0
    import sys

    from xlpuzzel.woo.bestanden import schrijf_woo_export

    export = schrijf_woo_export(log.regels, log.pseudoniemen, path, args.uit, args.overschrijf)
    for waarschuwing in export.waarschuwingen:
        print(f"Let op: {waarschuwing}", file=sys.stderr)
    print(f"Woo-export geschreven: {export.xlsx} en {export.csv} ({export.rijen} rijen, gesorteerd op tijd).")
    print("Gebruikersnamen zijn vervangen door rol of pseudoniem (tabel rechts op het Wijzigingslog). "
          "Controleer de kolom Toelichting zelf op namen en andere persoonsgegevens.")
    return 0


def _print_log(log) -> None:  # type: ignore[no-untyped-def]
    from xlpuzzel.bijstelling import nl_waarde, op_volgorde

    if not log:
        print("Het Wijzigingslog is leeg.")
        return
    for r in op_volgorde(log):
        if r.is_basis:
            print(f"{r.tijdstip:%d-%m-%Y %H:%M:%S}  {r.gebruiker}: basis vastgelegd ({r.bron})")
        else:
            print(
                f"{r.tijdstip:%d-%m-%Y %H:%M:%S}  {r.gebruiker}: {r.cel} {r.gemeente}, {r.kolom_label}: "
                f"{nl_waarde(r.oud)} -> {nl_waarde(r.nieuw)} ({r.bron}){' - ' + r.toelichting if r.toelichting else ''}"
            )
