"""Where outputs may land (issue 8): never on the workbook or its .bak, never over a file the tool did not make."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlpuzzel.cli import main
from xlpuzzel.uitvoer import UitvoerFout, UitvoerMap, controleer_uitvoerpad, is_eigen_bestand


def test_woo_export_never_replaces_the_workbook(shipped_workbook: Path, capsys):
    """`log werkmap.xlsx --woo --uit werkmap` used to replace the workbook by the export: now refused, even with --overschrijf."""
    werkmap = shipped_workbook.with_name("werkmap.xlsx")
    shipped_workbook.rename(werkmap)
    before = werkmap.read_bytes()
    for extra in ([], ["--overschrijf"]):
        assert main(["log", str(werkmap), "--woo", "--uit", str(werkmap.with_suffix("")), *extra]) == 2
        assert "is de werkmap zelf; een export mag die nooit vervangen" in capsys.readouterr().err
    assert werkmap.read_bytes() == before
    assert sorted(p.name for p in werkmap.parent.iterdir()) == ["werkmap.xlsx"]


def test_the_guard_refuses_the_workbook_and_its_bak_through_a_symlink_or_other_spelling(shipped_workbook: Path):
    """The same file by another path (symlink, '..', a .bak) is still the workbook."""
    bak = shipped_workbook.with_name(shipped_workbook.name + ".bak")
    bak.write_bytes(b"reserve")
    link = shipped_workbook.parent / "link.xlsm"
    link.symlink_to(shipped_workbook)
    sub = shipped_workbook.parent / "sub"
    sub.mkdir()
    for path in (link, sub / ".." / shipped_workbook.name):
        with pytest.raises(UitvoerFout, match="is de werkmap zelf"):
            controleer_uitvoerpad(path, werkmap=shipped_workbook, overschrijf=True)
    with pytest.raises(UitvoerFout, match="is de reservekopie van de werkmap"):
        controleer_uitvoerpad(bak, werkmap=shipped_workbook, overschrijf=True)


def test_woo_export_over_a_file_the_tool_did_not_make_needs_overschrijf(shipped_workbook: Path, capsys):
    """An existing begroting.csv is not replaced by the export unless the user says --overschrijf."""
    other = shipped_workbook.parent / "begroting.csv"
    other.write_text("eigen werk")
    base = str(other.with_suffix(""))
    assert main(["log", str(shipped_workbook), "--woo", "--uit", base]) == 2
    assert "begroting.csv bestaat al en is niet door xlpuzzel gemaakt" in capsys.readouterr().err
    assert other.read_text() == "eigen werk" and not other.with_suffix(".xlsx").exists()
    assert main(["log", str(shipped_workbook), "--woo", "--uit", base, "--overschrijf"]) == 0
    assert other.read_bytes().startswith(b"\xef\xbb\xbfDatum-tijd;")


def test_woo_export_replaces_its_own_export_but_not_one_edited_since(shipped_workbook: Path, capsys):
    """A second export replaces the first; an export saved again by Excel is the user's file."""
    base = shipped_workbook.parent / "woo"
    assert main(["log", str(shipped_workbook), "--woo", "--uit", str(base)]) == 0
    assert is_eigen_bestand(base.with_suffix(".xlsx")) and is_eigen_bestand(base.with_suffix(".csv"))
    assert main(["log", str(shipped_workbook), "--woo", "--uit", str(base)]) == 0
    base.with_suffix(".csv").write_bytes(base.with_suffix(".csv").read_bytes() + b"bewerkt;\r\n")
    assert main(["log", str(shipped_workbook), "--woo", "--uit", str(base)]) == 2
    assert "woo.csv bestaat al en is niet door xlpuzzel gemaakt (of is daarna gewijzigd)" in capsys.readouterr().err
    assert base.with_suffix(".csv").read_bytes().endswith(b"bewerkt;\r\n")


