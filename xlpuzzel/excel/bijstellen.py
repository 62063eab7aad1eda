"""Ribbon buttons 'Bijstellingen markeren' and 'Basis vastleggen': the plan of :mod:`xlpuzzel.bijstelling`, applied live.

Reads: the puzzel by defined name, sheets Basis and Wijzigingslog (one used-range read
each) and the notes on sheet Puzzel (one call per existing note). Writes: one fill call
for all flagged and unflagged cells, per changed cell its note and bold font (a note is
per cell by nature), the new log rows as one block, sheet Basis as one block.

A flag looks like the named style 'Tussentijds bijgesteld' (fill F4B183, bold); xlwings
cannot apply a named cell style on every engine, so the ribbon sets fill and font, the
file writer the style itself. Unflagging gives the cell back the input fill.
"""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from xlpuzzel.bijstelling import (
    DEFAULT_BRON,
    Basis,
    BasisPlan,
    BijstellingError,
    LogRegel,
    MarkeerPlan,
    Markering,
    Ontmarkering,
    basis_cellen,
    basis_uit_cellen,
    controleer_samenhang,
    laatste_regels,
    log_kop_cellen,
    log_uit_cellen,
    logregel_cellen,
    strip_tool_note,
    volgende_logrij,
    vroegste_tijdstip,
)
from xlpuzzel.bijstelling import leg_basis_vast as basis_plan
from xlpuzzel.bijstelling import markeer_bijstellingen as markeer_plan
from xlpuzzel.excel.werkmap import (
    aantal,
    blad,
    boek,
    heeft_blad,
    kleur_cellen,
    lees_blad,
    lees_instellingen,
    lees_notities,
    lees_puzzel,
    melding,
    opsomming,
    schrijf_cellen,
    status,
    vraag,
)
from xlpuzzel.layout import (
    BASIS_SHEET,
    BIJGESTELD_COLOR,
    INPUT_COLOR,
    LOG_HEADERS,
    LOG_LAYOUT,
    LOG_SHEET,
    PUZZEL_SHEET,
    tracking_defined_names,
)

if TYPE_CHECKING:
    import xlwings as xw

#: Number format of column Datum-tijd (as :mod:`xlpuzzel.build.log_sheet` sets it; that module imports openpyxl).
DATUM_TIJD_FORMAT = "dd-mm-yyyy hh:mm:ss"

VRAAG_BASIS = (
    "Basis vastleggen: de huidige getallen op werkblad Puzzel worden de nieuwe basis.\n\n"
    "Wijzigingen die nog niet in het Wijzigingslog staan, worden eerst gelogd; daarna verdwijnen "
    "de markeringen 'tussentijds bijgesteld'. Latere wijzigingen worden ten opzichte van deze "
    "basis gemarkeerd.\n\nDoorgaan?"
)


