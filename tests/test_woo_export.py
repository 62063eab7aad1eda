"""`puzzel log --woo`: the Wijzigingslog fit for publication, names replaced, sorted by time."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from conftest import sheet_part, type_value

from xlpuzzel.bijstelling import ALLE_GEMEENTEN, BASIS_KOLOM, LogRegel
from xlpuzzel.cli import main
from xlpuzzel.package import package_bytes, read_package
from xlpuzzel.patch.cells import SheetXml
from xlpuzzel.woo import pseudoniemen, woo_csv, woo_regels

T0 = dt.datetime(2024, 7, 17)
T1 = dt.datetime(2026, 11, 27, 14, 3, 5)
T2 = dt.datetime(2026, 11, 28, 9, 30)


def row(when: dt.datetime, who: str, cel: str = "H7", oud: object = 128, nieuw: object = 0) -> LogRegel:
    return LogRegel(when, who, "Borger-Odoorn", "eerste_asiel", cel, oud, nieuw, "telefonisch contact gemeente")


MARKER = LogRegel(T0, "provinciale regietafel", ALLE_GEMEENTEN, BASIS_KOLOM, "", None, None, "PRT 17-07-2024")


def test_names_become_role_or_stable_pseudonym() -> None:
    """The mapping wins (any case); others are 'medewerker N' in order of first appearance in time."""
    log = [MARKER, row(T2, "piet"), row(T1, "jan"), row(T2, "Anna")]
    mapping = {"ANNA": "beleidsmedewerker asiel", "provinciale regietafel": "provinciale regietafel"}
    assert pseudoniemen(log, mapping) == {
        "provinciale regietafel": "provinciale regietafel", "jan": "medewerker 1", "piet": "medewerker 2",
        "Anna": "beleidsmedewerker asiel",
    }


def test_pseudonyms_stay_the_same_when_the_log_grows() -> None:
    """Append-only log: a later export gives every earlier name the same pseudonym."""
    log = [MARKER, row(T1, "jan"), row(T2, "piet")]
    first = pseudoniemen(log, {})
    later = pseudoniemen([*log, row(T2 + dt.timedelta(days=3), "kees")], {})
    assert {k: later[k] for k in first} == first


def test_rows_are_sorted_by_time_with_baseline_dates() -> None:
    """Rows come out by time, baseline rows included, values as published."""
    log = [row(T2, "piet", oud=0, nieuw=None), MARKER, row(T1, "jan", cel="I5", oud="-", nieuw="ntb")]
    regels = woo_regels(log, {})
    assert [r.waarden() for r in regels] == [
        (T0, "medewerker 1", "alle gemeenten", "basis vastgelegd", "", None, None, "PRT 17-07-2024", ""),
        (T1, "medewerker 2", "Borger-Odoorn", "Eerste voorstel Asiel", "I5", "-", "ntb", "telefonisch contact gemeente", ""),
        (T2, "medewerker 3", "Borger-Odoorn", "Eerste voorstel Asiel", "H7", 0, "leeg", "telefonisch contact gemeente", ""),
    ]
    assert woo_csv(regels).decode("utf-8-sig").splitlines()[2] == (
        "27-11-2026 14:03:05;medewerker 2;Borger-Odoorn;Eerste voorstel Asiel;I5;-;ntb;telefonisch contact gemeente;"
    )


@pytest.fixture
def gelogd(shipped_workbook: Path) -> Path:
    """The shipped workbook after two rounds of bijstellingen by jan and piet, with a Woo mapping for piet."""
    parts = read_package(shipped_workbook)
    type_value(parts, "H7", 0)
    type_value(parts, "I5", "ntb")
    shipped_workbook.write_bytes(package_bytes(parts))
    assert main(["bijstellingen", str(shipped_workbook), "--gebruiker", "jan", "--tijdstip", T1.isoformat()]) == 0
    parts = read_package(shipped_workbook)
    type_value(parts, "H7", 5)
    type_value(parts, "K3", "Piet", sheet="Wijzigingslog")
    type_value(parts, "L3", "teamleider", sheet="Wijzigingslog")
    log_part = sheet_part(parts, "Wijzigingslog")
    log_sheet = SheetXml(parts[log_part])  # Toelichting is an empty cell until staff type in it
    log_sheet.set_value("I4", "gebeld met wethouder")
    parts[log_part] = log_sheet.to_bytes()
    shipped_workbook.write_bytes(package_bytes(parts))
    assert main(["bijstellingen", str(shipped_workbook), "--gebruiker", "piet", "--tijdstip", T2.isoformat()]) == 0
    return shipped_workbook


EXPECTED_CSV = (
    "\ufeffDatum-tijd;Gebruiker (rol of pseudoniem);Gemeente;Kolom;Cel;Oude waarde;Nieuwe waarde;Bron;Toelichting\r\n"
    "17-07-2024 00:00:00;provinciale regietafel;alle gemeenten;basis vastgelegd;;;;"
    "Tabel van 12-07-2024, voorgelegd aan de provinciale regietafel van 17-07-2024;\r\n"
    "27-11-2026 14:03:05;medewerker 1;Aa en Hunze;Eerste voorstel AMV;I5;-;ntb;telefonisch contact gemeente;\r\n"
    "27-11-2026 14:03:05;medewerker 1;Borger-Odoorn;Eerste voorstel Asiel;H7;128;0;telefonisch contact gemeente;"
    "gebeld met wethouder\r\n"
    "28-11-2026 09:30:00;teamleider;Borger-Odoorn;Eerste voorstel Asiel;H7;0;5;telefonisch contact gemeente;\r\n"
)


def test_woo_export_writes_csv_and_xlsx(gelogd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CSV for Dutch Excel (';', BOM) and .xlsx with real dates and numbers; the workbook is only read."""
    before = gelogd.read_bytes()
    out = gelogd.with_name("woo-export")
    assert main(["log", str(gelogd), "--woo", "--uit", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"Woo-export geschreven: {out}.xlsx en {out}.csv (4 rijen, gesorteerd op tijd).")
    assert out.with_suffix(".csv").read_bytes().decode("utf-8") == EXPECTED_CSV
    ws = openpyxl.load_workbook(io.BytesIO(out.with_suffix(".xlsx").read_bytes())).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:2] == ("Datum-tijd", "Gebruiker (rol of pseudoniem)")
    assert rows[3] == (T1, "medewerker 1", "Borger-Odoorn", "Eerste voorstel Asiel", "H7", 128, 0,
                       "telefonisch contact gemeente", "gebeld met wethouder")
    assert gelogd.read_bytes() == before


