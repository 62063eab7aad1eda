"""The layout of sheet `Puzzel`, declared once.

Builder, reader, controle, macros and UDFs all take sheet names, columns, rows and
defined names from here. Only the number of gemeenten varies (it comes from the data
file), so row numbers are computed by :func:`puzzel_layout`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction

PUZZEL_SHEET = "Puzzel"
INSTELLINGEN_SHEET = "Instellingen"
#: Key on sheet Instellingen naming the province (LRT spelling: its row on sheet Landelijk, its cards);
#: also the defined name of that setting's value cell.
PROVINCIE_SETTING = "provincie"
#: Key on sheet Instellingen holding the puzzel's name ('De Drentse Puzzel'): documents, ribbon tab, message boxes.
TITEL_SETTING = "puzzel_naam"
BASIS_SHEET = "Basis"
LOG_SHEET = "Wijzigingslog"
CONTROLE_SHEET = "Controle"
XLWINGS_CONF_SHEET = "xlwings.conf"

#: Name of the cell style that marks a number changed after the baseline.
BIJGESTELD_STYLE = "Tussentijds bijgesteld"
#: Fill colour of that style (and of the legend cell); RGB without '#'.
BIJGESTELD_COLOR = "F4B183"
#: Fill of input cells, so staff see where they may type.
INPUT_COLOR = "FFF2CC"
#: Fill of cells whose value an outside authority sets (CBS, ministry).
AUTHORITY_COLOR = "DDEBF7"
#: Number format of count cells as the table of 12-7-2024 prints them: thousands separator, zero as a
#: dash; cells that may be negative (bijstelling) use the same.
COUNT_FORMAT = '#,##0;-#,##0;"-"'
SIGNED_FORMAT = COUNT_FORMAT


class Category(Enum):
    """The three reception tasks spread over the gemeenten."""

    OEK = "oek"
    ASIEL = "asiel"
    AMV = "amv"

    @property
    def label(self) -> str:
        """Dutch label as staff write it."""
        return {"oek": "Oek", "asiel": "Asiel", "amv": "AMV"}[self.value]


CATEGORIES: tuple[Category, ...] = (Category.OEK, Category.ASIEL, Category.AMV)


class Block(Enum):
    """A group of columns in the table, left to right."""

    GEMEENTE = "gemeente"
    INWONERS = "inwoners"
    OPGAVE = "opgave"
    EERSTE = "eerste"
    BIJSTELLING = "bijstelling"
    INBRENG = "inbreng"

    @property
    def label(self) -> str:
        """Dutch name of the block, used in messages."""
        return BLOCK_LABELS[self]


BLOCK_LABELS = {
    Block.GEMEENTE: "Gemeente",
    Block.INWONERS: "Inwoners",
    Block.OPGAVE: "Opgave",
    Block.EERSTE: "Eerste voorstel",
    Block.BIJSTELLING: "Bijstelling",
    Block.INBRENG: "Inbreng",
}

#: Blocks whose values are offers; their totals are compared with the task (opgave).
OFFER_BLOCKS: tuple[Block, ...] = (Block.EERSTE, Block.INBRENG)


class Role(Enum):
    """What a column's gemeente cells hold."""

    LABEL = "label"  # gemeente name
    INPUT = "input"  # typed by staff
    ROWSUM = "rowsum"  # formula: sum of the block's three categories


class TotalKind(Enum):
    """What the Totaal row holds for a column."""

    SUM = "sum"  # formula: sum of the gemeenten
    AUTHORITY = "authority"  # typed: set by CBS or the ministry
    #: formula: sum of the block's category totals. The task total of "Oek + Asiel" is the
    #: provincial task (5.722 + 2.462 + 229), not the sum of the gemeenten's rows, so the
    #: national row compares the inbreng with the task the province actually has.
    PARTS = "parts"


@dataclass(frozen=True)
class Column:
    """One column of the table."""

    id: str
    letter: str
    block: Block
    category: Category | None
    header: str
    role: Role
    total: TotalKind | None
    #: Column id of the task this offer column is compared with (verschil and national row).
    task: str | None = None

    @property
    def label(self) -> str:
        """Dutch label for messages, e.g. 'Eerste voorstel Asiel'."""
        if self.block in (Block.GEMEENTE, Block.INWONERS):
            return self.block.label
        suffix = self.category.label if self.category else "Oek + Asiel"
        return f"{self.block.label} {suffix}"

    @property
    def may_be_negative(self) -> bool:
        """Only a bijstelling may be negative: it moves places between categories."""
        return self.block is Block.BIJSTELLING


