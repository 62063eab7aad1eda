"""`puzzel log`: show the Wijzigingslog, or export it for publication under the Woo (--woo).

The export writes `<BESTAND>.xlsx` and `<BESTAND>.csv` (';' separated, UTF-8 with BOM for
Dutch Excel) together, through :class:`xlpuzzel.uitvoer.UitvoerMap`; the workbook itself is
only read. The export never lands on the workbook or its `.bak`, and replaces an existing
file only when xlpuzzel made it (and nobody changed it since) or with `--overschrijf`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from xlpuzzel.commands import STANDAARD_WERKMAP


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `puzzel log`."""
    parser.add_argument(
        "werkmap", nargs="?", default=STANDAARD_WERKMAP, metavar="WERKMAP",
        help="werkmap (.xlsm of .xlsx); standaard puzzel.xlsm in de huidige map",
    )
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

    from xlpuzzel.export import xlsx_bytes
    from xlpuzzel.uitvoer import UitvoerMap, controleer_uitvoerpad
    from xlpuzzel.woo import woo_csv, woo_regels, woo_tabel

    regels = woo_regels(log.regels, log.pseudoniemen)
    base = Path(args.uit) if args.uit else path.with_name(f"{path.stem}-wijzigingslog-woo")
    if base.suffix.lower() in (".xlsx", ".csv"):
        base = base.with_suffix("")
    xlsx, csv_path = base.with_name(base.name + ".xlsx"), base.with_name(base.name + ".csv")
    for uit in (xlsx, csv_path):
        controleer_uitvoerpad(uit, werkmap=path, overschrijf=args.overschrijf)
    waarschuwingen: list[str] = []
    bestanden = {xlsx.name: xlsx_bytes(woo_tabel(regels), waarschuwingen), csv_path.name: woo_csv(regels)}
    with UitvoerMap(base.parent, vorige=False, opdracht="log --woo") as map_:
        for uit in (xlsx, csv_path):  # again under the folder's lock: another run may have written meanwhile
            controleer_uitvoerpad(uit, werkmap=path, overschrijf=args.overschrijf)
        for naam, data in bestanden.items():
            map_.schrijf(naam, data, "woo")
        map_.vastleggen()
    for waarschuwing in waarschuwingen:
        print(f"Let op: {waarschuwing}", file=sys.stderr)
    print(f"Woo-export geschreven: {xlsx} en {csv_path} ({len(regels)} rijen, gesorteerd op tijd).")
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
