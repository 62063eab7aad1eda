"""The pure core of tussentijdse bijstellingen: baseline, flags, notes and the append-only log."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlpuzzel.bijstelling import (
    BASIS_KOLOM,
    Basis,
    BijstellingError,
    LogRegel,
    MarkeerPlan,
    basis_cellen,
    basis_uit_cellen,
    basisplan,
    controleer_samenhang,
    laatste_regels,
    log_kop_cellen,
    log_uit_cellen,
    logregel_cellen,
    markeerplan,
    nl_waarde,
    notitie_tekst,
    zelfde,
)
from xlpuzzel.dataset import Dataset
from xlpuzzel.entry import make_entry
from xlpuzzel.layout import BASIS_LAYOUT, INPUT_COLUMNS, LOG_LAYOUT
from xlpuzzel.model import Puzzel

PRT = dt.datetime(2024, 7, 17)
T1 = dt.datetime(2026, 11, 27, 14, 3, 5)
T2 = dt.datetime(2026, 11, 28, 9, 30, 0)


@pytest.fixture(scope="module")
def puzzel(dataset: Dataset) -> Puzzel:
    return dataset.puzzel


@pytest.fixture(scope="module")
def basis(puzzel: Puzzel) -> Basis:
    return basisplan(puzzel, "provinciale regietafel", PRT, omschrijving="PRT 17-07-2024").basis


def typed(puzzel: Puzzel, *changes: tuple[str, str, object]) -> Puzzel:
    """The puzzel with values typed: (gemeente, column id, raw value) each."""
    columns = {k: list(v) for k, v in puzzel.columns.items()}
    for gemeente, column_id, raw in changes:
        columns[column_id][puzzel.index_of(gemeente)] = make_entry(raw)
    return dataclasses.replace(puzzel, columns={k: tuple(v) for k, v in columns.items()})


def run(puzzel: Puzzel, basis: Basis, log: list[LogRegel], notes: dict[str, str], who: str, when: dt.datetime) -> MarkeerPlan:
    """One click of 'Markeer bijstellingen', applied to the in-memory log and notes like a writer would."""
    plan = markeerplan(puzzel, basis, notes, laatste_regels(log), who, when)
    log.extend(plan.logregels)
    for m in plan.markeren:
        notes[m.cel] = m.notitie
    for o in plan.ontmarkeren:
        notes.pop(o.cel, None)
    return plan


def test_changed_cells_get_flag_and_exact_note(puzzel: Puzzel, basis: Basis) -> None:
    """Exactly the cells that differ from the baseline are flagged, with the Dutch note text."""
    now = typed(puzzel, ("Borger-Odoorn", "eerste_asiel", 0), ("Aa en Hunze", "eerste_amv", "ntb"), ("Coevorden", "bijstelling_amv", -25))
    plan = markeerplan(now, basis, {}, {}, "jan", T1)
    assert [(m.cel, m.notitie) for m in plan.markeren] == [
        ("I5", "Tussentijds bijgesteld op 27-11-2026 door jan: was -, nu ntb."),
        ("H7", "Tussentijds bijgesteld op 27-11-2026 door jan: was 128, nu 0."),
        ("M8", "Tussentijds bijgesteld op 27-11-2026 door jan: was leeg, nu -25."),
    ]
    assert plan.ontmarkeren == ()
    assert [(r.cel, r.oud, r.nieuw, r.bron) for r in plan.logregels] == [
        ("I5", "-", "ntb", "telefonisch contact gemeente"),
        ("H7", 128, 0, "telefonisch contact gemeente"),
        ("M8", None, -25, "telefonisch contact gemeente"),
    ]


def test_rerun_without_new_changes_adds_nothing(puzzel: Puzzel, basis: Basis) -> None:
    """A second click with the same numbers plans nothing."""
    now = typed(puzzel, ("Borger-Odoorn", "eerste_asiel", 0))
    log: list[LogRegel] = []
    notes: dict[str, str] = {}
    run(now, basis, log, notes, "jan", T1)
    assert run(now, basis, log, notes, "jan", T2).leeg


def test_second_change_logs_intermediate_value_as_oud(puzzel: Puzzel, basis: Basis) -> None:
    """Changing a cell twice adds a second row whose 'oud' is the first change's 'nieuw'; 'was' stays the baseline."""
    log: list[LogRegel] = []
    notes: dict[str, str] = {}
    run(typed(puzzel, ("Borger-Odoorn", "eerste_asiel", 0)), basis, log, notes, "jan", T1)
    plan = run(typed(puzzel, ("Borger-Odoorn", "eerste_asiel", 5)), basis, log, notes, "piet", T2)
    assert [(r.oud, r.nieuw, r.gebruiker) for r in plan.logregels] == [(0, 5, "piet")]
    assert plan.markeren[0].notitie == "Tussentijds bijgesteld op 28-11-2026 door piet: was 128, nu 5."


