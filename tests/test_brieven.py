"""Letters to the colleges van B&W (issue 4): refusal, one letter per gemeente, every digit from the workbook."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import re
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import TEST_BRIEFINSTELLINGEN, documentgegevens_van
from docx import Document
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from xlpuzzel.brief import CONCEPT_MARKERING, InstellingFout, render_brieven
from xlpuzzel.brief.opmaak import afronden, datum, getal, procent, procent_van_opgave
from xlpuzzel.build import build_workbook
from xlpuzzel.cli import main
from xlpuzzel.controle import controleer
from xlpuzzel.errors import PuzzelError
from xlpuzzel.layout import CATEGORIES, PUZZEL_SHEET, PuzzelLayout
from xlpuzzel.reader import read_workbook

BRIEF_DATUM = TEST_BRIEFINSTELLINGEN["datum_brief"]


# --- helpers: what the workbook holds, read independently with openpyxl ---------------------


def dutch(n: int) -> str:
    """A count the way the letters must print it."""
    return f"{n:,}".replace(",", ".")


def pct(part: int, whole: int) -> str:
    """A percentage as the letters show it: below the task rounded down, else as Excel's 0% (half up)."""
    exact = Decimal(part) * 100 / Decimal(whole)
    value = exact.quantize(Decimal(1), rounding=ROUND_FLOOR if part < whole else ROUND_HALF_UP)
    return f"{value}%"


def signed(n: int) -> str:
    """Places above or below the task as the letter's last column shows them."""
    return ("+" if n > 0 else "") + dutch(n)


def workbook_values(path: Path) -> dict:
    """Input cells per gemeente and the authority totals, straight from the sheet."""
    ws = load_workbook(path)[PUZZEL_SHEET]
    layout = PuzzelLayout(12)

    def num(address: str) -> int:
        value = ws[address].value
        return 0 if value in (None, "-") else int(value)

    gemeenten = {}
    for i in range(12):
        row = layout.gemeente_row(i)
        name = ws.cell(row, 1).value
        gemeenten[name] = {
            f"{b}_{c.value}": num(layout.cell(f"{b}_{c.value}", row))
            for b in ("opgave", "eerste", "bijstelling", "inbreng")
            for c in CATEGORIES
        }
    totals = {c.value: num(layout.cell(f"opgave_{c.value}", layout.totaal_row)) for c in CATEGORIES}
    return {"gemeenten": gemeenten, "opgave": totals}


def expected_rows(values: dict) -> list[list[str]]:
    """The gemeente's table in its letter: per category and total, opgave..percentage, difference."""
    rows = []
    for c in (*(c.value for c in CATEGORIES), None):
        cats = [c] if c else [x.value for x in CATEGORIES]
        opgave, eerste, bijst, inbreng = (
            sum(values[f"{b}_{x}"] for x in cats) for b in ("opgave", "eerste", "bijstelling", "inbreng")
        )
        rows.append([dutch(opgave), dutch(eerste), dutch(bijst), dutch(inbreng), pct(inbreng, opgave),
                     signed(inbreng - opgave)])
    return rows


def expected_province(all_values: dict) -> list[list[str]]:
    """The province per category: task, inbreng, percentage and inbreng − task."""
    rows = []
    for c in CATEGORIES:
        task = all_values["opgave"][c.value]
        inbreng = sum(v[f"inbreng_{c.value}"] for v in all_values["gemeenten"].values())
        rows.append([dutch(task), dutch(inbreng), pct(inbreng, task), dutch(abs(inbreng - task))])
    return rows


def tables(path: Path) -> list[list[list[str]]]:
    """Every table of a .docx as rows of cell texts."""
    return [[[cell.text.strip() for cell in row.cells] for row in t.rows] for t in Document(str(path)).tables]


def paragraphs(path: Path) -> str:
    """The body paragraphs (not the tables) of a .docx."""
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def header_text(path: Path) -> str:
    """The text of the first section's header."""
    return "\n".join(p.text for p in Document(str(path)).sections[0].header.paragraphs)


