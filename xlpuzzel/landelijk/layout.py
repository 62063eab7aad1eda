"""The layout of sheets `Landelijk` (LRT dashboard) and `Prognose` (statushouders), declared once.

Builder, reader, checks, ribbon and UDFs take sheet names, columns, rows, defined names and
the card colours from here, as :mod:`xlpuzzel.layout` does for sheet Puzzel. Only the
number of provinces (from the LRT data file) and of gemeenten (from the puzzel data file)
vary, so rows are computed by :class:`LandelijkLayout` and :class:`PrognoseLayout`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction

from xlpuzzel.layout import (
    INSTELLINGEN_SHEET,
    LRT_DREMPELS,
    LRT_KLEUREN,
    LRT_ONDER,
    column_letter_index,
    index_to_letter,
    quote_sheet,
)

LANDELIJK_SHEET = "Landelijk"
PROGNOSE_SHEET = "Prognose"

#: Label of the Total row of the LRT table, as printed.
TOTAL_LABEL = "Total"
#: Header of the province column, as printed.
PROVINCIE_KOP = "Provincie"
#: Column of the province names.
PROVINCIE_LETTER = "A"
#: Defined name of the province names of the LRT table.
PROVINCIES_NAME = "provincies"


class Rol(Enum):
    """What a column of the LRT table holds."""

    OPGAVE = "opgave"
    REALISATIE = "realisatie"
    DELTA = "delta"


@dataclass(frozen=True)
class LrtCategorie:
    """One category of the LRT dashboard: a card on page 1, a group of columns on page 2."""

    id: str
    #: Title of the card on the dashboard ('Opvang Oekraïne').
    naam: str
    #: The word the table's headers start with ('OEK').
    kort: str


LRT_CATEGORIEEN: tuple[LrtCategorie, ...] = (
    LrtCategorie("oek", "Opvang Oekraïne", "OEK"),
    LrtCategorie("asiel", "Opvang Asiel", "Asiel"),
    LrtCategorie("huisvesting", "Huisvesting vergunninghouders", "Huisvesting"),
    LrtCategorie("amv", "Opvang AMV", "AMV"),
    LrtCategorie("nidos", "Nidos AMV", "Nidos AMV"),
)
CATEGORIE_BY_ID: dict[str, LrtCategorie] = {c.id: c for c in LRT_CATEGORIEEN}


@dataclass(frozen=True)
class LrtKolom:
    """One number column of the LRT table (page 2 of the dashboard)."""

    #: Also the defined name of the column's province cells ('lrt_oek_opgave').
    id: str
    letter: str
    categorie: str
    rol: Rol
    #: The header exactly as the dashboard prints it ('Asiel NO realisatie').
    kop: str

    @property
    def totaal_name(self) -> str:
        """Defined name of the column's cell in the Total row."""
        return f"totaal_{self.id}"


def _kolommen() -> tuple[LrtKolom, ...]:
    spec = (
        ("oek", (("opgave", Rol.OPGAVE, "OEK opgave"), ("realisatie", Rol.REALISATIE, "OEK realisatie"),
                 ("delta", Rol.DELTA, "OEK delta"))),
        ("asiel", (("opgave", Rol.OPGAVE, "Asiel opgave"),
                   ("regulier", Rol.REALISATIE, "Asiel regulier realisatie"),
                   ("no", Rol.REALISATIE, "Asiel NO realisatie"),
                   ("tgo", Rol.REALISATIE, "Asiel TGO realisatie"),
                   ("delta", Rol.DELTA, "Asiel delta"))),
        ("huisvesting", (("opgave", Rol.OPGAVE, "Huisvesting opgave"),
                         ("realisatie", Rol.REALISATIE, "Huisvesting realisatie"),
                         ("delta", Rol.DELTA, "Huisvesting delta"))),
        ("amv", (("opgave", Rol.OPGAVE, "AMV opgave"), ("realisatie", Rol.REALISATIE, "AMV realisatie"),
                 ("delta", Rol.DELTA, "AMV delta"))),
        ("nidos", (("opgave", Rol.OPGAVE, "Nidos AMV opgave"), ("realisatie", Rol.REALISATIE, "Nidos AMV realisatie"),
                   ("delta", Rol.DELTA, "Nidos AMV delta"))),
    )
    out = []
    index = column_letter_index(PROVINCIE_LETTER) + 1
    for categorie, kolommen in spec:
        for suffix, rol, kop in kolommen:
            out.append(LrtKolom(f"lrt_{categorie}_{suffix}", index_to_letter(index), categorie, rol, kop))
            index += 1
    return tuple(out)


