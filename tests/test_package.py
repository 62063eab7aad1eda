"""The one package layer: parts read lazily within size limits, unchanged parts kept as stored, one parser of
relationships and content types."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import sheet_part

from xlpuzzel.cli import main
from xlpuzzel.package import MAX_PART_BYTES, Package, PackageError, package_bytes, parts_from_bytes
from xlpuzzel.resources import ROOT

BIG = 3 * 1024**3


def with_member(source: bytes, name: str, data: bytes, declared: int | None = None) -> bytes:
    """The package with one more member; `declared` overrides its stated unpacked size (a zip that lies)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = compressor.compress(data) + compressor.flush()
    base = Package.from_bytes(source).to_bytes()
    end = base.rfind(b"PK\005\006")
    entries, cd_size, cd_start = struct.unpack("<H2L", base[end + 10 : end + 20])
    size = len(data) if declared is None else declared
    crc = zlib.crc32(data) & 0xFFFFFFFF
    encoded = name.encode()
    local = struct.pack("<4s2B4HL2L2H", b"PK\003\004", 20, 0, 0, 8, 0, 33, crc, len(raw), size, len(encoded), 0)
    central = struct.pack("<4s4B4HL2L5H2L", b"PK\001\002", 20, 3, 20, 0, 0, 8, 0, 33, crc, len(raw), size,
                          len(encoded), 0, 0, 0, 0, 0o600 << 16, cd_start)
    body = base[:cd_start] + local + encoded + raw
    cd = base[cd_start : cd_start + cd_size] + central + encoded
    return body + cd + struct.pack("<4s4H2LH", b"PK\005\006", 0, 0, entries + 1, entries + 1, len(cd), len(body), 0)


def stored(data: bytes) -> dict[str, bytes]:
    """Each member's compressed bytes as stored in the zip."""
    out = {}
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as zf:
        for info in zf.infolist():
            at = info.header_offset
            n, m = struct.unpack("<HH", data[at + 26 : at + 30])
            out[info.filename] = data[at + 30 + n + m : at + 30 + n + m + info.compress_size]
    return out


def test_a_member_that_states_3_gb_is_never_unpacked_unless_asked(shipped_bytes: bytes) -> None:
    """A member nobody refers to costs nothing; asked for, it is refused by its stated size before unpacking."""
    data = with_member(shipped_bytes, "xl/media/leeg.bin", bytes(1000), declared=BIG)
    pkg = Package.from_bytes(data, "groot.xlsm")
    assert pkg.declared_size("xl/media/leeg.bin") == BIG
    with pytest.raises(PackageError, match=r"groot.xlsm: het onderdeel xl/media/leeg.bin is 3\.072 MB groot"):
        pkg.read("xl/media/leeg.bin")


def test_controleer_and_bijstellingen_handle_a_workbook_with_a_huge_unreferenced_member(
    tmp_path: Path, shipped_bytes: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    """The hidden member is not read, and a write copies it as stored: same compressed bytes, no unpacking."""
    from conftest import type_value

    parts = parts_from_bytes(shipped_bytes)
    type_value(parts, "H7", 0)
    data = with_member(package_bytes(parts), "xl/media/leeg.bin", bytes(1000), declared=BIG)
    path = tmp_path / "puzzel.xlsm"
    path.write_bytes(data)
    assert main(["controleer", str(path)]) == 1
    assert main(["bijstellingen", str(path), "--gebruiker", "jan", "--tijdstip", "2026-11-27T14:03:05"]) == 0
    assert "1 cel gemarkeerd" in capsys.readouterr().out
    before, after = stored(data), stored(path.read_bytes())
    assert after["xl/media/leeg.bin"] == before["xl/media/leeg.bin"]
    assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]


def test_a_member_larger_than_it_says_is_refused_as_damaged(shipped_bytes: bytes) -> None:
    """Actual size: a member that unpacks to more than its stated size is damaged, never read on."""
    data = with_member(shipped_bytes, "xl/extra.xml", b"<a>" + b"x" * 5000 + b"</a>", declared=100)
    with pytest.raises(PackageError, match="xl/extra.xml is (groter dan het bestand zegt|beschadigd)"):
        Package.from_bytes(data).read("xl/extra.xml")


def test_a_member_with_an_impossible_compression_ratio_is_refused(shipped_bytes: bytes) -> None:
    """Ratio: a few bytes that claim to unpack to 50 MB are refused before anything is unpacked."""
    data = with_member(shipped_bytes, "xl/bom.xml", bytes(100), declared=50 * 1024 * 1024)
    with pytest.raises(PackageError, match="zipbom"):
        Package.from_bytes(data).read("xl/bom.xml")


def test_a_part_above_the_limit_is_refused_with_advice(shipped_bytes: bytes) -> None:
    """A part read whole may not state more than the limit; the message says what usually causes it."""
    data = with_member(shipped_bytes, "xl/groot.xml", bytes(1000), declared=MAX_PART_BYTES + 1)
    with pytest.raises(PackageError, match="opgemaakte lege rijen"):
        Package.from_bytes(data).read("xl/groot.xml")


