"""`puzzel bijstellingen` and `puzzel basis`: flags, notes and log on a real file, written safely."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from pathlib import Path

import openpyxl
import pytest
from conftest import sheet_part, type_value

from xlpuzzel.cli import main
from xlpuzzel.dataset import Dataset
from xlpuzzel.layout import BIJGESTELD_STYLE, INPUT_COLOR
from xlpuzzel.package import package_bytes, read_package

T1 = "2026-11-27T14:03:05"
T2 = "2026-11-28T09:30:00"
T3 = "2026-12-01T10:00:00"
BASELINE_ROW = (
    dt.datetime(2024, 7, 17), "provinciale regietafel", "alle gemeenten", "basis vastgelegd", None, None, None,
    "Tabel van 12-07-2024, voorgelegd aan de provinciale regietafel van 17-07-2024", None,
)
BRON = "telefonisch contact gemeente"


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def edit(path: Path, values: dict[str, object], sheet: str = "Puzzel") -> None:
    """Type values into the file as staff would in Excel (XML edited directly: VBA and ribbon stay)."""
    parts = read_package(path)
    for address, value in values.items():
        type_value(parts, address, value, sheet)
    path.write_bytes(package_bytes(parts))


def book(path: Path) -> openpyxl.Workbook:
    """Open for inspection only (never saved: openpyxl would drop the ribbon)."""
    return openpyxl.load_workbook(io.BytesIO(path.read_bytes()))


def log_rows(path: Path) -> list[tuple[object, ...]]:
    ws = book(path)["Wijzigingslog"]
    return [row for row in ws.iter_rows(min_row=2, max_col=9, values_only=True) if any(v is not None for v in row)]


def notes(path: Path) -> dict[str, str]:
    ws = book(path)["Puzzel"]
    return {c.coordinate: c.comment.text for row in ws.iter_rows() for c in row if c.comment is not None}


def flagged(path: Path) -> list[str]:
    ws = book(path)["Puzzel"]
    return [c.coordinate for row in ws.iter_rows() for c in row if c.style == BIJGESTELD_STYLE and c.row < 20]


@pytest.fixture
def werkmap(shipped_workbook: Path) -> Path:
    return shipped_workbook


def test_three_changes_are_flagged_noted_and_logged(werkmap: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One to 'ntb', one back to the baseline, one negative bijstelling: exactly the right flags, notes and rows."""
    edit(werkmap, {"H7": 0, "I5": "ntb", "M8": -25})
    code, out, _err = cli(capsys, "bijstellingen", str(werkmap), "--gebruiker", "jan", "--tijdstip", T1)
    assert code == 0
    assert out == (
        "  gemarkeerd  I5     Aa en Hunze, Eerste voorstel AMV: Tussentijds bijgesteld op 27-11-2026 door jan: was -, nu ntb.\n"
        "  gemarkeerd  H7     Borger-Odoorn, Eerste voorstel Asiel: Tussentijds bijgesteld op 27-11-2026 door jan: "
        "was 128, nu 0.\n"
        "  gemarkeerd  M8     Coevorden, Bijstelling AMV: Tussentijds bijgesteld op 27-11-2026 door jan: was leeg, nu -25.\n"
        f"3 cellen gemarkeerd, 0 markeringen verwijderd, 3 rijen toegevoegd aan het Wijzigingslog. "
        f"Opgeslagen: {werkmap} (vorige versie: puzzel.xlsm.bak).\n"
    )
    edit(werkmap, {"H7": 128})
    code, out, _err = cli(capsys, "bijstellingen", str(werkmap), "--gebruiker", "piet", "--tijdstip", T2)
    assert code == 0
    assert out.splitlines()[0] == "  hersteld    H7     Borger-Odoorn, Eerste voorstel Asiel: weer gelijk aan de basis, markering weg."
    assert flagged(werkmap) == ["I5", "M8"]
    assert notes(werkmap) == {
        "I5": "Tussentijds bijgesteld op 27-11-2026 door jan: was -, nu ntb.",
        "M8": "Tussentijds bijgesteld op 27-11-2026 door jan: was leeg, nu -25.",
    }
    t1, t2 = dt.datetime.fromisoformat(T1), dt.datetime.fromisoformat(T2)
    assert log_rows(werkmap) == [
        BASELINE_ROW,
        (t1, "jan", "Aa en Hunze", "Eerste voorstel AMV", "I5", "-", "ntb", BRON, None),
        (t1, "jan", "Borger-Odoorn", "Eerste voorstel Asiel", "H7", 128, 0, BRON, None),
        (t1, "jan", "Coevorden", "Bijstelling AMV", "M8", "leeg", -25, BRON, None),
        (t2, "piet", "Borger-Odoorn", "Eerste voorstel Asiel", "H7", 0, 128, BRON, None),
    ]
    ws = book(werkmap)["Puzzel"]
    assert ws["H7"].style == "Normal" and ws["H7"].fill.fgColor.rgb.endswith(INPUT_COLOR)
    assert ws["I5"].fill.fgColor.rgb.endswith("F4B183") and ws["I5"].number_format == '#,##0;-#,##0;"-"'
    assert ws["M8"].number_format == '#,##0;-#,##0;"-"'