LRT_KOLOMMEN: tuple[LrtKolom, ...] = _kolommen()
LRT_KOLOM_BY_ID: dict[str, LrtKolom] = {k.id: k for k in LRT_KOLOMMEN}


@functools.cache
def categorie_kolommen(categorie: str, rol: Rol | None = None) -> tuple[LrtKolom, ...]:
    """The columns of a category, left to right (only those of `rol` when given)."""
    return tuple(k for k in LRT_KOLOMMEN if k.categorie == categorie and (rol is None or k.rol is rol))


def opgave_kolom(categorie: str) -> LrtKolom:
    """The task column of a category."""
    return categorie_kolommen(categorie, Rol.OPGAVE)[0]


def delta_kolom(categorie: str) -> LrtKolom:
    """The delta column of a category: opgave minus the realisation columns."""
    return categorie_kolommen(categorie, Rol.DELTA)[0]


# ------------------------------------------------------------------------------ the cards


class Niveau(Enum):
    """Whose card: the country's, or this province's."""

    LANDELIJK = "landelijk"
    PROVINCIE = "provincie"


@dataclass(frozen=True)
class KaartVeld:
    """One column of the card table."""

    id: str
    letter: str
    kop: str

    @property
    def name(self) -> str:
        """Defined name of the column's cells over every card ('kaart_indicatief')."""
        return f"kaart_{self.id}"


KAART_VELDEN: tuple[KaartVeld, ...] = tuple(
    KaartVeld(veld, index_to_letter(i), kop)
    for i, (veld, kop) in enumerate(
        (
            ("niveau", "Niveau"),
            ("categorie", "Categorie"),
            ("start", "Startpunt opgave"),
            ("startdatum", "Startdatum"),
            ("eind", "Eindpunt opgave"),
            ("einddatum", "Einddatum"),
            ("peildatum", "Peildatum"),
            ("indicatief", "Indicatief schema opgave"),
            ("realisatie", "Huidige realisatie"),
            ("achterstand", "Achterstand/ voorsprong*"),
            ("percentage", "Realisatie in % van schema"),
            ("kleur", "Kleur"),
            ("eerdere_realisatie", "Eerdere realisatie"),
            ("eerdere_datum", "Datum eerdere realisatie"),
            ("bron", "Bron"),
        ),
        start=1,
    )
)
KAART_VELD: dict[str, KaartVeld] = {v.id: v for v in KAART_VELDEN}
#: Card fields with a defined name (the label columns and the source have none).
KAART_NAAM_VELDEN: tuple[str, ...] = (
    "start", "startdatum", "eind", "einddatum", "peildatum", "indicatief", "realisatie",
    "achterstand", "percentage", "kleur", "eerdere_realisatie", "eerdere_datum",
)
#: Typed card fields that come from the LRT dashboard on a national card (blue, set by the Rijk); every other
#: typed card field is staff input (yellow).
KAART_GEZAG_VELDEN: tuple[str, ...] = ("start", "startdatum", "einddatum")
#: The cards top to bottom: the five national ones, then the province's.
KAARTEN: tuple[tuple[Niveau, str], ...] = tuple(
    (niveau, c.id) for niveau in (Niveau.LANDELIJK, Niveau.PROVINCIE) for c in LRT_CATEGORIEEN
)
#: Label of the national level in the card table.
NEDERLAND_LABEL = "Nederland"

#: Card colour by realisation as a share of the schema, highest threshold first (dashboard legend).
KLEUR_DREMPELS: tuple[tuple[str, Fraction], ...] = LRT_DREMPELS
#: Below the last threshold.
KLEUR_ONDER = LRT_ONDER
#: Conditional format of a card per colour: (fill, font colour), RGB without '#'.
KLEUR_OPMAAK: dict[str, tuple[str, str]] = LRT_KLEUREN
#: The dashboard's legend, one line per colour.
KLEUR_LEGENDA: tuple[str, ...] = (
    "groen: realisatie ≥ 100% van indicatief schema",
    "oranje: realisatie ≥ 75% van indicatief schema",
    "rood: realisatie < 75% van indicatief schema",
)
#: Fill of the highlighted province row of the LRT table.
PROVINCIE_ACCENT = "FCE4D6"


