"""The puzzel as data: gemeenten, their entries per column, and the rows below them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from xlpuzzel.entry import Entry, make_entry


@dataclass(frozen=True)
class Puzzel:
    """One puzzel table.

    `columns` maps a column id (see :mod:`xlpuzzel.layout`) to one entry per gemeente,
    in the order of `gemeenten`. `totaal`, `verschil` and `landelijk` map column ids to
    the cells of the rows below the gemeenten; a missing key means an empty cell.
    """

    gemeenten: tuple[str, ...]
    columns: Mapping[str, tuple[Entry, ...]]
    totaal: Mapping[str, Entry] = field(default_factory=dict)
    verschil: Mapping[str, Entry] = field(default_factory=dict)
    landelijk: Mapping[str, Entry] = field(default_factory=dict)
    #: Entries of the gemeente-name cells (for provenance), same order as `gemeenten`.
    gemeente_cells: tuple[Entry, ...] = ()
    sheet: str = "Puzzel"

    def entry(self, column_id: str, index: int) -> Entry:
        """The entry of the gemeente at `index` in a column."""
        return self.columns[column_id][index]

    def amounts(self, column_id: str) -> tuple[int | None, ...]:
        """The meant number of places per gemeente (None where unknown or invalid)."""
        return tuple(e.amount for e in self.columns[column_id])

    def index_of(self, gemeente: str) -> int:
        """Position of a gemeente by name (case-insensitive)."""
        wanted = gemeente.strip().casefold()
        for i, name in enumerate(self.gemeenten):
            if name.casefold() == wanted:
                return i
        raise KeyError(gemeente)


def puzzel_from_values(
    gemeenten: tuple[str, ...] | list[str],
    columns: Mapping[str, list[object] | tuple[object, ...]],
    totaal: Mapping[str, object] | None = None,
    verschil: Mapping[str, object] | None = None,
    landelijk: Mapping[str, object] | None = None,
) -> Puzzel:
    """A Puzzel from plain values (no provenance), e.g. for UDFs and tests."""
    names = tuple(gemeenten)

    def row(values: Mapping[str, object] | None) -> dict[str, Entry]:
        return {k: make_entry(v) for k, v in (values or {}).items() if v is not None}

    return Puzzel(
        gemeenten=names,
        columns={k: tuple(make_entry(v) for v in vals) for k, vals in columns.items()},
        totaal=row(totaal),
        verschil=row(verschil),
        landelijk=row(landelijk),
        gemeente_cells=tuple(make_entry(n) for n in names),
    )
