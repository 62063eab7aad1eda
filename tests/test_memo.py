"""The memo 'Tussenstand De Drentse Puzzel' (issue 4): every number in its prose from the workbook, consistent with its table."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from xlpuzzel.brief import render_memo
from xlpuzzel.brief.opmaak import datum
from xlpuzzel.cli import main
from xlpuzzel.layout import COLUMNS, LANDELIJK_TASK_COLUMNS, PUZZEL_SHEET, PuzzelLayout, Role, TotalKind
from xlpuzzel.reader import read_workbook

DATA_COLUMNS = [c for c in COLUMNS if c.role is not Role.LABEL]


def dutch(n: int) -> str:
    """A count as the memo must print it."""
    return f"{n:,}".replace(",", ".")


def pct(part: int, whole: int) -> str:
    """A percentage that never hides a gap: below the task rounded down, else as Excel's 0% shows it."""
    rounding = ROUND_FLOOR if part < whole else ROUND_HALF_UP
    return f"{(Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), rounding=rounding)}%"


def count(n: int) -> str:
    """A count as the sheet's count format shows it: zero as '-'."""
    return "-" if n == 0 else dutch(n)


@pytest.fixture(scope="module")
def memo(tmp_path_factory: pytest.TempPathFactory, opgeloste_werkmap: Path) -> Path:
    """The memo made by `puzzel memo` from the resolved workbook."""
    out = tmp_path_factory.mktemp("memo")
    assert main(["memo", str(opgeloste_werkmap), "--uit", str(out)]) == 0
    return out / "2024-07-13" / "memo-tussenstand.docx"


@pytest.fixture(scope="module")
def sheet(opgeloste_werkmap: Path) -> dict:
    """Input cells and totals of the resolved workbook, read with openpyxl (not with the project's reader)."""
    ws = load_workbook(opgeloste_werkmap)[PUZZEL_SHEET]
    layout = PuzzelLayout(12)
    rows = []
    for i in range(12):
        r = layout.gemeente_row(i)
        rows.append({"gemeente": ws.cell(r, 1).value,
                     **{c.id: ws[layout.cell(c.id, r)].value for c in DATA_COLUMNS if c.role is Role.INPUT}})
    authority = {c.id: ws[layout.cell(c.id, layout.totaal_row)].value
                 for c in DATA_COLUMNS if c.total is TotalKind.AUTHORITY}
    national = {cid: ws[layout.cell(cid, layout.landelijk_row)].value for cid in LANDELIJK_TASK_COLUMNS}
    return {"rows": rows, "authority": authority, "national": national}


def number(value: object) -> int:
    """What a cell means in places."""
    return 0 if value in (None, "-") else int(value)


def total(sheet: dict, column_id: str) -> int:
    """A column's Totaal as the workbook computes it."""
    if column_id in sheet["authority"]:
        return number(sheet["authority"][column_id])
    if column_id.endswith("_oek_asiel"):
        block = column_id.removesuffix("_oek_asiel")
        return sum(total(sheet, f"{block}_{c}") for c in ("oek", "asiel", "amv"))
    return sum(number(r[column_id]) for r in sheet["rows"])


def prose(path: Path) -> str:
    """The memo's body paragraphs, without its tables."""
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


#: The sections made from sheets Landelijk and Prognose, and the heading that follows them.
BLAD_KOPPEN = ("Landelijk beeld", "Prognose statushouders")
NA_BLADEN = "Het voorstel en waarom"


def headings(path: Path) -> list[str]:
    """The memo's paragraphs that are bold headings, in order."""
    return [p.text for p in Document(str(path)).paragraphs if p.text and all(r.bold for r in p.runs)]


def sectie(path: Path, kop: str) -> str:
    """The text under a heading, up to the next heading."""
    paragraphs = [p.text for p in Document(str(path)).paragraphs]
    kopjes = set(headings(path))
    start = paragraphs.index(kop) + 1
    end = next((i for i in range(start, len(paragraphs)) if paragraphs[i] in kopjes), len(paragraphs))
    return "\n".join(paragraphs[start:end])