def test_rerun_without_changes_writes_nothing(werkmap: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A second run with the same numbers says so and leaves file and backup alone."""
    edit(werkmap, {"H7": 0})
    cli(capsys, "bijstellingen", str(werkmap), "--gebruiker", "jan", "--tijdstip", T1)
    before, bak = werkmap.read_bytes(), werkmap.with_name("puzzel.xlsm.bak").read_bytes()
    code, out, _err = cli(capsys, "bijstellingen", str(werkmap), "--gebruiker", "jan", "--tijdstip", T2)
    assert (code, out) == (
        0, (f"Geen nieuwe bijstellingen in {werkmap}: alle getallen zijn gelijk aan de basis of al gelogd. "
        "Er is niets opgeslagen.\n"),
    )
    assert werkmap.read_bytes() == before
    assert werkmap.with_name("puzzel.xlsm.bak").read_bytes() == bak


def test_first_run_keeps_a_backup_of_the_previous_file(werkmap: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The file as it was before the run is kept beside it as .bak."""
    edit(werkmap, {"H7": 0})
    before = werkmap.read_bytes()
    cli(capsys, "bijstellingen", str(werkmap), "--gebruiker", "jan", "--tijdstip", T1)
    assert werkmap.with_name("puzzel.xlsm.bak").read_bytes() == before
    assert not [p for p in werkmap.parent.iterdir() if p.name.startswith(".~puzzel-")]


def test_basis_without_ja_explains_and_writes_nothing(werkmap: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --ja the command only says what would happen."""
    edit(werkmap, {"H7": 0})
    cli(capsys, "bijstellingen", str(werkmap), "--gebruiker", "jan", "--tijdstip", T1)
    before = werkmap.read_bytes()
    code, out, _err = cli(capsys, "basis", str(werkmap), "--gebruiker", "piet", "--tijdstip", T2)
    assert code == 0
    assert out == (
        f"Zonder --ja gebeurt er niets. Met `puzzel basis {werkmap} --ja`:\n"
        "  - de huidige getallen (12 gemeenten x 13 kolommen) worden de nieuwe basis, gezet op 28-11-2026 09:30 "
        "door piet;\n"
        "  - 1 markering 'Tussentijds bijgesteld' van de tool wordt verwijderd (eigen notities en opmaak "
        "blijven);\n"
        "  - het Wijzigingslog blijft staan en krijgt een rij 'basis vastgelegd'.\n"
    )
    assert werkmap.read_bytes() == before


def test_basis_ja_clears_the_tools_flags_and_keeps_the_log(werkmap: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The new baseline removes flags and notes; the log keeps its rows and gets a marker row."""
    original = read_package(werkmap)
    edit(werkmap, {"H7": 0, "I5": "ntb"})
    cli(capsys, "bijstellingen", str(werkmap), "--gebruiker", "jan", "--tijdstip", T1)
    edit(werkmap, {"N10": 999})
    code, _out, _err = cli(capsys, "basis", str(werkmap), "--ja", "--gebruiker", "piet", "--tijdstip", T2,
                           "--omschrijving", "PRT 28-11-2026")
    assert code == 0
    assert flagged(werkmap) == [] and notes(werkmap) == {}
    t1, t2 = dt.datetime.fromisoformat(T1), dt.datetime.fromisoformat(T2)
    assert log_rows(werkmap)[1:] == [
        (t1, "jan", "Aa en Hunze", "Eerste voorstel AMV", "I5", "-", "ntb", BRON, None),
        (t1, "jan", "Borger-Odoorn", "Eerste voorstel Asiel", "H7", 128, 0, BRON, None),
        (t2, "piet", "Emmen", "Inbreng Oek", "N10", 975, 999, BRON, None),
        (t2, "piet", "alle gemeenten", "basis vastgelegd", None, None, None, "PRT 28-11-2026", None),
    ]
    parts = read_package(werkmap)
    assert "xl/comments1.xml" not in parts and "legacyDrawing" not in parts[sheet_part(parts)].decode()
    styles = re.compile(r'<c r="(H7|I5)" s="(\d+)"')
    assert styles.findall(parts[sheet_part(parts)].decode()) == styles.findall(original[sheet_part(original)].decode())
    code, out, _err = cli(capsys, "bijstellingen", str(werkmap), "--gebruiker", "jan", "--tijdstip", T3)
    assert code == 0 and out.startswith("Geen nieuwe bijstellingen")


def test_users_own_notes_and_formats_elsewhere_are_untouched(
    tmp_path: Path, user_edited_bytes: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    """Own notes, colours, validation and conditional formats survive; a note on a changed cell gets the tool's line on top."""
    path = tmp_path / "puzzel.xlsm"
    path.write_bytes(user_edited_bytes)
    edit(path, {"H7": 0, "I5": "ntb"})
    cli(capsys, "bijstellingen", str(path), "--gebruiker", "jan", "--tijdstip", T1)
    assert notes(path) == {
        "A5": "Wethouder belt terug.",
        "I5": "Tussentijds bijgesteld op 27-11-2026 door jan: was -, nu ntb.",
        "H7": "Tussentijds bijgesteld op 27-11-2026 door jan: was 128, nu 0.\nGemeente twijfelt nog.",
    }
    ws = book(path)["Puzzel"]
    assert ws["B6"].fill.fgColor.rgb == "00FF0000"
    # The built workbook's own validation (4 blocks) and colours (7 percentages), plus staff's one of each.
    assert len(ws.data_validations.dataValidation) == 4 + 1
    assert len(list(ws.conditional_formatting)) == 7 + 1
    edit(path, {"H7": 128})
    cli(capsys, "bijstellingen", str(path), "--gebruiker", "jan", "--tijdstip", T2)
    assert notes(path)["H7"] == "Gemeente twijfelt nog."
    cli(capsys, "basis", str(path), "--ja", "--gebruiker", "piet", "--tijdstip", T3)
    assert notes(path) == {"A5": "Wethouder belt terug.", "H7": "Gemeente twijfelt nog."}
    assert flagged(path) == []
    assert book(path)["Puzzel"]["B6"].fill.fgColor.rgb == "00FF0000"


def test_open_workbook_is_refused_and_nothing_written(werkmap: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Excel's lock file next to the workbook: a Dutch refusal, exit 2, the file unchanged."""
    edit(werkmap, {"H7": 0})
    (werkmap.parent / "~$puzzel.xlsm").write_bytes(b"jan")
    before = werkmap.read_bytes()
    code, out, err = cli(capsys, "bijstellingen", str(werkmap), "--gebruiker", "jan", "--tijdstip", T1)
    assert (code, out) == (2, "")
    assert err == (
        f"puzzel bijstellingen: {werkmap}: de werkmap is geopend in Excel (vergrendelbestand ~$puzzel.xlsm). "
        "Sluit de werkmap en probeer het opnieuw; er is niets opgeslagen.\n"
    )
    assert werkmap.read_bytes() == before
    assert not werkmap.with_name("puzzel.xlsm.bak").exists()


def test_read_only_workbook_is_refused(werkmap: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only file is refused before anything is written (checked as Windows would report it)."""
    edit(werkmap, {"H7": 0})
    real_access = os.access
    monkeypatch.setattr("xlpuzzel.workbookfile.os.access",
                        lambda p, mode: False if Path(p) == werkmap and mode == os.W_OK else real_access(p, mode))
    before = werkmap.read_bytes()
    code, _out, err = cli(capsys, "basis", str(werkmap), "--ja", "--gebruiker", "jan", "--tijdstip", T1)
    assert code == 2
    assert err == f"puzzel basis: {werkmap}: het bestand is alleen-lezen; er is niets opgeslagen.\n"
    assert werkmap.read_bytes() == before


def delete_sheet(path: Path, name: str) -> None:
    """Delete a sheet as Excel does: gone from workbook.xml, names pointing to it become #REF!."""
    parts = read_package(path)
    wb = parts["xl/workbook.xml"].decode()
    wb = re.sub(rf'<sheet [^>]*name="{name}"[^>]*/>', "", wb)
    wb = wb.replace(f">{name}!", ">#REF!")
    parts["xl/workbook.xml"] = wb.encode()
    path.write_bytes(package_bytes(parts))


def test_deleted_basis_sheet_is_refused_then_repaired_by_basis_ja(werkmap: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without Basis nothing is compared or written; `basis --ja` builds it again."""
    delete_sheet(werkmap, "Basis")
    before = werkmap.read_bytes()
    code, _out, err = cli(capsys, "bijstellingen", str(werkmap), "--gebruiker", "jan", "--tijdstip", T1)
    assert code == 2
    assert err == (
        f"puzzel bijstellingen: {werkmap}: het verborgen werkblad 'Basis' (de afgesproken getallen) ontbreekt. "
        f"Herstel: zet het werkblad terug uit de reservekopie ({werkmap}.bak) of via Bestand > Info > "
        "Versiegeschiedenis; of begin opnieuw met `puzzel basis --ja` (de huidige getallen worden de basis).\n"
    )
    assert werkmap.read_bytes() == before
    code, out, _err = cli(capsys, "basis", str(werkmap), "--ja", "--gebruiker", "piet", "--tijdstip", T2)
    assert code == 0, out
    wb = book(werkmap)
    assert wb["Basis"].sheet_state == "hidden"
    assert wb.defined_names["basis_gezet_op"].attr_text == "Basis!$B$2"
    edit(werkmap, {"H7": 0})
    code, out, _err = cli(capsys, "bijstellingen", str(werkmap), "--gebruiker", "jan", "--tijdstip", T3)
    assert code == 0 and "was 128, nu 0." in out


def test_deleted_log_sheet_is_refused_then_recreated_by_basis_ja(werkmap: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without Wijzigingslog nothing is written; `basis --ja` starts a new log."""
    delete_sheet(werkmap, "Wijzigingslog")
    code, _out, err = cli(capsys, "bijstellingen", str(werkmap), "--gebruiker", "jan", "--tijdstip", T1)
    assert code == 2 and "het werkblad 'Wijzigingslog' ontbreekt" in err
    code, _out, _err = cli(capsys, "basis", str(werkmap), "--ja", "--gebruiker", "piet", "--tijdstip", T2)
    assert code == 0
    assert log_rows(werkmap) == [
        (dt.datetime.fromisoformat(T2), "piet", "alle gemeenten", "basis vastgelegd", None, None, None,
         "nieuwe basis vastgelegd", None),
    ]


def test_edited_basis_header_is_refused(werkmap: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A wrong column in Basis: Dutch message naming the cell, nothing written."""
    edit(werkmap, {"E6": "asiel"}, sheet="Basis")
    before = werkmap.read_bytes()
    code, _out, err = cli(capsys, "bijstellingen", str(werkmap), "--gebruiker", "jan", "--tijdstip", T1)
    assert code == 2
    assert err.startswith(f"puzzel bijstellingen: {werkmap}: Werkblad 'Basis' cel E6: onbekende kolom 'asiel'. Herstel: ")
    assert werkmap.read_bytes() == before


def test_log_with_wrong_columns_is_refused_even_by_basis_ja(werkmap: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Rows are never appended to a log whose columns were changed."""
    edit(werkmap, {"F1": "Oud"}, sheet="Wijzigingslog")
    before = werkmap.read_bytes()
    for args in (("bijstellingen",), ("basis", "--ja")):
        code, _out, err = cli(capsys, *args, str(werkmap), "--gebruiker", "jan", "--tijdstip", T1)
        assert code == 2
        assert "Werkblad 'Wijzigingslog' rij 1: de kolommen kloppen niet." in err
    assert werkmap.read_bytes() == before


def test_hand_edited_log_row_is_refused_with_its_row(werkmap: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An 'oude waarde' changed by hand breaks the chain: the row is named, nothing written."""
    edit(werkmap, {"H7": 0})
    cli(capsys, "bijstellingen", str(werkmap), "--gebruiker", "jan", "--tijdstip", T1)
    edit(werkmap, {"F3": 100}, sheet="Wijzigingslog")
    edit(werkmap, {"H7": 5})
    before = werkmap.read_bytes()
    code, _out, err = cli(capsys, "bijstellingen", str(werkmap), "--gebruiker", "jan", "--tijdstip", T2)
    assert code == 2
    assert err.startswith(
        f"puzzel bijstellingen: {werkmap}: Werkblad 'Wijzigingslog' rij 3 (Borger-Odoorn, Eerste voorstel Asiel): "
        "de oude waarde 100 sluit niet aan op de basis (Basis): 128."
    )
    assert werkmap.read_bytes() == before


def test_default_source_comes_from_instellingen(werkmap: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--bron overrides the setting bron_wijziging."""
    edit(werkmap, {"H7": 0})
    cli(capsys, "bijstellingen", str(werkmap), "--gebruiker", "jan", "--tijdstip", T1, "--bron", "e-mail wethouder")
    assert log_rows(werkmap)[-1][7] == "e-mail wethouder"


def test_default_user_is_the_windows_user(werkmap: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --gebruiker the Windows USERNAME is used."""
    monkeypatch.setenv("USERNAME", "jdevries")
    edit(werkmap, {"H7": 0})
    cli(capsys, "bijstellingen", str(werkmap), "--tijdstip", T1)
    assert notes(werkmap)["H7"] == "Tussentijds bijgesteld op 27-11-2026 door jdevries: was 128, nu 0."


def test_cell_with_threaded_comment_gets_colour_and_log_but_no_note(
    tmp_path: Path, dataset: Dataset, capsys: pytest.CaptureFixture[str]
) -> None:
    """A threaded comment is never touched: the cell is coloured and logged, the user told; a rerun adds nothing."""
    from openpyxl.comments import Comment

    from xlpuzzel.build.workbook import build_parts
    from xlpuzzel.package import parts_from_bytes
    from xlpuzzel.vba import build_vba_project, embed_vba_and_ribbon, ribbon_xml

    wb = openpyxl.load_workbook(io.BytesIO(package_bytes(build_parts(dataset))))
    placeholder = "[Threaded comment]\nYour version of Excel allows you to read this threaded comment."
    wb["Puzzel"]["H7"].comment = Comment(placeholder, "tc={6B3D2C1A-0000-4000-8000-000000000001}")
    buffer = io.BytesIO()
    wb.save(buffer)
    path = tmp_path / "puzzel.xlsm"
    parts = embed_vba_and_ribbon(parts_from_bytes(buffer.getvalue()), build_vba_project(), ribbon_xml())
    type_value(parts, "H7", 0)
    path.write_bytes(package_bytes(parts))
    code, out, _err = cli(capsys, "bijstellingen", str(path), "--gebruiker", "jan", "--tijdstip", T1)
    assert code == 0
    assert "Let op: H7 heeft een opmerking (gesprek); daar is geen notitie bij gezet, wel de kleur en het log." in out
    assert notes(path) == {"H7": placeholder}
    assert flagged(path) == ["H7"]
    code, out, _err = cli(capsys, "bijstellingen", str(path), "--gebruiker", "jan", "--tijdstip", T2)
    assert out.startswith("Geen nieuwe bijstellingen")
    edit(path, {"H7": 128})
    code, out, _err = cli(capsys, "bijstellingen", str(path), "--gebruiker", "jan", "--tijdstip", T3)
    assert flagged(path) == [] and notes(path) == {"H7": placeholder}


def test_basis_ja_replaces_an_unreadable_basis_and_says_so(werkmap: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`basis --ja` is the repair for a broken Basis: it warns what cannot be recovered and rebuilds it."""
    edit(werkmap, {"E6": "asiel"}, sheet="Basis")
    code, out, _err = cli(capsys, "basis", str(werkmap), "--ja", "--gebruiker", "piet", "--tijdstip", T2)
    assert code == 0
    assert out.startswith(
        "Let op: De basis op werkblad Basis is onbruikbaar (Werkblad 'Basis' cel E6: onbekende kolom 'asiel'); "
        "hij wordt vervangen door de huidige getallen."
    )
    edit(werkmap, {"H7": 0})
    code, out, _err = cli(capsys, "bijstellingen", str(werkmap), "--gebruiker", "jan", "--tijdstip", T3)
    assert code == 0 and "was 128, nu 0." in out


def test_flag_set_by_the_ribbon_is_removed_by_the_cli(
    tmp_path: Path, dataset: Dataset, capsys: pytest.CaptureFixture[str]
) -> None:
    """The ribbon flags with fill and bold (no named style); unflagging from the CLI gives the input format back."""
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    from xlpuzzel.build.workbook import build_parts
    from xlpuzzel.package import parts_from_bytes
    from xlpuzzel.vba import build_vba_project, embed_vba_and_ribbon, ribbon_xml

    original = parts_from_bytes(package_bytes(build_parts(dataset)))
    wb = openpyxl.load_workbook(io.BytesIO(package_bytes(original)))
    cell = wb["Puzzel"]["H7"]
    cell.value = 0
    cell.fill = PatternFill("solid", fgColor="F4B183")
    cell.font = Font(bold=True)
    cell.comment = Comment("Tussentijds bijgesteld op 27-11-2026 door jan: was 128, nu 0.", "jan")
    wb["Wijzigingslog"].append([dt.datetime.fromisoformat(T1), "jan", "Borger-Odoorn", "Eerste voorstel Asiel", "H7",
                                128, 0, BRON])
    buffer = io.BytesIO()
    wb.save(buffer)
    path = tmp_path / "puzzel.xlsm"
    path.write_bytes(package_bytes(embed_vba_and_ribbon(parts_from_bytes(buffer.getvalue()), build_vba_project(),
                                                        ribbon_xml())))
    edit(path, {"H7": 128})
    code, out, _err = cli(capsys, "bijstellingen", str(path), "--gebruiker", "piet", "--tijdstip", T2)
    assert code == 0 and "hersteld    H7" in out
    ws = book(path)["Puzzel"]
    assert ws["H7"].comment is None
    assert ws["H7"].fill.fgColor.rgb.endswith(INPUT_COLOR) and not ws["H7"].font.b


def sort_log_by_gemeente(path: Path) -> None:
    """Sort the log rows on column Gemeente as staff would in Excel (each row's values move together)."""
    from xlpuzzel.bijstelling import log_uit_cellen, logregel_cellen
    from xlpuzzel.patch.cells import SheetXml
    from xlpuzzel.reader import read_sheet

    parts = read_package(path)
    rows = log_uit_cellen({a: c.value for a, c in read_sheet(parts, "Wijzigingslog").items()})
    part = sheet_part(parts, "Wijzigingslog")
    sheet = SheetXml(parts[part])
    for i, regel in enumerate(sorted(rows, key=lambda r: r.gemeente.casefold())):
        for letter in "ABCDEFGHI":
            sheet.set_value(f"{letter}{2 + i}", None)
        for address, value in logregel_cellen(regel, 2 + i).items():
            sheet.set_value(address, value)
    parts[part] = sheet.to_bytes()
    path.write_bytes(package_bytes(parts))


def test_log_sorted_by_hand_after_a_new_baseline_keeps_working(werkmap: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Sorting the Wijzigingslog on Gemeente after `basis --ja`: no refusal, no new rows, `puzzel log` unchanged."""
    edit(werkmap, {"G5": 2, "H6": 1})
    cli(capsys, "basis", str(werkmap), "--ja", "--gebruiker", "piet", "--tijdstip", T2)
    _code, shown, _err = cli(capsys, "log", str(werkmap))
    sort_log_by_gemeente(werkmap)
    assert [r[2] for r in log_rows(werkmap)] == ["Aa en Hunze", "alle gemeenten", "alle gemeenten", "Assen"]
    code, out, err = cli(capsys, "bijstellingen", str(werkmap), "--gebruiker", "jan", "--tijdstip", T3)
    assert (code, err) == (0, "") and out.startswith("Geen nieuwe bijstellingen")
    assert cli(capsys, "log", str(werkmap))[1] == shown


def test_tijdstip_before_the_last_log_row_is_refused(werkmap: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A change or baseline dated before the log's last row would rewrite history: refused, nothing written."""
    edit(werkmap, {"H7": 0})
    cli(capsys, "basis", str(werkmap), "--ja", "--gebruiker", "piet", "--tijdstip", T2)
    edit(werkmap, {"H7": 5})
    before = werkmap.read_bytes()
    for command in (("bijstellingen",), ("basis", "--ja")):
        code, out, err = cli(capsys, *command, str(werkmap), "--gebruiker", "jan", "--tijdstip", T1)
        assert (code, out) == (2, "")
        assert err == (
            f"puzzel {command[0]}: {werkmap}: --tijdstip 27-11-2026 14:03:05 ligt vóór de laatste regel van het "
            "Wijzigingslog (rij 4, 28-11-2026 09:30:00); het log loopt op in de tijd. Kies een later tijdstip of "
            "laat --tijdstip weg; er is niets opgeslagen.\n"
        )
    code, _out, err = cli(capsys, "bijstellingen", str(werkmap), "--gebruiker", "jan", "--tijdstip", T2)
    assert code == 2 and "ligt niet na de laatste basis in het Wijzigingslog (rij 4, 28-11-2026 09:30:00)" in err
    assert werkmap.read_bytes() == before


def test_clock_behind_the_log_dates_new_rows_at_the_last_row(werkmap: Path, capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A pc whose clock is behind a colleague's does not date a change before the log's last row."""
    edit(werkmap, {"H7": 0})
    cli(capsys, "bijstellingen", str(werkmap), "--gebruiker", "jan", "--tijdstip", T2)
    monkeypatch.setattr("xlpuzzel.commands.bijstellingen.tijdstip", lambda args: dt.datetime.fromisoformat(T1))
    edit(werkmap, {"H7": 5})
    code, out, _err = cli(capsys, "bijstellingen", str(werkmap), "--gebruiker", "piet")
    assert code == 0
    assert out.startswith(
        "Let op: de klok van deze computer (27-11-2026 14:03:05) loopt achter op het Wijzigingslog; de nieuwe "
        "rijen krijgen het tijdstip 28-11-2026 09:30:00.\n"
    )
    assert log_rows(werkmap)[-1][:2] == (dt.datetime.fromisoformat(T2), "piet")
    code, out, _err = cli(capsys, "bijstellingen", str(werkmap), "--gebruiker", "piet")
    assert out.startswith("Geen nieuwe bijstellingen")


def test_user_name_with_a_line_break_or_control_character_is_written_on_one_line(
    werkmap: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A pasted name with a line break or control character: no traceback, one clean name in note and log."""
    edit(werkmap, {"H7": 0})
    code, _out, err = cli(capsys, "bijstellingen", str(werkmap), "--gebruiker", "jan\x0bde\nvries\x01", "--tijdstip", T1)
    assert (code, err) == (0, "")
    assert notes(werkmap)["H7"] == "Tussentijds bijgesteld op 27-11-2026 door jan de vries: was 128, nu 0."
    assert log_rows(werkmap)[-1][1] == "jan de vries"


def test_duplicate_gemeente_name_is_refused_naming_file_and_cells(werkmap: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A gemeente name typed twice would log one gemeente's numbers as another's: refused, nothing written."""
    edit(werkmap, {"A5": "Assen"})
    before = werkmap.read_bytes()
    for command in (("bijstellingen",), ("basis", "--ja")):
        code, out, err = cli(capsys, *command, str(werkmap), "--gebruiker", "jan", "--tijdstip", T1)
        assert (code, out) == (2, "")
        assert err.startswith(
            f"puzzel {command[0]}: {werkmap}: Werkblad 'Puzzel' cel A6: de gemeente 'Assen' staat ook in cel A5."
        )
    assert werkmap.read_bytes() == before
