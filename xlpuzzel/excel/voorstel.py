"""Ribbon buttons 'Voorstel berekenen' and 'Voorstel overnemen': the proposal of :mod:`xlpuzzel.voorstel`, live.

'Voorstel berekenen' reads sheet Puzzel (as every button) and sheet Ruimte (one used-range
read), makes the proposal (the solver is imported here, on this click only), and writes
sheet Voorstel as one block with one row in the Wijzigingslog; when the sheet already holds
this proposal it writes nothing. 'Voorstel overnemen' reads sheet Voorstel back, asks yes/no
with the number of cells, writes the changed bijstelling and inbreng cells (one call per
run of neighbouring cells in a column) and then runs 'Bijstellingen markeren', so the normal
change tracking flags and logs them, with the proposal as the source.

This is the xlwings front of the same two writers as `puzzel voorstel --schrijf` and
`--overnemen --ja` (:mod:`xlpuzzel.commands.voorstel_bestand`); each is one function over
the pure core.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from xlpuzzel.excel.werkmap import (
    blad,
    boek,
    heeft_blad,
    lees_blad,
    lees_puzzel,
    melding,
    schrijf_cellen,
    split,
    status,
    vraag,
)
from xlpuzzel.layout import LOG_SHEET, RUIMTE_SHEET, VOORSTEL_SHEET, index_to_letter

if TYPE_CHECKING:
    import xlwings as xw

    from xlpuzzel.model import Puzzel
    from xlpuzzel.voorstel import Voorstel
    from xlpuzzel.voorstel.overnemen import Overname


#: Source of the log row of 'Voorstel berekenen'.
BRON = "knop Voorstel berekenen"


def voorstel_berekenen(
    book: xw.Book | None = None, *, gebruiker: str | None = None, tijdstip: dt.datetime | None = None
) -> Voorstel:
    """Make the proposal, put it on sheet Voorstel with a log row (unless it is there already), show the summary."""
    from xlpuzzel.bijstelling import BijstellingError, log_uit_cellen
    from xlpuzzel.excel.bijstellen import _gebruiker, _log_toevoegen, _na_het_log, _nu
    from xlpuzzel.export import csv_tekst
    from xlpuzzel.voorstel import GEEN_RUIMTE, invoer_uit_puzzel, ruimte_uit_cellen, stel_voor
    from xlpuzzel.voorstel.blad import LAATSTE_KOLOM, blad_plan
    from xlpuzzel.voorstel.tekst import samenvatting

    book = boek(book)
    status(book, "Drentse Puzzel: voorstel berekenen…")
    puzzel = lees_puzzel(book)
    ruimte = GEEN_RUIMTE
    if heeft_blad(book, RUIMTE_SHEET):
        ruimte = ruimte_uit_cellen(lees_blad(book, RUIMTE_SHEET), puzzel.gemeenten)
    voorstel = stel_voor(invoer_uit_puzzel(puzzel, ruimte))
    tekst = samenvatting(voorstel)
    if voorstel.uitleg:
        tekst += "\n\n" + "\n".join(voorstel.uitleg[:8]) + ("\n…" if len(voorstel.uitleg) > 8 else "")
    bestaand = lees_blad(book, VOORSTEL_SHEET)
    wie = gebruiker or _gebruiker(book)
    if blad_plan(voorstel, bestaand, wie, tijdstip or _nu(), BRON) is None:
        status(book, "Voorstel berekend: werkblad Voorstel had dit voorstel al.")
        melding(book, f"{tekst}\n\nWerkblad {VOORSTEL_SHEET} had dit voorstel al; er is niets gewijzigd.")
        return voorstel
    if not heeft_blad(book, LOG_SHEET):
        raise BijstellingError(
            f"Het werkblad '{LOG_SHEET}' ontbreekt: het voorstel wordt daar gelogd. Zet het werkblad terug via "
            "Bestand > Info > Versiegeschiedenis, of klik op 'Basis vastleggen'."
        )
    log_cellen = lees_blad(book, LOG_SHEET)
    moment = tijdstip or _nu()
    moment = _na_het_log(log_uit_cellen(log_cellen), moment, wijzigingen=True) or moment
    plan = blad_plan(voorstel, bestaand, wie, moment, BRON)
    assert plan is not None
    sheet = blad(book, VOORSTEL_SHEET)
    if plan.wissen:
        sheet.range(f"A1:{LAATSTE_KOLOM}{max(split(a)[0] for a in plan.wissen)}").clear_contents()
    # Excel reads a written text as typed: '+176 Oek, -128 Asiel' or a name like '=...' would become a
    # formula. Excel's quote prefix keeps them text (and is not part of the value read back).
    schrijf_cellen(sheet, {a: csv_tekst(v) if isinstance(v, str) else v for a, v in plan.cellen.items()})
    _log_toevoegen(book, log_cellen, [plan.logregel])
    status(book, "Voorstel berekend: zie werkblad Voorstel.")
    melding(book, f"{tekst}\n\nHet voorstel staat op werkblad {VOORSTEL_SHEET}; 'Voorstel overnemen' zet het in de "
                  "puzzel.")
    return voorstel


def voorstel_overnemen(
    book: xw.Book | None = None, *, gebruiker: str | None = None, tijdstip: dt.datetime | None = None
) -> Overname | None:
    """After a 'Ja' with the number of cells: copy sheet Voorstel into the puzzel, then flag and log as bijstellingen."""
    from xlpuzzel.excel.bijstellen import markeer_bijstellingen
    from xlpuzzel.voorstel import VoorstelError
    from xlpuzzel.voorstel.overnemen import OPNIEUW, OVERNAME_BRON, overname, vraag_tekst

    book = boek(book)
    puzzel = lees_puzzel(book)
    if not heeft_blad(book, VOORSTEL_SHEET):
        raise VoorstelError(f"Werkblad {VOORSTEL_SHEET} ontbreekt. {OPNIEUW}")
    plan = overname(puzzel, lees_blad(book, VOORSTEL_SHEET))
    if plan.leeg:
        melding(book, f"De puzzel heeft het voorstel van werkblad {VOORSTEL_SHEET} al; er is niets gewijzigd.")
        return plan
    if not vraag(book, vraag_tekst(plan)):
        status(book, "Voorstel overnemen: geannuleerd, er is niets gewijzigd.")
        return None
    status(book, "Drentse Puzzel: voorstel overnemen…")
    sheet = book.sheets[puzzel.sheet]
    for cellen in _blokken(puzzel, plan.cellen):
        schrijf_cellen(sheet, cellen)
    markeer_bijstellingen(book, gebruiker=gebruiker, tijdstip=tijdstip, bron=OVERNAME_BRON)
    return plan


def _blokken(puzzel: Puzzel, nieuw: Mapping[str, object]) -> list[dict[str, object]]:
    """The writes: per column, runs of neighbouring cells from the first to the last changed one.

    An unchanged cell inside a run is written back as it is (its formula, or its number or
    blank); a cell holding text ('ntb', '1.077' typed as text) is never rewritten, since
    Excel would read typed text its own way, so it ends a run.
    """
    kolommen: dict[int, dict[int, tuple[str, object]]] = {}
    for entries in puzzel.columns.values():
        for e in entries:
            if e.cell:
                row, col = split(e.cell)
                kolommen.setdefault(col, {})[row] = (e.cell, e.formula if e.formula else e.raw)
    writes: list[dict[str, object]] = []
    for col, cells in sorted(kolommen.items()):
        rows = sorted(r for r, (cel, _v) in cells.items() if cel in nieuw)
        if not rows:
            continue
        run: dict[str, object] = {}
        for row in range(rows[0], rows[-1] + 1):
            cel, current = cells.get(row, (f"{index_to_letter(col)}{row}", None))
            if cel in nieuw:
                run[cel] = nieuw[cel]
            elif current is None or (isinstance(current, (int, float)) and not isinstance(current, bool)) or (
                isinstance(current, str) and current.startswith("=")
            ):
                run[cel] = current
            else:
                if run:
                    writes.append(run)
                run = {}
        if run:
            writes.append(run)
    return [_zonder_staart(w, nieuw) for w in writes if any(a in nieuw for a in w)]


def _zonder_staart(run: dict[str, object], nieuw: Mapping[str, object]) -> dict[str, object]:
    """A run without unchanged cells at its ends (they need no write)."""
    keys = list(run)
    while keys and keys[0] not in nieuw:
        keys.pop(0)
    while keys and keys[-1] not in nieuw:
        keys.pop()
    return {k: run[k] for k in keys}
