"""Solve a :class:`~xlpuzzel.voorstel.model.Milp` lexicographically with HiGHS (through `highspy`).

Where `highspy` cannot be installed (xlwings Lite: Pyodide has no build of it) the same model
is solved by the HiGHS inside SciPy (`scipy.optimize.milp`, which Pyodide does ship): one
model, two doors to the same solver, the same levels fixed the same way.

The one impure-ish part of the proposal: it loads a native solver. Imported only by the
commands and buttons that make a proposal, never on the click path of the others
(`highspy` pulls in numpy).

Each level is solved to proven optimality (relative MIP gap 0; every objective is an
integer, so HiGHS' absolute gap below 1 proves it), then fixed with "level ≤ its optimum"
before the next level is solved. HiGHS is deterministic for the same model and options
(one thread, fixed random seed), so the same workbook always gives the same proposal.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from xlpuzzel.voorstel.model import INF, Milp, Rij
from xlpuzzel.voorstel.ruimte import VoorstelError

#: Seconds HiGHS may take per level before the proposal is refused as unproven.
TIJDSLIMIET = 60.0
#: Neither highspy nor SciPy can be imported.
GEEN_OPLOSSER = (
    "De rekenmachine voor het voorstel (het Python-pakket highspy, of anders scipy) is niet geïnstalleerd. "
    "Installeer xlpuzzel opnieuw (py -m pip install -e <map van xlpuzzel>) of alleen dat pakket (py -m pip install "
    "highspy); in xlwings Lite: zet scipy in requirements.txt. Er is niets gewijzigd."
)


@dataclass(frozen=True)
class Oplossing:
    """The solver's answer: x per gemeente and category (integers) and the optimum of every level."""

    x: tuple[int, ...]
    optima: tuple[int, ...]


def los_op(model: Milp, tijdslimiet: float = TIJDSLIMIET) -> Oplossing:
    """The lexicographic optimum of the model's levels; VoorstelError when HiGHS cannot prove one in time."""
    try:
        import highspy  # noqa: F401 - checked here so a missing install is a Dutch message, not a traceback
        import numpy as np
    except ImportError as exc:
        try:
            from scipy.optimize import milp  # noqa: F401 - the fallback (xlwings Lite)
        except ImportError:
            raise VoorstelError(GEEN_OPLOSSER) from exc
        return los_op_scipy(model, tijdslimiet)
    highs = _stille_highs()
    for option, value in (
        ("output_flag", False),
        ("threads", 1),
        ("random_seed", 0),
        ("mip_rel_gap", 0.0),
        ("time_limit", float(tijdslimiet)),
    ):
        highs.setOptionValue(option, value)
    highs.passModel(_lp(model, np))
    optima: list[int] = []
    kosten = np.zeros(model.n_var)
    alle = np.arange(model.n_var, dtype=np.int32)
    for index, coef in model.niveaus:
        kosten[:] = 0.0
        kosten[list(index)] = coef
        highs.changeColsCost(model.n_var, alle, kosten)
        highs.run()
        status = highs.getModelStatus()
        if status != _optimal():
            raise VoorstelError(
                f"De rekenmachine voor het voorstel (HiGHS) vond geen bewezen beste voorstel "
                f"({highs.modelStatusToString(status)}); er is niets gewijzigd."
            )
        value = round(highs.getInfo().objective_function_value)
        optima.append(value)
        highs.addRow(-INF, float(value), len(index), np.asarray(index, dtype=np.int32), np.asarray(coef, dtype=float))
    values = highs.getSolution().col_value
    return Oplossing(tuple(round(values[i]) for i in model.x), tuple(optima))


