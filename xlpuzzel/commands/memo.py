"""`puzzel memo`: the memo 'Tussenstand <puzzel>' with every number from the workbook."""

from __future__ import annotations

import argparse
import sys

from xlpuzzel.commands.brieven import ONDANKS_HINT, add_document_arguments, uit_map, verzamel, weiger


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `puzzel memo`."""
    add_document_arguments(parser, "de memo", "de memo", "Memo")


def run(args: argparse.Namespace) -> int:
    """Read the workbook, refuse when settings are missing or the numbers do not close, render the memo."""
    from xlpuzzel.brief import MEMO_INSTELLINGEN, beoordeel_cijfers, controleer_instellingen, render_memo
    from xlpuzzel.errors import PuzzelError
    from xlpuzzel.usecases import memogegevens
    from xlpuzzel.workbookfile import open_workbook

    with open_workbook(args.werkmap) as werkmap:
        workbook = memogegevens(werkmap)
    geweigerd: list[PuzzelError] = []  # one refusal names the settings and the figures to repair
    verzamel(geweigerd, lambda: controleer_instellingen(workbook.instellingen, MEMO_INSTELLINGEN), None)
    concept = verzamel(geweigerd, lambda: beoordeel_cijfers(workbook.puzzel, args.ondanks_fouten, hint=ONDANKS_HINT),
                       False)
    if geweigerd:
        return weiger("memo", geweigerd)
    resultaat = render_memo(
        workbook.puzzel, workbook.instellingen, uit_map(args, workbook.path, "memo"), pdf=args.pdf, concept=concept,
        adressen=workbook.adressen, landelijk=workbook.landelijk, prognose=workbook.prognose,
        waarschuwingen=workbook.waarschuwingen,
    )
    for waarschuwing in resultaat.waarschuwingen:
        print(f"Let op: {waarschuwing}", file=sys.stderr)
    print(resultaat.samenvatting(("memo", "memo’s")))
    if concept:
        print("Let op: de cijfers sluiten niet; de memo draagt de markering CONCEPT.", file=sys.stderr)
    return 0
