"""Shared fixtures: the data file of 12-7-2024 and workbooks built from it by the project itself."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from xlpuzzel.apportionment import apportion
from xlpuzzel.build import build_workbook, load_dataset
from xlpuzzel.dataset import Dataset
from xlpuzzel.entry import Entry, make_entry
from xlpuzzel.package import package_bytes, parts_from_bytes
from xlpuzzel.resources import DEFAULT_DATA, FOLDERS, ROOT


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    """The puzzel table of 12-7-2024 as printed in the memo (data/drenthe-2024-07-12)."""
    return load_dataset(DEFAULT_DATA)


def repaired(dataset: Dataset) -> Dataset:
    """The table of 12-7-2024 with the memo's inconsistencies repaired, so it has no findings.

    Emmen gets bijlage 1's 108.765 inhabitants, the Oek tasks are the population shares
    (Hamilton) of the provincial 5.722, 'ntb' becomes 0 and every inbreng is eerste voorstel +
    bijstelling. A gemeente the province adjusted still ends at its total task: where the
    population share moved that task up by a place (Borger-Odoorn, De Wolden), its Oek
    bijstelling takes the place too. Only the shipped (formula) build of it is meaningful: its
    printed derived rows are left as they were.
    """
    p = dataset.puzzel
    columns = {k: list(v) for k, v in p.columns.items()}
    emmen = p.index_of("Emmen")
    columns["inwoners"][emmen] = make_entry("108.765")
    inwoners = [e.amount or 0 for e in columns["inwoners"]]
    columns["opgave_oek"] = [make_entry(str(v)) for v in apportion(5722, inwoners)]
    for i in range(len(p.gemeenten)):
        cats = ("oek", "asiel", "amv")
        if not any(columns[f"bijstelling_{c}"][i].amount for c in cats):
            continue
        short = sum(columns[f"opgave_{c}"][i].amount or 0 for c in cats) - sum(
            (columns[f"eerste_{c}"][i].amount or 0) + (columns[f"bijstelling_{c}"][i].amount or 0) for c in cats
        )
        if short > 0:
            columns["bijstelling_oek"][i] = make_entry(str(columns["bijstelling_oek"][i].amount + short))
    for cat in ("oek", "asiel", "amv"):
        first = [make_entry("0") if e.amount is None else e for e in columns[f"eerste_{cat}"]]
        columns[f"eerste_{cat}"] = first
        columns[f"inbreng_{cat}"] = [
            make_entry(str((f.amount or 0) + (b.amount or 0))) for f, b in zip(first, columns[f"bijstelling_{cat}"])
        ]
    puzzel = replace(p, columns={k: tuple(v) for k, v in columns.items()})
    return Dataset(puzzel=puzzel, meta=dataset.meta)


def without_gemeente(dataset: Dataset, name: str) -> Dataset:
    """The dataset with one gemeente row removed and the Totaal row kept as it was."""
    p = dataset.puzzel
    i = p.index_of(name)

    def drop(entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
        return entries[:i] + entries[i + 1 :]

    puzzel = replace(
        p,
        gemeenten=drop(p.gemeenten),  # type: ignore[arg-type]
        columns={k: drop(v) for k, v in p.columns.items()},
        gemeente_cells=drop(p.gemeente_cells),
    )
    return Dataset(puzzel=puzzel, meta=dataset.meta)


@pytest.fixture(scope="session")
def clean_dataset(dataset: Dataset) -> Dataset:
    """The repaired table of 12-7-2024 (see :func:`repaired`): `puzzel controleer` finds nothing."""
    return repaired(dataset)


@pytest.fixture(scope="session")
def clean_bytes(clean_dataset: Dataset) -> bytes:
    """The shipped build of the repaired table."""
    return build_workbook(clean_dataset)


@pytest.fixture(scope="session")
def shipped_bytes(dataset: Dataset) -> bytes:
    """The shipped workbook: formulas in every derived cell, no cached values."""
    return build_workbook(dataset)


@pytest.fixture(scope="session")
def printed_bytes(dataset: Dataset) -> bytes:
    """The as-printed workbook: every derived cell typed exactly as printed in the memo."""
    return build_workbook(dataset, as_printed=True)


@pytest.fixture
def shipped_workbook(tmp_path: Path, shipped_bytes: bytes) -> Path:
    """A fresh copy of the shipped workbook in the test's temp folder."""
    path = tmp_path / "puzzel.xlsm"
    path.write_bytes(shipped_bytes)
    return path


@pytest.fixture(scope="session")
def ingevuld_bytes(shipped_bytes: bytes) -> bytes:
    """The shipped workbook after staff filled in the letter settings no source gives (made-up test values)."""
    return met_testinstellingen_in(shipped_bytes)


