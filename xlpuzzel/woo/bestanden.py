"""The Woo export written to disk: `<naam>.xlsx` and `<naam>.csv` together, never over the workbook.

The shell of :mod:`xlpuzzel.woo` (pure rows and bytes): where the files go, the output guard
(never the workbook or its `.bak`, an existing file only when xlpuzzel made it and nobody changed
it since, or with `overschrijf`) checked before and again under the folder's lock, and both
files written through :class:`xlpuzzel.uitvoer.UitvoerMap` (all or nothing).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from xlpuzzel.bijstelling import LogRegel
from xlpuzzel.woo import woo_csv, woo_regels, woo_tabel


@dataclass(frozen=True)
class WooExport:
    """What the export wrote, for the front to show."""

    xlsx: Path
    csv: Path
    rijen: int
    #: Dutch warnings of writing the .xlsx (a text cut at Excel's limit, ...).
    waarschuwingen: tuple[str, ...] = ()


def standaard_naam(werkmap: str | os.PathLike[str]) -> Path:
    """The export's name without extension when none is given: `<werkmap>-wijzigingslog-woo` beside the workbook."""
    path = Path(werkmap)
    return path.with_name(f"{path.stem}-wijzigingslog-woo")


def schrijf_woo_export(
    log: Iterable[LogRegel],
    pseudoniemen: Mapping[str, str],
    werkmap: str | os.PathLike[str],
    uit: str | os.PathLike[str] | None = None,
    overschrijf: bool = False,
) -> WooExport:
    """Write the log of `werkmap` for publication as `<uit>.xlsx` and `<uit>.csv` (default beside the workbook)."""
    from xlpuzzel.export import xlsx_bytes
    from xlpuzzel.uitvoer import UitvoerMap, controleer_uitvoerpad

    regels = woo_regels(log, pseudoniemen)
    base = Path(uit) if uit else standaard_naam(werkmap)
    if base.suffix.lower() in (".xlsx", ".csv"):
        base = base.with_suffix("")
    xlsx, csv_path = base.with_name(base.name + ".xlsx"), base.with_name(base.name + ".csv")
    for pad in (xlsx, csv_path):
        controleer_uitvoerpad(pad, werkmap=Path(werkmap), overschrijf=overschrijf)
    waarschuwingen: list[str] = []
    bestanden = {xlsx.name: xlsx_bytes(woo_tabel(regels), waarschuwingen), csv_path.name: woo_csv(regels)}
    with UitvoerMap(base.parent, vorige=False, opdracht="log --woo") as map_:
        for pad in (xlsx, csv_path):  # again under the folder's lock: another run may have written meanwhile
            controleer_uitvoerpad(pad, werkmap=Path(werkmap), overschrijf=overschrijf)
        for naam, data in bestanden.items():
            map_.schrijf(naam, data, "woo")
        map_.vastleggen()
    return WooExport(xlsx, csv_path, len(regels), tuple(waarschuwingen))
