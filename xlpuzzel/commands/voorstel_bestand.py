"""The file front of the proposal's two writers: sheet Voorstel (`--schrijf`) and taking it over (`--overnemen`).

One adapter function per writer, on the package layer the change tracking uses today
(:mod:`xlpuzzel.package`: atomic write with a `.bak`, refused while Excel has the file
open; :mod:`xlpuzzel.patch`: only the parts that change are rewritten). Everything they
decide comes from the pure core (:mod:`xlpuzzel.voorstel.blad`,
:mod:`xlpuzzel.voorstel.overnemen`, :mod:`xlpuzzel.bijstelling`); they only read, patch and
write, so they move onto a shared workbook door as they are.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from xlpuzzel.voorstel import Voorstel
from xlpuzzel.voorstel.overnemen import Overname


def schrijf_voorstelblad(
    args: argparse.Namespace, path: Path, parts: dict[str, bytes], voorstel: Voorstel, wie: str, wanneer: dt.datetime
) -> bool:
    """Put the proposal on sheet Voorstel with one Wijzigingslog row; False (nothing written) when it is there already."""
    from xlpuzzel.bijstelling import MarkeerPlan
    from xlpuzzel.commands.bijstellingen import na_het_log
    from xlpuzzel.layout import VOORSTEL_SHEET
    from xlpuzzel.package import check_writable, write_package
    from xlpuzzel.patch import lees_staat, pas_markeerplan_toe
    from xlpuzzel.patch.cells import SheetXml
    from xlpuzzel.patch.opc import sheet_parts
    from xlpuzzel.patch.workbook import add_sheet
    from xlpuzzel.reader import read_sheet, sheet_names
    from xlpuzzel.voorstel.blad import blad_plan

    check_writable(path)
    bestaand: dict[str, object] = {}
    if VOORSTEL_SHEET in sheet_names(parts):
        bestaand = {a: c.value for a, c in read_sheet(parts, VOORSTEL_SHEET, dates=False).items()}
    if blad_plan(voorstel, bestaand, wie, wanneer, BRON) is None:
        return False
    staat = lees_staat(parts, str(path))
    _basis, log = staat.vereist()
    plan = blad_plan(voorstel, bestaand, wie, na_het_log(args, str(path), log, wanneer, wijzigingen=True), BRON)
    assert plan is not None
    out = dict(parts)
    if VOORSTEL_SHEET not in sheet_names(out):
        add_sheet(out, VOORSTEL_SHEET)
    part = sheet_parts(out)[VOORSTEL_SHEET]
    sheet = SheetXml(out[part])
    for address in plan.wissen:
        sheet.delete_cell(address)
    for address, value in plan.cellen.items():
        if bestaand.get(address) != value:
            sheet.set_value(address, value)
    sheet.store(out, part)
    logplan = MarkeerPlan(sheet=staat.werkmap.puzzel.sheet, logregels=(plan.logregel,))
    write_package(path, pas_markeerplan_toe(out, logplan, staat, wie).parts, backup=True)
    return True


def neem_voorstel_over(
    args: argparse.Namespace, path: Path, parts: dict[str, bytes], wie: str, wanneer: dt.datetime
) -> tuple[Overname, int]:
    """Copy sheet Voorstel into the bijstelling and inbreng cells, then flag and log them; (what changed, log rows)."""
    from xlpuzzel.bijstelling import controleer_samenhang, laatste_regels, markeer_bijstellingen
    from xlpuzzel.commands.bijstellingen import na_het_log
    from xlpuzzel.layout import VOORSTEL_SHEET
    from xlpuzzel.package import check_writable, write_package
    from xlpuzzel.patch import lees_staat, pas_markeerplan_toe
    from xlpuzzel.patch.cells import SheetXml
    from xlpuzzel.patch.opc import sheet_parts
    from xlpuzzel.patch.workbook import recalculate_on_open
    from xlpuzzel.reader import read_sheet, read_workbook_parts, sheet_names
    from xlpuzzel.voorstel import VoorstelError
    from xlpuzzel.voorstel.overnemen import OPNIEUW, OVERNAME_BRON, overname

    check_writable(path)
    werkmap = read_workbook_parts(parts, str(path))
    if VOORSTEL_SHEET not in sheet_names(parts):
        raise VoorstelError(f"{path}: werkblad {VOORSTEL_SHEET} ontbreekt. {OPNIEUW}")
    blad = {a: c.value for a, c in read_sheet(parts, VOORSTEL_SHEET, dates=False).items()}
    try:
        plan_cellen = overname(werkmap.puzzel, blad)
    except VoorstelError as exc:
        raise VoorstelError(f"{path}: {exc.melding}", exc.cel) from exc
    if plan_cellen.leeg:
        return plan_cellen, 0
    out = dict(parts)
    part = sheet_parts(out)[werkmap.puzzel.sheet]
    sheet = SheetXml(out[part])
    for address, value in plan_cellen.cellen.items():
        sheet.set_value(address, value)
    # The totals below are formulas: their stored results are stale now, so Excel recalculates on open.
    sheet.drop_cached_formula_values()
    sheet.store(out, part)
    recalculate_on_open(out)
    staat = lees_staat(out, str(path))
    basis, log = staat.vereist()
    controleer_samenhang(basis, log)
    moment = na_het_log(args, str(path), log, wanneer, wijzigingen=True)
    plan = markeer_bijstellingen(staat.werkmap.puzzel, basis, staat.notities, laatste_regels(log), wie, moment,
                                 OVERNAME_BRON)
    write_package(path, pas_markeerplan_toe(out, plan, staat, wie).parts, backup=True)
    return plan_cellen, len(plan.logregels)


#: Source of the log row of `--schrijf`.
BRON = "puzzel voorstel --schrijf"
