"""controleer(): totals, row sums, inbreng, population shares and typed values, one finding per fault."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import set_cell_xml
from hypothesis import given, settings
from hypothesis import strategies as st

from xlpuzzel.apportionment import apportion
from xlpuzzel.calculation import column_sum, row_sum
from xlpuzzel.controle import Bevinding, controleer, getal, procent, samenvatting, samenvatting_tekst
from xlpuzzel.layout import COLUMNS, Role, TotalKind
from xlpuzzel.model import puzzel_from_values
from xlpuzzel.reader import read_workbook

#: What the memo's copy of the table (every total typed as printed) gives, in report order.
AS_PRINTED = [
    ("fout", "inbreng-wijkt-af", "N7", "Borger-Odoorn", None, 385),
    ("fout", "inbreng-wijkt-af", "P7", "Borger-Odoorn", None, 50),
    ("fout", "inbreng-wijkt-af", "P10", "Emmen", 20, 40),
    ("fout", "inbreng-wijkt-af", "P15", "Tynaarlo", None, 28),
    ("fout", "totaal-wijkt-af", "B17", None, 502051, 500051),
    ("fout", "opgave-wijkt-af", "C17", None, 5722, 5720),
    ("fout", "totaal-wijkt-af", "K17", None, 944, 943),
    ("fout", "totaal-wijkt-af", "N17", None, 5589, 5203),
    ("fout", "totaal-wijkt-af", "P17", None, 283, 233),
    # The Totaal under opgave "Oek + Asiel" is the provincial task 8.413 (right as printed); the
    # 'verschil' below it should show that the gemeenten's tasks add up to 2 less.
    ("fout", "verschil-wijkt-af", "F18", None, 0, -2),
    ("waarschuwing", "aandeel-inwoners", "C10", "Emmen", 1240, 1217),
    ("waarschuwing", "nog-niet-bekend", "H14", "Noordenveld", "ntb", None),
    ("waarschuwing", "gemeente-onder-opgave", "A15", "Tynaarlo", 590, 618),
]
#: The shipped workbook (formulas, never calculated): the typed cells' findings only.
SHIPPED = [row for row in AS_PRINTED if row[2] not in ("F18", "K17", "N17", "P17")]


def _rows(findings: tuple[Bevinding, ...]) -> list[tuple]:
    return [(b.ernst, b.code, b.cel, b.gemeente, b.waarde, b.verwacht) for b in findings]


def test_as_printed_table_gives_exactly_the_known_findings(printed_workbook: Path) -> None:
    """The memo's table typed as printed has these thirteen findings and nothing else.

    N17 (5.589) is wrong, yet N18 (98%) and N19 (-133) agree with it: one finding, not three.
    """
    assert _rows(controleer(read_workbook(printed_workbook).puzzel)) == AS_PRINTED


def test_as_printed_messages_name_cell_gemeente_and_numbers(printed_workbook: Path) -> None:
    """Messages are Dutch, name the cell and use Dutch number formatting."""
    found = {b.cel: b.melding for b in controleer(read_workbook(printed_workbook).puzzel)}
    assert found["N17"] == (
        "N17 (Totaal, Inbreng OEK): Totaal inbreng OEK is 5.589 maar de som van de gemeenten is 5.203 "
        "(verschil 386)."
    )
    assert found["N7"] == (
        "N7 (Borger-Odoorn, Inbreng OEK): de inbreng is leeg, maar eerste voorstel 247 + bijstelling 138 = 385."
    )
    assert found["C10"] == (
        "C10 (Emmen, Opgave Oek): de opgave Oek is 1.240 maar het aandeel naar inwoners is 1.216,8 "
        "(106.765 van 502.051 inwoners, van 5.722); verwacht 1.217."
    )
    assert found["C17"] == (
        "C17 (Totaal, Opgave Oek): de opgaven Oek van de gemeenten tellen op tot 5.720, maar de provinciale "
        "opgave is 5.722 (2 te weinig verdeeld)."
    )
    assert found["H14"] == "H14 (Noordenveld, Eerste voorstel Asiel): 'ntb': nog niet bekend; telt als 0 in de totalen."


def test_shipped_workbook_gives_its_findings_and_no_formula_findings(shipped_workbook: Path) -> None:
    """The shipped build (formulas without cached values) reports only the typed cells' faults."""
    assert _rows(controleer(read_workbook(shipped_workbook).puzzel)) == SHIPPED


