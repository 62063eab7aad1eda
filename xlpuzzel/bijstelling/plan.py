"""The plans: what 'Markeer bijstellingen' and 'Leg basis vast' change, and the log's consistency.

Pure: no I/O, no clock. See :mod:`xlpuzzel.bijstelling` for the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from xlpuzzel.bijstelling.waarden import (
    ALLE_GEMEENTEN,
    BASIS_KOLOM,
    DEFAULT_BRON,
    BijstellingError,
    Sleutel,
    begrensd,
    first_line,
    is_tool_note,
    nl_waarde,
    notitie_tekst,
    opgeslagen_waarde,
    seconds,
    sleutel,
    zelfde,
)
from xlpuzzel.layout import (
    BASIS_SHEET,
    COLUMN_BY_ID,
    INPUT_COLUMNS,
    LOG_SHEET,
    PuzzelLayout,
    parse_address,
)
from xlpuzzel.model import Puzzel


@dataclass(frozen=True)
class BasisCel:
    """The agreed value of one input cell."""

    gemeente: str
    kolom: str
    cel: str
    waarde: object


@dataclass(frozen=True)
class Basis:
    """The baseline: every input cell's agreed value, when and by whom it was set."""

    gezet_op: dt.datetime
    gezet_door: str
    cellen: tuple[BasisCel, ...]
    omschrijving: str = ""

    @cached_property
    def _by_key(self) -> dict[Sleutel, BasisCel]:
        return {sleutel(c.gemeente, c.kolom): c for c in self.cellen}

    @cached_property
    def gemeenten(self) -> tuple[str, ...]:
        """Gemeenten in baseline order."""
        seen: dict[str, None] = {}
        for c in self.cellen:
            seen.setdefault(c.gemeente, None)
        return tuple(seen)

    def cel(self, gemeente: str, kolom: str) -> BasisCel | None:
        """The baseline cell of (gemeente, column id), or None."""
        return self._by_key.get(sleutel(gemeente, kolom))


@dataclass(frozen=True)
class LogRegel:
    """One row of sheet Wijzigingslog; `kolom` is a column id or :data:`BASIS_KOLOM`."""

    tijdstip: dt.datetime
    gebruiker: str
    gemeente: str
    kolom: str
    cel: str
    oud: object
    nieuw: object
    bron: str
    toelichting: str = ""
    #: Sheet row it was read from (None for a new row).
    rij: int | None = field(default=None, compare=False)

    @property
    def is_basis(self) -> bool:
        """True for a row that marks a new baseline."""
        return self.kolom == BASIS_KOLOM

    @property
    def kolom_label(self) -> str:
        """The column as users read it ('Eerste voorstel Asiel'), or 'basis vastgelegd'."""
        col = COLUMN_BY_ID.get(self.kolom)
        return col.label if col is not None else self.kolom


@dataclass(frozen=True)
class Markering:
    """Flag one cell: apply style 'Tussentijds bijgesteld' and set the tool's note to `notitie`."""

    cel: str
    gemeente: str
    kolom: str
    notitie: str


@dataclass(frozen=True)
class Ontmarkering:
    """Remove the tool's note (keeping the user's part) and style from one cell."""

    cel: str
    gemeente: str
    kolom: str


@dataclass(frozen=True)
class MarkeerPlan:
    """What 'Markeer bijstellingen' changes on sheet `sheet`; the log rows are to be appended in order."""

    sheet: str
    markeren: tuple[Markering, ...] = ()
    ontmarkeren: tuple[Ontmarkering, ...] = ()
    logregels: tuple[LogRegel, ...] = ()
    #: Dutch remarks for the user (e.g. a gemeente not in the baseline).
    waarschuwingen: tuple[str, ...] = ()

    @property
    def leeg(self) -> bool:
        """True when there is nothing to write."""
        return not (self.markeren or self.ontmarkeren or self.logregels)


@dataclass(frozen=True)
class BasisPlan:
    """What 'Leg basis vast' changes: the new baseline, the flags to remove, the log rows to append."""

    sheet: str
    basis: Basis
    ontmarkeren: tuple[Ontmarkering, ...] = ()
    #: Changes not logged yet (logged before the baseline moves), then the marker row.
    logregels: tuple[LogRegel, ...] = ()
    waarschuwingen: tuple[str, ...] = ()

    @property
    def nog_niet_gelogd(self) -> tuple[LogRegel, ...]:
        """The change rows among `logregels` (without the marker)."""
        return tuple(r for r in self.logregels if not r.is_basis)