def test_formatted_empty_rows_below_the_table_are_not_parsed(shipped_bytes: bytes, tmp_path: Path, capsys) -> None:
    """A Puzzel sheet with 400.000 formatted empty rows: the check reads the table only; a writer refuses in Dutch."""
    pkg = Package.from_bytes(shipped_bytes)
    from xlpuzzel.reader.ooxml import Book

    part = Book(pkg).sheet_targets["Puzzel"]
    rows = b"".join(b'<row r="%d" s="1" customFormat="1"><c r="A%d" s="1"/></row>' % (r, r) for r in range(40, 400_040))
    pkg.write(part, pkg.read(part).replace(b"</sheetData>", rows + b"</sheetData>", 1))
    plain = tmp_path / "zonder.xlsm"
    plain.write_bytes(shipped_bytes)
    assert main(["controleer", str(plain)]) == 1
    summary = capsys.readouterr().out.splitlines()[-1]
    path = tmp_path / "puzzel.xlsm"
    path.write_bytes(pkg.to_bytes())
    assert main(["controleer", str(path)]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == summary
    before = path.read_bytes()
    assert main(["bijstellingen", str(path), "--gebruiker", "jan"]) == 2
    err = capsys.readouterr().err
    assert re.search(r"\(werkblad Puzzel\) is \d+ MB groot .* opgemaakte lege rijen onder de tabel", err)
    assert err.endswith("Er is niets opgeslagen.\n")
    assert path.read_bytes() == before


def test_unchanged_parts_keep_their_stored_bytes_and_new_ones_are_deterministic(shipped_bytes: bytes) -> None:
    """Rewriting a package copies untouched members as stored; the same parts give the same bytes."""
    pkg = Package.from_bytes(shipped_bytes)
    pkg.write("xl/nieuw.xml", b"<nieuw/>")
    again = Package.from_bytes(shipped_bytes)
    again.write("xl/nieuw.xml", b"<nieuw/>")
    out = pkg.to_bytes()
    assert out == again.to_bytes()
    before, after = stored(shipped_bytes), stored(out)
    assert all(after[n] == before[n] for n in before)
    assert parts_from_bytes(out)["xl/nieuw.xml"] == b"<nieuw/>"
    assert zipfile.ZipFile(__import__("io").BytesIO(out)).testzip() is None
    assert zipfile.ZipFile(__import__("io").BytesIO(out)).namelist()[0] == "[Content_Types].xml"


def test_relationships_and_content_types_are_written_back_only_when_changed(shipped_bytes: bytes) -> None:
    """Reading rels and content types changes nothing; a change is written as Office writes these parts."""
    pkg = Package.from_bytes(shipped_bytes)
    main_part = pkg.main_part
    assert pkg.rels(main_part).targets("http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles")
    assert pkg.content_types.content_type(main_part) == "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    assert not pkg.changed()
    rel_id = pkg.rels(main_part).add("urn:test", "xl/extra.xml")
    pkg.content_types.set_override("xl/extra.xml", "application/xml")
    parts = pkg.parts()
    assert f'<Relationship Id="{rel_id}" Type="urn:test" Target="extra.xml"/>'.encode() in parts["xl/_rels/workbook.xml.rels"]
    assert b'<Override PartName="/xl/extra.xml" ContentType="application/xml"/>' in parts["[Content_Types].xml"]


def test_a_damaged_relationships_part_is_a_dutch_error(shipped_bytes: bytes, tmp_path: Path, capsys) -> None:
    """Broken XML in the workbook's relationships: exit 2, naming the file and the part."""
    parts = parts_from_bytes(shipped_bytes)
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"][:100]
    path = tmp_path / "kapot.xlsm"
    path.write_bytes(package_bytes(parts))
    assert main(["controleer", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"puzzel controleer: {path}: het onderdeel xl/_rels/workbook.xml.rels is beschadigd (geen geldige XML).\n"
    )


def test_one_module_parses_relationships_and_content_types() -> None:
    """Only xlpuzzel/package.py reads `.rels` parts and `[Content_Types].xml`; everyone else asks it."""
    pattern = re.compile(r"\[Content_Types\]\.xml|_rels/|\.rels[\"')]|<Relationship|<Override|<Default")
    found = set()
    for path in (ROOT / "xlpuzzel").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        code = re.sub(r'"""[\s\S]*?"""|#[^\n]*', "", text)  # docstrings and comments may name them
        if pattern.search(code):
            found.add(path.relative_to(ROOT).as_posix())
    assert found == {"xlpuzzel/package.py"}


def test_the_writer_does_not_read_the_workbook_a_second_time() -> None:
    """The patcher takes the reader's parse (sheets, styles, values) instead of re-entering the reader."""
    for path in (ROOT / "xlpuzzel" / "patch").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "read_workbook" not in text and "read_sheet" not in text and "parts_from_bytes" not in text, path


def test_sheet_part_helper_of_the_tests_agrees_with_the_package(shipped_bytes: bytes) -> None:
    """The tests' own regex lookup of a sheet part (conftest) names the part the package layer resolves."""
    from xlpuzzel.reader.ooxml import Book

    assert Book(Package.from_bytes(shipped_bytes)).sheet_targets["Puzzel"] == sheet_part(parts_from_bytes(shipped_bytes))