def kleur(aandeel: Fraction) -> str:
    """The card colour of a realisation that is `aandeel` of the schema (0,826 -> 'oranje')."""
    for naam, drempel in KLEUR_DREMPELS:
        if aandeel >= drempel:
            return naam
    return KLEUR_ONDER


@dataclass(frozen=True)
class LandelijkLayout:
    """Rows of sheet Landelijk for a given number of provinces."""

    n_provincies: int
    title_row: int = 1
    bron_row: int = 2
    peildatum_row: int = 3
    provincie_row: int = 4
    kaart_titel_row: int = 6
    kaart_header_row: int = 7
    first_kaart_row: int = 8
    label_col: str = "A"
    value_col: str = "B"
    #: Rows one chart takes; charts stand in two rows (national, province) of five.
    grafiek_rows: int = 15
    #: Columns one chart takes, from column `grafiek_first_col` (the columns of the LRT table, equally wide).
    grafiek_cols: int = 3
    grafiek_first_col: int = 3

    @property
    def last_kaart_row(self) -> int:
        """Row of the last card."""
        return self.first_kaart_row + len(KAARTEN) - 1

    @property
    def voetnoot_row(self) -> int:
        """'*Op basis van indicatief schema opgave' and the colour legend below it."""
        return self.last_kaart_row + 1

    @property
    def tabel_titel_row(self) -> int:
        """Heading of the LRT table."""
        return self.voetnoot_row + len(KLEUR_LEGENDA) + 2

    @property
    def groep_row(self) -> int:
        """Category names over their columns."""
        return self.tabel_titel_row + 1

    @property
    def bron_groep_row(self) -> int:
        """Source and peildatum of each category's realisation."""
        return self.groep_row + 1

    @property
    def header_row(self) -> int:
        """The table's column headers, as printed."""
        return self.bron_groep_row + 1

    @property
    def first_row(self) -> int:
        """Row of the first province."""
        return self.header_row + 1

    @property
    def last_row(self) -> int:
        """Row of the last province."""
        return self.first_row + self.n_provincies - 1

    @property
    def totaal_row(self) -> int:
        """Row 'Total'."""
        return self.last_row + 1

    @property
    def grafiek_titel_row(self) -> int:
        """Heading over the charts."""
        return self.totaal_row + 2

    @property
    def first_grafiek_row(self) -> int:
        """Top row of the first row of charts."""
        return self.grafiek_titel_row + 1

    def grafiek_anchor(self, kaart: int) -> str:
        """Top-left cell of the chart of the card at 0-based position `kaart`."""
        row, col = divmod(kaart, len(LRT_CATEGORIEEN))
        letter = index_to_letter(self.grafiek_first_col + col * self.grafiek_cols)
        return f"{letter}{self.first_grafiek_row + row * self.grafiek_rows}"

    @property
    def grafiekdata_titel_row(self) -> int:
        """Heading of the chart data block under the charts."""
        return self.first_grafiek_row + 2 * self.grafiek_rows + 1

    @property
    def grafiekdata_header_row(self) -> int:
        """Column headers of the chart data block."""
        return self.grafiekdata_titel_row + 1

    def grafiekdata_rows(self, kaart: int) -> range:
        """The four rows of chart data of a card: start, earlier realisation, peildatum, end."""
        first = self.grafiekdata_header_row + 1 + kaart * GRAFIEK_PUNTEN
        return range(first, first + GRAFIEK_PUNTEN)

    @property
    def last_used_row(self) -> int:
        """Last row of the sheet's content."""
        return self.grafiekdata_rows(len(KAARTEN) - 1)[-1]

    def kaart_row(self, kaart: int) -> int:
        """Sheet row of the card at 0-based position `kaart` in :data:`KAARTEN`."""
        return self.first_kaart_row + kaart

    def provincie_row_of(self, index: int) -> int:
        """Sheet row of the province at 0-based position `index`."""
        return self.first_row + index

    def cell(self, kolom_id: str, row: int) -> str:
        """A1 address of an LRT column in a row."""
        return f"{LRT_KOLOM_BY_ID[kolom_id].letter}{row}"

    def kaart_cell(self, veld: str, kaart: int) -> str:
        """A1 address of a card field."""
        return f"{KAART_VELD[veld].letter}{self.kaart_row(kaart)}"

    def defined_names(self) -> dict[str, str]:
        """Every workbook-level defined name of sheet Landelijk and what it refers to."""
        sheet = quote_sheet(LANDELIJK_SHEET)
        names = {
            LRT_PEILDATUM_NAME: f"{sheet}!${self.value_col}${self.peildatum_row}",
            PROVINCIES_NAME: f"{sheet}!${PROVINCIE_LETTER}${self.first_row}:${PROVINCIE_LETTER}${self.last_row}",
        }
        for k in LRT_KOLOMMEN:
            names[k.id] = f"{sheet}!${k.letter}${self.first_row}:${k.letter}${self.last_row}"
        for k in LRT_KOLOMMEN:
            names[k.totaal_name] = f"{sheet}!${k.letter}${self.totaal_row}"
        for veld in KAART_NAAM_VELDEN:
            letter = KAART_VELD[veld].letter
            names[KAART_VELD[veld].name] = (
                f"{sheet}!${letter}${self.first_kaart_row}:${letter}${self.last_kaart_row}"
            )
        return names


