"""Values read per defined name -> a :class:`~xlpuzzel.model.Puzzel` with provenance.

Pure: no I/O. Both shells that read a workbook call :func:`assemble_puzzel`: the file
reader (:mod:`xlpuzzel.reader`, OOXML parsed directly) and the live-Excel adapter (xlwings,
one range read per defined name). Each gets the values of every defined name of
:meth:`~xlpuzzel.layout.PuzzelLayout.defined_names` plus the name's A1 reference, so each
entry knows its sheet and cell ('H14') and every message can name it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from xlpuzzel.entry import Entry, make_entry
from xlpuzzel.errors import UnusableWorkbook
from xlpuzzel.layout import (
    COLUMNS,
    LANDELIJK_TASK_COLUMNS,
    PUZZEL_SHEET,
    PuzzelLayout,
    Role,
    index_to_letter,
    landelijk_name,
    parse_address,
    saldo_name,
    total_name,
)
from xlpuzzel.model import Puzzel
from xlpuzzel.tekst import cel_tekst


class Cel(NamedTuple):
    """A stored cell as every adapter hands it over: value (a formula's cached result), formula text, error flag."""

    value: object
    formula: str | None = None
    is_error: bool = False


#: Every defined name a puzzel workbook must have (the set does not depend on the row count).
REQUIRED_NAMES: tuple[str, ...] = tuple(PuzzelLayout(1).defined_names())

#: The advice that ends every message about broken names.
NAMES_ADVICE = (
    "Bouw de werkmap opnieuw met `puzzel bouw` of herstel de namen via Formules > Namen beheren."
)



@dataclass(frozen=True)
class Ref:
    """A parsed A1 reference of a defined name: sheet plus a rectangle (1-based, inclusive)."""

    sheet: str
    first_col: int
    first_row: int
    last_col: int
    last_row: int

    @property
    def size(self) -> int:
        """Number of cells in the rectangle."""
        return (self.last_col - self.first_col + 1) * (self.last_row - self.first_row + 1)

    @property
    def is_line(self) -> bool:
        """True when the rectangle is one column or one row."""
        return self.first_col == self.last_col or self.first_row == self.last_row

    def cells(self) -> list[str]:
        """A1 addresses of the cells, row by row (a column range: top to bottom)."""
        return [
            f"{index_to_letter(c)}{r}"
            for r in range(self.first_row, self.last_row + 1)
            for c in range(self.first_col, self.last_col + 1)
        ]


class RefError(ValueError):
    """A reference that is not one rectangle of cells; `reason` is Dutch."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def split_cell(address: str) -> tuple[int, int]:
    """(row, column) of an A1 address ('H14' -> (14, 8)); '$' allowed."""
    found = parse_address(address)
    if found is None:
        raise RefError(f"'{address}' is geen celadres")
    return found


def parse_ref(refers_to: str, default_sheet: str = PUZZEL_SHEET) -> Ref:
    """Parse `Puzzel!$N$5:$N$16`, `'Mijn blad'!$A$1` or `$A$1` into a :class:`Ref`."""
    text = refers_to.strip()
    if text.startswith("="):
        text = text[1:].strip()
    if "#REF!" in text.upper():
        raise RefError("verwijst naar een verwijderde cel (#REF!)")
    sheet = default_sheet
    if text.startswith("'"):
        end = 1
        while True:
            end = text.find("'", end)
            if end < 0:
                raise RefError(f"'{refers_to}' is geen geldige verwijzing")
            if text[end + 1 : end + 2] == "'":
                end += 2
                continue
            break
        sheet = text[1:end].replace("''", "'")
        rest = text[end + 1 :]
        if not rest.startswith("!"):
            raise RefError(f"'{refers_to}' is geen geldige verwijzing")
        text = rest[1:]
    elif "!" in text:
        sheet, text = text.rsplit("!", 1)
    parts = text.split(":")
    if len(parts) > 2 or any(parse_address(p) is None for p in parts):
        raise RefError(f"verwijst niet naar een celbereik ('{refers_to}')")
    (r1, c1), (r2, c2) = split_cell(parts[0]), split_cell(parts[-1])
    return Ref(sheet, min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2))


def assemble_puzzel(
    values: Mapping[str, Sequence[object]],
    refs: Mapping[str, str],
    formulas: Mapping[str, Sequence[str | None]] | None = None,
    errors: Mapping[str, Sequence[bool]] | None = None,
    sheet: str = PUZZEL_SHEET,
) -> Puzzel:
    """Build a Puzzel from the values of each defined name and the name's A1 reference.

    `values[name]` lists the name's cells top to bottom (a lone value is accepted for a
    one-cell name); `formulas` and `errors` are parallel lists when known. A missing name,
    a name pointing to #REF! or a block whose length differs from `gemeenten` raises
    :class:`UnusableWorkbook` with a Dutch message naming them.
    """
    formulas = formulas or {}
    errors = errors or {}
    missing = [n for n in REQUIRED_NAMES if n not in refs or n not in values]
    if missing:
        raise UnusableWorkbook(f"De werkmap mist de benoemde bereiken: {', '.join(missing)}. {NAMES_ADVICE}")
    parsed: dict[str, Ref] = {}
    broken: dict[str, list[str]] = {}
    for name in REQUIRED_NAMES:
        try:
            parsed[name] = parse_ref(refs[name], sheet)
        except RefError as exc:
            broken.setdefault(exc.reason, []).append(name)
    if broken:
        text = "; ".join(f"{', '.join(names)} {reason}" for reason, names in broken.items())
        raise UnusableWorkbook(f"Benoemde bereiken zijn onbruikbaar: {text}. {NAMES_ADVICE}")

    def entries(name: str) -> tuple[Entry, ...]:
        ref = parsed[name]
        cells = ref.cells()
        # A lone empty cell read live comes back as None, not as [None].
        vals = [None] if values[name] is None else _as_list(values[name])
        forms = _as_list(formulas.get(name), len(vals))
        errs = _as_list(errors.get(name), len(vals))
        if len(vals) != len(cells):
            raise UnusableWorkbook(
                f"Het benoemde bereik {name} ({_show(refs[name])}) heeft {len(cells)} cellen, "
                f"maar er zijn {len(vals)} waarden gelezen. {NAMES_ADVICE}"
            )
        return tuple(
            make_entry(v, ref.sheet, c, f if f is None else str(f), bool(e))
            for v, c, f, e in zip(vals, cells, forms, errs)
        )

    bad_shape = [n for n in REQUIRED_NAMES if not parsed[n].is_line]
    single = [n for n in REQUIRED_NAMES if not _is_block(n) and parsed[n].size != 1]
    if bad_shape or single:
        detail = []
        if bad_shape:
            detail.append(f"geen enkele kolom: {', '.join(bad_shape)}")
        if single:
            detail.append(f"niet één cel: {', '.join(single)}")
        raise UnusableWorkbook(f"Benoemde bereiken hebben de verkeerde vorm ({'; '.join(detail)}). {NAMES_ADVICE}")

    gemeente_cells = entries("gemeenten")
    n = len(gemeente_cells)
    wrong = [
        f"{name} ({_show(refs[name])}) heeft er {parsed[name].size}"
        for name in REQUIRED_NAMES
        if _is_block(name) and name != "gemeenten" and parsed[name].size != n
    ]
    if wrong:
        raise UnusableWorkbook(
            f"Het aantal gemeenten klopt niet: gemeenten ({_show(refs['gemeenten'])}) heeft {n} rijen, "
            f"maar {', '.join(wrong)}. Is er een gemeenterij verwijderd of toegevoegd zonder dat de namen "
            f"meegingen? {NAMES_ADVICE}"
        )
    columns = {c.id: entries(c.id) for c in COLUMNS if c.id != "gemeenten"}

    def one(name: str) -> Entry:
        return entries(name)[0]

    totaal = {c.id: one(total_name(c.id)) for c in COLUMNS if c.total is not None}
    verschil: dict[str, Entry] = {}
    landelijk: dict[str, Entry] = {}
    for name in REQUIRED_NAMES:
        if name.startswith("verschil_"):
            verschil[name.removeprefix("verschil_")] = one(name)
    for cid in LANDELIJK_TASK_COLUMNS:
        landelijk[cid] = one(landelijk_name(cid))
    for c in COLUMNS:
        if c.task is not None:
            landelijk[c.id] = one(saldo_name(c.id))
    return Puzzel(
        gemeenten=tuple(cel_tekst(e.raw) for e in gemeente_cells),  # a number typed as a name stays readable
        columns=columns,
        totaal=totaal,
        verschil=verschil,
        landelijk=landelijk,
        gemeente_cells=gemeente_cells,
        sheet=sheet,
    )


def _is_block(name: str) -> bool:
    """True for names over the gemeente rows (one cell per gemeente)."""
    return name == "gemeenten" or any(c.id == name for c in COLUMNS if c.role in (Role.INPUT, Role.ROWSUM))


def _as_list(seq: object, length: int | None = None) -> list:
    """A name's values as a list; a lone value becomes a one-item list, None pads to `length`."""
    if seq is None:
        return [None] * (length or 0)
    if isinstance(seq, (str, bytes)) or not isinstance(seq, Sequence):
        items: list = [seq]
    else:
        items = []
        for item in seq:
            # xlwings gives a 2-D list for a rectangle; flatten one level.
            if isinstance(item, (list, tuple)):
                items.extend(item)
            else:
                items.append(item)
    if length is not None and len(items) < length:
        items += [None] * (length - len(items))
    return items


def _show(ref: str) -> str:
    return ref.strip().lstrip("=")
