"""`puzzel nieuwe-ronde`: the next round in a new workbook, the current one only read.

The old workbooks are built by the project itself; where a test needs what staff would have
typed (a Landelijk card, a Ruimte bound, an unlogged change), the build types it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest

from xlpuzzel.bijstelling import BASIS_KOLOM, controleer_samenhang
from xlpuzzel.build import build_workbook
from xlpuzzel.build.basis_sheet import shipped_basis
from xlpuzzel.cli import main
from xlpuzzel.entry import make_entry
from xlpuzzel.errors import PuzzelError
from xlpuzzel.formulas import shown_values
from xlpuzzel.landelijk.layout import LANDELIJK_SHEET
from xlpuzzel.layout import CATEGORIES, LOG_SHEET, PUZZEL_SHEET, RUIMTE_SHEET, Category, PuzzelLayout
from xlpuzzel.nieuw.maken import start_nieuwe_ronde
from xlpuzzel.nieuw.ronde import RondeFout, ronde_bladnaam
from xlpuzzel.package import read_package
from xlpuzzel.reader import read_sheet, read_workbook
from xlpuzzel.usecases.bijstellen import Staat, lees_staat
from xlpuzzel.workbookfile import open_workbook

MOMENT = dt.datetime(2026, 12, 1, 10, 0, 0)
RONDE = "Ronde 17-7-2024"


def staat_van(path: Path) -> Staat:
    """Puzzel, baseline and log of a workbook file, read through the package layer."""
    with open_workbook(path) as werkmap:
        return lees_staat(werkmap)


def ronde(old: Path, new: Path, **kwargs):
    kwargs.setdefault("gebruiker", "jjansen")
    kwargs.setdefault("moment", MOMENT)
    return start_nieuwe_ronde(old, new, **kwargs)


@pytest.fixture(scope="module")
def eerste(tmp_path_factory, shipped_bytes) -> tuple[Path, Path, object]:
    """The shipped workbook and the next round started from it."""
    folder = tmp_path_factory.mktemp("ronde")
    old = folder / "puzzel.xlsm"
    old.write_bytes(shipped_bytes)
    new = folder / "ronde2.xlsm"
    return old, new, ronde(old, new)


def test_the_eerste_voorstel_of_the_new_round_is_the_old_inbreng_cell_for_cell(eerste):
    """Eerste voorstel = inbreng of the previous round as typed; inbreng starts equal; bijstelling empty."""
    old, new, _ = eerste
    a, b = read_workbook(old).puzzel, read_workbook(new).puzzel
    assert b.gemeenten == a.gemeenten
    for cat in CATEGORIES:
        old_inbreng = [e.raw for e in a.columns[f"inbreng_{cat.value}"]]
        assert [e.raw for e in b.columns[f"eerste_{cat.value}"]] == old_inbreng
        assert [e.raw for e in b.columns[f"inbreng_{cat.value}"]] == old_inbreng
        assert all(e.raw is None for e in b.columns[f"bijstelling_{cat.value}"])
        assert [e.raw for e in b.columns[f"opgave_{cat.value}"]] == [e.raw for e in a.columns[f"opgave_{cat.value}"]]
        assert b.totaal[f"opgave_{cat.value}"].amount == a.totaal[f"opgave_{cat.value}"].amount


def test_the_ronde_sheet_equals_the_old_table_cell_for_cell_as_values(eerste):
    """Sheet 'Ronde 17-7-2024': every cell of the old sheet Puzzel, a formula as what it showed; no formula left."""
    old, new, gemaakt = eerste
    assert gemaakt.ronde_blad == RONDE
    old_cells = read_sheet(read_package(old), PUZZEL_SHEET)
    ronde_cells = read_sheet(read_package(new), RONDE)
    shown = shown_values(read_workbook(old).puzzel)
    assert not any(c.formula for c in ronde_cells.values())
    expected = {a: (shown[a] if c.formula else c.value) for a, c in old_cells.items()}
    got = {a: c.value for a, c in ronde_cells.items() if c.value not in (None, "")}
    expected = {a: v for a, v in expected.items() if v not in (None, "")}
    assert got.keys() == expected.keys()
    for address, value in expected.items():
        assert got[address] == (pytest.approx(value, rel=1e-14) if isinstance(value, float) else value), address


def test_the_ronde_sheet_is_protected_and_the_new_table_is_not(eerste):
    """The previous round is read-only (sheet protection without password); sheet Puzzel stays open."""
    _old, new, _ = eerste
    parts = read_package(new)
    from conftest import sheet_part

    assert b"<sheetProtection" in parts[sheet_part(parts, RONDE)]
    assert b"<sheetProtection" not in parts[sheet_part(parts, PUZZEL_SHEET)]


def test_the_log_holds_every_old_row_plus_one_that_starts_the_round_and_the_new_basis(eerste):
    """Old rows unchanged, then one 'nieuwe ronde gestart (vorige: …)' row that is the new baseline's marker."""
    old, new, _ = eerste
    a = staat_van(old)
    b = staat_van(new)
    assert a.log is not None and b.log is not None
    assert [replace(r, rij=None) for r in b.log[: len(a.log)]] == [replace(r, rij=None) for r in a.log]
    assert len(b.log) == len(a.log) + 1
    last = b.log[-1]
    assert last.kolom == BASIS_KOLOM and last.gebruiker == "jjansen" and last.tijdstip == MOMENT
    assert last.bron == f"nieuwe ronde gestart (vorige: puzzel.xlsm, basis van 17-07-2024; blad '{RONDE}')"
    assert b.basis is not None and b.basis.gezet_op == MOMENT
    controleer_samenhang(b.basis, b.log)


