"""The data file: the puzzel table as printed (CSV) plus its settings (JSON).

Parsing takes text and returns data; reading the files is the caller's job. The CSV has
one row per gemeente and the rows 'Totaal', 'verschil' and 'Totaal landelijke opgave'
exactly as printed ("ntb", "-" and blanks kept); another province is another data file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from xlpuzzel.entry import Entry, make_entry
from xlpuzzel.errors import PuzzelError
from xlpuzzel.layout import ADRES_KOLOMMEN, COLUMNS, LANDELIJK_LABEL, TOTAAL_LABEL, VERSCHIL_LABEL
from xlpuzzel.model import Puzzel


class DatasetError(PuzzelError):
    """The data file cannot be used; the message is Dutch and names the file and line."""


@dataclass(frozen=True)
class Dataset:
    """A puzzel table as printed, with the texts and settings that go with it."""

    puzzel: Puzzel
    meta: Mapping[str, Any] = field(default_factory=dict)
    #: The data file's path without extension (for messages, and for files its JSON names).
    source: str = ""

    @property
    def instellingen(self) -> Mapping[str, Any]:
        """Settings for letters and change tracking (sheet Instellingen)."""
        return self.meta.get("instellingen", {})

    @property
    def adressen(self) -> Mapping[str, Mapping[str, Any]]:
        """Known fields of sheet Adressen per gemeente (table name -> {'naam': ..., 'postadres': ...})."""
        return self.meta.get("adressen", {})


_SPECIAL_ROWS = {TOTAAL_LABEL.casefold(), VERSCHIL_LABEL.casefold(), LANDELIJK_LABEL.casefold()}


def parse_dataset(csv_text: str, json_text: str, source: str = "data") -> Dataset:
    """Parse the CSV table and JSON settings of a data file."""
    # Notepad saves UTF-8 with a byte-order mark, which json refuses.
    json_text = json_text.removeprefix("\ufeff")
    try:
        meta = json.loads(json_text) if json_text.strip() else {}
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{source}.json: geen geldige JSON (regel {exc.lineno}): {exc.msg}") from exc
    _check_meta(meta, f"{source}.json")
    rows = list(csv.reader(io.StringIO(csv_text), delimiter=";"))
    if not rows:
        raise DatasetError(f"{source}.csv is leeg.")
    header = [h.strip() for h in rows[0]]
    wanted = [c.id for c in COLUMNS]
    missing = [c for c in wanted if c not in header and c != "gemeenten"]
    if header[:1] != ["gemeente"] or missing:
        raise DatasetError(
            f"{source}.csv regel 1: kolommen ontbreken of staan verkeerd: {', '.join(missing) or 'gemeente'}"
        )
    position = {h: i for i, h in enumerate(header)}
    gemeenten: list[str] = []
    columns: dict[str, list[Entry]] = {c.id: [] for c in COLUMNS if c.id != "gemeenten"}
    special: dict[str, dict[str, Entry]] = {}
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise DatasetError(f"{source}.csv regel {lineno}: {len(row)} velden, verwacht {len(header)}.")
        name = row[0].strip()
        values = {cid: make_entry(_raw(row[position[cid]])) for cid in columns}
        if name.casefold() in _SPECIAL_ROWS:
            special[name.casefold()] = {k: v for k, v in values.items() if v.raw is not None}
            continue
        if not name:
            raise DatasetError(f"{source}.csv regel {lineno}: gemeentenaam ontbreekt.")
        if name.casefold() in (g.casefold() for g in gemeenten):
            raise DatasetError(f"{source}.csv regel {lineno}: gemeente '{name}' staat er twee keer in.")
        gemeenten.append(name)
        for cid, entry in values.items():
            columns[cid].append(entry)
    if not gemeenten:
        raise DatasetError(f"{source}.csv bevat geen gemeenten.")
    puzzel = Puzzel(
        gemeenten=tuple(gemeenten),
        columns={k: tuple(v) for k, v in columns.items()},
        totaal=special.get(TOTAAL_LABEL.casefold(), {}),
        verschil=special.get(VERSCHIL_LABEL.casefold(), {}),
        landelijk=special.get(LANDELIJK_LABEL.casefold(), {}),
        gemeente_cells=tuple(make_entry(n) for n in gemeenten),
    )
    return Dataset(puzzel=puzzel, meta=meta, source=source)


def _check_meta(meta: object, name: str) -> None:
    """Refuse settings the workbook cannot be built from, naming the file and the key."""
    if not isinstance(meta, dict):
        kind = "lijst" if isinstance(meta, list) else "losse waarde"
        raise DatasetError(f"{name}: verwacht een object tussen {{ en }}, geen {kind}.")
    instellingen = meta.get("instellingen", {})
    if not isinstance(instellingen, dict):
        raise DatasetError(f"{name}: 'instellingen' moet een object zijn ({{\"naam\": waarde, ...}}).")
    for key, value in instellingen.items():
        if value is not None and not isinstance(value, (str, int, float)):
            raise DatasetError(f"{name}: instelling '{key}' moet tekst, een getal of een datum (2024-07-12) zijn.")
    _check_adressen(meta.get("adressen", {}), name)
    voetnoten = meta.get("voetnoten", [])
    if not isinstance(voetnoten, list) or not all(isinstance(v, str) for v in voetnoten):
        raise DatasetError(f"{name}: 'voetnoten' moet een lijst van teksten zijn ([\"...\", \"...\"]).")
    # The builder dates the Puzzel sheet and the shipped basis by these two.
    for key, value in (("peildatum", meta.get("peildatum")), ("prt_datum", instellingen.get("prt_datum"))):
        if value in (None, ""):
            continue
        try:
            ok = isinstance(value, str) and dt.date.fromisoformat(value[:10]).isoformat() == value[:10]
        except ValueError:
            ok = False
        if not ok or (key == "peildatum" and len(value) != 10):
            raise DatasetError(f"{name}: '{key}' is geen datum als 2024-07-12: '{value}'.")


def _check_adressen(adressen: object, name: str) -> None:
    """'adressen' maps a gemeente (as in the CSV) to known text fields of sheet Adressen."""
    fields = {f for f, _ in ADRES_KOLOMMEN if f != "gemeente"}
    if not isinstance(adressen, dict):
        raise DatasetError(f"{name}: 'adressen' moet een object zijn ({{\"gemeente\": {{\"naam\": ...}}}}).")
    for gemeente, given in adressen.items():
        if not isinstance(given, dict):
            raise DatasetError(f"{name}: adressen van '{gemeente}' moet een object zijn ({{\"naam\": ...}}).")
        for key, value in given.items():
            if key not in fields:
                raise DatasetError(
                    f"{name}: adressen van '{gemeente}': onbekend veld '{key}' (kies uit {', '.join(sorted(fields))})."
                )
            if value is not None and not isinstance(value, str):
                raise DatasetError(f"{name}: adressen van '{gemeente}', '{key}' moet tekst zijn.")


def _raw(text: str) -> object:
    """Keep what was printed: '' is blank, everything else stays text for the entry parser."""
    text = text.strip()
    return None if text == "" else text