#: Defined name of the dashboard's peildatum.
LRT_PEILDATUM_NAME = "lrt_peildatum"
#: Points per card in the chart data: start, earlier realisation, peildatum, end.
GRAFIEK_PUNTEN = 4
#: Column headers of the chart data block.
GRAFIEKDATA_KOPPEN: tuple[str, ...] = ("Kaart", "Datum", "Indicatief schema", "Realisatie")


def provincie_ref(row: int, col: str = "B") -> str:
    """Absolute reference of the `provincie` setting's value cell on sheet Instellingen."""
    return f"{quote_sheet(INSTELLINGEN_SHEET)}!${col}${row}"


def required_landelijk_names(n_provincies: int = 1) -> tuple[str, ...]:
    """Every defined name sheet Landelijk must have (the set does not depend on the row count)."""
    return tuple(LandelijkLayout(n_provincies).defined_names())


# ------------------------------------------------------------------------------ Prognose


@dataclass(frozen=True)
class PrognoseKolom:
    """One column of the prognosis table."""

    id: str
    letter: str
    kop: str
    #: True for cells staff type (taakstelling, assumed housed); False for formulas.
    invoer: bool


PROGNOSE_KOLOMMEN: tuple[PrognoseKolom, ...] = tuple(
    PrognoseKolom(cid, index_to_letter(i), kop, invoer)
    for i, (cid, kop, invoer) in enumerate(
        (
            ("prognose_jaar", "Jaar", False),
            ("prognose_achterstand_begin", "Achterstand op 1 januari", False),
            ("prognose_taakstelling", "Taakstelling in het jaar", True),
            ("prognose_gehuisvest", "Aanname gehuisvest (midden)", True),
            ("prognose_achterstand_eind", "Achterstand op 31 december", False),
            ("prognose_te_huisvesten", "Te huisvesten in het jaar (achterstand 1-1 + taakstelling)", False),
            ("prognose_gehuisvest_laag", "Aanname gehuisvest (laag)", True),
            ("prognose_achterstand_eind_laag", "Achterstand op 31 december (laag)", False),
            ("prognose_gehuisvest_hoog", "Aanname gehuisvest (hoog)", True),
            ("prognose_achterstand_eind_hoog", "Achterstand op 31 december (hoog)", False),
        ),
        start=1,
    )
)
PROGNOSE_KOLOM: dict[str, PrognoseKolom] = {k.id: k for k in PROGNOSE_KOLOMMEN}
#: Scenario -> (housed column, year-end backlog column); 'midden' is the bijlage's own assumption.
SCENARIOS: dict[str, tuple[str, str]] = {
    "laag": ("prognose_gehuisvest_laag", "prognose_achterstand_eind_laag"),
    "midden": ("prognose_gehuisvest", "prognose_achterstand_eind"),
    "hoog": ("prognose_gehuisvest_hoog", "prognose_achterstand_eind_hoog"),
}

