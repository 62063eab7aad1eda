"""Every kind of file the tool writes validates against Microsoft's Open XML SDK schemas."""

from __future__ import annotations

from pathlib import Path

import pytest
from ooxml_validator import assert_valid, errors, validate


def test_shipped_workbook_validates_with_the_open_xml_sdk(shipped_workbook: Path):
    """The built puzzel.xlsm (ribbon XML included) has no schema finding at all: the builder puts font children
    in Excel's order (openpyxl does not)."""
    assert validate([shipped_workbook]) == {str(shipped_workbook): []}


def test_validator_reports_a_broken_ribbon(tmp_path: Path, shipped_bytes: bytes):
    """The validator is no test that cannot fail: an unknown ribbon attribute is reported."""
    from xlpuzzel.package import package_bytes, parts_from_bytes

    parts = parts_from_bytes(shipped_bytes)
    parts["customUI/customUI14.xml"] = parts["customUI/customUI14.xml"].replace(b"<tab ", b'<tab bogus="1" ', 1)
    path = tmp_path / "kapot.xlsm"
    path.write_bytes(package_bytes(parts))
    assert any("bogus" in e for e in errors([path])[str(path)])


@pytest.mark.slow
def test_letters_memo_and_exports_validate_with_the_open_xml_sdk(tmp_path: Path, opgeloste_werkmap: Path,
                                                                 ingevulde_werkmap: Path):
    """Concept letters (every block a letter has, plus the concept note; the bijlage spliced in), the memo, the Woo
    export and the workbook after `bijstellingen` and `basis --ja`: no finding but openpyxl's font order (one run)."""
    from conftest import type_value

    from xlpuzzel.cli import main
    from xlpuzzel.package import package_bytes, parts_from_bytes

    out = tmp_path / "uit"
    assert main(["memo", str(opgeloste_werkmap), "--uit", str(out / "schoon")]) == 0
    # Two letters: their bijlage is rendered once and spliced into each (xlpuzzel.brief.sjabloon.Gedeeld).
    assert main(["brieven", str(ingevulde_werkmap), "--uit", str(out / "concept"), "--ondanks-fouten",
                 "--gemeente", "Borger-Odoorn", "--gemeente", "Assen"]) == 0
    parts = parts_from_bytes(ingevulde_werkmap.read_bytes())
    type_value(parts, "H14", 150)
    changed = tmp_path / "bijgesteld.xlsm"
    changed.write_bytes(package_bytes(parts))
    assert main(["bijstellingen", str(changed), "--gebruiker", "jan"]) == 0
    assert main(["log", str(changed), "--woo", "--uit", str(out / "woo")]) == 0
    assert main(["basis", str(changed), "--ja", "--gebruiker", "jan"]) == 0
    files = sorted(out.rglob("*.docx")) + sorted(out.rglob("*.xlsx")) + [changed]
    assert len(files) == 5
    assert_valid(*files)
