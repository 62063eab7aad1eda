"""What a new round carries from the previous workbook into the new one (the file shell, openpyxl).

The previous workbook is only read: its parts once, the project's reader for values (a
formula's cached result) and openpyxl for how cells look. The new workbook is built by the
builder; :meth:`Overname.vul_aan` then, before it is saved:

- writes the previous table as sheet 'Ronde <date>' — values only (a formula's cached result,
  else what the core computes for it), same cells, formats, merges, widths and notes,
  protected against typing — and copies the sheets of earlier rounds the same way;
- puts every row of the previous Wijzigingslog back (values as they were) and the Woo
  mapping beside it, then the new round's rows;
- carries what staff typed on sheets Landelijk, Prognose, Ruimte, Adressen and xlwings.conf (every cell
  that is no formula), when the new sheet has its formulas in the same cells as the old one
  (the same layout); else that sheet keeps the built values and the user is told;
- copies sheets the tool does not make (staff's own) as values.
Sheets Puzzel, Instellingen (its values go through the dataset), Basis, Controle and Voorstel
are the new round's own.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from copy import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xlpuzzel.bijstelling import LogRegel, logregel_cellen
from xlpuzzel.build.stijl import tekst_blijft_tekst
from xlpuzzel.errors import PuzzelError
from xlpuzzel.formulas import shown_values
from xlpuzzel.landelijk.layout import LANDELIJK_SHEET, PROGNOSE_SHEET
from xlpuzzel.layout import (
    ADRESSEN_SHEET,
    BASIS_SHEET,
    BIJGESTELD_COLOR,
    BIJGESTELD_STYLE,
    CONTROLE_SHEET,
    INSTELLINGEN_SHEET,
    LOG_DATUM_TIJD_FORMAT,
    LOG_HEADERS,
    LOG_LAYOUT,
    LOG_SHEET,
    PUZZEL_SHEET,
    RUIMTE_SHEET,
    VOORSTEL_SHEET,
    XLWINGS_CONF_SHEET,
    PuzzelLayout,
)
from xlpuzzel.nieuw.ronde import RONDE_PREFIX
from xlpuzzel.reader import PuzzelWorkbook, RawCell
from xlpuzzel.reader.cells import sheet_cells, split_address
from xlpuzzel.reader.ooxml import Book

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from xlpuzzel.workbookfile import WorkbookFile

#: Sheets whose typed cells a new round carries over when their layout is unchanged (same gemeenten, same rows).
INVOERBLADEN: tuple[str, ...] = (LANDELIJK_SHEET, PROGNOSE_SHEET, RUIMTE_SHEET, ADRESSEN_SHEET, XLWINGS_CONF_SHEET)
#: Sheets the new round makes itself (nothing of the old one is copied onto them).
EIGEN_BLADEN = frozenset({PUZZEL_SHEET, INSTELLINGEN_SHEET, BASIS_SHEET, LOG_SHEET, CONTROLE_SHEET, VOORSTEL_SHEET})


@dataclass
class Overname:
    """The previous workbook, read once through the package layer, and what carrying it over said.

    `data` are the file's bytes as read (openpyxl parses them for formats only), `book` the
    package as the project's reader parses it, `werkmap` its puzzel and settings.
    """

    naam: str
    data: bytes
    book: Book
    werkmap: PuzzelWorkbook
    meldingen: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._cellen: dict[str, dict[str, RawCell]] = {}
        self._opx: Workbook | None = None

    @classmethod
    def van(cls, bestand: WorkbookFile) -> Overname:
        """From a workbook opened for reading with :func:`xlpuzzel.workbookfile.open_workbook`."""
        return cls(bestand.naam, bestand.snap.data, bestand.book, bestand.werkmap)

    # ------------------------------------------------------------------ reading the old workbook
    def cellen(self, blad: str) -> dict[str, RawCell]:
        """A sheet's stored cells (cached values), read once."""
        if blad not in self._cellen:
            self._cellen[blad] = sheet_cells(self.book, blad, dates=True)
        return self._cellen[blad]

    @property
    def opmaak(self) -> Workbook:
        """The old workbook in openpyxl, for formats, merges, widths and notes (never saved)."""
        if self._opx is None:
            import warnings

            from openpyxl import load_workbook

            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # extensions openpyxl does not know: only formats are read
                    self._opx = load_workbook(io.BytesIO(self.data), keep_links=False)
            except Exception as exc:  # any failure of a foreign parser is one Dutch message
                raise PuzzelError(
                    f"{self.naam}: de opmaak van de werkmap kan niet gelezen worden ({type(exc).__name__}). Open en "
                    "bewaar hem in Excel en probeer het opnieuw. Er is niets geschreven."
                ) from exc
        return self._opx

    def teksten(self) -> dict[str, object]:
        """Title, subtitle, population year, footnotes and legend of the old sheet Puzzel (where the layout has them)."""
        puzzel = self.werkmap.puzzel
        layout = _layout_van(self.werkmap.names, len(puzzel.gemeenten))
        cells = self.cellen(PUZZEL_SHEET)

        def text(address: str) -> str:
            cell = cells.get(address)
            return "" if cell is None or cell.value is None else str(cell.value).strip()

        ws = self.opmaak[PUZZEL_SHEET]
        voetnoten: list[str] = []
        legenda: str | None = None
        for row in range(layout.footnote_row, layout.footnote_row + 30):
            if _is_legenda(ws.cell(row, 1)):
                legenda = text(f"A{row}") or None
                break
            if text(f"A{row}"):
                voetnoten.append(text(f"A{row}"))
        jaar = cells.get(layout.cell("inwoners", layout.block_header_row))
        return {
            "titel": text(f"A{layout.title_row}"),
            "ondertitel": text(f"A{layout.subtitle_row}"),
            "inwoners_jaar": None if jaar is None else jaar.value,
            "voetnoten": tuple(voetnoten),
            "legenda": legenda,
        }

    # ------------------------------------------------------------------ writing into the new workbook
    def vul_aan(self, wb: Workbook, ronde_blad: str, logregels: tuple[LogRegel, ...]) -> None:
        """Everything carried over, into the built workbook `wb` (see the module's docstring)."""
        self._log(wb, logregels)
        for blad in INVOERBLADEN:
            if blad in wb.sheetnames and blad in self.werkmap.sheets:
                self._invoer(wb[blad], blad)
        for blad in self.werkmap.sheets:
            if blad.startswith(RONDE_PREFIX):
                kopie_waarden(self, wb, blad, blad, beschermd=True)
        kopie_waarden(self, wb, PUZZEL_SHEET, ronde_blad, beschermd=True, berekend=shown_values(self.werkmap.puzzel))
        eigen = [b for b in self.werkmap.sheets if b not in EIGEN_BLADEN and b not in INVOERBLADEN]
        for blad in eigen:
            if not blad.startswith(RONDE_PREFIX) and blad not in wb.sheetnames:
                kopie_waarden(self, wb, blad, blad)
                self.meldingen.append(f"Blad '{blad}' is meegenomen als waarden (formules zijn hun laatste uitkomst).")

    def _invoer(self, ws: Worksheet, blad: str) -> None:
        """Typed cells of an input sheet onto the built one, when both have their formulas in the same cells."""
        oud = self.cellen(blad)
        nieuw_formules = {
            c.coordinate for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")
        }
        oud_formules = {a for a, c in oud.items() if c.formula is not None}
        if nieuw_formules != oud_formules:
            self.meldingen.append(
                f"Blad '{blad}' heeft in deze versie een andere indeling dan in {self.naam}: wat daar getypt was, is "
                "niet overgenomen. Neem het zo nodig over uit de vorige werkmap."
            )
            return
        for row in ws.iter_rows():
            for cell in row:
                if cell.coordinate in nieuw_formules or type(cell).__name__ == "MergedCell":
                    continue
                old = oud.get(cell.coordinate)
                zet(cell, None if old is None else old.value)
        for address, old in oud.items():
            if address not in nieuw_formules and old.formula is None and old.value not in (None, ""):
                target = ws[address]
                if type(target).__name__ != "MergedCell":
                    zet(target, old.value)

    def _log(self, wb: Workbook, logregels: tuple[LogRegel, ...]) -> None:
        """The old log's rows as they were, the Woo mapping, then the new round's rows."""
        ws = wb[LOG_SHEET]
        g = LOG_LAYOUT
        letters = [g.letter(j) for j in range(len(LOG_HEADERS))]
        for row in range(g.first_row, ws.max_row + 1):
            for letter in (*letters, *g.pseudonym_cols):
                ws[f"{letter}{row}"].value = None
        row = g.first_row
        if LOG_SHEET in self.werkmap.sheets:
            oud = self.cellen(LOG_SHEET)
            rijen = sorted({split_address(a)[0] for a in oud if a.rstrip("0123456789") in letters} - {g.header_row})
            for r in rijen:
                if r < g.first_row:
                    continue
                for letter in letters:
                    cell = oud.get(f"{letter}{r}")
                    zet(ws[f"{letter}{row}"], None if cell is None else cell.value)
                row += 1
            for (address, cell) in oud.items():
                if address.rstrip("0123456789") in g.pseudonym_cols and split_address(address)[0] >= g.first_row:
                    zet(ws[address], cell.value)
        for regel in logregels:
            for address, value in logregel_cellen(regel, row).items():
                ws[address].value = value
            row += 1
        for r in range(g.first_row, row):
            ws[f"{letters[0]}{r}"].number_format = LOG_DATUM_TIJD_FORMAT


