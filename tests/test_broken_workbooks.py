"""A corpus of broken workbooks: `puzzel controleer` answers each in Dutch, names the cell or file,
never shows a traceback and never changes the file.

Each case starts from a workbook built by the project (usually the repaired table, which has no
findings, so what is reported comes from the damage) and breaks it the way staff or tools do.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from conftest import patch_sheet_xml, set_cell_xml, sheet_part, without_gemeente

from xlpuzzel.build import build_workbook
from xlpuzzel.cli import main
from xlpuzzel.dataset import Dataset
from xlpuzzel.entry import make_entry
from xlpuzzel.package import package_bytes, parts_from_bytes

Parts = dict[str, bytes]


@dataclass(frozen=True)
class Sources:
    """The built workbooks a case can start from."""

    clean: bytes
    clean_dataset: Dataset
    tmp: Path


@dataclass(frozen=True)
class Case:
    """One broken workbook: how to make it, the exit code, and texts the output must contain."""

    id: str
    make: Callable[[Sources], Path]
    exit: int
    expect: tuple[str, ...]


def _patched(name: str, *edits: Callable[[Parts], None], base: str = "clean") -> Callable[[Sources], Path]:
    def make(src: Sources) -> Path:
        parts = parts_from_bytes(getattr(src, base))
        for edit in edits:
            edit(parts)
        path = src.tmp / name
        path.write_bytes(package_bytes(parts))
        return path

    return make


def _cell(address: str, xml: str) -> Callable[[Parts], None]:
    return lambda parts: set_cell_xml(parts, address, xml)


def _workbook_xml(pattern: str, replacement: str, count: int = 1) -> Callable[[Parts], None]:
    return lambda parts: patch_sheet_xml(parts, "xl/workbook.xml", pattern, replacement, count)


def _bytes(name: str, data: Callable[[Sources], bytes]) -> Callable[[Sources], Path]:
    def make(src: Sources) -> Path:
        path = src.tmp / name
        path.write_bytes(data(src))
        return path

    return make


def _dataset(name: str, change: Callable[[Dataset], Dataset],
             *edits: Callable[[Parts], None]) -> Callable[[Sources], Path]:
    def make(src: Sources) -> Path:
        parts = parts_from_bytes(build_workbook(change(src.clean_dataset)))
        for edit in edits:
            edit(parts)
        path = src.tmp / name
        path.write_bytes(package_bytes(parts))
        return path

    return make


def _with_extra_gemeente(ds: Dataset) -> Dataset:
    """Thirteen gemeenten: 'Nieuwdorp' appended with small numbers."""
    p = ds.puzzel
    columns = {k: (*v, make_entry("0")) for k, v in p.columns.items()}
    columns["inwoners"] = (*p.columns["inwoners"], make_entry("1.000"))
    return Dataset(replace(p, gemeenten=(*p.gemeenten, "Nieuwdorp"), columns=columns,
                           gemeente_cells=(*p.gemeente_cells, make_entry("Nieuwdorp"))), ds.meta)


def _shrink_block_names(first: int, last: int) -> Callable[[Parts], None]:
    """Point every gemeente-row name at rows first..last (the table itself stays 5..17)."""
    def edit(parts: Parts) -> None:
        text = parts["xl/workbook.xml"].decode()
        text = re.sub(r"(Puzzel!\$[A-Z]+\$)5(:\$[A-Z]+\$)17<", rf"\g<1>{first}\g<2>{last}<", text)
        parts["xl/workbook.xml"] = text.encode()
    return edit


def _delete(part_of: Callable[[Parts], str]) -> Callable[[Parts], None]:
    return lambda parts: parts.pop(part_of(parts))


def _truncate_sheet(parts: Parts) -> None:
    name = sheet_part(parts)
    parts[name] = parts[name][: len(parts[name]) // 2]


def _add_merge(parts: Parts) -> None:
    patch_sheet_xml(parts, sheet_part(parts), r'<mergeCells count="(\d+)">', r'<mergeCells count="\1"><mergeCell ref="H12:I12"/>')


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document xmlns:w='x'/>")
    return buffer.getvalue()


def _corrupt_member(src: Sources) -> bytes:
    data = bytearray(src.clean)
    # Garble the middle of the file: some member's compressed data no longer inflates or checks out.
    for i in range(len(data) // 3, len(data) // 3 + 64):
        data[i] ^= 0x5A
    return bytes(data)


def _encrypted(src: Sources) -> bytes:
    """A really encrypted workbook (msoffcrypto-tool comes with oletools)."""
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    out = io.BytesIO()
    ooxml.OOXMLFile(io.BytesIO(src.clean)).encrypt("geheim", out)
    return out.getvalue()


INLINE = '<c r="{0}" t="inlineStr"><is><t>{1}</t></is></c>'

CASES = (
    Case("tekst-in-getalcel", _patched("tekst.xlsm", _cell("H7", INLINE.format("H7", "abc"))), 1,
         ("H7 (Borger-Odoorn, Eerste voorstel Asiel): 'abc' is geen getal.",
          "fout  H7  Borger-Odoorn  Eerste voorstel Asiel: 'abc' is geen getal.")),
    Case("decimaal-getal", _patched("decimaal.xlsm", _cell("G8", '<c r="G8" t="n"><v>2.5</v></c>')), 1,
         ("G8", "'2,5' is geen geheel getal")),
    Case("decimaal-als-tekst", _patched("decimaal-tekst.xlsm", _cell("G8", INLINE.format("G8", "2,5"))), 1,
         ("G8", "'2,5' is geen geheel getal")),
    Case("percentage-in-aantal", _patched("procent.xlsm", _cell("I9", INLINE.format("I9", "50%"))), 1,
         ("I9 (De Wolden, Eerste voorstel AMV): '50%' is geen aantal",)),
    Case("ref-fout-in-invoer", _patched("ref.xlsm", _cell("H9", '<c r="H9" t="e"><v>#REF!</v></c>')), 1,
         ("H9 (De Wolden, Eerste voorstel Asiel): de cel bevat de foutwaarde #REF!",)),
    Case("deel-door-nul-in-formule", _patched(
        "div0.xlsm", _cell("N18", '<c r="N18" t="e"><f>IF(N(C17)=0,"",N17/C17)</f><v>#DIV/0!</v></c>')), 1,
         ("N18 (verschil, Inbreng OEK): de cel bevat de foutwaarde #DIV/0!",)),
    Case("nvt-fout-in-inwoners", _patched("na.xlsm", _cell("B10", '<c r="B10" t="e"><v>#N/A</v></c>')), 1,
         ("B10 (Emmen, Inwoners): de cel bevat de foutwaarde #N/A",)),
    Case("waar-in-getalcel", _patched("bool.xlsm", _cell("G5", '<c r="G5" t="b"><v>1</v></c>')), 1,
         ("G5 (Aa en Hunze, Eerste voorstel Oek): 'WAAR' is geen getal",)),
    Case("negatief-aantal", _patched("negatief.xlsm", _cell("G10", '<c r="G10" t="n"><v>-5</v></c>')), 1,
         ("G10 (Emmen, Eerste voorstel Oek): '-5' is negatief; alleen een bijstelling kan negatief zijn.",)),
    Case("ntb-in-totaal", _patched("ntb-totaal.xlsm", _cell("N17", INLINE.format("N17", "ntb"))), 1,
         ("N17 (Totaal, Inbreng OEK): 'ntb' is geen getal; de som van de gemeenten is",)),
    Case("ntb-als-provinciale-opgave", _patched("ntb-opgave.xlsm", _cell("C17", INLINE.format("C17", "ntb"))), 0,
         ("C17 (Totaal, Opgave Oek): 'ntb': nog niet bekend", "0 fouten, 1 waarschuwing")),
    Case("getypt-totaal-over-formule", _patched("getypt.xlsm", _cell("N17", '<c r="N17" t="n"><v>6000</v></c>')), 1,
         ("N17 (Totaal, Inbreng OEK): Totaal inbreng OEK is 6.000", "Hier hoort een formule")),
    Case("verouderde-formulewaarde", _patched(
        "verouderd.xlsm", _cell("N17", '<c r="N17"><f>SUM(N5:N16)</f><v>5000</v></c>')), 1,
         ("N17 (Totaal, Inbreng OEK): de formule toont 5.000 maar de som van de gemeenten is",)),
    Case("gewijzigde-formule", _patched(
        "formule.xlsm", _cell("J9", '<c r="J9"><f>SUM(G9:H9)</f><v></v></c>')), 0,
         ("J9 (De Wolden, Eerste voorstel Oek + Asiel): de formule =SUM(G9:H9) wijkt af van de",
          "standaardformule =SUM(G9:I9).")),
    Case("getal-als-tekst", _patched("tekstgetal.xlsm", _cell("H6", INLINE.format("H6", "1.000"))), 1,
         ("H6 (Assen, Eerste voorstel Asiel): '1.000' staat als tekst in de cel",)),
    Case("gemeentenaam-leeg", _patched("naamloos.xlsm", _cell("A8", '<c r="A8"/>')), 1,
         ("A8 (rij zonder naam, Gemeente): de gemeentenaam ontbreekt.",)),
    Case("gemeente-dubbel", _patched("dubbel.xlsm", _cell("A8", INLINE.format("A8", "Assen"))), 1,
         ("A8 (Assen, Gemeente): gemeente 'Assen' staat twee keer in de tabel.",)),
    Case("gemeenterij-verwijderd", _dataset("elf.xlsm", lambda ds: without_gemeente(ds, "Westerveld")), 1,
         ("B16 (Totaal, Inwoners): Totaal inwoners is 502.051 maar de som van de gemeenten is 482.191",
          "E16 (Totaal, Opgave AMV)")),
    Case("namen-volgen-verwijderde-rij-niet", _patched(
        "namen-kort.xlsm", _workbook_xml(r"Puzzel!\$P\$5:\$P\$16", "Puzzel!$P$5:$P$15")), 2,
         ("namen-kort.xlsm: het aantal gemeenten klopt niet", "inbreng_amv (Puzzel!$P$5:$P$15) heeft er 11",
          "Namen beheren")),
    Case("gemeenterij-onder-de-namen", _dataset("extra-onder.xlsm", _with_extra_gemeente, _shrink_block_names(5, 16)),
         2, ("extra-onder.xlsm: rij 17 ('Nieuwdorp') op werkblad Puzzel staat in de tabel maar valt buiten",)),
    Case("gemeenterij-boven-de-namen", _dataset("extra-boven.xlsm", _with_extra_gemeente, _shrink_block_names(6, 17)),
         2, ("extra-boven.xlsm: rij 5 ('Aa en Hunze')",)),
    Case("werkblad-hernoemd", _patched("hernoemd.xlsm", _workbook_xml('name="Puzzel"', 'name="Tabel"')), 2,
         ("hernoemd.xlsm: het werkblad 'Puzzel' ontbreekt (gevonden: Tabel, Instellingen",)),
    Case("benoemde-bereiken-weg", _patched(
        "namen-weg.xlsm",
        _workbook_xml(r'<definedName name="inbreng_oek">[^<]*</definedName>', ""),
        _workbook_xml(r'<definedName name="totaal_inbreng_oek">[^<]*</definedName>', "")), 2,
         ("namen-weg.xlsm: de werkmap mist de benoemde bereiken: inbreng_oek, totaal_inbreng_oek.",
          "Bouw de werkmap opnieuw met `puzzel bouw` of herstel de namen via Formules > Namen beheren.")),
    Case("naam-naar-ref-fout", _patched(
        "ref-naam.xlsm",
        _workbook_xml(r'(<definedName name="totaal_inbreng_amv">)[^<]*<', r"\1Puzzel!#REF!<")), 2,
         ("ref-naam.xlsm: benoemde bereiken zijn onbruikbaar:",
          "totaal_inbreng_amv verwijst naar een verwijderde cel (#REF!)")),
    Case("naam-naar-verdwenen-blad", _patched(
        "oud-blad.xlsm", _workbook_xml(r'(<definedName name="gemeenten">)[^<]*<', r"\1'Oud blad'!$A$5:$A$16<")), 2,
         ("oud-blad.xlsm: benoemde bereiken verwijzen naar een werkblad dat niet bestaat: Oud blad",)),
    Case("samengevoegde-cellen", _patched("samengevoegd.xlsm", _add_merge), 2,
         ("samengevoegd.xlsm: de cellen Puzzel!H12:I12 zijn samengevoegd",)),
    Case("csv-als-xlsm", _bytes("tabel.xlsm", lambda s: b"gemeente;inwoners\nAssen;69.414\n"), 2,
         ("tabel.xlsm: geen Excel-werkmap",)),
    Case("leeg-bestand", _bytes("leeg.xlsm", lambda s: b""), 2, ("leeg.xlsm: het bestand is leeg.",)),
    Case("wachtwoord-ole-kop", _bytes("beveiligd.xlsm", lambda s: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),
         2, ("beveiligd.xlsm: dit bestand is met een wachtwoord beveiligd",)),
    Case("echt-versleuteld", _bytes("versleuteld.xlsm", _encrypted), 2,
         ("versleuteld.xlsm: dit bestand is met een wachtwoord beveiligd",)),
    Case("afgekapte-zip", _bytes("afgekapt.xlsm", lambda s: s.clean[: len(s.clean) // 2]), 2,
         ("afgekapt.xlsm: geen Excel-werkmap",)),
    Case("beschadigd-onderdeel", _bytes("beschadigd.xlsm", _corrupt_member), 2, ("beschadigd.xlsm: ",)),
    Case("zonder-workbook-xml", _patched("zonder.xlsx", _delete(lambda p: "xl/workbook.xml")), 2,
         ("zonder.xlsx: geen Excel-werkmap: het onderdeel xl/workbook.xml ontbreekt",)),
    Case("word-document", _bytes("brief.xlsm", lambda s: _docx()), 2,
         ("brief.xlsm: geen Excel-werkmap: het onderdeel xl/workbook.xml ontbreekt",)),
    Case("werkblad-xml-beschadigd", _patched("xml.xlsm", _truncate_sheet), 2,
         ("xml.xlsm: het onderdeel xl/worksheets/", "is beschadigd (geen geldige XML).")),
    Case("werkblad-onderdeel-weg", _patched("blad-weg.xlsm", _delete(sheet_part)), 2,
         ("blad-weg.xlsm: het onderdeel xl/worksheets/", "ontbreekt; het bestand is beschadigd.")),
    Case("verborgen-puzzelblad", _patched(
        "verborgen.xlsm", _workbook_xml(r'name="Puzzel" sheetId="1" state="visible"',
                                        'name="Puzzel" sheetId="1" state="hidden"')), 0,
         ("Geen bevindingen",)),
    Case("nvt-in-aantal", _patched("nvt.xlsm", _cell("I5", INLINE.format("I5", "n.v.t."))), 0,
         ("Geen bevindingen",)),
)


@pytest.fixture
def sources(tmp_path: Path, clean_bytes: bytes, clean_dataset: Dataset) -> Sources:
    """The starting workbooks for the cases."""
    return Sources(clean=clean_bytes, clean_dataset=clean_dataset, tmp=tmp_path)


def test_corpus_is_large_enough() -> None:
    """At least 25 distinct broken workbooks are tried."""
    assert len({c.id for c in CASES}) == len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_broken_workbook_gets_a_dutch_answer_and_stays_untouched(case: Case, sources: Sources, capsys) -> None:
    """Exit code as expected, the message names the cell or file, no traceback, the file unchanged."""
    path = case.make(sources)
    before = path.read_bytes()
    code = main(["controleer", str(path)])
    out, err = capsys.readouterr()
    assert code == case.exit, out + err
    assert "Traceback" not in out + err
    if case.exit == 2:
        assert out == ""
        assert err.count("\n") == 1 and err.startswith(f"puzzel controleer: {path}: ")
        shown = err
    else:
        assert err == ""
        json_code = main(["controleer", str(path), "--json"])
        doc = json.loads(capsys.readouterr()[0])
        assert json_code == case.exit
        for finding in doc["bevindingen"]:
            # The text report names the same cells as the JSON, one line each.
            assert re.search(rf"^{finding['ernst']} +{finding['cel']} ", out, re.MULTILINE)
        shown = "\n".join([out, *(f["melding"] for f in doc["bevindingen"])])
    for fragment in case.expect:
        assert fragment in shown
    assert path.read_bytes() == before


def test_directory_instead_of_a_file_gets_a_dutch_answer(tmp_path: Path, capsys) -> None:
    """A folder given as WERKMAP: exit 2, one line saying it is a folder; the folder is left alone."""
    folder = tmp_path / "puzzel.xlsm"
    folder.mkdir()
    code = main(["controleer", str(folder)])
    out, err = capsys.readouterr()
    assert code == 2
    assert err == f"puzzel controleer: {folder}: dit is een map, geen werkmap.\n"
    assert "Traceback" not in out + err
    assert folder.is_dir() and not any(folder.iterdir())