def _columns() -> tuple[Column, ...]:
    cols: list[Column] = [
        Column("gemeenten", "A", Block.GEMEENTE, None, "Gemeente", Role.LABEL, None),
        Column("inwoners", "B", Block.INWONERS, None, "inwoners", Role.INPUT, TotalKind.AUTHORITY),
    ]
    letters = iter("CDEFGHIJKLMNOP")
    headers = {
        Block.OPGAVE: {"oek": "Oek", "asiel": "Asiel Alg", "amv": "AMV"},
        Block.EERSTE: {"oek": "Oek", "asiel": "Asiel", "amv": "AMV"},
        Block.BIJSTELLING: {"oek": "OEK", "asiel": "Asiel", "amv": "AMV"},
        Block.INBRENG: {"oek": "Inbreng OEK", "asiel": "Inbreng Asiel", "amv": "Inbreng AMV"},
    }
    for block in (Block.OPGAVE, Block.EERSTE, Block.BIJSTELLING, Block.INBRENG):
        for cat in CATEGORIES:
            total = TotalKind.AUTHORITY if block is Block.OPGAVE else TotalKind.SUM
            task = f"opgave_{cat.value}" if block in OFFER_BLOCKS else None
            cols.append(
                Column(
                    f"{block.value}_{cat.value}",
                    next(letters),
                    block,
                    cat,
                    headers[block][cat.value],
                    Role.INPUT,
                    total,
                    task,
                )
            )
        if block in (Block.OPGAVE, Block.EERSTE):
            task = "opgave_oek_asiel" if block is Block.EERSTE else None
            cols.append(
                Column(
                    f"{block.value}_oek_asiel",
                    next(letters),
                    block,
                    None,
                    "Oek + Asiel",
                    Role.ROWSUM,
                    TotalKind.PARTS if block is Block.OPGAVE else TotalKind.SUM,
                    task,
                )
            )
    return tuple(cols)


COLUMNS: tuple[Column, ...] = _columns()
COLUMN_BY_ID: dict[str, Column] = {c.id: c for c in COLUMNS}
INPUT_COLUMNS: tuple[Column, ...] = tuple(c for c in COLUMNS if c.role is Role.INPUT)

TOTAAL_LABEL = "Totaal"
VERSCHIL_LABEL = "verschil"
LANDELIJK_LABEL = "Totaal landelijke opgave"
#: National tasks typed under these task columns in the national row.
LANDELIJK_TASK_COLUMNS: tuple[str, ...] = ("opgave_oek", "opgave_asiel")


def column(column_id: str) -> Column:
    """The column with this id (also its defined name)."""
    return COLUMN_BY_ID[column_id]


def block_columns(block: Block) -> tuple[Column, ...]:
    """The three category columns of a block, in order Oek, Asiel, AMV."""
    return tuple(c for c in COLUMNS if c.block is block and c.category is not None)


def rowsum_parts(column_id: str) -> tuple[Column, ...]:
    """The columns a row-sum column adds up ("Oek + Asiel" includes AMV)."""
    return block_columns(COLUMN_BY_ID[column_id].block)


def total_name(column_id: str) -> str:
    """Defined name of a column's cell in the Totaal row."""
    return f"totaal_{column_id}"


def landelijk_name(column_id: str) -> str:
    """Defined name of a national task cell."""
    return f"landelijke_{column_id}"


def verschil_name(column_id: str) -> str:
    """Defined name of a column's cell in the 'verschil' row (offer as a percentage of the task)."""
    return f"verschil_{column_id}"


def saldo_name(column_id: str) -> str:
    """Defined name of an offer column's cell in the national row (offer minus task, in places)."""
    return f"saldo_{column_id}"


def provinciaal_name(column_id: str) -> str:
    """Defined name of a provincial task cell (the ministry's total)."""
    return f"provinciale_{column_id}"


class GemeenteRijen:
    """A sheet with a row per gemeente from `first_row` and its row 'Totaal' right under them (Puzzel, Voorstel)."""

    n_gemeenten: int
    first_row: int

    @property
    def last_row(self) -> int:
        """Row of the last gemeente."""
        return self.first_row + self.n_gemeenten - 1

    @property
    def totaal_row(self) -> int:
        """Row 'Totaal', under the last gemeente (on sheet Puzzel: column sums and the provincial tasks)."""
        return self.last_row + 1


