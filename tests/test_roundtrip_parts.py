"""Every writing command changes only the parts it means to; VBA, ribbon and the rest keep their bytes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import met_testinstellingen_in, sheet_part, type_value, with_shared_strings
from lxml import etree

from xlpuzzel.cli import main
from xlpuzzel.package import package_bytes, parts_from_bytes, read_package

RIBBON_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
MC_ROOT = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
    'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" '
    'mc:Ignorable="x14ac xr" xr:uid="{00000000-0001-0000-0000-000000000000}">'
)
EXT_LST = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="0" '
    'xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/></ext></extLst>'
)


def excel_like(source: bytes) -> bytes:
    """The workbook with what Excel itself writes on sheet Puzzel: mc:Ignorable prefixes, x14ac row attributes, extLst."""
    parts = parts_from_bytes(source)
    name = sheet_part(parts)
    text = parts[name].decode("utf-8")
    text = re.sub(r"<worksheet [^>]*>", MC_ROOT, text, count=1)
    text = re.sub(r'<row r="(\d+)"', r'<row r="\1" x14ac:dyDescent="0.25"', text)
    text = text.replace("</worksheet>", EXT_LST + "</worksheet>")
    parts[name] = text.encode("utf-8")
    return package_bytes(parts)


@pytest.fixture(params=["gebouwd", "door-medewerker-bewerkt"])
def werkmap(request: pytest.FixtureRequest, tmp_path: Path, shipped_bytes: bytes, user_edited_bytes: bytes) -> Path:
    """The shipped workbook (VBA + ribbon), as built or after staff's own notes and formats, Excel-like XML."""
    source = shipped_bytes if request.param == "gebouwd" else user_edited_bytes
    path = tmp_path / "puzzel.xlsm"
    # With the letter settings staff fill in, so the document commands really write their documents.
    path.write_bytes(excel_like(met_testinstellingen_in(source)))
    return path


