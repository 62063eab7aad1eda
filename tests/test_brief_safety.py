"""Hostile names and settings, and broken templates (issue 4): valid documents or a Dutch refusal, never partial output."""

from __future__ import annotations

import dataclasses
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import TEST_BRIEFINSTELLINGEN, met_testinstellingen
from docx import Document
from lxml import etree

from xlpuzzel.brief import SjabloonFout, render_brieven, render_memo
from xlpuzzel.brief.render import BRIEF_SJABLOON, MEMO_SJABLOON, veilige_naam
from xlpuzzel.resources import TEMPLATES_DIR


@pytest.fixture(scope="module")
def ingevuld(dataset):  # type: ignore[no-untyped-def]
    """The data of 12-7-2024 with the letter settings staff fill in (made-up test values, conftest)."""
    return dataclasses.replace(dataset, meta=met_testinstellingen(dataset.meta))


HOSTILE = "A & B <b>\"vet\"</b> 'x' {{ 7*7 }} ]]> &amp;"


def with_name(dataset, index: int, name: str):
    """The dataset with one gemeente renamed."""
    names = list(dataset.puzzel.gemeenten)
    names[index] = name
    return dataclasses.replace(dataset.puzzel, gemeenten=tuple(names))


def all_text(path: Path) -> str:
    """Body, tables and header text of a .docx."""
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    parts += [p.text for p in doc.sections[0].header.paragraphs]
    return "\n".join(parts)


def assert_valid_docx(path: Path) -> None:
    """Every XML part parses and Word's main part is there."""
    with zipfile.ZipFile(path) as zf:
        assert "word/document.xml" in zf.namelist()
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(zf.read(name))


