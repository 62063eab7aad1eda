"""A new, empty-offer puzzel for any province, as a :class:`~xlpuzzel.dataset.Dataset` the builder takes (pure).

The Oek task of a gemeente is the provincial task in proportion to population (Hamilton,
:func:`~xlpuzzel.apportionment.apportion`), as in every puzzel. Asiel and AMV come from the
gemeenten file (the verdeelbesluit); a file without them gets the provincial task by
population too, marked 'indicatief, naar inwoners': the law's own distribution corrects for
socio-economic status (SES-WOA), so a plain population share is only an indication.

Nothing here reads a file or the clock: the caller passes the parsed file, the tasks, the
date and the settings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from xlpuzzel.apportionment import apportion
from xlpuzzel.dataset import Dataset
from xlpuzzel.entry import Entry, make_entry
from xlpuzzel.layout import CATEGORIES, COLUMNS, PROVINCIE_SETTING, TITEL_SETTING, Block, Category, Role
from xlpuzzel.model import Puzzel
from xlpuzzel.nieuw.bestand import GemeentenBestand
from xlpuzzel.nieuw.opgaven import Opgave
from xlpuzzel.tekst import standaard_titel

#: Setting on sheet Instellingen naming the categories whose per-gemeente task is indicative.
INDICATIEF_SETTING = "opgaven_indicatief"
INDICATIEF_TOELICHTING = (
    "Categorieën waarvan de opgave per gemeente indicatief naar inwoners is verdeeld (geen verdeelbesluit), "
    "bijv. 'asiel, amv'; leeg als alle opgaven uit het verdeelbesluit komen"
)
#: The mark the legend and the notes carry.
INDICATIEF = "indicatief, naar inwoners"
#: The settings a new puzzel fills itself; every other setting starts empty for staff to fill in.
ONDERWERP_SETTING = "onderwerp"
BRON_SETTING = "bron_wijziging"
STANDAARD_BRON = "telefonisch contact gemeente"
VOORBEHOUD = "Alle cijfers zijn onder voorbehoud."
#: Settings the ribbon buttons 'Nieuwe ronde' and 'Nieuwe puzzel' read where Excel shows no dialogs
#: (xlwings Server or Lite); every workbook has them, empty.
ZONDER_DIALOOG: dict[str, str] = {
    "nieuwe_ronde_opgaven": "Nieuwe ronde zonder bestandskeuze (xlwings Server/Lite): bestand met nieuwe opgaven (leeg: dezelfde)",
    "nieuwe_ronde_uit": "Nieuwe ronde zonder bestandskeuze (xlwings Server/Lite): pad van de nieuwe werkmap (.xlsm)",
    "nieuwe_puzzel_provincie": "Nieuwe puzzel zonder invoervenster (xlwings Server/Lite): de provincie",
    "nieuwe_puzzel_gemeenten": "Nieuwe puzzel zonder bestandskeuze (xlwings Server/Lite): het gemeentenbestand (.csv of .xlsx)",
    "nieuwe_puzzel_uit": "Nieuwe puzzel zonder bestandskeuze (xlwings Server/Lite): pad van de nieuwe werkmap (.xlsm)",
}
#: Descriptions on sheet Instellingen of the settings this package adds.
NIEUW_INSTELLINGEN: dict[str, str] = {
    INDICATIEF_SETTING: INDICATIEF_TOELICHTING,
    **ZONDER_DIALOOG,
}


def indicatief_voetnoot(cats: Sequence[Category]) -> str:
    """The legend line of the indicative tasks ('Asiel en AMV per gemeente: indicatief, naar inwoners ...')."""
    namen = " en ".join(c.label for c in cats)
    return (
        f"{namen} per gemeente: {INDICATIEF} — de provinciale opgave naar rato van het aantal inwoners, omdat het "
        "gemeentenbestand geen verdeling gaf. De verdeling van de Spreidingswet corrigeert voor sociaal-economische "
        "status (SES-WOA) en kan afwijken; typ de opgaven uit het verdeelbesluit zodra die bekend zijn."
    )


def indicatief_notitie(cat: Category) -> str:
    """The note on the header of an indicative task column."""
    return (
        f"Opgave {cat.label} per gemeente: {INDICATIEF}. De provinciale opgave is naar rato van het aantal inwoners "
        "verdeeld (grootste overschotten); het verdeelbesluit van de Spreidingswet corrigeert voor SES-WOA."
    )


def parse_indicatief(waarde: object) -> tuple[Category, ...]:
    """The categories a value of setting `opgaven_indicatief` names ('asiel, amv'); unknown words are ignored."""
    woorden = {w.strip().casefold() for w in str(waarde or "").replace(";", ",").replace(" en ", ",").split(",")}
    return tuple(c for c in CATEGORIES if c.value in woorden or c.label.casefold() in woorden)


def indicatief_waarde(cats: Sequence[Category]) -> str:
    """The setting's value for these categories ('asiel, amv'; '' for none)."""
    return ", ".join(c.value for c in cats)