def test_repaired_table_has_no_findings(clean_bytes: bytes, tmp_path: Path) -> None:
    """With the memo's inconsistencies repaired, the check finds nothing."""
    path = tmp_path / "schoon.xlsm"
    path.write_bytes(clean_bytes)
    assert controleer(read_workbook(path).puzzel) == ()


def test_data_file_puzzel_without_provenance_can_be_checked(dataset) -> None:
    """A Puzzel straight from the data file is checked too; messages then name gemeente and column."""
    found = controleer(dataset.puzzel)
    assert all(b.cel is None for b in found)
    assert ("inbreng-wijkt-af", "Borger-Odoorn") in [(b.code, b.gemeente) for b in found]
    assert found[0].melding.startswith("Borger-Odoorn, Inbreng OEK: ")


def test_percentage_and_saldo_are_checked_against_the_total_they_use(patched_workbook, printed_bytes) -> None:
    """Verschil and saldo are compared with the total as it stands, so only a change of it shows there."""

    def patch(parts: dict[str, bytes]) -> None:
        set_cell_xml(parts, "O17", '<c r="O17" t="n"><v>3970</v></c>')

    found = controleer(read_workbook(patched_workbook(printed_bytes, patch)).puzzel)
    o_cells = [(b.code, b.cel) for b in found if b.kolom == "inbreng_asiel"]
    # O18 (157%) and O19 (1.408) now disagree with the total they are computed from.
    assert o_cells == [("totaal-wijkt-af", "O17"), ("percentage-wijkt-af", "O18"), ("saldo-wijkt-af", "O19")]
    melding = {b.cel: b.melding for b in found}
    assert melding["O18"] == "O18 (verschil, Inbreng Asiel): het percentage 157% klopt niet: 3.970 / 2.462 = 161,3%."
    assert melding["O19"] == (
        "O19 (Totaal landelijke opgave, Inbreng Asiel): het saldo 1.408 klopt niet: 3.970 - 2.462 = 1.508."
    )


def test_typed_percentage_is_checked_at_its_printed_precision(patched_workbook, printed_bytes: bytes) -> None:
    """98% agrees with 5.589 / 5.722 = 97,7%; 97% does not."""

    def patch(parts: dict[str, bytes]) -> None:
        set_cell_xml(parts, "N18", '<c r="N18" t="n"><v>0.97</v></c>')
        set_cell_xml(parts, "G18", '<c r="G18" t="n"><v>0.812</v></c>')

    found = [(b.code, b.cel) for b in controleer(read_workbook(patched_workbook(printed_bytes, patch)).puzzel)]
    assert ("percentage-wijkt-af", "N18") in found
    assert ("percentage-wijkt-af", "G18") not in found  # 81,2% at one decimal: 4.645 / 5.722 = 81,18%


def test_stale_cached_total_gives_one_formula_finding(patched_workbook, shipped_bytes: bytes) -> None:
    """A cached formula value that differs from the core is formule-wijkt-af; cells using it are not."""
    stale = 5000

    def patch(parts: dict[str, bytes]) -> None:
        set_cell_xml(parts, "N17", f'<c r="N17"><f>SUM(N5:N16)</f><v>{stale}</v></c>')
        set_cell_xml(parts, "N18", f'<c r="N18"><f>IF(N(C17)=0,"",N17/C17)</f><v>{stale / 5722!r}</v></c>')
        set_cell_xml(parts, "N19", f'<c r="N19"><f>N17-C17</f><v>{stale - 5722}</v></c>')

    found = controleer(read_workbook(patched_workbook(shipped_bytes, patch)).puzzel)
    formula = [b for b in found if b.code.startswith("formule")]
    assert [(b.code, b.cel, b.waarde, b.verwacht) for b in formula] == [("formule-wijkt-af", "N17", 5000, 5203)]
    assert formula[0].melding == (
        "N17 (Totaal, Inbreng OEK): de formule toont 5.000 maar de som van de gemeenten is 5.203. "
        "Herbereken de werkmap (Ctrl+Alt+F9) en controleer de formule."
    )