@pytest.fixture
def ingevulde_werkmap(tmp_path: Path, ingevuld_bytes: bytes) -> Path:
    """A fresh copy of the shipped workbook with the letter settings filled in (see :func:`ingevuld_bytes`)."""
    path = tmp_path / "puzzel.xlsm"
    path.write_bytes(ingevuld_bytes)
    return path


@pytest.fixture
def printed_workbook(tmp_path: Path, printed_bytes: bytes) -> Path:
    """A fresh copy of the as-printed workbook in the test's temp folder."""
    path = tmp_path / "zoals-gedrukt.xlsm"
    path.write_bytes(printed_bytes)
    return path


PartsPatch = Callable[[dict[str, bytes]], None]


def patch_sheet_xml(parts: dict[str, bytes], part: str, pattern: str, replacement: str, count: int = 1) -> None:
    """Replace `pattern` (a regex) in an XML part; fails loudly when it does not occur."""
    text = parts[part].decode("utf-8")
    new, n = re.subn(pattern, replacement, text, count=count)
    assert n, f"{pattern!r} not found in {part}"
    parts[part] = new.encode("utf-8")


def sheet_part(parts: dict[str, bytes], sheet: str = "Puzzel") -> str:
    """The part name of a sheet's XML, looked up in workbook.xml and its relationships."""
    workbook = parts["xl/workbook.xml"].decode("utf-8")
    tag = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*>', workbook)
    assert tag, f"sheet {sheet} not in workbook.xml"
    rid = re.search(r'r:id="([^"]+)"', tag.group(0))
    assert rid
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    rel = re.search(rf'<Relationship [^>]*Id="{rid.group(1)}"[^>]*>', rels)
    assert rel
    target = re.search(r'Target="([^"]+)"', rel.group(0))
    assert target
    path = target.group(1)
    return path.lstrip("/") if path.startswith("/") else "xl/" + path


def set_cell_xml(parts: dict[str, bytes], address: str, cell_xml: str, sheet: str = "Puzzel") -> None:
    """Replace the whole `<c r="address" ...>...</c>` element of a cell on a sheet by `cell_xml`."""
    patch_sheet_xml(parts, sheet_part(parts, sheet), rf'<c r="{address}"(?: [^>]*?)?(?:/>|>.*?</c>)', cell_xml)


def type_value(parts: dict[str, bytes], address: str, value: object, sheet: str = "Puzzel") -> None:
    """Type a value in a cell as staff would (number, text or None), keeping the cell's format `s`."""
    part = sheet_part(parts, sheet)
    match = re.search(rf'<c r="{address}"((?: [^>]*?)?)(?:/>|>.*?</c>)', parts[part].decode("utf-8"))
    assert match, f"{address} not in {part}"
    style = re.search(r' s="(\d+)"', match.group(1))
    s = f' s="{style.group(1)}"' if style else ""
    if value is None:
        cell = f'<c r="{address}"{s}/>'
    elif isinstance(value, (int, float)):
        cell = f'<c r="{address}"{s}><v>{value}</v></c>'
    else:
        cell = f'<c r="{address}"{s} t="inlineStr"><is><t>{value}</t></is></c>'
    set_cell_xml(parts, address, cell, sheet)


def with_shared_strings(source: bytes) -> bytes:
    """The workbook as Excel saves it: every inline string of every sheet moved to xl/sharedStrings.xml."""
    parts = parts_from_bytes(source)
    strings: list[str] = []

    def shared(match: re.Match[str]) -> str:
        text = match.group(2)
        if text not in strings:
            strings.append(text)
        return f'{match.group(1)} t="s"><v>{strings.index(text)}</v></c>'

    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        text = parts[name].decode("utf-8")
        parts[name] = re.sub(r'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="inlineStr"><is><t(?: [^>]*)?>([^<]*)</t></is></c>',
                             shared, text).encode("utf-8")
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    items = "".join(f'<si><t xml:space="preserve">{s}</t></si>' for s in strings)
    parts["xl/sharedStrings.xml"] = f'<sst xmlns="{ns}" count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'.encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rel = ('<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           'sharedStrings" Target="sharedStrings.xml"/>')
    parts["xl/_rels/workbook.xml.rels"] = rels.replace("</Relationships>", rel + "</Relationships>").encode()
    types = parts["[Content_Types].xml"].decode()
    override = ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                'spreadsheetml.sharedStrings+xml"/>')
    parts["[Content_Types].xml"] = types.replace("</Types>", override + "</Types>").encode()
    return package_bytes(parts)