#: The inputs above the table: defined name -> label.
PROGNOSE_INVOER: tuple[tuple[str, str], ...] = (
    ("prognose_start_achterstand", "Achterstand op 1 januari van het eerste jaar"),
    ("prognose_eerste_jaar", "Eerste jaar"),
    ("prognose_horizon", "Laatste jaar (horizon)"),
)
#: The inputs of the art. 28 block: defined name -> label.
ART28_INVOER: tuple[tuple[str, str], ...] = (
    ("art28_periode", "Periode (halfjaar)"),
    ("art28_landelijke_taakstelling", "Landelijke taakstelling in die periode"),
    ("art28_inwoners_nederland", "Inwoners van Nederland (CBS, 1 januari van het jaar ervoor)"),
)
#: Columns of the art. 28 table: (defined name, letter, header).
ART28_KOLOMMEN: tuple[tuple[str, str, str], ...] = (
    ("art28_gemeenten", "A", "Gemeente"),
    ("art28_inwoners", "B", "Inwoners"),
    ("art28_aandeel", "C", "Exact aandeel"),
    ("art28_taakstelling", "D", "Taakstelling (naar boven afgerond)"),
)
ART28_KOLOM: dict[str, str] = {cid: letter for cid, letter, _ in ART28_KOLOMMEN}
#: Years the prognosis table has room for; rows after the horizon stay empty.
MAX_JAREN = 15


@dataclass(frozen=True)
class PrognoseLayout:
    """Rows of sheet Prognose for a given number of gemeenten."""

    n_gemeenten: int
    max_jaren: int = MAX_JAREN
    title_row: int = 1
    bron_row: int = 2
    first_invoer_row: int = 4
    label_col: str = "A"
    value_col: str = "B"

    def invoer_row(self, name: str) -> int:
        """Row of an input above the table."""
        return self.first_invoer_row + [n for n, _ in PROGNOSE_INVOER].index(name)

    @property
    def header_row(self) -> int:
        """Column headers of the year table."""
        return self.first_invoer_row + len(PROGNOSE_INVOER) + 1

    @property
    def first_row(self) -> int:
        """Row of the first year."""
        return self.header_row + 1

    @property
    def last_row(self) -> int:
        """Row of the last year there is room for."""
        return self.first_row + self.max_jaren - 1

    def jaar_row(self, index: int) -> int:
        """Sheet row of the year at 0-based position `index`."""
        return self.first_row + index

    @property
    def toelichting_row(self) -> int:
        """What the columns hold and where the bijlage's labels differ."""
        return self.last_row + 1

    @property
    def art28_titel_row(self) -> int:
        """Heading of the art. 28 block."""
        return self.toelichting_row + 3

    def art28_invoer_row(self, name: str) -> int:
        """Row of an input of the art. 28 block."""
        return self.art28_titel_row + 1 + [n for n, _ in ART28_INVOER].index(name)

    @property
    def art28_header_row(self) -> int:
        """Column headers of the art. 28 table."""
        return self.art28_titel_row + len(ART28_INVOER) + 2

    @property
    def art28_first_row(self) -> int:
        """Row of the first gemeente in the art. 28 table."""
        return self.art28_header_row + 1

    @property
    def art28_last_row(self) -> int:
        """Row of the last gemeente in the art. 28 table."""
        return self.art28_first_row + self.n_gemeenten - 1

    @property
    def art28_totaal_row(self) -> int:
        """Sum of the gemeenten's taakstellingen (may exceed the province's share: rounded up)."""
        return self.art28_last_row + 1

    def cell(self, kolom_id: str, row: int) -> str:
        """A1 address of a year-table column in a row."""
        return f"{PROGNOSE_KOLOM[kolom_id].letter}{row}"

    def defined_names(self) -> dict[str, str]:
        """Every workbook-level defined name of sheet Prognose and what it refers to."""
        sheet = quote_sheet(PROGNOSE_SHEET)
        names: dict[str, str] = {}
        for name, _ in PROGNOSE_INVOER:
            names[name] = f"{sheet}!${self.value_col}${self.invoer_row(name)}"
        for k in PROGNOSE_KOLOMMEN:
            names[k.id] = f"{sheet}!${k.letter}${self.first_row}:${k.letter}${self.last_row}"
        for name, _ in ART28_INVOER:
            names[name] = f"{sheet}!${self.value_col}${self.art28_invoer_row(name)}"
        for cid, letter, _ in ART28_KOLOMMEN:
            names[cid] = f"{sheet}!${letter}${self.art28_first_row}:${letter}${self.art28_last_row}"
        names["totaal_art28_taakstelling"] = f"{sheet}!${ART28_KOLOM['art28_taakstelling']}${self.art28_totaal_row}"
        return names


def required_prognose_names() -> tuple[str, ...]:
    """Every defined name sheet Prognose must have."""
    return tuple(PrognoseLayout(1).defined_names())