def test_the_old_workbook_is_never_changed(eerste, shipped_bytes):
    """Not a byte of the previous round's workbook changes, and it gets no .bak."""
    old, _new, _ = eerste
    assert old.read_bytes() == shipped_bytes
    assert not old.with_name(old.name + ".bak").exists()


def test_the_user_is_told_where_the_old_inbreng_was_not_eerste_plus_bijstelling(eerste):
    """The table of 12-7-2024 lacks Borger-Odoorn's inbreng: the new round starts from what was typed, and says so."""
    _old, _new, gemaakt = eerste
    text = "\n".join(gemaakt.meldingen)
    assert re.search(r"N7 \(Borger-Odoorn, inbreng Oek\): de inbreng was leeg, maar eerste voorstel \+ bijstelling = 385", text)
    assert "P10 (Emmen, inbreng AMV): de inbreng was 20" in text


def test_the_round_workbook_validates_and_keeps_working_with_bijstellingen(eerste, tmp_path, capsys):
    """Open XML SDK valid; a change typed afterwards is flagged and logged after the round's row."""
    from ooxml_validator import assert_valid

    _old, new, _ = eerste
    assert_valid(new)
    copy = tmp_path / "r.xlsm"
    copy.write_bytes(new.read_bytes())
    assert main(["controleer", str(copy)]) in (0, 1)
    assert main(["basis", str(copy), "--ja", "--gebruiker", "t", "--tijdstip", "2026-12-02T09:00:00"]) == 0
    staat = staat_van(copy)
    assert staat.log is not None and staat.log[-1].is_basis and staat.log[-2].bron.startswith("nieuwe ronde gestart")


def test_changes_never_logged_in_the_old_round_are_logged_before_the_round_starts(dataset, tmp_path):
    """A number typed but never logged is logged first (history is not lost), then the round's row."""
    p = dataset.puzzel
    changed = replace(p, columns={**p.columns, "inbreng_asiel": (make_entry(99), *p.columns["inbreng_asiel"][1:])})
    data = build_workbook(replace(dataset, puzzel=changed), basis=shipped_basis(dataset))
    old = tmp_path / "oud.xlsm"
    old.write_bytes(data)
    gemaakt = ronde(old, tmp_path / "nieuw.xlsm")
    log = staat_van(tmp_path / "nieuw.xlsm").log
    assert log is not None
    assert [(r.gemeente, r.kolom, r.oud, r.nieuw) for r in log[-2:-1]] == [("Aa en Hunze", "inbreng_asiel", 87, 99)]
    assert log[-1].is_basis
    assert any("nog niet in het Wijzigingslog" in m for m in gemaakt.meldingen)
    assert read_workbook(tmp_path / "nieuw.xlsm").puzzel.columns["eerste_asiel"][0].raw == 99


