"""Checks on what staff typed: gemeente names and the kind of value in every count cell."""

from __future__ import annotations

from xlpuzzel.controle.bevinding import raw_value
from xlpuzzel.controle.check import Check
from xlpuzzel.controle.opmaak import shown
from xlpuzzel.entry import Entry, Kind
from xlpuzzel.layout import COLUMNS, Column, Role


def gemeente_names(check: Check) -> None:
    """A gemeente name is present and appears once (case-insensitive)."""
    seen: dict[str, int] = {}
    for i, name in enumerate(check.p.gemeenten):
        entry = check.p.gemeente_cells[i] if i < len(check.p.gemeente_cells) else None
        if not name:
            check.add("gemeentenaam", entry, "rij zonder naam, Gemeente", "gemeenten",
                      "de gemeentenaam ontbreekt.")
            continue
        key = name.casefold()
        if key in seen:
            check.add("gemeentenaam", entry, f"{name}, Gemeente", "gemeenten",
                      f"gemeente '{name}' staat twee keer in de tabel.", waarde=name, gemeente=name)
        seen[key] = i


def inputs(check: Check) -> None:
    """Every gemeente cell of an input column holds a whole, non-negative number (or blank, -, nvt)."""
    for col in COLUMNS:
        if col.role is not Role.INPUT:
            continue
        for i, entry in enumerate(check.p.columns[col.id]):
            value_kind(check, entry, col, check.where_row(i, col), check.p.gemeenten[i] or None)


def value_kind(check: Check, entry: Entry, col: Column, where: str, gemeente: str | None) -> None:
    """Findings about what was typed in a count cell, whatever its row."""
    text = shown(entry)
    raw = raw_value(entry)
    if entry.kind is Kind.ERROR:
        check.add("foutwaarde", entry, where, col.id, f"de cel bevat de foutwaarde {text}.", raw,
                  gemeente=gemeente)
    elif entry.kind is Kind.TEXT:
        check.add("geen-getal", entry, where, col.id, f"'{text}' is geen getal.", raw, gemeente=gemeente)
    elif entry.kind is Kind.PERCENT:
        check.add("geen-getal", entry, where, col.id, f"'{text}' is geen aantal maar een percentage.", raw,
                  gemeente=gemeente)
    elif entry.kind is Kind.DECIMAL:
        check.add("geen-getal", entry, where, col.id, f"'{text}' is geen geheel getal.", raw,
                  gemeente=gemeente)
    elif entry.kind is Kind.NTB:
        check.add("nog-niet-bekend", entry, where, col.id,
                  f"'{text}': nog niet bekend; telt als 0 in de totalen.", raw, gemeente=gemeente)
    elif entry.kind is Kind.NUMBER:
        if isinstance(entry.raw, str) and entry.cell is not None and entry.is_formula:
            check.add("getal-als-tekst", entry, where, col.id,
                      f"de formule {entry.formula} geeft '{text}' als tekst; Excel telt het niet mee in de "
                      "totalen. Laat de formule een getal geven.", raw, verwacht=entry.number, gemeente=gemeente)
        elif isinstance(entry.raw, str) and entry.cell is not None:
            check.add("getal-als-tekst", entry, where, col.id,
                      f"'{text}' staat als tekst in de cel; Excel telt het niet mee in de totalen. "
                      "Typ het getal opnieuw (zonder punt).", raw, verwacht=entry.number, gemeente=gemeente)
        if entry.number is not None and entry.number < 0 and not col.may_be_negative:
            check.add("negatief", entry, where, col.id,
                      f"'{text}' is negatief; alleen een bijstelling kan negatief zijn.", raw,
                      gemeente=gemeente)
