"""What a province's data file adds for sheets Landelijk and Prognose (pure parsing, no files).

In the data file's JSON (e.g. `data/drenthe-2024-07-12.json`):

- ``"landelijk": {"lrt": "lrt-2024-09-01", "kaarten": {"oek": {...}}}`` names the LRT data
  file and gives, per category, the facts of the province's card that the LRT table does
  not hold (old task and its date, an earlier realisation and its date), each with its
  source. A card without them gets empty input cells that staff fill in.
- ``"prognose": "drenthe-prognose-2024"`` names the prognosis table as printed (CSV) with
  its source (JSON).
- ``"art28": {"periode": ..., "landelijke_taakstelling": ..., "inwoners_nederland": ..., "bron": ...}``
  (optional) fills the inputs of the art. 28 block; without it staff type them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from xlpuzzel.dataset import DatasetError
from xlpuzzel.entry import Kind, make_entry
from xlpuzzel.landelijk.layout import CATEGORIE_BY_ID
from xlpuzzel.landelijk.lrt import LrtBestand, iso_datum

#: The LRT data file used when a data file names none.
DEFAULT_LRT = "lrt-2024-09-01"


@dataclass(frozen=True)
class ProvincieKaart:
    """Facts of one card of the province, from the province's own documents."""

    categorie: str
    start: int | None = None
    startdatum: dt.date | None = None
    eerdere_realisatie: int | None = None
    eerdere_datum: dt.date | None = None
    bron: str = ""


@dataclass(frozen=True)
class PrognoseTabel:
    """The prognosis table as printed: per year the inputs and the printed derived columns."""

    eerste_jaar: int
    start_achterstand: int
    #: Per year, as printed.
    achterstand_begin: tuple[int, ...]
    taakstelling: tuple[int, ...]
    gehuisvest: tuple[int, ...]
    #: As printed, for checking the model against the bijlage.
    achterstand_eind: tuple[int, ...]
    te_huisvesten: tuple[int, ...]
    titel: str = ""
    bron: str = ""
    toelichting: str = ""

    @property
    def jaren(self) -> tuple[int, ...]:
        """The years of the rows."""
        return tuple(self.eerste_jaar + i for i in range(len(self.taakstelling)))


@dataclass(frozen=True)
class Art28Invoer:
    """The inputs of the art. 28 block when a data file gives them (the national figures and their source)."""

    periode: str = ""
    landelijke_taakstelling: int | None = None
    inwoners_nederland: int | None = None
    bron: str = ""


@dataclass(frozen=True)
class LandelijkeBronnen:
    """Everything sheets Landelijk and Prognose are built from, besides the puzzel."""

    lrt: LrtBestand
    kaarten: Mapping[str, ProvincieKaart] = field(default_factory=dict)
    prognose: PrognoseTabel | None = None
    art28: Art28Invoer = field(default_factory=Art28Invoer)


def parse_art28(meta: Mapping[str, object], name: str) -> Art28Invoer:
    """The optional 'art28' object of a data file: periode, landelijke_taakstelling, inwoners_nederland, bron."""
    raw = meta.get("art28", {})
    if not isinstance(raw, dict):
        raise DatasetError(f"{name}: 'art28' moet een object zijn.")
    unknown = sorted(set(raw) - {"periode", "landelijke_taakstelling", "inwoners_nederland", "bron"})
    if unknown:
        raise DatasetError(f"{name}: art28: onbekende sleutel {', '.join(unknown)}.")
    for key in ("periode", "bron"):
        if not isinstance(raw.get(key, ""), str):
            raise DatasetError(f"{name}: art28.{key} moet tekst zijn.")
    nederland = _count(raw.get("inwoners_nederland"), f"{name}: art28.inwoners_nederland")
    if nederland == 0:
        raise DatasetError(f"{name}: art28.inwoners_nederland moet groter dan 0 zijn.")
    return Art28Invoer(
        periode=raw.get("periode", ""),
        landelijke_taakstelling=_count(raw.get("landelijke_taakstelling"), f"{name}: art28.landelijke_taakstelling"),
        inwoners_nederland=nederland,
        bron=raw.get("bron", ""),
    )


def bron_namen(meta: Mapping[str, object], name: str) -> tuple[str, str | None]:
    """(LRT data file, prognosis data file or None) that a data file's JSON names."""
    landelijk = meta.get("landelijk", {})
    if not isinstance(landelijk, dict):
        raise DatasetError(f"{name}: 'landelijk' moet een object zijn ({{\"lrt\": ..., \"kaarten\": ...}}).")
    lrt = landelijk.get("lrt", DEFAULT_LRT)
    prognose = meta.get("prognose")
    for key, value in (("landelijk.lrt", lrt), ("prognose", prognose)):
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise DatasetError(f"{name}: '{key}' moet de naam van een gegevensbestand zijn, bijv. \"{DEFAULT_LRT}\".")
    return str(lrt), prognose if isinstance(prognose, str) else None