@pytest.fixture
def patched_workbook(tmp_path: Path) -> Callable[[bytes, PartsPatch, str], Path]:
    """Write `source` bytes with its parts changed by `patch` to a file in the temp folder."""

    def make(source: bytes, patch: PartsPatch, name: str = "puzzel.xlsm") -> Path:
        parts = parts_from_bytes(source)
        patch(parts)
        path = tmp_path / name
        path.write_bytes(package_bytes(parts))
        return path

    return make


# --- letters and memo (issue 4): the table of 12-7-2024 with its errors resolved ------------


def resolve_as_staff_would(dataset: Dataset) -> Dataset:
    """Same numbers as printed, with the inconsistencies resolved as staff would resolve them.

    Emmen 108.765 inwoners (bijlage 1); Borger-Odoorn inbreng 385 / 0 / 50; Tynaarlo AMV
    inbreng 28; Noordenveld eerste voorstel asiel 0 instead of 'ntb'; the Oek tasks
    apportioned over the populations so they add up to 5.722; Emmen's stray AMV bijstelling
    of +20 removed (its first offer already equals its total task, every other bijstelling is
    a 1:1 swap, and the printed inbreng 20 and AMV total 283 leave it out).
    """
    import dataclasses

    from xlpuzzel.apportionment import apportion
    from xlpuzzel.entry import make_entry

    puzzel = dataset.puzzel
    columns = {cid: list(entries) for cid, entries in puzzel.columns.items()}

    def put(gemeente: str, column_id: str, raw: object) -> None:
        columns[column_id][puzzel.index_of(gemeente)] = make_entry(raw)

    put("Emmen", "inwoners", 108765)
    put("Borger-Odoorn", "inbreng_oek", 385)
    put("Borger-Odoorn", "inbreng_asiel", 0)
    put("Borger-Odoorn", "inbreng_amv", 50)
    put("Emmen", "bijstelling_amv", None)
    put("Tynaarlo", "inbreng_amv", 28)
    put("Noordenveld", "eerste_asiel", 0)
    populations = [e.amount or 0 for e in columns["inwoners"]]
    for i, part in enumerate(apportion(5722, populations)):
        columns["opgave_oek"][i] = make_entry(part)
    resolved = dataclasses.replace(puzzel, columns={k: tuple(v) for k, v in columns.items()})
    meta = met_testinstellingen(met_testadressen(dataset.meta, puzzel.gemeenten))
    return dataclasses.replace(dataset, puzzel=resolved, meta=meta)


#: The letter settings no source document gives (staff fill them in on sheet Instellingen), as obviously
#: made-up values for the tests, the docs' examples and the benchmarks: never mistaken for real ones.
TEST_BRIEFINSTELLINGEN = {"kenmerk": "TEST/0000", "datum_brief": "2099-01-05", "besluit_uiterlijk": "2099-02-05"}


def met_testinstellingen(meta: dict) -> dict:
    """The data file's settings with the made-up letter settings of :data:`TEST_BRIEFINSTELLINGEN` filled in."""
    return {**meta, "instellingen": {**meta.get("instellingen", {}), **TEST_BRIEFINSTELLINGEN}}


def met_testinstellingen_in(data: bytes) -> bytes:
    """A workbook's bytes with the made-up letter settings typed on sheet Instellingen (as staff type them)."""
    from xlpuzzel.layout import INSTELLINGEN_SHEET
    from xlpuzzel.reader import read_sheet

    parts = parts_from_bytes(data)
    rows = {c.value: address[1:] for address, c in read_sheet(parts, INSTELLINGEN_SHEET).items() if address[0] == "A"}
    for key, value in TEST_BRIEFINSTELLINGEN.items():
        assert key in rows, f"instelling {key} niet op blad {INSTELLINGEN_SHEET}"
        type_value(parts, f"B{rows[key]}", value, INSTELLINGEN_SHEET)
    return package_bytes(parts)


def testinstellingen(instellingen) -> dict:  # type: ignore[no-untyped-def]
    """Settings as read from a workbook with the made-up letter settings filled in (tests that make letters)."""
    return {**instellingen, **TEST_BRIEFINSTELLINGEN}


def met_testadressen(meta: dict, gemeenten: tuple[str, ...]) -> dict:
    """The data file's settings with an obviously made-up postal address per gemeente (tests only).

    The real addresses are in no source document; staff type them on sheet Adressen. Tests need
    complete ones, so each gets 'Testadres <n>, 9999 XX Teststad': never mistaken for a real one.
    """
    adressen = {name: dict(meta.get("adressen", {}).get(name, {})) for name in gemeenten}
    for i, name in enumerate(gemeenten, start=1):
        adressen[name].update(postadres=f"Testadres {i}", postcode="9999 XX", plaats="Teststad",
                              email=f"gemeente{i}@example.org")
    return {**meta, "adressen": adressen}


