"""The proposal's two writers, once for `puzzel voorstel` and the ribbon: sheet Voorstel, and taking it over.

- :func:`voorstel_invoer`: the proposal's input (sheet Puzzel, and sheet Ruimte when there is one);
- :func:`schrijf_voorstel`: the proposal onto sheet Voorstel with one Wijzigingslog row, as one
  :class:`Schrijfplan` (`bladen` + `logregels`); nothing when the sheet holds it already;
- :func:`voorstel_overname` (what would change, for the front's question) and
  :func:`neem_voorstel_over`: the values typed into the bijstelling and inbreng cells, flagged
  and logged by change tracking as one plan (`cellen` + flags + log rows).

Everything decided comes from the pure core (:mod:`xlpuzzel.voorstel`, :mod:`xlpuzzel.bijstelling`);
the adapters only write. The solver is imported by `stel_voor`, never here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from xlpuzzel.layout import RUIMTE_SHEET, VOORSTEL_SHEET
from xlpuzzel.usecases.bijstellen import (
    Markeerresultaat,
    een_regel,
    lees_staat,
    met_naam,
    na_het_log,
    ongeldige_aantallen,
)
from xlpuzzel.usecases.protocol import Blad, Schrijfplan, Toegepast, Werkmap, meld

if TYPE_CHECKING:
    from xlpuzzel.model import Puzzel
    from xlpuzzel.voorstel import Voorstel, VoorstelInvoer
    from xlpuzzel.voorstel.overnemen import Overname


def voorstel_invoer(werkmap: Werkmap) -> VoorstelInvoer:
    """The proposal's input: the puzzel, and the bounds of sheet Ruimte when the workbook has one."""
    from xlpuzzel.voorstel import GEEN_RUIMTE, VoorstelError, invoer_uit_puzzel, ruimte_uit_cellen

    puzzel = werkmap.puzzel()
    try:
        cellen = werkmap.blad(RUIMTE_SHEET)
        ruimte = GEEN_RUIMTE if cellen is None else ruimte_uit_cellen(cellen, puzzel.gemeenten)
        return invoer_uit_puzzel(puzzel, ruimte)
    except VoorstelError as exc:
        raise VoorstelError(meld(werkmap, exc.melding), exc.cel) from exc


def schrijf_voorstel(
    werkmap: Werkmap, voorstel: Voorstel, gebruiker: str, tijdstip: dt.datetime, *, bron: str,
    tijdstip_opgegeven: bool = False,
) -> Toegepast | None:
    """Put the proposal on sheet Voorstel with one log row; None (nothing written) when the sheet has it already."""
    from xlpuzzel.voorstel.blad import LAATSTE_KOLOM, blad_plan

    wie = een_regel(gebruiker)
    bestaand = werkmap.blad(VOORSTEL_SHEET) or {}
    if blad_plan(voorstel, bestaand, wie, tijdstip, bron) is None:
        return None
    staat = lees_staat(werkmap)
    if staat.log_fout is not None:
        raise staat.log_fout
    moment, _klok = na_het_log(werkmap, staat.log or (), tijdstip, wijzigingen=True, opgegeven=tijdstip_opgegeven)
    plan = blad_plan(voorstel, bestaand, wie, moment, bron)
    assert plan is not None
    wis = ()
    if plan.wissen:
        from xlpuzzel.layout import parse_address

        laatste = max(found[0] for found in map(parse_address, plan.wissen) if found is not None)
        wis = (f"A1:{LAATSTE_KOLOM}{laatste}",)
    return werkmap.pas_toe(Schrijfplan(
        staat.puzzel.sheet, wie, logregels=(plan.logregel,), bladen={VOORSTEL_SHEET: Blad(plan.cellen, wis)},
    ))


def voorstel_overname(werkmap: Werkmap) -> Overname:
    """What taking sheet Voorstel over would change (for the question the front asks); VoorstelError when it cannot."""
    from xlpuzzel.voorstel import VoorstelError
    from xlpuzzel.voorstel.overnemen import OPNIEUW, overname

    blad = werkmap.blad(VOORSTEL_SHEET)
    if blad is None:
        raise VoorstelError(meld(werkmap, f"werkblad {VOORSTEL_SHEET} ontbreekt. {OPNIEUW}"))
    try:
        return overname(werkmap.puzzel(), blad)
    except VoorstelError as exc:
        raise VoorstelError(meld(werkmap, exc.melding), exc.cel) from exc


def neem_voorstel_over(
    werkmap: Werkmap, plan: Overname, gebruiker: str, tijdstip: dt.datetime, *, tijdstip_opgegeven: bool = False
) -> Markeerresultaat:
    """Type the proposal's values into the puzzel, flagged and logged by change tracking, in one plan.

    The flags and log rows are planned on the puzzel with the new values, exactly as
    'Bijstellingen markeren' right after typing them would, with the proposal as the source.
    """
    from xlpuzzel.bijstelling import controleer_samenhang, laatste_regels, markeerplan
    from xlpuzzel.voorstel.overnemen import OVERNAME_BRON

    staat = lees_staat(werkmap)
    basis, log = staat.vereist()
    met_naam(werkmap, controleer_samenhang, basis, log)
    wie = een_regel(gebruiker)
    puzzel = met_waarden(staat.puzzel, plan.cellen)
    notities = werkmap.notities()
    moment, klok = na_het_log(werkmap, log, tijdstip, wijzigingen=True, opgegeven=tijdstip_opgegeven)
    markeer = met_naam(werkmap, markeerplan, puzzel, basis, notities, laatste_regels(log), wie, moment, OVERNAME_BRON)
    toegepast = werkmap.pas_toe(Schrijfplan(
        puzzel.sheet, wie, cellen=dict(plan.cellen), markeren=markeer.markeren, ontmarkeren=markeer.ontmarkeren,
        logregels=markeer.logregels,
    ))
    return Markeerresultaat(markeer, toegepast, moment, (*klok, *markeer.waarschuwingen),
                            ongeldige_aantallen(puzzel, markeer.logregels))


def met_waarden(puzzel: Puzzel, cellen: Mapping[str, object]) -> Puzzel:
    """The puzzel as it reads once these cells (A1 -> value, on its own sheet) hold these values."""
    from xlpuzzel.entry import make_entry

    def typed(entry):  # type: ignore[no-untyped-def]
        if entry.cell in cellen and (entry.sheet in (None, puzzel.sheet)):
            return make_entry(cellen[entry.cell], entry.sheet, entry.cell)
        return entry

    return dataclasses.replace(
        puzzel, columns={cid: tuple(typed(e) for e in entries) for cid, entries in puzzel.columns.items()}
    )
