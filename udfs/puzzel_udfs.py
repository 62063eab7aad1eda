"""Worksheet functions of the puzzel, for Excel on Windows (xlwings UDFs).

Each function is a one-line wrapper over the core; the conversions are declared with
`@xw.arg` / `@xw.ret`: every range argument arrives as a 2-D list (`ndim=2`), so a column
stays a column and a row a row, and Excel error values arrive as their text (`err_to_str`)
so the core recognises them. Results are plain lists of lists: Microsoft 365 spills them
as a dynamic array by itself (xlwings' legacy `expand=` resizing is for Excel versions
without dynamic arrays and would fight Excel's own spill). A value that cannot be computed
(an unknown 'ntb', a task of 0) gives an empty cell; an unusable argument gives the Dutch
message as the result instead of a Python traceback.

The docstrings and `doc=` texts are what Excel's function wizard shows (at most 255
characters each).
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import traceback
from collections.abc import Callable, Sequence
from typing import Any

import xlwings as xw

from xlpuzzel.apportionment import ApportionmentError, apportion
from xlpuzzel.calculation import difference, ratio
from xlpuzzel.controle import controleer
from xlpuzzel.controle.opmaak import shown
from xlpuzzel.entry import Kind, make_entry
from xlpuzzel.errors import PuzzelError
from xlpuzzel.landelijk.layout import kleur
from xlpuzzel.landelijk.prognose import art28_taakstelling
from xlpuzzel.layout import (
    COLUMNS,
    LANDELIJK_LABEL,
    TOTAAL_LABEL,
    PuzzelLayout,
    column,
    column_letter_index,
    index_to_letter,
    quote_sheet,
)
from xlpuzzel.layout import PUZZEL_SHEET as _PUZZEL_SHEET
from xlpuzzel.model import Puzzel
from xlpuzzel.schema import indicatief_schema
from xlpuzzel.sheetdata import assemble_puzzel, parse_ref, split_cell
from xlpuzzel.tekst import NEUTRALE_NAAM

#: Category under which the functions appear in Excel's function wizard: the same for every province's
#: workbook (the category is fixed when the functions are imported, before any workbook is read).
CATEGORIE = NEUTRALE_NAAM

Grid = list[list[Any]]

_AANBOD = "Aanbod per gemeente: een cel of een kolom (bijv. Inbreng Oek). Leeg en '-' tellen als 0."
_OPGAVE = "Opgave per gemeente: een cel of een kolom even lang als het aanbod."
_VOORBEELD = PuzzelLayout(12)
_RUIMTE = (
    "Optioneel: werkblad Ruimte vanaf de kopregel (bijv. Ruimte!A4:I16) met de grenzen per gemeente; "
    "weglaten = geen grenzen."
)
_TABEL = (
    f"Geef de hele tabel op, van de eerste gemeente in kolom {COLUMNS[0].letter} tot en met de rij "
    f"'{LANDELIJK_LABEL}' en de laatste kolom, bij 12 gemeenten "
    f"{COLUMNS[0].letter}{_VOORBEELD.first_row}:{COLUMNS[-1].letter}{_VOORBEELD.landelijk_row}."
)


def _melding(func: Callable[..., Any]) -> Callable[..., Any]:
    """Show a user-facing failure as its Dutch message in the cell instead of a traceback.

    xlwings hands an omitted argument (`=PUZZEL_VERDEEL(C17;)`) and a value where a range
    belongs as None, and would put the text of any other exception (a Python traceback) in
    the cell; those become Dutch too, the traceback going to the log as for a button.
    """
    signature = inspect.signature(func).parameters
    parameters = list(signature)

    @functools.wraps(func)
    def wrapper(*args: Any) -> Any:
        missing = [name for name, value in zip(parameters, args)
                   if value is None and signature[name].default is inspect.Parameter.empty]
        if missing:
            wat = " en ".join(missing) + (" ontbreekt" if len(missing) == 1 else " ontbreken")
            return f"{func.__name__}: {wat}; geef een cel of een bereik op."
        try:
            return func(*args)
        except (PuzzelError, ApportionmentError) as exc:
            return getattr(exc, "melding", str(exc))
        except Exception:  # noqa: BLE001 - as dispatch: never a traceback in a cell
            from xlpuzzel.excel.hulp import log, logboek_pad

            log(f"{func.__name__}: onverwachte fout\n{traceback.format_exc()}")
            return f"{func.__name__}: er ging iets onverwachts mis; de details staan in het logboek {logboek_pad()}"

    return wrapper


@xw.func(category=CATEGORIE)
@xw.arg("aanbod", ndim=2, err_to_str=True, doc=_AANBOD)
@xw.arg("opgave", ndim=2, err_to_str=True, doc=_OPGAVE)
@_melding
def PUZZEL_PERCENTAGE(aanbod: Grid, opgave: Grid) -> Grid:
    """Aanbod als deel van de opgave (0,81 = 81%), per cel; werkt op hele kolommen. Leeg en '-' tellen als 0; 'ntb', tekst of een opgave van 0 geven een lege cel."""
    return per_cel(percentage, aanbod=aanbod, opgave=opgave)


@xw.func(category=CATEGORIE)
@xw.arg("aanbod", ndim=2, err_to_str=True, doc=_AANBOD)
@xw.arg("opgave", ndim=2, err_to_str=True, doc=_OPGAVE)
@_melding
def PUZZEL_VERSCHIL(aanbod: Grid, opgave: Grid) -> Grid:
    """Aanbod min opgave in plaatsen (negatief = tekort), per cel; werkt op hele kolommen. Leeg en '-' tellen als 0; 'ntb' of tekst geeft een lege cel."""
    return per_cel(verschil, aanbod=aanbod, opgave=opgave)


@xw.func(category=CATEGORIE)
@xw.arg("totaal", ndim=2, err_to_str=True, doc="Het te verdelen aantal plaatsen (een geheel getal, bijv. de provinciale opgave).")
@xw.arg("gewichten", ndim=2, err_to_str=True, doc="Gewicht per gemeente, bijv. de kolom inwoners. Leeg telt als 0.")
@_melding
def PUZZEL_VERDEEL(totaal: Grid, gewichten: Grid) -> Grid:
    """Verdeelt het totaal naar rato van de gewichten in hele plaatsen (grootste overschotten); de delen tellen precies op tot het totaal. Geeft een kolom even lang als de gewichten."""
    return verdeel(totaal, gewichten)


@xw.func(category=CATEGORIE)
@xw.arg("start", ndim=2, err_to_str=True, doc="Startpunt opgave: de oude opgave (een cel of een kolom).")
@xw.arg("eind", ndim=2, err_to_str=True, doc="Eindpunt opgave: de nieuwe opgave (een cel of een kolom).")
@xw.arg("startdatum", ndim=2, dates=dt.date, err_to_str=True, doc="Datum van de oude opgave, bijv. 1-2-2024.")
@xw.arg("einddatum", ndim=2, dates=dt.date, err_to_str=True, doc="Datum van de nieuwe opgave, bijv. 1-1-2025.")
@xw.arg("peildatum", ndim=2, dates=dt.date, err_to_str=True, doc="Datum waarop het schema wordt afgelezen, bijv. 1-9-2024.")
@_melding
def PUZZEL_SCHEMA(start: Grid, eind: Grid, startdatum: Grid, einddatum: Grid, peildatum: Grid) -> Grid:
    """Indicatief schema (LRT-dashboard): rechte lijn van de oude opgave op de startdatum naar de nieuwe op de einddatum, afgelezen op de peildatum, in kalenderdagen, afgerond op hele plaatsen."""
    return per_cel(
        indicatief_schema, start=start, eind=eind, startdatum=startdatum, einddatum=einddatum, peildatum=peildatum
    )


@xw.func(category=CATEGORIE)
@xw.arg("tabel", "range", doc=_TABEL)
@_melding
def PUZZEL_CONTROLE(tabel: xw.Range) -> Grid:
    """De bevindingen van de knop Controleren voor de opgegeven tabel, als lijst van drie kolommen: cel, gemeente (of rij) en melding. Eén regel 'Geen bevindingen' als alles klopt."""
    return controle_rijen(lees_tabel(tabel))


@xw.func(category=CATEGORIE)
@xw.arg("realisatie", ndim=2, err_to_str=True, doc="Huidige realisatie (een cel of een kolom), bijv. de kolom Huidige realisatie van blad Landelijk.")
@xw.arg("schema", ndim=2, err_to_str=True, doc="Indicatief schema op dezelfde peildatum (een cel of een kolom even lang).")
@_melding
def PUZZEL_KLEUR(realisatie: Grid, schema: Grid) -> Grid:
    """Kleur van een kaart van het LRT-dashboard: groen bij een realisatie van minstens 100% van het indicatief schema, oranje bij minstens 75%, anders rood; leeg zonder schema."""
    return per_cel(kaart_kleur, realisatie=realisatie, schema=schema)


@xw.func(category=CATEGORIE)
@xw.arg("landelijk", ndim=2, err_to_str=True, doc="Landelijke taakstelling huisvesting statushouders voor het halfjaar (één cel).")
@xw.arg("inwoners", ndim=2, err_to_str=True, doc="Inwoners per gemeente (CBS, 1 januari van het jaar ervoor): een kolom.")
@xw.arg("inwoners_nederland", ndim=2, err_to_str=True, doc="Inwoners van Nederland op dezelfde datum (één cel).")
@_melding
def PUZZEL_TAAKSTELLING(landelijk: Grid, inwoners: Grid, inwoners_nederland: Grid) -> Grid:
    """Taakstelling statushouders per gemeente (Huisvestingswet 2014, art. 28): landelijk × inwoners / inwoners van Nederland, per gemeente exact naar boven afgerond. Geeft een kolom even lang als de inwoners."""
    return taakstelling(landelijk, inwoners, inwoners_nederland)


@xw.func(category=CATEGORIE)
@xw.arg("tabel", "range", doc=_TABEL)
@xw.arg("ruimte", "range", doc=_RUIMTE)
@xw.ret(index=False)
@_melding
def PUZZEL_VOORSTEL(tabel: xw.Range, ruimte: xw.Range | None = None) -> Any:
    """Het beste voorstel voor bijstelling (zo min mogelijk tekort, daarna zo weinig mogelijk gewijzigde plaatsen en gemeenten) als tabel met koppen: per gemeente bijstelling, inbreng en toelichting, en een totaalregel."""
    return voorstel_tabel(lees_tabel(tabel), lees_ruimte(ruimte))


# --- helpers: plain functions, also used by the tests -----------------------------------


def controle_rijen(puzzel: Puzzel) -> Grid:
    """PUZZEL_CONTROLE: the core's findings as rows (cel, gemeente or row, ernst and text)."""
    rows: Grid = [
        [b.cel or "", b.gemeente or b.plaats or "", f"{b.ernst.capitalize()}: {b.tekst or b.melding}"]
        for b in controleer(puzzel)
    ]
    return rows or [["", "", "Geen bevindingen: de totalen en de invoer kloppen."]]


