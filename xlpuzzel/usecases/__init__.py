"""The use cases, each written once, against the :class:`Werkmap` protocol.

Fronts (the CLI in :mod:`xlpuzzel.commands`, the ribbon in :mod:`xlpuzzel.excel`, later
xlwings Lite) open a workbook through an adapter, ask the user what only the user can say,
call one function here and show its result. They hold no workflow of their own.

- :func:`controleer` -> findings; :func:`documentgegevens` -> puzzel + Instellingen for the
  letters and the memo; :func:`wijzigingslog` -> log + pseudonyms for the Woo export.
- :func:`markeer_bijstellingen` -> :class:`Markeerresultaat`; :func:`leg_basis_vast` ->
  :class:`Basisresultaat` (with `schrijven=False`: what it would do).
- Protocol and plan: :class:`Werkmap`, :class:`Schrijfplan` (flags, log rows, a new basis,
  sheets written whole), :class:`Toegepast`, :class:`Blad`.

Adapters: :func:`xlpuzzel.workbookfile.open_workbook` (a file; writes locked, re-checked,
atomic) and :class:`xlpuzzel.excel.werkmap.LiveWerkmap` (live Excel through xlwings).
"""

from xlpuzzel.usecases.lezen import (
    Documentgegevens,
    Wijzigingslog,
    controleer,
    documentgegevens,
    wijzigingslog,
)
from xlpuzzel.usecases.protocol import Blad, Schrijfplan, Toegepast, Werkmap

#: Names of :mod:`.bijstellen`, imported on first use: `puzzel controleer` needs none of change tracking.
_BIJSTELLEN = frozenset({
    "Basisresultaat", "Markeerresultaat", "Staat", "huidige_basis", "lees_staat", "leg_basis_vast",
    "markeer_bijstellingen", "ongeldige_aantallen",
})


def __getattr__(name: str) -> object:
    if name in _BIJSTELLEN:
        from xlpuzzel.usecases import bijstellen

        return getattr(bijstellen, name)
    raise AttributeError(name)

__all__ = [
    "Basisresultaat",
    "Blad",
    "Documentgegevens",
    "Markeerresultaat",
    "Schrijfplan",
    "Staat",
    "Toegepast",
    "Werkmap",
    "Wijzigingslog",
    "controleer",
    "documentgegevens",
    "huidige_basis",
    "lees_staat",
    "leg_basis_vast",
    "markeer_bijstellingen",
    "ongeldige_aantallen",
    "wijzigingslog",
]