@dataclass(frozen=True)
class PuzzelLayout(GemeenteRijen):
    """Rows of sheet Puzzel for a given number of gemeenten."""

    n_gemeenten: int
    title_row: int = 1
    subtitle_row: int = 2
    block_header_row: int = 3
    header_row: int = 4
    first_row: int = 5

    @property
    def verschil_row(self) -> int:
        """Row 'verschil': offer as a percentage of the task."""
        return self.totaal_row + 1

    @property
    def landelijk_row(self) -> int:
        """Row 'Totaal landelijke opgave': national tasks and offer minus task."""
        return self.totaal_row + 2

    @property
    def footnote_row(self) -> int:
        """First row of the footnotes ('onder voorbehoud')."""
        return self.landelijk_row + 2

    def gemeente_row(self, index: int) -> int:
        """Sheet row of the gemeente at 0-based position `index`."""
        return self.first_row + index

    def cell(self, column_id: str, row: int) -> str:
        """A1 address, e.g. 'H12'."""
        return f"{COLUMN_BY_ID[column_id].letter}{row}"

    def range_ref(self, column_id: str) -> str:
        """Absolute sheet reference of a column's gemeente cells, e.g. Puzzel!$N$5:$N$16."""
        letter = COLUMN_BY_ID[column_id].letter
        return f"{quote_sheet(PUZZEL_SHEET)}!${letter}${self.first_row}:${letter}${self.last_row}"

    def cell_ref(self, column_id: str, row: int) -> str:
        """Absolute sheet reference of one cell, e.g. Puzzel!$N$17."""
        letter = COLUMN_BY_ID[column_id].letter
        return f"{quote_sheet(PUZZEL_SHEET)}!${letter}${row}"

    def defined_names(self) -> dict[str, str]:
        """Every workbook-level defined name of sheet Puzzel and what it refers to."""
        names: dict[str, str] = {}
        for col in COLUMNS:
            if col.role is Role.ROWSUM:
                continue
            names[col.id] = self.range_ref(col.id)
            if col.total is not None:
                names[total_name(col.id)] = self.cell_ref(col.id, self.totaal_row)
        for col in COLUMNS:
            if col.role is Role.ROWSUM:
                names[col.id] = self.range_ref(col.id)
                names[total_name(col.id)] = self.cell_ref(col.id, self.totaal_row)
        for col in block_columns(Block.OPGAVE):
            names[provinciaal_name(col.id)] = self.cell_ref(col.id, self.totaal_row)
        for cid in LANDELIJK_TASK_COLUMNS:
            names[landelijk_name(cid)] = self.cell_ref(cid, self.landelijk_row)
        for col in COLUMNS:
            if col.task is not None:
                names[verschil_name(col.id)] = self.cell_ref(col.id, self.verschil_row)
                names[saldo_name(col.id)] = self.cell_ref(col.id, self.landelijk_row)
        names[verschil_name("opgave_oek_asiel")] = self.cell_ref("opgave_oek_asiel", self.verschil_row)
        return names


def quote_sheet(name: str) -> str:
    """Sheet name as it must appear in a formula."""
    if name.replace("_", "").isalnum():
        return name
    return "'" + name.replace("'", "''") + "'"


_A1 = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def parse_address(address: str) -> tuple[int, int] | None:
    """(row, column) of an A1 address such as 'H14' or '$H$14', both from 1; None when it is none."""
    match = _A1.match(address.strip())
    if match is None:
        return None
    return int(match.group(2)), column_letter_index(match.group(1))


def column_letter_index(letter: str) -> int:
    """1-based index of a column letter ('A' -> 1, 'AA' -> 27)."""
    n = 0
    for ch in letter:
        n = n * 26 + (ord(ch.upper()) - 64)
    return n


def index_to_letter(index: int) -> str:
    """Column letter of a 1-based index (1 -> 'A')."""
    out = ""
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


# ---------------------------------------------------------------- change tracking sheets
# Sheets Basis (hidden) and Wijzigingslog (visible); see xlpuzzel.bijstelling for their rules.