def los_op_scipy(model: Milp, tijdslimiet: float = TIJDSLIMIET) -> Oplossing:
    """The same lexicographic optimum through `scipy.optimize.milp` (HiGHS inside SciPy): the fallback where
    highspy is missing. Each level is solved with the earlier levels as rows `level ≤ its optimum`."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_array

    rijen = list(model.rijen)
    optima: list[int] = []
    integrality = np.asarray([1 if i else 0 for i in model.integer])
    bounds = Bounds(np.asarray(model.lower, dtype=float), np.asarray(model.upper, dtype=float))
    oplossing = None
    for index, coef in model.niveaus:
        kosten = np.zeros(model.n_var)
        kosten[list(index)] = coef
        result = milp(
            kosten, constraints=_rijen_scipy(rijen, model.n_var, np, csr_array, LinearConstraint),
            integrality=integrality, bounds=bounds,
            options={"disp": False, "time_limit": float(tijdslimiet), "mip_rel_gap": 0.0},
        )
        if result.status != 0 or result.x is None:
            raise VoorstelError(
                f"De rekenmachine voor het voorstel (HiGHS in SciPy) vond geen bewezen beste voorstel "
                f"({result.message}); er is niets gewijzigd."
            )
        value = round(result.fun)
        optima.append(value)
        rijen.append(Rij(tuple(index), tuple(coef), -INF, float(value)))
        oplossing = result.x
    assert oplossing is not None
    return Oplossing(tuple(round(oplossing[i]) for i in model.x), tuple(optima))


def _rijen_scipy(rijen: list[Rij], n_var: int, np, csr_array, LinearConstraint):  # type: ignore[no-untyped-def]
    """The rows as one sparse LinearConstraint (compressed rows, as for highspy)."""
    starts = [0]
    index: list[int] = []
    value: list[float] = []
    for r in rijen:
        index.extend(r.index)
        value.extend(r.coef)
        starts.append(len(index))
    matrix = csr_array((np.asarray(value, dtype=float), np.asarray(index), np.asarray(starts)), shape=(len(rijen), n_var))
    lo = np.asarray([r.lo for r in rijen], dtype=float)
    hi = np.asarray([r.hi for r in rijen], dtype=float)
    return LinearConstraint(matrix, np.where(np.isfinite(lo), lo, -np.inf), np.where(np.isfinite(hi), hi, np.inf))


def _lp(model: Milp, np):  # type: ignore[no-untyped-def]
    """The model as a HighsLp (columns in compressed-row form)."""
    import highspy

    lp = highspy.HighsLp()
    lp.num_col_ = model.n_var
    lp.num_row_ = len(model.rijen)
    lp.col_cost_ = np.zeros(model.n_var)
    lp.col_lower_ = np.asarray(model.lower, dtype=float)
    lp.col_upper_ = np.asarray(model.upper, dtype=float)
    lp.row_lower_ = np.asarray([r.lo for r in model.rijen], dtype=float)
    lp.row_upper_ = np.asarray([r.hi for r in model.rijen], dtype=float)
    starts = [0]
    index: list[int] = []
    value: list[float] = []
    for r in model.rijen:
        index.extend(r.index)
        value.extend(r.coef)
        starts.append(len(index))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.asarray(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.asarray(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.asarray(value, dtype=float)
    lp.a_matrix_.num_col_ = model.n_var
    lp.a_matrix_.num_row_ = len(model.rijen)
    lp.integrality_ = [
        highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous for i in model.integer
    ]
    return lp


def _optimal():  # type: ignore[no-untyped-def]
    import highspy

    return highspy.HighsModelStatus.kOptimal


def _stille_highs():  # type: ignore[no-untyped-def]
    """A HiGHS instance without its banner on standard output.

    `highspy.Highs()` prints "Running HiGHS ..." while it is made, before any option can be set
    (HiGHS issues #1702, #2749), and from C, past Python's sys.stdout; `puzzel voorstel --json`
    must print JSON only. So file descriptor 1 points at the null device for that moment.
    """
    import highspy

    with _zonder_stdout():
        return highspy.Highs()


@contextlib.contextmanager
def _zonder_stdout() -> Iterator[None]:
    """Standard output (file descriptor 1) to the null device; nothing happens where there is none (pythonw)."""
    if sys.stdout is not None:
        sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