def lees_ruimte(ruimte: xw.Range | None) -> dict[str, object]:
    """The cells of a range on sheet Ruimte by their sheet address (one read); {} when none is given."""
    if ruimte is None:
        return {}
    grid = ruimte.options(ndim=2).value
    top, left = ruimte.row, ruimte.column
    return {
        f"{index_to_letter(left + c)}{top + r}": value
        for r, row in enumerate(grid) for c, value in enumerate(row) if value not in (None, "")
    }


def voorstel_tabel(puzzel: Puzzel, ruimte_cellen: dict[str, object]) -> Any:
    """PUZZEL_VOORSTEL: the core's proposal as a pandas DataFrame with headers (pandas is imported only here)."""
    import pandas as pd

    from xlpuzzel.voorstel import GEEN_RUIMTE, invoer_uit_puzzel, ruimte_uit_cellen, stel_voor
    from xlpuzzel.voorstel.tekst import TABEL_KOPPEN, tabel

    ruimte = ruimte_uit_cellen(ruimte_cellen, puzzel.gemeenten) if ruimte_cellen else GEEN_RUIMTE
    return pd.DataFrame(tabel(stel_voor(invoer_uit_puzzel(puzzel, ruimte))), columns=list(TABEL_KOPPEN))


def lees_tabel(tabel: xw.Range) -> Puzzel:
    """The puzzel in a range: its values (errors as text) and formulas, one read each."""
    values = tabel.options(ndim=2, err_to_str=True).value
    return tabel_puzzel(values, _formules(tabel), tabel.sheet.name, tabel.row, tabel.column)


