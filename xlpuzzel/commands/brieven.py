"""`puzzel brieven`: a letter to every college van B&W from the workbook (Word, optionally PDF)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from xlpuzzel.commands import werkmap_argument
from xlpuzzel.errors import PuzzelError

#: Hint in the refusal: how to make concept documents anyway.
ONDANKS_HINT = "maak conceptdocumenten met --ondanks-fouten"


def add_document_arguments(parser: argparse.ArgumentParser, wat: str, elk: str, map_: str) -> None:
    """The options `puzzel brieven` and `puzzel memo` share; `wat`/`elk` name the documents in the help, `map_`
    the default folder (:data:`xlpuzzel.brief.render.MAPPEN`, not imported here: every command builds this parser)."""
    werkmap_argument(parser, "werkmap met de puzzel")
    parser.add_argument(
        "--uit", metavar="MAP", default=None,
        help=f"map voor {wat}; standaard de map '{map_}' naast de werkmap (met een submap per datum)",
    )
    parser.add_argument("--pdf", action="store_true", help=f"maak naast {elk} ook een PDF (Word of LibreOffice)")
    parser.add_argument(
        "--ondanks-fouten", action="store_true",
        help=f"maak {wat} ook als de controle fouten vindt; {elk} krijgt dan de markering CONCEPT",
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `puzzel brieven`."""
    add_document_arguments(parser, "de brieven", "elke brief", "Brieven")
    # One name per option (`--gemeente Assen --gemeente Emmen`): with nargs='+' the option swallowed
    # a WERKMAP typed after it and the command silently read another workbook.
    parser.add_argument(
        "--gemeente", metavar="NAAM", action="append", default=None,
        help="alleen de brief voor deze gemeente; herhaal de optie voor meer gemeenten "
        "(--gemeente Assen --gemeente Emmen)",
    )


def uit_map(args: argparse.Namespace, werkmap: str, soort: str) -> Path:
    """The output folder: --uit, else the one rule of both fronts (`Brieven` or `Memo` beside the workbook)."""
    from xlpuzzel.brief.render import standaard_map

    return Path(args.uit) if args.uit else standaard_map(Path(werkmap).resolve().parent, soort)


T = TypeVar("T")


def verzamel(geweigerd: list[PuzzelError], check: Callable[[], T], anders: T) -> T:
    """Run a check before making documents; a refusal (a setting, the figures, an address) is kept, not raised."""
    from xlpuzzel.brief import CijfersNietSluitend, InstellingFout

    try:
        return check()
    except (InstellingFout, CijfersNietSluitend) as exc:
        geweigerd.append(exc)
        return anders


def weiger(opdracht: str, geweigerd: Sequence[PuzzelError]) -> int:
    """Print one refusal naming everything to repair; exit 1 when the figures or addresses need repair (as
    `controleer`), 2 when only settings are missing."""
    from xlpuzzel.brief import CijfersNietSluitend

    print(f"puzzel {opdracht}: " + "\n".join(exc.melding for exc in geweigerd), file=sys.stderr)
    return 1 if any(isinstance(exc, CijfersNietSluitend) for exc in geweigerd) else 2


def run(args: argparse.Namespace) -> int:
    """Read the workbook, refuse when settings are missing or the numbers do not close, render one letter per gemeente."""
    from xlpuzzel.brief import (
        BRIEF_INSTELLINGEN,
        beoordeel_adressen,
        beoordeel_cijfers,
        controleer_instellingen,
        render_brieven,
    )
    from xlpuzzel.usecases import documentgegevens
    from xlpuzzel.workbookfile import open_workbook

    with open_workbook(args.werkmap) as werkmap:
        workbook = documentgegevens(werkmap)
    # Every check runs, so one refusal names everything to repair: settings, figures and addresses.
    geweigerd: list[PuzzelError] = []
    verzamel(geweigerd, lambda: controleer_instellingen(workbook.instellingen, BRIEF_INSTELLINGEN), None)
    concept = verzamel(geweigerd, lambda: beoordeel_cijfers(workbook.puzzel, args.ondanks_fouten, hint=ONDANKS_HINT),
                       False)
    zonder_adres = verzamel(geweigerd, lambda: beoordeel_adressen(
        workbook.puzzel, workbook.instellingen, workbook.adressen, args.gemeente, args.ondanks_fouten,
        hint=ONDANKS_HINT,
    ), False)
    if geweigerd:
        return weiger("brieven", geweigerd)

    def voortgang(n: int, totaal: int, gemeente: str) -> None:
        width = len(str(totaal))
        print(f"[{n:>{width}}/{totaal}] brief voor {gemeente}", flush=True)

    resultaat = render_brieven(
        workbook.puzzel,
        workbook.instellingen,
        uit_map(args, workbook.path, "brieven"),
        gemeenten=args.gemeente,
        pdf=args.pdf,
        concept=concept or zonder_adres,
        voortgang=voortgang,
        adressen=workbook.adressen,
    )
    for waarschuwing in resultaat.waarschuwingen:
        print(f"Let op: {waarschuwing}", file=sys.stderr)
    print(resultaat.samenvatting())
    if concept:
        print("Let op: de cijfers sluiten niet; elke brief draagt de markering CONCEPT.", file=sys.stderr)
    elif zonder_adres:
        print("Let op: niet elk college heeft een postadres; die brieven dragen de markering CONCEPT.",
              file=sys.stderr)
    return 0