def test_cell_changed_back_to_baseline_loses_flag_and_is_logged(puzzel: Puzzel, basis: Basis) -> None:
    """Back at the baseline value: the tool's note goes and a row records the way back."""
    log: list[LogRegel] = []
    notes: dict[str, str] = {"A5": "eigen notitie"}
    run(typed(puzzel, ("Borger-Odoorn", "eerste_asiel", 0)), basis, log, notes, "jan", T1)
    plan = run(puzzel, basis, log, notes, "jan", T2)
    assert [o.cel for o in plan.ontmarkeren] == ["H7"]
    assert plan.markeren == ()
    assert [(r.oud, r.nieuw) for r in plan.logregels] == [(0, 128)]
    assert notes == {"A5": "eigen notitie"}


@pytest.mark.parametrize(
    ("was", "nu"),
    [("-", 0), (None, "-"), (0, None), ("n.v.t.", 0), ("1.077", 1077), (1077, 1077.0), (" ntb", "NTB")],
)
def test_values_are_compared_by_meaning(was: object, nu: object) -> None:
    """Blank, '-', 0 and n.v.t. all mean nothing offered; '1.077' typed as text is 1077."""
    assert zelfde(was, nu)


@pytest.mark.parametrize(("was", "nu"), [("ntb", 0), ("ntb", None), (128, 0), ("-", 1), ("#REF!", 0)])
def test_values_that_mean_something_else_differ(was: object, nu: object) -> None:
    """'ntb' is no number; an error value is no number either."""
    assert not zelfde(was, nu)


def test_dash_to_zero_is_no_bijstelling(puzzel: Puzzel, basis: Basis) -> None:
    """Typing 0 where '-' stood (or clearing it) changes nothing."""
    now = typed(puzzel, ("Aa en Hunze", "eerste_amv", 0), ("Assen", "eerste_amv", None))
    assert markeerplan(now, basis, {}, {}, "jan", T1).leeg


@pytest.mark.parametrize(
    ("raw", "text"),
    [(1077, "1.077"), (-1077, "-1.077"), (1234567, "1.234.567"), ("1.077", "1.077"), (None, "leeg"),
     ("ntb", "ntb"), ("n.t.b.", "ntb"), ("-", "-"), (12.5, "12,5"), ("81%", "81%"), (0, "0")],
)
def test_note_values_are_dutch(raw: object, text: str) -> None:
    """Numbers with '.' for thousands and ',' for decimals; blank reads 'leeg'."""
    assert nl_waarde(raw) == text


def test_note_text_is_exact() -> None:
    """The note reads exactly as agreed with staff."""
    assert notitie_tekst(T1, "jdevries", 128, 0) == "Tussentijds bijgesteld op 27-11-2026 door jdevries: was 128, nu 0."