def test_a_tasks_file_brings_new_tasks_and_inwoners_and_a_second_round_keeps_the_first(eerste, tmp_path):
    """--opgaven: new inwoners, asiel per gemeente, a Totaal row; round 3 keeps 'Ronde 17-7-2024' and adds its own."""
    _old, new, _ = eerste
    a = read_workbook(new).puzzel
    names = list(a.gemeenten)
    pop = [30_000 + 1_000 * i for i in range(len(names))]
    asiel = [200 + i for i in range(len(names))]
    lines = ["gemeente;inwoners;opgave_asiel"] + [f"{n.upper()};{p};{s}" for n, p, s in zip(names[::-1], pop[::-1], asiel[::-1])]
    lines.append(f"Totaal;;{sum(asiel)}")
    source = tmp_path / "opgaven.csv"
    source.write_text("\n".join(lines), encoding="utf-8")
    third = tmp_path / "ronde3.xlsm"
    later = dt.datetime(2027, 1, 5, 9, 0, 0)
    gemaakt = ronde(new, third, opgaven=source, opties={Category.OEK: 6000}, moment=later)
    b = read_workbook(third).puzzel
    assert b.gemeenten == a.gemeenten
    assert [e.amount for e in b.columns["inwoners"]] == pop
    assert [e.amount for e in b.columns["opgave_asiel"]] == asiel
    assert sum(e.amount for e in b.columns["opgave_oek"]) == 6000
    assert b.totaal["opgave_asiel"].amount == sum(asiel) and b.totaal["inwoners"].amount == sum(pop)
    assert gemaakt.indicatief == ()
    assert gemaakt.ronde_blad == "Ronde 1-12-2026"
    sheets = read_workbook(third).sheets
    assert RONDE in sheets and "Ronde 1-12-2026" in sheets
    old_first = {k: v.value for k, v in read_sheet(read_package(new), RONDE).items()}
    assert {k: v.value for k, v in read_sheet(read_package(third), RONDE).items()} == old_first
    log_b = staat_van(third).log
    log_a = staat_van(new).log
    assert log_a is not None and log_b is not None and len(log_b) == len(log_a) + 1


def test_a_tasks_file_must_name_the_same_gemeenten(eerste, tmp_path):
    """Missing and extra gemeenten are named; nothing is written."""
    old, _new, _ = eerste
    names = list(read_workbook(old).puzzel.gemeenten)
    source = tmp_path / "o.csv"
    source.write_text("gemeente;inwoners\n" + "".join(f"{n};5\n" for n in names[1:]) + "Nieuwdorp;7\n", encoding="utf-8")
    with pytest.raises(RondeFout, match=r"ontbreekt in het bestand: Aa en Hunze; niet in de vorige ronde: Nieuwdorp"):
        ronde(old, tmp_path / "x.xlsm", opgaven=source)
    assert not (tmp_path / "x.xlsm").exists()


def test_what_staff_typed_on_landelijk_ruimte_instellingen_and_the_woo_mapping_is_carried(dataset, tmp_path):
    """Typed cells of input sheets (same layout: Landelijk, Ruimte, Adressen), settings, Woo mapping, own sheet come along."""
    def typed(wb):
        wb[RUIMTE_SHEET]["B5"] = 300
        wb[LOG_SHEET]["K3"] = "jjansen"
        wb[LOG_SHEET]["L3"] = "medewerker 1"
        ws = wb[LANDELIJK_SHEET]
        free = next(c for row in ws.iter_rows() for c in row
                    if c.value is None and c.fill is not None and c.fill.fgColor.rgb in ("00FFF2CC", "FFFFF2CC"))
        free.value = 1234
        typed.cell = free.coordinate
        inst = wb["Instellingen"]
        for row in inst.iter_rows(min_row=2):
            if row[0].value == "kenmerk":
                row[1].value = "PRT/2025/001"
        wb["Adressen"]["C5"] = "Postbus 10"
        notes = wb.create_sheet("Notities")
        notes["A1"] = "gebeld met Assen"
        notes["B2"] = "=1+1"

    old = tmp_path / "oud.xlsm"
    old.write_bytes(build_workbook(dataset, aanvullen=typed))
    gemaakt = ronde(old, tmp_path / "nieuw.xlsm")
    parts = read_package(tmp_path / "nieuw.xlsm")
    assert read_sheet(parts, RUIMTE_SHEET)["B5"].value == 300
    assert read_sheet(parts, "Adressen")["C5"].value == "Postbus 10"
    assert read_sheet(parts, LANDELIJK_SHEET)[typed.cell].value == 1234
    log = read_sheet(parts, LOG_SHEET)
    assert (log["K3"].value, log["L3"].value) == ("jjansen", "medewerker 1")
    assert read_workbook(tmp_path / "nieuw.xlsm").instellingen["kenmerk"] == "PRT/2025/001"
    notes = read_sheet(parts, "Notities")
    # A formula Excel never calculated has no last result: the copy leaves it empty rather than guess.
    assert notes["A1"].value == "gebeld met Assen" and "B2" not in notes
    assert any("Notities" in m for m in gemaakt.meldingen)