@dataclass(frozen=True)
class BasisLayout:
    """Hidden sheet Basis: the input numbers as last agreed, one row per gemeente.

    Rows `gezet_op_row` .. `omschrijving_row` hold a label in `label_col` and the value in
    `value_col`. Row `header_row` names the table's columns: 'gemeente', 'rij' (the gemeente's
    row on sheet Puzzel when the baseline was set), then one input column id per column.
    Columns `memory_cell_col`/`memory_style_col` remember, per flagged cell, the cell format
    it had before the file writer flagged it.
    """

    note_row: int = 1
    gezet_op_row: int = 2
    gezet_door_row: int = 3
    omschrijving_row: int = 4
    header_row: int = 6
    first_row: int = 7
    label_col: str = "A"
    value_col: str = "B"
    gemeente_col: str = "A"
    rij_col: str = "B"
    first_value_col: str = "C"
    memory_cell_col: str = "S"
    memory_style_col: str = "T"

    def value_letter(self, position: int) -> str:
        """Column letter of the `position`-th (0-based) input column in the table."""
        return index_to_letter(column_letter_index(self.first_value_col) + position)


@dataclass(frozen=True)
class LogLayout:
    """Visible sheet Wijzigingslog: one row per change, appended, never rewritten.

    Columns A..I hold `LOG_HEADERS`; `pseudonym_cols` hold the Woo mapping from user name to
    role or pseudonym (rows `first_row` .. `pseudonym_last_row`).
    """

    header_row: int = 1
    first_row: int = 2
    first_col: str = "A"
    pseudonym_cols: tuple[str, str] = ("K", "L")
    pseudonym_last_row: int = 51

    def letter(self, position: int) -> str:
        """Column letter of the `position`-th (0-based) log column."""
        return index_to_letter(column_letter_index(self.first_col) + position)


BASIS_LAYOUT = BasisLayout()
LOG_LAYOUT = LogLayout()
#: Column headers of sheet Wijzigingslog, left to right.
LOG_HEADERS: tuple[str, ...] = (
    "Datum-tijd",
    "Gebruiker",
    "Gemeente",
    "Kolom",
    "Cel",
    "Oude waarde",
    "Nieuwe waarde",
    "Bron",
    "Toelichting",
)
PSEUDONYM_HEADERS: tuple[str, str] = ("Gebruiker", "Rol of pseudoniem (Woo-export)")
#: Number format of column Datum-tijd of the log.
LOG_DATUM_TIJD_FORMAT = "dd-mm-yyyy hh:mm:ss"
#: Last row of a worksheet.
EXCEL_MAX_ROW = 1_048_576
BASIS_GEZET_OP_NAME = "basis_gezet_op"
BASIS_GEZET_DOOR_NAME = "basis_gezet_door"
LOG_NAME = "wijzigingslog"
PSEUDONYM_NAME = "woo_pseudoniemen"


def tracking_defined_names() -> dict[str, str]:
    """Defined names of sheets Basis and Wijzigingslog and what they refer to."""
    b, g = BASIS_LAYOUT, LOG_LAYOUT
    basis, log = quote_sheet(BASIS_SHEET), quote_sheet(LOG_SHEET)
    k, l_ = g.pseudonym_cols
    return {
        BASIS_GEZET_OP_NAME: f"{basis}!${b.value_col}${b.gezet_op_row}",
        BASIS_GEZET_DOOR_NAME: f"{basis}!${b.value_col}${b.gezet_door_row}",
        # Whole columns as a bounded rectangle, so every reader of references can parse it.
        LOG_NAME: f"{log}!${g.letter(0)}${g.header_row}:${g.letter(len(LOG_HEADERS) - 1)}${EXCEL_MAX_ROW}",
        PSEUDONYM_NAME: f"{log}!${k}${g.first_row}:${l_}${g.pseudonym_last_row}",
    }


# ---------------------------------------------------------------- the period of the puzzel
# One source for the years in column headings and documents: setting `periode` ("2025 en 2026").

_YEAR = re.compile(r"\b(\d{4})\b")


def periode_jaren(periode: str | None) -> tuple[str, ...]:
    """The years named in a period text: '2025 en 2026' -> ('2025', '2026')."""
    return tuple(_YEAR.findall(str(periode or "")))