def test_missing_tool_note_is_restored_from_the_log_without_a_new_row(puzzel: Puzzel, basis: Basis) -> None:
    """A deleted tool note comes back with the date and user of the cell's last log row."""
    log: list[LogRegel] = []
    notes: dict[str, str] = {}
    now = typed(puzzel, ("Borger-Odoorn", "eerste_asiel", 0))
    run(now, basis, log, notes, "jan", T1)
    notes.clear()
    plan = run(now, basis, log, notes, "piet", T2)
    assert plan.logregels == ()
    assert [m.notitie for m in plan.markeren] == ["Tussentijds bijgesteld op 27-11-2026 door jan: was 128, nu 0."]


def test_tool_note_edited_by_staff_is_left_alone_while_the_value_stays(puzzel: Puzzel, basis: Basis) -> None:
    """Without a new change the tool does not rewrite its own note."""
    log: list[LogRegel] = []
    notes: dict[str, str] = {}
    now = typed(puzzel, ("Borger-Odoorn", "eerste_asiel", 0))
    run(now, basis, log, notes, "jan", T1)
    notes["H7"] = "Tussentijds bijgesteld op 27-11-2026 door jan: was 128, nu 0 (afgesproken met wethouder)."
    assert run(now, basis, log, notes, "jan", T2).leeg


def test_user_note_below_the_tool_line_does_not_hide_the_flag(puzzel: Puzzel, basis: Basis) -> None:
    """A note whose first line is the tool's counts as the tool's flag, whatever follows."""
    log: list[LogRegel] = []
    now = typed(puzzel, ("Borger-Odoorn", "eerste_asiel", 0))
    run(now, basis, log, {}, "jan", T1)
    notes = {"H7": "Tussentijds bijgesteld op 27-11-2026 door jan: was 128, nu 0.\nGebeld met Borger."}
    plan = run(puzzel, basis, log, notes, "jan", T2)
    assert [o.cel for o in plan.ontmarkeren] == ["H7"]


def test_leg_basis_vast_logs_unlogged_changes_first_then_a_marker(puzzel: Puzzel, basis: Basis) -> None:
    """No history is lost: unlogged changes get rows before the marker; every tool flag is removed."""
    log: list[LogRegel] = []
    notes: dict[str, str] = {}
    run(typed(puzzel, ("Borger-Odoorn", "eerste_asiel", 0)), basis, log, notes, "jan", T1)
    now = typed(puzzel, ("Borger-Odoorn", "eerste_asiel", 0), ("Emmen", "inbreng_oek", 999))
    notes["A5"] = "eigen notitie"
    plan = basisplan(
        now, "piet", T2, huidige_basis=basis, bestaande_markeringen=notes,
        laatste_waarden_uit_log=laatste_regels(log), omschrijving="PRT 28-11-2026",
    )
    assert [o.cel for o in plan.ontmarkeren] == ["H7"]
    assert [(r.cel, r.oud, r.nieuw) for r in plan.nog_niet_gelogd] == [("N10", 975, 999)]
    marker = plan.logregels[-1]
    assert (marker.is_basis, marker.tijdstip, marker.gebruiker, marker.bron) == (True, T2, "piet", "PRT 28-11-2026")
    new = plan.basis
    assert new.cel("Borger-Odoorn", "eerste_asiel").waarde == 0  # type: ignore[union-attr]
    log.extend(plan.logregels)
    assert markeerplan(now, new, {}, laatste_regels(log), "jan", T2).leeg


def test_renamed_gemeente_is_matched_by_its_baseline_row(puzzel: Puzzel, basis: Basis) -> None:
    """A gemeente renamed in place keeps its baseline; the user is told."""
    renamed = dataclasses.replace(puzzel, gemeenten=tuple("Midden-Drenthe" if g == "Midden Drenthe" else g
                                                           for g in puzzel.gemeenten))
    plan = markeerplan(renamed, basis, {}, {}, "jan", T1)
    assert plan.leeg
    assert plan.waarschuwingen == (("Gemeente 'Midden-Drenthe' staat niet in de basis; vergeleken met "
                                   "'Midden Drenthe' op dezelfde rij."),)


def test_basis_sheet_round_trips(basis: Basis) -> None:
    """What the writer puts on sheet Basis reads back as the same baseline."""
    assert basis_uit_cellen(basis_cellen(basis)) == basis


