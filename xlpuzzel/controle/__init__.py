"""Check a puzzel: totals, row sums, inbreng, population shares, and what staff typed.

Pure: takes a :class:`~xlpuzzel.model.Puzzel` (from the file reader, the live-Excel adapter
or a data file) and returns findings (:class:`Bevinding`), most serious first, then in sheet
order. Derived values come from :mod:`xlpuzzel.calculation`; nothing here sums on its own.

Modules: :mod:`.bevinding` (the finding, codes, order, summary), :mod:`.opmaak` (Dutch
numbers and labels), :mod:`.check` (one run: the puzzel, the findings, what every check
reads), and the checks by what they check: :mod:`.invoer` (what staff typed),
:mod:`.totalen` (totals, row sums, opgave against the provincial task), :mod:`.afgeleid`
(derived cells: percentage, saldo, verschil), :mod:`.formules` (cached, changed and
overwritten formulas), :mod:`.inbreng`, :mod:`.aandeel` (population share).

Every derived cell is checked against its *direct* inputs as they stand in the sheet (a
total against the gemeente cells above it, a percentage against the two totals it divides),
so one wrong number gives one finding, not a cascade through the rows below it. A formula
without a cached value (a workbook never calculated) is not a finding; neither is a blank
derived cell that was typed, not computed.

Severities (``ernst``):

``fout`` — the table is wrong or cannot be computed; `puzzel controleer` exits 1:
    totaal-wijkt-af, rijtotaal-wijkt-af, opgave-wijkt-af, inbreng-wijkt-af,
    percentage-wijkt-af, saldo-wijkt-af, verschil-wijkt-af, formule-wijkt-af,
    geen-getal, getal-als-tekst, foutwaarde, negatief, gemeentenaam.
``waarschuwing`` — allowed but worth a look before the table goes out:
    aandeel-inwoners (the Oek task is a population share; the PRT may agree otherwise),
    gemeente-onder-opgave (a gemeente's total inbreng below its total task; see :mod:`.onder_opgave`),
    nog-niet-bekend ('ntb' counts as 0 until it is known), formule-overschreven (a typed
    number where a formula belongs: right today, stale after the next change),
    formule-gewijzigd (a formula differs from the one the layout prescribes).
``info`` — notes that need no action (none are produced yet; reports count them).
"""

from __future__ import annotations

from xlpuzzel.controle.aandeel import aandeel_inwoners
from xlpuzzel.controle.afgeleid import derived
from xlpuzzel.controle.bevinding import (
    CODES,
    ERNST_ORDER,
    FOUT,
    INFO,
    WAARSCHUWING,
    Bevinding,
    samenvatting,
    samenvatting_tekst,
    sort_key,
)
from xlpuzzel.controle.check import Check
from xlpuzzel.controle.formules import FORMULA_TOLERANCE
from xlpuzzel.controle.inbreng import check_inbreng
from xlpuzzel.controle.invoer import gemeente_names, inputs
from xlpuzzel.controle.onder_opgave import gemeente_onder_opgave
from xlpuzzel.controle.opmaak import getal, kolom_label, procent
from xlpuzzel.controle.totalen import authority_totals
from xlpuzzel.model import Puzzel

__all__ = [
    "CODES",
    "ERNST_ORDER",
    "FORMULA_TOLERANCE",
    "FOUT",
    "INFO",
    "WAARSCHUWING",
    "Bevinding",
    "controleer",
    "getal",
    "kolom_label",
    "procent",
    "samenvatting",
    "samenvatting_tekst",
]


def controleer(puzzel: Puzzel) -> tuple[Bevinding, ...]:
    """All findings for a puzzel, ordered by severity, then by position on the sheet."""
    check = Check(puzzel)
    gemeente_names(check)
    inputs(check)
    authority_totals(check)
    derived(check)
    check_inbreng(check)
    aandeel_inwoners(check)
    gemeente_onder_opgave(check)
    return tuple(sorted(check.found, key=sort_key))