def markeer_bijstellingen(
    book: xw.Book | None = None, *, gebruiker: str | None = None, tijdstip: dt.datetime | None = None,
    bron: str | None = None,
) -> MarkeerPlan:
    """Flag the cells that differ from the basis, unflag those that no longer do, log every change.

    `bron` is the log's source for new rows (default: setting bron_wijziging), e.g. the proposal's
    when 'Voorstel overnemen' lets this flag the cells it wrote.
    """
    book = boek(book)
    status(book, "Drentse Puzzel: bijstellingen markeren…")
    puzzel = lees_puzzel(book)
    if not heeft_blad(book, BASIS_SHEET):
        raise BijstellingError(
            f"Er is nog geen basis: werkblad '{BASIS_SHEET}' ontbreekt. Klik eerst op 'Basis vastleggen' "
            "om de huidige getallen als basis vast te leggen."
        )
    if not heeft_blad(book, LOG_SHEET):
        raise BijstellingError(
            f"Het werkblad '{LOG_SHEET}' ontbreekt: zonder het log is niet te zien welke wijzigingen al "
            "gelogd zijn. Zet het werkblad terug via Bestand > Info > Versiegeschiedenis, of klik op 'Basis "
            f"vastleggen': de huidige getallen worden dan de basis en het {LOG_SHEET} begint opnieuw."
        )
    basis = basis_uit_cellen(lees_blad(book, BASIS_SHEET))
    log_cellen = lees_blad(book, LOG_SHEET)
    log = log_uit_cellen(log_cellen)
    # As `puzzel bijstellingen`: a log edited by hand or of another basis would get wrong 'oud' values.
    controleer_samenhang(basis, log)
    notities = lees_notities(book, puzzel.sheet)

    def plan_op(moment: dt.datetime) -> MarkeerPlan:
        return markeer_plan(
            puzzel, basis, notities, laatste_regels(log), gebruiker or _gebruiker(book), moment, bron or _bron(book)
        )

    plan = plan_op(tijdstip or _nu())
    moment = _na_het_log(log, tijdstip or _nu(), wijzigingen=True)
    if moment is not None:
        plan = plan_op(moment)
    _log_toevoegen(book, log_cellen, plan.logregels)
    _pas_toe(book, plan.sheet, plan.markeren, plan.ontmarkeren, notities)
    tekst = (
        f"Bijstellingen gemarkeerd: {aantal(len(plan.markeren), 'cel', 'cellen')} gemarkeerd, "
        f"{aantal(len(plan.ontmarkeren), 'markering', 'markeringen')} weggehaald, "
        f"{aantal(len(plan.logregels), 'regel', 'regels')} in het {LOG_SHEET}."
    )
    if plan.leeg:
        tekst = "Geen nieuwe bijstellingen: alles staat al goed gemarkeerd en gelogd."
    status(book, tekst)
    extra = f"\n\nLet op:\n{opsomming(plan.waarschuwingen)}" if plan.waarschuwingen else ""
    melding(book, tekst + extra)
    return plan


def leg_basis_vast(
    book: xw.Book | None = None, *, gebruiker: str | None = None, tijdstip: dt.datetime | None = None
) -> BasisPlan | None:
    """After a 'Ja': log what is not logged yet, make the current numbers the basis, remove the flags."""
    book = boek(book)
    if not vraag(book, VRAAG_BASIS):
        status(book, "Basis vastleggen: geannuleerd, er is niets gewijzigd.")
        return None
    status(book, "Drentse Puzzel: basis vastleggen…")
    puzzel = lees_puzzel(book)
    huidige, onleesbaar = _huidige_basis(book)
    heeft_log = heeft_blad(book, LOG_SHEET)
    log_cellen = lees_blad(book, LOG_SHEET)
    if not heeft_log:  # as `puzzel basis --ja`: made anew, starting with the marker row
        onleesbaar.append(f"Werkblad {LOG_SHEET} ontbrak en is opnieuw gemaakt (zonder eerdere geschiedenis).")
    notities = lees_notities(book, puzzel.sheet)
    log = log_uit_cellen(log_cellen) if heeft_log else []

    def plan_op(moment: dt.datetime) -> BasisPlan:
        return basis_plan(
            puzzel, gebruiker or _gebruiker(book), moment,
            huidige_basis=huidige,
            bestaande_markeringen=notities,
            laatste_waarden_uit_log=laatste_regels(log) if heeft_log else {},
            bron=_bron(book),
        )

    plan = plan_op(tijdstip or _nu())
    moment = _na_het_log(log, tijdstip or _nu(), wijzigingen=bool(plan.nog_niet_gelogd))
    if moment is not None:
        plan = plan_op(moment)
    # History first: if anything below fails, the log still says what changed.
    _log_toevoegen(book, log_cellen, plan.logregels)
    _schrijf_basis(book, plan)
    _pas_toe(book, plan.sheet, (), plan.ontmarkeren, notities)
    tekst = (
        f"Basis vastgelegd op {plan.basis.gezet_op:%d-%m-%Y %H:%M} door {plan.basis.gezet_door}: "
        f"{aantal(len(plan.nog_niet_gelogd), 'wijziging', 'wijzigingen')} eerst gelogd, "
        f"{aantal(len(plan.ontmarkeren), 'markering', 'markeringen')} weggehaald."
    )
    status(book, tekst)
    let_op = [*plan.waarschuwingen, *onleesbaar]
    extra = f"\n\nLet op:\n{opsomming(let_op)}" if let_op else ""
    melding(book, tekst + extra)
    return plan