def test_log_sheet_round_trips(puzzel: Puzzel, basis: Basis) -> None:
    """Log rows written to the sheet read back equal (blank as 'leeg', text and numbers kept)."""
    plan = markeerplan(
        typed(puzzel, ("Borger-Odoorn", "eerste_asiel", None), ("Aa en Hunze", "eerste_amv", "ntb"), ("Emmen", "inbreng_oek", 12.5)),
        basis, {}, {}, "jan", T1,
    )
    rows = [basisplan(puzzel, "x", PRT).logregels[-1], *plan.logregels]
    cells = dict(log_kop_cellen())
    for i, r in enumerate(rows):
        cells.update(logregel_cellen(r, LOG_LAYOUT.first_row + i))
    assert cells["G3"] == "ntb" and cells["G4"] == "leeg"
    assert list(log_uit_cellen(cells)) == rows


def base_cells(basis: Basis) -> dict[str, object]:
    return dict(basis_cellen(basis))


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"B2": "gisteren"}, "Werkblad 'Basis' cel B2: de datum waarop de basis is gezet ontbreekt of is onleesbaar ('gisteren')"),
        ({"B3": None}, "Werkblad 'Basis' cel B3: wie de basis heeft gezet ontbreekt"),
        ({"E6": "opgave_asiel_x"}, "Werkblad 'Basis' cel E6: onbekende kolom 'opgave_asiel_x'"),
        ({"E6": "opgave_oek"}, "Werkblad 'Basis' cel E6: kolom 'opgave_oek' staat er twee keer in"),
        ({"A6": "naam"}, "Werkblad 'Basis' cel A6: de kopregel moet beginnen met gemeente, rij"),
        ({"A8": "Aa en Hunze"}, "Werkblad 'Basis' cel A8: gemeente 'Aa en Hunze' staat er twee keer in"),
        ({"A9": None}, "Werkblad 'Basis' cel A9: getallen zonder gemeentenaam"),
    ],
)
def test_broken_basis_sheet_is_refused_with_repair_advice(basis: Basis, edit: dict[str, object], message: str) -> None:
    """Every hand edit that makes Basis unreadable names the cell and says how to repair."""
    cells = base_cells(basis)
    for address, value in edit.items():
        if value is None:
            cells.pop(address, None)
        else:
            cells[address] = value
    with pytest.raises(BijstellingError) as info:
        basis_uit_cellen(cells)
    assert info.value.melding.startswith(message + ". Herstel: ")
    assert "puzzel basis --ja" in info.value.melding


def test_missing_basis_column_is_named(basis: Basis) -> None:
    """A deleted column in Basis is named in the message."""
    cells = {a: v for a, v in base_cells(basis).items() if not a.startswith(BASIS_LAYOUT.value_letter(len(INPUT_COLUMNS) - 1))}
    with pytest.raises(BijstellingError, match="kolommen ontbreken: inbreng_amv"):
        basis_uit_cellen(cells)