def broken_templates(tmp_path: Path, template: str, old: str, new: str) -> Path:
    """A copy of the template folder where `old` in the template's body is replaced by `new`."""
    folder = tmp_path / "sjablonen"
    folder.mkdir(parents=True, exist_ok=True)
    for name in (BRIEF_SJABLOON, MEMO_SJABLOON):
        shutil.copy(TEMPLATES_DIR / name, folder / name)
    src = folder / template
    with zipfile.ZipFile(src) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    body = parts["word/document.xml"].decode("utf-8")
    assert old in body, old
    parts["word/document.xml"] = body.replace(old, new, 1).encode("utf-8")
    with zipfile.ZipFile(src, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return folder


# --- hostile data ---------------------------------------------------------------------------


def test_hostile_gemeente_name_gives_a_valid_docx_that_shows_it_literally(ingevuld, tmp_path):
    """& < > \" ' and Jinja braces in a name are escaped: the .docx opens and shows the name as typed."""
    puzzel = with_name(ingevuld, 1, HOSTILE)
    result = render_brieven(puzzel, ingevuld.instellingen, tmp_path, gemeenten=[HOSTILE], concept=True)
    (path,) = result.documenten
    assert_valid_docx(path)
    assert f"van de gemeente {HOSTILE}" in all_text(path)
    assert "49" not in all_text(path).split("van de gemeente")[1].splitlines()[0]


def test_hostile_settings_give_a_valid_docx(ingevuld, tmp_path):
    """A kenmerk or signer with markup characters is escaped in body, header and footer alike."""
    settings = {**ingevuld.instellingen, "kenmerk": "<w:t>&'\"", "ondertekenaar_naam": "Jansen & Zn <CdK>",
                "afzender_naam": "Provincie <Drenthe> & \"co\""}
    result = render_brieven(ingevuld.puzzel, settings, tmp_path, gemeenten=["Assen"], concept=True)
    path = result.documenten[0]
    assert_valid_docx(path)
    text = all_text(path)
    assert "<w:t>&'\"" in text and "Jansen & Zn <CdK>" in text
    footer = "\n".join(p.text for p in Document(str(path)).sections[0].footer.paragraphs)
    assert "Provincie <Drenthe> & \"co\"" in footer
    memo = render_memo(ingevuld.puzzel, settings, tmp_path, concept=True).documenten[0]
    assert_valid_docx(memo)


def test_control_characters_in_a_name_are_dropped_not_written(ingevuld, tmp_path):
    """Characters XML forbids (typed or pasted into a cell) would corrupt the .docx; they are left out."""
    puzzel = with_name(ingevuld, 0, "Aa\x00 en\x0b Hunze\x1f")
    result = render_brieven(puzzel, ingevuld.instellingen, tmp_path, gemeenten=[puzzel.gemeenten[0]], concept=True)
    assert_valid_docx(result.documenten[0])
    assert "van de gemeente Aa en Hunze" in all_text(result.documenten[0])


@pytest.mark.parametrize(
    ("name", "file_part"),
    [
        ("../x", "x"),
        ("..\\..\\Windows\\evil", "Windows-evil"),
        ("/etc/passwd", "etc-passwd"),
        ("CON", "gemeente"),
        ("...", "gemeente"),
        ("Súdwest-Fryslân", "Súdwest-Fryslân"),
        ("Midden Drenthe", "Midden-Drenthe"),
    ],
)
def test_file_names_are_sanitised(name, file_part):
    """A gemeente name never becomes a path, a reserved Windows name or an empty name."""
    assert veilige_naam(name) == file_part


def test_a_path_like_gemeente_name_stays_in_the_output_folder(ingevuld, tmp_path):
    """'../x' as a gemeente name writes 02-x.docx inside the dated folder, nothing outside it."""
    puzzel = with_name(ingevuld, 1, "../x")
    out = tmp_path / "uit"
    result = render_brieven(puzzel, ingevuld.instellingen, out, concept=True)
    assert result.map / "02-x.docx" in result.documenten
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uit"]
    assert sorted(p.name for p in out.iterdir()) == [TEST_BRIEFINSTELLINGEN["datum_brief"]]
    for path in result.documenten:
        assert path.parent == result.map


# --- broken templates -------------------------------------------------------------------------


def test_syntax_error_in_a_template_names_the_template_and_the_tag(ingevuld, tmp_path):
    """A tag Jinja cannot read: a Dutch message with the template's name and the tag; nothing written."""
    folder = broken_templates(tmp_path, BRIEF_SJABLOON, "{{ kenmerk }}", "{{ kenmerk }")
    out = tmp_path / "uit"
    with pytest.raises(SjabloonFout) as info:
        render_brieven(ingevuld.puzzel, ingevuld.instellingen, out, concept=True, sjablonen=folder)
    assert BRIEF_SJABLOON in info.value.melding and "{{ kenmerk }" in info.value.melding
    assert "er is niets geschreven" in info.value.melding
    assert not out.exists()


def test_unclosed_block_in_a_template_is_reported(ingevuld, tmp_path):
    """An {% if %} without {% endif %} is named too."""
    folder = broken_templates(tmp_path, MEMO_SJABLOON, "{% endif %}", "")
    with pytest.raises(SjabloonFout, match=MEMO_SJABLOON):
        render_memo(ingevuld.puzzel, ingevuld.instellingen, tmp_path / "uit", concept=True, sjablonen=folder)
    assert not (tmp_path / "uit").exists()


def test_unknown_variable_is_caught_before_rendering(ingevuld, tmp_path):
    """docxtpl's undeclared-variables list is checked first: the message names the unknown tag."""
    folder = broken_templates(tmp_path, BRIEF_SJABLOON, "{{ kenmerk }}", "{{ kenmerkk }}")
    with pytest.raises(SjabloonFout, match=r"brief_aan_college\.docx: onbekende naam in tag \{\{ kenmerkk \}\}"):
        render_brieven(ingevuld.puzzel, ingevuld.instellingen, tmp_path / "uit", concept=True, sjablonen=folder)
    assert not (tmp_path / "uit").exists()


def test_unknown_field_and_unknown_setting_are_named(ingevuld, tmp_path):
    """An unknown field fails loudly (strict undefined); an unknown setting names sheet Instellingen."""
    folder = broken_templates(tmp_path, BRIEF_SJABLOON, "{{ kenmerk }}", "{{ gemeente.postcode }}")
    with pytest.raises(SjabloonFout, match="onbekend veld 'postcode'"):
        render_brieven(ingevuld.puzzel, ingevuld.instellingen, tmp_path / "uit", concept=True, sjablonen=folder)
    folder = broken_templates(tmp_path, BRIEF_SJABLOON, "{{ kenmerk }}", "{{ instellingen.huisstijl }}")
    with pytest.raises(SjabloonFout, match="instelling 'huisstijl' staat niet op blad Instellingen"):
        render_brieven(ingevuld.puzzel, ingevuld.instellingen, tmp_path / "uit", concept=True, sjablonen=folder)
    assert not (tmp_path / "uit").exists()


def test_settings_can_be_used_in_a_template_by_name(ingevuld, tmp_path):
    """Staff may show any setting of sheet Instellingen with {{ instellingen.naam }}; dates come out Dutch."""
    folder = broken_templates(tmp_path, BRIEF_SJABLOON, "{{ kenmerk }}", "{{ instellingen.prt_datum }}")
    result = render_brieven(ingevuld.puzzel, ingevuld.instellingen, tmp_path / "uit", gemeenten=["Assen"],
                            concept=True, sjablonen=folder)
    assert "17 juli 2024" in all_text(result.documenten[0])


def test_sandbox_blocks_python_internals_in_a_template(ingevuld, tmp_path):
    """A template cannot reach Python internals: Jinja's sandbox refuses, reported in Dutch."""
    folder = broken_templates(tmp_path, BRIEF_SJABLOON, "{{ kenmerk }}", "{{ kenmerk.__class__.__mro__ }}")
    with pytest.raises(SjabloonFout, match=BRIEF_SJABLOON):
        render_brieven(ingevuld.puzzel, ingevuld.instellingen, tmp_path / "uit", concept=True, sjablonen=folder)
    assert not (tmp_path / "uit").exists()


def test_missing_or_damaged_template_is_reported(ingevuld, tmp_path):
    """No template, or a file that is no .docx: a Dutch message naming it."""
    empty = tmp_path / "leeg"
    empty.mkdir()
    with pytest.raises(SjabloonFout, match="brief_aan_college.docx niet gevonden"):
        render_brieven(ingevuld.puzzel, ingevuld.instellingen, tmp_path / "uit", concept=True, sjablonen=empty)
    (empty / BRIEF_SJABLOON).write_text("geen docx")
    with pytest.raises(SjabloonFout, match="geen leesbaar Word-document"):
        render_brieven(ingevuld.puzzel, ingevuld.instellingen, tmp_path / "uit", concept=True, sjablonen=empty)
    assert not (tmp_path / "uit").exists()


def test_a_failed_run_leaves_earlier_letters_untouched(ingevuld, tmp_path):
    """A broken template on the second run does not touch the letters of the first."""
    first = render_brieven(ingevuld.puzzel, ingevuld.instellingen, tmp_path, concept=True)
    before = {p.name: p.read_bytes() for p in first.map.iterdir()}
    folder = broken_templates(tmp_path / "t", BRIEF_SJABLOON, "{{ kenmerk }}", "{{ kenmerk }")
    with pytest.raises(SjabloonFout):
        render_brieven(ingevuld.puzzel, ingevuld.instellingen, tmp_path, concept=True, sjablonen=folder)
    assert {p.name: p.read_bytes() for p in first.map.iterdir()} == before


def test_templates_are_made_reproducibly_by_the_script(tmp_path):
    """templates/maak_sjablonen.py rebuilds the committed templates byte for byte."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("maak_sjablonen", TEMPLATES_DIR / "maak_sjablonen.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    module.save(module.make_brief(), tmp_path / BRIEF_SJABLOON)
    module.save(module.make_memo(), tmp_path / MEMO_SJABLOON)
    for name in (BRIEF_SJABLOON, MEMO_SJABLOON):
        assert (tmp_path / name).read_bytes() == (TEMPLATES_DIR / name).read_bytes(), name


# --- document properties (issue 8) -------------------------------------------------------------


def test_an_ampersand_in_the_subject_is_escaped_once_in_the_title(opgeloste_dataset, opgeloste_adressen, tmp_path):
    """Onderwerp 'A & B': Word's title reads 'Brief aan het college: A & B', not 'A &amp;amp; B'."""
    settings = {**opgeloste_dataset.instellingen, "onderwerp": "Opvang & huisvesting <2025>"}
    result = render_brieven(opgeloste_dataset.puzzel, settings, tmp_path, gemeenten=["Assen"],
                            adressen=opgeloste_adressen)
    title = Document(str(result.documenten[0])).core_properties.title
    assert title == "Brief aan het college: Opvang & huisvesting <2025>"


def test_a_subject_longer_than_word_allows_is_cut_in_the_title_with_a_warning(opgeloste_werkmap, tmp_path, capsys):
    """An onderwerp of 300 characters: the letter shows it whole, the title is cut at 255 and the CLI says so."""
    from conftest import type_value
    from ooxml_validator import errors

    from xlpuzzel.cli import main
    from xlpuzzel.layout import INSTELLINGEN_SHEET
    from xlpuzzel.package import package_bytes, read_package
    from xlpuzzel.reader import read_workbook

    onderwerp = "Verdeling asielopgave " + "x" * 278
    werkmap = tmp_path / "puzzel.xlsm"
    werkmap.write_bytes(opgeloste_werkmap.read_bytes())
    rij = next(i for i, (k, _) in enumerate(read_workbook(werkmap).instellingen.items()) if k == "onderwerp")
    parts = read_package(werkmap)
    address = _instelling_cell(parts, "onderwerp", rij)
    type_value(parts, address, onderwerp, sheet=INSTELLINGEN_SHEET)
    werkmap.write_bytes(package_bytes(parts))
    assert read_workbook(werkmap).instellingen["onderwerp"] == onderwerp
    assert main(["brieven", str(werkmap), "--uit", str(tmp_path / "uit"), "--gemeente", "Assen"]) == 0
    err = capsys.readouterr().err
    assert "Let op: Documenteigenschap 'titel' van brief_aan_college.docx is 323 tekens lang; Word staat er 255 toe" in err
    (letter,) = (tmp_path / "uit").glob("*/02-Assen.docx")
    doc = Document(str(letter))
    assert len(doc.core_properties.title) == 255 and doc.core_properties.title.startswith("Brief aan het college: ")
    assert onderwerp in all_text(letter)
    # The properties part validates; the template body's own findings (table properties) are issue 9's.
    assert [e for e in errors([letter])[str(letter)] if e.startswith("/docProps/")] == []


def _instelling_cell(parts, key: str, hint: int) -> str:
    """The address of the value cell beside setting `key` on sheet Instellingen (found in the sheet XML)."""
    import re

    from conftest import sheet_part

    from xlpuzzel.layout import INSTELLINGEN_SHEET

    xml = parts[sheet_part(parts, INSTELLINGEN_SHEET)].decode("utf-8")
    strings = re.findall(r"<si>.*?</si>", parts.get("xl/sharedStrings.xml", b"").decode("utf-8"), re.DOTALL)
    for match in re.finditer(r'<c r="A(\d+)"[^>]*?(?:t="(\w+)")?[^>]*>(.*?)</c>', xml, re.DOTALL):
        row, kind, body = match.groups()
        text = re.sub(r"<[^>]+>", "", strings[int(re.search(r"<v>(\d+)</v>", body).group(1))]) if kind == "s" \
            else re.sub(r"<[^>]+>", "", body)
        if text == key:
            return f"B{row}"
    raise AssertionError(f"setting {key} not found (row hint {hint})")