def verdeel_opgaven(
    inwoners: Sequence[int],
    opgaven: Mapping[Category, Opgave],
    gegeven: Mapping[Category, Sequence[int] | None],
) -> tuple[dict[Category, tuple[int, ...]], tuple[Category, ...]]:
    """Per category the gemeenten's tasks, and the categories spread by population that count as indicative.

    Oek is always by population; asiel and AMV as `gegeven` (the file's column) when there, else by
    population and then indicative.
    """
    out: dict[Category, tuple[int, ...]] = {}
    indicatief: list[Category] = []
    for cat in CATEGORIES:
        delen = gegeven.get(cat) if cat is not Category.OEK else None
        if delen is not None:
            out[cat] = tuple(delen)
            continue
        out[cat] = tuple(apportion(opgaven[cat].aantal, list(inwoners)))
        if cat is not Category.OEK:
            indicatief.append(cat)
    return out, tuple(indicatief)


def puzzel_tabel(
    gemeenten: Sequence[str],
    inwoners: Sequence[int],
    opgaven: Mapping[Category, Sequence[object]],
    provinciaal: Mapping[Category, int],
    landelijk: Mapping[Category, object],
    eerste: Mapping[Category, Sequence[Entry]] | None = None,
    inwoners_totaal: object = None,
) -> Puzzel:
    """The table of a new puzzel or round: tasks typed, eerste voorstel as given (else empty), no bijstelling.

    `opgaven` and `landelijk` hold numbers or values as typed ('ntb'); the population total is
    `inwoners_totaal` when given, else the sum. The inbreng is the eerste voorstel (nothing
    adjusted yet), so every check of inbreng holds from the start.
    """
    n = len(gemeenten)
    leeg = tuple(make_entry(None) for _ in range(n))
    columns: dict[str, tuple[Entry, ...]] = {}
    for col in COLUMNS:
        if col.role is not Role.INPUT:
            continue
        if col.block is Block.INWONERS:
            columns[col.id] = tuple(make_entry(v) for v in inwoners)
        elif col.block is Block.OPGAVE:
            assert col.category is not None
            columns[col.id] = tuple(make_entry(v) for v in opgaven[col.category])
        elif col.block in (Block.EERSTE, Block.INBRENG) and eerste is not None:
            assert col.category is not None
            columns[col.id] = tuple(_typed_only(e) for e in eerste[col.category])
        else:
            columns[col.id] = leeg
    totaal = {"inwoners": make_entry(sum(inwoners) if inwoners_totaal is None else inwoners_totaal)}
    for cat in CATEGORIES:
        totaal[f"opgave_{cat.value}"] = make_entry(provinciaal[cat])
    national = {f"opgave_{cat.value}": make_entry(v) for cat, v in landelijk.items()}
    return Puzzel(
        gemeenten=tuple(gemeenten),
        columns=columns,
        totaal=totaal,
        landelijk=national,
        gemeente_cells=tuple(make_entry(g) for g in gemeenten),
    )


def _typed_only(entry: Entry) -> Entry:
    """The value as typed, without the cell it came from: it lands in another workbook's cell."""
    return make_entry(entry.raw)


def nieuwe_puzzel(
    provincie: str,
    bestand: GemeentenBestand,
    opgaven: Mapping[Category, Opgave],
    *,
    datum: dt.date,
    landelijk: Mapping[Category, int],
    titel: str | None = None,
    instellingen: Mapping[str, Any] | None = None,
    sleutels: Sequence[str] = (),
    lrt: str | None = None,
) -> Dataset:
    """The dataset of a new, empty-offer puzzel for `provincie` from a gemeenten file and its tasks.

    `sleutels` are the settings every workbook has (in the order of sheet Instellingen); they
    start empty except the ones a new puzzel knows (province, title, subject, log source);
    `instellingen` overrides any of them. `landelijk` holds the national tasks of the bottom row.
    """
    gegeven = {cat: bestand.opgaven(cat) for cat in CATEGORIES}
    verdeeld, indicatief = verdeel_opgaven(bestand.inwoners, opgaven, gegeven)
    puzzel = puzzel_tabel(
        bestand.namen,
        bestand.inwoners,
        verdeeld,
        {cat: o.aantal for cat, o in opgaven.items()},
        landelijk,
        inwoners_totaal=bestand.provincie_inwoners,
    )
    titel = (titel or "").strip() or standaard_titel(provincie)
    settings: dict[str, Any] = {key: None for key in sleutels}
    settings.update(
        {
            PROVINCIE_SETTING: provincie,
            TITEL_SETTING: titel,
            ONDERWERP_SETTING: f"Verdeling asiel- en vluchtelingenopgave — {titel}",
            BRON_SETTING: STANDAARD_BRON,
            INDICATIEF_SETTING: indicatief_waarde(indicatief),
        }
    )
    settings.update(instellingen or {})
    meta: dict[str, Any] = {
        "provincie": provincie,
        "peildatum": datum.isoformat(),
        "titel": titel,
        "ondertitel": f"gegevens voor puzzel: opgaven {provincie}, gemaakt op {datum.day}-{datum.month}-{datum.year} "
        f"uit {bestand.naam}",
        "bron": "; ".join(f"{c.label}: {opgaven[c].herkomst}" for c in CATEGORIES),
        "voetnoten": [
            VOORBEHOUD,
            "Oek per gemeente: de provinciale opgave naar rato van het aantal inwoners (grootste overschotten).",
        ],
        "indicatief": [c.value for c in indicatief],
        "instellingen": settings,
    }
    if lrt:
        meta["landelijk"] = {"lrt": lrt}
    return Dataset(puzzel=puzzel, meta=meta)