def log_cells(rows: list[LogRegel]) -> dict[str, object]:
    cells = dict(log_kop_cellen())
    for i, r in enumerate(rows):
        cells.update(logregel_cellen(r, LOG_LAYOUT.first_row + i))
    return cells


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"D1": "Column"}, ("Werkblad 'Wijzigingslog' rij 1: de kolommen kloppen niet. Verwacht: Datum-tijd | "
         "Gebruiker | Gemeente | Kolom | Cel | Oude waarde | Nieuwe waarde | Bron | Toelichting; gevonden: "
         "Datum-tijd | Gebruiker | Gemeente | Column | Cel | Oude waarde | Nieuwe waarde | Bron | Toelichting.")),
        ({"A3": "morgen"}, "Werkblad 'Wijzigingslog' cel A3: datum-tijd ontbreekt of is onleesbaar ('morgen')."),
        ({"D3": "Asiel"}, "Werkblad 'Wijzigingslog' cel D3: onbekende kolom 'Asiel'."),
        ({"B3": None}, "Werkblad 'Wijzigingslog' cel B3: gebruiker ontbreekt."),
        ({"E3": None}, "Werkblad 'Wijzigingslog' cel E3: gemeente of cel ontbreekt."),
    ],
)
def test_broken_log_sheet_is_refused_with_repair_advice(puzzel: Puzzel, basis: Basis, edit: dict[str, object],
                                                         message: str) -> None:
    """A log with a wrong header or a hand-edited row is refused, naming the cell."""
    plan = markeerplan(typed(puzzel, ("Borger-Odoorn", "eerste_asiel", 0)), basis, {}, {}, "jan", T1)
    cells = log_cells([basisplan(puzzel, "x", PRT).logregels[-1], *plan.logregels])
    for address, value in edit.items():
        if value is None:
            cells.pop(address, None)
        else:
            cells[address] = value
    with pytest.raises(BijstellingError) as info:
        log_uit_cellen(cells)
    assert info.value.melding.startswith(message)
    assert "er is niets opgeslagen" in info.value.melding


def test_hand_edited_old_value_breaks_the_chain(puzzel: Puzzel, basis: Basis) -> None:
    """A row whose 'oud' does not follow from the row before (or the baseline) is reported with its row."""
    log: list[LogRegel] = [dataclasses.replace(basis_marker(basis), rij=2)]
    run(typed(puzzel, ("Borger-Odoorn", "eerste_asiel", 0)), basis, log, {}, "jan", T1)
    run(typed(puzzel, ("Borger-Odoorn", "eerste_asiel", 5)), basis, log, {}, "jan", T2)
    log = [dataclasses.replace(r, rij=2 + i) for i, r in enumerate(log)]
    controleer_samenhang(basis, log)
    log[2] = dataclasses.replace(log[2], oud=7)
    with pytest.raises(BijstellingError) as info:
        controleer_samenhang(basis, log)
    assert info.value.melding.startswith(
        "Werkblad 'Wijzigingslog' rij 4 (Borger-Odoorn, Eerste voorstel Asiel): de oude waarde 7 sluit niet "
        "aan op de nieuwe waarde van rij 3: 0. Is een rij met de hand gewijzigd of verwijderd?"
    )


def test_log_of_another_baseline_is_refused(basis: Basis) -> None:
    """The last marker row must be the baseline on sheet Basis."""
    other = dataclasses.replace(basis_marker(basis), tijdstip=T1, rij=2)
    with pytest.raises(BijstellingError, match=r"rij 2: de laatste basis in het log \(27-11-2026 14:03 door "):
        controleer_samenhang(basis, [other])
    with pytest.raises(BijstellingError, match="heeft geen rij 'basis vastgelegd'"):
        controleer_samenhang(basis, [])


def basis_marker(basis: Basis) -> LogRegel:
    from xlpuzzel.bijstelling import basis_regel

    marker = basis_regel(basis)
    assert marker.kolom == BASIS_KOLOM
    return marker


values = st.one_of(
    st.none(), st.integers(-2000, 2000), st.sampled_from(["ntb", "-", "n.v.t.", "1.077", "abc"])
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 11), st.sampled_from([c.id for c in INPUT_COLUMNS]), values),
                max_size=8))
def test_flags_follow_the_baseline_for_any_edits(dataset: Dataset, edits: list[tuple[int, str, object]]) -> None:
    """After any edits the flagged cells are exactly those that differ from the baseline; a rerun is empty."""
    puzzel = dataset.puzzel
    basis = basisplan(puzzel, "prt", PRT).basis
    columns = {k: list(v) for k, v in puzzel.columns.items()}
    for index, cid, raw in edits:
        columns[cid][index] = make_entry(raw)
    now = dataclasses.replace(puzzel, columns={k: tuple(v) for k, v in columns.items()})
    log: list[LogRegel] = []
    notes: dict[str, str] = {}
    run(now, basis, log, notes, "jan", T1)
    differ = {
        (i, c.id) for i in range(len(puzzel.gemeenten)) for c in INPUT_COLUMNS
        if not zelfde(now.entry(c.id, i).raw, puzzel.entry(c.id, i).raw)
    }
    assert len(notes) == len(differ) == len(log)
    assert run(now, basis, log, notes, "jan", T2).leeg


