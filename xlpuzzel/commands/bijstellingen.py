"""`puzzel bijstellingen`: flag every input number that differs from the baseline and log the change.

Front of :func:`xlpuzzel.usecases.markeer_bijstellingen` (the same use case the ribbon
button 'Bijstellingen markeren' calls): opens the workbook for writing (locked, re-checked
before it is replaced, one `.bak` beside it; see :mod:`xlpuzzel.storage`), calls the use
case and prints what it did.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from xlpuzzel.commands import werkmap_argument

if TYPE_CHECKING:
    from xlpuzzel.usecases import Toegepast


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `puzzel bijstellingen`."""
    add_common_arguments(parser)
    parser.add_argument(
        "--bron", default=None,
        help="bron in het Wijzigingslog; standaard de instelling bron_wijziging ('telefonisch contact gemeente')",
    )


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    """WERKMAP, --gebruiker and --tijdstip, shared by the writing commands."""
    werkmap_argument(parser, "werkmap")
    parser.add_argument("--gebruiker", default=None, help="naam in log en notities; standaard de Windows-gebruiker")
    parser.add_argument(
        "--tijdstip", default=None, metavar="JJJJ-MM-DDTUU:MM:SS",
        help="datum en tijd in log en notities; standaard nu",
    )


def gebruiker(args: argparse.Namespace) -> str:
    """The user: --gebruiker, else Windows' USERNAME, else the login name (the use case puts it on one line)."""
    from xlpuzzel.storage import current_user

    given = " ".join(str(args.gebruiker or "").split())
    return given or current_user()


def tijdstip(args: argparse.Namespace) -> dt.datetime:
    """The moment, read once: --tijdstip, else now (local time, whole seconds)."""
    from xlpuzzel.errors import PuzzelError

    if args.tijdstip:
        try:
            return dt.datetime.fromisoformat(args.tijdstip).replace(microsecond=0, tzinfo=None)
        except ValueError as exc:
            raise PuzzelError(f"--tijdstip '{args.tijdstip}' is geen datum-tijd (bijv. 2026-11-27T14:03:00).") from exc
    return dt.datetime.now().replace(microsecond=0)


def run(args: argparse.Namespace) -> int:
    """Open for writing, call the use case, print what changed."""
    from xlpuzzel.tekst import aantal
    from xlpuzzel.usecases import markeer_bijstellingen
    from xlpuzzel.workbookfile import open_workbook

    wie, wanneer = gebruiker(args), tijdstip(args)
    with open_workbook(args.werkmap, schrijven=True, opdracht="bijstellingen", gebruiker=wie) as werkmap:
        uit = markeer_bijstellingen(werkmap, wie, wanneer, bron=args.bron, tijdstip_opgegeven=bool(args.tijdstip))
    for w in uit.waarschuwingen:
        print(f"Let op: {w}")
    plan = uit.plan
    if uit.toegepast is None:
        print(f"Geen nieuwe bijstellingen in {args.werkmap}: alle getallen zijn gelijk aan de basis of al gelogd. "
              "Er is niets opgeslagen.")
        return 0
    for m in plan.markeren:
        print(f"  gemarkeerd  {m.cel:<6} {m.gemeente}, {_label(m.kolom)}: {m.notitie}")
    for o in plan.ontmarkeren:
        print(f"  hersteld    {o.cel:<6} {o.gemeente}, {_label(o.kolom)}: weer gelijk aan de basis, markering weg.")
    for cel in uit.toegepast.zonder_notitie:
        print(f"Let op: {cel} heeft een opmerking (gesprek); daar is geen notitie bij gezet, wel de kleur en het log.")
    print(
        f"{aantal(len(plan.markeren), 'cel', 'cellen')} gemarkeerd, {aantal(len(plan.ontmarkeren), 'markering', 'markeringen')} "
        f"verwijderd, {aantal(len(plan.logregels), 'rij', 'rijen')} toegevoegd aan het Wijzigingslog. "
        f"{opgeslagen(args.werkmap, uit.toegepast)}"
    )
    if uit.ongeldig:
        print("Let op: deze gewijzigde cellen bevatten geen geldig aantal (ze zijn wel gelogd, het log is de "
              "geschiedenis); verbeter ze en kijk met `puzzel controleer`:")
        for regel in uit.ongeldig:
            print(f"  {regel}")
    return 0


def opgeslagen(werkmap: str, toegepast: Toegepast) -> str:
    """'Opgeslagen: puzzel.xlsm (vorige versie: puzzel.xlsm.bak).', naming the real file behind a symbolic link."""
    path = Path(werkmap)
    if path.is_symlink() and toegepast.opgeslagen:
        return (f"Opgeslagen: {toegepast.opgeslagen} (via de koppeling {werkmap}; vorige versie: "
                f"{toegepast.reservekopie}).")
    return f"Opgeslagen: {werkmap} (vorige versie: {path.name}.bak)."


def _label(kolom: str) -> str:
    from xlpuzzel.layout import COLUMN_BY_ID

    col = COLUMN_BY_ID.get(kolom)
    return col.label if col is not None else kolom

