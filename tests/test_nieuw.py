"""`puzzel nieuw`: a puzzel for any province from a gemeenten file staff make themselves.

Gemeente names are the real ones of Groningen, Fryslân and Limburg; their populations and
the file's tasks are made up for the test (synthetic, deterministic).
"""

from __future__ import annotations

import io
import re
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import Workbook

from xlpuzzel.apportionment import apportion, quotas
from xlpuzzel.build.landelijk_bronnen import load_lrt
from xlpuzzel.cli import main
from xlpuzzel.controle import controleer
from xlpuzzel.layout import BIJGESTELD_STYLE, CATEGORIES, Category, PuzzelLayout
from xlpuzzel.nieuw.maken import maak_nieuwe_puzzel
from xlpuzzel.nieuw.opgaven import OpgaveFout, lrt_opgaven
from xlpuzzel.nieuw.provincie import INDICATIEF, INDICATIEF_SETTING
from xlpuzzel.package import read_package
from xlpuzzel.reader import read_sheet, read_workbook
from xlpuzzel.workbookfile import open_workbook

GRONINGEN = ["Eemsdelta", "Groningen", "Het Hogeland", "Midden-Groningen", "Oldambt", "Pekela", "Stadskanaal",
             "Veendam", "Westerkwartier", "Westerwolde"]
FRYSLAN = ["Achtkarspelen", "Ameland", "Dantumadiel", "De Fryske Marren", "Harlingen", "Heerenveen", "Leeuwarden",
           "Noardeast-Fryslân", "Ooststellingwerf", "Opsterland", "Schiermonnikoog", "Smallingerland",
           "Súdwest-Fryslân", "Terschelling", "Tytsjerksteradiel", "Vlieland", "Waadhoeke", "Weststellingwerf"]
LIMBURG = ["Beek", "Beekdaelen", "Beesel", "Bergen (L)", "Brunssum", "Echt-Susteren", "Eijsden-Margraten", "Gennep",
           "Gulpen-Wittem", "Heerlen", "Horst aan de Maas", "Kerkrade", "Landgraaf", "Leudal", "Maasgouw",
           "Maastricht", "Meerssen", "Mook en Middelaar", "Nederweert", "Peel en Maas", "Roerdalen", "Roermond",
           "Simpelveld", "Sittard-Geleen", "Stein", "Vaals", "Valkenburg aan de Geul", "Venlo", "Venray",
           "Voerendaal", "Weert"]
#: Tasks Limburg's file gives itself in a Totaal row (made up, to test that the row wins over the LRT table).
LIMBURG_TOTAAL = {Category.OEK: 8000, Category.ASIEL: 5000, Category.AMV: 400}


def inwoners(names: list[str]) -> list[int]:
    """Synthetic populations, different per gemeente."""
    return [9_000 + 7_919 * i + (i * i * 373) % 5_000 for i in range(len(names))]


