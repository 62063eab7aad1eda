"""The proposal: exact (against an independent brute force), explained, and compared with the workbook's own bijstelling."""

from __future__ import annotations

import itertools
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlpuzzel.apportionment import apportion
from xlpuzzel.dataset import Dataset
from xlpuzzel.entry import make_entry
from xlpuzzel.voorstel import (
    GEEN_RUIMTE,
    Ruimte,
    RuimteRegel,
    VoorstelError,
    cijfers,
    invoer,
    invoer_uit_puzzel,
    stel_voor,
    tekort_bewijs,
)

ROOT = Path(__file__).resolve().parent.parent


def population_tasks(dataset: Dataset) -> Dataset:
    """The table of 12-7-2024 with the population-based Oek tasks that add up to 5.722 (Emmen 108.765).

    Everything else as printed: the eerste voorstellen ('ntb' counts 0) and the province's own
    bijstelling (943 + 346 + 102 places in its cells).
    """
    p = dataset.puzzel
    inwoners = [e.amount or 0 for e in p.columns["inwoners"]]
    inwoners[p.index_of("Emmen")] = 108_765
    columns = dict(p.columns)
    columns["opgave_oek"] = tuple(make_entry(v) for v in apportion(5722, inwoners))
    return replace(dataset, puzzel=replace(p, columns=columns))


# ------------------------------------------------------------------ brute force


def brute_force(eerste, opgave, provinciaal, regels) -> tuple[int, ...]:  # type: ignore[no-untyped-def]
    """The lexicographic optimum of the issue's objective: (shortfall, below task, places changed, gemeenten touched).

    Independent of the MILP and of :mod:`xlpuzzel.voorstel.invoer`: the rules are restated here
    from the issue (a gemeente gives at most the larger of its total task and its own offer,
    Ruimte minima count as facts, 'vast' keeps the eerste voorstel), every allowed inbreng of
    every gemeente is enumerated, and they are combined by dynamic programming over the
    provincial sums per category (capped at the task: beyond it a place no longer lowers the
    shortfall). Lexicographic order is kept by addition, so the best tuple per state is exact.
    """
    best: dict[tuple[int, ...], tuple[int, ...]] = {(0, 0, 0): (0, 0, 0)}
    for e, o, r in zip(eerste, opgave, regels):
        if r is not None and r.vast:
            ranges = [range(e[c], e[c] + 1) for c in range(3)]
            lows = list(e)
        else:
            lows = [(r.minimum[c] or 0) if r else 0 for c in range(3)]
            ranges = [range(lows[c], (r.maximum[c] if r and r.maximum[c] is not None else 10**6) + 1) for c in range(3)]
        ceiling = max(sum(o), sum(e), sum(lows))
        options = []
        for x in itertools.product(*(range(rg.start, min(rg.stop, ceiling + 1)) for rg in ranges)):
            if sum(x) > ceiling:
                continue
            delta = [x[c] - e[c] for c in range(3)]
            cost = (
                max(0, sum(o) - sum(x)),
                sum(abs(v) for v in delta),
                1 if any(delta) else 0,
            )
            options.append((x, cost))
        nxt: dict[tuple[int, ...], tuple[int, ...]] = {}
        for state, acc in best.items():
            for x, cost in options:
                key = tuple(min(provinciaal[c], state[c] + x[c]) for c in range(3))
                value = tuple(a + b for a, b in zip(acc, cost))
                if key not in nxt or value < nxt[key]:
                    nxt[key] = value
        best = nxt
    return min((sum(provinciaal[c] - s[c] for c in range(3)), *v) for s, v in best.items())


small = st.integers(0, 4)
triples = st.tuples(small, small, small)
bound = st.one_of(st.none(), st.integers(0, 4))