def block_headers(periode: str | None = None) -> tuple[tuple[str, str, str], ...]:
    """The block headers over row `header_row` as (first column id, last column id, text).

    The tasks are those of the period's first year ("Opgaven 2025"); offers and inbreng are for
    the whole period ("2025+2026"). Without years the headers name no year.
    """
    jaren = periode_jaren(periode)
    jaar = f" {jaren[0]}" if jaren else ""
    plus = "+".join(jaren)
    return (
        ("opgave_oek", "opgave_amv", f"Opgaven{jaar}"),
        ("opgave_oek_asiel", "opgave_oek_asiel", "opgave"),
        ("eerste_oek", "eerste_oek_asiel", f"Eerste voorstel voor {plus} door gemeenten" if plus
         else "Eerste voorstel door gemeenten"),
        ("bijstelling_oek", "bijstelling_amv", "Voorstel voor bijstelling t.b.v. puzzel"),
        ("inbreng_oek", "inbreng_amv", f"Voorstel Inbreng Puzzel {plus}".rstrip()),
    )


# ---------------------------------------------------------------- sheet Adressen
# The postal addresses of the colleges van B&W, one row per gemeente, typed by staff (they are
# not in any source document); see xlpuzzel.adressen for how a row is read.

ADRESSEN_SHEET = "Adressen"
#: Column headers of sheet Adressen, left to right, with the field each holds.
ADRES_KOLOMMEN: tuple[tuple[str, str], ...] = (
    ("gemeente", "Gemeente (zoals op blad Puzzel)"),
    ("naam", "Naam zoals de gemeente die schrijft"),
    ("postadres", "Postadres (straat en huisnummer of postbus)"),
    ("postcode", "Postcode"),
    ("plaats", "Plaats"),
    ("email", "E-mail voor de digitale kopie"),
)


@dataclass(frozen=True)
class AdressenLayout:
    """Sheet Adressen: an explanation, a header row, then one row per gemeente from `first_row` down."""

    note_row: int = 1
    header_row: int = 2
    first_row: int = 3
    first_col: str = "A"

    def letter(self, field: str) -> str:
        """Column letter of a field ('postcode' -> 'D')."""
        position = [f for f, _ in ADRES_KOLOMMEN].index(field)
        return index_to_letter(column_letter_index(self.first_col) + position)


ADRESSEN_LAYOUT = AdressenLayout()


# ---------------------------------------------------------------- the LRT dashboard's colours
# Realisation against the task (or the indicatief schema): green from 100%, orange from 75%, red
# below. One declaration for the cards of sheet Landelijk and the 'verschil' row of sheet Puzzel.

#: Colour name -> (fill, font colour), RGB without '#'.
LRT_KLEUREN: dict[str, tuple[str, str]] = {
    "groen": ("C6EFCE", "006100"),
    "oranje": ("FFEB9C", "9C5700"),
    "rood": ("FFC7CE", "9C0006"),
}
#: Lowest share of each colour, highest first; below the last: 'rood'.
LRT_DREMPELS: tuple[tuple[str, Fraction], ...] = (("groen", Fraction(1)), ("oranje", Fraction(3, 4)))
LRT_ONDER = "rood"
#: The 'verschil' row's conditional formats: (lowest share, fill, font colour), checked from the top.
VERSCHIL_KLEUREN: tuple[tuple[float, str, str], ...] = (
    *((float(share), *LRT_KLEUREN[name]) for name, share in LRT_DREMPELS),
    (0.0, *LRT_KLEUREN[LRT_ONDER]),  # a negative share is red too
)


# ---------------------------------------------------------------- proposal sheets (voorstel)
# Sheet Ruimte (staff fill in per-gemeente bounds for the proposal) and sheet Voorstel (the
# proposal `puzzel voorstel --schrijf` and the ribbon write); see xlpuzzel.voorstel.

RUIMTE_SHEET = "Ruimte"
VOORSTEL_SHEET = "Voorstel"


@dataclass(frozen=True)
class RuimteColumn:
    """One column of sheet Ruimte: id, letter, header, and the category it bounds (None: not a bound)."""

    id: str
    letter: str
    header: str
    category: Category | None = None


def _ruimte_columns() -> tuple[RuimteColumn, ...]:
    cols = [RuimteColumn("gemeente", "A", "Gemeente")]
    letters = iter("BCDEFG")
    for kind, word in (("max", "Max"), ("min", "Min")):
        for cat in CATEGORIES:
            cols.append(RuimteColumn(f"{kind}_{cat.value}", next(letters), f"{word} {cat.label}", cat))
    cols += [RuimteColumn("vast", "H", "Vast"), RuimteColumn("toelichting", "I", "Toelichting")]
    return tuple(cols)


