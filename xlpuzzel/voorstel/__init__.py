"""The puzzel proposes its own bijstelling: an exact, explained proposal of swaps.

Pure core with one impure-ish step (the solver). Modules:
:mod:`.ruimte` (sheet Ruimte's bounds from its cells), :mod:`.invoer` (the input per gemeente,
from a Puzzel and a Ruimte), :mod:`.model` (the MILP as data), :mod:`.oplosser` (HiGHS,
lexicographic; the only module that loads a solver), :mod:`.cijfers` (the figures of any
bijstelling), :mod:`.uitleg` (closed-form proof of the first two levels and the Dutch
explanation), :mod:`.voorstel` (the use case :func:`stel_voor`), :mod:`.tekst` (report,
summary, comparison, JSON, the table PUZZEL_VOORSTEL spills), :mod:`.blad` (sheet Voorstel as
cells and its log row), :mod:`.overnemen` (which puzzel cells take the proposal).

The writers are thin fronts over :mod:`.blad` and :mod:`.overnemen`:
:mod:`xlpuzzel.commands.voorstel_bestand` (file) and :mod:`xlpuzzel.excel.voorstel` (ribbon).

Importing this package loads no solver and no numpy: :func:`stel_voor` imports
:mod:`.oplosser` when it runs.
"""

from xlpuzzel.voorstel.cijfers import Cijfers, cijfers, huidige_inbreng
from xlpuzzel.voorstel.invoer import GemeenteInvoer, Grens, VoorstelInvoer, invoer, invoer_uit_puzzel
from xlpuzzel.voorstel.model import NIVEAUS
from xlpuzzel.voorstel.ruimte import GEEN_RUIMTE, Ruimte, RuimteRegel, VoorstelError, ruimte_uit_cellen
from xlpuzzel.voorstel.uitleg import TekortBewijs, tekort_bewijs
from xlpuzzel.voorstel.voorstel import Voorstel, stel_voor

__all__ = [
    "GEEN_RUIMTE",
    "NIVEAUS",
    "Cijfers",
    "GemeenteInvoer",
    "Grens",
    "Ruimte",
    "RuimteRegel",
    "TekortBewijs",
    "Voorstel",
    "VoorstelError",
    "VoorstelInvoer",
    "cijfers",
    "huidige_inbreng",
    "invoer",
    "invoer_uit_puzzel",
    "ruimte_uit_cellen",
    "stel_voor",
    "tekort_bewijs",
]
