"""Sheets Basis and Wijzigingslog as cells (A1 address -> value): written, read and checked.

Pure: both writers (the file patcher and the xlwings front) and the builder put exactly these
cells on the sheets; both readers hand the cells they read to the `*_uit_cellen` functions,
which refuse a hand-broken sheet with a Dutch message naming the cell and the repair.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from xlpuzzel.bijstelling.plan import Basis, BasisCel, LogRegel, row_of
from xlpuzzel.bijstelling.waarden import (
    BASIS_HEADER,
    BASIS_KOLOM,
    BASIS_LABELS,
    BASIS_NOTE,
    LEEG,
    VOORSTEL_KOLOM,
    BijstellingError,
    opgeslagen_waarde,
    parse_tijdstip,
    seconds,
    sleutel,
)
from xlpuzzel.layout import (
    BASIS_LAYOUT,
    BASIS_SHEET,
    COLUMN_BY_ID,
    INPUT_COLUMNS,
    LOG_HEADERS,
    LOG_LAYOUT,
    LOG_SHEET,
    index_to_letter,
    parse_address,
)
from xlpuzzel.tekst import cel_tekst


def basis_cellen(basis: Basis) -> dict[str, object]:
    """What sheet Basis holds, A1 address -> value (gezet_op as ISO text, blanks left out)."""
    b = BASIS_LAYOUT
    out: dict[str, object] = {
        f"{b.label_col}{b.note_row}": BASIS_NOTE,
        f"{b.label_col}{b.gezet_op_row}": BASIS_LABELS[0],
        f"{b.value_col}{b.gezet_op_row}": seconds(basis.gezet_op).isoformat(),
        f"{b.label_col}{b.gezet_door_row}": BASIS_LABELS[1],
        f"{b.value_col}{b.gezet_door_row}": basis.gezet_door,
        f"{b.label_col}{b.omschrijving_row}": BASIS_LABELS[2],
        f"{b.gemeente_col}{b.header_row}": BASIS_HEADER[0],
        f"{b.rij_col}{b.header_row}": BASIS_HEADER[1],
    }
    if basis.omschrijving:
        out[f"{b.value_col}{b.omschrijving_row}"] = basis.omschrijving
    for j, col in enumerate(INPUT_COLUMNS):
        out[f"{b.value_letter(j)}{b.header_row}"] = col.id
    position = {col.id: j for j, col in enumerate(INPUT_COLUMNS)}
    rows: dict[str, int] = {}
    for c in basis.cellen:
        key = sleutel(c.gemeente, "")[0]
        if key not in rows:
            row = b.first_row + len(rows)
            rows[key] = row
            out[f"{b.gemeente_col}{row}"] = c.gemeente
            puzzel_row = row_of(c.cel)
            if puzzel_row is not None:
                out[f"{b.rij_col}{row}"] = puzzel_row
        if c.waarde is not None and c.kolom in position:
            out[f"{b.value_letter(position[c.kolom])}{rows[key]}"] = c.waarde
    return out


def basis_uit_cellen(cellen: Mapping[str, object]) -> Basis:
    """Read sheet Basis (A1 address -> value); BijstellingError names what is wrong and how to repair."""
    b = BASIS_LAYOUT
    herstel = (
        "Herstel: zet werkblad Basis terug uit de reservekopie (.bak) of via Bestand > Info > "
        "Versiegeschiedenis, of leg een nieuwe basis vast met `puzzel basis --ja` als de huidige "
        "getallen de afgesproken getallen zijn."
    )

    def fout(cel: str, wat: str) -> BijstellingError:
        return BijstellingError(f"Werkblad '{BASIS_SHEET}' cel {cel}: {wat}. {herstel}", cel=cel)

    op_cel = f"{b.value_col}{b.gezet_op_row}"
    door_cel = f"{b.value_col}{b.gezet_door_row}"
    gezet_op = parse_tijdstip(cellen.get(op_cel))
    if gezet_op is None:
        raise fout(op_cel, f"de datum waarop de basis is gezet ontbreekt of is onleesbaar ({_show(cellen.get(op_cel))})")
    gezet_door = _text(cellen.get(door_cel))
    if not gezet_door:
        raise fout(door_cel, "wie de basis heeft gezet ontbreekt")
    omschrijving = _text(cellen.get(f"{b.value_col}{b.omschrijving_row}"))
    head = [_text(cellen.get(f"{c}{b.header_row}")).casefold() for c in (b.gemeente_col, b.rij_col)]
    if head != list(BASIS_HEADER):
        raise fout(f"{b.gemeente_col}{b.header_row}", f"de kopregel moet beginnen met {', '.join(BASIS_HEADER)}")
    kolommen: list[tuple[str, str]] = []  # (letter, column id)
    input_ids = {c.id for c in INPUT_COLUMNS}
    j = 0
    while True:
        letter = b.value_letter(j)
        name = _text(cellen.get(f"{letter}{b.header_row}"))
        if not name:
            break
        if name not in input_ids:
            raise fout(f"{letter}{b.header_row}", f"onbekende kolom '{name}'")
        if any(name == k for _, k in kolommen):
            raise fout(f"{letter}{b.header_row}", f"kolom '{name}' staat er twee keer in")
        kolommen.append((letter, name))
        j += 1
    missing = [c.id for c in INPUT_COLUMNS if c.id not in {k for _, k in kolommen}]
    if missing:
        raise fout(f"{b.value_letter(j)}{b.header_row}", f"kolommen ontbreken: {', '.join(missing)}")
    last_row = max((_split_row(a) for a in cellen), default=0)
    cellen_out: list[BasisCel] = []
    seen: set[str] = set()
    for row in range(b.first_row, last_row + 1):
        name = _text(cellen.get(f"{b.gemeente_col}{row}"))
        values = [cellen.get(f"{letter}{row}") for letter, _ in kolommen]
        if not name:
            if any(v not in (None, "") for v in values):
                raise fout(f"{b.gemeente_col}{row}", "getallen zonder gemeentenaam")
            continue
        if name.casefold() in seen:
            raise fout(f"{b.gemeente_col}{row}", f"gemeente '{name}' staat er twee keer in")
        seen.add(name.casefold())
        rij_raw = cellen.get(f"{b.rij_col}{row}")
        rij = rij_raw if isinstance(rij_raw, int) and not isinstance(rij_raw, bool) else _int(rij_raw)
        for (letter, cid), value in zip(kolommen, values):
            cel = f"{COLUMN_BY_ID[cid].letter}{rij}" if rij else ""
            cellen_out.append(BasisCel(name, cid, cel, opgeslagen_waarde(value)))
    if not seen:
        raise fout(f"{b.gemeente_col}{b.first_row}", "de basis bevat geen gemeenten")
    return Basis(gezet_op, gezet_door, tuple(cellen_out), omschrijving)


def logregel_cellen(regel: LogRegel, row: int) -> dict[str, object]:
    """What one log row holds on sheet Wijzigingslog, A1 address -> value (tijdstip as datetime)."""
    g = LOG_LAYOUT
    values: list[object] = [
        seconds(regel.tijdstip),
        regel.gebruiker,
        regel.gemeente,
        regel.kolom_label,
        regel.cel,
        _log_value(regel.oud, regel.is_basis),
        _log_value(regel.nieuw, regel.is_basis),
        regel.bron,
        regel.toelichting,
    ]
    return {f"{g.letter(j)}{row}": v for j, v in enumerate(values) if v not in (None, "")}


def log_kop_cellen() -> dict[str, object]:
    """The header row of sheet Wijzigingslog."""
    g = LOG_LAYOUT
    return {f"{g.letter(j)}{g.header_row}": h for j, h in enumerate(LOG_HEADERS)}


def _log_value(value: object, marker: bool) -> object:
    if marker:
        return None
    return LEEG if value is None else value


def log_uit_cellen(cellen: Mapping[str, object]) -> tuple[LogRegel, ...]:
    """Read sheet Wijzigingslog (A1 address -> value); BijstellingError names the row and the repair."""
    g = LOG_LAYOUT
    herstel_kop = (
        "Herstel: zet de kopregel terug zoals hij was (zie de reservekopie .bak of Bestand > Info > "
        "Versiegeschiedenis); er is niets opgeslagen."
    )
    found = [_text(cellen.get(f"{g.letter(j)}{g.header_row}")) for j in range(len(LOG_HEADERS))]
    if [f.casefold() for f in found] != [h.casefold() for h in LOG_HEADERS]:
        raise BijstellingError(
            f"Werkblad '{LOG_SHEET}' rij {g.header_row}: de kolommen kloppen niet. Verwacht: "
            f"{' | '.join(LOG_HEADERS)}; gevonden: {' | '.join(f or '(leeg)' for f in found)}. {herstel_kop}",
            cel=f"{g.letter(0)}{g.header_row}",
        )
    letters = [g.letter(j) for j in range(len(LOG_HEADERS))]
    rows = sorted({_split_row(a) for a in cellen if _split_col(a) in letters} - {g.header_row})
    by_label = {c.label.casefold(): c.id for c in INPUT_COLUMNS} | {c.id: c.id for c in INPUT_COLUMNS}
    out: list[LogRegel] = []
    for row in rows:
        if row < g.first_row:
            continue
        v = [cellen.get(f"{letter}{row}") for letter in letters]
        if all(x in (None, "") for x in v):
            continue
        herstel = (
            f"Herstel rij {row} zoals de tool hem schreef (zie de reservekopie .bak of Bestand > Info > "
            "Versiegeschiedenis), of maak de rij helemaal leeg als hij er niet hoort; er is niets opgeslagen."
        )

        def fout(letter: str, wat: str, row: int = row, herstel: str = herstel) -> BijstellingError:
            return BijstellingError(f"Werkblad '{LOG_SHEET}' cel {letter}{row}: {wat}. {herstel}", cel=f"{letter}{row}")

        tijdstip = parse_tijdstip(v[0])
        if tijdstip is None:
            raise fout(letters[0], f"datum-tijd ontbreekt of is onleesbaar ({_show(v[0])})")
        gebruiker = _text(v[1])
        if not gebruiker:
            raise fout(letters[1], "gebruiker ontbreekt")
        kolom_text = _text(v[3])
        if kolom_text.casefold() == BASIS_KOLOM:
            kolom = BASIS_KOLOM
        elif kolom_text.casefold() == VOORSTEL_KOLOM:
            kolom = VOORSTEL_KOLOM
        elif kolom_text.casefold() in by_label:
            kolom = by_label[kolom_text.casefold()]
        else:
            raise fout(letters[3], f"onbekende kolom '{kolom_text}'" if kolom_text else "kolom ontbreekt")
        gemeente = _text(v[2])
        cel = _text(v[4])
        if kolom not in (BASIS_KOLOM, VOORSTEL_KOLOM) and (not gemeente or not cel):
            raise fout(letters[2] if not gemeente else letters[4], "gemeente of cel ontbreekt")
        out.append(
            LogRegel(
                tijdstip, gebruiker, gemeente, kolom, cel,
                _parse_log_value(v[5]), _parse_log_value(v[6]), _text(v[7]), _text(v[8]), rij=row,
            )
        )
    return tuple(out)


def volgende_logrij(cellen: Mapping[str, object]) -> int:
    """The first row under everything in the log's columns (where the next row is appended)."""
    g = LOG_LAYOUT
    letters = {g.letter(j) for j in range(len(LOG_HEADERS))}
    used = [_split_row(a) for a, v in cellen.items() if _split_col(a) in letters and v not in (None, "")]
    return max([g.header_row, *used]) + 1


