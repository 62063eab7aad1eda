"""`puzzel controleer`: check the totals and input of a workbook and report the findings in Dutch."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from xlpuzzel.commands import werkmap_argument

if TYPE_CHECKING:
    from xlpuzzel.controle import Bevinding


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `puzzel controleer`."""
    werkmap_argument(parser, "te controleren werkmap")
    parser.add_argument("--json", action="store_true", help="bevindingen als JSON in plaats van als tekst")


def run(args: argparse.Namespace) -> int:
    """Read the workbook, check it, print the report; exit 1 when there is a finding of severity fout."""
    from xlpuzzel.controle import FOUT, samenvatting
    from xlpuzzel.usecases import controleer
    from xlpuzzel.workbookfile import open_workbook

    with open_workbook(args.werkmap) as werkmap:
        bevindingen = controleer(werkmap)  # sheets Puzzel, Landelijk and Prognose (those the workbook has)
    samen = samenvatting(bevindingen)
    if args.json:
        doc = {
            "werkmap": werkmap.naam,
            "bevindingen": [b.to_dict() for b in bevindingen],
            "samenvatting": samen,
        }
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(report(werkmap.naam, bevindingen, samen))
    return 1 if samen[FOUT] else 0


def report(path: str, bevindingen: Sequence[Bevinding], samen: Mapping[str, object]) -> str:
    """The readable report: a heading, one line per finding grouped by severity, a summary line."""
    from xlpuzzel.controle import ERNST_ORDER, samenvatting_tekst

    headings = {"fout": "Fouten", "waarschuwing": "Waarschuwingen", "info": "Meldingen"}
    lines = [f"Controle van {path}"]
    if not bevindingen:
        lines += ["", "Geen bevindingen: de totalen en de invoer kloppen."]
    width_ernst = max((len(b.ernst) for b in bevindingen), default=0)
    width_cel = max((len(b.cel or "-") for b in bevindingen), default=0)
    width_waar = max((len(_where(b)) for b in bevindingen), default=0)
    for ernst in ERNST_ORDER:
        group = [b for b in bevindingen if b.ernst == ernst]
        if not group:
            continue
        lines += ["", f"{headings[ernst]} ({len(group)})"]
        for b in group:
            lines.append(
                f"{b.ernst:<{width_ernst}}  {b.cel or '-':<{width_cel}}  {_where(b):<{width_waar}}  "
                f"{_column(b)}: {b.tekst or b.melding}".rstrip()
            )
    lines += ["", samenvatting_tekst(samen)]
    return "\n".join(lines) + "\n"


def _where(b: Bevinding) -> str:
    """Gemeente of a finding, or the row it sits in ('Totaal', 'verschil', ...)."""
    return b.gemeente or b.plaats or "-"


def _column(b: Bevinding) -> str:
    """Column label of a finding as the sheet's header writes it."""
    from xlpuzzel.controle import kolom_label

    return kolom_label(b.kolom) if b.kolom else ""
