"""The data file: the table as printed (CSV) plus settings (JSON), with Dutch errors naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from xlpuzzel.build import load_dataset
from xlpuzzel.dataset import DatasetError, parse_dataset
from xlpuzzel.entry import Kind
from xlpuzzel.errors import PuzzelError
from xlpuzzel.layout import COLUMNS
from xlpuzzel.resources import DEFAULT_DATA

HEADER = ";".join(["gemeente", *(c.id for c in COLUMNS[1:])])
ROW = "Aa en Hunze;25.724;293;143;13;449;420;87;-;507;;;;420;87;0"


def _error(csv_text: str, json_text: str = "{}") -> str:
    with pytest.raises(DatasetError) as caught:
        parse_dataset(csv_text, json_text, source="data/provincie")
    return caught.value.melding


def test_drenthe_data_file_holds_the_table_as_printed() -> None:
    """12 gemeenten in printed order and spelling, 'ntb' and '-' kept, rows below read by label."""
    dataset = load_dataset(DEFAULT_DATA)
    puzzel = dataset.puzzel
    assert len(puzzel.gemeenten) == 12
    assert puzzel.gemeenten[0] == "Aa en Hunze" and puzzel.gemeenten[-1] == "Westerveld"
    assert "Midden Drenthe" in puzzel.gemeenten  # as the table writes it
    noordenveld = puzzel.index_of("noordenveld")
    assert puzzel.entry("eerste_asiel", noordenveld).kind is Kind.NTB
    assert puzzel.entry("eerste_amv", 0).kind is Kind.DASH
    assert puzzel.entry("bijstelling_oek", 0).kind is Kind.BLANK
    assert puzzel.entry("bijstelling_asiel", puzzel.index_of("Borger-Odoorn")).amount == -128
    assert puzzel.totaal["opgave_oek"].amount == 5722
    assert puzzel.verschil["eerste_oek"].kind is Kind.PERCENT
    assert puzzel.landelijk["opgave_asiel"].amount == 96000
    assert "eerste_oek" not in puzzel.landelijk  # blank in the memo's copy
    assert dataset.meta["provincie"] == "Drenthe"
    assert dataset.instellingen["prt_datum"] == "2024-07-17"
    # Settings no source document gives are left for staff: never invented in the data file.
    assert [dataset.instellingen[k] for k in ("kenmerk", "datum_brief", "besluit_uiterlijk")] == [None, None, None]


def test_invalid_json_names_file_and_line() -> None:
    """A JSON syntax error names the .json file and its line."""
    melding = _error(f"{HEADER}\n{ROW}\n", '{\n  "titel": "x",\n  oeps\n}')
    assert melding.startswith("data/provincie.json: geen geldige JSON (regel 3)")


def test_empty_csv_is_named() -> None:
    """An empty table file is refused, naming the file."""
    assert _error("") == "data/provincie.csv is leeg."


def test_missing_columns_are_listed_on_line_1() -> None:
    """A header without a column names line 1 and the missing column ids."""
    header = HEADER.replace("opgave_amv;", "")
    assert (
        _error(f"{header}\n")
        == "data/provincie.csv regel 1: kolommen ontbreken of staan verkeerd: opgave_amv"
    )


def test_first_column_must_be_gemeente() -> None:
    """The first column holds the gemeente names and is called 'gemeente'."""
    header = HEADER.replace("gemeente;", "naam;", 1)
    assert "data/provincie.csv regel 1: kolommen ontbreken of staan verkeerd" in _error(f"{header}\n{ROW}\n")


def test_wrong_number_of_fields_names_the_line() -> None:
    """A row with too few fields names its line and both counts."""
    melding = _error(f"{HEADER}\n{ROW}\nAssen;69.414;791\n")
    assert melding == "data/provincie.csv regel 3: 3 velden, verwacht 16."


def test_missing_gemeente_name_names_the_line() -> None:
    """A row of numbers without a gemeente name is refused with its line number."""
    nameless = ROW.replace("Aa en Hunze", "")
    assert _error(f"{HEADER}\n{ROW}\n\n{nameless}\n") == "data/provincie.csv regel 4: gemeentenaam ontbreekt."


def test_duplicate_gemeente_names_the_line_and_gemeente() -> None:
    """A gemeente listed twice is refused at its second line."""
    assert (
        _error(f"{HEADER}\n{ROW}\n{ROW}\n")
        == "data/provincie.csv regel 3: gemeente 'Aa en Hunze' staat er twee keer in."
    )


def test_table_without_gemeenten_is_refused() -> None:
    """Only the rows below the gemeenten is no table."""
    totaal = "Totaal" + ROW[len("Aa en Hunze") :]
    assert _error(f"{HEADER}\n{totaal}\n") == "data/provincie.csv bevat geen gemeenten."


def test_dataset_error_is_a_puzzel_error() -> None:
    """The CLI prints it as a Dutch message and exits 2."""
    assert issubclass(DatasetError, PuzzelError)


def test_special_rows_are_recognised_regardless_of_case_and_blank_lines_skipped() -> None:
    """'TOTAAL' and 'Verschil' are the rows below the gemeenten; empty lines are ignored."""
    totaal = "TOTAAL" + ROW[len("Aa en Hunze") :]
    verschil = "Verschil;;;;;;81%;;;;;;;;;"
    dataset = parse_dataset(f"{HEADER}\n\n{ROW}\n;;;;;;;;;;;;;;;\n{totaal}\n{verschil}\n", "", source="x")
    assert dataset.puzzel.gemeenten == ("Aa en Hunze",)
    assert dataset.puzzel.totaal["opgave_oek"].amount == 293
    assert dataset.puzzel.verschil["eerste_oek"].kind is Kind.PERCENT
    assert dataset.meta == {}


def test_columns_are_found_by_header_not_position() -> None:
    """The CSV's columns may come in any order after 'gemeente'."""
    ids = [c.id for c in COLUMNS[1:]]
    values = ROW.split(";")[1:]
    order = list(reversed(range(len(ids))))
    header = ";".join(["gemeente", *(ids[i] for i in order)])
    row = ";".join(["Aa en Hunze", *(values[i] for i in order)])
    puzzel = parse_dataset(f"{header}\n{row}\n", "{}").puzzel
    assert puzzel.entry("inwoners", 0).amount == 25724
    assert puzzel.entry("opgave_amv", 0).amount == 13


