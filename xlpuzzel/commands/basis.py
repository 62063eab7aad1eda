"""`puzzel basis`: make the current numbers the new baseline (only with --ja).

Front of :func:`xlpuzzel.usecases.leg_basis_vast`. Without `--ja` it only explains what
would happen (the use case plans without writing). It is also the repair route for a
missing or unreadable sheet Basis and a missing sheet Wijzigingslog (both are recreated);
a log whose header is broken must be repaired by hand first, because rows are appended to it.
"""

from __future__ import annotations

import argparse
import re

from xlpuzzel.commands.bijstellingen import add_common_arguments, gebruiker, opgeslagen, tijdstip


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `puzzel basis`."""
    add_common_arguments(parser)
    parser.add_argument("--ja", action="store_true", help="echt vastleggen (zonder --ja: alleen uitleg)")
    parser.add_argument(
        "--omschrijving", default="", help="waarom, bijv. 'PRT 27-11-2026'; komt in het Wijzigingslog"
    )
    parser.add_argument("--bron", default=None, help="bron voor wijzigingen die nog niet gelogd waren")


def run(args: argparse.Namespace) -> int:
    """Explain, or (with --ja) set the baseline and write the workbook."""
    from xlpuzzel.layout import INPUT_COLUMNS, LOG_SHEET
    from xlpuzzel.tekst import aantal
    from xlpuzzel.usecases import leg_basis_vast
    from xlpuzzel.workbookfile import open_workbook

    wie, wanneer = gebruiker(args), tijdstip(args)
    with open_workbook(args.werkmap, schrijven=args.ja, opdracht="basis --ja", gebruiker=wie) as werkmap:
        uit = leg_basis_vast(
            werkmap, wie, wanneer, bron=args.bron, omschrijving=args.omschrijving,
            tijdstip_opgegeven=bool(args.tijdstip), schrijven=args.ja,
        )
        n = len(werkmap.puzzel().gemeenten)
    plan, wanneer = uit.plan, uit.tijdstip
    for o in uit.opmerkingen:
        print(f"Let op: {o}")
    for w in uit.waarschuwingen:
        print(f"Let op: {w}")
    pending = plan.nog_niet_gelogd
    if not args.ja:
        wat = [
            (f"de huidige getallen ({n} gemeenten x {len(INPUT_COLUMNS)} kolommen) worden de nieuwe basis, "
             f"gezet op {wanneer:%d-%m-%Y %H:%M} door {plan.basis.gezet_door};"),
            (f"{aantal(len(plan.ontmarkeren), 'markering', 'markeringen')} 'Tussentijds bijgesteld' van de tool "
             f"{'wordt' if len(plan.ontmarkeren) == 1 else 'worden'} verwijderd "
             "(eigen notities en opmaak blijven);"),
        ]
        if pending:
            wat.append(
                f"{aantal(len(pending), 'wijziging', 'wijzigingen')} die nog niet in het log "
                f"{'stond, wordt' if len(pending) == 1 else 'stonden, worden'} eerst gelogd;"
            )
        wat.append(f"het {LOG_SHEET} blijft staan en krijgt een rij 'basis vastgelegd'.")
        print(f"Zonder --ja gebeurt er niets. Met `{_opnieuw(args)}`:")
        for line in wat:
            print(f"  - {line}")
        return 0
    for o in plan.ontmarkeren:
        print(f"  markering weg  {o.cel}")
    for r in pending:
        print(f"  gelogd         {r.cel:<6} {r.gemeente}, {r.kolom_label}")
    assert uit.toegepast is not None
    print(
        f"Nieuwe basis vastgelegd op {wanneer:%d-%m-%Y %H:%M} door {plan.basis.gezet_door}: "
        f"{aantal(len(plan.ontmarkeren), 'markering', 'markeringen')} verwijderd, "
        f"{aantal(len(plan.logregels), 'rij', 'rijen')} toegevoegd aan het {LOG_SHEET}. "
        f"{opgeslagen(args.werkmap, uit.toegepast)}"
    )
    return 0


def _opnieuw(args: argparse.Namespace) -> str:
    """The command that does it: the same workbook and options, with --ja (so --omschrijving is not lost)."""
    parts = ["puzzel", "basis", str(args.werkmap), "--ja"]
    for option, value in (("--omschrijving", args.omschrijving.strip()), ("--bron", args.bron)):
        if value:
            parts += [option, value]
    return " ".join(p if re.fullmatch(r"[\w.:\\/-]+", p) else '"' + p.replace('"', '\\"') + '"' for p in parts)