def puzzel_prose(path: Path) -> str:
    """The prose about the puzzel: everything but the sections from sheets Landelijk and Prognose."""
    text = prose(path)
    if BLAD_KOPPEN[0] in text.split("\n"):
        before, rest = text.split(f"\n{BLAD_KOPPEN[0]}\n", 1)
        text = before + "\n" + NA_BLADEN + rest.split(f"\n{NA_BLADEN}", 1)[1]
    return text


def bijlage(path: Path) -> list[list[str]]:
    """Bijlage 1, the puzzel table, as rows of cell texts."""
    table = Document(str(path)).tables[-1]
    return [[cell.text.strip() for cell in row.cells] for row in table.rows]


def test_memo_table_equals_the_workbook_cell_for_cell(memo, sheet):
    """Bijlage 1 shows every input as typed, every row sum, total, percentage and saldo as Excel computes it."""
    table = bijlage(memo)
    gemeente_rows, (totaal, verschil, landelijk) = table[2:14], table[14:17]
    own_names = {"Midden Drenthe": "Midden-Drenthe"}
    for shown, row in zip(gemeente_rows, sheet["rows"]):
        assert shown[0] == own_names.get(row["gemeente"], row["gemeente"])
        for j, col in enumerate(DATA_COLUMNS, start=1):
            if col.role is Role.ROWSUM:
                block = col.id.removesuffix("_oek_asiel")
                expected = count(sum(number(row[f"{block}_{c}"]) for c in ("oek", "asiel", "amv")))
            else:
                value = row[col.id]
                expected = "" if value is None else value if isinstance(value, str) else count(value)
            assert shown[j] == expected, (row["gemeente"], col.id)
    for j, col in enumerate(DATA_COLUMNS, start=1):
        assert totaal[j] == count(total(sheet, col.id)), col.id
        if col.task:
            assert verschil[j] == pct(total(sheet, col.id), total(sheet, col.task)), col.id
            assert landelijk[j] == count(total(sheet, col.id) - total(sheet, col.task)), col.id
        elif col.id in LANDELIJK_TASK_COLUMNS:
            assert landelijk[j] == dutch(sheet["national"][col.id])


def test_every_percentage_in_the_prose_equals_the_table(memo, opgeloste_werkmap):
    """Each percentage the memo's text states is in the 'verschil' row of bijlage 1, or is a second-year offer
    (setting) against the workbook's task."""
    in_table = {p for p in bijlage(memo)[15][1:] if p}
    settings = read_workbook(opgeloste_werkmap).instellingen
    second_year = {pct(settings["asiel_aanbod_tweede_jaar"], 2462), pct(settings["amv_aanbod_tweede_jaar"], 229)}
    assert second_year == {"170%", "82%"}
    stated = re.findall(r"\d[\d.,]*%", puzzel_prose(memo))
    assert len(stated) == 9
    for p in stated:
        assert p in in_table | second_year, p


def test_prose_states_the_workbooks_numbers_where_the_old_memo_contradicted_its_table(memo, sheet):
    """Oek is realised for 97% (5.588 of 5.722, rounded down: below the task) in prose and table alike; the
    surplus is the table's 1.754 (the memo of 13 July said 1.723)."""
    text = prose(memo)
    columns = [c.id for c in DATA_COLUMNS]
    verschil, landelijk = bijlage(memo)[15], bijlage(memo)[16]
    oek_pct = verschil[1 + columns.index("inbreng_oek")]
    assert oek_pct == pct(total(sheet, "inbreng_oek"), total(sheet, "opgave_oek")) == "97%"
    assert f"Oekraïne-opgave wordt op deze wijze voor {oek_pct} gerealiseerd" in text
    assert "98%" not in text and "1.723" not in text
    surplus = landelijk[1 + columns.index("eerste_asiel")]
    assert surplus == dutch(total(sheet, "eerste_asiel") - total(sheet, "opgave_asiel")) == "1.754"
    assert f"Dat is in 2025 {surplus} plekken boven de opgave" in text
    short = dutch(total(sheet, "opgave_oek") - total(sheet, "eerste_oek"))
    assert short == "1.077" and f"We komen dan nog {short} bedden tekort" in text
    assert f"{dutch(total(sheet, 'eerste_asiel'))} ({verschil[1 + columns.index('eerste_asiel')]})" in text
    assert "4.216 (171%)" in text
    asiel_in = verschil[1 + columns.index("inbreng_asiel")]
    assert f"niet {verschil[1 + columns.index('eerste_asiel')]}, maar {asiel_in} van de asielopgave" in text
    assert asiel_in == "157%"
    amv_in = verschil[1 + columns.index("inbreng_amv")]
    assert f"De AMV-opgave wordt ruim gerealiseerd ({amv_in})" in text