# --------------------------------------------------------------------------- the core


def laatste_regels(log: Iterable[LogRegel]) -> dict[Sleutel, LogRegel]:
    """Per cell, its last change row since the last baseline marker (in tijdstip, row order)."""
    rows = op_volgorde(log)
    start = 0
    for i, row in enumerate(rows):
        if row.is_basis:
            start = i + 1
    out: dict[Sleutel, LogRegel] = {}
    for row in rows[start:]:
        out[sleutel(row.gemeente, row.kolom)] = row
    return out


def markeerplan(
    puzzel: Puzzel,
    basis: Basis,
    bestaande_markeringen: Mapping[str, str],
    laatste_waarden_uit_log: Mapping[Sleutel, LogRegel],
    gebruiker: str,
    tijdstip: dt.datetime,
    bron: str = DEFAULT_BRON,
) -> MarkeerPlan:
    """Compare every input cell with the baseline; the flags to set or remove and log rows to append.

    `bestaande_markeringen` maps a cell ('H14') to its note text (notes that are not the
    tool's are ignored); `laatste_waarden_uit_log` is :func:`laatste_regels` of the log.
    """
    controleer_gemeentenamen(puzzel)
    tool_notes = {cel: text for cel, text in bestaande_markeringen.items() if is_tool_note(text)}
    layout = PuzzelLayout(len(puzzel.gemeenten))
    basis_naam, waarschuwingen = _basis_names(puzzel, basis)
    bron = begrensd(bron, "De bron", waarschuwingen)
    gebruiker = begrensd(gebruiker, "De gebruikersnaam", waarschuwingen)
    markeren: list[Markering] = []
    ontmarkeren: list[Ontmarkering] = []
    logregels: list[LogRegel] = []
    for i, gemeente in enumerate(puzzel.gemeenten):
        for col in INPUT_COLUMNS:
            entry = puzzel.entry(col.id, i)
            cel = entry.cell or layout.cell(col.id, layout.gemeente_row(i))
            bcel = basis.cel(basis_naam[i], col.id) if basis_naam[i] is not None else None
            was = bcel.waarde if bcel is not None else None
            laatste = laatste_waarden_uit_log.get(sleutel(gemeente, col.id))
            if laatste is None and basis_naam[i] is not None:
                laatste = laatste_waarden_uit_log.get(sleutel(basis_naam[i], col.id))
            vorige = laatste.nieuw if laatste is not None else was
            nieuw_gelogd = False
            if not zelfde(entry.raw, vorige):
                laatste = LogRegel(
                    tijdstip, gebruiker, gemeente, col.id, cel,
                    opgeslagen_waarde(vorige), opgeslagen_waarde(entry.raw), bron,
                )
                logregels.append(laatste)
                nieuw_gelogd = True
            heeft = cel in tool_notes
            if not zelfde(entry.raw, was):
                assert laatste is not None  # differs from the baseline, so a change was logged
                if nieuw_gelogd or not heeft:
                    tekst = notitie_tekst(laatste.tijdstip, laatste.gebruiker, was, entry.raw)
                    if not heeft or first_line(tool_notes[cel]) != tekst:
                        markeren.append(Markering(cel, gemeente, col.id, tekst))
            elif heeft:
                ontmarkeren.append(Ontmarkering(cel, gemeente, col.id))
    return MarkeerPlan(
        sheet=puzzel.sheet,
        markeren=tuple(markeren),
        ontmarkeren=tuple(ontmarkeren),
        logregels=tuple(logregels),
        waarschuwingen=tuple(waarschuwingen),
    )