def pseudoniemen_uit_cellen(cellen: Mapping[str, object], bereik: str | None = None) -> dict[str, str]:
    """The Woo mapping on sheet Wijzigingslog: user name (casefolded) -> role or pseudonym.

    `bereik` is what the defined name of the table refers to ('Wijzigingslog!$K$2:$L$51'); Excel
    moves it with the table, so names come from its first and roles from its last column.
    """
    g = LOG_LAYOUT
    k, l_ = g.pseudonym_cols
    first, last = g.first_row, g.pseudonym_last_row
    found = _RANGE.match(bereik or "")
    if found and found.group(1).strip("'").replace("''", "'") == LOG_SHEET:
        k, first, l_, last = found.group(2).upper(), int(found.group(3)), found.group(4).upper(), int(found.group(5))
    out: dict[str, str] = {}
    for row in range(first, last + 1):
        name, alias = _text(cellen.get(f"{k}{row}")), _text(cellen.get(f"{l_}{row}"))
        if name and alias:
            out[name.casefold()] = alias
    return out


_RANGE = re.compile(r"^\s*(.+)!\$?([A-Za-z]{1,3})\$?(\d+):\$?([A-Za-z]{1,3})\$?(\d+)\s*$")


def _parse_log_value(value: object) -> object:
    if isinstance(value, str) and value.strip().casefold() == LEEG:
        return None
    return opgeslagen_waarde(value)


_text = cel_tekst


def _int(value: object) -> int | None:
    try:
        return int(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        return None


def _show(value: object) -> str:
    return "leeg" if value in (None, "") else repr(value) if not isinstance(value, str) else f"'{value}'"


def _split_row(address: str) -> int:
    found = parse_address(address)
    return found[0] if found else 0


def _split_col(address: str) -> str:
    found = parse_address(address)
    return index_to_letter(found[1]) if found else ""
