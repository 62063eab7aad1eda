"""Sheet Adressen: the colleges' postal addresses, typed by staff, never invented; a letter without one is refused."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import TEST_BRIEFINSTELLINGEN, documentgegevens_van
from docx import Document

from xlpuzzel.adressen import (
    Adres,
    adres_melding,
    adressen_uit_cellen,
    adressen_uit_rijen,
    normaliseer_postcode,
    postcode_fout,
)
from xlpuzzel.brief import ADRES_MARKERING, CONCEPT_MARKERING, AdresOntbreekt, render_brieven
from xlpuzzel.build import build_workbook
from xlpuzzel.cli import main
from xlpuzzel.layout import ADRES_KOLOMMEN, ADRESSEN_LAYOUT, ADRESSEN_SHEET
from xlpuzzel.reader import read_workbook

#: The folder of a letters run: its date (made-up test setting, conftest).
BRIEF_DATUM = TEST_BRIEFINSTELLINGEN["datum_brief"]


def header_and_body(path: Path) -> str:
    """Header and body paragraphs of a .docx."""
    doc = Document(str(path))
    return "\n".join([p.text for p in doc.sections[0].header.paragraphs] + [p.text for p in doc.paragraphs])


def test_shipped_workbook_has_a_row_per_gemeente_and_no_invented_address(shipped_workbook: Path, dataset):
    """The build writes every gemeente with its own spelling where known; postal addresses stay empty."""
    assert ADRESSEN_SHEET in read_workbook(shipped_workbook).sheets
    wb = documentgegevens_van(shipped_workbook)
    assert [a.gemeente for a in wb.adressen.values()] == list(dataset.puzzel.gemeenten)
    assert wb.adressen["midden drenthe"].naam == "Midden-Drenthe"
    for adres in wb.adressen.values():
        assert (adres.postadres, adres.postcode, adres.plaats, adres.email) == ("", "", "", "")
        assert not adres.compleet


def test_postcodes_are_normalised_and_wrong_ones_named():
    """'9400ac' is 9400 AC; '94 00' is no Dutch postcode and the message says so."""
    assert normaliseer_postcode(" 9400ac ") == "9400 AC"
    assert normaliseer_postcode("94 00") == "94 00"
    assert postcode_fout("9400 AC") is None and postcode_fout("") is None
    assert postcode_fout("94 00") == "postcode '94 00' is geen Nederlandse postcode (zoals 9400 AC)"
    adres = Adres("Assen", postadres="Postbus 1", postcode="94 00", plaats="Assen", rij=4)
    assert not adres.compleet
    assert adres_melding(adres, "Assen") == (
        "Het adres van het college van Assen op blad Adressen, rij 4: postcode '94 00' is geen Nederlandse "
        "postcode (zoals 9400 AC)."
    )
    assert Adres("X", postcode="7800ra", plaats="emmen").postcode_plaats == "7800 RA  EMMEN"


def test_missing_fields_are_named_with_the_row():
    """One missing field, several, or no row at all: each gets its own Dutch message."""
    assert adres_melding(Adres("Emmen", postadres="Postbus 1", rij=7), "Emmen") == (
        "Het adres van het college van Emmen is niet compleet: postcode en plaats ontbreken op blad Adressen, rij 7."
    )
    assert "plaats ontbreekt op blad Adressen, rij 3" in adres_melding(
        Adres("A", postadres="p", postcode="1234 AB", rij=3), "A")
    assert adres_melding(Adres("Emmen"), "Emmen").startswith("De gemeente Emmen staat niet op blad Adressen")


def test_rows_are_read_by_gemeente_skipping_empty_ones_and_keeping_the_first_of_a_duplicate():
    """A row without a name is skipped, a repeated name keeps its first row, numbers typed as numbers read as text."""
    rows = [["Assen", "", "Postbus 1", "9400 AC", "Assen", None], [None, "x"],
            ["  assen ", "", "Postbus 2", "9400 AC", "Assen", ""], ["Emmen", None, 123.0, "7800RA", "Emmen", "e@x"]]
    found = adressen_uit_rijen(rows, eerste_rij=3)
    assert list(found) == ["assen", "emmen"]
    assert found["assen"].postadres == "Postbus 1" and found["assen"].rij == 3
    assert found["emmen"].postadres == "123" and found["emmen"].rij == 6 and found["emmen"].compleet


def test_cells_of_the_sheet_give_the_same_addresses_as_its_rows():
    """The adapter of both readers: A1 address -> value, columns as the layout declares them."""
    a = ADRESSEN_LAYOUT
    cells = {f"{a.letter(f)}{a.first_row}": v for (f, _), v in zip(ADRES_KOLOMMEN, ["Assen", "", "Postbus 1",
                                                                                   "9400 AC", "Assen", ""])}
    cells["A1"] = "toelichting"
    assert adressen_uit_cellen(cells)["assen"].rij == a.first_row
    assert adressen_uit_cellen({}) == {}


def test_a_letter_without_an_address_is_refused_naming_the_gemeente(opgeloste_dataset, opgeloste_adressen, tmp_path):
    """The run stops before anything is written; the message names the gemeente and its row on sheet Adressen."""
    adressen = dict(opgeloste_adressen)
    adressen["emmen"] = dataclasses.replace(adressen["emmen"], postadres="", postcode="")
    with pytest.raises(AdresOntbreekt) as caught:
        render_brieven(opgeloste_dataset.puzzel, opgeloste_dataset.instellingen, tmp_path / "uit", adressen=adressen)
    assert "Het adres van het college van Emmen is niet compleet: postadres en postcode ontbreken op blad Adressen, " \
           f"rij {adressen['emmen'].rij}." in caught.value.melding
    assert "er is niets geschreven" in caught.value.melding
    assert not (tmp_path / "uit").exists()


def test_made_anyway_only_the_letter_without_address_is_a_concept(opgeloste_werkmap, tmp_path):
    """As concept: Emmen's letter is marked 'adres ontbreekt' with the reason; Assen's is a normal letter."""
    wb = documentgegevens_van(opgeloste_werkmap)
    adressen = {k: v for k, v in wb.adressen.items() if k != "emmen"}
    result = render_brieven(wb.puzzel, wb.instellingen, tmp_path, concept=True, gemeenten=["Assen", "Emmen"],
                            adressen=adressen)
    assen, emmen = (header_and_body(p) for p in result.documenten)
    assert "CONCEPT" not in assen
    assert ADRES_MARKERING in emmen and CONCEPT_MARKERING not in emmen
    assert "De gemeente Emmen staat niet op blad Adressen" in emmen
    assert "[postadres ontbreekt]" in "\n".join(c.text for t in Document(str(result.documenten[1])).tables
                                                   for r in t.rows for c in r.cells)


def test_cli_names_missing_figures_and_addresses_in_one_refusal(shipped_workbook, tmp_path, capsys):
    """The shipped workbook: its figure errors and the twelve missing addresses in one message; exit 1."""
    assert main(["brieven", str(shipped_workbook), "--uit", str(tmp_path / "uit")]) == 1
    err = capsys.readouterr().err
    assert "De cijfers in de werkmap sluiten niet (6 fouten)" in err
    assert "Voor 12 gemeenten ontbreekt het postadres van het college" in err
    assert "Het adres van het college van Midden-Drenthe is niet compleet" in err
    assert not (tmp_path / "uit").exists()


def test_cli_with_addresses_filled_in_writes_letters_without_a_mark(opgeloste_werkmap, tmp_path, capsys):
    """The resolved workbook with addresses on sheet Adressen: letters, no refusal, no mark, e-mail in overzicht.csv."""
    assert main(["brieven", str(opgeloste_werkmap), "--uit", str(tmp_path), "--gemeente", "Assen"]) == 0
    overzicht = (tmp_path / BRIEF_DATUM / "overzicht.csv").read_text(encoding="utf-8-sig")
    assert "gemeente2@example.org" in overzicht


def test_an_empty_inbreng_is_a_dash_and_named_in_the_concept_note(ingevulde_werkmap, tmp_path):
    """Borger-Odoorn's empty inbreng: '–' in its table (never '0' or '0%'), and the finding in the CONCEPT note."""
    assert main(["brieven", str(ingevulde_werkmap), "--uit", str(tmp_path), "--ondanks-fouten",
                 "--gemeente", "Borger-Odoorn"]) == 0
    path = next((tmp_path / BRIEF_DATUM).glob("*.docx"))
    text = header_and_body(path)
    assert CONCEPT_MARKERING in text
    assert "N7 (Borger-Odoorn, Inbreng OEK): de inbreng is leeg, maar eerste voorstel 247 + bijstelling 138 = 385." in text
    assert "Uw inbreng voor Oekraïense ontheemden is nog niet bekend." in text
    own = [[c.text for c in r.cells] for r in Document(str(path)).tables[2].rows]
    oek, asiel, amv, totaal = own[1:]
    assert oek[4:] == ["–", "–", "–"] and amv[4:] == ["–", "–", "–"] and totaal[4:] == ["–", "–", "–"]
    assert asiel[4:6] == ["0", "0%"]  # 128 − 128: nothing, not unknown