def adressen_van_test(dataset: Dataset) -> dict:
    """The dataset's addresses as sheet Adressen gives them (see xlpuzzel.adressen)."""
    from xlpuzzel.adressen import adressen_uit_velden

    return adressen_uit_velden(dataset.puzzel.gemeenten, dataset.adressen)


def verzonnen_adressen(puzzel) -> dict:
    """A made-up address for every gemeente of any puzzel (tests that are not about addresses)."""
    from xlpuzzel.adressen import adressen_uit_velden

    return adressen_uit_velden(puzzel.gemeenten, met_testadressen({}, puzzel.gemeenten)["adressen"])


@pytest.fixture(scope="session")
def opgeloste_dataset(dataset: Dataset) -> Dataset:
    """The data of 12-7-2024 with its inconsistencies resolved as staff would (see resolve_as_staff_would)."""
    return resolve_as_staff_would(dataset)


@pytest.fixture(scope="session")
def opgeloste_adressen(opgeloste_dataset: Dataset) -> dict:
    """The test addresses of the resolved data, as sheet Adressen gives them."""
    return adressen_van_test(opgeloste_dataset)


@pytest.fixture(scope="session")
def opgeloste_werkmap(tmp_path_factory: pytest.TempPathFactory, opgeloste_dataset: Dataset) -> Path:
    """A real workbook built from the resolved data (formulas in every derived cell)."""
    path = tmp_path_factory.mktemp("opgelost") / "puzzel.xlsm"
    path.write_bytes(build_workbook(opgeloste_dataset))
    return path


@pytest.fixture(scope="session")
def user_edited_bytes(dataset: Dataset) -> bytes:
    """The shipped workbook after staff added own notes (A5, H7), a red fill (B6), validation and a
    conditional format; VBA and ribbon embedded afterwards (openpyxl only before that)."""
    import io

    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from xlpuzzel.build.workbook import build_parts
    from xlpuzzel.vba import build_vba_project, embed_vba_and_ribbon, ribbon_xml

    wb = openpyxl.load_workbook(io.BytesIO(package_bytes(build_parts(dataset))))
    ws = wb["Puzzel"]
    ws["A5"].comment = Comment("Wethouder belt terug.", "Anna")
    ws["H7"].comment = Comment("Gemeente twijfelt nog.", "Anna")
    ws["B6"].fill = PatternFill("solid", fgColor="FF0000")
    validation = DataValidation(type="whole", allow_blank=True)
    # Beside the table: the built workbook validates G5:I16 itself, and a cell has one validation.
    validation.add("R5:R16")
    ws.add_data_validation(validation)
    red = PatternFill("solid", fgColor="FFC7CE")
    ws.conditional_formatting.add("N5:P16", CellIsRule(operator="lessThan", formula=["0"], fill=red))
    buffer = io.BytesIO()
    wb.save(buffer)
    parts = embed_vba_and_ribbon(parts_from_bytes(buffer.getvalue()), build_vba_project(), ribbon_xml())
    return package_bytes(parts)


def documentgegevens_van(path: Path):  # type: ignore[no-untyped-def]
    """What the letters are made from (puzzel, Instellingen, Adressen), read from a file through the use case."""
    from xlpuzzel.usecases import documentgegevens
    from xlpuzzel.workbookfile import open_workbook

    with open_workbook(path) as werkmap:
        return documentgegevens(werkmap)


#: What the wheel is built from: the code, the project file and the folders shipped as package data.
WHEEL_SOURCES = ("pyproject.toml", "README.md", "xlpuzzel", "udfs", *FOLDERS)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built once per session from a copy of the sources."""
    src = tmp_path_factory.mktemp("wheel-src")
    for name in WHEEL_SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(path, src / name)
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(src)],
        check=False, capture_output=True, text=True, timeout=300,
    )
    if done.returncode != 0:
        pytest.fail(f"pip wheel failed:\n{done.stdout}\n{done.stderr}")
    (found,) = out.glob("xlpuzzel-*.whl")
    return found


def werkmap_van(data: bytes, naam: str = "puzzel.xlsm"):  # type: ignore[no-untyped-def]
    """A workbook's bytes as the file adapter reads them (read-only, no file): what every use case takes."""
    from xlpuzzel.storage import Snapshot
    from xlpuzzel.workbookfile import WorkbookFile

    return WorkbookFile(Snapshot(Path(naam), Path(naam), data, len(data), 0, (0, 0), ""), naam)
