"""`puzzel prognose`: the statushouders prognosis of sheet Prognose and the art. 28 taakstelling per gemeente."""

from __future__ import annotations

import argparse

from xlpuzzel.commands.landelijk import add_beeld_arguments, toon_beeld


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `puzzel prognose`."""
    add_beeld_arguments(parser, "Prognose", "jaren, taakstelling per gemeente en bevindingen")


def run(args: argparse.Namespace) -> int:
    """Read the workbook, compute the prognosis and check the sheet; exit 1 when there is a finding of severity fout."""
    from xlpuzzel.landelijk.beeld import prognose_tekst
    from xlpuzzel.usecases import prognose_beeld

    return toon_beeld(args, prognose_beeld, prognose_tekst)
