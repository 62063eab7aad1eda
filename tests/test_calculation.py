"""Derived values: row sums, column totals, percentages and the national row."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlpuzzel.calculation import (
    Op,
    Row,
    column_sum,
    compute,
    derived_cells,
    difference,
    expected_inbreng,
    national_tasks,
    ratio,
    row_sum,
    row_sums,
    total,
)
from xlpuzzel.dataset import Dataset
from xlpuzzel.formulas import cell_address
from xlpuzzel.layout import COLUMNS, PuzzelLayout
from xlpuzzel.model import Puzzel, puzzel_from_values


@pytest.fixture(scope="module")
def drenthe(dataset: Dataset) -> Puzzel:
    """The puzzel of 12-7-2024 (conftest's dataset)."""
    return dataset.puzzel


def _cell(cells: tuple, row: Row, column_id: str):
    return next(c for c in cells if c.row is row and c.column_id == column_id)


def test_row_sum_oek_plus_asiel_includes_amv(drenthe: Puzzel) -> None:
    """'Oek + Asiel' adds all three categories: Aa en Hunze 293 + 143 + 13 = 449."""
    aa = drenthe.index_of("Aa en Hunze")
    assert row_sum(drenthe, "opgave_oek_asiel", aa) == 449
    assert row_sum(drenthe, "eerste_oek_asiel", aa) == 507  # 420 + 87 + '-'


def test_row_sum_counts_ntb_as_zero_like_excel_sum(drenthe: Puzzel) -> None:
    """Noordenveld offered 209 Oek, 'ntb' asiel and 43 AMV: the printed row sum 252 skips 'ntb'."""
    assert row_sum(drenthe, "eerste_oek_asiel", drenthe.index_of("Noordenveld")) == 252


def test_row_sums_reproduce_the_printed_column(drenthe: Puzzel) -> None:
    """Every printed 'Oek + Asiel' of a gemeente is the sum of its three categories."""
    for column_id in ("opgave_oek_asiel", "eerste_oek_asiel"):
        assert list(row_sums(drenthe, column_id)) == list(drenthe.amounts(column_id))


def test_column_totals_of_the_offers(drenthe: Puzzel) -> None:
    """The province's totals of the first offers: 4.645 Oek, 4.216 asiel, 229 AMV, 9.090 together."""
    assert column_sum(drenthe, "eerste_oek") == 4645
    assert column_sum(drenthe, "eerste_asiel") == 4216
    assert column_sum(drenthe, "eerste_amv") == 229
    assert column_sum(drenthe, "eerste_oek_asiel") == 9090
    assert column_sum(drenthe, "bijstelling_asiel") == -346


def test_authority_total_is_the_typed_value_not_the_sum(drenthe: Puzzel) -> None:
    """The provincial Oek task is 5.722 as set by the ministry, though the gemeente tasks sum to 5.720."""
    assert column_sum(drenthe, "opgave_oek") == 5720
    assert total(drenthe, "opgave_oek") == 5722
    assert total(drenthe, "inwoners") == 502051


def test_blank_provincial_task_counts_as_zero_like_excel() -> None:
    """A blank provincial task reads as 0 (as the workbook's formulas read it), so no percentage."""
    puzzel = _small({"opgave_oek": [3, 4], "inbreng_oek": [5, 6]})
    assert total(puzzel, "opgave_oek") == 0
    assert compute(_cell(derived_cells(2), Row.VERSCHIL, "inbreng_oek"), puzzel) is None
    assert compute(_cell(derived_cells(2), Row.LANDELIJK, "inbreng_oek"), puzzel) == 11


def test_verschil_is_the_offer_as_a_fraction_of_the_task(drenthe: Puzzel) -> None:
    """4.645 / 5.722 = 81%, 4.216 / 2.462 = 171%, inbreng asiel 3.870 / 2.462 = 157% (as in the memo)."""
    cells = derived_cells(12)
    assert compute(_cell(cells, Row.VERSCHIL, "eerste_oek"), drenthe) == Fraction(4645, 5722)
    assert round(float(Fraction(4645, 5722)) * 100) == 81
    assert round(float(compute(_cell(cells, Row.VERSCHIL, "eerste_asiel"), drenthe)) * 100) == 171
    assert round(float(compute(_cell(cells, Row.VERSCHIL, "eerste_amv"), drenthe)) * 100) == 100
    assert round(float(compute(_cell(cells, Row.VERSCHIL, "inbreng_asiel"), drenthe)) * 100) == 157


def test_national_row_is_offer_minus_task(drenthe: Puzzel) -> None:
    """Under the offers the national row shows offer − task in places: −1.077 Oek, 1.754 asiel, 0 AMV."""
    cells = derived_cells(12)
    assert compute(_cell(cells, Row.LANDELIJK, "eerste_oek"), drenthe) == -1077
    assert compute(_cell(cells, Row.LANDELIJK, "eerste_asiel"), drenthe) == 1754
    assert compute(_cell(cells, Row.LANDELIJK, "eerste_amv"), drenthe) == 0
    assert compute(_cell(cells, Row.LANDELIJK, "inbreng_asiel"), drenthe) == 3870 - 2462


def test_closure_compares_the_row_sum_total_with_the_category_totals(drenthe: Puzzel) -> None:
    """The 'verschil' under opgave Oek + Asiel: gemeente row sums 8.411 against the provincial 8.413."""
    cell = _cell(derived_cells(12), Row.VERSCHIL, "opgave_oek_asiel")
    assert cell.op is Op.CLOSURE
    assert column_sum(drenthe, "opgave_oek_asiel") == 8411
    assert compute(cell, drenthe) == -2


def test_task_total_of_oek_plus_asiel_is_the_provincial_task(drenthe: Puzzel) -> None:
    """One total: Totaal opgave 'Oek + Asiel' is 5.722 + 2.462 + 229 = 8.413, whatever the rows add up to."""
    cells = derived_cells(12)
    assert _cell(cells, Row.TOTAAL, "opgave_oek_asiel").op is Op.PARTS
    assert compute(_cell(cells, Row.TOTAAL, "opgave_oek_asiel"), drenthe) == 8413 == total(drenthe, "opgave_oek_asiel")


def test_national_row_of_oek_plus_asiel_is_677_as_in_the_table_of_12_july(drenthe: Puzzel) -> None:
    """Inbreng 9.090 − provincial task 8.413 = 677, as printed on 12-7-2024 (not 9.090 − 8.411 = 679)."""
    assert compute(_cell(derived_cells(12), Row.LANDELIJK, "eerste_oek_asiel"), drenthe) == 677


def test_national_tasks_are_read_from_the_national_row(drenthe: Puzzel) -> None:
    """120.000 Oek and 96.000 asiel, as typed."""
    assert national_tasks(drenthe) == {"opgave_oek": 120000, "opgave_asiel": 96000}


def test_ratio_and_difference_of_unknowns() -> None:
    """A task of 0 or an unknown value gives no percentage; an unknown gives no difference."""
    assert ratio(5, 0) is None
    assert ratio(None, 5) is None
    assert ratio(5, None) is None
    assert ratio(3, 4) == Fraction(3, 4)
    assert difference(None, 4) is None
    assert difference(3, None) is None
    assert difference(3, 4) == -1


def test_error_value_spoils_the_sum_and_what_depends_on_it() -> None:
    """A #REF! in a column makes its total, percentage and national difference unknown, as in Excel."""
    puzzel = _small({"eerste_oek": [10, "#REF!"], "opgave_oek": [5, 5]}, totaal={"opgave_oek": 10})
    cells = derived_cells(2)
    assert column_sum(puzzel, "eerste_oek") is None
    assert compute(_cell(cells, Row.TOTAAL, "eerste_oek"), puzzel) is None
    assert compute(_cell(cells, Row.VERSCHIL, "eerste_oek"), puzzel) is None
    assert compute(_cell(cells, Row.LANDELIJK, "eerste_oek"), puzzel) is None
    assert compute(_cell(cells, Row.TOTAAL, "eerste_oek_asiel"), puzzel) is None


def test_text_and_blanks_count_zero_decimals_count_exactly() -> None:
    """Like Excel's SUM: 'ntb', '-', blanks and text add 0; '2,5' adds 2,5."""
    puzzel = _small(
        {"eerste_oek": ["ntb", "2,5"], "eerste_asiel": ["-", None], "eerste_amv": ["veel", "1.000"]}
    )
    assert row_sum(puzzel, "eerste_oek_asiel", 0) == 0
    assert row_sum(puzzel, "eerste_oek_asiel", 1) == Fraction(2005, 2)


def test_zero_task_gives_no_percentage_but_a_difference() -> None:
    """With a provincial AMV task of 0 the percentage is empty and the national row shows the offer."""
    puzzel = _small({"eerste_amv": [3, 4]}, totaal={"opgave_amv": 0})
    cells = derived_cells(2)
    assert compute(_cell(cells, Row.VERSCHIL, "eerste_amv"), puzzel) is None
    assert compute(_cell(cells, Row.LANDELIJK, "eerste_amv"), puzzel) == 7


def test_expected_inbreng_is_first_offer_plus_bijstelling(drenthe: Puzzel) -> None:
    """Borger-Odoorn 247+138 = 385 Oek, 128−128 = 0 asiel, 12+38 = 50 AMV: 435, its total task."""
    bo = drenthe.index_of("Borger-Odoorn")
    parts = [expected_inbreng(drenthe, c, bo) for c in ("oek", "asiel", "amv")]
    assert parts == [385, 0, 50]
    assert sum(parts) == row_sum(drenthe, "opgave_oek_asiel", bo) == 435
    dw = drenthe.index_of("De Wolden")
    assert [expected_inbreng(drenthe, c, dw) for c in ("oek", "asiel", "amv")] == [382, 0, 50]
    assert expected_inbreng(drenthe, "asiel", drenthe.index_of("Noordenveld")) is None  # 'ntb'


def test_every_derived_cell_has_its_own_address() -> None:
    """2 row sums per gemeente plus 26 cells below the table, no two at the same place."""
    for n in (1, 10, 12, 51):
        cells = derived_cells(n)
        assert len(cells) == 2 * n + 26
        layout = PuzzelLayout(n)
        assert len({cell_address(c, layout) for c in cells}) == len(cells)


counts = st.integers(min_value=-5000, max_value=5000)
tables = st.lists(st.tuples(counts, counts, counts), min_size=1, max_size=15)


@given(tables)
def test_row_sum_total_equals_the_sum_of_the_category_totals(rows: list[tuple[int, int, int]]) -> None:
    """With provincial tasks equal to the gemeenten's sums, Totaal 'Oek + Asiel' closes (closure 0)."""
    n = len(rows)
    values = {
        "opgave_oek": [r[0] for r in rows],
        "opgave_asiel": [r[1] for r in rows],
        "opgave_amv": [r[2] for r in rows],
    }
    puzzel = _small(values, n=n, totaal={k: sum(v) for k, v in values.items()})
    assert [row_sum(puzzel, "opgave_oek_asiel", i) for i in range(n)] == [sum(r) for r in rows]
    assert column_sum(puzzel, "opgave_oek_asiel") == sum(map(sum, rows))
    closure = _cell(derived_cells(n), Row.VERSCHIL, "opgave_oek_asiel")
    assert compute(closure, puzzel) == 0


def _small(values: dict[str, list[object]], n: int = 2, totaal: dict[str, object] | None = None) -> Puzzel:
    """A puzzel of `n` gemeenten: the given columns, every other column blank."""
    columns = {c.id: values.get(c.id, [None] * n) for c in COLUMNS if c.id != "gemeenten"}
    return puzzel_from_values([f"Gemeente {i}" for i in range(n)], columns, totaal=totaal)
