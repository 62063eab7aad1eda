"""`puzzel bouw`: write puzzel.xlsm from the data file, layout, VBA and ribbon sources."""

from __future__ import annotations

import argparse
from pathlib import Path

from xlpuzzel.resources import DEFAULT_DATA, DEFAULT_WORKBOOK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `puzzel bouw`."""
    parser.add_argument("--gegevens", default=str(DEFAULT_DATA), help="gegevensbestand (zonder .csv/.json)")
    parser.add_argument("--uit", default=str(DEFAULT_WORKBOOK), help="te schrijven werkmap")
    parser.add_argument(
        "--zoals-gedrukt", action="store_true", help="ook afgeleide cellen getypt zoals gedrukt (testbestand)"
    )


def run(args: argparse.Namespace) -> int:
    """Build and write the workbook."""
    from xlpuzzel.build import build_workbook_file, load_dataset

    dataset = load_dataset(args.gegevens)
    build_workbook_file(dataset, Path(args.uit), as_printed=args.zoals_gedrukt)
    print(f"Werkmap geschreven: {args.uit} ({len(dataset.puzzel.gemeenten)} gemeenten)")
    return 0