@st.composite
def instances(draw):  # type: ignore[no-untyped-def]
    """Up to five gemeenten with small offers, tasks and Ruimte bounds: (eerste, opgave, provinciaal, regels)."""
    n = draw(st.integers(1, 5))
    eerste = [draw(triples) for _ in range(n)]
    opgave = [draw(triples) for _ in range(n)]
    regels = []
    for i in range(n):
        if draw(st.booleans()):
            regels.append(None)
            continue
        hi = draw(st.tuples(bound, bound, bound))
        lo = tuple(None if draw(st.booleans()) else draw(st.integers(0, h if h is not None else 3)) for h in hi)
        vast = draw(st.integers(0, 5)) == 0
        if vast:  # 'vast' with a bound the eerste voorstel does not meet is refused (tested below), not solved
            hi, lo = (None, None, None), (None, None, None)
        regels.append(RuimteRegel(f"G{i}", 5 + i, hi, lo, vast=vast))
    provinciaal = draw(st.tuples(st.integers(0, 12), st.integers(0, 12), st.integers(0, 8)))
    return eerste, opgave, provinciaal, regels


@settings(max_examples=60, deadline=None)
@given(instances())
def test_proposal_is_the_lexicographic_optimum_of_an_independent_brute_force(case) -> None:  # type: ignore[no-untyped-def]
    """On up to five gemeenten, no allowed inbreng beats the proposal on any level before it is beaten on an earlier one."""
    eerste, opgave, provinciaal, regels = case
    inv = invoer([f"G{i}" for i in range(len(eerste))], eerste, opgave, provinciaal, ruimte=regels)
    voorstel = stel_voor(inv)
    assert voorstel.cijfers.niveaus[:4] == brute_force(eerste, opgave, provinciaal, regels)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.tuples(*[st.integers(0, 400)] * 3), st.tuples(*[st.integers(0, 300)] * 3),
                       st.tuples(st.one_of(st.none(), st.integers(0, 300)), st.one_of(st.none(), st.integers(0, 300)),
                                 st.one_of(st.none(), st.integers(0, 50)))),
             min_size=1, max_size=14),
    st.tuples(st.integers(0, 5000), st.integers(0, 3000), st.integers(0, 400)),
)
def test_least_shortfall_equals_its_closed_form_on_larger_tables(rows, provinciaal) -> None:  # type: ignore[no-untyped-def]
    """The solver's first level equals the proof of uitleg (the best of the seven category sets), so the explanation holds."""
    regels = [RuimteRegel(f"G{i}", 5 + i, maximum=r[2]) for i, r in enumerate(rows)]
    inv = invoer([f"G{i}" for i in range(len(rows))], [r[0] for r in rows], [r[1] for r in rows], provinciaal,
                 ruimte=regels)
    voorstel = stel_voor(inv)
    assert sum(voorstel.cijfers.tekort) == tekort_bewijs(inv).waarde


# ----------------------------------------------------------- the table of 12-7-2024


@pytest.fixture(scope="module")
def voorstel_12_7(dataset: Dataset):  # type: ignore[no-untyped-def]
    """The proposal on the eerste voorstellen of 12-7-2024 with the population-based Oek tasks (5.722)."""
    return stel_voor(invoer_uit_puzzel(population_tasks(dataset).puzzel))


def test_proposal_of_12_7_2024_meets_every_provincial_task_and_every_gemeente_total(voorstel_12_7) -> None:
    """Oek 5.722, asiel and AMV met; every gemeente at or above its total task."""
    c = voorstel_12_7.cijfers
    assert voorstel_12_7.invoer.provinciaal == (5722, 2462, 229)
    assert c.tekort == (0, 0, 0)
    assert c.totaal[0] == 5722
    assert set(c.onder_opgave) == {0}
    assert voorstel_12_7.uitleg == ()


def test_proposal_of_12_7_2024_changes_fewer_places_than_any_that_meets_the_tasks(voorstel_12_7) -> None:
    """The four gemeenten below their task must grow by 692 places; the other 385 Oek places are swaps (2 each)."""
    inv = voorstel_12_7.invoer
    growth = sum(max(0, g.opgave_totaal - g.eerste_totaal) for g in inv.gemeenten)
    oek_needed = inv.provinciaal[0] - sum(g.eerste[0] for g in inv.gemeenten)
    # A gemeente's growth can all be Oek; every further Oek place needs a place out of another category.
    assert voorstel_12_7.cijfers.gewijzigde_plaatsen == growth + 2 * (oek_needed - growth)
    assert voorstel_12_7.cijfers.gemeenten_gewijzigd == 4