def test_a_gemeente_renamed_on_sheet_puzzel_has_no_address(opgeloste_dataset, tmp_path):
    """A gemeente whose name on sheet Adressen differs from sheet Puzzel is not matched (and said so)."""
    meta = dict(opgeloste_dataset.meta)
    meta["adressen"] = {("Gemeente Assen" if k == "Assen" else k): v for k, v in meta["adressen"].items()}
    dataset = dataclasses.replace(opgeloste_dataset, meta=meta)
    path = tmp_path / "puzzel.xlsm"
    path.write_bytes(build_workbook(dataset))
    wb = documentgegevens_van(path)
    assert "assen" in wb.adressen and not wb.adressen["assen"].compleet


def test_hostile_address_text_gives_a_valid_letter(opgeloste_werkmap, tmp_path):
    """Markup, a control character and formula text in an address: shown literally, the .docx stays readable."""
    wb = documentgegevens_van(opgeloste_werkmap)
    adressen = dict(wb.adressen)
    adressen["assen"] = dataclasses.replace(adressen["assen"], postadres="<b>Postbus 1</b> & {{ 7*7 }}\x07",
                                            postcode="94\x0b00", email="=HYPERLINK(1)")
    result = render_brieven(wb.puzzel, wb.instellingen, tmp_path, concept=True, gemeenten=["Assen"],
                            adressen=adressen)
    doc = Document(str(result.documenten[0]))
    block = doc.tables[0].rows[0].cells[0].text
    assert "<b>Postbus 1</b> & {{ 7*7 }}" in block and "49" not in block
    assert "geen Nederlandse postcode" in header_and_body(result.documenten[0])
