"""`puzzel bouw --lite`: puzzel-lite.xlsx is puzzel.xlsm without VBA and ribbon, with xlwings Lite's code inside.

Compared part by part with the shipped puzzel.xlsm: every sheet part, style, defined name,
validation and formula is the same; only the macro parts go, the web-extension parts and
sheet Starten come. It validates with the Open XML SDK and opens in LibreOffice.
puzzel-lite.xlsx is not committed: it names the address where the province hosts the xlpuzzel
wheel, which the repository cannot know; `puzzel bouw --lite --wiel ADRES` makes it.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from xlpuzzel.build.lite import STARTEN_SHEET, WEBEXTENSION_PART, WIEL_PLAATS
from xlpuzzel.cli import main
from xlpuzzel.package import parts_from_bytes
from xlpuzzel.resources import LITE_DIR, ROOT

WIEL = "https://voorbeeld.invalid/xlpuzzel-0.1.0-py3-none-any.whl"


@pytest.fixture(scope="module")
def lite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lite") / "puzzel-lite.xlsx"
    assert main(["bouw", "--lite", "--wiel", WIEL, "--uit", str(out)]) == 0
    return out


def _sheets(parts: dict[str, bytes]) -> dict[str, str]:
    """Sheet name -> its part."""
    book = etree.fromstring(parts["xl/workbook.xml"])
    rels = etree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    target = {r.get("Id"): "xl/" + r.get("Target").lstrip("/").removeprefix("xl/") for r in rels}
    ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    return {s.get("name"): target[s.get(ns)] for s in book.iter("{*}sheet")}


def _names(parts: dict[str, bytes]) -> dict[tuple[str, str | None], str]:
    """(defined name, the sheet it is local to) -> what it refers to."""
    book = etree.fromstring(parts["xl/workbook.xml"])
    sheets = [s.get("name") for s in book.iter("{*}sheet")]
    return {
        (d.get("name"), sheets[int(d.get("localSheetId"))] if d.get("localSheetId") else None): d.text
        for d in book.iter("{*}definedName")
    }


def test_lite_workbook_keeps_every_sheet_style_name_validation_and_formula(lite: Path) -> None:
    """Each sheet part, styles and every defined name of puzzel.xlsm are in puzzel-lite.xlsx unchanged."""
    xlsm = parts_from_bytes((ROOT / "puzzel.xlsm").read_bytes())
    xlsx = parts_from_bytes(lite.read_bytes())
    # Every style keeps its index (sheet Starten only adds fonts and formats after them).
    styles_m, styles_x = etree.fromstring(xlsm["xl/styles.xml"]), etree.fromstring(xlsx["xl/styles.xml"])
    for m in styles_m:
        (x,) = styles_x.findall(m.tag)
        kept = [etree.tostring(c) for c in m]
        assert [etree.tostring(c) for c in x][: len(kept)] == kept, m.tag
    sheets_m, sheets_x = _sheets(xlsm), _sheets(xlsx)
    assert list(sheets_x) == [*sheets_m, STARTEN_SHEET]
    for name, part in sheets_m.items():
        assert xlsx[sheets_x[name]] == xlsm[part], name  # formulas, validations, formats: the same bytes
    assert _names(xlsx) == _names(xlsm)
    formulas = sum(xlsm[p].count(b"<f>") + xlsm[p].count(b"<f ") for p in sheets_m.values())
    validations = sum(xlsm[p].count(b"<dataValidation ") for p in sheets_m.values())
    assert formulas > 100 and validations > 0
    for part in xlsm:  # every other part stays, except the macro parts
        if part not in ("xl/vbaProject.bin", "customUI/customUI14.xml") and not part.endswith(".rels") and \
                part not in ("[Content_Types].xml", "xl/workbook.xml", "docProps/app.xml"):
            assert part in xlsx, part


def test_lite_workbook_has_no_vba_and_no_ribbon(lite: Path) -> None:
    """No vbaProject, no customUI, no macro content type: Excel on the web and Mac open it without macros."""
    parts = parts_from_bytes(lite.read_bytes())
    assert not [p for p in parts if "vba" in p.lower() or p.lower().startswith("customui")]
    blob = b"".join(parts[p] for p in parts if p.endswith((".rels", ".xml")))
    assert b"macroEnabled" not in blob and b"vbaProject" not in blob and b"ui/extensibility" not in blob
    assert lite.suffix == ".xlsx"


def test_lite_code_is_stored_where_lite_reads_it_and_on_sheet_starten(lite: Path) -> None:
    """main.py and requirements.txt (the wheel's address filled in) as Lite's settings, and as text on Starten."""
    parts = parts_from_bytes(lite.read_bytes())
    root = etree.fromstring(parts[WEBEXTENSION_PART])
    props = {p.get("name"): json.loads(p.get("value")) for p in root.iter("{*}property")}
    main_py = (LITE_DIR / "main.py").read_text(encoding="utf-8")
    assert props["main.py"] == main_py
    assert WIEL in props["requirements.txt"].splitlines() and WIEL_PLAATS not in props["requirements.txt"]
    assert root.find("{*}reference").get("id").upper() == "WA200008175"
    from openpyxl import load_workbook

    ws = load_workbook(lite)[STARTEN_SHEET]
    lines = [("" if c.value is None else str(c.value)) for c in ws["A"]]
    text = "\n".join(lines)
    assert main_py.strip() in text
    steps = [line for line in lines if re.match(r"[123]\. ", line)]
    assert len(steps) == 3


def test_lite_workbook_validates_and_opens_in_libreoffice(lite: Path, tmp_path: Path) -> None:
    """The Open XML SDK finds nothing; LibreOffice opens it and renders the sheets."""
    from tests.ooxml_validator import assert_valid

    assert_valid(lite)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice ontbreekt")
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "csv",
         "--outdir", str(tmp_path), str(lite)],
        check=False, capture_output=True, text=True, timeout=180,
    )
    assert done.returncode == 0, done.stderr
    assert "Gemeente" in (tmp_path / "puzzel-lite.csv").read_text(encoding="utf-8", errors="replace")


def test_bouw_lite_refuses_a_macro_name_and_a_wheel_without_lite(tmp_path: Path, capsys) -> None:
    """--lite writes .xlsx only; --wiel belongs to --lite; both say so in Dutch and write nothing."""
    assert main(["bouw", "--lite", "--uit", str(tmp_path / "x.xlsm")]) == 2
    assert main(["bouw", "--wiel", WIEL, "--uit", str(tmp_path / "x.xlsm")]) == 2
    err = capsys.readouterr().err
    assert "moet op .xlsx eindigen" in err and "--wiel hoort bij --lite" in err
    assert not list(tmp_path.iterdir())