def test_workbooks_own_bijstelling_is_reported_beside_it(voorstel_12_7) -> None:
    """The hand proposal of 12-7-2024: 943 + 346 + 102 = 1.391 places changed, Oek 134 short (5.588 of 5.722)."""
    h = voorstel_12_7.huidig
    assert h.gewijzigde_plaatsen == 1391
    assert h.tekort == (134, 0, 0)
    assert h.totaal[0] == 5588
    assert h.gemeenten_gewijzigd == 6


def test_each_gemeente_gets_a_dutch_line(voorstel_12_7) -> None:
    """'Tynaarlo: +465 Oek, -250 Asiel; totaal 618 = opgave'; untouched gemeenten say so."""
    regels = dict(r.split(": ", 1) for r in voorstel_12_7.regels)
    assert regels["Tynaarlo"].endswith("totaal 618 = opgave")
    assert regels["Tynaarlo"].startswith("+")
    assert regels["Assen"] == "geen wijziging; totaal 1.792, opgave 1.151"


def test_inbreng_is_eerste_voorstel_plus_bijstelling(voorstel_12_7) -> None:
    """The bijstelling the proposal reports is exactly inbreng minus eerste voorstel, cell by cell."""
    for g, x, b in zip(voorstel_12_7.invoer.gemeenten, voorstel_12_7.inbreng, voorstel_12_7.bijstelling):
        assert tuple(e + d for e, d in zip(g.eerste, b)) == x


def test_same_input_gives_the_same_proposal_every_time(dataset: Dataset, voorstel_12_7) -> None:
    """Deterministic: HiGHS with fixed options gives the same proposal for the same workbook."""
    again = stel_voor(invoer_uit_puzzel(population_tasks(dataset).puzzel))
    assert again.inbreng == voorstel_12_7.inbreng


# ------------------------------------------------------------------- Ruimte bounds


def regel(naam: str, rij: int, **kw) -> RuimteRegel:  # type: ignore[no-untyped-def]
    return RuimteRegel(naam, rij, **kw)


def test_ruimte_that_makes_oek_impossible_names_category_shortfall_and_binding_bounds(dataset: Dataset) -> None:
    """Four gemeenten 'vast' and two without Oek: Oek stays short, and the lines say by how much and which cells block it."""
    puzzel = population_tasks(dataset).puzzel
    ruimte = Ruimte({
        "assen": regel("Assen", 6, vast=True),
        "hoogeveen": regel("Hoogeveen", 11, vast=True),
        "emmen": regel("Emmen", 10, vast=True),
        "coevorden": regel("Coevorden", 8, vast=True),
        "tynaarlo": regel("Tynaarlo", 15, maximum=(0, None, None)),
        "noordenveld": regel("Noordenveld", 14, maximum=(100, None, None)),
    })
    voorstel = stel_voor(invoer_uit_puzzel(puzzel, ruimte))
    tekort = voorstel.cijfers.tekort[0]
    assert tekort > 0
    assert voorstel.bewijs.categorieen == (0,)
    assert voorstel.bewijs.waarde == tekort
    text = "\n".join(voorstel.uitleg)
    assert f"Oek blijft {tekort} plaatsen onder de provinciale opgave" in text
    assert "• Tynaarlo: ten hoogste 0 Oek (Ruimte!B15)." in text
    assert "• Noordenveld: ten hoogste 100 Oek (Ruimte!B14)." in text
    assert "• Assen: vast op het eerste voorstel (Ruimte!H6): 792 Oek." in text
    assert "• Emmen: vast op het eerste voorstel (Ruimte!H10): 975 Oek." in text


