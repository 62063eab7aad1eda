"""'Bijstellingen markeren' and 'Basis vastleggen', written once for the CLI, the ribbon and xlwings Lite.

Each reads sheets Basis and Wijzigingslog and the notes through the :class:`Werkmap`
protocol, asks the pure core (:mod:`xlpuzzel.bijstelling`) for the plan, applies the rules
both fronts share (the clock, the source, texts too long for a cell, values that are no
count) and hands the adapter one :class:`Schrijfplan`. The fronts only ask (yes/no, the
user's name) and show the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from xlpuzzel.bijstelling import (
    DEFAULT_BRON,
    Basis,
    BasisPlan,
    BijstellingError,
    LogRegel,
    MarkeerPlan,
    basis_uit_cellen,
    basisplan,
    controleer_samenhang,
    laatste_regels,
    log_uit_cellen,
    markeerplan,
    vroegste_tijdstip,
)
from xlpuzzel.layout import BASIS_SHEET, LOG_SHEET
from xlpuzzel.model import Puzzel
from xlpuzzel.usecases.protocol import Schrijfplan, Toegepast, Werkmap, meld

#: Finding codes of a value that is no count; named after `bijstellingen` (the log keeps it: it is history).
ONGELDIG = frozenset({"geen-getal", "foutwaarde", "negatief"})

T = TypeVar("T")


@dataclass(frozen=True)
class Staat:
    """What change tracking reads: the puzzel, baseline and log (None with the Dutch error when unusable)."""

    puzzel: Puzzel
    basis: Basis | None
    log: tuple[LogRegel, ...] | None
    basis_fout: BijstellingError | None = None
    log_fout: BijstellingError | None = None
    heeft_log: bool = True

    def vereist(self) -> tuple[Basis, tuple[LogRegel, ...]]:
        """Baseline and log, or the Dutch error of the first that is unusable."""
        if self.log_fout is not None:
            raise self.log_fout
        if self.basis_fout is not None:
            raise self.basis_fout
        assert self.basis is not None and self.log is not None
        return self.basis, self.log


@dataclass(frozen=True)
class Markeerresultaat:
    """What 'Bijstellingen markeren' did."""

    plan: MarkeerPlan
    #: None when there was nothing to write.
    toegepast: Toegepast | None
    tijdstip: dt.datetime
    #: Dutch remarks for the user (clock behind the log, a gemeente not in the baseline, a text cut).
    waarschuwingen: tuple[str, ...] = ()
    #: Changed cells whose new value is no valid count ('H14 (Noordenveld, …): 'abc' is geen getal.').
    ongeldig: tuple[str, ...] = ()


@dataclass(frozen=True)
class Basisresultaat:
    """What 'Basis vastleggen' did, or (without writing) would do."""

    plan: BasisPlan
    toegepast: Toegepast | None
    tijdstip: dt.datetime
    #: Dutch remarks: an unusable baseline or missing log replaced, a log that did not fit, the clock.
    opmerkingen: tuple[str, ...] = ()
    waarschuwingen: tuple[str, ...] = ()


def lees_staat(werkmap: Werkmap) -> Staat:
    """Puzzel, baseline and log of a workbook; a missing or broken sheet is kept as its Dutch error."""
    puzzel = werkmap.puzzel()
    basis, basis_fout = _lees_basis(werkmap)
    log: tuple[LogRegel, ...] | None = None
    log_fout = None
    log_cellen = werkmap.blad(LOG_SHEET)
    if log_cellen is None:
        log_fout = BijstellingError(meld(
            werkmap, f"het werkblad '{LOG_SHEET}' ontbreekt. "
            + _herstel(werkmap, "; de eerdere geschiedenis staat dan niet meer in de werkmap")
        ))
    else:
        try:
            log = tuple(log_uit_cellen(log_cellen))
        except BijstellingError as exc:
            log_fout = BijstellingError(meld(werkmap, exc.melding), exc.cel)
    return Staat(puzzel, basis, log, basis_fout, log_fout, heeft_log=log_cellen is not None)


def huidige_basis(werkmap: Werkmap) -> Basis | None:
    """Sheet Basis as the baseline, or None when it is missing or unreadable (a display can do without)."""
    return _lees_basis(werkmap)[0]


def _lees_basis(werkmap: Werkmap) -> tuple[Basis | None, BijstellingError | None]:
    cellen = werkmap.blad(BASIS_SHEET)
    if cellen is None:
        return None, BijstellingError(meld(
            werkmap, f"het verborgen werkblad '{BASIS_SHEET}' (de afgesproken getallen) ontbreekt. " + _herstel(werkmap, "")
        ))
    try:
        return basis_uit_cellen(cellen), None
    except BijstellingError as exc:
        return None, BijstellingError(meld(werkmap, exc.melding), exc.cel)


def markeer_bijstellingen(
    werkmap: Werkmap,
    gebruiker: str,
    tijdstip: dt.datetime,
    *,
    bron: str | None = None,
    tijdstip_opgegeven: bool = False,
) -> Markeerresultaat:
    """Flag every input cell that differs from the baseline, unflag those that no longer do, log each change.

    `tijdstip` is read once by the front (the clock, or `--tijdstip` when `tijdstip_opgegeven`);
    rows are never dated before the log's last row (see :func:`na_het_log`).
    """
    staat = lees_staat(werkmap)
    basis, log = staat.vereist()
    met_naam(werkmap, controleer_samenhang, basis, log)
    wie, bron = een_regel(gebruiker), _bron(werkmap, bron)
    notities = werkmap.notities()
    laatste = laatste_regels(log)

    def plan_op(moment: dt.datetime) -> MarkeerPlan:
        return met_naam(werkmap, markeerplan, staat.puzzel, basis, notities, laatste, wie, moment, bron)

    plan = plan_op(tijdstip)
    klok: tuple[str, ...] = ()
    moment = tijdstip
    if plan.logregels:
        moment, klok = na_het_log(werkmap, log, tijdstip, wijzigingen=True, opgegeven=tijdstip_opgegeven)
        if moment != tijdstip:
            plan = plan_op(moment)
    toegepast = None
    if not plan.leeg:
        toegepast = werkmap.pas_toe(
            Schrijfplan(plan.sheet, wie, markeren=plan.markeren, ontmarkeren=plan.ontmarkeren, logregels=plan.logregels)
        )
    return Markeerresultaat(
        plan, toegepast, moment, (*klok, *plan.waarschuwingen), ongeldige_aantallen(staat.puzzel, plan.logregels)
    )


def leg_basis_vast(
    werkmap: Werkmap,
    gebruiker: str,
    tijdstip: dt.datetime,
    *,
    bron: str | None = None,
    omschrijving: str = "",
    tijdstip_opgegeven: bool = False,
    schrijven: bool = True,
) -> Basisresultaat:
    """The current numbers become the baseline: unlogged changes logged first, the tool's flags removed.

    Also the repair of an unusable sheet Basis and of a missing Wijzigingslog (both made
    anew, with a remark); a Wijzigingslog that exists but cannot be read is refused, because
    rows are appended to it. Without `schrijven` only the plan and the remarks (the CLI's
    explanation without --ja).
    """
    staat = lees_staat(werkmap)
    if staat.log_fout is not None and staat.heeft_log:
        raise staat.log_fout
    opmerkingen: list[str] = []
    if staat.basis_fout is not None:
        reden = staat.basis_fout.melding.split(" Herstel:")[0].removeprefix(_voor(werkmap))
        opmerkingen.append(
            f"De basis op werkblad {BASIS_SHEET} is onbruikbaar ({reden.rstrip('.')}); hij wordt vervangen door de "
            "huidige getallen. Wijzigingen sinds die basis die nog niet gelogd waren, zijn daarna niet meer apart te zien."
        )
    if not staat.heeft_log:
        opmerkingen.append(f"Werkblad {LOG_SHEET} ontbreekt en wordt opnieuw gemaakt (zonder eerdere geschiedenis).")
    if staat.basis is not None and staat.log is not None:
        try:
            controleer_samenhang(staat.basis, staat.log)
        except BijstellingError as exc:
            opmerkingen.append(f"Het log sluit niet aan op de basis: {exc.melding}")
    log = staat.log or ()
    wie, bron = een_regel(gebruiker), _bron(werkmap, bron)
    notities = werkmap.notities()

    def plan_op(moment: dt.datetime) -> BasisPlan:
        return met_naam(
            werkmap, basisplan, staat.puzzel, wie, moment,
            huidige_basis=staat.basis,
            bestaande_markeringen=notities,
            laatste_waarden_uit_log=laatste_regels(log),
            bron=bron,
            omschrijving=omschrijving.strip(),
        )

    plan = plan_op(tijdstip)
    moment, klok = na_het_log(
        werkmap, log, tijdstip, wijzigingen=bool(plan.nog_niet_gelogd), opgegeven=tijdstip_opgegeven
    )
    if moment != tijdstip:
        plan = plan_op(moment)
    toegepast = None
    if schrijven:
        toegepast = werkmap.pas_toe(
            Schrijfplan(plan.sheet, wie, ontmarkeren=plan.ontmarkeren, logregels=plan.logregels, basis=plan.basis)
        )
    return Basisresultaat(plan, toegepast, moment, tuple(opmerkingen), (*klok, *plan.waarschuwingen))


def ongeldige_aantallen(puzzel: Puzzel, regels: Sequence[LogRegel]) -> tuple[str, ...]:
    """The changed cells (of `regels`) whose value is no count: text, a fraction, an error, a negative task."""
    from xlpuzzel.controle import controleer

    cellen = {r.cel for r in regels if not r.is_basis}
    if not cellen:
        return ()
    return tuple(b.melding for b in controleer(puzzel) if b.code in ONGELDIG and b.cel in cellen)


def na_het_log(
    werkmap: Werkmap, log: Sequence[LogRegel], wanneer: dt.datetime, *, wijzigingen: bool, opgegeven: bool
) -> tuple[dt.datetime, tuple[str, ...]]:
    """The moment for new rows: `wanneer`, unless that is before the log's last row.

    A moment the user typed (`opgegeven`) is then refused; a clock behind the log's (a
    colleague's pc) gives the rows the earliest moment after the log, with a remark, so
    history keeps its order.
    """
    found = vroegste_tijdstip(log, wijzigingen)
    if found is None or wanneer >= found[0]:
        return wanneer, ()
    vroegste, last = found
    if opgegeven:
        waar = f"(rij {last.rij or '?'}, {last.tijdstip:%d-%m-%Y %H:%M:%S})"
        wat = (f"ligt niet na de laatste basis in het {LOG_SHEET} {waar}; een bijstelling komt na de basis"
               if wanneer >= last.tijdstip else
               f"ligt vóór de laatste regel van het {LOG_SHEET} {waar}; het log loopt op in de tijd")
        raise BijstellingError(meld(
            werkmap, f"--tijdstip {wanneer:%d-%m-%Y %H:%M:%S} {wat}. Kies een later tijdstip of laat "
            "--tijdstip weg; er is niets opgeslagen."
        ))
    klok = (f"de klok van deze computer ({wanneer:%d-%m-%Y %H:%M:%S}) loopt achter op het {LOG_SHEET}; "
            f"de nieuwe rijen krijgen het tijdstip {vroegste:%d-%m-%Y %H:%M:%S}.")
    return vroegste, (klok,)


def _bron(werkmap: Werkmap, bron: str | None) -> str:
    """The source in the log: as given, else setting 'bron_wijziging', else the default."""
    if bron and bron.strip():
        return bron.strip()
    value = werkmap.instellingen().get("bron_wijziging")
    return str(value).strip() if value not in (None, "") and str(value).strip() else DEFAULT_BRON


def een_regel(naam: str) -> str:
    """A user name on one line: the tool's note is the first line of a note and XML refuses control characters."""
    return " ".join("".join(c if c.isprintable() else " " for c in str(naam)).split()) or "onbekend"


def _voor(werkmap: Werkmap) -> str:
    return f"{werkmap.naam}: " if werkmap.naam else ""


def _herstel(werkmap: Werkmap, extra: str) -> str:
    waar = (f"uit de reservekopie ({werkmap.reservekopie}) of via Bestand > Info > Versiegeschiedenis"
            if werkmap.reservekopie else "via Bestand > Info > Versiegeschiedenis")
    return (f"Herstel: zet het werkblad terug {waar}; of begin opnieuw met `puzzel basis --ja` "
            f"(de huidige getallen worden de basis{extra}).")


def met_naam(werkmap: Werkmap, core: Callable[..., T], *args: object, **kwargs: object) -> T:
    """Run a core function; its Dutch error gets the workbook's name in front."""
    try:
        return core(*args, **kwargs)
    except BijstellingError as exc:
        raise BijstellingError(meld(werkmap, exc.melding), exc.cel) from exc

