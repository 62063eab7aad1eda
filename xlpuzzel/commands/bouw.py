"""`puzzel bouw`: write puzzel.xlsm from the data file, layout, VBA and ribbon sources (`--lite`: puzzel-lite.xlsx)."""

from __future__ import annotations

import argparse
from pathlib import Path

from xlpuzzel.commands import WERKMAP_NAAM

#: What `puzzel bouw --lite` writes by default.
LITE_NAAM = "puzzel-lite.xlsx"
from xlpuzzel.resources import DEFAULT_DATA


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `puzzel bouw`."""
    parser.add_argument("--gegevens", default=str(DEFAULT_DATA), help="gegevensbestand (zonder .csv/.json)")
    parser.add_argument(
        "--uit", default=None,
        help="te schrijven werkmap; standaard puzzel.xlsm (met --lite: puzzel-lite.xlsx) in de huidige map",
    )
    parser.add_argument(
        "--lite", action="store_true",
        help="schrijf puzzel-lite.xlsx: dezelfde werkmap zonder macro's en lint, met de code voor xlwings Lite",
    )
    parser.add_argument(
        "--wiel", metavar="ADRES", default=None,
        help="met --lite: het internetadres van het xlpuzzel-wiel, voor requirements.txt van xlwings Lite",
    )
    parser.add_argument(
        "--zoals-gedrukt", action="store_true", help="ook afgeleide cellen getypt zoals gedrukt (testbestand)"
    )
    parser.add_argument(
        "--overschrijf",
        action="store_true",
        help="vervang een bestaande werkmap met andere inhoud (de oude blijft als .bak bewaard)",
    )


def run(args: argparse.Namespace) -> int:
    """Build and write the workbook (or its xlwings Lite twin); never silently replace a workbook staff have changed."""
    from xlpuzzel.build import build_workbook, load_dataset
    from xlpuzzel.errors import PuzzelError
    from xlpuzzel.storage import backup_path, create_new, read_file, replace_whole

    if args.wiel and not args.lite:
        raise PuzzelError("--wiel hoort bij --lite (het adres van het wiel voor xlwings Lite). Er is niets geschreven.")
    target = doel(args)
    if args.lite and target.suffix.lower() != ".xlsx":
        raise PuzzelError(
            f"{target}: de werkmap voor xlwings Lite heeft geen macro's en moet op .xlsx eindigen. Kies met --uit een "
            "naam als puzzel-lite.xlsx. Er is niets geschreven."
        )
    if not args.lite and target.suffix.lower() != ".xlsm":
        # The workbook carries macros and the ribbon: Excel refuses to open such a file under .xlsx.
        raise PuzzelError(
            f"{target}: bouw schrijft een werkmap met macro's en lint, en die moet op .xlsm eindigen. Kies met --uit "
            "een naam als puzzel.xlsm. Er is niets geschreven."
        )
    if target.is_dir():
        raise PuzzelError(f"{target}: dit is een map; geef met --uit een bestandsnaam (.xlsm). Er is niets geschreven.")
    try:
        dataset = load_dataset(args.gegevens)
    except UnicodeDecodeError as exc:
        raise PuzzelError(
            f"{_niet_utf8(args.gegevens)}: het bestand is niet als UTF-8 opgeslagen. Sla het in Excel op als "
            "'CSV UTF-8 (door komma's gescheiden)' (of in Kladblok met codering UTF-8) en probeer het opnieuw. "
            "Er is niets geschreven."
        ) from exc
    if args.lite:
        from xlpuzzel.build import build_lite_workbook
        from xlpuzzel.build.lite import lite_code

        data = build_lite_workbook(dataset, lite_code(args.wiel))
    else:
        data = build_workbook(dataset, as_printed=args.zoals_gedrukt)
    if target.exists() or target.is_symlink():
        if read_file(target).data == data:
            print(f"Werkmap is al actueel: {target}")
            return 0
        if not args.overschrijf:
            raise PuzzelError(
                f"{target} bestaat al en wijkt af van de bronbestanden; daarin staan mogelijk "
                "ingevoerde getallen. Gebruik --overschrijf om te vervangen (de oude werkmap blijft "
                f"bewaard als {target.name}.bak) of kies met --uit een ander bestand. Er is niets geschreven."
            )
        # Replacing a workbook is what every writer does: under its lock, refused while Excel or LibreOffice
        # has it open, re-checked just before, the version read kept as .bak (atomically, never through a link).
        real = replace_whole(target, data, "bouw")
        via = f" via de koppeling {target}" if target.is_symlink() else ""
        print(f"Werkmap vervangen: {real}{via} ({len(dataset.puzzel.gemeenten)} gemeenten); de vorige versie staat "
              f"in {backup_path(real)}.")
        return 0
    from xlpuzzel.uitvoer import maak_map

    maak_map(target.parent)
    create_new(target, data)  # never over a file that appeared meanwhile
    print(f"Werkmap geschreven: {target} ({len(dataset.puzzel.gemeenten)} gemeenten)")
    return 0


def doel(args: argparse.Namespace) -> Path:
    """The workbook to write: --uit, else puzzel.xlsm (with --lite puzzel-lite.xlsx) in the current folder."""
    return Path(args.uit or (LITE_NAAM if args.lite else WERKMAP_NAAM))


def _niet_utf8(gegevens: str) -> Path:
    """The file of a data file pair (.csv or .json) that is not UTF-8 text."""
    base = Path(gegevens)
    if base.suffix in (".csv", ".json"):
        base = base.with_suffix("")
    for suffix in (".csv", ".json"):
        path = base.with_suffix(suffix)
        try:
            path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            return path
        except OSError:
            continue
    return base