def changed_parts(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    return {n for n in set(before) | set(after) if before.get(n) != after.get(n)}


def run(path: Path, command: str, *extra: str) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Run a writing command; the parts before and after."""
    before = read_package(path)
    assert main([command, str(path), *extra, "--gebruiker", "jan", "--tijdstip", "2026-11-27T14:03:05"]) == 0
    return before, read_package(path)


def check_untouched(before: dict[str, bytes], after: dict[str, bytes], allowed: set[str]) -> set[str]:
    """Only `allowed` parts changed; the ribbon relationship and VBA project are intact; XML stays well-formed."""
    changed = changed_parts(before, after)
    assert changed <= allowed, sorted(changed - allowed)
    assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
    assert after["customUI/customUI14.xml"] == before["customUI/customUI14.xml"]
    assert after["_rels/.rels"] == before["_rels/.rels"]
    assert RIBBON_REL in after["_rels/.rels"].decode()
    for name in changed & set(after):
        if name.endswith((".xml", ".rels", ".vml")):
            etree.fromstring(after[name])
    return changed


def puzzel_sheet_survives(before: bytes, after: bytes, cells: set[str]) -> None:
    """Root attributes, namespaces, extLst, validation, conditional formats and every other cell are unchanged."""
    a, b = etree.fromstring(before), etree.fromstring(after)
    assert dict(a.attrib) == dict(b.attrib) and a.nsmap.items() <= b.nsmap.items()
    for tag in ("dataValidations", "conditionalFormatting", "extLst", "mergeCells", "sheetViews", "cols", "pageSetup"):
        old, new = a.find(f"m:{tag}", NS), b.find(f"m:{tag}", NS)
        assert (old is None) == (new is None), tag
        if old is not None:
            assert etree.tostring(old) == etree.tostring(new), tag
    rows_a = {r.get("r"): dict(r.attrib) for r in a.iterfind(".//m:row", NS)}
    rows_b = {r.get("r"): dict(r.attrib) for r in b.iterfind(".//m:row", NS)}
    assert rows_a == rows_b
    cells_a = {c.get("r"): etree.tostring(c) for c in a.iterfind(".//m:c", NS)}
    cells_b = {c.get("r"): etree.tostring(c) for c in b.iterfind(".//m:c", NS)}
    assert {k: v for k, v in cells_a.items() if k not in cells} == {k: v for k, v in cells_b.items() if k not in cells}
    order = [etree.QName(el).localname for el in b]
    if "legacyDrawing" in order:
        assert order.index("legacyDrawing") < order.index("extLst")


NOTES = {"xl/worksheets/_rels/sheet1.xml.rels", "[Content_Types].xml"}


def test_markeer_changes_only_puzzel_notes_styles_log_and_basis(werkmap: Path) -> None:
    """Flagging touches sheet Puzzel, its notes, styles, Wijzigingslog and Basis, nothing else."""
    parts = read_package(werkmap)
    for address, value in {"H7": 0, "I5": "ntb", "M8": -25}.items():
        type_value(parts, address, value)
    werkmap.write_bytes(package_bytes(parts))
    before, after = run(werkmap, "bijstellingen")
    notes = {n for n in after if re.search(r"comment|vmlDrawing", n)}
    allowed = {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml", "xl/styles.xml",
               *NOTES, *notes}
    changed = check_untouched(before, after, allowed)
    assert {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml"} <= changed
    puzzel_sheet_survives(before["xl/worksheets/sheet1.xml"], after["xl/worksheets/sheet1.xml"], {"H7", "I5", "M8"})
    vml = next(after[n] for n in notes if n.endswith(".vml"))
    comments = next(after[n] for n in notes if n.endswith(".xml"))
    shapes = re.findall(rb"<(?:\w+:)?Row>(\d+)</(?:\w+:)?Row>\s*<(?:\w+:)?Column>(\d+)<", vml)
    refs = re.findall(rb'<comment ref="([A-Z]+\d+)"', comments)
    assert len(shapes) == len(refs)


def test_unflag_and_new_baseline_change_only_their_parts(werkmap: Path) -> None:
    """Unflagging and `basis --ja` touch the same kinds of parts; a rerun and `log --woo` touch none."""
    parts = read_package(werkmap)
    type_value(parts, "H7", 0)
    type_value(parts, "I5", "ntb")
    werkmap.write_bytes(package_bytes(parts))
    run(werkmap, "bijstellingen")
    parts = read_package(werkmap)
    type_value(parts, "H7", 128)
    werkmap.write_bytes(package_bytes(parts))
    allowed = {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml", "xl/styles.xml",
               *NOTES, *(n for n in parts if re.search(r"comment|vmlDrawing", n))}
    before, after = run(werkmap, "bijstellingen")
    check_untouched(before, after, allowed)
    assert "xl/styles.xml" not in changed_parts(before, after)
    puzzel_sheet_survives(before["xl/worksheets/sheet1.xml"], after["xl/worksheets/sheet1.xml"], {"H7"})

    before, after = run(werkmap, "bijstellingen")
    assert changed_parts(before, after) == set()

    before, after = run(werkmap, "basis", "--ja")
    changed = check_untouched(before, after, allowed)
    assert {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml"} <= changed
    assert "xl/workbook.xml" not in changed
    puzzel_sheet_survives(before["xl/worksheets/sheet1.xml"], after["xl/worksheets/sheet1.xml"], {"I5"})

    before_bytes = werkmap.read_bytes()
    assert main(["log", str(werkmap), "--woo", "--uit", str(werkmap.with_name("export"))]) == 0
    assert werkmap.read_bytes() == before_bytes


def test_flag_then_unflag_restores_the_puzzel_sheet_cells_exactly(werkmap: Path) -> None:
    """After a change and its reversal every cell of sheet Puzzel has its original format again."""
    original = read_package(werkmap)
    parts = dict(original)
    type_value(parts, "H7", 0)
    werkmap.write_bytes(package_bytes(parts))
    run(werkmap, "bijstellingen")
    parts = read_package(werkmap)
    type_value(parts, "H7", 128)
    werkmap.write_bytes(package_bytes(parts))
    _before, after = run(werkmap, "bijstellingen")
    styles = re.compile(rb'<c r="([A-Z]+\d+)"(?: s="(\d+)")?')
    assert styles.findall(after["xl/worksheets/sheet1.xml"]) == styles.findall(original["xl/worksheets/sheet1.xml"])
    assert {n for n in after if "comment" in n} == {n for n in original if "comment" in n}


def test_shared_strings_stay_untouched_and_are_read(tmp_path: Path, shipped_bytes: bytes) -> None:
    """A workbook saved by Excel keeps its sharedStrings part byte for byte; the tool writes inline strings."""
    path = tmp_path / "puzzel.xlsm"
    parts = parts_from_bytes(with_shared_strings(shipped_bytes))
    assert b'<c r="B2" t="s">' in parts[sheet_part(parts, "Basis")]
    type_value(parts, "H7", 0)
    type_value(parts, "I5", "ntb")
    path.write_bytes(package_bytes(parts))
    for command in (("bijstellingen",), ("basis", "--ja")):
        before, after = run(path, *command)
        assert after["xl/sharedStrings.xml"] == before["xl/sharedStrings.xml"]
    assert main(["log", str(path)]) == 0
    before, after = run(path, "bijstellingen")
    assert changed_parts(before, after) == set()


@pytest.mark.parametrize(
    "command",
    [
        ["controleer"],
        ["controleer", "--json"],
        ["log"],
        ["log", "--woo"],
        ["brieven", "--ondanks-fouten"],
        ["memo", "--ondanks-fouten"],
    ],
)
def test_reading_and_exporting_commands_leave_the_workbook_byte_identical(
    command: list[str], werkmap: Path, tmp_path: Path
) -> None:
    """Commands that only read the workbook (check, log, Woo export, documents) never write it."""
    before = werkmap.read_bytes()
    extra = ["--uit", str(tmp_path / "uit")] if command[0] in ("brieven", "memo") else []
    code = main([command[0], str(werkmap), *command[1:], *extra])
    assert code in (0, 1)
    assert werkmap.read_bytes() == before


def test_rebuilding_keeps_the_ribbon_relationship_and_a_backup(werkmap: Path) -> None:
    """`puzzel bouw --overschrijf` over a changed workbook keeps ribbon and VBA and leaves a .bak."""
    changed = werkmap.read_bytes()
    assert main(["bouw", "--uit", str(werkmap), "--overschrijf"]) == 0
    after = read_package(werkmap)
    assert RIBBON_REL in after["_rels/.rels"].decode()
    assert "xl/vbaProject.bin" in after and "customUI/customUI14.xml" in after
    assert werkmap.with_name(werkmap.name + ".bak").read_bytes() == changed


def test_rebuilding_without_overschrijf_refuses_and_writes_nothing(werkmap: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`puzzel bouw` never silently replaces a workbook whose numbers staff may have changed."""
    before = werkmap.read_bytes()
    assert main(["bouw", "--uit", str(werkmap)]) == 2
    assert "bestaat al en wijkt af" in capsys.readouterr().err
    assert werkmap.read_bytes() == before
    assert not werkmap.with_name(werkmap.name + ".bak").exists()


def insert_row_on_puzzel(parts: dict[str, bytes], at: int) -> None:
    """Insert an empty row on sheet Puzzel as Excel does: cells, formulas, merges, names, notes and shapes move down."""
    ref = re.compile(r"(\$?[A-Z]{1,3}\$?)(\d+)(?![\d(])")

    def down(text: str) -> str:
        return ref.sub(lambda m: m.group(1) + str(int(m.group(2)) + (int(m.group(2)) >= at)), text)

    name = sheet_part(parts)
    text = parts[name].decode()
    text = re.sub(r'<row r="(\d+)"', lambda m: f'<row r="{int(m.group(1)) + (int(m.group(1)) >= at)}"', text)
    text = re.sub(r'(<c r="|ref="|sqref=")([^"]*)"', lambda m: m.group(1) + down(m.group(2)) + '"', text)
    text = re.sub(r"<f>([^<]*)</f>", lambda m: f"<f>{down(m.group(1))}</f>", text)
    parts[name] = text.encode()
    book = parts["xl/workbook.xml"].decode()
    parts["xl/workbook.xml"] = re.sub(r"(>Puzzel!)([^<]*)", lambda m: m.group(1) + down(m.group(2)), book).encode()
    for part in [p for p in parts if re.fullmatch(r"xl/comments\d+\.xml", p)]:
        parts[part] = re.sub(r'ref="([^"]*)"', lambda m: f'ref="{down(m.group(1))}"', parts[part].decode()).encode()
    for part in [p for p in parts if p.endswith(".vml")]:
        shapes = re.sub(r"<x:Row>(\d+)</x:Row>", lambda m: f"<x:Row>{int(m.group(1)) + (int(m.group(1)) + 1 >= at)}</x:Row>",
                        parts[part].decode())
        parts[part] = shapes.encode()


def cell_style(parts: dict[str, bytes], address: str) -> str | None:
    found = re.search(rf'<c r="{address}"(?: s="(\d+)")?', parts[sheet_part(parts)].decode())
    assert found, address
    return found.group(1)


def test_own_format_stays_with_its_cell_when_staff_insert_a_row(tmp_path: Path, user_edited_bytes: bytes) -> None:
    """Staff insert a row above the table while a cell is flagged: unflagging gives each cell its own format back."""
    path = tmp_path / "puzzel.xlsm"
    parts = parts_from_bytes(user_edited_bytes)
    red, plain = cell_style(parts, "B6"), cell_style(parts, "B5")  # Assen's inwoners have staff's red fill
    assert red != plain
    type_value(parts, "B6", 70000)
    path.write_bytes(package_bytes(parts))
    run(path, "bijstellingen")
    parts = read_package(path)
    insert_row_on_puzzel(parts, 5)
    type_value(parts, "B6", 1)  # Aa en Hunze, now on row 6
    path.write_bytes(package_bytes(parts))
    run(path, "bijstellingen")
    parts = read_package(path)
    type_value(parts, "B6", 25724)
    type_value(parts, "B7", 69414)
    path.write_bytes(package_bytes(parts))
    _before, after = run(path, "bijstellingen")
    assert (cell_style(after, "B6"), cell_style(after, "B7")) == (plain, red)


def test_removing_the_last_note_leaves_no_content_type_of_a_removed_part(shipped_workbook: Path) -> None:
    """LibreOffice declares rels and VML parts one by one; when the tool removes such a part, its declaration goes too."""
    werkmap = shipped_workbook
    parts = read_package(werkmap)
    type_value(parts, "H7", 0)
    werkmap.write_bytes(package_bytes(parts))
    run(werkmap, "bijstellingen")
    parts = read_package(werkmap)
    declared = "".join(
        f'<Override PartName="/{p}" ContentType="{t}"/>'
        for p, t in ((sheet_part(parts).replace("worksheets/", "worksheets/_rels/") + ".rels",
                      "application/vnd.openxmlformats-package.relationships+xml"),
                     (next(p for p in parts if p.endswith(".vml")), "application/vnd.openxmlformats-officedocument.vmlDrawing"))
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", declared.encode() + b"</Types>")
    type_value(parts, "H7", 128)
    werkmap.write_bytes(package_bytes(parts))
    _before, after = run(werkmap, "bijstellingen")
    overrides = re.findall(r'PartName="/([^"]+)"', after["[Content_Types].xml"].decode())
    assert [p for p in overrides if p not in after] == []
