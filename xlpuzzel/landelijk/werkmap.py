"""A workbook's package parts -> sheets Landelijk and Prognose as data, through the public reader API.

No file I/O here: the caller reads the package once (`xlpuzzel.package.read_package`) and
the puzzel (`xlpuzzel.reader.read_workbook_parts`); this module reads the two sheets'
cells with `xlpuzzel.reader.read_sheet` and hands them to :mod:`xlpuzzel.landelijk.blad`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from xlpuzzel.controle.bevinding import Bevinding, sort_key
from xlpuzzel.entry import Entry, make_entry
from xlpuzzel.errors import UnusableWorkbook
from xlpuzzel.landelijk.blad import Cel, LandelijkBlad, PrognoseBlad, landelijk_blad, prognose_blad
from xlpuzzel.landelijk.layout import LANDELIJK_SHEET, PROGNOSE_SHEET, PROVINCIE_SETTING
from xlpuzzel.layout import INSTELLINGEN_SHEET
from xlpuzzel.reader import PuzzelWorkbook, read_sheet
from xlpuzzel.sheetdata import RefError, parse_ref


def _cellen(parts: Mapping[str, bytes], sheet: str) -> dict[str, Cel]:
    try:
        cells = read_sheet(parts, sheet)
    except OverflowError as exc:  # the reader turns a huge number in a date-formatted cell into a date
        raise UnusableWorkbook(
            "een cel met datumopmaak bevat een getal dat geen datum kan zijn (Excel toont #####); typ daar een "
            "datum zoals 1-9-2024."
        ) from exc
    return {a: Cel(c.value, c.formula, c.is_error) for a, c in cells.items()}


def _refuse(workbook: PuzzelWorkbook, exc: UnusableWorkbook, sheet: str) -> UnusableWorkbook:
    return UnusableWorkbook(f"{workbook.path}: blad {sheet}: {exc.melding}", exc.cel)


def _missing(workbook: PuzzelWorkbook, sheet: str) -> UnusableWorkbook:
    found = ", ".join(workbook.sheets) or "geen"
    return UnusableWorkbook(
        f"{workbook.path}: het werkblad '{sheet}' ontbreekt (gevonden: {found}). Bouw de werkmap opnieuw met "
        "`puzzel bouw` om de bladen Landelijk en Prognose te krijgen."
    )


def provincie_entry(workbook: PuzzelWorkbook) -> Entry:
    """The `provincie` setting as an entry with its cell on sheet Instellingen (blank when there is none)."""
    value = workbook.instellingen.get(PROVINCIE_SETTING)
    cell = None
    ref = workbook.names.get(PROVINCIE_SETTING)
    if ref:
        try:
            parsed = parse_ref(ref, INSTELLINGEN_SHEET)
            cell = parsed.cells()[0]
        except RefError:
            cell = None
    return make_entry(value, INSTELLINGEN_SHEET, cell)


def lees_landelijk(parts: Mapping[str, bytes], workbook: PuzzelWorkbook) -> LandelijkBlad:
    """Sheet Landelijk of a workbook; UnusableWorkbook naming the file when it is missing or broken."""
    if LANDELIJK_SHEET not in workbook.sheets:
        raise _missing(workbook, LANDELIJK_SHEET)
    try:
        return landelijk_blad(_cellen(parts, LANDELIJK_SHEET), workbook.names, provincie_entry(workbook))
    except UnusableWorkbook as exc:
        raise _refuse(workbook, exc, LANDELIJK_SHEET) from exc


def lees_prognose(parts: Mapping[str, bytes], workbook: PuzzelWorkbook) -> PrognoseBlad:
    """Sheet Prognose of a workbook; UnusableWorkbook naming the file when it is missing or broken."""
    if PROGNOSE_SHEET not in workbook.sheets:
        raise _missing(workbook, PROGNOSE_SHEET)
    try:
        return prognose_blad(_cellen(parts, PROGNOSE_SHEET), workbook.names)
    except UnusableWorkbook as exc:
        raise _refuse(workbook, exc, PROGNOSE_SHEET) from exc


def bevindingen_bladen(parts: Mapping[str, bytes], workbook: PuzzelWorkbook) -> tuple[Bevinding, ...]:
    """The findings of sheets Landelijk and Prognose, for `puzzel controleer`; none for a sheet the workbook lacks."""
    from xlpuzzel.landelijk.controle import controleer_landelijk, controleer_prognose

    found: list[Bevinding] = []
    if LANDELIJK_SHEET in workbook.sheets:
        found += controleer_landelijk(lees_landelijk(parts, workbook))
    if PROGNOSE_SHEET in workbook.sheets:
        found += controleer_prognose(lees_prognose(parts, workbook), workbook.puzzel)
    return tuple(sorted(found, key=sort_key))


def bevindingen_werkmap(path: str, workbook: PuzzelWorkbook, puzzel_bevindingen: Sequence[Bevinding]
                        ) -> tuple[Bevinding, ...]:
    """The puzzel's findings with those of sheets Landelijk and Prognose, in report order.

    For `puzzel controleer`, which has read the puzzel already: reads the file's parts once
    more only when the workbook has one of the two sheets.
    """
    if LANDELIJK_SHEET not in workbook.sheets and PROGNOSE_SHEET not in workbook.sheets:
        return tuple(puzzel_bevindingen)
    from xlpuzzel.package import read_package

    extra = bevindingen_bladen(read_package(path), workbook)
    return tuple(sorted((*puzzel_bevindingen, *extra), key=sort_key))


def memo_context(parts: Mapping[str, bytes], workbook: PuzzelWorkbook) -> dict[str, object]:
    """The memo's paragraphs 'landelijk beeld' and 'prognose statushouders' from a workbook file's parts.

    One call for the memo command: see :func:`xlpuzzel.landelijk.memo.memo_landelijk`; a sheet
    the workbook lacks gives an empty paragraph.
    """
    from xlpuzzel.landelijk.beeld import landelijk_beeld, prognose_beeld
    from xlpuzzel.landelijk.memo import memo_landelijk

    landelijk = landelijk_beeld(lees_landelijk(parts, workbook)) if LANDELIJK_SHEET in workbook.sheets else None
    prognose = (
        prognose_beeld(lees_prognose(parts, workbook), workbook.puzzel) if PROGNOSE_SHEET in workbook.sheets else None
    )
    return memo_landelijk(landelijk, prognose)