def test_woo_export_into_a_missing_folder_creates_it(shipped_workbook: Path, capsys):
    """`--uit nieuw/sub/woo`: the folders are made (it used to say 'geen schrijfrechten')."""
    base = shipped_workbook.parent / "nieuw" / "sub" / "woo"
    assert main(["log", str(shipped_workbook), "--woo", "--uit", str(base)]) == 0
    assert base.with_suffix(".xlsx").is_file() and base.with_suffix(".csv").is_file()
    assert "geen schrijfrechten" not in capsys.readouterr().err


def test_log_uit_without_woo_is_refused(shipped_workbook: Path, capsys):
    """`log --uit x` used to print the log and ignore --uit: now a Dutch refusal, exit 2, nothing written."""
    assert main(["log", str(shipped_workbook), "--uit", str(shipped_workbook.parent / "x")]) == 2
    assert "--uit hoort bij de Woo-export" in capsys.readouterr().err
    assert sorted(p.name for p in shipped_workbook.parent.iterdir()) == [shipped_workbook.name]


def test_bouw_writes_xlsm_only(tmp_path: Path, capsys):
    """`bouw --uit x.xlsx` would be a macro workbook Excel refuses to open: refused, nothing written."""
    assert main(["bouw", "--uit", str(tmp_path / "x.xlsx")]) == 2
    assert "moet op .xlsm eindigen" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_bouw_into_a_missing_folder_creates_it(tmp_path: Path, capsys):
    """`bouw --uit nieuw/x.xlsm` makes the folder instead of saying 'geen schrijfrechten'."""
    target = tmp_path / "nieuw" / "x.xlsm"
    assert main(["bouw", "--uit", str(target)]) == 0
    assert target.is_file()


def test_brieven_into_a_missing_folder_creates_it(opgeloste_werkmap: Path, tmp_path: Path):
    """`brieven --uit nieuw/x`: folders made, letters inside."""
    assert main(["brieven", str(opgeloste_werkmap), "--uit", str(tmp_path / "nieuw" / "x"), "--gemeente", "Assen"]) == 0
    assert [p.name for p in (tmp_path / "nieuw" / "x").glob("*/*.docx")] == ["02-Assen.docx"]


def test_an_output_folder_that_is_a_file_is_named(tmp_path: Path):
    """A file where the folder should be: a Dutch message naming it, not a traceback."""
    (tmp_path / "uit").write_text("x")
    with pytest.raises(UitvoerFout, match="er staat al een bestand met die naam, geen map"), UitvoerMap(tmp_path / "uit"):
        pass



def test_an_edited_register_never_reaches_outside_its_folder(tmp_path: Path):
    """A register naming '../x.docx' (edited by hand or planted) moves nothing outside the output folder."""
    import json
    import re

    outside = tmp_path / "x.docx"
    outside.write_bytes(b"elders")
    folder = tmp_path / "uit"
    folder.mkdir()
    entry = {"soort": "brieven", "sha256": "0" * 64}
    (folder / ".xlpuzzel-uitvoer.json").write_text(json.dumps({"bestanden": {"../x.docx": entry, "..": entry}}))
    with UitvoerMap(folder) as uit:
        assert uit.bestaande("brieven", re.compile(r".*\.docx")) == {}
        uit.schrijf("01-A.docx", b"nieuw", "brieven")
        uit.vastleggen()
    assert outside.read_bytes() == b"elders"
    assert json.loads((folder / ".xlpuzzel-uitvoer.json").read_text())["bestanden"].keys() == {"01-A.docx"}


@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
@settings(max_examples=200, deadline=None)
def test_any_register_or_lock_content_is_read_without_a_traceback(tmp_path_factory, data: bytes):
    """A damaged register counts as none (nothing is the tool's own); a damaged lock as held by an unknown run."""
    from xlpuzzel.storage import read_lock
    from xlpuzzel.uitvoer import REGISTER, SLOT, lees_register

    folder = tmp_path_factory.mktemp("r")
    (folder / REGISTER).write_bytes(data)
    (folder / SLOT).write_bytes(data)
    assert isinstance(lees_register(folder), dict)
    assert read_lock(folder / SLOT) is None or isinstance(read_lock(folder / SLOT), dict)