@pytest.fixture(scope="module")
def brieven(tmp_path_factory: pytest.TempPathFactory, opgeloste_werkmap: Path) -> tuple[Path, str]:
    """The letters made by `puzzel brieven` from the resolved workbook, and what the command printed."""
    out = tmp_path_factory.mktemp("uit")
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["brieven", str(opgeloste_werkmap), "--uit", str(out)])
    assert code == 0, buffer.getvalue()
    return out / BRIEF_DATUM, buffer.getvalue()


# --- refusal ------------------------------------------------------------------------------


def test_shipped_workbook_is_refused_with_its_errors_listed_and_nothing_written(shipped_workbook, tmp_path, capsys):
    """The shipped numbers have findings of severity fout: refuse in Dutch, list each, write nothing."""
    out = tmp_path / "uit"
    assert main(["brieven", str(shipped_workbook), "--uit", str(out)]) == 1
    err = capsys.readouterr().err
    assert "sluiten niet" in err and "er is niets geschreven" in err and "--ondanks-fouten" in err
    fouten = [b for b in controleer(read_workbook(shipped_workbook).puzzel) if b.ernst == "fout"]
    assert fouten
    for b in fouten:
        assert b.melding in err
    assert not out.exists()


def test_memo_is_refused_on_the_shipped_workbook_too(shipped_workbook, tmp_path, capsys):
    """`puzzel memo` refuses the same way and writes nothing."""
    out = tmp_path / "uit"
    assert main(["memo", str(shipped_workbook), "--uit", str(out)]) == 1
    assert "sluiten niet" in capsys.readouterr().err
    assert not out.exists()


def test_resolved_fixture_has_no_findings_of_severity_fout(opgeloste_werkmap):
    """The fixture resolves every inconsistency of the printed table."""
    bevindingen = controleer(read_workbook(opgeloste_werkmap).puzzel)
    assert [b for b in bevindingen if b.ernst == "fout"] == []


# --- the letters --------------------------------------------------------------------------


def test_resolved_workbook_gives_twelve_letters_with_one_progress_line_each(brieven):
    """One .docx per gemeente, numbered in table order, and one progress line per letter."""
    folder, printed = brieven
    names = sorted(p.name for p in folder.glob("*.docx"))
    assert len(names) == 12
    assert names[0] == "01-Aa-en-Hunze.docx" and names[8] == "09-Midden-Drenthe.docx"
    assert len(re.findall(r"^\[\s*\d+/12\] brief voor ", printed, re.MULTILINE)) == 12


def letter_of(folder: Path, name: str) -> Path:
    """The letter to a gemeente (by its name in the table)."""
    own = OWN_NAMES.get(name, name)
    return next(folder.glob(f"*-{own.replace(' ', '-')}.docx"))


OWN_NAMES = {"Midden Drenthe": "Midden-Drenthe"}
#: The people of each category, as the letters count them.
PEOPLE = {"oek": ("Oekraïense ontheemde", "Oekraïense ontheemden"), "asiel": ("asielzoeker", "asielzoekers"),
          "amv": ("AMV", "AMV")}


def test_every_number_in_each_letter_equals_the_workbook(brieven, opgeloste_werkmap):
    """Each letter's own table and the province's position equal the workbook's values, digit for digit."""
    folder, _ = brieven
    values = workbook_values(opgeloste_werkmap)
    province = expected_province(values)
    for name, gemeente_values in values["gemeenten"].items():
        path = letter_of(folder, name)
        own = tables(path)[2]
        assert [row[1:] for row in own[1:]] == expected_rows(gemeente_values), name
        text = paragraphs(path)
        for c, (task, inbreng, share, gap) in zip(CATEGORIES, province):
            assert f"{inbreng} " in text and f"({share} van de opgave van {task}: {gap} " in text, (name, c)