def test_missing_data_file_names_the_file(tmp_path: Path) -> None:
    """A data file that does not exist is named in the message."""
    with pytest.raises(DatasetError, match="bestaat-niet.csv: gegevensbestand niet gevonden"):
        load_dataset(tmp_path / "bestaat-niet")


def test_data_file_saved_by_excel_with_bom_loads(tmp_path: Path) -> None:
    """Excel saves CSV as UTF-8 with a byte-order mark; the header is still recognised."""
    (tmp_path / "p.csv").write_text(f"{HEADER}\n{ROW}\n", encoding="utf-8-sig")
    dataset = load_dataset(tmp_path / "p.csv")
    assert dataset.puzzel.gemeenten == ("Aa en Hunze",)
    assert dataset.meta == {}  # no .json next to it: no settings


def test_json_saved_with_a_byte_order_mark_is_read() -> None:
    """Notepad saves JSON as UTF-8 with a byte-order mark; the settings are still read."""
    dataset = parse_dataset(f"{HEADER}\n{ROW}\n", '\ufeff{"instellingen": {"kenmerk": "PRT/1"}}', source="x")
    assert dataset.instellingen["kenmerk"] == "PRT/1"


@pytest.mark.parametrize(
    ("json_text", "melding"),
    [
        ("[1, 2]", "data/provincie.json: verwacht een object tussen { en }, geen lijst."),
        ('{"instellingen": null}', "data/provincie.json: 'instellingen' moet een object zijn"),
        ('{"instellingen": [1]}', "data/provincie.json: 'instellingen' moet een object zijn"),
        ('{"instellingen": {"kenmerk": ["a"]}}', "data/provincie.json: instelling 'kenmerk' moet tekst, een getal"),
        ('{"voetnoten": "Onder voorbehoud."}', "data/provincie.json: 'voetnoten' moet een lijst van teksten zijn"),
        ('{"peildatum": "12-7-2024"}', "data/provincie.json: 'peildatum' is geen datum als 2024-07-12: '12-7-2024'"),
        ('{"peildatum": 20240712}', "data/provincie.json: 'peildatum' is geen datum als 2024-07-12: '20240712'"),
        ('{"instellingen": {"prt_datum": "17-7-2024"}}',
         "data/provincie.json: 'prt_datum' is geen datum als 2024-07-12: '17-7-2024'"),
    ],
)
def test_unusable_json_settings_are_refused_naming_the_file_and_key(json_text: str, melding: str) -> None:
    """Settings the workbook cannot be built from give a Dutch error naming the .json and the key, no traceback."""
    assert _error(f"{HEADER}\n{ROW}\n", json_text).startswith(melding)


def test_a_csv_saved_in_ansi_is_refused_naming_the_file(tmp_path: Path, capsys) -> None:
    """A table saved by Excel as 'CSV (gescheiden door lijstscheidingsteken)' (Windows-1252): exit 2, a Dutch hint."""
    from xlpuzzel.cli import main

    (tmp_path / "p.csv").write_bytes(f"{HEADER}\n{ROW.replace('Aa en Hunze', 'Súdwest-Fryslân')}\n".encode("cp1252"))
    assert main(["bouw", "--gegevens", str(tmp_path / "p"), "--uit", str(tmp_path / "p.xlsm")]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'p.csv'}: het bestand is niet als UTF-8 opgeslagen" in err
    assert "Traceback" not in err and not (tmp_path / "p.xlsm").exists()


def test_data_file_base_name_may_contain_dots(tmp_path) -> None:
    """`--gegevens groningen-2024.07.12` reads groningen-2024.07.12.csv, not groningen-2024.07.csv."""
    from xlpuzzel.build import load_dataset
    from xlpuzzel.resources import DEFAULT_DATA

    base = tmp_path / "drenthe-2024.07.12"
    base.with_name(base.name + ".csv").write_bytes(DEFAULT_DATA.with_name(DEFAULT_DATA.name + ".csv").read_bytes())
    base.with_name(base.name + ".json").write_bytes(DEFAULT_DATA.with_name(DEFAULT_DATA.name + ".json").read_bytes())
    assert len(load_dataset(base).puzzel.gemeenten) == 12
    assert len(load_dataset(str(base) + ".csv").puzzel.gemeenten) == 12