def tabel_puzzel(
    grid: Grid, formulas: Grid | None, sheet: str, top: int, left: int
) -> Puzzel:
    """The puzzel in a block of cells that starts at the first gemeente in column A and runs to the national row.

    The layout's defined names are laid over the block (rows counted from `top`), so the
    check sees exactly what the ribbon's reader sees, with the same cell addresses.
    """
    if left != column_letter_index(column("gemeenten").letter):
        raise PuzzelError(f"tabel: begin in kolom {column('gemeenten').letter} (de gemeentenamen). {_TABEL}")
    labels = [str(row[0]).strip().casefold() if row and row[0] is not None else "" for row in grid]
    if TOTAAL_LABEL.casefold() not in labels:
        raise PuzzelError(f"tabel: de rij '{TOTAAL_LABEL}' ontbreekt. {_TABEL}")
    totaal = labels.index(TOTAAL_LABEL.casefold())
    # A selection that takes the title and header rows along starts under the header 'Gemeente'.
    kop = column("gemeenten").label.casefold()
    first = max((i + 1 for i, label in enumerate(labels[:totaal]) if label == kop), default=0)
    if first == totaal:
        raise PuzzelError(f"tabel: er staan geen gemeenten boven de rij '{TOTAAL_LABEL}'. {_TABEL}")
    layout = PuzzelLayout(totaal - first, first_row=top + first)
    prefix = quote_sheet(_PUZZEL_SHEET) + "!"
    values: dict[str, list[object]] = {}
    found: dict[str, list[str | None]] = {}
    refs: dict[str, str] = {}
    for name, ref in layout.defined_names().items():
        refs[name] = quote_sheet(sheet) + "!" + ref.removeprefix(prefix)
        cells = [split_cell(c) for c in parse_ref(ref).cells()]
        try:
            values[name] = [grid[r - top][c - left] for r, c in cells]
            if formulas is not None:
                found[name] = [_formula(formulas[r - top][c - left]) for r, c in cells]
        except IndexError:
            raise PuzzelError(f"tabel: te klein, de rij '{LANDELIJK_LABEL}' valt erbuiten. {_TABEL}") from None
    return assemble_puzzel(values, refs, found or None, sheet=sheet)