def nl(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def groningen_csv(path: Path) -> Path:
    """`;`, BOM, Dutch thousands, no task columns (asiel and AMV become indicative)."""
    lines = ["Gemeente;Inwoners"] + [f"{g};{nl(n)}" for g, n in zip(GRONINGEN, inwoners(GRONINGEN))]
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8"))
    return path


def fryslan_csv(path: Path) -> Path:
    """`,` plain, with every gemeente's asiel and AMV task (adding up to the LRT row: 3.391 − 288 and 288)."""
    pop = inwoners(FRYSLAN)
    asiel, amv = apportion(3391 - 288, pop[::-1]), apportion(288, pop[::-1])
    lines = ["gemeente,inwoners,opgave_asiel,opgave_amv"]
    lines += [f'"{g}",{n},{a},{m}' for g, n, a, m in zip(FRYSLAN, pop, asiel, amv)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def limburg_xlsx(path: Path) -> Path:
    """An .xlsx with a title, numbers as numbers and a Totaal row with the provincial tasks."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Gemeenten Limburg, bevolking 1 januari (synthetisch)"])
    ws.append(["GEMEENTE", "Inwoners", "Opgave OEK", "Opgave asiel", "Opgave AMV"])
    for g, n in zip(LIMBURG, inwoners(LIMBURG)):
        ws.append([g, n, None, None, None])
    ws.append(["Totaal", None, *LIMBURG_TOTAAL.values()])
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_adressen(names):
    """Addresses as staff would type them on sheet Adressen (made up: no source holds them)."""
    from xlpuzzel.adressen import adressen_uit_velden

    return adressen_uit_velden(names, {n: {"postadres": "Postbus 1", "postcode": "1234 AB", "plaats": "Testplaats"}
                                       for n in names})


test_adressen.__test__ = False  # a helper, not a test


def notities(path: Path) -> dict[str, str]:
    """Cell -> note text on sheet Puzzel, read through the package layer."""
    with open_workbook(path) as werkmap:
        return dict(werkmap.notities())


BRIEF_INSTELLINGEN = {
    "afzender_naam": "Provincie (test)", "afzender_adres": "Testweg 1", "afzender_postbus": "Postbus 1",
    "afzender_postcode_plaats": "1234 AB Testplaats", "plaats": "Testplaats", "datum_brief": "2026-12-01",
    "kenmerk": "TEST/1", "prt_datum": "2026-11-30", "besluit_uiterlijk": "2027-01-15",
    "ondertekenaar_naam": "T. Est", "ondertekenaar_functie": "voorzitter van de provinciale regietafel (test)",
    "contact_naam": "Team test", "contact_telefoon": "000 0000000", "contact_email": "test@example.org",
    "periode": "2027 en 2028",
}


@pytest.fixture(scope="module")
def provincies(tmp_path_factory) -> dict[str, tuple[Path, object]]:
    """Three new puzzels, one per spelling of the gemeenten file."""
    folder = tmp_path_factory.mktemp("nieuw")
    out = {}
    for provincie, maak, titel in (
        ("Groningen", lambda: groningen_csv(folder / "groningen.csv"), "De Groningse Puzzel"),
        ("Fryslân", lambda: fryslan_csv(folder / "fryslan.csv"), "De Friese Puzzel"),
        ("limburg", lambda: limburg_xlsx(folder / "limburg.xlsx"), None),
    ):
        doel = folder / f"{provincie}.xlsm"
        out[provincie] = (doel, maak_nieuwe_puzzel(provincie, maak(), doel, titel=titel, instellingen=BRIEF_INSTELLINGEN))
    return out


def test_the_lrt_rule_reproduces_drenthes_tasks_asiel_being_lrt_asiel_minus_amv():
    """LRT 'Asiel opgave' includes AMV: Drenthe 2.691 − 229 = the puzzel's 2.462; Oek 5.722, AMV 229."""
    lrt = load_lrt("lrt-2024-09-01")
    drenthe = lrt_opgaven(lrt.tabel, "Drenthe", "lrt")
    assert {c: o.aantal for c, o in drenthe.items()} == {Category.OEK: 5722, Category.ASIEL: 2462, Category.AMV: 229}
    groningen = lrt_opgaven(lrt.tabel, "groningen", "lrt")
    assert lrt_opgaven(lrt.tabel, "fryslan", "lrt")[Category.OEK].aantal == 6766  # without the accent too
    assert {c: o.aantal for c, o in groningen.items()} == {Category.OEK: 5592, Category.ASIEL: 2487, Category.AMV: 228}
    assert "2.715 − AMV opgave 228" in groningen[Category.ASIEL].herkomst


def test_three_provinces_from_three_spellings_get_their_names_and_tasks(provincies):
    """Names as in the file; Oek parts add up to the provincial task, each within 1 of its population quota."""
    expected = {
        "Groningen": (GRONINGEN, {Category.OEK: 5592, Category.ASIEL: 2487, Category.AMV: 228}),
        "Fryslân": (FRYSLAN, {Category.OEK: 6766, Category.ASIEL: 3103, Category.AMV: 288}),
        "limburg": (LIMBURG, LIMBURG_TOTAAL),
    }
    for provincie, (path, gemaakt) in provincies.items():
        names, tasks = expected[provincie]
        wb = read_workbook(path)
        p = wb.puzzel
        assert p.gemeenten == tuple(names)
        assert [e.amount for e in p.columns["inwoners"]] == inwoners(names)
        for cat in CATEGORIES:
            assert p.totaal[f"opgave_{cat.value}"].amount == tasks[cat]
            parts = [e.amount for e in p.columns[f"opgave_{cat.value}"]]
            assert sum(parts) == tasks[cat]
        oek = [e.amount for e in p.columns["opgave_oek"]]
        for part, quota in zip(oek, quotas(tasks[Category.OEK], inwoners(names))):
            assert abs(Fraction(part) - quota) < 1
        assert all(e.raw is None for c in ("eerste", "bijstelling", "inbreng") for cat in CATEGORIES
                   for e in p.columns[f"{c}_{cat.value}"])
        assert [b for b in controleer(p) if b.ernst.value == "fout"] == []
        assert wb.instellingen["provincie"] == {"limburg": "Limburg"}.get(provincie, provincie)


def test_every_defined_name_points_at_the_provinces_rows(provincies):
    """The defined names follow the number of gemeenten (10, 18, 31)."""
    for path, _gemaakt in provincies.values():
        wb = read_workbook(path)
        layout = PuzzelLayout(len(wb.puzzel.gemeenten))
        for name, ref in layout.defined_names().items():
            assert wb.names[name] == ref
        assert "provincie" in wb.names and "instellingen" in wb.names


def test_asiel_and_amv_by_population_are_marked_indicatief_in_a_note_the_legend_and_a_setting(provincies):
    """Without a verdeelbesluit in the file, asiel/AMV per gemeente carry a header note, a legend line, a setting."""
    path, gemaakt = provincies["Groningen"]
    assert gemaakt.indicatief == (Category.ASIEL, Category.AMV)
    parts = read_package(path)
    layout = PuzzelLayout(len(GRONINGEN))
    for cid in ("opgave_asiel", "opgave_amv"):
        assert INDICATIEF in notities(path)[layout.cell(cid, layout.header_row)]
    texts = [str(c.value) for c in read_sheet(parts, "Puzzel").values() if isinstance(c.value, str)]
    legend = [t for t in texts if t.startswith("Asiel en AMV per gemeente: indicatief, naar inwoners")]
    assert legend and "SES-WOA" in legend[0]
    assert read_workbook(path).instellingen[INDICATIEF_SETTING] == "asiel, amv"
    # Fryslân's file gave both: nothing is indicative there.
    fpath, fgemaakt = provincies["Fryslân"]
    assert fgemaakt.indicatief == ()
    assert not any(INDICATIEF in t for t in notities(fpath).values())


def test_the_title_is_a_setting_as_given_or_a_neutral_default_never_an_adjective_made_up(provincies):
    """'De Groningse Puzzel' is what the user typed; without one the title names the province."""
    assert read_workbook(provincies["Groningen"][0]).instellingen["puzzel_naam"] == "De Groningse Puzzel"
    limburg = read_workbook(provincies["limburg"][0])
    assert limburg.instellingen["puzzel_naam"] == "De puzzel van de provincie Limburg"
    assert read_sheet(read_package(provincies["limburg"][0]), "Puzzel")["A1"].value == "De puzzel van de provincie Limburg"


def test_letters_of_a_new_province_name_that_province_and_never_drenthe(provincies, tmp_path):
    """The letters take province, title and signer from sheet Instellingen; the templates carry no province."""
    from docx import Document

    from xlpuzzel.brief import render_brieven

    path, _ = provincies["Fryslân"]
    wb = read_workbook(path)
    result = render_brieven(wb.puzzel, wb.instellingen, tmp_path, gemeenten=["Súdwest-Fryslân"],
                            adressen=test_adressen(wb.puzzel.gemeenten))
    text = "\n".join(p.text for p in Document(str(result.documenten[0])).paragraphs)
    assert "Súdwest-Fryslân" in text and "Fryslân" in text.replace("Súdwest-Fryslân", "")
    assert "De Friese Puzzel" in text
    assert not re.search("drent", text, re.IGNORECASE)
    assert Document(str(result.documenten[0])).core_properties.author == "Provincie (test)"  # afzender_naam


def test_the_workbooks_of_new_provinces_validate_with_the_open_xml_sdk(provincies):
    """Every new workbook passes Microsoft's validator."""
    from ooxml_validator import assert_valid

    assert_valid(*(path for path, _ in provincies.values()))


def test_an_option_wins_over_the_file_and_the_file_over_the_lrt_table(tmp_path):
    """--opgave-oek beats the Totaal row; a Totaal row beats the LRT table."""
    source = tmp_path / "g.csv"
    source.write_text("gemeente;inwoners;opgave_oek\nA;100;\nB;300;\nTotaal;;1.000\n", encoding="utf-8")
    gemaakt = maak_nieuwe_puzzel("Zeeland", source, tmp_path / "z.xlsm", opties={Category.OEK: 40})
    assert gemaakt.opgaven[Category.OEK].aantal == 40 and "--opgave-oek" in gemaakt.opgaven[Category.OEK].herkomst
    assert [e.amount for e in gemaakt.dataset.puzzel.columns["opgave_oek"]] == [10, 30]
    gemaakt = maak_nieuwe_puzzel("Zeeland", source, tmp_path / "z2.xlsm")
    assert gemaakt.opgaven[Category.OEK].aantal == 1000 and "rij Totaal" in gemaakt.opgaven[Category.OEK].herkomst
    assert gemaakt.opgaven[Category.ASIEL].aantal == 2109 - 180  # Zeeland in the LRT table: 2.109 − 180


def test_file_tasks_that_do_not_add_up_to_the_provincial_task_are_refused(tmp_path):
    """A verdeelbesluit column must add up to the provincial task; the message names both sums."""
    source = tmp_path / "g.csv"
    source.write_text("gemeente;inwoners;opgave_amv\nA;100;100\nB;300;50\n", encoding="utf-8")
    with pytest.raises(OpgaveFout, match=r"opgave_amv van de gemeenten telt op tot 150.*AMV is 180"):
        maak_nieuwe_puzzel("Zeeland", source, tmp_path / "z.xlsm")
    assert not (tmp_path / "z.xlsm").exists()


def test_a_province_the_lrt_table_does_not_know_needs_every_task_given(tmp_path):
    """A typo lists the known provinces; a province outside the table works when every task is given."""
    source = tmp_path / "g.csv"
    source.write_text("gemeente;inwoners\nA;100\n", encoding="utf-8")
    with pytest.raises(OpgaveFout, match=r"'Groningn' staat niet in de LRT-tabel.*bekend: Drenthe, Flevoland"):
        maak_nieuwe_puzzel("Groningn", source, tmp_path / "x.xlsm")
    opties = {Category.OEK: 10, Category.ASIEL: 5, Category.AMV: 1}
    gemaakt = maak_nieuwe_puzzel("Eiland", source, tmp_path / "x.xlsm", opties=opties)
    assert gemaakt.dataset.instellingen["provincie"] == "Eiland"


def test_cli_nieuw_writes_the_workbook_and_never_over_an_existing_file(tmp_path, capsys, monkeypatch):
    """Exit 0 and a report; a second run refuses (exit 2) unless --overschrijf, which keeps a .bak."""
    source = groningen_csv(tmp_path / "gr.csv")
    monkeypatch.chdir(tmp_path)
    assert main(["nieuw", "--provincie", "Groningen", "--gemeenten", str(source), "--titel", "De Groningse Puzzel"]) == 0
    out = capsys.readouterr().out
    assert "puzzel-groningen.xlsm" in out and "Asiel    2.487" in out and "indicatief, naar inwoners" in out
    assert "ondertekenaar_naam" in out
    first = (tmp_path / "puzzel-groningen.xlsm").read_bytes()
    assert main(["nieuw", "--provincie", "Groningen", "--gemeenten", str(source)]) == 2
    assert "bestaat al" in capsys.readouterr().err
    assert (tmp_path / "puzzel-groningen.xlsm").read_bytes() == first
    assert main(["nieuw", "--provincie", "Groningen", "--gemeenten", str(source), "--overschrijf"]) == 0
    assert (tmp_path / "puzzel-groningen.xlsm.bak").read_bytes() == first


@pytest.mark.parametrize(
    ("args", "pattern"),
    [
        (["--uit", "x.xlsx"], "moet dus op .xlsm eindigen"),
        (["--gemeenten", "weg.csv"], "weg.csv: bestand niet gevonden"),
        (["--opgave-oek", "-3"], "--opgave-oek -3: een opgave is 0 of meer"),
    ],
)
def test_cli_nieuw_refuses_bad_input_with_a_dutch_message_and_writes_nothing(tmp_path, capsys, monkeypatch, args, pattern):
    """Exit 2, one Dutch line, no file."""
    groningen_csv(tmp_path / "gr.csv")
    monkeypatch.chdir(tmp_path)
    base = ["nieuw", "--provincie", "Groningen", "--gemeenten", "gr.csv"]
    assert main(base + args) == 2
    assert re.search(pattern, capsys.readouterr().err)
    assert not list(tmp_path.glob("*.xlsm"))


def test_the_new_workbook_works_with_the_other_commands(provincies, tmp_path, capsys):
    """controleer, bijstellingen and basis run on a new province's workbook."""
    path = tmp_path / "g.xlsm"
    path.write_bytes(provincies["Groningen"][0].read_bytes())
    assert main(["controleer", str(path)]) == 0
    assert main(["bijstellingen", str(path), "--gebruiker", "t"]) == 0
    assert "Geen nieuwe bijstellingen" in capsys.readouterr().out


def test_the_legend_keeps_the_bijgesteld_style(provincies):
    """The 'tussentijds bijgesteld' legend keeps its named style above the indicative line."""
    from openpyxl import load_workbook

    ws = load_workbook(provincies["Groningen"][0])["Puzzel"]
    styles = {ws.cell(r, 1).style for r in range(1, ws.max_row + 1)}
    assert BIJGESTELD_STYLE in styles


def test_the_ribbon_tab_carries_the_puzzels_name_and_stays_valid(provincies):
    """'De Groningse Puzzel' gives tab 'Groningse Puzzel'; the neutral default gives 'Puzzel'; schema-valid."""
    from lxml import etree

    from xlpuzzel.vba import RIBBON_PART, RIBBON_SCHEMA

    schema = etree.XMLSchema(etree.parse(str(RIBBON_SCHEMA)))
    labels = {}
    for provincie, (path, _) in provincies.items():
        ribbon = etree.fromstring(read_package(path)[RIBBON_PART])
        schema.assertValid(ribbon)
        labels[provincie] = ribbon.find(".//{*}tab").get("label")
    assert labels == {"Groningen": "Groningse Puzzel", "Fryslân": "Friese Puzzel", "limburg": "Puzzel"}


def test_a_new_puzzels_texts_name_its_own_tab_and_its_baseline_claims_no_agreement(provincies):
    """Sheet Voorstel points at the tab 'Groningse Puzzel'; the first log row says xlpuzzel wrote the starting numbers."""
    from xlpuzzel.layout import VOORSTEL_SHEET
    from xlpuzzel.usecases import wijzigingslog

    path, _ = provincies["Groningen"]
    teksten = [str(c.value) for c in read_sheet(read_package(path), VOORSTEL_SHEET).values() if c.value]
    assert any("(tabblad Groningse Puzzel)" in t for t in teksten)
    with open_workbook(path) as werkmap:
        (regel,) = wijzigingslog(werkmap).regels
    assert regel.gebruiker == "xlpuzzel" and regel.bron.startswith("Werkmap gemaakt op ")
    assert "regietafel" not in regel.bron


def test_the_templates_name_no_province_and_no_person():
    """Word templates and their properties carry tags, never 'Drenthe' or the CdK as 'haar': any province's documents."""
    import zipfile

    from xlpuzzel.brief.render import BRIEF_SJABLOON, MEMO_SJABLOON
    from xlpuzzel.resources import TEMPLATES_DIR

    for naam in (BRIEF_SJABLOON, MEMO_SJABLOON):
        with zipfile.ZipFile(TEMPLATES_DIR / naam) as z:
            tekst = " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
        assert not re.search(r"drent|koning in haar", tekst, re.IGNORECASE), naam
        assert "<dc:creator>{{ afzender.naam }}</dc:creator>" in tekst, naam


def test_a_title_with_control_characters_or_markup_gives_a_ribbon_excel_can_load():
    """A tab label is one printable line, escaped: '<b>&\x01' cannot break the ribbon part."""
    from lxml import etree

    from xlpuzzel.vba import RIBBON_SCHEMA, ribbon_xml

    ribbon = etree.fromstring(ribbon_xml('De <b>&"Puzzel"\x01\n2'))
    etree.XMLSchema(etree.parse(str(RIBBON_SCHEMA))).assertValid(ribbon)
    assert ribbon.find(".//{*}tab").get("label") == 'De <b>&"Puzzel" 2'


def test_cli_nieuw_overschrijf_replaces_a_workbook_as_every_writer_does(tmp_path, capsys, monkeypatch):
    """--overschrijf over an existing workbook: refused while another run holds its lock (the holder named),
    then replaced under the lock with the old one as .bak."""
    from xlpuzzel.storage import WorkbookLock

    source = groningen_csv(tmp_path / "gr.csv")
    monkeypatch.chdir(tmp_path)
    command = ["nieuw", "--provincie", "Groningen", "--gemeenten", str(source), "--uit", "gr.xlsm"]
    assert main(command) == 0
    first = (tmp_path / "gr.xlsm").read_bytes()
    capsys.readouterr()
    with WorkbookLock(tmp_path / "gr.xlsm", "bijstellingen", "Piet"):
        assert main([*command, "--overschrijf", "--titel", "Anders"]) == 2
    assert "wordt op dit moment bijgewerkt door Piet" in capsys.readouterr().err
    assert (tmp_path / "gr.xlsm").read_bytes() == first and not (tmp_path / "gr.xlsm.bak").exists()
    assert main([*command, "--overschrijf", "--titel", "Anders"]) == 0
    assert (tmp_path / "gr.xlsm.bak").read_bytes() == first
    assert not list(tmp_path.glob(".~puzzel*"))
