"""The Wijzigingslog made fit for publication under the Woo: pure, no I/O.

User names are replaced: by the role or pseudonym given in the mapping on sheet
Wijzigingslog (columns 'Gebruiker' / 'Rol of pseudoniem'), else by 'medewerker N', numbered
in order of first appearance in time. The log is append-only, so a name keeps its number
in every later export. Baseline rows stay in (they carry the baseline dates); rows are
sorted by time. The free-text column Toelichting is published as typed: staff check it for
personal data themselves (the CLI says so). Both files go through :mod:`xlpuzzel.export`, so a
log text or gemeente name that looks like a formula is published as text, never run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from xlpuzzel.bijstelling import LogRegel, nl_waarde, op_volgorde
from xlpuzzel.export import Tabel, csv_bytes
from xlpuzzel.layout import LOG_DATUM_TIJD_FORMAT, LOG_HEADERS

#: The log's columns, with the user replaced by a role or pseudonym.
WOO_HEADERS: tuple[str, ...] = tuple(
    "Gebruiker (rol of pseudoniem)" if h == "Gebruiker" else h for h in LOG_HEADERS
)
PSEUDONIEM = "medewerker {}"


@dataclass(frozen=True)
class WooRegel:
    """One published row; `oud`/`nieuw` are numbers where the log has numbers, else text."""

    tijdstip: dt.datetime
    wie: str
    gemeente: str
    kolom: str
    cel: str
    oud: object
    nieuw: object
    bron: str
    toelichting: str

    def waarden(self) -> tuple[object, ...]:
        """The row's values in the order of :data:`WOO_HEADERS`."""
        return (self.tijdstip, self.wie, self.gemeente, self.kolom, self.cel, self.oud, self.nieuw,
                self.bron, self.toelichting)


def pseudoniemen(log: Iterable[LogRegel], mapping: Mapping[str, str]) -> dict[str, str]:
    """User name -> published name: the mapping, else 'medewerker N'; names compared casefolded."""
    wanted = {k.strip().casefold(): v for k, v in mapping.items()}
    out: dict[str, str] = {}
    # One person, one pseudonym: Windows may give one login in different capitals.
    by_key: dict[str, str] = {}
    n = 0
    for regel in op_volgorde(log):
        name = regel.gebruiker
        if name in out:
            continue
        key = name.strip().casefold()
        alias = by_key.get(key) or wanted.get(key)
        if alias is None:
            n += 1
            alias = PSEUDONIEM.format(n)
        by_key[key] = alias
        out[name] = alias
    return out


def woo_regels(log: Iterable[LogRegel], mapping: Mapping[str, str]) -> tuple[WooRegel, ...]:
    """The log rows sorted by time with user names replaced."""
    rows = op_volgorde(log)
    names = pseudoniemen(rows, mapping)
    return tuple(
        WooRegel(
            r.tijdstip, names[r.gebruiker], r.gemeente, r.kolom_label, r.cel,
            _value(r.oud, r.is_basis), _value(r.nieuw, r.is_basis), r.bron, r.toelichting,
        )
        for r in rows
    )


def woo_csv(regels: Iterable[WooRegel]) -> bytes:
    """The CSV file for Dutch Excel: ';' separated, UTF-8 with BOM, dates '27-11-2026 14:03:05'."""
    return csv_bytes(WOO_HEADERS, (regel.waarden() for regel in regels))


def woo_tabel(regels: Iterable[WooRegel]) -> Tabel:
    """The .xlsx sheet: real dates and numbers, a bold frozen header."""
    return Tabel(
        blad="Wijzigingslog",
        kop=WOO_HEADERS,
        rijen=tuple(regel.waarden() for regel in regels),
        breedtes=(20, 28, 18, 24, 7, 12, 12, 30, 40),
        formaten=((0, LOG_DATUM_TIJD_FORMAT),),
    )


def _value(value: object, marker: bool) -> object:
    if marker:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return nl_waarde(value)
