"""Why a proposal cannot do better, in Dutch: the shortfall that remains and the bounds that cause it.

Pure. The first two levels of the objective have a closed form, which doubles as proof:

- **Provincial shortfall.** For a set K of categories, the gemeenten can give K at most
  ``Σg min(plafond[g] − Σ(c∉K) min[g,c], Σ(c∈K) max[g,c])`` places: a gemeente either gives
  all it may (its ceiling, less the minima it must keep in the other categories) or it is held
  by its bounds in K. So the shortfall is at least ``Σ(c∈K) opgave[c]`` minus that, for every
  K; the largest of these seven numbers *is* the optimum (the dual of the first level's linear
  programme, whose matrix is totally unimodular). The K and the gemeenten held by their bounds
  are the explanation.
- **A gemeente below its own task.** Adding places never hurts the provincial tasks and the
  ceiling is at least the task, so a gemeente stays below only when its own bounds (the
  maxima of sheet Ruimte, or 'vast') add up to less than its task.

:func:`~xlpuzzel.voorstel.stel_voor` checks the solver's optima against both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations

from xlpuzzel.controle.opmaak import getal, procent
from xlpuzzel.layout import CATEGORIES
from xlpuzzel.tekst import aantal
from xlpuzzel.voorstel.invoer import GemeenteInvoer, Triple, VoorstelInvoer

#: Every non-empty set of categories, smallest first (the explanation names the smallest that proves it).
DEELVERZAMELINGEN: tuple[tuple[int, ...], ...] = tuple(
    k for size in (1, 2, 3) for k in combinations(range(3), size)
)


@dataclass(frozen=True)
class TekortBewijs:
    """Proof of the least provincial shortfall: categories K, the most the gemeenten can give K, who holds it."""

    categorieen: tuple[int, ...]
    #: Σ(c∈K) opgave[c] − `ruimte`: the least total shortfall any proposal has.
    waarde: int
    #: The most the gemeenten can give the categories K together.
    ruimte: int
    #: Gemeenten (index) held by their bounds in K rather than by their ceiling.
    door_grenzen: tuple[int, ...]


def tekort_bewijs(invoer: VoorstelInvoer) -> TekortBewijs:
    """The least total shortfall against the provincial tasks, with the categories and bounds that prove it."""
    best = TekortBewijs((), 0, 0, ())
    for k in DEELVERZAMELINGEN:
        ruimte = 0
        grenzen: list[int] = []
        for g, gem in enumerate(invoer.gemeenten):
            plafond, begrensd = _ruimte_in(gem, k)
            if begrensd <= plafond and _heeft_grens(gem, k):
                grenzen.append(g)
                ruimte += begrensd
            else:
                ruimte += min(plafond, begrensd)
        waarde = sum(invoer.provinciaal[c] for c in k) - ruimte
        if waarde > best.waarde:
            best = TekortBewijs(k, waarde, ruimte, tuple(grenzen))
    return best


def onder_opgave_minimum(gem: GemeenteInvoer) -> int:
    """How far a gemeente stays below its total task at best: its task minus what its bounds allow."""
    return max(0, gem.opgave_totaal - min(gem.plafond, sum(gem.hoog(c) for c in range(3))))


def uitleg_tekort(invoer: VoorstelInvoer, bewijs: TekortBewijs, totaal: Triple, tekort: Triple) -> list[str]:
    """Dutch lines: each category that stays short, by how much, and the bounds that block more."""
    if bewijs.waarde <= 0:
        return []
    lines = []
    for c, cat in enumerate(CATEGORIES):
        if tekort[c]:
            deel = procent(Fraction(totaal[c], invoer.provinciaal[c])) if invoer.provinciaal[c] else "-"
            lines.append(
                f"{cat.label} blijft {getal(tekort[c])} {_plaatsen(tekort[c])} onder de provinciale opgave: "
                f"{getal(totaal[c])} van {getal(invoer.provinciaal[c])} ({deel})."
            )
    namen = _namen(bewijs.categorieen)
    opgave = sum(invoer.provinciaal[c] for c in bewijs.categorieen)
    if len(bewijs.categorieen) == 1:
        lines.append(
            f"Meer kan niet: de gemeenten kunnen samen ten hoogste {getal(bewijs.ruimte)} plaatsen {namen} bieden, "
            f"{getal(bewijs.waarde)} minder dan de opgave van {getal(opgave)}."
        )
    else:
        lines.append(
            f"Meer kan niet: voor {namen} samen (opgave {getal(opgave)}) kunnen de gemeenten ten hoogste "
            f"{getal(bewijs.ruimte)} plaatsen bieden, {getal(bewijs.waarde)} minder."
        )
    lines.append("Begrenzend:")
    vol: list[str] = []
    for g, gem in enumerate(invoer.gemeenten):
        if g in bewijs.door_grenzen:
            redenen = _redenen(gem, bewijs.categorieen)
            lines.append(f"• {gem.naam}: {'; '.join(redenen)}.")
            continue
        anders = [c for c in range(3) if c not in bewijs.categorieen and gem.laag(c) > 0]
        if anders:
            houdt = "; ".join(_reden_onder(gem, c) for c in anders)
            lines.append(
                f"• {gem.naam}: in totaal ten hoogste {getal(gem.plafond)} ({_plafond_reden(gem)}), en {houdt}."
            )
        else:
            vol.append(gem.naam)
    if vol:
        lines.append(
            f"• {aantal(len(vol), 'gemeente geeft', 'gemeenten geven')} al haar plaatsen aan {namen} (in totaal "
            f"ten hoogste de eigen opgave, of het eigen aanbod als dat hoger is): {', '.join(vol)}."
        )
    return lines


def uitleg_onder_opgave(invoer: VoorstelInvoer, onder: Sequence[int]) -> list[str]:
    """Dutch lines: each gemeente that stays below its own total task, by how much, and which bounds hold it."""
    lines = []
    for gem, d in zip(invoer.gemeenten, onder):
        if d <= 0:
            continue
        if gem.vast:
            reden = gem.bovengrens[0].reden if gem.bovengrens[0] else "vast"
            waarom = f"{reden}: in totaal {getal(gem.eerste_totaal)}"
        else:
            waarom = "; ".join(g.reden for g in gem.bovengrens if g is not None)
        lines.append(
            f"{gem.naam} blijft {getal(d)} {_plaatsen(d)} onder haar opgave van {getal(gem.opgave_totaal)}, "
            f"want {waarom}."
        )
    return lines


def regel_gemeente(gem: GemeenteInvoer, inbreng: Triple) -> str:
    """One gemeente's proposal in a line: 'Tynaarlo: +215 Oek; totaal 618 = opgave'."""
    delta = [inbreng[c] - gem.eerste[c] for c in range(3)]
    wat = ", ".join(f"{'+' if v > 0 else ''}{getal(v)} {CATEGORIES[c].label}" for c, v in enumerate(delta) if v)
    totaal, opgave = sum(inbreng), gem.opgave_totaal
    if totaal == opgave:
        stand = f"totaal {getal(totaal)} = opgave"
    elif totaal > opgave:
        stand = f"totaal {getal(totaal)}, opgave {getal(opgave)}"
    else:
        stand = f"totaal {getal(totaal)}, {getal(opgave - totaal)} onder de opgave van {getal(opgave)}"
    return f"{gem.naam}: {wat or 'geen wijziging'}; {stand}"


