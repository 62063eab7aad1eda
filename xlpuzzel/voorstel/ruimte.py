"""Sheet `Ruimte`: the per-gemeente bounds staff fill in for the proposal, read from its cells.

Pure: takes the sheet's cells as A1 address -> value (the file reader and the xlwings front
both produce that) and returns :class:`Ruimte`. A row is matched to its gemeente by name, so
staff may sort the sheet; an unknown or twice typed gemeente, a bound that is no whole number
of places, or a 'Vast' that is neither yes nor no is refused with a Dutch message naming the cell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from xlpuzzel.entry import Kind, make_entry
from xlpuzzel.errors import PuzzelError
from xlpuzzel.layout import (
    CATEGORIES,
    RUIMTE_COLUMN_BY_ID,
    RUIMTE_COLUMNS,
    RUIMTE_LAYOUT,
    RUIMTE_SHEET,
    VAST_JA,
    VAST_NEE,
    Category,
    parse_address,
)
from xlpuzzel.tekst import cel_tekst as _text

Bound = int | None


class VoorstelError(PuzzelError):
    """The proposal cannot be made from this input; the Dutch message names the cell and what to do."""


@dataclass(frozen=True)
class RuimteRegel:
    """One gemeente's row on sheet Ruimte: bounds per category (None = no bound) and 'vast'."""

    gemeente: str
    rij: int
    maximum: tuple[Bound, Bound, Bound] = (None, None, None)
    minimum: tuple[Bound, Bound, Bound] = (None, None, None)
    vast: bool = False

    def cel(self, column_id: str) -> str:
        """The cell on sheet Ruimte of this row's column, as messages name it ('Ruimte!C7')."""
        return f"{RUIMTE_SHEET}!{RUIMTE_LAYOUT.cell(column_id, self.rij)}"

    @property
    def leeg(self) -> bool:
        """True when the row sets no bound at all."""
        return not self.vast and all(v is None for v in (*self.maximum, *self.minimum))


@dataclass(frozen=True)
class Ruimte:
    """Every filled row of sheet Ruimte, by gemeente (casefolded name)."""

    regels: Mapping[str, RuimteRegel]

    def voor(self, gemeente: str) -> RuimteRegel | None:
        """The row of a gemeente, or None when it has none."""
        return self.regels.get(_key(gemeente))


GEEN_RUIMTE = Ruimte({})


def ruimte_uit_cellen(cellen: Mapping[str, object], gemeenten: Sequence[str]) -> Ruimte:
    """Read sheet Ruimte (A1 address -> value) for the gemeenten of the puzzel."""
    lay = RUIMTE_LAYOUT
    for col in RUIMTE_COLUMNS:
        address = lay.cell(col.id, lay.header_row)
        found = _text(cellen.get(address))
        if found.casefold() != col.header.casefold():
            raise VoorstelError(
                f"{RUIMTE_SHEET}!{address}: de kopregel klopt niet: verwacht '{col.header}', gevonden "
                f"'{found or 'leeg'}'. Zet de kop terug (de kolommen zijn {', '.join(c.header for c in RUIMTE_COLUMNS)}).",
                cel=address,
            )
    known = {_key(g): g for g in gemeenten}
    last = max((r for r in (_row(a) for a in cellen) if r is not None), default=0)
    regels: dict[str, RuimteRegel] = {}
    for row in range(lay.first_row, last + 1):
        name = _text(cellen.get(lay.cell("gemeente", row)))
        bounds = [c for c in RUIMTE_COLUMNS if c.id not in ("gemeente", "toelichting")]
        filled = [c for c in bounds if _text(cellen.get(lay.cell(c.id, row)))]
        if not name:
            if filled:
                address = lay.cell(filled[0].id, row)
                raise VoorstelError(
                    f"{RUIMTE_SHEET}!{address}: een grens zonder gemeente; vul de gemeentenaam in kolom "
                    f"{RUIMTE_COLUMN_BY_ID['gemeente'].letter} in of maak de rij leeg.",
                    cel=address,
                )
            continue
        key = _key(name)
        address = lay.cell("gemeente", row)
        if key not in known:
            raise VoorstelError(
                f"{RUIMTE_SHEET}!{address}: gemeente '{name}' staat niet in de puzzel. Schrijf de naam zoals "
                "op werkblad Puzzel of maak de rij leeg.",
                cel=address,
            )
        if key in regels:
            raise VoorstelError(
                f"{RUIMTE_SHEET}!{address}: gemeente '{name}' staat ook in rij {regels[key].rij}; geef elke "
                "gemeente één rij.",
                cel=address,
            )
        regels[key] = RuimteRegel(
            gemeente=known[key],
            rij=row,
            maximum=_bounds(cellen, "max", row, name),
            minimum=_bounds(cellen, "min", row, name),
            vast=_vast(cellen.get(lay.cell("vast", row)), lay.cell("vast", row), name),
        )
    return Ruimte({k: r for k, r in regels.items() if not r.leeg})


def ruimte_kop_cellen(gemeenten: Sequence[str]) -> dict[str, object]:
    """The cells a new sheet Ruimte starts with: title, explanation, header, one row per gemeente."""
    from xlpuzzel.layout import RUIMTE_TITLE, RUIMTE_UITLEG

    lay = RUIMTE_LAYOUT
    out: dict[str, object] = {f"A{lay.title_row}": RUIMTE_TITLE, f"A{lay.uitleg_row}": RUIMTE_UITLEG}
    for col in RUIMTE_COLUMNS:
        out[lay.cell(col.id, lay.header_row)] = col.header
    for i, name in enumerate(gemeenten):
        out[lay.cell("gemeente", lay.first_row + i)] = name
    return out


def _bounds(cellen: Mapping[str, object], kind: str, row: int, gemeente: str) -> tuple[Bound, Bound, Bound]:
    return tuple(_bound(cellen, f"{kind}_{cat.value}", row, gemeente, cat) for cat in CATEGORIES)  # type: ignore[return-value]


def _bound(cellen: Mapping[str, object], column_id: str, row: int, gemeente: str, cat: Category) -> Bound:
    address = RUIMTE_LAYOUT.cell(column_id, row)
    raw = cellen.get(address)
    entry = make_entry(raw)
    if entry.kind is Kind.BLANK:
        return None
    if entry.kind is Kind.NUMBER and entry.number is not None and entry.number >= 0:
        return int(entry.number)
    header = RUIMTE_COLUMN_BY_ID[column_id].header
    raise VoorstelError(
        f"{RUIMTE_SHEET}!{address} ({gemeente}, {header}): '{_text(raw)}' is geen aantal plaatsen. Typ een "
        "geheel getal van 0 of meer (0 = geen), of laat de cel leeg (geen grens).",
        cel=address,
    )


def _vast(raw: object, address: str, gemeente: str) -> bool:
    if raw is None or raw is False:
        return False
    if raw is True:
        return True
    text = _text(raw).casefold()
    if text in VAST_JA:
        return True
    if text in VAST_NEE or text == "":
        return False
    raise VoorstelError(
        f"{RUIMTE_SHEET}!{address} ({gemeente}, Vast): '{_text(raw)}' is geen ja of nee. Typ 'ja' om het eerste "
        "voorstel te laten staan, of laat de cel leeg.",
        cel=address,
    )


def _key(name: str) -> str:
    return " ".join(str(name).split()).casefold()


def _row(address: str) -> int | None:
    found = parse_address(address)
    return found[0] if found else None
