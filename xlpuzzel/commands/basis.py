"""`puzzel basis`: make the current numbers the new baseline (only with --ja).

Adapter over :func:`xlpuzzel.bijstelling.leg_basis_vast`. Without `--ja` it only explains
what would happen. It is also the repair route for a missing or unreadable sheet Basis and
a missing sheet Wijzigingslog (both are recreated); a log whose header is broken must be
repaired by hand first, because rows are appended to it.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from xlpuzzel.commands.bijstellingen import _prefixed, add_common_arguments, gebruiker, na_het_log, tijdstip


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
    from xlpuzzel.bijstelling import (
        DEFAULT_BRON,
        BasisPlan,
        BijstellingError,
        controleer_samenhang,
        laatste_regels,
        leg_basis_vast,
    )
    from xlpuzzel.layout import BASIS_SHEET, INPUT_COLUMNS, LOG_SHEET
    from xlpuzzel.package import check_writable, read_package, write_package
    from xlpuzzel.patch import lees_staat, pas_basisplan_toe
    from xlpuzzel.tekst import aantal

    path = Path(args.werkmap)
    parts = read_package(path)
    if args.ja:
        check_writable(path)
    staat = lees_staat(parts, str(path))
    if staat.log_fout is not None and LOG_SHEET in staat.werkmap.sheets:
        raise staat.log_fout
    opmerkingen: list[str] = []
    if staat.basis_fout is not None:
        opmerkingen.append(
            f"De huidige basis is onbruikbaar ({staat.basis_fout.melding.split(' Herstel:')[0]}) "
            f"Met --ja wordt werkblad {BASIS_SHEET} "
            "opnieuw gemaakt; wijzigingen sinds die basis die nog niet gelogd waren, zijn niet meer te zien."
        )
    if LOG_SHEET not in staat.werkmap.sheets:
        opmerkingen.append(f"Werkblad {LOG_SHEET} ontbreekt; met --ja wordt het opnieuw gemaakt (zonder eerdere geschiedenis).")
    if staat.basis is not None and staat.log is not None:
        try:
            controleer_samenhang(staat.basis, staat.log)
        except BijstellingError as exc:
            opmerkingen.append(f"Het log sluit niet aan op de basis: {exc.melding}")
    wie, wanneer = gebruiker(args), tijdstip(args)
    bron = args.bron or str(staat.werkmap.instellingen.get("bron_wijziging") or "") or DEFAULT_BRON

    def plan_op(moment: dt.datetime) -> BasisPlan:
        return _prefixed(
            str(path), leg_basis_vast, staat.werkmap.puzzel, wie, moment,
            huidige_basis=staat.basis,
            bestaande_markeringen=staat.notities,
            laatste_waarden_uit_log=laatste_regels(staat.log or ()),
            bron=bron,
            omschrijving=args.omschrijving.strip(),
        )

    plan = plan_op(wanneer)
    moment = na_het_log(args, str(path), staat.log or (), wanneer, wijzigingen=bool(plan.nog_niet_gelogd))
    if moment != wanneer:
        wanneer = moment
        plan = plan_op(wanneer)
    n = len(staat.werkmap.puzzel.gemeenten)
    pending = plan.nog_niet_gelogd
    wat = [
        (f"de huidige getallen ({n} gemeenten x {len(INPUT_COLUMNS)} kolommen) worden de nieuwe basis, "
        f"gezet op {wanneer:%d-%m-%Y %H:%M} door {wie};"),
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
    for o in opmerkingen:
        print(f"Let op: {o}")
    if not args.ja:
        print(f"Zonder --ja gebeurt er niets. Met `puzzel basis {path} --ja`:")
        for line in wat:
            print(f"  - {line}")
        return 0
    result = pas_basisplan_toe(parts, plan, staat)
    write_package(path, result.parts, backup=True)
    for o in plan.ontmarkeren:
        print(f"  markering weg  {o.cel}")
    for r in pending:
        print(f"  gelogd         {r.cel:<6} {r.gemeente}, {r.kolom_label}")
    print(
        f"Nieuwe basis vastgelegd op {wanneer:%d-%m-%Y %H:%M} door {wie}: "
        f"{aantal(len(plan.ontmarkeren), 'markering', 'markeringen')} verwijderd, "
        f"{aantal(len(plan.logregels), 'rij', 'rijen')} toegevoegd aan het {LOG_SHEET}. "
        f"Opgeslagen: {path} (vorige versie: {path.name}.bak)."
    )
    return 0