def test_log_sorted_by_hand_on_another_column_keeps_its_meaning(puzzel: Puzzel, basis: Basis) -> None:
    """Staff may sort the Wijzigingslog on any column: changes logged with a baseline stay before its marker."""
    log = [dataclasses.replace(basis_marker(basis), rij=2)]
    now = typed(puzzel, ("Aa en Hunze", "eerste_oek", 2), ("Assen", "eerste_asiel", 1))
    plan = basisplan(now, "jan", T1, huidige_basis=basis, laatste_waarden_uit_log=laatste_regels(log))
    by_gemeente = sorted([*log, *plan.logregels], key=lambda r: r.gemeente.casefold())  # as Excel sorts column C
    sorted_log = [dataclasses.replace(r, rij=2 + i) for i, r in enumerate(by_gemeente)]
    assert [r.gemeente for r in sorted_log] == ["Aa en Hunze", "alle gemeenten", "alle gemeenten", "Assen"]
    controleer_samenhang(plan.basis, sorted_log)
    assert markeerplan(now, plan.basis, {}, laatste_regels(sorted_log), "jan", T2).leeg


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Assen", "Werkblad 'Puzzel' cel A6: de gemeente 'Assen' staat ook in cel A5."),
        ("  assen ", "Werkblad 'Puzzel' cel A6: de gemeente 'Assen' staat ook in cel A5."),
        ("", "Werkblad 'Puzzel' cel A5: de gemeentenaam is leeg."),
    ],
)
def test_duplicate_or_empty_gemeente_name_is_refused(puzzel: Puzzel, basis: Basis, name: str, message: str) -> None:
    """A name typed twice or cleared would log one gemeente's numbers as another's: refused, naming the cell."""
    names = (name, *puzzel.gemeenten[1:])
    cells = tuple(dataclasses.replace(e, raw=n) for e, n in zip(puzzel.gemeente_cells, names))
    broken = dataclasses.replace(puzzel, gemeenten=names, gemeente_cells=cells)
    for plan in (lambda: markeerplan(broken, basis, {}, {}, "jan", T1),
                 lambda: basisplan(broken, "jan", T1, huidige_basis=basis)):
        with pytest.raises(BijstellingError) as info:
            plan()
        assert info.value.melding.startswith(message)
        assert "er is niets opgeslagen" in info.value.melding


def test_renamed_gemeente_is_matched_by_its_place_in_the_table_after_a_row_was_inserted(puzzel: Puzzel, basis: Basis) -> None:
    """Staff inserted a row above the table, then renamed a gemeente: it keeps its own baseline, not 'was leeg'."""
    from xlpuzzel.layout import COLUMN_BY_ID

    def down(entry: object, letter: str, i: int) -> object:
        return dataclasses.replace(entry, cell=f"{letter}{6 + i}")  # type: ignore[type-var]

    moved = dataclasses.replace(
        puzzel,
        gemeenten=tuple("Midden-Drenthe" if g == "Midden Drenthe" else g for g in puzzel.gemeenten),
        columns={cid: tuple(down(e, COLUMN_BY_ID[cid].letter, i) for i, e in enumerate(entries))
                 for cid, entries in puzzel.columns.items()},
        gemeente_cells=tuple(down(e, "A", i) for i, e in enumerate(puzzel.gemeente_cells)),
    )
    plan = markeerplan(moved, basis, {}, {}, "jan", T1)
    assert plan.leeg
    assert plan.waarschuwingen == (("Gemeente 'Midden-Drenthe' staat niet in de basis; vergeleken met "
                                   "'Midden Drenthe' op dezelfde rij."),)
