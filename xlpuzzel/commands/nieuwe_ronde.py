"""`puzzel nieuwe-ronde`: start the next round from the current workbook into a new one.

Adapter over :func:`xlpuzzel.nieuw.maken.start_nieuwe_ronde` (the ribbon button 'Nieuwe
ronde' calls the same function). The current workbook is only read.
"""

from __future__ import annotations

import argparse

from xlpuzzel.commands import STANDAARD_WERKMAP, kies_werkmap
from xlpuzzel.commands.nieuw import add_opgave_arguments, opties


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `puzzel nieuwe-ronde`."""
    parser.add_argument(
        "werkmap", nargs="?", default=STANDAARD_WERKMAP, metavar="WERKMAP",
        help="de werkmap van de huidige ronde (wordt alleen gelezen); standaard puzzel.xlsm in de huidige map",
    )
    parser.add_argument("--uit", required=True, metavar="NIEUW", help="de werkmap van de nieuwe ronde (.xlsm)")
    parser.add_argument(
        "--opgaven", default=None, metavar="BESTAND",
        help="nieuwe opgaven en inwoners: hetzelfde formaat als bij `puzzel nieuw`, eventueel met een rij Totaal",
    )
    add_opgave_arguments(parser)
    parser.add_argument("--omschrijving", default="", help="waarom, bijv. 'ronde 2025, na de PRT van 10-10-2024'")
    parser.add_argument("--gebruiker", default=None, help="naam in het Wijzigingslog; standaard de Windows-gebruiker")
    parser.add_argument(
        "--tijdstip", default=None, metavar="JJJJ-MM-DDTUU:MM:SS", help="begin van de ronde; standaard nu"
    )
    parser.add_argument(
        "--overschrijf", action="store_true", help="vervang een bestaande werkmap NIEUW (de oude blijft als .bak bewaard)"
    )


def run(args: argparse.Namespace) -> int:
    """Write the new round's workbook and report what it took over and what to look at."""
    from xlpuzzel.commands.bijstellingen import gebruiker, tijdstip
    from xlpuzzel.nieuw.maken import start_nieuwe_ronde

    werkmap = kies_werkmap(args.werkmap)
    gemaakt = start_nieuwe_ronde(
        werkmap,
        args.uit,
        gebruiker=gebruiker(args),
        moment=tijdstip(args),
        opgaven=args.opgaven,
        opties=opties(args),
        omschrijving=args.omschrijving,
        overschrijf=args.overschrijf,
    )
    print(gemaakt.verslag("Nieuwe ronde"))
    print(f"De werkmap {werkmap} is niet gewijzigd.")
    return 0