def test_cached_percentage_within_excel_precision_is_no_finding(patched_workbook, shipped_bytes: bytes) -> None:
    """A ratio stored with Excel's 15 digits matches the exact fraction within 1e-9 relative."""

    def patch(parts: dict[str, bytes]) -> None:
        set_cell_xml(parts, "N18", '<c r="N18"><f>IF(N(C17)=0,"",N17/C17)</f><v>0.909297448444600</v></c>')
        set_cell_xml(parts, "O18", '<c r="O18"><f>IF(N(D17)=0,"",O17/D17)</f><v>1.5719</v></c>')

    found = [(b.code, b.cel) for b in controleer(read_workbook(patched_workbook(shipped_bytes, patch)).puzzel)]
    assert ("formule-wijkt-af", "N18") not in found
    assert ("formule-wijkt-af", "O18") in found


def test_formula_overwritten_by_a_typed_number_is_reported(patched_workbook, clean_bytes: bytes) -> None:
    """A right number typed over a formula is a warning; a wrong one is a fout that says so."""

    def patch(parts: dict[str, bytes]) -> None:
        set_cell_xml(parts, "H17", '<c r="H17" t="n"><v>4216</v></c>')
        set_cell_xml(parts, "N17", '<c r="N17" t="n"><v>6000</v></c>')

    found = {b.cel: b for b in controleer(read_workbook(patched_workbook(clean_bytes, patch)).puzzel)}
    assert set(found) == {"H17", "N17"}
    assert (found["H17"].code, found["H17"].ernst) == ("formule-overschreven", "waarschuwing")
    assert found["N17"].code == "totaal-wijkt-af"
    assert found["N17"].melding.endswith("Hier hoort een formule; er staat een getypt getal.")


def test_changed_formula_text_is_a_warning(patched_workbook, clean_bytes: bytes) -> None:
    """A total whose formula leaves out a gemeente is flagged even before Excel calculated it."""

    def patch(parts: dict[str, bytes]) -> None:
        set_cell_xml(parts, "N17", '<c r="N17"><f>SUM(N5:N15)</f><v></v></c>')

    found = controleer(read_workbook(patched_workbook(clean_bytes, patch)).puzzel)
    assert [(b.code, b.cel, b.ernst) for b in found] == [("formule-gewijzigd", "N17", "waarschuwing")]
    assert found[0].tekst == "de formule =SUM(N5:N15) wijkt af van de standaardformule =SUM(N5:N16)."


def test_number_stored_as_text_is_reported_and_explains_excels_total(patched_workbook, clean_bytes: bytes) -> None:
    """'1.000' stored as text is a fout; Excel's total without it is not a second finding."""

    def patch(parts: dict[str, bytes]) -> None:
        set_cell_xml(parts, "H6", '<c r="H6" t="inlineStr"><is><t>1.000</t></is></c>')
        set_cell_xml(parts, "H17", '<c r="H17"><f>SUM(H5:H16)</f><v>3216</v></c>')

    found = controleer(read_workbook(patched_workbook(clean_bytes, patch)).puzzel)
    assert [(b.code, b.cel) for b in found] == [("getal-als-tekst", "H6")]
    assert "Excel telt het niet mee" in found[0].melding


def test_formula_giving_a_number_as_text_is_named_at_its_cell_not_at_the_totals(patched_workbook, clean_bytes) -> None:
    """A formula whose result is the text '1000' is a fout at its own cell; Excel's totals without it are not."""

    def patch(parts: dict[str, bytes]) -> None:
        set_cell_xml(parts, "H6", '<c r="H6" t="str"><f>"1"&amp;"000"</f><v>1000</v></c>')
        set_cell_xml(parts, "J6", '<c r="J6"><f>SUM(G6:I6)</f><v>792</v></c>')
        set_cell_xml(parts, "H17", '<c r="H17"><f>SUM(H5:H16)</f><v>3216</v></c>')

    found = controleer(read_workbook(patched_workbook(clean_bytes, patch)).puzzel)
    assert [(b.code, b.cel) for b in found] == [("getal-als-tekst", "H6")]
    assert found[0].tekst == (
        "de formule =\"1\"&\"000\" geeft '1000' als tekst; Excel telt het niet mee in de totalen. "
        "Laat de formule een getal geven."
    )