def test_cli_nieuwe_ronde_refuses_the_workbook_itself_its_bak_and_an_existing_file(shipped_workbook, capsys):
    """Exit 2 with a Dutch line; the current workbook and an existing file stay as they were."""
    before = shipped_workbook.read_bytes()
    bak = shipped_workbook.with_name("puzzel.xlsm.bak")
    for uit in (shipped_workbook, bak.with_name("kopie.xlsm")):
        if uit != shipped_workbook:
            uit.write_bytes(b"iets")
        assert main(["nieuwe-ronde", str(shipped_workbook), "--uit", str(uit)]) == 2
    err = capsys.readouterr().err
    assert "is de werkmap van de huidige ronde" in err and "kopie.xlsm bestaat al" in err
    assert shipped_workbook.read_bytes() == before
    assert (shipped_workbook.parent / "kopie.xlsm").read_bytes() == b"iets"


def test_cli_nieuwe_ronde_reports_the_sheet_the_tasks_and_the_warnings(shipped_workbook, capsys):
    """Exit 0; the report names the new workbook, the Ronde sheet, the tasks and the inbreng warnings."""
    uit = shipped_workbook.with_name("ronde2.xlsm")
    code = main(["nieuwe-ronde", str(shipped_workbook), "--uit", str(uit), "--gebruiker", "jjansen",
                 "--tijdstip", "2026-12-01T10:00:00", "--omschrijving", "ronde 2025"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert f"blad '{RONDE}'" in out and "Oek      5.722  (vorige ronde" in out
    assert "Let op: N7 (Borger-Odoorn" in out and "is niet gewijzigd" in out
    log = staat_van(uit).log
    assert log is not None and log[-1].toelichting == "ronde 2025"


def test_a_round_sheet_name_never_clashes_and_fits_excels_limit():
    """'Ronde 17-7-2024', then '(2)'; case-insensitive as Excel; at most 31 characters."""
    day = dt.date(2024, 7, 17)
    assert ronde_bladnaam(day, ["Puzzel"]) == RONDE
    assert ronde_bladnaam(day, ["ronde 17-7-2024"]) == "Ronde 17-7-2024 (2)"
    assert len(ronde_bladnaam(dt.date(2024, 12, 31), [])) <= 31


def test_indicative_tasks_of_the_old_round_are_spread_again_when_the_population_changes(tmp_path):
    """An old round with asiel/AMV by population re-spreads them by the new inwoners and keeps the mark."""
    from xlpuzzel.nieuw.maken import maak_nieuwe_puzzel

    source = tmp_path / "g.csv"
    source.write_text("gemeente;inwoners\nA;100\nB;300\n", encoding="utf-8")
    maak_nieuwe_puzzel("Zeeland", source, tmp_path / "z.xlsm")
    source.write_text("gemeente;inwoners\nA;300\nB;100\n", encoding="utf-8")
    gemaakt = ronde(tmp_path / "z.xlsm", tmp_path / "z2.xlsm", opgaven=source)
    p = read_workbook(tmp_path / "z2.xlsm").puzzel
    assert gemaakt.indicatief == (Category.ASIEL, Category.AMV)
    assert [e.amount for e in p.columns["opgave_amv"]] == [135, 45]  # 180 naar 300:100
    assert read_workbook(tmp_path / "z2.xlsm").instellingen["opgaven_indicatief"] == "asiel, amv"
    layout = PuzzelLayout(2)
    assert [e.amount for e in p.columns["opgave_oek"]] == [3471, 1157] and layout.n_gemeenten == 2


def test_text_that_looks_like_a_formula_stays_text_in_the_new_round(dataset, tmp_path):
    """A name, an inbreng and a setting typed as '=…' text are carried as text, never as formulas."""
    def typed(wb):
        ws = wb[PUZZEL_SHEET]
        layout = PuzzelLayout(len(dataset.puzzel.gemeenten))
        for address, text in ((f"A{layout.first_row}", '=HYPERLINK("http://x","Aa")'),
                              (layout.cell("inbreng_oek", layout.first_row + 1), "=1+1")):
            ws[address] = text
            ws[address].data_type = "s"
        for row in wb["Instellingen"].iter_rows(min_row=2):
            if row[0].value == "kenmerk":
                row[1].value = "=2+2"
                row[1].data_type = "s"

    old = tmp_path / "oud.xlsm"
    old.write_bytes(build_workbook(dataset, aanvullen=typed))
    assert read_workbook(old).puzzel.gemeenten[0].startswith("=HYPERLINK")
    ronde(old, tmp_path / "nieuw.xlsm")
    parts = read_package(tmp_path / "nieuw.xlsm")
    for sheet in (PUZZEL_SHEET, RONDE):
        cells = read_sheet(parts, sheet)
        assert cells["A5"].value.startswith("=HYPERLINK") and cells["A5"].formula is None, sheet
    layout = PuzzelLayout(len(dataset.puzzel.gemeenten))
    for sheet, column_id in ((PUZZEL_SHEET, "eerste_oek"), (PUZZEL_SHEET, "inbreng_oek"), (RONDE, "inbreng_oek")):
        cell = read_sheet(parts, sheet)[layout.cell(column_id, layout.first_row + 1)]
        assert (cell.value, cell.formula) == ("=1+1", None), (sheet, column_id)
    assert read_workbook(tmp_path / "nieuw.xlsm").instellingen["kenmerk"] == "=2+2"


def test_a_symbolic_link_to_the_current_workbook_is_refused_as_the_new_one(shipped_workbook, tmp_path):
    """--uit through a symbolic link to the workbook (or its .bak) is refused, also with --overschrijf."""
    link = tmp_path / "link.xlsm"
    link.symlink_to(shipped_workbook)
    before = shipped_workbook.read_bytes()
    with pytest.raises(PuzzelError, match="is de werkmap van de huidige ronde"):
        ronde(shipped_workbook, link, overschrijf=True)
    assert shipped_workbook.read_bytes() == before


def test_two_runs_creating_the_same_new_workbook_at_once_never_overwrite_each_other(tmp_path):
    """create_new is atomic: of many writers of one new name exactly one wins, the others get a Dutch refusal."""
    import threading

    from xlpuzzel.storage import StorageError, create_new

    target = tmp_path / "nieuw.xlsm"
    results: list[object] = []

    def write(i: int) -> None:
        try:
            create_new(target, f"run {i}".encode())
            results.append(i)
        except StorageError as exc:
            results.append(exc.melding)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [r for r in results if isinstance(r, int)]
    assert len(winners) == 1 and target.read_bytes() == f"run {winners[0]}".encode()
    assert all("bestaat al" in r for r in results if isinstance(r, str))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nieuw.xlsm"]


def test_a_moment_before_the_logs_last_row_starts_the_round_after_it_and_says_so(eerste, tmp_path):
    """A pc whose clock is behind the log: the round's row comes right after the log's last row, with a remark."""
    _old, new, _ = eerste
    gemaakt = ronde(new, tmp_path / "r3.xlsm", moment=dt.datetime(2020, 1, 1, 8, 0, 0))
    log = staat_van(tmp_path / "r3.xlsm").log
    assert log is not None and log[-1].tijdstip > MOMENT
    assert any("ligt vóór de laatste regel van het Wijzigingslog" in m for m in gemaakt.meldingen)