def kopie_waarden(
    bron: Overname,
    wb: Workbook,
    blad: str,
    naam: str,
    *,
    beschermd: bool = False,
    berekend: Mapping[str, object] | None = None,
) -> Worksheet:
    """Copy a sheet of the old workbook into `wb` as values: same cells, formats, merges, widths, notes.

    A formula cell gets its cached result, else `berekend[address]` (what the core computes),
    else stays empty. `beschermd` protects the sheet (read-only without a password).
    """
    from openpyxl.comments import Comment

    oud_ws = bron.opmaak[blad]
    cellen = bron.cellen(blad)
    ws = wb.create_sheet(naam)
    berekend = berekend or {}
    stijlen: dict[tuple[int, ...], object] = {}
    for row in oud_ws.iter_rows():
        for oud in row:
            if type(oud).__name__ == "MergedCell":
                continue
            raw = cellen.get(oud.coordinate)
            waarde: object
            if raw is None:
                waarde = None
            elif raw.formula is not None and raw.value in (None, ""):
                waarde = berekend.get(oud.coordinate)
            else:
                waarde = raw.value
            cel = ws.cell(oud.row, oud.column)
            zet(cel, waarde)
            if oud.has_style:
                # One format set per distinct old format: openpyxl hashes every style it is given.
                key = tuple(oud._style)
                known = stijlen.get(key)
                if known is None:
                    cel.font = copy(oud.font)
                    cel.fill = copy(oud.fill)
                    cel.border = copy(oud.border)
                    cel.alignment = copy(oud.alignment)
                    cel.number_format = oud.number_format
                    cel.protection = copy(oud.protection)
                    stijlen[key] = copy(cel._style)
                else:
                    cel._style = copy(known)
            if oud.comment is not None:
                note = Comment(oud.comment.text, oud.comment.author or "xlpuzzel")
                note.width, note.height = oud.comment.width, oud.comment.height
                cel.comment = note
    for bereik in oud_ws.merged_cells.ranges:
        ws.merge_cells(str(bereik))
    _voorwaardelijke_opmaak(bron.opmaak, oud_ws, ws)
    for letter, dim in oud_ws.column_dimensions.items():
        if dim.width:
            ws.column_dimensions[letter].width = dim.width
        ws.column_dimensions[letter].hidden = dim.hidden
    for nr, dim in oud_ws.row_dimensions.items():
        if dim.height:
            ws.row_dimensions[nr].height = dim.height
        ws.row_dimensions[nr].hidden = dim.hidden
    ws.freeze_panes = oud_ws.freeze_panes
    ws.sheet_view.zoomScale = oud_ws.sheet_view.zoomScale
    ws.page_setup.orientation = oud_ws.page_setup.orientation
    ws.page_setup.paperSize = oud_ws.page_setup.paperSize
    ws.page_setup.fitToWidth = oud_ws.page_setup.fitToWidth
    ws.page_setup.fitToHeight = oud_ws.page_setup.fitToHeight
    ws.sheet_properties.pageSetUpPr.fitToPage = oud_ws.sheet_properties.pageSetUpPr.fitToPage
    if oud_ws.print_title_rows:
        ws.print_title_rows = oud_ws.print_title_rows
    if oud_ws.print_area:
        ws.print_area = oud_ws.print_area
    ws.sheet_state = oud_ws.sheet_state
    if beschermd:
        ws.protection.sheet = True
    return ws