def percentage(aanbod: object, opgave: object) -> float | None:
    """One cell of PUZZEL_PERCENTAGE: the core's ratio of the meant amounts (None when unknown)."""
    value = ratio(make_entry(aanbod).amount, make_entry(opgave).amount)
    return None if value is None else float(value)


def verschil(aanbod: object, opgave: object) -> int | None:
    """One cell of PUZZEL_VERSCHIL: the core's difference of the meant amounts (None when unknown)."""
    value = difference(make_entry(aanbod).amount, make_entry(opgave).amount)
    return None if value is None else int(value)


def verdeel(totaal: Grid, gewichten: Grid) -> Grid:
    """PUZZEL_VERDEEL: the core's largest-remainder apportionment, shaped like `gewichten`."""
    total = _een_getal(totaal, "totaal", negatief=True)
    weights = []
    for position, raw in enumerate((v for row in gewichten for v in row), start=1):
        weight = make_entry(raw)
        if weight.value is None:
            raise PuzzelError(f"gewichten: waarde {position} ('{shown(weight)}') is geen getal.")
        weights.append(weight.value)
    parts = iter(apportion(total, weights))
    return [[next(parts) for _ in row] for row in gewichten]


def _formules(tabel: xw.Range) -> Grid | None:
    """The formulas of the block (constants come back as their text), or None where the engine has none."""
    try:
        raw = tabel.formula
    except NotImplementedError:
        return None
    if not isinstance(raw, (list, tuple)):
        return [[raw]]
    return [list(row) if isinstance(row, (list, tuple)) else [row] for row in raw]


