"""The reading use cases: the check, and where the documents and the Woo export get their data.

The sheets Landelijk and Prognose are read in :mod:`xlpuzzel.usecases.landelijk`; the
check and the memo take them from there.

`puzzel controleer` and the button 'Controleren', `puzzel brieven`/`memo` and their buttons,
`puzzel log --woo`: each front opens the workbook and calls one of these; what is written
(a report, letters, an export) is the front's and the document modules' business.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xlpuzzel.layout import ADRESSEN_SHEET, LOG_SHEET, PSEUDONYM_NAME
from xlpuzzel.usecases.protocol import Werkmap, meld

if TYPE_CHECKING:
    from xlpuzzel.adressen import Adres
    from xlpuzzel.bijstelling import LogRegel
    from xlpuzzel.controle import Bevinding
    from xlpuzzel.landelijk.beeld import LandelijkBeeld, PrognoseBeeld
    from xlpuzzel.model import Puzzel


def controleer(werkmap: Werkmap) -> tuple[Bevinding, ...]:
    """The findings of the check on every sheet the workbook has of the ones the tool checks, in report order.

    Sheet Puzzel (the core: :func:`xlpuzzel.controle.controleer`), and sheets Landelijk and
    Prognose when the workbook has them (:func:`xlpuzzel.usecases.landelijk.controleer_bladen`).
    """
    from xlpuzzel.controle import controleer as controleer_puzzel
    from xlpuzzel.controle.bevinding import sort_key
    from xlpuzzel.usecases.landelijk import controleer_bladen

    return tuple(sorted((*controleer_puzzel(werkmap.puzzel()), *controleer_bladen(werkmap)), key=sort_key))


@dataclass(frozen=True)
class Documentgegevens:
    """What the letters and the memo are made from: the puzzel, sheet Instellingen and sheet Adressen."""

    puzzel: Puzzel
    instellingen: Mapping[str, object] = field(default_factory=dict)
    #: The workbook as messages name it (its file; '' for the open workbook in Excel).
    path: str = ""
    #: The colleges' postal addresses by gemeente (sheet Adressen; empty in older workbooks).
    adressen: Mapping[str, Adres] = field(default_factory=dict)
    #: The memo's national picture and statushouders prognosis (:func:`memogegevens`); None without the sheet.
    landelijk: LandelijkBeeld | None = None
    prognose: PrognoseBeeld | None = None
    #: What the documents go without, and why (Dutch, for the front to show beside the result).
    waarschuwingen: tuple[str, ...] = ()


def documentgegevens(werkmap: Werkmap) -> Documentgegevens:
    """The data of the documents (one state of the workbook: both read in this one call)."""
    from xlpuzzel.adressen import adressen_uit_cellen

    cellen = werkmap.blad(ADRESSEN_SHEET)
    adressen = adressen_uit_cellen(cellen) if cellen is not None else {}
    return Documentgegevens(werkmap.puzzel(), dict(werkmap.instellingen()), werkmap.naam, adressen)


def memogegevens(werkmap: Werkmap) -> Documentgegevens:
    """The memo's data: the documents' data and the sheets Landelijk and Prognose (a warning for each one missing)."""
    import dataclasses

    from xlpuzzel.usecases.landelijk import memo_bladen

    landelijk, prognose, waarschuwingen = memo_bladen(werkmap)
    return dataclasses.replace(documentgegevens(werkmap), landelijk=landelijk, prognose=prognose,
                               waarschuwingen=waarschuwingen)


@dataclass(frozen=True)
class Wijzigingslog:
    """Sheet Wijzigingslog as read, and the Woo mapping of user names to roles or pseudonyms."""

    regels: tuple[LogRegel, ...]
    pseudoniemen: Mapping[str, str] = field(default_factory=dict)


def wijzigingslog(werkmap: Werkmap) -> Wijzigingslog:
    """The log and its pseudonym table; a missing or unreadable sheet is a Dutch BijstellingError."""
    from xlpuzzel.bijstelling import BijstellingError, log_uit_cellen, pseudoniemen_uit_cellen

    cellen = werkmap.blad(LOG_SHEET)
    if cellen is None:
        raise BijstellingError(
            meld(werkmap, f"het werkblad '{LOG_SHEET}' ontbreekt; er is geen log om te tonen of te exporteren.")
        )
    try:
        regels = tuple(log_uit_cellen(cellen))
    except BijstellingError as exc:
        raise BijstellingError(meld(werkmap, exc.melding), exc.cel) from exc
    return Wijzigingslog(regels, pseudoniemen_uit_cellen(cellen, werkmap.verwijzing(PSEUDONYM_NAME)))