def test_every_number_in_the_prose_comes_from_the_workbook(memo, sheet, opgeloste_werkmap):
    """Each number in the memo's text about the puzzel is a workbook total, difference, percentage or a setting of
    sheet Instellingen (the sections from sheets Landelijk and Prognose: see below)."""
    settings = read_workbook(opgeloste_werkmap).instellingen
    allowed = {"12", "2024", "2025", "2026"}
    for c in DATA_COLUMNS:
        allowed.add(dutch(total(sheet, c.id)))
        if c.task:
            allowed.add(dutch(abs(total(sheet, c.id) - total(sheet, c.task))))
            allowed.add(pct(total(sheet, c.id), total(sheet, c.task)))
    allowed |= {dutch(v) for v in settings.values() if isinstance(v, int)}
    allowed |= {pct(settings["asiel_aanbod_tweede_jaar"], 2462), pct(settings["amv_aanbod_tweede_jaar"], 229)}
    # The swaps name each gemeente's bijstelling.
    allowed |= {dutch(abs(number(r[f"bijstelling_{c}"]))) for r in sheet["rows"] for c in ("oek", "asiel", "amv")}
    text = puzzel_prose(memo)
    for d in (v for v in settings.values() if isinstance(v, dt.date)):
        text = text.replace(datum(d), " ")
    # The template's own wording: fixed dates and the name of the appendix.
    text = re.sub(r"\b\d{1,2} (januari|februari) 20\d\d\b|[Bb]ijlage 1\b", " ", text)
    for n in re.findall(r"\d[\d.,]*%?", text):
        assert n.rstrip(".,") in allowed, n


def test_memo_names_gemeenten_by_how_they_offered(memo):
    """The groups in the prose follow from the table (the same five gemeenten the memo of 13 July named)."""
    text = prose(memo)
    assert "De gemeenten Coevorden, Emmen, Hoogeveen, Tynaarlo en Westerveld hebben juist meer asiel" in text
    assert "Midden-Drenthe" in text and "Midden Drenthe" not in text


def test_memo_from_data_without_a_file(opgeloste_dataset, tmp_path):
    """The ribbon path: render_memo takes a Puzzel and settings, not a workbook path."""
    result = render_memo(opgeloste_dataset.puzzel, opgeloste_dataset.instellingen, tmp_path)
    assert result.documenten == (tmp_path / "2024-07-13" / "memo-tussenstand.docx",)
    assert "Versie 13 juli 2024" in prose(result.documenten[0])


def test_memo_explains_each_swap_by_gemeente_from_the_bijstelling_block(memo):
    """Het voorstel en waarom: one sentence per gemeente with a bijstelling, and against whom it is weighed."""
    text = prose(memo)
    assert ("In plaats van 128 plaatsen asiel regulier vangt Borger-Odoorn 138 Oekraïense ontheemden en 38 AMV extra "
            "op.") in text
    assert "Bovenop haar eerste voorstel vangt Noordenveld 294 Oekraïense ontheemden extra op." in text
    assert ("Dit kan in de puzzel worden weggestreept tegen het ruimere aanbod asiel van de gemeenten Coevorden, "
            "Emmen, Hoogeveen, Tynaarlo en Westerveld.") in text


def test_memo_has_the_prt_memos_context_caveats_and_status(memo):
    """Aanleiding (the PRT of 2 February and its principles), voorbehoud, collegebesluit versus ambtelijk."""
    text = prose(memo)
    assert "Op 2 februari 2024 hebben we in de provinciale regietafel Drenthe hierover gesproken." in text
    assert "op basis van vrijwilligheid" in text and "evenredige bijdrage" in text
    assert "nog niet door alle gemeenten bestuurlijk geaccordeerd" in text
    assert "Ter vergadering kunnen cijfers gewijzigd of aangevuld worden." in text
    assert "collegebesluit" in text and "ambtelijk doorgegeven" in text
    assert "De opgave was 4.500 bedden (1 januari 2024) en groeit door naar 5.722 bedden per 1 januari 2025." in text
    assert "Mogelijk wordt deze opgave in augustus 2024 bijgesteld." in text
    assert "voor 2025 4.216 (171%) opvangplekken aan en voor 2026 4.184 (170%)" in text


