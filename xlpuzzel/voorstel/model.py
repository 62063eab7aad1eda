"""The proposal as a mixed-integer linear programme (MILP), built as plain data.

Pure: the model is lists of numbers (bounds, sparse rows, one objective per level); only
:mod:`xlpuzzel.voorstel.oplosser` hands it to a solver. Variables, per gemeente g and
category c (Oek, Asiel, AMV):

- ``x[g,c]`` integer: the proposed inbreng, between the bounds of :class:`GemeenteInvoer`
  (Ruimte minimum/maximum, 'vast' = the eerste voorstel) and never above the gemeente's
  ceiling; ``Σc x[g,c] ≤ plafond[g]`` (the larger of its total task and its own total offer);
- ``s[c] ≥ opgave[c] − Σg x[g,c]``: the shortfall against the provincial task;
- ``d[g] ≥ opgave[g] − Σc x[g,c]``: how far a gemeente stays below its own total task;
- ``a[g,c] ≥ |x[g,c] − eerste[g,c]|``: places changed (the bijstelling's size);
- ``t[g]`` binary with ``Σc a[g,c] ≤ M[g]·t[g]``: the gemeente is touched;
- ``u[c] ≥ Σg x[g,c] − opgave[c]``: places above the provincial task;
- ``q[g,c] ≥ |x[g,c] − opgave[g,c]|``: distance to the gemeente's own task per category.

Levels, minimised in this order, each at the exact optimum of the ones before:
Σ s, Σ d, Σ a, Σ t (the issue's objective), then two tie-breaks: Σ w[c]·u[c], places
above the provincial task weighted by 1/opgave[c] (so a surplus lands where it is small
beside the task: 300 places more asiel, not 300 more AMV), Σ q, and last Σ (k+1)·a[k] over
the cells k in table order (gemeente by gemeente, Oek-Asiel-AMV), so what is still equal
goes to the gemeente higher in the table and the proposal does not depend on the solver's
path. All coefficients and bounds are integers, so every optimum is an integer and "at most
the optimum" is an exact constraint.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlpuzzel.voorstel.invoer import VoorstelInvoer

INF = float("inf")

#: The levels of the objective, in order: (key, Dutch description).
NIVEAUS: tuple[tuple[str, str], ...] = (
    ("tekort", "tekort op de provinciale opgave"),
    ("onder_opgave", "gemeenten onder hun eigen opgave"),
    ("gewijzigd", "gewijzigde plaatsen"),
    ("gemeenten", "gewijzigde gemeenten"),
    ("overschot", "plaatsen boven de provinciale opgave, naar verhouding"),
    ("afstand", "afstand tot de eigen opgave per categorie"),
    ("volgorde", "wijzigingen zo hoog mogelijk in de tabel"),
)


@dataclass(frozen=True)
class Rij:
    """One linear constraint: lo ≤ Σ coef·var ≤ hi."""

    index: tuple[int, ...]
    coef: tuple[int, ...]
    lo: float
    hi: float


@dataclass(frozen=True)
class Milp:
    """Variables (bounds, integrality), constraints and one objective per level, as sparse index/coef pairs."""

    lower: tuple[float, ...]
    upper: tuple[float, ...]
    integer: tuple[bool, ...]
    rijen: tuple[Rij, ...]
    niveaus: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]
    #: Indices of x[g,c] in gemeente order, three per gemeente.
    x: tuple[int, ...]

    @property
    def n_var(self) -> int:
        """Number of variables."""
        return len(self.lower)


def overschot_gewichten(provinciaal: tuple[int, int, int]) -> tuple[int, int, int]:
    """Integer weights ≈ 1000 · largest task / task per category: a place above a small task weighs more."""
    grootste = max(max(provinciaal), 1)
    return tuple(round(1000 * grootste / max(taak, 1)) for taak in provinciaal)  # type: ignore[return-value]


def bouw_model(invoer: VoorstelInvoer) -> Milp:
    """The MILP of a proposal (see the module docstring for its variables, constraints and levels)."""
    n = invoer.n
    x = lambda g, c: 3 * g + c
    a = lambda g, c: 3 * n + 3 * g + c
    q = lambda g, c: 6 * n + 3 * g + c
    d = lambda g: 9 * n + g
    t = lambda g: 10 * n + g
    s = lambda c: 11 * n + c
    u = lambda c: 11 * n + 3 + c
    size = 11 * n + 6
    lower = [0.0] * size
    upper = [INF] * size
    integer = [False] * size
    rijen: list[Rij] = []
    for g, gem in enumerate(invoer.gemeenten):
        for c in range(3):
            lower[x(g, c)] = float(gem.laag(c))
            upper[x(g, c)] = float(gem.hoog(c))
            integer[x(g, c)] = True
            e, o = gem.eerste[c], gem.opgave[c]
            rijen.append(Rij((a(g, c), x(g, c)), (1, -1), -e, INF))
            rijen.append(Rij((a(g, c), x(g, c)), (1, 1), e, INF))
            rijen.append(Rij((q(g, c), x(g, c)), (1, -1), -o, INF))
            rijen.append(Rij((q(g, c), x(g, c)), (1, 1), o, INF))
        xs = tuple(x(g, c) for c in range(3))
        rijen.append(Rij(xs, (1, 1, 1), -INF, gem.plafond))
        upper[d(g)] = float(gem.opgave_totaal)
        rijen.append(Rij((*xs, d(g)), (1, 1, 1, 1), gem.opgave_totaal, INF))
        groot = sum(max(gem.hoog(c) - gem.eerste[c], gem.eerste[c] - gem.laag(c), 0) for c in range(3))
        upper[t(g)] = 1.0
        integer[t(g)] = True
        rijen.append(Rij((*(a(g, c) for c in range(3)), t(g)), (1, 1, 1, -groot), -INF, 0))
    for c in range(3):
        upper[s(c)] = float(invoer.provinciaal[c])
        rijen.append(Rij((*(x(g, c) for g in range(n)), s(c)), (1,) * n + (1,), invoer.provinciaal[c], INF))
        rijen.append(Rij((*(x(g, c) for g in range(n)), u(c)), (1,) * n + (-1,), -INF, invoer.provinciaal[c]))

    def som(indices: list[int]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        return tuple(indices), (1,) * len(indices)

    niveaus = (
        som([s(c) for c in range(3)]),
        som([d(g) for g in range(n)]),
        som([a(g, c) for g in range(n) for c in range(3)]),
        som([t(g) for g in range(n)]),
        (tuple(u(c) for c in range(3)), overschot_gewichten(invoer.provinciaal)),
        som([q(g, c) for g in range(n) for c in range(3)]),
        (tuple(a(g, c) for g in range(n) for c in range(3)), tuple(range(1, 3 * n + 1))),
    )
    return Milp(
        tuple(lower), tuple(upper), tuple(integer), tuple(rijen), niveaus,
        tuple(x(g, c) for g in range(n) for c in range(3)),
    )