def test_each_letter_says_the_gap_per_category_in_places_and_words(brieven, opgeloste_werkmap):
    """'U vangt 265 Oekraïense ontheemden minder op dan uw opgave': the workbook's inbreng − task, per category."""
    folder, _ = brieven
    for name, v in workbook_values(opgeloste_werkmap)["gemeenten"].items():
        text = paragraphs(letter_of(folder, name))
        for c in CATEGORIES:
            gap = v[f"inbreng_{c.value}"] - v[f"opgave_{c.value}"]
            if gap:
                word = "minder" if gap < 0 else "meer"
                noun = PEOPLE[c.value][0 if abs(gap) == 1 else 1]
                assert f"U vangt {dutch(abs(gap))} {noun} {word} op dan uw opgave." in text, (name, c)
            else:
                assert f"U vangt precies het aantal {PEOPLE[c.value][1]} op dat uw opgave vraagt" in text, (name, c)
    emmen = paragraphs(letter_of(folder, "Emmen"))
    assert "U vangt 265 Oekraïense ontheemden minder op dan uw opgave." in emmen
    assert "U vangt 22 AMV minder op dan uw opgave." in emmen


def test_a_letter_with_a_bijstelling_says_what_it_swaps(brieven, opgeloste_werkmap):
    """Borger-Odoorn: 'In plaats van 128 plaatsen asiel regulier vangt u 138 Oekraïense ontheemden en 38 AMV extra op.'"""
    folder, _ = brieven
    assert ("In plaats van 128 plaatsen asiel regulier vangt u 138 Oekraïense ontheemden en 38 AMV extra op."
            in paragraphs(letter_of(folder, "Borger-Odoorn")))
    for name, v in workbook_values(opgeloste_werkmap)["gemeenten"].items():
        text = paragraphs(letter_of(folder, name))
        changes = {c.value: v[f"bijstelling_{c.value}"] for c in CATEGORIES}
        if not any(changes.values()):
            assert "De voorgestelde bijstelling" not in text, name
            continue
        sentence = next(line for line in text.splitlines() if line.startswith("De voorgestelde bijstelling"))
        for cat, n in changes.items():
            if n:
                assert dutch(abs(n)) in sentence, (name, cat)


def test_letter_is_addressed_to_the_college_at_its_postal_address(brieven, opgeloste_werkmap):
    """The address block: the college, the gemeente's own name, then postal address and 'postcode  PLAATS'."""
    folder, _ = brieven
    wb = documentgegevens_van(opgeloste_werkmap)
    for name in wb.puzzel.gemeenten:
        block = [c for c in tables(letter_of(folder, name))[0][0][0].splitlines() if c.strip()]
        adres = wb.adressen[name.casefold()]
        assert block == ["Het college van burgemeester en wethouders",
                         f"van de gemeente {OWN_NAMES.get(name, name)}", adres.postadres, "9999 XX  TESTSTAD"]


def test_letter_carries_the_whole_table_as_bijlage_with_the_workbooks_totals(brieven, opgeloste_werkmap):
    """The bijlage is the puzzel table; its Totaal row is the sum of its rows (task: the provincial task)."""
    folder, _ = brieven
    bijlage = tables(letter_of(folder, "Assen"))[-1]
    assert bijlage[0][2] == "Opgaven 2025" and "2025+2026" in bijlage[0][6]
    rows = bijlage[2:14]
    totaal = bijlage[14]
    for j in range(1, len(totaal)):
        column = [0 if r[j] in ("", "-") else int(r[j].replace(".", "")) for r in rows]
        assert totaal[j] == ("-" if sum(column) == 0 else dutch(sum(column))), j


def test_every_number_in_a_letters_prose_comes_from_the_workbook_or_the_settings(brieven, opgeloste_werkmap):
    """No number in the body text is typed in the template: each is a workbook value or a setting."""
    folder, _ = brieven
    wb = documentgegevens_van(opgeloste_werkmap)
    values = workbook_values(opgeloste_werkmap)
    allowed = {c for row in expected_province(values) for c in row} | {"12", "2025", "2026"}
    settings = [str(v) for v in wb.instellingen.values() if not isinstance(v, dt.date)]
    dates = [datum(v) for v in wb.instellingen.values() if isinstance(v, dt.date)]
    for name, v in values["gemeenten"].items():
        path = letter_of(folder, name)
        own = {c.lstrip("+-") for row in expected_rows(v) for c in row} | {dutch(abs(n)) for n in v.values()}
        text = paragraphs(path)
        for known in sorted(settings + dates, key=len, reverse=True):
            text = text.replace(known, " ")
        for number in re.findall(r"\d[\d.,]*%?", text):
            assert number.rstrip(".,") in allowed | own, (path.name, number)