RUIMTE_COLUMNS: tuple[RuimteColumn, ...] = _ruimte_columns()
RUIMTE_COLUMN_BY_ID: dict[str, RuimteColumn] = {c.id: c for c in RUIMTE_COLUMNS}


@dataclass(frozen=True)
class RuimteLayout:
    """Sheet Ruimte: one row per gemeente (matched by name, so the order may differ from Puzzel).

    An empty bound cell means no bound; 'Vast' = 'ja' keeps the gemeente's eerste voorstel.
    """

    title_row: int = 1
    uitleg_row: int = 2
    header_row: int = 4
    first_row: int = 5

    def cell(self, column_id: str, row: int) -> str:
        """A1 address of a column's cell in a row, e.g. 'C7'."""
        return f"{RUIMTE_COLUMN_BY_ID[column_id].letter}{row}"


RUIMTE_LAYOUT = RuimteLayout()
RUIMTE_TITLE = "Ruimte per gemeente voor het voorstel"
RUIMTE_UITLEG = (
    "Leeg = geen grens. Max: ten hoogste zoveel plaatsen in deze categorie (0 = geen). Min: minstens "
    "zoveel (bijv. bestaande locaties). Vast: 'ja' = het eerste voorstel van de gemeente blijft zoals het is."
)
#: Texts in column Vast that mean yes / no (casefolded); anything else is refused with a message.
VAST_JA = frozenset({"ja", "j", "x", "vast", "waar", "true", "1"})
VAST_NEE = frozenset({"nee", "n", "onwaar", "false", "0", "-"})


@dataclass(frozen=True)
class VoorstelColumn:
    """One column of sheet Voorstel."""

    id: str
    letter: str
    header: str
    category: Category | None = None


def _voorstel_columns() -> tuple[VoorstelColumn, ...]:
    cols = [VoorstelColumn("gemeente", "A", "Gemeente")]
    letters = iter("BCDEFGHIJ")
    for block in ("eerste", "bijstelling", "inbreng"):
        for cat in CATEGORIES:
            cols.append(VoorstelColumn(f"{block}_{cat.value}", next(letters), cat.label, cat))
    cols += [
        VoorstelColumn("totaal", "K", "Totaal inbreng"),
        VoorstelColumn("opgave", "L", "Totaal opgave"),
        VoorstelColumn("toelichting", "M", "Toelichting"),
    ]
    return tuple(cols)


VOORSTEL_COLUMNS: tuple[VoorstelColumn, ...] = _voorstel_columns()
VOORSTEL_COLUMN_BY_ID: dict[str, VoorstelColumn] = {c.id: c for c in VOORSTEL_COLUMNS}
#: Block headers over the column headers of sheet Voorstel: (first column id, text).
VOORSTEL_BLOCKS: tuple[tuple[str, str], ...] = (
    ("eerste_oek", "Eerste voorstel"),
    ("bijstelling_oek", "Voorgestelde bijstelling"),
    ("inbreng_oek", "Inbreng na bijstelling"),
)
VOORSTEL_TITLE = "Voorstel voor bijstelling, berekend door xlpuzzel"


def voorstel_leeg(tabblad: str) -> str:
    """Sheet Voorstel before any proposal: where to click (`tabblad`, the ribbon tab named after the puzzel)."""
    return (
        f"Nog geen voorstel berekend: klik op 'Voorstel berekenen' (tabblad {tabblad}) of gebruik "
        "`puzzel voorstel --schrijf`."
    )


@dataclass(frozen=True)
class VoorstelLayout(GemeenteRijen):
    """Rows of sheet Voorstel for a given number of gemeenten."""

    n_gemeenten: int
    title_row: int = 1
    samenvatting_row: int = 2
    block_header_row: int = 4
    header_row: int = 5
    first_row: int = 6

    @property
    def opgave_row(self) -> int:
        """Row 'Provinciale opgave'."""
        return self.last_row + 2

    @property
    def tekort_row(self) -> int:
        """Row 'Tekort' (provincial task minus inbreng, 0 when met)."""
        return self.last_row + 3

    @property
    def vergelijking_row(self) -> int:
        """First row of the comparison with the workbook's own bijstelling."""
        return self.last_row + 5

    @property
    def uitleg_row(self) -> int:
        """First row of the explanation lines."""
        return self.vergelijking_row + 8

    def cell(self, column_id: str, row: int) -> str:
        """A1 address of a column's cell in a row."""
        return f"{VOORSTEL_COLUMN_BY_ID[column_id].letter}{row}"