def _huidige_basis(book: xw.Book) -> tuple[Basis | None, list[str]]:
    """The basis being replaced; an unreadable one is replaced too (that is its repair), with a remark."""
    if not heeft_blad(book, BASIS_SHEET):
        return None, []
    try:
        return basis_uit_cellen(lees_blad(book, BASIS_SHEET)), []
    except BijstellingError as exc:
        reden = exc.melding.split(". Herstel")[0]
        return None, [f"De vorige basis was onleesbaar ({reden}); wijzigingen sinds die basis zijn niet apart gelogd."]


def _pas_toe(
    book: xw.Book,
    sheet_name: str,
    markeren: Sequence[Markering],
    ontmarkeren: Sequence[Ontmarkering],
    notities: Mapping[str, str],
) -> None:
    """Fill all cells in one call, then per changed cell its font and note."""
    sheet = book.sheets[sheet_name or PUZZEL_SHEET]
    kleuren: dict[str, str | None] = {o.cel: f"#{INPUT_COLOR}" for o in ontmarkeren}
    kleuren.update({m.cel: f"#{BIJGESTELD_COLOR}" for m in markeren})
    kleur_cellen(sheet, kleuren)
    for m in markeren:
        cell = sheet[m.cel]
        cell.font.bold = True
        bestaand = notities.get(m.cel)
        eigen = strip_tool_note(bestaand).strip() if bestaand else ""
        tekst = m.notitie + (f"\n{eigen}" if eigen else "")
        if bestaand is None:
            cell.add_note(tekst)
        else:
            cell.note.text = tekst
    for o in ontmarkeren:
        cell = sheet[o.cel]
        cell.font.bold = False
        bestaand = notities.get(o.cel)
        if bestaand is None:
            continue
        eigen = strip_tool_note(bestaand).strip()
        if eigen:
            cell.note.text = eigen
        else:
            cell.note.delete()


def _log_toevoegen(book: xw.Book, log_cellen: Mapping[str, object], regels: Sequence[LogRegel]) -> None:
    """Append the log rows under the last used row as one block (the header too on a new sheet)."""
    if not regels:
        return
    nieuw = not heeft_blad(book, LOG_SHEET)
    sheet = blad(book, LOG_SHEET)
    eerste = volgende_logrij(log_cellen)
    cellen: dict[str, object] = dict(log_kop_cellen()) if nieuw else {}
    for i, regel in enumerate(regels):
        cellen.update(logregel_cellen(regel, eerste + i))
    # Pin the block's width to all log columns, so empty trailing fields stay empty.
    for i in range(len(regels)):
        cellen.setdefault(f"{LOG_LAYOUT.letter(len(LOG_HEADERS) - 1)}{eerste + i}", None)
    schrijf_cellen(sheet, cellen)
    datum = LOG_LAYOUT.letter(0)
    sheet.range(f"{datum}{eerste}:{datum}{eerste + len(regels) - 1}").number_format = DATUM_TIJD_FORMAT


def _schrijf_basis(book: xw.Book, plan: BasisPlan) -> None:
    """Replace sheet Basis by the new baseline in one write; make the sheet and its names when missing."""
    nieuw = not heeft_blad(book, BASIS_SHEET)
    sheet = blad(book, BASIS_SHEET, hidden=True)
    if not nieuw:
        sheet.clear_contents()
    schrijf_cellen(sheet, basis_cellen(plan.basis))
    if nieuw:
        namen = {n.name for n in book.names}
        for name, ref in tracking_defined_names().items():
            if name not in namen and ref.startswith(BASIS_SHEET):
                book.names.add(name, f"={ref}")


def _gebruiker(book: xw.Book) -> str:
    """Excel's user name (File > Options), else the Windows login."""
    try:
        name = str(book.app.api.UserName).strip()
    except Exception:  # noqa: BLE001 - engines without the COM application object
        name = ""
    return name or getpass.getuser()


def _bron(book: xw.Book) -> str:
    """Setting 'bron_wijziging' of sheet Instellingen, else the default source."""
    value = lees_instellingen(book).get("bron_wijziging")
    return str(value).strip() if value not in (None, "") else DEFAULT_BRON


def _na_het_log(log: Sequence[LogRegel], wanneer: dt.datetime, wijzigingen: bool) -> dt.datetime | None:
    """As the CLI: when this pc's clock is behind the log's last row, the moment right after it; else None."""
    found = vroegste_tijdstip(log, wijzigingen)
    if found is None or wanneer >= found[0]:
        return None
    return found[0]


def _nu() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)