@pytest.mark.parametrize("missing", ["asiel_aanbod_tweede_jaar", "oek_gerealiseerd", "prt_afspraken_datum", "periode"])
def test_a_figure_the_workbook_does_not_hold_must_be_filled_in(opgeloste_dataset, tmp_path, missing):
    """Realised places, second-year offers, dates: a missing setting stops the memo by name; nothing is invented."""
    from xlpuzzel.brief import InstellingFout

    settings = {k: v for k, v in opgeloste_dataset.instellingen.items() if k != missing}
    with pytest.raises(InstellingFout, match=f"'{missing}' ontbreekt op blad Instellingen"):
        render_memo(opgeloste_dataset.puzzel, settings, tmp_path / "uit")
    assert not (tmp_path / "uit").exists()


def test_a_period_without_a_year_is_refused(opgeloste_dataset, tmp_path):
    """'periode' must name the years: it heads the columns and dates the tasks."""
    from xlpuzzel.brief import InstellingFout

    settings = {**opgeloste_dataset.instellingen, "periode": "volgend jaar"}
    with pytest.raises(InstellingFout, match="'periode' op blad Instellingen noemt geen jaartal"):
        render_memo(opgeloste_dataset.puzzel, settings, tmp_path / "uit")


# --- sections from sheets Landelijk and Prognose -------------------------------------------


def _json(command: str, path: Path, capsys) -> dict:
    """What `puzzel landelijk --json` or `puzzel prognose --json` reports of the workbook."""
    import json

    main([command, str(path), "--json"])
    return json.loads(capsys.readouterr().out)


def test_the_memo_has_the_national_picture_and_the_prognosis_after_the_stand_van_zaken(memo):
    """Two sections from sheets Landelijk and Prognose, between the stand van zaken and the proposal."""
    found = headings(memo)
    assert found.index("Statushouders en Nidos") < found.index("Landelijk beeld") < found.index(
        "Prognose statushouders") < found.index(NA_BLADEN)
    assert sectie(memo, "Landelijk beeld").startswith("Volgens het LRT-dashboard (peildatum 1 september 2024) is "
                                                      "landelijk gerealiseerd: opvang Oekraïense ontheemden 83%")
    assert sectie(memo, "Prognose statushouders").endswith(
        "in 2030 zijn dan 2.115 statushouders te huisvesten (achterstand plus taakstelling).")


def test_every_number_of_the_two_sections_is_on_sheet_landelijk_or_prognose(memo, opgeloste_werkmap, capsys):
    """Each number the sections state is a card's figure, a year's figure or a date of the sheets, as
    `puzzel landelijk --json` and `puzzel prognose --json` report them."""
    landelijk = _json("landelijk", opgeloste_werkmap, capsys)
    prognose = _json("prognose", opgeloste_werkmap, capsys)
    allowed: set[str] = set()
    dates = {landelijk["peildatum"]}
    for k in landelijk["kaarten"]:
        allowed |= {dutch(abs(k[f])) for f in ("start", "eind", "indicatief", "realisatie", "achterstand")
                    if k[f] is not None}
        if k["indicatief"]:
            share = Decimal(k["realisatie"]) * 100 / Decimal(k["indicatief"])
            allowed.add(f"{share.quantize(Decimal(1), rounding=ROUND_HALF_UP)}%")
        dates |= {k["einddatum"], k["peildatum"]}
    for r in prognose["rijen"]:
        allowed |= {dutch(v) for k, v in r.items() if isinstance(v, int)}
        allowed.add(str(r["jaar"]))
    text = "\n".join(sectie(memo, kop) for kop in BLAD_KOPPEN)
    for d in filter(None, dates):
        text = text.replace(datum(dt.date.fromisoformat(d)), " ")
    text = re.sub(r"\b(1 januari|31 december) (20\d\d)\b", r" \2", text)
    numbers = re.findall(r"\d[\d.,]*%?", text)
    assert len(numbers) > 40
    for n in numbers:
        assert n.rstrip(".,") in allowed, n


