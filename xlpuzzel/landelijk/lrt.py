"""The LRT dashboard as data: the table of page 2 exactly as printed (CSV) and the cards' facts (JSON).

Parsing takes text and returns data; reading the files is the caller's job. The CSV has
the dashboard's header, one row per province and the row 'Total', numbers as printed
('5.722', '-2.427'); the JSON holds what the table does not: the dashboard's peildatum, and
per category the national card's old task with its date, the new task's date, and the
source and peildatum of the realisation (KCIO, COA, TVS, Nidos).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from xlpuzzel.dataset import DatasetError
from xlpuzzel.entry import Entry, Kind, make_entry
from xlpuzzel.landelijk.layout import (
    LANDELIJK_SHEET,
    LRT_CATEGORIEEN,
    LRT_KOLOMMEN,
    PROVINCIE_KOP,
    TOTAL_LABEL,
)


@dataclass(frozen=True)
class LrtTabel:
    """The LRT table: per province an entry per column, and the Total row; entries keep their cell."""

    provincies: tuple[str, ...]
    #: Column id (:data:`~xlpuzzel.landelijk.layout.LRT_KOLOMMEN`) -> one entry per province.
    kolommen: Mapping[str, tuple[Entry, ...]]
    #: Column id -> the Total row's entry; a missing key is an empty cell.
    totaal: Mapping[str, Entry] = field(default_factory=dict)
    #: Entries of the province-name cells, same order as `provincies`.
    provincie_cellen: tuple[Entry, ...] = ()
    sheet: str = LANDELIJK_SHEET

    def als_getypt(self) -> LrtTabel:
        """The table as it is typed into a sheet: printed numbers ('5.722') as numbers, other text as printed."""
        def typed(entry: Entry) -> Entry:
            if entry.kind is Kind.NUMBER and entry.number is not None and isinstance(entry.raw, str):
                return make_entry(int(entry.number), entry.sheet, entry.cell, entry.formula)
            return entry

        return LrtTabel(
            provincies=self.provincies,
            kolommen={k: tuple(typed(e) for e in v) for k, v in self.kolommen.items()},
            totaal={k: typed(e) for k, e in self.totaal.items()},
            provincie_cellen=self.provincie_cellen,
            sheet=self.sheet,
        )

    def index_of(self, provincie: str) -> int | None:
        """Position of a province by name (case and surrounding spaces ignored), None if absent."""
        wanted = provincie.strip().casefold()
        for i, name in enumerate(self.provincies):
            if name.strip().casefold() == wanted:
                return i
        return None


@dataclass(frozen=True)
class CategorieFeiten:
    """What the dashboard says about a category outside the table (its card and its note)."""

    id: str
    #: The national card's startpunt (old task) and its date, the new task's date.
    start: int | None
    startdatum: dt.date | None
    einddatum: dt.date | None
    #: Source and peildatum of the realisation, as the dashboard's notes give them.
    bron: str
    peildatum: dt.date | None
    toelichting: str = ""


@dataclass(frozen=True)
class LrtBestand:
    """An LRT data file: the table as printed and the facts around it."""

    tabel: LrtTabel
    peildatum: dt.date
    titel: str
    bron: str
    voetnoot: str
    categorieen: Mapping[str, CategorieFeiten]


def parse_lrt(csv_text: str, json_text: str, source: str = "lrt") -> LrtBestand:
    """Parse an LRT data file pair; DatasetError with a Dutch message naming file and line."""
    tabel = parse_lrt_tabel(csv_text, source)
    meta = _json(json_text, f"{source}.json")
    name = f"{source}.json"
    peildatum = iso_datum(meta.get("peildatum"), f"{name}: peildatum")
    if peildatum is None:
        raise DatasetError(f"{name}: 'peildatum' ontbreekt (de peildatum van het dashboard, bijv. 2024-09-01).")
    raw = meta.get("categorieen", {})
    if not isinstance(raw, dict):
        raise DatasetError(f"{name}: 'categorieen' moet een object zijn ({{\"oek\": {{...}}, ...}}).")
    unknown = sorted(set(raw) - {c.id for c in LRT_CATEGORIEEN})
    if unknown:
        known = ", ".join(c.id for c in LRT_CATEGORIEEN)
        raise DatasetError(f"{name}: onbekende categorie {', '.join(unknown)} (bekend: {known}).")
    feiten = {}
    for cat in LRT_CATEGORIEEN:
        item = raw.get(cat.id, {})
        if not isinstance(item, dict):
            raise DatasetError(f"{name}: categorie '{cat.id}' moet een object zijn.")
        where = f"categorie '{cat.id}'"
        start = item.get("start")
        if start is not None and (not isinstance(start, int) or isinstance(start, bool) or start < 0):
            raise DatasetError(f"{name}: {where}: 'start' moet een geheel getal van 0 of meer zijn, niet {start!r}.")
        feiten[cat.id] = CategorieFeiten(
            id=cat.id,
            start=start,
            startdatum=iso_datum(item.get("startdatum"), f"{name}: {where}: startdatum"),
            einddatum=iso_datum(item.get("einddatum"), f"{name}: {where}: einddatum"),
            bron=_text(item.get("bron"), name, f"{where}: bron"),
            peildatum=iso_datum(item.get("peildatum"), f"{name}: {where}: peildatum"),
            toelichting=_text(item.get("toelichting"), name, f"{where}: toelichting"),
        )
    return LrtBestand(
        tabel=tabel,
        peildatum=peildatum,
        titel=_text(meta.get("titel"), name, "titel"),
        bron=_text(meta.get("bron"), name, "bron"),
        voetnoot=_text(meta.get("voetnoot"), name, "voetnoot"),
        categorieen=feiten,
    )


def parse_lrt_tabel(csv_text: str, source: str = "lrt") -> LrtTabel:
    """The CSV of the LRT table exactly as printed: header, one row per province, the row 'Total'."""
    name = f"{source}.csv"
    rows = list(csv.reader(io.StringIO(csv_text.removeprefix("\ufeff")), delimiter=";"))
    if not rows:
        raise DatasetError(f"{name} is leeg.")
    header = [h.strip() for h in rows[0]]
    expected = [PROVINCIE_KOP, *(k.kop for k in LRT_KOLOMMEN)]
    if header != expected:
        for i, want in enumerate(expected):
            got = header[i] if i < len(header) else None
            if got != want:
                found = "ontbreekt" if got is None else f"heet '{got}'"
                raise DatasetError(
                    f"{name} regel 1: kolom {i + 1} {found}, verwacht '{want}' (de kolommen van het "
                    "LRT-dashboard, pagina 2, in die volgorde, gescheiden door ;)."
                )
        raise DatasetError(f"{name} regel 1: {len(header)} kolommen, verwacht {len(expected)}.")
    provincies: list[str] = []
    kolommen: dict[str, list[Entry]] = {k.id: [] for k in LRT_KOLOMMEN}
    totaal: dict[str, Entry] | None = None
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise DatasetError(f"{name} regel {lineno}: {len(row)} velden, verwacht {len(header)}.")
        label = row[0].strip()
        values = {k.id: make_entry(row[i].strip() or None) for i, k in enumerate(LRT_KOLOMMEN, start=1)}
        if label.casefold() == TOTAL_LABEL.casefold():
            if totaal is not None:
                raise DatasetError(f"{name} regel {lineno}: de rij '{TOTAL_LABEL}' staat er twee keer in.")
            totaal = {k: v for k, v in values.items() if v.kind is not Kind.BLANK}
            continue
        if totaal is not None:
            raise DatasetError(f"{name} regel {lineno}: een provincie onder de rij '{TOTAL_LABEL}'.")
        if not label:
            raise DatasetError(f"{name} regel {lineno}: de naam van de provincie ontbreekt.")
        if label.casefold() in (p.casefold() for p in provincies):
            raise DatasetError(f"{name} regel {lineno}: provincie '{label}' staat er twee keer in.")
        provincies.append(label)
        for k, entry in values.items():
            kolommen[k].append(entry)
    if not provincies:
        raise DatasetError(f"{name} bevat geen provincies.")
    return LrtTabel(
        provincies=tuple(provincies),
        kolommen={k: tuple(v) for k, v in kolommen.items()},
        totaal=totaal or {},
        provincie_cellen=tuple(make_entry(p) for p in provincies),
    )


def _json(text: str, name: str) -> dict[str, object]:
    text = text.removeprefix("\ufeff")
    try:
        meta = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{name}: geen geldige JSON (regel {exc.lineno}): {exc.msg}") from exc
    if not isinstance(meta, dict):
        raise DatasetError(f"{name}: verwacht een object tussen {{ en }}.")
    return meta


def iso_datum(value: object, waar: str) -> dt.date | None:
    """An ISO date ('2024-09-01') of a JSON data file, None when absent; `waar` names file and key."""
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise DatasetError(f"{waar} is geen datum als 2024-09-01: {value!r}.")


def _text(value: object, name: str, key: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DatasetError(f"{name}: {key} moet tekst zijn, niet {value!r}.")
    return value