def basisplan(
    puzzel: Puzzel,
    gebruiker: str,
    tijdstip: dt.datetime,
    *,
    huidige_basis: Basis | None = None,
    bestaande_markeringen: Mapping[str, str] | None = None,
    laatste_waarden_uit_log: Mapping[Sleutel, LogRegel] | None = None,
    bron: str = DEFAULT_BRON,
    omschrijving: str = "",
) -> BasisPlan:
    """The current numbers become the baseline; unlogged changes are logged first, then a marker row."""
    controleer_gemeentenamen(puzzel)
    markeringen = bestaande_markeringen or {}
    layout = PuzzelLayout(len(puzzel.gemeenten))
    eigen: list[str] = []
    omschrijving = begrensd(omschrijving, "De omschrijving", eigen)
    gebruiker = begrensd(gebruiker, "De gebruikersnaam", eigen)
    cellen: list[BasisCel] = []
    for i, gemeente in enumerate(puzzel.gemeenten):
        for col in INPUT_COLUMNS:
            entry = puzzel.entry(col.id, i)
            cel = entry.cell or layout.cell(col.id, layout.gemeente_row(i))
            cellen.append(BasisCel(gemeente, col.id, cel, opgeslagen_waarde(entry.raw)))
    nieuwe = Basis(tijdstip, gebruiker, tuple(cellen), omschrijving)
    logregels: list[LogRegel] = []
    waarschuwingen: tuple[str, ...] = tuple(eigen)
    if huidige_basis is not None:
        pending = markeerplan(
            puzzel, huidige_basis, {}, laatste_waarden_uit_log or {}, gebruiker, tijdstip, bron
        )
        logregels.extend(pending.logregels)
        waarschuwingen = (*eigen, *(w for w in pending.waarschuwingen if w not in eigen))
    logregels.append(basis_regel(nieuwe))
    owner = {c.cel: (c.gemeente, c.kolom) for c in cellen}
    ontmarkeren = tuple(
        Ontmarkering(cel, *owner.get(cel, ("", "")))
        for cel, text in sorted(markeringen.items(), key=lambda kv: _cell_order(kv[0]))
        if is_tool_note(text)
    )
    return BasisPlan(puzzel.sheet, nieuwe, ontmarkeren, tuple(logregels), waarschuwingen)


def basis_regel(basis: Basis) -> LogRegel:
    """The log row that marks a baseline."""
    return LogRegel(
        basis.gezet_op, basis.gezet_door, ALLE_GEMEENTEN, BASIS_KOLOM, "", None, None,
        basis.omschrijving or "nieuwe basis vastgelegd",
    )


def controleer_samenhang(basis: Basis, log: Sequence[LogRegel]) -> None:
    """Refuse (BijstellingError) a log that does not belong to the baseline or was edited by hand.

    The last marker row must carry the baseline's date and user, and every change row since
    then must start from where the previous one for that cell ended (or the baseline value).
    """
    rows = op_volgorde(log)
    markers = [r for r in rows if r.is_basis]
    herstel = (
        "Herstel: zet de rij terug zoals de tool hem schreef (zie de reservekopie .bak of "
        "Bestand > Info > Versiegeschiedenis), of leg een nieuwe basis vast met `puzzel basis --ja` "
        "als de huidige getallen kloppen."
    )
    if not markers:
        raise BijstellingError(
            f"Werkblad '{LOG_SHEET}' heeft geen rij '{BASIS_KOLOM}'; zonder die rij is niet te zien "
            f"welke wijzigingen bij de huidige basis horen. {herstel}"
        )
    last = markers[-1]
    if seconds(last.tijdstip) != seconds(basis.gezet_op) or last.gebruiker.strip() != basis.gezet_door.strip():
        raise BijstellingError(
            f"Werkblad '{LOG_SHEET}' rij {last.rij or '?'}: de laatste basis in het log "
            f"({last.tijdstip:%d-%m-%Y %H:%M} door {last.gebruiker}) is niet de basis op werkblad "
            f"'{BASIS_SHEET}' ({basis.gezet_op:%d-%m-%Y %H:%M} door {basis.gezet_door}). {herstel}"
        )
    start = rows.index(last) + 1
    vorige: dict[Sleutel, LogRegel] = {}
    for row in rows[start:]:
        key = sleutel(row.gemeente, row.kolom)
        prev = vorige.get(key)
        if prev is not None:
            expected, waar = prev.nieuw, f"de nieuwe waarde van rij {prev.rij or '?'}"
        else:
            bcel = basis.cel(row.gemeente, row.kolom)
            if bcel is None:
                vorige[key] = row
                continue
            expected, waar = bcel.waarde, f"de basis ({BASIS_SHEET})"
        if not zelfde(row.oud, expected):
            raise BijstellingError(
                f"Werkblad '{LOG_SHEET}' rij {row.rij or '?'} ({row.gemeente}, {row.kolom_label}): de oude "
                f"waarde {nl_waarde(row.oud)} sluit niet aan op {waar}: {nl_waarde(expected)}. "
                f"Is een rij met de hand gewijzigd of verwijderd? {herstel}"
            )
        vorige[key] = row