def _zonder_bladen(source: Path, target: Path) -> Path:
    """The workbook as one made before sheets Landelijk and Prognose existed."""
    from xlpuzzel.package import package_bytes, parts_from_bytes

    parts = parts_from_bytes(source.read_bytes())
    workbook = parts["xl/workbook.xml"].decode("utf-8")
    parts["xl/workbook.xml"] = re.sub(r'<sheet [^>]*name="(Landelijk|Prognose)"[^>]*/>', "", workbook).encode()
    target.write_bytes(package_bytes(parts))
    return target


def test_a_workbook_without_the_sheets_gives_a_memo_without_those_sections_and_says_so(opgeloste_werkmap, tmp_path,
                                                                                       capsys):
    """An older workbook: the memo is made, without 'Landelijk beeld' and 'Prognose statushouders', and a Dutch
    warning names each section it goes without and why."""
    path = _zonder_bladen(opgeloste_werkmap, tmp_path / "oud.xlsm")
    assert main(["memo", str(path), "--uit", str(tmp_path / "uit")]) == 0
    err = capsys.readouterr().err
    for sheet, kop in zip(("Landelijk", "Prognose"), BLAD_KOPPEN):
        assert (f"Let op: {path}: de werkmap heeft geen blad {sheet}; de memo is zonder de alinea '{kop}' "
                "gemaakt.") in err
    made = tmp_path / "uit" / "2024-07-13" / "memo-tussenstand.docx"
    assert not set(BLAD_KOPPEN) & set(headings(made))
    assert headings(made).index("Statushouders en Nidos") < headings(made).index(NA_BLADEN)
    assert "LRT" not in prose(made) and "{{" not in prose(made)


def test_a_broken_sheet_leaves_out_its_section_naming_what_is_broken(opgeloste_werkmap, tmp_path, capsys):
    """A defined name of sheet Prognose pointing at #REF!: the memo has the national picture, not the prognosis,
    and the warning names the name."""
    from xlpuzzel.package import package_bytes, parts_from_bytes

    parts = parts_from_bytes(opgeloste_werkmap.read_bytes())
    parts["xl/workbook.xml"] = re.sub(rb'(<definedName name="prognose_gehuisvest">)[^<]*', rb"\1Prognose!#REF!",
                                      parts["xl/workbook.xml"])
    path = tmp_path / "kapot.xlsm"
    path.write_bytes(package_bytes(parts))
    assert main(["memo", str(path), "--uit", str(tmp_path / "uit")]) == 0
    err = capsys.readouterr().err
    assert f"Let op: {path}: blad Prognose: het benoemde bereik prognose_gehuisvest" in err
    assert "De memo is zonder de alinea 'Prognose statushouders' gemaakt." in err
    made = headings(tmp_path / "uit" / "2024-07-13" / "memo-tussenstand.docx")
    assert "Landelijk beeld" in made and "Prognose statushouders" not in made


def test_a_sheet_with_errors_keeps_its_section_with_a_warning_naming_the_cell(opgeloste_werkmap, tmp_path, capsys):
    """1.300 typed over Drenthe's OEK delta (5.722 - 4.425 = 1.297): the section stays, the warning names D27."""
    from conftest import type_value

    from xlpuzzel.package import package_bytes, parts_from_bytes

    parts = parts_from_bytes(opgeloste_werkmap.read_bytes())
    type_value(parts, "D27", 1300, sheet="Landelijk")
    path = tmp_path / "fout.xlsm"
    path.write_bytes(package_bytes(parts))
    assert main(["memo", str(path), "--uit", str(tmp_path / "uit")]) == 0
    err = capsys.readouterr().err
    assert f"Let op: {path}: blad Landelijk heeft 1 fout (D27 (Drenthe, OEK delta): 1.300 klopt niet" in err
    assert "controleer het blad voordat u de alinea 'Landelijk beeld' van de memo gebruikt." in err
    assert "Landelijk beeld" in headings(tmp_path / "uit" / "2024-07-13" / "memo-tussenstand.docx")
