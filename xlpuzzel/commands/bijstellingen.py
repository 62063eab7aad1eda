"""`puzzel bijstellingen`: flag every input number that differs from the baseline and log the change.

Adapter over :func:`xlpuzzel.bijstelling.markeer_bijstellingen` (the same core the ribbon
button "Markeer bijstellingen" calls) and the file writer :mod:`xlpuzzel.patch`. The file is
written atomically with one backup (`.bak`) beside it, and only when there is something to
write; a workbook open in Excel (lock file `~$...`) or read-only is refused before anything
is done.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from xlpuzzel.resources import DEFAULT_WORKBOOK

if TYPE_CHECKING:
    from xlpuzzel.bijstelling import LogRegel


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `puzzel bijstellingen`."""
    add_common_arguments(parser)
    parser.add_argument(
        "--bron", default=None,
        help="bron in het Wijzigingslog; standaard de instelling bron_wijziging ('telefonisch contact gemeente')",
    )


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    """WERKMAP, --gebruiker and --tijdstip, shared by the writing commands."""
    parser.add_argument(
        "werkmap", nargs="?", default=str(DEFAULT_WORKBOOK), metavar="WERKMAP",
        help="werkmap (.xlsm of .xlsx); standaard puzzel.xlsm",
    )
    parser.add_argument("--gebruiker", default=None, help="naam in log en notities; standaard de Windows-gebruiker")
    parser.add_argument(
        "--tijdstip", default=None, metavar="JJJJ-MM-DDTUU:MM:SS",
        help="datum en tijd in log en notities; standaard nu",
    )


def gebruiker(args: argparse.Namespace) -> str:
    """The user: --gebruiker, else Windows' USERNAME, else the login name; on one line."""
    if args.gebruiker and _een_regel(args.gebruiker):
        return _een_regel(args.gebruiker)
    name = os.environ.get("USERNAME")
    if not name:
        try:
            name = getpass.getuser()
        except (OSError, KeyError):
            name = ""
    return _een_regel(name or "") or "onbekend"


def _een_regel(name: str) -> str:
    # The tool's note is the first line of a note and XML refuses control characters.
    return " ".join("".join(c if c.isprintable() else " " for c in str(name)).split())


def tijdstip(args: argparse.Namespace) -> dt.datetime:
    """The moment: --tijdstip, else now (local time, whole seconds)."""
    from xlpuzzel.errors import PuzzelError

    if args.tijdstip:
        try:
            return dt.datetime.fromisoformat(args.tijdstip).replace(microsecond=0, tzinfo=None)
        except ValueError as exc:
            raise PuzzelError(f"--tijdstip '{args.tijdstip}' is geen datum-tijd (bijv. 2026-11-27T14:03:00).") from exc
    return dt.datetime.now().replace(microsecond=0)


def na_het_log(
    args: argparse.Namespace, name: str, log: Sequence[LogRegel], wanneer: dt.datetime, wijzigingen: bool
) -> dt.datetime:
    """The moment for new rows: `wanneer`, unless that is before the log's last row.

    An explicit --tijdstip is then refused; a clock behind the log's (a colleague's pc) gives the
    rows the earliest moment after the log, so history keeps its order.
    """
    from xlpuzzel.bijstelling import vroegste_tijdstip
    from xlpuzzel.errors import PuzzelError
    from xlpuzzel.layout import LOG_SHEET

    found = vroegste_tijdstip(log, wijzigingen)
    if found is None or wanneer >= found[0]:
        return wanneer
    vroegste, last = found
    if args.tijdstip:
        waar = f"(rij {last.rij or '?'}, {last.tijdstip:%d-%m-%Y %H:%M:%S})"
        wat = (f"ligt niet na de laatste basis in het {LOG_SHEET} {waar}; een bijstelling komt na de basis"
               if wanneer >= last.tijdstip else
               f"ligt vóór de laatste regel van het {LOG_SHEET} {waar}; het log loopt op in de tijd")
        raise PuzzelError(
            f"{name}: --tijdstip {wanneer:%d-%m-%Y %H:%M:%S} {wat}. Kies een later tijdstip of laat --tijdstip weg; "
            "er is niets opgeslagen."
        )
    print(f"Let op: de klok van deze computer ({wanneer:%d-%m-%Y %H:%M:%S}) loopt achter op het {LOG_SHEET}; "
          f"de nieuwe rijen krijgen het tijdstip {vroegste:%d-%m-%Y %H:%M:%S}.")
    return vroegste


def run(args: argparse.Namespace) -> int:
    """Flag, unflag, log; write only when something changed."""
    from xlpuzzel.bijstelling import (
        DEFAULT_BRON,
        MarkeerPlan,
        controleer_samenhang,
        laatste_regels,
        markeer_bijstellingen,
    )
    from xlpuzzel.package import check_writable, read_package, write_package
    from xlpuzzel.patch import lees_staat, pas_markeerplan_toe

    path = Path(args.werkmap)
    parts = read_package(path)
    check_writable(path)
    staat = lees_staat(parts, str(path))
    basis, log = staat.vereist()
    _prefixed(str(path), controleer_samenhang, basis, log)
    wie, wanneer = gebruiker(args), tijdstip(args)
    bron = args.bron or str(staat.werkmap.instellingen.get("bron_wijziging") or "") or DEFAULT_BRON

    def plan_op(moment: dt.datetime) -> MarkeerPlan:
        return _prefixed(str(path), markeer_bijstellingen, staat.werkmap.puzzel, basis, staat.notities,
                         laatste_regels(log), wie, moment, bron)

    plan = plan_op(wanneer)
    if plan.logregels:
        moment = na_het_log(args, str(path), log, wanneer, wijzigingen=True)
        if moment != wanneer:
            plan = plan_op(moment)
    for w in plan.waarschuwingen:
        print(f"Let op: {w}")
    if plan.leeg:
        print(f"Geen nieuwe bijstellingen in {path}: alle getallen zijn gelijk aan de basis of al gelogd. "
              "Er is niets opgeslagen.")
        return 0
    result = pas_markeerplan_toe(parts, plan, staat, wie)
    write_package(path, result.parts, backup=True)
    for m in plan.markeren:
        print(f"  gemarkeerd  {m.cel:<6} {m.gemeente}, {_label(m.kolom)}: {m.notitie}")
    for o in plan.ontmarkeren:
        print(f"  hersteld    {o.cel:<6} {o.gemeente}, {_label(o.kolom)}: weer gelijk aan de basis, markering weg.")
    for cel in result.zonder_notitie:
        print(f"Let op: {cel} heeft een opmerking (gesprek); daar is geen notitie bij gezet, wel de kleur en het log.")
    print(
        f"{_n(len(plan.markeren), 'cel', 'cellen')} gemarkeerd, {_n(len(plan.ontmarkeren), 'markering', 'markeringen')} "
        f"verwijderd, {_n(len(plan.logregels), 'rij', 'rijen')} toegevoegd aan het Wijzigingslog. "
        f"Opgeslagen: {path} (vorige versie: {path.name}.bak)."
    )
    return 0


def _prefixed(name: str, check, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Run a core function; its Dutch error gets the file name in front."""
    from xlpuzzel.bijstelling import BijstellingError

    try:
        return check(*args, **kwargs)
    except BijstellingError as exc:
        raise BijstellingError(f"{name}: {exc.melding}", exc.cel) from exc


def _label(kolom: str) -> str:
    from xlpuzzel.layout import COLUMN_BY_ID

    col = COLUMN_BY_ID.get(kolom)
    return col.label if col is not None else kolom


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"