def op_volgorde(log: Iterable[LogRegel]) -> list[LogRegel]:
    """The log in time order; within one second change rows before a marker, then sheet row order.

    `basisplan` logs open changes in the same second as its marker, so sorting the sheet
    by hand on another column (Gemeente, Kolom, ...) must not move them past the marker.
    """
    rows = list(log)
    order = {id(r): i for i, r in enumerate(rows)}
    return sorted(
        rows,
        key=lambda r: (seconds(r.tijdstip), r.is_basis, r.rij if r.rij is not None else 10**9 + order[id(r)]),
    )


def vroegste_tijdstip(log: Iterable[LogRegel], wijzigingen: bool) -> tuple[dt.datetime, LogRegel] | None:
    """The earliest moment for new rows, so they come after every row already in the log, and that last row.

    Change rows (`wijzigingen`) must come after the last marker, hence a second later when the
    log ends with one; a marker may share the second of the rows before it. None for an empty log.
    """
    rows = op_volgorde(log)
    if not rows:
        return None
    last = rows[-1]
    moment = seconds(last.tijdstip)
    if wijzigingen and last.is_basis:
        moment += dt.timedelta(seconds=1)
    return moment, last


def controleer_gemeentenamen(puzzel: Puzzel) -> None:
    """Refuse (BijstellingError) an empty or twice typed gemeente name: a cell's identity is its gemeente."""
    layout = PuzzelLayout(len(puzzel.gemeenten))
    seen: dict[str, str] = {}
    for i, gemeente in enumerate(puzzel.gemeenten):
        entry = puzzel.gemeente_cells[i] if i < len(puzzel.gemeente_cells) else None
        cel = entry.cell if entry is not None and entry.cell else layout.cell("gemeenten", layout.gemeente_row(i))
        naam = " ".join(str(gemeente).split())
        if not naam:
            raise BijstellingError(
                f"Werkblad '{puzzel.sheet}' cel {cel}: de gemeentenaam is leeg. Vul de naam in: zonder naam is niet "
                "te zien bij welke gemeente een bijstelling hoort; er is niets opgeslagen.",
                cel=cel,
            )
        key = sleutel(naam, "")[0]
        if key in seen:
            raise BijstellingError(
                f"Werkblad '{puzzel.sheet}' cel {cel}: de gemeente '{naam}' staat ook in cel {seen[key]}. Geef elke "
                f"gemeente haar eigen naam, anders komen de getallen van de ene gemeente als bijstelling van de andere "
                f"in het {LOG_SHEET}; er is niets opgeslagen.",
                cel=cel,
            )
        seen[key] = cel


def _basis_names(puzzel: Puzzel, basis: Basis) -> tuple[list[str | None], list[str]]:
    """Per gemeente of the puzzel, its name in the baseline (by name, else by its row in the table).

    The row is counted from the table's first row, so a row staff inserted above the table
    (every cell one row down) does not match a renamed gemeente with its neighbour or nobody.
    """
    known = {sleutel(g, "")[0] for g in basis.gemeenten}
    current = {sleutel(g, "")[0] for g in puzzel.gemeenten}
    rows = [r for r in (row_of(c.cel) for c in basis.cellen) if r is not None]
    top = min(rows, default=0)
    by_row: dict[int, str] = {}
    for c in basis.cellen:
        if sleutel(c.gemeente, "")[0] not in current:
            row = row_of(c.cel)
            if row is not None:
                by_row.setdefault(row - top, c.gemeente)
    names: list[str | None] = []
    warnings: list[str] = []
    for i, gemeente in enumerate(puzzel.gemeenten):
        if sleutel(gemeente, "")[0] in known:
            names.append(gemeente)
            continue
        old = by_row.get(i)
        names.append(old)
        if old is not None:
            warnings.append(
                f"Gemeente '{gemeente}' staat niet in de basis; vergeleken met '{old}' op dezelfde rij."
            )
        else:
            warnings.append(
                f"Gemeente '{gemeente}' staat niet in de basis; al haar getallen gelden als bijgesteld "
                "(was leeg)."
            )
    return names, warnings




def row_of(cel: str) -> int | None:
    """The row number of an A1 address ('H14' -> 14), or None."""
    found = parse_address(cel) if cel else None
    return found[0] if found else None


def _cell_order(cel: str) -> tuple[int, int]:
    return parse_address(cel) or (10**9, 0)
