"""Assemble the workbook: sheets via openpyxl, then a deterministic package."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

from xlpuzzel.bijstelling import Basis
from xlpuzzel.build.adressen_sheet import add_adressen_sheet
from xlpuzzel.build.basis_sheet import add_basis_sheet, shipped_basis
from xlpuzzel.build.instellingen_sheet import add_instellingen_sheet
from xlpuzzel.build.landelijk_bronnen import load_bronnen
from xlpuzzel.build.landelijk_sheet import add_landelijk_sheet, name_provincie_setting, provincie_setting
from xlpuzzel.build.lite import LiteCode, add_starten_sheet, lite_parts
from xlpuzzel.build.log_sheet import add_log_sheet
from xlpuzzel.build.prognose_sheet import add_prognose_sheet
from xlpuzzel.build.puzzel_sheet import add_puzzel_sheet
from xlpuzzel.build.ruimte_sheet import add_ruimte_sheet
from xlpuzzel.build.stijl import font_children_in_schema_order
from xlpuzzel.build.voorstel_sheet import add_voorstel_sheet
from xlpuzzel.build.xlwings_conf_sheet import add_xlwings_conf_sheet
from xlpuzzel.dataset import Dataset, DatasetError, parse_dataset
from xlpuzzel.layout import TITEL_SETTING
from xlpuzzel.package import package_bytes, parts_from_bytes
from xlpuzzel.tekst import lint_label

#: Fixed document timestamps: the build must give the same bytes every time.
_FIXED_TIME = "2024-07-12T00:00:00Z"


def load_dataset(base: str | Path) -> Dataset:
    """Read a data file pair `<base>.csv` and `<base>.json`."""
    base = Path(base)
    if base.suffix in (".csv", ".json"):
        base = base.with_suffix("")
    try:
        # Not with_suffix: a base such as 'groningen-2024.07.12' has dots of its own.
        csv_text = base.with_name(base.name + ".csv").read_text(encoding="utf-8-sig")
        json_path = base.with_name(base.name + ".json")
        json_text = json_path.read_text(encoding="utf-8") if json_path.exists() else ""
    except FileNotFoundError as exc:
        raise DatasetError(f"{exc.filename}: gegevensbestand niet gevonden.") from exc
    return parse_dataset(csv_text, json_text, source=str(base))


#: A step run on the finished workbook before it is saved (a new round fills in what it carries over).
Aanvulling = Callable[[Workbook], None]


def build_parts(
    dataset: Dataset,
    as_printed: bool = False,
    *,
    basis: Basis | None = None,
    aanvullen: Aanvulling | None = None,
    lite: LiteCode | None = None,
) -> dict[str, bytes]:
    """The workbook's package parts for a dataset.

    `basis` replaces the shipped baseline (a new round's, set by a user at a moment);
    `aanvullen` runs on the workbook after every sheet is built and before it is saved;
    with `lite` it is the xlwings Lite workbook (sheet Starten, Lite's parts).
    """
    wb = Workbook()
    bronnen = load_bronnen(dataset)
    add_puzzel_sheet(wb, dataset, as_printed=as_printed)
    add_instellingen_sheet(wb, provincie_setting(dataset.instellingen, dataset.meta))
    basis = basis or shipped_basis(dataset)
    add_log_sheet(wb, basis)
    add_basis_sheet(wb, basis)
    add_xlwings_conf_sheet(wb)
    # Sheets Landelijk and Prognose (national picture, statushouders prognosis).
    name_provincie_setting(wb)
    add_landelijk_sheet(wb, bronnen, str(provincie_setting(dataset.instellingen, dataset.meta)['provincie'] or ''))
    add_prognose_sheet(wb, len(dataset.puzzel.gemeenten), bronnen.prognose, bronnen.art28)
    add_ruimte_sheet(wb, dataset)
    add_voorstel_sheet(wb, dataset)
    # Last, so the parts of the sheets before it keep their names.
    add_adressen_sheet(wb, dataset)
    if aanvullen is not None:
        aanvullen(wb)
    if lite is not None:
        add_starten_sheet(wb, lite, str(dataset.instellingen.get(TITEL_SETTING) or ""))
    wb.active = 0
    # Formulas are written without cached values: Excel must calculate them on open.
    wb.calculation.fullCalcOnLoad = True
    buffer = io.BytesIO()
    wb.save(buffer)
    parts = parts_from_bytes(buffer.getvalue())
    parts["docProps/core.xml"] = _fixed_times(parts["docProps/core.xml"])
    parts["xl/styles.xml"] = font_children_in_schema_order(parts["xl/styles.xml"])
    return parts if lite is None else lite_parts(parts, lite)


def build_lite_workbook(dataset: Dataset, lite: LiteCode) -> bytes:
    """`puzzel-lite.xlsx`: the workbook without VBA and ribbon, with the xlwings Lite code inside."""
    return package_bytes(build_parts(dataset, lite=lite))


def build_xlsm_parts(
    dataset: Dataset, as_printed: bool = False, *, basis: Basis | None = None, aanvullen: Aanvulling | None = None
) -> dict[str, bytes]:
    """The parts of the macro-enabled workbook: sheets plus VBA project and ribbon."""
    from xlpuzzel.vba import build_vba_project, embed_vba_and_ribbon, ribbon_xml

    parts = build_parts(dataset, as_printed=as_printed, basis=basis, aanvullen=aanvullen)
    return embed_vba_and_ribbon(parts, build_vba_project(), ribbon_xml(lint_label(dataset.instellingen)))


def build_workbook(
    dataset: Dataset, as_printed: bool = False, *, basis: Basis | None = None, aanvullen: Aanvulling | None = None
) -> bytes:
    """The .xlsm file's bytes; `as_printed` types every derived cell as printed (test fixture)."""
    return package_bytes(build_xlsm_parts(dataset, as_printed=as_printed, basis=basis, aanvullen=aanvullen))


def _fixed_times(core_xml: bytes) -> bytes:
    text = core_xml.decode("utf-8")
    text = re.sub(
        r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
        lambda m: m.group(1) + _FIXED_TIME + m.group(3),
        text,
    )
    return text.encode("utf-8")
