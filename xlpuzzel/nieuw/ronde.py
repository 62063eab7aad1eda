"""The next round of a puzzel, decided from the previous one (pure: no file, no clock).

Rules (README, 'Een nieuwe ronde'):

- **Gemeenten** stay as they were, in the same order and spelling. A tasks file must name
  exactly those gemeenten (matched case-, accent- and punctuation-insensitively).
- **Eerste voorstel** of the new round = the previous round's inbreng, cell for cell as typed
  ('ntb' stays 'ntb'); the inbreng starts equal to it and the bijstelling is empty. Where the
  previous inbreng was not eerste voorstel + bijstelling, the user is told (the new round
  starts from what was typed as inbreng).
- **Tasks**: the provincial task per category from an option, the tasks file's Totaal row,
  else the previous round. Per gemeente: the file's column when it has one; else, when
  neither the provincial task nor (for tasks spread by population) the population changed,
  the previous round's numbers as typed; else the provincial task by population (Hamilton) —
  Oek always so, asiel and AMV then marked 'indicatief, naar inwoners'.
- **Inwoners** from the tasks file when given, else the previous round's.
- **Change tracking**: changes of the previous round that were never logged are logged
  first (history is not lost), then one row 'nieuwe ronde gestart (vorige: …)' that is also
  the marker of the new baseline (the new round's numbers, set by the user at that moment).
- **The previous round** is kept in the new workbook as sheet 'Ronde <date of its baseline>'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from xlpuzzel.apportionment import apportion
from xlpuzzel.bijstelling import (
    ALLE_GEMEENTEN,
    BASIS_KOLOM,
    DEFAULT_BRON,
    Basis,
    LogRegel,
    basisplan,
    laatste_regels,
    markeerplan,
)
from xlpuzzel.calculation import expected_inbreng
from xlpuzzel.controle.opmaak import getal
from xlpuzzel.dataset import Dataset
from xlpuzzel.entry import Entry, Kind
from xlpuzzel.errors import PuzzelError
from xlpuzzel.layout import CATEGORIES, Category, PuzzelLayout, column
from xlpuzzel.model import Puzzel
from xlpuzzel.nieuw.bestand import GemeentenBestand, sleutel
from xlpuzzel.nieuw.opgaven import Opgave, provinciale_opgaven
from xlpuzzel.nieuw.provincie import (
    INDICATIEF_SETTING,
    ZONDER_DIALOOG,
    indicatief_waarde,
    parse_indicatief,
    puzzel_tabel,
)

#: Sheet names of previous rounds start with this word; Excel allows 31 characters in a sheet name.
RONDE_PREFIX = "Ronde "
MAX_BLADNAAM = 31
RONDE_BRON = "nieuwe ronde gestart (vorige: {vorige})"


class RondeFout(PuzzelError):
    """The next round cannot be started from this workbook or tasks file; the message is Dutch."""


@dataclass(frozen=True)
class VorigeRonde:
    """What the new round takes from the previous workbook (read by the shell)."""

    naam: str
    puzzel: Puzzel
    instellingen: Mapping[str, object] = field(default_factory=dict)
    #: Its baseline and log; None when the sheet is missing or unreadable (then nothing pending is logged).
    basis: Basis | None = None
    log: tuple[LogRegel, ...] | None = None
    #: Texts of its sheet Puzzel: title, subtitle, the population year above 'inwoners', footnotes, legend.
    titel: str = ""
    ondertitel: str = ""
    inwoners_jaar: object = None
    voetnoten: tuple[str, ...] = ()
    legenda: str | None = None
    #: Sheet names it already has (earlier rounds keep theirs; the new one must not clash).
    bladen: tuple[str, ...] = ()


@dataclass(frozen=True)
class RondePlan:
    """The new round: its dataset and baseline, the log rows to append after the old ones, the sheet of the old round."""

    dataset: Dataset
    basis: Basis
    logregels: tuple[LogRegel, ...]
    ronde_blad: str
    opgaven: Mapping[Category, Opgave]
    indicatief: tuple[Category, ...]
    meldingen: tuple[str, ...] = ()


def ronde_bladnaam(datum: dt.date, bestaande: Collection[str]) -> str:
    """'Ronde 17-7-2024', or 'Ronde 17-7-2024 (2)' when that sheet exists already (case-insensitive, as Excel)."""
    basis = f"{RONDE_PREFIX}{datum.day}-{datum.month}-{datum.year}"
    taken = {b.casefold() for b in bestaande}
    naam, n = basis, 1
    while naam.casefold() in taken:
        n += 1
        naam = f"{basis} ({n})"[:MAX_BLADNAAM]
    return naam


def nieuwe_ronde(
    vorige: VorigeRonde,
    *,
    moment: dt.datetime,
    gebruiker: str,
    bestand: GemeentenBestand | None = None,
    opties: Mapping[Category, int | None] | None = None,
    omschrijving: str = "",
    bron: str = "",
    sleutels: Sequence[str] = (),
) -> RondePlan:
    """Decide the next round from the previous one (see the module's rules)."""
    oud = vorige.puzzel
    inwoners_oud = _inwoners(oud, vorige.naam)
    volgorde = _volgorde(oud, bestand) if bestand is not None else None
    inwoners = [bestand.gemeenten[j].inwoners for j in volgorde] if bestand and volgorde else inwoners_oud
    oud_provinciaal = _oud_provinciaal(oud)
    opgaven = provinciale_opgaven(opties or {}, bestand, oud_provinciaal, "de vorige ronde")
    was_indicatief = set(_indicatief(vorige.instellingen))
    per_gemeente: dict[Category, tuple[object, ...]] = {}
    indicatief: list[Category] = []
    for cat in CATEGORIES:
        gegeven = bestand.opgaven(cat) if bestand is not None else None
        if gegeven is not None and cat is not Category.OEK and volgorde is not None:
            per_gemeente[cat] = tuple(gegeven[j] for j in volgorde)
            continue
        naar_inwoners = cat is Category.OEK or cat in was_indicatief
        zelfde = opgaven[cat].aantal == _aantal(oud_provinciaal.get(cat)) and (
            not naar_inwoners or inwoners == inwoners_oud
        )
        if gegeven is None and zelfde:
            per_gemeente[cat] = oud.columns[f"opgave_{cat.value}"]
            if cat in was_indicatief:
                indicatief.append(cat)
            continue
        per_gemeente[cat] = tuple(apportion(opgaven[cat].aantal, inwoners))
        if cat is not Category.OEK:
            indicatief.append(cat)
    eerste = {cat: oud.columns[f"inbreng_{cat.value}"] for cat in CATEGORIES}
    totaal_inwoners: object
    if bestand is not None:
        totaal_inwoners = bestand.provincie_inwoners if bestand.provincie_inwoners is not None else sum(inwoners)
    else:
        entry = oud.totaal.get("inwoners")
        totaal_inwoners = entry.raw if entry is not None else None
    landelijk = {c: oud.landelijk[f"opgave_{c.value}"].raw for c in CATEGORIES if f"opgave_{c.value}" in oud.landelijk}
    puzzel = puzzel_tabel(
        oud.gemeenten,
        inwoners,
        {cat: tuple(_raw(v) for v in vals) for cat, vals in per_gemeente.items()},
        {cat: o.aantal for cat, o in opgaven.items()},
        landelijk,
        eerste=eerste,
        inwoners_totaal=totaal_inwoners,
    )
    ronde_blad = ronde_bladnaam((vorige.basis.gezet_op if vorige.basis else moment).date(), vorige.bladen)
    vorige_tekst = vorige.naam + (f", basis van {vorige.basis.gezet_op:%d-%m-%Y}" if vorige.basis else "")
    regel_bron = RONDE_BRON.format(vorige=f"{vorige_tekst}; blad '{ronde_blad}'")
    logregels: list[LogRegel] = []
    meldingen = list(_inbreng_meldingen(oud, ronde_blad))
    if vorige.basis is not None and vorige.log is not None:
        open_ = markeerplan(
            oud, vorige.basis, {}, laatste_regels(vorige.log), gebruiker, moment, bron or DEFAULT_BRON
        )
        logregels.extend(open_.logregels)
        if open_.logregels:
            meldingen.append(
                f"{len(open_.logregels)} wijziging(en) van de vorige ronde stonden nog niet in het Wijzigingslog; "
                "ze zijn eerst gelogd (met het tijdstip van nu)."
            )
    else:
        meldingen.append(
            "De basis of het Wijzigingslog van de vorige werkmap was onleesbaar: wijzigingen die daar nog niet "
            f"gelogd waren, zijn niet na te gaan (blad '{ronde_blad}' toont de getallen van de vorige ronde)."
        )
    omschrijving = " ".join(omschrijving.split())
    basis = basisplan(
        puzzel, gebruiker, moment, omschrijving=regel_bron + (f" — {omschrijving}" if omschrijving else "")
    ).basis
    logregels.append(
        LogRegel(moment, gebruiker, ALLE_GEMEENTEN, BASIS_KOLOM, "", None, None, regel_bron, omschrijving)
    )
    settings: dict[str, Any] = {key: None for key in sleutels}
    settings.update(vorige.instellingen)
    settings[INDICATIEF_SETTING] = indicatief_waarde(indicatief)
    # Paths of this start (where Excel showed no dialog) would point the next one at this workbook.
    settings.update({key: None for key in ZONDER_DIALOOG})
    meta: dict[str, Any] = {
        "provincie": settings.get("provincie") or "",
        "peildatum": moment.date().isoformat(),
        "titel": vorige.titel,
        "ondertitel": f"nieuwe ronde van {moment.day}-{moment.month}-{moment.year}; de vorige ronde staat op blad "
        f"'{ronde_blad}'",
        "inwoners_jaar": vorige.inwoners_jaar if bestand is None else None,
        "voetnoten": list(vorige.voetnoten),
        "indicatief": [c.value for c in indicatief],
        "instellingen": settings,
    }
    if vorige.legenda:
        meta["legenda"] = vorige.legenda
    return RondePlan(
        dataset=Dataset(puzzel=puzzel, meta=meta),
        basis=basis,
        logregels=tuple(logregels),
        ronde_blad=ronde_blad,
        opgaven=opgaven,
        indicatief=tuple(indicatief),
        meldingen=tuple(meldingen),
    )


def _volgorde(oud: Puzzel, bestand: GemeentenBestand) -> list[int]:
    """For each gemeente of the previous round, its position in the tasks file; the two must name the same gemeenten."""
    in_bestand = {sleutel(g.naam): j for j, g in enumerate(bestand.gemeenten)}
    ontbreekt = [g for g in oud.gemeenten if sleutel(g) not in in_bestand]
    bekend = {sleutel(g) for g in oud.gemeenten}
    extra = [g.naam for g in bestand.gemeenten if sleutel(g.naam) not in bekend]
    if ontbreekt or extra:
        delen = []
        if ontbreekt:
            delen.append(f"ontbreekt in het bestand: {', '.join(ontbreekt)}")
        if extra:
            delen.append(f"niet in de vorige ronde: {', '.join(extra)}")
        raise RondeFout(
            f"{bestand.naam}: de gemeenten zijn niet die van de vorige ronde ({'; '.join(delen)}). Een nieuwe ronde "
            "houdt de gemeenten; schrijf ze zoals in de werkmap. Voor een andere indeling (een herindeling) begint u "
            "een nieuwe puzzel met `puzzel nieuw`. Er is niets geschreven."
        )
    return [in_bestand[sleutel(g)] for g in oud.gemeenten]


def _inwoners(puzzel: Puzzel, naam: str) -> list[int]:
    """The previous round's population per gemeente; a cell that is no number stops the round (it weighs the split)."""
    layout = PuzzelLayout(len(puzzel.gemeenten))
    out: list[int] = []
    for i, entry in enumerate(puzzel.columns["inwoners"]):
        if entry.amount is None or entry.amount < 0:
            cel = entry.cell or layout.cell("inwoners", layout.gemeente_row(i))
            raise RondeFout(
                f"{naam}: {cel} ({puzzel.gemeenten[i]}, inwoners): '{entry.display()}' is geen aantal. Verbeter de "
                "cel in de vorige werkmap, of geef de inwoners in een bestand met --opgaven. Er is niets geschreven."
            )
        out.append(entry.amount)
    return out


def _oud_provinciaal(puzzel: Puzzel) -> dict[Category, Opgave]:
    out: dict[Category, Opgave] = {}
    layout = PuzzelLayout(len(puzzel.gemeenten))
    for cat in CATEGORIES:
        cid = f"opgave_{cat.value}"
        entry = puzzel.totaal.get(cid)
        if entry is not None and entry.amount is not None and entry.kind is Kind.NUMBER:
            cel = entry.cell or layout.cell(cid, layout.totaal_row)
            out[cat] = Opgave(entry.amount, f"vorige ronde, {cel} ({column(cid).label}, Totaal)")
    return out


def _aantal(opgave: Opgave | None) -> int | None:
    return None if opgave is None else opgave.aantal


def _indicatief(instellingen: Mapping[str, object]) -> tuple[Category, ...]:
    return parse_indicatief(instellingen.get(INDICATIEF_SETTING))


def _raw(value: object) -> object:
    return value.raw if isinstance(value, Entry) else value


def _inbreng_meldingen(oud: Puzzel, ronde_blad: str) -> list[str]:
    """Where the previous inbreng was not eerste voorstel + bijstelling, or not known: the new round starts from it anyway."""
    out: list[str] = []
    layout = PuzzelLayout(len(oud.gemeenten))
    for i, gemeente in enumerate(oud.gemeenten):
        for cat in CATEGORIES:
            entry = oud.entry(f"inbreng_{cat.value}", i)
            cel = entry.cell or layout.cell(f"inbreng_{cat.value}", layout.gemeente_row(i))
            verwacht = expected_inbreng(oud, cat.value, i)
            if entry.kind is Kind.NTB:
                out.append(f"{cel} ({gemeente}, inbreng {cat.label}): 'ntb' — het eerste voorstel blijft 'ntb'.")
            elif entry.amount is None:
                out.append(
                    f"{cel} ({gemeente}, inbreng {cat.label}): '{entry.display()}' is geen aantal; het eerste voorstel "
                    "krijgt dezelfde tekst."
                )
            elif verwacht is not None and entry.amount != verwacht:
                out.append(
                    f"{cel} ({gemeente}, inbreng {cat.label}): de inbreng was {_toon(entry)}, maar eerste voorstel + "
                    f"bijstelling = {getal(verwacht)}; het eerste voorstel van de nieuwe ronde is {_toon(entry)} "
                    f"(zie blad '{ronde_blad}')."
                )
    return out


def _toon(entry: Entry) -> str:
    return "leeg" if entry.raw is None else getal(entry.amount) if entry.amount is not None else entry.display()