def test_letter_shows_settings_from_sheet_instellingen(opgeloste_dataset, tmp_path):
    """Kenmerk, dates, deadline and signer come from sheet Instellingen, not from code."""
    settings = dict(opgeloste_dataset.instellingen)
    settings.update(kenmerk="PRT/2099/42", datum_brief="2025-01-02", besluit_uiterlijk="2025-03-31",
                    ondertekenaar_naam="Jan Jansen", plaats="Emmen")
    dataset = dataclasses.replace(opgeloste_dataset, meta={**opgeloste_dataset.meta, "instellingen": settings})
    path = tmp_path / "puzzel.xlsm"
    path.write_bytes(build_workbook(dataset))
    wb = documentgegevens_van(path)
    result = render_brieven(wb.puzzel, wb.instellingen, tmp_path / "uit", gemeenten=["Assen"], adressen=wb.adressen)
    assert result.map == tmp_path / "uit" / "2025-01-02"
    doc = result.documenten[0]
    all_text = paragraphs(doc) + "\n".join(c for t in tables(doc) for row in t for c in row)
    for expected in ("PRT/2099/42", "Emmen, 2 januari 2025", "31 maart 2025", "Jan Jansen"):
        assert expected in all_text


def test_overview_lists_every_letter_with_its_numbers(brieven, opgeloste_werkmap):
    """overzicht.csv has one row per letter with the file name and the numbers in it."""
    folder, _ = brieven
    with (folder / "overzicht.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter=";"))
    assert len(rows) == 12
    values = workbook_values(opgeloste_werkmap)["gemeenten"]["Assen"]
    assen = next(r for r in rows if r["gemeente"] == "Assen")
    assert assen["bestand"] == "02-Assen.docx" and (folder / assen["bestand"]).is_file()
    assert assen["inbreng_asiel"] == dutch(values["inbreng_asiel"])
    assert assen["pct_totaal"] == expected_rows(values)[3][4]
    assert assen["concept"] == "nee"


def test_only_the_chosen_gemeenten_get_a_letter(opgeloste_werkmap, tmp_path, capsys):
    """--gemeente limits the run; names match case-insensitively and by the gemeente's own spelling."""
    out = tmp_path / "uit"
    assert main(["brieven", str(opgeloste_werkmap), "--uit", str(out), "--gemeente", "assen", "--gemeente", "Midden-Drenthe"]) == 0
    assert sorted(p.name for p in (out / BRIEF_DATUM).glob("*.docx")) == ["02-Assen.docx", "09-Midden-Drenthe.docx"]
    assert main(["brieven", str(opgeloste_werkmap), "--uit", str(tmp_path / "x"), "--gemeente", "Groningen"]) == 2
    assert "Gemeente 'Groningen' staat niet in de tabel" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_one_letter_is_reported_in_the_singular(opgeloste_werkmap, tmp_path, capsys):
    """The summary line counts in proper Dutch: '1 brief', not '1 brieven'."""
    assert main(["brieven", str(opgeloste_werkmap), "--uit", str(tmp_path / "uit"), "--gemeente", "Emmen"]) == 0
    out = capsys.readouterr().out
    assert "1 brief geschreven in " in out and "1 brieven" not in out


def test_ondanks_fouten_marks_every_letter_as_concept(ingevulde_werkmap, tmp_path):
    """With --ondanks-fouten the letters are made, each with the visible CONCEPT mark."""
    out = tmp_path / "uit"
    assert main(["brieven", str(ingevulde_werkmap), "--uit", str(out), "--ondanks-fouten"]) == 0
    letters = sorted((out / BRIEF_DATUM).glob("*.docx"))
    assert len(letters) == 12
    for path in letters:
        assert CONCEPT_MARKERING in header_text(path)
        assert CONCEPT_MARKERING in paragraphs(path)
    assert main(["memo", str(ingevulde_werkmap), "--uit", str(out), "--ondanks-fouten"]) == 0
    assert CONCEPT_MARKERING in header_text(out / "2024-07-13" / "memo-tussenstand.docx")


def test_letters_without_findings_carry_no_concept_mark(brieven):
    """A clean workbook gives letters without the mark."""
    folder, _ = brieven
    for path in folder.glob("*.docx"):
        assert CONCEPT_MARKERING not in header_text(path) + paragraphs(path)


def test_missing_setting_is_named_with_its_sheet_and_nothing_is_written(opgeloste_dataset, tmp_path):
    """A setting missing from sheet Instellingen gives a Dutch error naming it; no letter is written."""
    settings = {k: v for k, v in opgeloste_dataset.instellingen.items() if k != "besluit_uiterlijk"}
    with pytest.raises(InstellingFout, match="'besluit_uiterlijk' ontbreekt op blad Instellingen"):
        render_brieven(opgeloste_dataset.puzzel, settings, tmp_path / "uit")
    settings = {**opgeloste_dataset.instellingen, "prt_datum": "volgende week"}
    with pytest.raises(InstellingFout, match="'prt_datum' op blad Instellingen is geen datum"):
        render_brieven(opgeloste_dataset.puzzel, settings, tmp_path / "uit")
    assert not (tmp_path / "uit").exists()


def test_a_letter_open_in_word_stops_the_run_before_anything_is_replaced(opgeloste_dataset, opgeloste_adressen,
                                                                            tmp_path):
    """Word's lock file next to a letter: a Dutch error, and the old letters stay as they were."""
    first = render_brieven(opgeloste_dataset.puzzel, opgeloste_dataset.instellingen, tmp_path,
                           adressen=opgeloste_adressen)
    before = {p.name: p.read_bytes() for p in first.map.iterdir()}
    (first.map / "~$-Assen.docx").write_bytes(b"lock")
    with pytest.raises(PuzzelError, match="geopend in Word"):
        render_brieven(opgeloste_dataset.puzzel, opgeloste_dataset.instellingen, tmp_path, adressen=opgeloste_adressen)
    assert {p.name: p.read_bytes() for p in first.map.iterdir() if not p.name.startswith("~$")} == before


# --- Dutch formatting as Excel shows it ---------------------------------------------------


def test_dutch_formatting_of_counts_percentages_and_dates():
    """1.077; 97,7% or 98%; 17 juli 2024; -128; a negative that rounds to zero keeps its sign."""
    assert getal(1077) == "1.077" and getal(-1077) == "-1.077" and getal(0) == "0" and getal(-128) == "-128"
    assert procent(Fraction(5588, 5722)) == "98%" and procent(Fraction(5588, 5722), 1) == "97,7%"
    assert procent(Fraction(4216, 2462)) == "171%" and procent(Fraction(1, 200)) == "1%"
    assert getal(Fraction(-1, 3)) == "-0"
    assert datum(dt.date(2024, 7, 17)) == "17 juli 2024"


def test_a_percentage_never_hides_a_gap():
    """435 of 436 is 99%, not 100%; 5.588 of 5.722 is 97%; at or above the task Excel's rounding."""
    assert procent_van_opgave(435, 436) == "99%" and procent_van_opgave(436, 436) == "100%"
    assert procent_van_opgave(5588, 5722) == "97%" and procent_van_opgave(5588, 5722, 1) == "97,6%"
    assert procent_van_opgave(4216, 2462) == "171%" and procent_van_opgave(283, 229) == "124%"
    assert procent_van_opgave(0, 5) == "0%" and procent_van_opgave(5, 0) == "–" and procent_van_opgave(None, 5) == "–"


@given(st.integers(0, 10**7), st.integers(1, 10**7), st.integers(0, 2))
def test_below_the_task_a_percentage_is_rounded_down_and_never_reaches_100(offer, task, decimals):
    """Below the task: the shown percentage is the exact one rounded down (so below 100%); else as Excel shows it."""
    shown = procent_van_opgave(offer, task, decimals)
    value = Decimal(shown.rstrip("%").replace(".", "").replace(",", "."))
    exact = Decimal(offer) * 100 / Decimal(task)
    if offer < task:
        assert value <= exact < value + Decimal(1).scaleb(-decimals)
        assert value < 100
    else:
        assert shown == procent(Fraction(offer, task), decimals)


@given(st.integers(-10**9, 10**9), st.integers(1, 10**6), st.integers(0, 2))
def test_rounding_is_half_away_from_zero_like_excel(numerator, denominator, decimals):
    """Excel's display rounding: exact halves go away from zero, never to even."""
    value = Fraction(numerator, denominator)
    exact = Decimal(numerator) / Decimal(denominator)
    expected = abs(exact).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if value < 0:
        expected = -expected
    assert afronden(value, decimals) == Fraction(expected)


# --- PDF ----------------------------------------------------------------------------------


def test_settings_as_live_excel_hands_them_over_give_the_same_context(opgeloste_dataset):
    """From the ribbon, xlwings gives dates as datetime and numbers as floats: the letter is the same."""
    from xlpuzzel.brief import brief_context

    settings = dict(opgeloste_dataset.instellingen)
    live = {
        k: (dt.datetime.fromisoformat(v) if k in ("datum_brief", "prt_datum", "besluit_uiterlijk", "datum_memo",
                                                   "realisatie_peildatum") else float(v) if isinstance(v, int) else v)
        for k, v in settings.items()
    }
    live["contact_telefoon"] = 592365555.0
    settings["contact_telefoon"] = "592365555"
    puzzel = opgeloste_dataset.puzzel
    assert brief_context(puzzel, 3, live) == brief_context(puzzel, 3, settings)


@pytest.mark.parametrize("typed", ["17-7-24", "1-2-3", "17/07/224"])
def test_a_date_setting_without_a_four_digit_year_is_refused(opgeloste_dataset, tmp_path, typed):
    """'17-7-24' typed as text is no date of the year 24: refused by name, nothing written."""
    settings = {**opgeloste_dataset.instellingen, "datum_brief": typed}
    with pytest.raises(InstellingFout, match=f"'datum_brief' op blad Instellingen is geen datum: '{typed}'"):
        render_brieven(opgeloste_dataset.puzzel, settings, tmp_path / "uit")
    assert not (tmp_path / "uit").exists()


@pytest.mark.parametrize("error", ["#VALUE!", "#REF!", "#N/A"])
def test_an_excel_error_value_in_a_setting_is_refused_not_printed(opgeloste_dataset, tmp_path, error):
    """A setting whose formula gives #VALUE! stops the letters with a message naming it; no letter says '#VALUE!'."""
    settings = {**opgeloste_dataset.instellingen, "kenmerk": error}
    with pytest.raises(InstellingFout, match=f"'kenmerk' op blad Instellingen bevat de foutwaarde {error}"):
        render_brieven(opgeloste_dataset.puzzel, settings, tmp_path / "uit")
    assert not (tmp_path / "uit").exists()


def test_very_large_numbers_are_formatted_in_full():
    """A number of 28 digits or more (a pasted account number) is printed, never a crash."""
    assert getal(10**30) == "1." + ".".join(["000"] * 10)
    assert getal(Fraction(-(10**29) - 1, 2), 1) == "-50." + ".".join(["000"] * 9) + ",5"
    assert procent(Fraction(10**28)) == "1." + ".".join(["000"] * 10) + "%"


def test_a_failed_move_into_the_output_folder_says_that_nothing_was_written(opgeloste_dataset, opgeloste_adressen,
                                                                              tmp_path, monkeypatch):
    """When the first letter cannot be saved, the message says nothing was written, and nothing was."""
    from xlpuzzel import uitvoer

    def refuse(src, dst, done):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(uitvoer, "_verplaats", refuse)
    with pytest.raises(PuzzelError) as caught:
        render_brieven(opgeloste_dataset.puzzel, opgeloste_dataset.instellingen, tmp_path, gemeenten=["Assen"],
                       adressen=opgeloste_adressen)
    assert "opslaan mislukt" in caught.value.melding and "Er is niets geschreven" in caught.value.melding
    assert list(tmp_path.iterdir()) == []


# --- settings no source gives, and the letters' date ----------------------------------------


def test_the_shipped_workbook_refuses_letters_naming_every_setting_no_source_gives(shipped_workbook, tmp_path, capsys):
    """Kenmerk and deadline are in no source document: left empty, each named (sheet Instellingen), nothing written."""
    out = tmp_path / "uit"
    assert main(["brieven", str(shipped_workbook), "--uit", str(out), "--ondanks-fouten"]) == 2
    err = capsys.readouterr().err
    for key in ("kenmerk", "besluit_uiterlijk"):
        assert f"Instelling '{key}' op blad Instellingen is leeg" in err
    assert "'datum_brief'" not in err and "Er is niets geschreven" in err
    assert not out.exists()


def test_letters_without_datum_brief_are_dated_the_day_they_are_made(opgeloste_dataset, opgeloste_adressen, tmp_path):
    """An empty datum_brief dates the letters (and names their folder) by the day they are made; a typed one wins."""
    settings = {**opgeloste_dataset.instellingen, "datum_brief": None}
    dag = dt.date(2031, 5, 6)
    result = render_brieven(opgeloste_dataset.puzzel, settings, tmp_path, gemeenten=["Assen"],
                            adressen=opgeloste_adressen, vandaag=dag)
    assert result.map == tmp_path / "2031-05-06"
    assert "Assen, 6 mei 2031" in [c for t in tables(result.documenten[0]) for row in t for c in row]
    getypt = render_brieven(opgeloste_dataset.puzzel, opgeloste_dataset.instellingen, tmp_path, gemeenten=["Assen"],
                            adressen=opgeloste_adressen, vandaag=dag)
    assert getypt.map == tmp_path / BRIEF_DATUM


# --- the bijlage rendered once per run --------------------------------------------------------


def _parts(docx: bytes) -> dict[str, bytes]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_a_letter_with_its_bijlage_rendered_once_per_run_is_the_letter_rendered_whole(opgeloste_dataset,
                                                                                       opgeloste_adressen):
    """Every part of every letter, clean or concept, is byte for byte what rendering it on its own gives."""
    from xlpuzzel.brief import brieven_contexten
    from xlpuzzel.brief.render import BRIEF_SJABLOON
    from xlpuzzel.brief.sjabloon import Sjabloon
    from xlpuzzel.resources import TEMPLATES_DIR

    sjabloon = Sjabloon(TEMPLATES_DIR, BRIEF_SJABLOON)
    for concept in (False, True):
        contexten = brieven_contexten(opgeloste_dataset.puzzel, opgeloste_dataset.instellingen, None, concept,
                                      opgeloste_adressen)
        gedeeld = sjabloon.gedeeld(contexten)
        assert gedeeld is not None and len(gedeeld.delen) == 1  # the bijlage's table of every gemeente
        for context in (contexten[0], contexten[-1]):
            assert _parts(sjabloon.render(context, gedeeld)) == _parts(sjabloon.render(context))


def _template_edited(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    """A copy of the shipped letter template with its body XML changed by `edit`, as staff might in Word."""
    import shutil
    import zipfile

    from xlpuzzel.brief.render import BRIEF_SJABLOON
    from xlpuzzel.resources import TEMPLATES_DIR

    folder = tmp_path / "sjablonen"
    folder.mkdir()
    shutil.copy(TEMPLATES_DIR / BRIEF_SJABLOON, folder / BRIEF_SJABLOON)
    parts = _parts((folder / BRIEF_SJABLOON).read_bytes())
    parts["word/document.xml"] = edit(parts["word/document.xml"].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(folder / BRIEF_SJABLOON, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return folder


def test_a_bijlage_edited_to_name_the_letters_own_gemeente_is_rendered_for_each_letter(opgeloste_dataset,
                                                                                        opgeloste_adressen, tmp_path):
    """A template whose bijlage marks the addressee's row is not shared: each letter marks its own gemeente only."""
    folder = _template_edited(tmp_path, lambda xml: xml.replace(
        "{{ r.gemeente }}", "{{ r.gemeente }}{% if r.gemeente == gemeente.naam %} (u){% endif %}", 1))
    result = render_brieven(opgeloste_dataset.puzzel, opgeloste_dataset.instellingen, tmp_path / "uit",
                            gemeenten=["Assen", "Emmen"], adressen=opgeloste_adressen, sjablonen=folder)
    for path, eigen in zip(result.documenten, ("Assen", "Emmen")):
        gemarkeerd = [row[0] for row in tables(path)[-1] if row[0].endswith(" (u)")]
        assert gemarkeerd == [f"{eigen} (u)"]


def test_a_shared_bijlage_a_condition_leaves_out_is_absent_from_that_letter(opgeloste_dataset, opgeloste_adressen,
                                                                             tmp_path):
    """The bijlage table inside '{%p if gemeente.naam == "Assen" %}': Assen's letter has it, Emmen's not."""
    def alleen_assen(xml: str) -> str:
        lus = xml.index("tabel.rijen")
        begin, einde = xml.rindex("<w:tbl>", 0, lus), xml.index("</w:tbl>", lus) + len("</w:tbl>")
        p = '<w:p><w:r><w:t>{}</w:t></w:r></w:p>'
        return (xml[:begin] + p.format("{%p if gemeente.naam == &quot;Assen&quot; %}") + xml[begin:einde]
                + p.format("{%p endif %}") + xml[einde:])

    folder = _template_edited(tmp_path, alleen_assen)
    result = render_brieven(opgeloste_dataset.puzzel, opgeloste_dataset.instellingen, tmp_path / "uit",
                            gemeenten=["Assen", "Emmen"], adressen=opgeloste_adressen, sjablonen=folder)
    assen, emmen = (tables(p) for p in result.documenten)
    assert len(assen) == len(emmen) + 1 and len(assen[-1]) == 12 + 5
    assert "xlpuzzel-gedeeld" not in "".join(_parts(result.documenten[1].read_bytes())["word/document.xml"].decode())


# --- one folder rule for both fronts ----------------------------------------------------------


def test_cli_and_ribbon_put_letters_and_memo_in_the_same_folders_beside_the_workbook(opgeloste_werkmap, tmp_path):
    """Letters in Brieven/<datum_brief>, the memo in Memo/<datum_memo>, beside the workbook, from either front."""
    import shutil
    from types import SimpleNamespace

    from xlpuzzel.excel.documenten import uitvoer_map

    werkmap = tmp_path / "map met spatie" / "puzzel.xlsm"
    werkmap.parent.mkdir()
    shutil.copy(opgeloste_werkmap, werkmap)
    assert main(["brieven", str(werkmap)]) == 0 and main(["memo", str(werkmap)]) == 0
    datum_memo = read_workbook(werkmap).instellingen["datum_memo"].isoformat()
    assert len(list((werkmap.parent / "Brieven" / BRIEF_DATUM).glob("*.docx"))) == 12
    assert (werkmap.parent / "Memo" / datum_memo / "memo-tussenstand.docx").is_file()
    book = SimpleNamespace(fullname=str(werkmap))  # what the ribbon knows of the clicked workbook
    assert uitvoer_map(book, "brieven") == werkmap.parent / "Brieven"  # type: ignore[arg-type]
    assert uitvoer_map(book, "memo") == werkmap.parent / "Memo"  # type: ignore[arg-type]