def _ruimte_in(gem: GemeenteInvoer, k: tuple[int, ...]) -> tuple[int, int]:
    """(what the ceiling leaves for categories K, what the bounds in K allow)."""
    plafond = gem.plafond - sum(gem.laag(c) for c in range(3) if c not in k)
    return plafond, sum(gem.hoog(c) for c in k)


def _heeft_grens(gem: GemeenteInvoer, k: tuple[int, ...]) -> bool:
    return any(gem.bovengrens[c] is not None for c in k)


def _redenen(gem: GemeenteInvoer, k: tuple[int, ...]) -> list[str]:
    out: list[str] = []
    for c in k:
        grens = gem.bovengrens[c]
        if grens is None:
            out.append(f"{CATEGORIES[c].label} ten hoogste {getal(gem.hoog(c))} (haar totaal)")
        elif gem.vast:
            out.append(f"{grens.reden}: {getal(grens.waarde)} {CATEGORIES[c].label}")
        else:
            out.append(grens.reden)
    return list(dict.fromkeys(out))


def _reden_onder(gem: GemeenteInvoer, c: int) -> str:
    grens = gem.ondergrens[c]
    if grens is None:
        return ""
    if gem.vast:
        return f"houdt {getal(grens.waarde)} {CATEGORIES[c].label} ({grens.reden})"
    return f"houdt {grens.reden}"


def _plafond_reden(gem: GemeenteInvoer) -> str:
    if gem.plafond == gem.opgave_totaal and gem.plafond >= gem.eerste_totaal:
        return "de eigen opgave"
    if gem.plafond == gem.eerste_totaal:
        return "het eigen aanbod"
    return "de minima van Ruimte"


def _namen(k: Sequence[int]) -> str:
    labels = [CATEGORIES[c].label for c in k]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " en " + labels[-1]


def _plaatsen(n: int) -> str:
    return "plaats" if n == 1 else "plaatsen"