@pytest.mark.parametrize(("typed", "shown"), [(None, "leeg"), ("-", "-")])
def test_a_blank_provincial_task_or_cbs_total_is_reported(patched_workbook, clean_bytes, typed, shown) -> None:
    """An emptied provincial task counts 0 in Excel's formulas: the gemeenten's 5.722 no longer add up to it."""
    from conftest import type_value

    def patch(parts: dict[str, bytes]) -> None:
        type_value(parts, "C17", typed)
        type_value(parts, "B17", typed)

    found = controleer(read_workbook(patched_workbook(clean_bytes, patch)).puzzel)
    assert [(b.code, b.cel, b.verwacht) for b in found] == [
        ("totaal-wijkt-af", "B17", 502051), ("opgave-wijkt-af", "C17", 5722)
    ]
    assert found[1].tekst == (
        f"de opgaven Oek van de gemeenten tellen op tot 5.722, maar de provinciale opgave is {shown} "
        "(5.722 te veel verdeeld)."
    )


def test_population_shares_are_not_contradicted_when_the_gemeenten_count_more_than_the_cbs_total(
    patched_workbook, clean_bytes
) -> None:
    """CBS total typed 2.000 too low: one totaal-wijkt-af, and no share warning saying 'is 293, verwacht 293'."""
    from conftest import type_value

    found = controleer(read_workbook(patched_workbook(clean_bytes, lambda p: type_value(p, "B17", 500051))).puzzel)
    assert [(b.code, b.cel) for b in found] == [("totaal-wijkt-af", "B17")]


def test_typed_row_sum_is_checked_against_its_three_cells(patched_workbook, printed_bytes: bytes) -> None:
    """A typed Oek + Asiel that is not Oek + Asiel + AMV is rijtotaal-wijkt-af."""

    def patch(parts: dict[str, bytes]) -> None:
        set_cell_xml(parts, "J8", '<c r="J8" t="n"><v>650</v></c>')

    found = [b for b in controleer(read_workbook(patched_workbook(printed_bytes, patch)).puzzel) if b.cel == "J8"]
    assert [b.code for b in found] == ["rijtotaal-wijkt-af"]
    assert found[0].melding == "J8 (Coevorden, Eerste voorstel Oek + Asiel): Oek + Asiel is 650 maar 220 + 430 + 20 = 670 (verschil -20)."


def test_bevinding_to_dict_is_json_ready(printed_workbook: Path) -> None:
    """to_dict gives the documented keys with plain JSON values."""
    found = controleer(read_workbook(printed_workbook).puzzel)
    doc = json.loads(json.dumps([b.to_dict() for b in found]))
    assert set(doc[0]) == {"code", "ernst", "blad", "cel", "gemeente", "kolom", "waarde", "verwacht", "melding"}
    assert doc[0]["blad"] == "Puzzel"


def test_samenvatting_counts_per_severity_and_code(printed_workbook: Path) -> None:
    """The summary counts fouten, waarschuwingen and meldingen, and findings per code."""
    samen = samenvatting(controleer(read_workbook(printed_workbook).puzzel))
    assert (samen["fout"], samen["waarschuwing"], samen["info"], samen["totaal"]) == (10, 3, 0, 13)
    assert samen["codes"]["totaal-wijkt-af"] == 4  # type: ignore[index]
    assert samen["codes"]["verschil-wijkt-af"] == 1  # type: ignore[index]
    assert samenvatting_tekst(samen) == "10 fouten, 3 waarschuwingen, 0 meldingen"
    assert samenvatting_tekst({"fout": 1, "waarschuwing": 1, "info": 1}) == "1 fout, 1 waarschuwing, 1 melding"


def test_dutch_number_formatting() -> None:
    """Thousands with '.', decimals with ',', percentages with one decimal."""
    assert getal(5589) == "5.589"
    assert getal(-1077) == "-1.077"
    assert getal(Fraction(12168272, 10000), 1) == "1.216,8"
    assert getal(Fraction(-1, 10)) == "0"
    assert procent(Fraction(5589, 5722)) == "97,7%"


