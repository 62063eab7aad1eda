"""`puzzel nieuw`: a new, empty-offer puzzel for any province from a gemeenten file.

Adapter over :func:`xlpuzzel.nieuw.maken.maak_nieuwe_puzzel` (the ribbon button 'Nieuwe
puzzel' calls the same function).
"""

from __future__ import annotations

import argparse

from xlpuzzel.layout import CATEGORIES, Category


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `puzzel nieuw`."""
    parser.add_argument("--provincie", required=True, metavar="NAAM", help="de provincie, zoals de LRT-tabel haar schrijft")
    parser.add_argument(
        "--gemeenten", required=True, metavar="BESTAND",
        help="CSV (; of ,) of .xlsx met de kolommen gemeente en inwoners (en eventueel opgave_asiel, opgave_amv)",
    )
    parser.add_argument(
        "--uit", default=None, metavar="WERKMAP", help="de nieuwe werkmap (.xlsm); standaard puzzel-<provincie>.xlsm"
    )
    add_opgave_arguments(parser)
    parser.add_argument("--titel", default=None, help="naam van de puzzel, bijv. 'De Groningse Puzzel' (instelling puzzel_naam)")
    parser.add_argument(
        "--overschrijf", action="store_true", help="vervang een bestaande werkmap (de oude blijft als .bak bewaard)"
    )


def add_opgave_arguments(parser: argparse.ArgumentParser) -> None:
    """--opgave-oek, --opgave-asiel, --opgave-amv (shared with `puzzel nieuwe-ronde`)."""
    for cat in CATEGORIES:
        parser.add_argument(
            f"--opgave-{cat.value}", type=int, default=None, metavar="AANTAL",
            help=f"provinciale opgave {cat.label} (gaat voor het bestand en de LRT-tabel)",
        )


def opties(args: argparse.Namespace) -> dict[Category, int | None]:
    """The task options by category."""
    return {cat: getattr(args, f"opgave_{cat.value}") for cat in CATEGORIES}


def run(args: argparse.Namespace) -> int:
    """Build and write the new workbook; report its tasks and what staff still fill in."""
    from xlpuzzel.nieuw.bestand import sleutel
    from xlpuzzel.nieuw.maken import maak_nieuwe_puzzel

    uit = args.uit or f"puzzel-{sleutel(args.provincie).replace('_', '-') or 'nieuw'}.xlsm"
    gemaakt = maak_nieuwe_puzzel(
        args.provincie, args.gemeenten, uit, opties=opties(args), titel=args.titel, overschrijf=args.overschrijf
    )
    print(gemaakt.verslag("Nieuwe puzzel"))
    return 0
