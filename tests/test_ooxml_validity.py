"""Every kind of file the tool writes validates against Microsoft's Open XML SDK schemas."""

from __future__ import annotations

from pathlib import Path

from ooxml_validator import assert_valid, errors


def test_shipped_workbook_validates_with_the_open_xml_sdk(shipped_workbook: Path):
    """The built puzzel.xlsm (ribbon XML included) has no schema finding but openpyxl's font order."""
    assert_valid(shipped_workbook)


def test_validator_reports_a_broken_ribbon(tmp_path: Path, shipped_bytes: bytes):
    """The validator is no test that cannot fail: an unknown ribbon attribute is reported."""
    from xlpuzzel.package import package_bytes, parts_from_bytes

    parts = parts_from_bytes(shipped_bytes)
    parts["customUI/customUI14.xml"] = parts["customUI/customUI14.xml"].replace(b"<tab ", b'<tab bogus="1" ', 1)
    path = tmp_path / "kapot.xlsm"
    path.write_bytes(package_bytes(parts))
    assert any("bogus" in e for e in errors([path])[str(path)])