@given(st.integers(-10**12, 10**12))
def test_whole_numbers_get_dots_between_thousands(n: int) -> None:
    """getal() writes whole numbers with '.' between groups of three digits."""
    assert getal(n) == f"{n:,}".replace(",", ".")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1_000, 200_000),  # inwoners
            st.integers(0, 800), st.integers(0, 50),  # asiel, amv task
            st.integers(0, 900), st.integers(0, 900), st.integers(0, 60),  # eerste
            st.integers(-100, 100), st.integers(-100, 100), st.integers(-20, 20),  # bijstelling
        ),
        min_size=1,
        max_size=15,
    ),
    st.integers(0, 20_000),
)
def test_consistent_puzzel_has_no_findings(rows, oek_task) -> None:
    """Tasks by population share, inbreng = eerste + bijstelling at least the task, summed totals: nothing to report."""
    n = len(rows)
    inwoners = [r[0] for r in rows]
    oek = apportion(oek_task, inwoners)
    cols: dict[str, list[object]] = {c.id: [0] * n for c in COLUMNS if c.id != "gemeenten"}
    for i, r in enumerate(rows):
        first = [r[3], r[4], r[5]]
        change = [r[6], r[7], r[8]]
        first = [max(f, -c) for f, c in zip(first, change)]  # inbreng never negative
        first[0] += max(0, oek[i] + r[1] + r[2] - sum(first) - sum(change))  # every gemeente gives its total
        for j, cat in enumerate(("oek", "asiel", "amv")):
            cols[f"eerste_{cat}"][i] = first[j]
            cols[f"bijstelling_{cat}"][i] = change[j]
            cols[f"inbreng_{cat}"][i] = first[j] + change[j]
        cols["inwoners"][i] = r[0]
        cols["opgave_oek"][i], cols["opgave_asiel"][i], cols["opgave_amv"][i] = oek[i], r[1], r[2]
    bare = puzzel_from_values([f"G{i}" for i in range(n)], cols)
    for c in COLUMNS:
        if c.role is Role.ROWSUM:
            cols[c.id] = [int(row_sum(bare, c.id, i) or 0) for i in range(n)]
    totaal = {c.id: int(column_sum(bare, c.id) or 0) for c in COLUMNS if c.total in (TotalKind.SUM, TotalKind.AUTHORITY)}
    puzzel = puzzel_from_values([f"G{i}" for i in range(n)], cols, totaal=totaal)
    assert controleer(puzzel) == ()


@pytest.mark.slow
def test_libreoffice_calculated_shipped_workbook_agrees_with_the_core(tmp_path: Path, shipped_workbook: Path) -> None:
    """After a real recalculation every cached formula value matches the core: same findings as shipped."""
    from xlpuzzel.recalc import find_soffice, recalculate

    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is niet geïnstalleerd")
    recalculated = recalculate(shipped_workbook, tmp_path / "uit")
    assert _rows(controleer(read_workbook(recalculated).puzzel)) == SHIPPED


def test_gemeente_below_its_total_task_is_a_warning_naming_both_totals_and_cells(printed_workbook: Path) -> None:
    """Tynaarlo's typed inbreng adds up to 590 against a total task of 618: a waarschuwing on its row."""
    found = [b for b in controleer(read_workbook(printed_workbook).puzzel) if b.code == "gemeente-onder-opgave"]
    assert [(b.ernst, b.cel, b.gemeente, b.waarde, b.verwacht) for b in found] == [
        ("waarschuwing", "A15", "Tynaarlo", 590, 618)
    ]
    assert found[0].melding == (
        "A15 (Tynaarlo, Gemeente): de totale inbreng (N15:P15) is 340 + 250 + 0 = 590, 28 onder de totale "
        "opgave (F15) van 618."
    )


def test_gemeente_onder_opgave_stays_silent_where_other_checks_speak() -> None:
    """No inbreng typed at all, or an unknown cell ('ntb'), is another finding's business; at the task is fine."""
    def puzzel(inbreng: list[object]) -> object:
        cols: dict[str, list[object]] = {c.id: [0] for c in COLUMNS if c.id != "gemeenten"}
        cols["opgave_oek"], cols["opgave_asiel"], cols["opgave_amv"] = [10], [5], [1]
        cols["inbreng_oek"], cols["inbreng_asiel"], cols["inbreng_amv"] = [[v] for v in inbreng]
        return puzzel_from_values(["G"], cols)

    def codes(inbreng: list[object]) -> list[str]:
        return [b.code for b in controleer(puzzel(inbreng)) if b.code == "gemeente-onder-opgave"]  # type: ignore[arg-type]

    assert codes([None, None, None]) == []
    assert codes(["ntb", 5, 1]) == []
    assert codes([10, 5, 1]) == []
    assert codes([16, 0, 0]) == []
    assert codes([10, 5, None]) == ["gemeente-onder-opgave"]