def test_a_gemeente_held_below_its_task_by_its_bounds_is_named_with_them(dataset: Dataset) -> None:
    """Noordenveld at most 200 Oek, no Asiel, 43 AMV: 303 below its task of 546, and why."""
    puzzel = population_tasks(dataset).puzzel
    ruimte = Ruimte({"noordenveld": regel("Noordenveld", 14, maximum=(200, 0, 43))})
    voorstel = stel_voor(invoer_uit_puzzel(puzzel, ruimte))
    i = puzzel.index_of("Noordenveld")
    assert voorstel.cijfers.onder_opgave[i] == 303
    assert (
        "Noordenveld blijft 303 plaatsen onder haar opgave van 546, want ten hoogste 200 Oek (Ruimte!B14); "
        "ten hoogste 0 Asiel (Ruimte!C14); ten hoogste 43 AMV (Ruimte!D14)."
    ) in voorstel.uitleg


def test_vast_keeps_the_eerste_voorstel_and_minimum_keeps_places(dataset: Dataset) -> None:
    """A 'vast' gemeente is not touched; a minimum (existing locations) is kept."""
    puzzel = population_tasks(dataset).puzzel
    ruimte = Ruimte({
        "tynaarlo": regel("Tynaarlo", 15, vast=True),
        "borger-odoorn": regel("Borger-Odoorn", 7, minimum=(None, 100, None)),
    })
    voorstel = stel_voor(invoer_uit_puzzel(puzzel, ruimte))
    assert voorstel.bijstelling[puzzel.index_of("Tynaarlo")] == (0, 0, 0)
    assert voorstel.inbreng[puzzel.index_of("Borger-Odoorn")][1] >= 100


def test_contradicting_bounds_are_refused_naming_both_cells() -> None:
    """Min above max, or 'vast' with a bound the eerste voorstel does not meet: a Dutch message, no proposal."""
    with pytest.raises(VoorstelError) as exc:
        invoer(["A"], [(5, 5, 5)], [(5, 5, 5)], ruimte=[regel("A", 5, maximum=(3, None, None), minimum=(4, None, None))])
    assert exc.value.melding == "Ruimte!E5 (A, Min Oek): minstens 4 maar Ruimte!B5 zegt ten hoogste 3; pas een van beide aan."
    with pytest.raises(VoorstelError) as exc:
        invoer(["A"], [(5, 5, 5)], [(5, 5, 5)], ruimte=[regel("A", 5, maximum=(None, 2, None), vast=True)])
    assert exc.value.melding == (
        "Ruimte!H5 (A): vast op het eerste voorstel (5 Asiel), maar Ruimte!C5 zegt ten hoogste 2; pas een van beide aan."
    )


def test_unknown_task_is_refused_naming_the_cell(dataset: Dataset) -> None:
    """An opgave 'ntb' cannot be proposed for: the message names the cell; 'ntb' in an eerste voorstel counts 0."""
    p = dataset.puzzel
    columns = dict(p.columns)
    columns["opgave_asiel"] = (make_entry("ntb", "Puzzel", "D5"), *p.columns["opgave_asiel"][1:])
    with pytest.raises(VoorstelError) as exc:
        invoer_uit_puzzel(replace(p, columns=columns))
    assert exc.value.melding.startswith("Puzzel!D5 (Aa en Hunze, Opgave Asiel): 'ntb' is geen aantal plaatsen")
    inv = invoer_uit_puzzel(p, GEEN_RUIMTE)
    assert inv.gemeenten[p.index_of("Noordenveld")].eerste == (209, 0, 43)


def test_cijfers_of_a_proposal_are_recomputed_from_the_inbreng_alone(voorstel_12_7) -> None:
    """The figures do not trust the solver: recomputing them from the inbreng gives the same."""
    assert cijfers(voorstel_12_7.invoer, voorstel_12_7.inbreng) == voorstel_12_7.cijfers


def test_importing_the_core_loads_no_solver() -> None:
    """`import xlpuzzel.voorstel` loads neither highspy nor numpy: only making a proposal does."""
    code = "import sys, xlpuzzel.voorstel; print(sorted(m for m in ('highspy', 'numpy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_surplus_goes_where_it_is_small_beside_the_provincial_task() -> None:
    """A gemeente that may take no Oek grows to its task in asiel rather than AMV (AMV's task is small)."""
    inv = invoer(
        ["A", "B"], [(0, 100, 10), (50, 50, 5)], [(60, 80, 8), (40, 40, 4)], provinciaal=(100, 120, 12),
        ruimte=[regel("A", 5, maximum=(0, None, None)), None],
    )
    voorstel = stel_voor(inv)
    assert voorstel.cijfers.onder_opgave == (0, 0)
    assert voorstel.bijstelling[0] == (0, 38, 0)


