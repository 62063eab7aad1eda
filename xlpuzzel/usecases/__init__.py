"""The use cases, each written once, against the :class:`Werkmap` protocol.

Fronts (the CLI in :mod:`xlpuzzel.commands`, the ribbon in :mod:`xlpuzzel.excel`, later
xlwings Lite) open a workbook through an adapter, ask the user what only the user can say,
call one function here and show its result. They hold no workflow of their own.

- :func:`controleer` -> findings of sheets Puzzel, Landelijk and Prognose;
  :func:`documentgegevens` -> puzzel + Instellingen + Adressen for the letters,
  :func:`memogegevens` the same plus sheets Landelijk and Prognose for the memo;
  :func:`wijzigingslog` -> log + pseudonyms for the Woo export.
- :func:`landelijk_beeld`, :func:`prognose_beeld` (`puzzel landelijk`/`prognose`, button
  'Landelijk beeld'): the sheets' cards, prognosis and findings (:mod:`.landelijk`).
- :func:`markeer_bijstellingen` -> :class:`Markeerresultaat`; :func:`leg_basis_vast` ->
  :class:`Basisresultaat` (with `schrijven=False`: what it would do).
- :func:`voorstel_invoer`, :func:`schrijf_voorstel` (sheet Voorstel + a log row),
  :func:`voorstel_overname` and :func:`neem_voorstel_over` (the proposal typed in, flagged, logged).
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
    memogegevens,
    wijzigingslog,
)
from xlpuzzel.usecases.protocol import Blad, Schrijfplan, Toegepast, Werkmap

#: Names of :mod:`.bijstellen` and :mod:`.voorstel`, imported on first use: `puzzel controleer`
#: needs none of change tracking, and no click but the proposal's needs the proposal.
_LATER = {
    **dict.fromkeys(("Basisresultaat", "Markeerresultaat", "Staat", "huidige_basis", "lees_staat", "leg_basis_vast",
                     "markeer_bijstellingen", "ongeldige_aantallen"), "bijstellen"),
    **dict.fromkeys(("voorstel_invoer", "schrijf_voorstel", "voorstel_overname", "neem_voorstel_over"), "voorstel"),
    **dict.fromkeys(("landelijk_beeld", "prognose_beeld"), "landelijk"),
}


def __getattr__(name: str) -> object:
    if name in _LATER:
        import importlib

        return getattr(importlib.import_module(f"xlpuzzel.usecases.{_LATER[name]}"), name)
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
    "landelijk_beeld",
    "lees_staat",
    "leg_basis_vast",
    "markeer_bijstellingen",
    "memogegevens",
    "neem_voorstel_over",
    "ongeldige_aantallen",
    "prognose_beeld",
    "schrijf_voorstel",
    "voorstel_invoer",
    "voorstel_overname",
    "wijzigingslog",
]