def _voorwaardelijke_opmaak(oud_wb: Workbook, oud_ws: Worksheet, ws: Worksheet) -> None:
    """The old sheet's conditional formats (the verschil row's dashboard colours), each with its own format."""
    from copy import deepcopy

    formats = getattr(oud_wb, "_differential_styles", None)
    for bereik in oud_ws.conditional_formatting:
        for rule in bereik.rules:
            nieuw = deepcopy(rule)
            if nieuw.dxf is None and formats is not None and rule.dxfId is not None:
                try:
                    nieuw.dxf = deepcopy(formats[rule.dxfId])
                except IndexError:
                    continue  # a format the file does not hold: leave the rule out rather than guess
            nieuw.dxfId = None
            ws.conditional_formatting.add(str(bereik.sqref), nieuw)


def _is_legenda(cell: object) -> bool:
    """The legend cell 'tussentijds bijgesteld': its named style, or (a file saved by another program) its fill."""
    try:
        if cell.style == BIJGESTELD_STYLE:  # type: ignore[attr-defined]
            return True
    except IndexError:  # LibreOffice writes cell formats whose named-style index openpyxl cannot resolve
        pass
    colour = getattr(getattr(getattr(cell, "fill", None), "fgColor", None), "rgb", None)
    return isinstance(colour, str) and colour.upper().endswith(BIJGESTELD_COLOR)


def _layout_van(names: Mapping[str, str], n: int) -> PuzzelLayout:
    """The table's rows as the defined names place them (rows inserted above the table move them)."""
    from xlpuzzel.sheetdata import RefError, parse_ref

    try:
        first = parse_ref(names["gemeenten"], PUZZEL_SHEET).first_row
    except (KeyError, RefError):
        return PuzzelLayout(n)
    base = PuzzelLayout(n)
    shift = first - base.first_row
    return PuzzelLayout(
        n,
        title_row=max(1, base.title_row + shift),
        subtitle_row=max(1, base.subtitle_row + shift),
        block_header_row=max(1, base.block_header_row + shift),
        header_row=max(1, base.header_row + shift),
        first_row=first,
    )


def _cel_waarde(value: object) -> object:
    """A stored value as the new cell holds it: a date as a date-time (openpyxl writes both the same way)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


def zet(cell: object, value: object) -> None:
    """Give a cell a stored value; text starting with '=' stays text (openpyxl would make it a formula)."""
    cell.value = _cel_waarde(value)  # type: ignore[attr-defined]
    tekst_blijft_tekst(cell)
