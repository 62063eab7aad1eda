"""Read the LRT and prognosis data files a province's data file names (the file-reading shell).

A name without a folder is looked up beside the data file first, then in the repo's
`data/` folder, so a new province's data file can use the national LRT file as it is.
"""

from __future__ import annotations

from pathlib import Path

from xlpuzzel.dataset import Dataset, DatasetError
from xlpuzzel.landelijk.bronnen import (
    DEFAULT_LRT,
    LandelijkeBronnen,
    bron_namen,
    parse_art28,
    parse_kaarten,
    parse_prognose,
)
from xlpuzzel.landelijk.lrt import LrtBestand, parse_lrt
from xlpuzzel.resources import DATA_DIR


def load_bronnen(dataset: Dataset) -> LandelijkeBronnen:
    """The LRT file, the province's card facts and the prognosis table of a dataset."""
    json_name = f"{dataset.source}.json" if dataset.source else "gegevensbestand"
    lrt_name, prognose_name = bron_namen(dataset.meta, json_name)
    folder = Path(dataset.source).parent if dataset.source else DATA_DIR
    base = _find(lrt_name, folder, json_name)
    lrt = parse_lrt(*_pair(base), source=str(base))
    prognose = None
    if prognose_name is not None:
        base = _find(prognose_name, folder, json_name)
        prognose = parse_prognose(*_pair(base), source=str(base))
    return LandelijkeBronnen(
        lrt=lrt,
        kaarten=parse_kaarten(dataset.meta, json_name),
        prognose=prognose,
        art28=parse_art28(dataset.meta, json_name),
    )


def load_lrt(name: str = DEFAULT_LRT) -> LrtBestand:
    """An LRT data file by name ('lrt-2024-09-01', looked up in `data/`) or path."""
    base = _find(name, DATA_DIR, name)
    return parse_lrt(*_pair(base), source=str(base.name))


def _find(name: str, folder: Path, named_in: str) -> Path:
    base = Path(name)
    if base.suffix in (".csv", ".json"):
        base = base.with_suffix("")
    candidates = [base] if base.is_absolute() else [folder / base, DATA_DIR / base]
    for candidate in candidates:
        if candidate.with_name(candidate.name + ".csv").is_file():
            return candidate
    raise DatasetError(f"{named_in}: gegevensbestand '{name}.csv' niet gevonden (gezocht in {folder} en {DATA_DIR}).")


def _pair(base: Path) -> tuple[str, str]:
    csv_text = base.with_name(base.name + ".csv").read_text(encoding="utf-8-sig")
    json_path = base.with_name(base.name + ".json")
    return csv_text, json_path.read_text(encoding="utf-8") if json_path.is_file() else ""