def parse_kaarten(meta: Mapping[str, object], name: str) -> dict[str, ProvincieKaart]:
    """The province's card facts from the data file's JSON ('landelijk' > 'kaarten')."""
    landelijk = meta.get("landelijk", {})
    raw = landelijk.get("kaarten", {}) if isinstance(landelijk, dict) else {}
    if not isinstance(raw, dict):
        raise DatasetError(f"{name}: 'landelijk.kaarten' moet een object zijn ({{\"oek\": {{...}}}}).")
    out = {}
    for categorie, item in raw.items():
        where = f"{name}: landelijk.kaarten.{categorie}"
        if categorie not in CATEGORIE_BY_ID:
            raise DatasetError(f"{where}: onbekende categorie (bekend: {', '.join(CATEGORIE_BY_ID)}).")
        if not isinstance(item, dict):
            raise DatasetError(f"{where}: moet een object zijn.")
        bron = item.get("bron", "")
        if not isinstance(bron, str):
            raise DatasetError(f"{where}: 'bron' moet tekst zijn.")
        out[categorie] = ProvincieKaart(
            categorie=categorie,
            start=_count(item.get("start"), f"{where}.start"),
            startdatum=iso_datum(item.get("startdatum"), f"{where}.startdatum"),
            eerdere_realisatie=_count(item.get("eerdere_realisatie"), f"{where}.eerdere_realisatie"),
            eerdere_datum=iso_datum(item.get("eerdere_datum"), f"{where}.eerdere_datum"),
            bron=bron,
        )
    return out


#: Header of the prognosis CSV as the bijlage prints it (the first column has no heading).
PROGNOSE_KOPPEN: tuple[str, ...] = (
    "", "achterstand 1-1", "Gemiddelde taakstelling", "Aanname gehuisvest", "Achterstand",
    "te huisvesten opvolgend jaar",
)


def parse_prognose(csv_text: str, json_text: str, source: str) -> PrognoseTabel:
    """The prognosis table exactly as printed ('1-1-2023;0;1100;985;115;1100') and its source."""
    name = f"{source}.csv"
    rows = [r for r in csv.reader(io.StringIO(csv_text.removeprefix("\ufeff")), delimiter=";")
            if any(c.strip() for c in r)]
    if not rows or tuple(c.strip() for c in rows[0]) != PROGNOSE_KOPPEN:
        raise DatasetError(f"{name} regel 1: verwacht de kolommen {';'.join(PROGNOSE_KOPPEN)} (zoals in de bijlage).")
    years: list[int] = []
    columns: list[list[int]] = [[] for _ in PROGNOSE_KOPPEN[1:]]
    for lineno, row in enumerate(rows[1:], start=2):
        if len(row) != len(PROGNOSE_KOPPEN):
            raise DatasetError(f"{name} regel {lineno}: {len(row)} velden, verwacht {len(PROGNOSE_KOPPEN)}.")
        label = row[0].strip()
        try:
            year = dt.datetime.strptime(label, "%d-%m-%Y").year
        except ValueError:
            raise DatasetError(f"{name} regel {lineno}: '{label}' is geen datum als 1-1-2024.") from None
        if years and year != years[-1] + 1:
            raise DatasetError(f"{name} regel {lineno}: {year} volgt niet op {years[-1]}.")
        years.append(year)
        for i, text in enumerate(row[1:]):
            entry = make_entry(text.strip())
            if entry.kind is not Kind.NUMBER or entry.number is None:
                raise DatasetError(f"{name} regel {lineno}: '{text}' ({PROGNOSE_KOPPEN[i + 1]}) is geen geheel getal.")
            columns[i].append(int(entry.number))
    if not years:
        raise DatasetError(f"{name} bevat geen jaren.")
    try:
        meta = json.loads(json_text.removeprefix("\ufeff")) if json_text.strip() else {}
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{source}.json: geen geldige JSON (regel {exc.lineno}): {exc.msg}") from exc
    if not isinstance(meta, dict) or not all(isinstance(meta.get(k, ""), str) for k in ("titel", "bron", "toelichting")):
        raise DatasetError(f"{source}.json: verwacht een object met de teksten 'titel', 'bron' en 'toelichting'.")
    begin, taak, huis, eind, te = columns
    return PrognoseTabel(
        eerste_jaar=years[0],
        start_achterstand=begin[0],
        achterstand_begin=tuple(begin),
        taakstelling=tuple(taak),
        gehuisvest=tuple(huis),
        achterstand_eind=tuple(eind),
        te_huisvesten=tuple(te),
        titel=meta.get("titel", ""),
        bron=meta.get("bron", ""),
        toelichting=meta.get("toelichting", ""),
    )


def _count(value: object, where: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise DatasetError(f"{where} moet een geheel getal van 0 of meer zijn, niet {value!r}.")
    return value