def _formula(value: object) -> str | None:
    return value if isinstance(value, str) and value.startswith("=") else None


def per_cel(func: Callable[..., Any], **grids: Grid) -> Grid:
    """Apply `func` cell by cell; a one-cell argument is repeated over the others' shape."""
    shapes = {name: (len(g), len(g[0]) if g else 0) for name, g in grids.items()}
    wide = {name: shape for name, shape in shapes.items() if shape != (1, 1)}
    if len(set(wide.values())) > 1:
        sizes = ", ".join(f"{name} {rows}×{cols}" for name, (rows, cols) in wide.items())
        raise PuzzelError(f"De bereiken zijn niet even groot ({sizes}); geef even grote bereiken of één cel op.")
    rows, cols = next(iter(wide.values()), (1, 1))

    def pick(grid: Sequence[Sequence[Any]], r: int, c: int) -> Any:
        return grid[0][0] if (len(grid), len(grid[0])) == (1, 1) else grid[r][c]

    return [[func(*(pick(g, r, c) for g in grids.values())) for c in range(cols)] for r in range(rows)]


def kaart_kleur(realisatie: object, schema: object) -> str | None:
    """One cell of PUZZEL_KLEUR: the layout's colour of realisatie / schema (None without a positive schema)."""
    done, line = make_entry(realisatie).value, make_entry(schema).value
    if done is None or line is None or line <= 0:
        return None
    return kleur(done / line)


def taakstelling(landelijk: Grid, inwoners: Grid, inwoners_nederland: Grid) -> Grid:
    """PUZZEL_TAAKSTELLING: the core's art. 28 rounding up, shaped like `inwoners`."""
    national = _een_getal(landelijk, "landelijk")
    country = _een_getal(inwoners_nederland, "inwoners_nederland")
    if country <= 0:
        raise PuzzelError("inwoners_nederland: moet groter dan 0 zijn.")
    counts = []
    for position, raw in enumerate((v for row in inwoners for v in row), start=1):
        entry = make_entry(raw)
        if entry.kind is not Kind.NUMBER or entry.number is None or entry.number < 0:
            raise PuzzelError(f"inwoners: waarde {position} ('{shown(entry)}') is geen aantal inwoners.")
        counts.append(int(entry.number))
    parts = iter(art28_taakstelling(national, counts, country))
    return [[next(parts) for _ in row] for row in inwoners]


def _een_getal(grid: Grid, what: str, negatief: bool = False) -> int:
    """The whole number in a one-cell argument, or a Dutch message naming the argument."""
    if len(grid) != 1 or len(grid[0]) != 1:
        raise PuzzelError(f"{what}: geef één cel op, geen bereik.")
    entry = make_entry(grid[0][0])
    if entry.kind is not Kind.NUMBER or entry.number is None or (entry.number < 0 and not negatief):
        raise PuzzelError(f"{what}: '{shown(entry)}' is geen geheel getal.")
    return int(entry.number)