def test_woo_export_goes_next_to_the_workbook_by_default(gelogd: Path) -> None:
    """Without --uit the files are named after the workbook."""
    assert main(["log", str(gelogd), "--woo"]) == 0
    assert gelogd.with_name("puzzel-wijzigingslog-woo.csv").read_bytes().decode("utf-8") == EXPECTED_CSV
    assert gelogd.with_name("puzzel-wijzigingslog-woo.xlsx").exists()


def test_log_without_woo_prints_the_rows(gelogd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`puzzel log` shows every row with the real names, oldest first."""
    assert main(["log", str(gelogd)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        ("17-07-2024 00:00:00  provinciale regietafel: basis vastgelegd "
        "(Tabel van 12-07-2024, voorgelegd aan de provinciale regietafel van 17-07-2024)"),
        "27-11-2026 14:03:05  jan: I5 Aa en Hunze, Eerste voorstel AMV: - -> ntb (telefonisch contact gemeente)",
        ("27-11-2026 14:03:05  jan: H7 Borger-Odoorn, Eerste voorstel Asiel: 128 -> 0 (telefonisch contact gemeente)"
        " - gebeld met wethouder"),
        "28-11-2026 09:30:00  piet: H7 Borger-Odoorn, Eerste voorstel Asiel: 0 -> 5 (telefonisch contact gemeente)",
    ]


def test_export_refuses_an_output_open_in_excel(gelogd: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An export file open in Excel is not overwritten."""
    out = gelogd.with_name("woo-export")
    (gelogd.parent / "~$woo-export.xlsx").write_bytes(b"x")
    assert main(["log", str(gelogd), "--woo", "--uit", str(out)]) == 2
    assert "woo-export.xlsx: het bestand is geopend in Excel" in capsys.readouterr().err
    assert not out.with_suffix(".xlsx").exists()


def test_sorting_ignores_row_order_on_the_sheet() -> None:
    """Staff may sort the sheet; the export still follows time."""
    log = [dataclasses.replace(row(T2, "b"), rij=3), dataclasses.replace(row(T1, "a"), rij=4)]
    assert [r.tijdstip for r in woo_regels(log, {})] == [T1, T2]


def test_changes_logged_with_a_baseline_are_listed_before_its_marker_after_a_hand_sort() -> None:
    """`puzzel basis --ja` logs open changes and its marker in the same second; a hand sort does not move them past it."""
    marker = dataclasses.replace(MARKER, tijdstip=T1, rij=3)
    change = dataclasses.replace(row(T1, "jan"), rij=4)
    assert [r.kolom for r in woo_regels([marker, change], {})] == ["Eerste voorstel Asiel", "basis vastgelegd"]


def test_same_user_written_in_other_capitals_keeps_one_pseudonym() -> None:
    """Windows may give one login as 'JJansen' and 'jjansen': one person, one pseudonym."""
    log = [row(T1, "JJansen"), row(T2, "jjansen"), row(T2, "piet")]
    assert [r.wie for r in woo_regels(log, {})] == ["medewerker 1", "medewerker 1", "medewerker 2"]


def test_pseudonym_table_is_found_by_its_name_after_staff_insert_a_column(gelogd: Path) -> None:
    """A column inserted into the table 'Woo-pseudoniemen' moves the roles right; no other column is published."""
    from xlpuzzel.reader import read_sheet

    parts = read_package(gelogd)
    part = sheet_part(parts, "Wijzigingslog")
    sheet = SheetXml(parts[part])
    cells = read_sheet(parts, "Wijzigingslog")
    for row in (1, 2, 3):  # what Excel does on 'insert column' at L: L moves to M, the name follows
        sheet.set_value(f"M{row}", cells[f"L{row}"].value)
        sheet.set_value(f"L{row}", {1: "e-mail", 2: "regietafel@drenthe.nl", 3: "piet@drenthe.nl"}[row])
    parts[part] = sheet.to_bytes()
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"Wijzigingslog!$K$2:$L$51", b"Wijzigingslog!$K$2:$M$51")
    gelogd.write_bytes(package_bytes(parts))
    out = gelogd.with_name("woo-export")
    assert main(["log", str(gelogd), "--woo", "--uit", str(out)]) == 0
    assert out.with_suffix(".csv").read_bytes().decode("utf-8") == EXPECTED_CSV
