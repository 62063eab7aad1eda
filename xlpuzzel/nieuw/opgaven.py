"""The provincial tasks of a new puzzel or round, and where each comes from (pure).

Sources, first found wins per category:

1. an option the user gives (`--opgave-oek` and so on);
2. the `Totaal` row of the gemeenten file;
3. for a new province the LRT table (`data/lrt-*.csv`): Oek = 'OEK opgave'; asiel =
   'Asiel opgave' − 'AMV opgave', because the dashboard's asiel task includes the AMV places
   (Drenthe: 2.691 = the puzzel's Asiel Alg 2.462 + AMV 229); AMV = 'AMV opgave';
   for a new round the previous round's provincial task;
4. else a Dutch error naming the category and how to give it.

When the file gives every gemeente's task in a category, those must add up to the
provincial task: a verdeelbesluit that does not add up is refused, not silently used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from xlpuzzel.controle.opmaak import getal
from xlpuzzel.errors import PuzzelError
from xlpuzzel.landelijk.layout import LRT_KOLOM_BY_ID
from xlpuzzel.landelijk.lrt import LrtTabel
from xlpuzzel.layout import CATEGORIES, Category
from xlpuzzel.nieuw.bestand import OPGAVE_KOLOMMEN, GemeentenBestand, sleutel


class OpgaveFout(PuzzelError):
    """A provincial task is missing or does not fit the gemeenten; the message is Dutch."""


@dataclass(frozen=True)
class Opgave:
    """One provincial task and, in Dutch, where it comes from (for messages, the sheet's source note)."""

    aantal: int
    herkomst: str


#: The LRT table's columns per puzzel category: (column id, column id subtracted or None).
LRT_BRON: dict[Category, tuple[str, str | None]] = {
    Category.OEK: ("lrt_oek_opgave", None),
    Category.ASIEL: ("lrt_asiel_opgave", "lrt_amv_opgave"),
    Category.AMV: ("lrt_amv_opgave", None),
}
OPTIE: dict[Category, str] = {cat: f"--opgave-{cat.value}" for cat in CATEGORIES}


def lrt_opgaven(tabel: LrtTabel, provincie: str, bron: str) -> dict[Category, Opgave]:
    """The puzzel's three provincial tasks from the province's row of the LRT table (`bron` names the file).

    Raises OpgaveFout when the province is not in the table or a needed cell holds no number.
    """
    index = lrt_index(tabel, provincie)
    if index is None:
        bekend = ", ".join(tabel.provincies)
        raise OpgaveFout(
            f"Provincie '{provincie}' staat niet in de LRT-tabel ({bron}); bekend: {bekend}. Schrijf de naam zoals "
            "de tabel, of geef de opgaven zelf met --opgave-oek, --opgave-asiel en --opgave-amv."
        )
    naam = tabel.provincies[index]
    out: dict[Category, Opgave] = {}
    for cat, (kolom, min_kolom) in LRT_BRON.items():
        waarde = _lrt_getal(tabel, kolom, index, naam, bron)
        if min_kolom is None:
            out[cat] = Opgave(waarde, f"LRT-tabel ({bron}), {naam}: {_kop(kolom)} {getal(waarde)}")
            continue
        aftrek = _lrt_getal(tabel, min_kolom, index, naam, bron)
        if aftrek > waarde:
            raise OpgaveFout(
                f"{bron}, {naam}: {_kop(min_kolom)} ({getal(aftrek)}) is groter dan {_kop(kolom)} ({getal(waarde)}); "
                "de asielopgave van het dashboard telt de AMV-plaatsen mee, dus dit kan niet kloppen."
            )
        out[cat] = Opgave(
            waarde - aftrek,
            f"LRT-tabel ({bron}), {naam}: {_kop(kolom)} {getal(waarde)} − {_kop(min_kolom)} {getal(aftrek)} "
            "(de asielopgave van het dashboard telt AMV mee)",
        )
    return out


def lrt_index(tabel: LrtTabel, provincie: str) -> int | None:
    """The province's row in the LRT table: as written, else without case and accents ('fryslan' is Fryslân)."""
    index = tabel.index_of(provincie)
    if index is None:
        gezocht = sleutel(provincie)
        index = next((i for i, p in enumerate(tabel.provincies) if sleutel(p) == gezocht), None)
    return index


def provinciale_opgaven(
    opties: Mapping[Category, int | None],
    bestand: GemeentenBestand | None,
    terugval: Mapping[Category, Opgave] | None = None,
    terugval_naam: str = "",
) -> dict[Category, Opgave]:
    """The provincial task per category: option, else the file's Totaal row, else `terugval` (LRT or previous round).

    `terugval_naam` says in the error what the fallback was ('de LRT-tabel', 'de vorige ronde').
    Checks that a file's per-gemeente tasks add up to the task chosen.
    """
    out: dict[Category, Opgave] = {}
    for cat in CATEGORIES:
        optie = opties.get(cat)
        if optie is not None:
            if optie < 0:
                raise OpgaveFout(f"{OPTIE[cat]} {optie}: een opgave is 0 of meer.")
            out[cat] = Opgave(optie, f"opgegeven met {OPTIE[cat]}")
        elif bestand is not None and cat in bestand.provincie:
            out[cat] = Opgave(
                bestand.provincie[cat],
                f"{bestand.naam}, rij Totaal (regel {bestand.provincie_regel}), {OPGAVE_KOLOMMEN[cat]}",
            )
        elif terugval is not None and cat in terugval:
            out[cat] = terugval[cat]
        else:
            waar = f" en niet in {terugval_naam}" if terugval_naam else ""
            raise OpgaveFout(
                f"De provinciale opgave {cat.label} is niet bekend: niet opgegeven met {OPTIE[cat]}, niet in een rij "
                f"Totaal van het gemeentenbestand{waar}. Geef haar met {OPTIE[cat]} AANTAL. Er is niets geschreven."
            )
        if bestand is not None:
            _check_som(bestand, cat, out[cat])
    return out


def _check_som(bestand: GemeentenBestand, cat: Category, opgave: Opgave) -> None:
    """The file's per-gemeente tasks of a category must add up to the provincial task."""
    delen = bestand.opgaven(cat)
    if delen is None or sum(delen) == opgave.aantal:
        return
    kol = OPGAVE_KOLOMMEN[cat]
    raise OpgaveFout(
        f"{bestand.naam}: de {kol} van de gemeenten telt op tot {getal(sum(delen))}, maar de provinciale opgave "
        f"{cat.label} is {getal(opgave.aantal)} ({opgave.herkomst}). Verbeter het bestand, of geef de provinciale "
        f"opgave die bij de gemeenten past met {OPTIE[cat]} of in een rij Totaal. Er is niets geschreven."
    )


def _lrt_getal(tabel: LrtTabel, kolom: str, index: int, provincie: str, bron: str) -> int:
    entry = tabel.kolommen[kolom][index]
    if entry.amount is None or entry.amount < 0 or entry.raw is None:
        raise OpgaveFout(
            f"{bron}, {provincie}: '{_kop(kolom)}' is geen aantal ({entry.display()}); geef de opgave zelf met "
            "--opgave-oek, --opgave-asiel of --opgave-amv."
        )
    return entry.amount


def _kop(kolom: str) -> str:
    return LRT_KOLOM_BY_ID[kolom].kop