_waarden = st.one_of(
    st.none(), st.integers(-5, 2000), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.text(max_size=12), st.sampled_from(["ja", "nee", "ntb", "-", "1.077", "#REF!", "Assen", "Totaal", "=A1"]),
    st.datetimes(),
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.tuples(st.sampled_from("ABCDEFGHIJ"), st.integers(1, 12)), _waarden, max_size=30))
def test_any_ruimte_sheet_gives_bounds_or_a_dutch_message(cells) -> None:  # type: ignore[no-untyped-def]
    """Whatever staff type on sheet Ruimte: bounds, or a VoorstelError naming a Ruimte cell, never a traceback."""
    from xlpuzzel.voorstel.ruimte import ruimte_kop_cellen, ruimte_uit_cellen

    sheet = {**ruimte_kop_cellen(["Assen", "Emmen"]), **{f"{c}{r}": v for (c, r), v in cells.items()}}
    try:
        ruimte = ruimte_uit_cellen(sheet, ["Assen", "Emmen"])
    except VoorstelError as exc:
        assert exc.melding.startswith("Ruimte!")
        return
    for regel_ in ruimte.regels.values():
        assert all(v is None or v >= 0 for v in (*regel_.maximum, *regel_.minimum))


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.tuples(st.sampled_from("ABCDEFGH"), st.integers(5, 12)), _waarden, max_size=30))
def test_any_voorstel_sheet_is_taken_over_or_refused_in_dutch(dataset: Dataset, cells) -> None:  # type: ignore[no-untyped-def]
    """Whatever sheet Voorstel holds: a plan of cells, or a VoorstelError, never a traceback."""
    from xlpuzzel.voorstel.overnemen import overname

    try:
        overname(dataset.puzzel, {f"{c}{r}": v for (c, r), v in cells.items()})
    except VoorstelError as exc:
        assert exc.melding


def test_a_missing_solver_is_a_dutch_message(monkeypatch) -> None:
    """Without highspy and without SciPy the proposal says how to install one instead of a traceback."""
    monkeypatch.setitem(sys.modules, "highspy", None)
    monkeypatch.setitem(sys.modules, "scipy.optimize", None)
    with pytest.raises(VoorstelError) as exc:
        stel_voor(invoer(["A"], [(1, 1, 1)], [(1, 1, 1)]))
    assert "(het Python-pakket highspy, of anders scipy) is niet geïnstalleerd" in exc.value.melding
    assert "xlwings Lite" in exc.value.melding


def test_without_highspy_scipy_gives_the_same_proposal_of_12_7_2024(monkeypatch, voorstel_12_7) -> None:
    """The fallback of xlwings Lite (HiGHS inside SciPy) solves the same model to the same proposal, level by level."""
    pytest.importorskip("scipy.optimize")
    monkeypatch.setitem(sys.modules, "highspy", None)
    again = stel_voor(voorstel_12_7.invoer)
    assert again.cijfers.niveaus == voorstel_12_7.cijfers.niveaus
    assert again == voorstel_12_7


@settings(max_examples=25, deadline=None)
@given(instances())
def test_scipy_fallback_reaches_the_same_optimum_on_every_level(case) -> None:  # type: ignore[no-untyped-def]
    """On random small tables the SciPy door and highspy find the same optimum of every level."""
    pytest.importorskip("scipy.optimize")
    from xlpuzzel.voorstel.model import bouw_model
    from xlpuzzel.voorstel.oplosser import los_op, los_op_scipy

    eerste, opgave, provinciaal, regels = case
    model = bouw_model(invoer([f"G{i}" for i in range(len(eerste))], eerste, opgave, provinciaal, ruimte=regels))
    assert los_op_scipy(model).optima == los_op(model).optima
